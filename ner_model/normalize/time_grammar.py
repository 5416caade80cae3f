"""The TIME grammar: the text of one span -> its components, by compiled regexes.

The text is lower-cased and cleaned (dashes, quotes, ``a.m.``, brackets), then scanned left to
right: at each position fillers (spaces, commas, "the", "of", "at", "on", ...) are skipped,
then the first rule of :data:`_RULES` whose regex matches there gives the components. The
rules are ordered from the most specific (event codes, numeric dates) to the least (a bare
number, a range separator, an unknown word), so ``Jun25`` is a month code before ``Jun`` is a
month, ``BF24`` an event with its year, ``2024-11-29`` a date and not a range.

A component is ``Comp(kind, value)``; the kinds and values:

==========  ==========================  ================================================
kind        value                       written as
==========  ==========================  ================================================
DATE        (year|None, month, day)     ``2024-11-29``, ``29.11.2024``, ``Nov 29``, ``29th of Nov``
SLASH       (first, second, year|None)  ``11/29``, ``03/04/2025`` (order decided later)
DOTPAIR     (first, second)             ``11.11`` (a day.month if valid, else a clock)
MONTH       (year|None, month)          ``June``, ``Jun25``, ``Nov 2024``, ``202411``, ``11/2024``
WEEKDAY     0..6 (Monday = 0)           ``Fri``, ``Thursday``
CLOCK       (hour, minute, "a"|"p"|None)  ``7pm``, ``7:30``, ``19h30``, ``9.30am``, ``noon``
MIDNIGHT    None                        ``midnight``
TZ          zone text, upper case       ``ET``, ``UTC+2``
PART        morning|afternoon|evening|night
RELDAY      days from the reference     ``today`` 0, ``tomorrow`` 1, ``yesterday`` -1
DEIXIS      this|next|last              ``this``, ``upcoming``, ``next``, ``last``
UNIT        week|weekend|month|quarter|year
ENDOF       None                        ``end of``, ``EOM`` (with UNIT month)
WEEKOF      None                        ``week of``
QUARTER     (quarter, year|None)        ``Q3``, ``Q3 2024``, ``Q2-25``, ``3Q24``, ``2024Q3``
HALF        (half, year|None)           ``H2``, ``1H25``
FY          year                        ``FY25``, ``FY2025``
WEEK        (iso week, year|None)       ``W10``, ``wk 48``, ``2024-W48``
SEASON      (season, year|None)         ``summer``, ``Summer24``, ``SS25``, ``FW24``, ``fa26``
EVENT       (event key, year|None)      ``Black Friday``, ``BF24``, ``Xmas2025``, ``hol23``
YEAR        year                        ``2025``, ``'25``
DAY         day of the month            ``29th``, ``the 1st``
NUM         1-2 digit number            ``12`` (a day or an hour, by context)
SEP         None                        ``-``, ``to``, ``through``, ``until``
UNKNOWN     the word                    anything else
==========  ==========================  ================================================

Two-digit years are 20YY.

Season codes (``sp``/``spr``, ``su``/``sum``, ``fa``/``fal``/``au``/``aut``, ``wi``/``win``)
and event codes (``hol``, ``bts``, ``pd``, ``mday``/``md``, ``fday``) are read only with a
year after them (``fa26``, ``HOL-2023``): alone they are other words. A campaign-name label
that starts with a season, month or event and ends with a year (``FallCollection2026``,
``Summer Sale 2025``, ``black-friday-deals-2024``) is that season, month or event of the year
(:func:`_labelled`): words are told apart by a space, ``-``, ``_`` or a lower-to-upper case
change, and the words between are ignored when none of them is a time word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from ner_model.normalize.time_events import (
    EVENT_CODES,
    event_code_pattern,
    event_key,
    event_pattern,
)


class Comp(NamedTuple):
    kind: str
    value: object = None


_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_WD = (r"(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?"
       r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?(?![a-z])")
_ORD = r"(?:st|nd|rd|th)?"
# not the start of a clock time: "Black Friday 10am" is no year 2010
_NC = r"(?![\d:]|\.\d|\s?[ap]\.?m?(?![a-z])|h(?:\d|(?![a-z]))|\s?(?:noon|midnight))"
_Y = r"(?P<y>\d{4}|\d{2})"
_TZ = (r"(?P<tz>(?:utc|gmt)(?:\s?[+\-]\s?\d{1,2}(?::?\d{2})?)?|pst|pdt|pt|est|edt|et|cst|cdt|ct"
       r"|mst|mdt|mt|bst|cest|cet|eest|eet|wet|ist|jst|kst|sgt|hkt|aest|aedt|acst|awst|nzst"
       r"|nzdt|msk|wib|pht|ict|brt)(?![a-z])")

_CLEAN = [
    (re.compile("[\u2010-\u2015\u2212]"), "-"),
    (re.compile("[\u2018\u2019\u02bc`\u00b4]"), "'"),
    (re.compile(r"(?<![a-z])([ap])\.\s?m\b\.?"), r"\1m"),
    (re.compile(r"(?<=\d)t(?=\d{2}:\d{2})"), " "),          # 2024-12-02T09:00
    (re.compile(r"[_()\[\]{}!?;|\"*#]+"), " "),
]
_SKIP = re.compile(r"(?:[\s,.]+|(?:the|of|at|on|from|by|in|@)(?![a-z']))+")


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _month(m: re.Match) -> int:
    return _MONTHS[m["mon"][:3]]


def _int(m: re.Match, group: str) -> int | None:
    return int(m[group]) if m[group] is not None else None


def _month_code(m: re.Match) -> list[Comp]:
    written = m["y2"] or m["y4"] or m["y2b"] or m["y2c"]
    return [Comp("MONTH", (_year(written), _month(m)))]


def _clock(m: re.Match) -> list[Comp]:
    mer = m.groupdict().get("mer") or m.groupdict().get("mer2")
    return [Comp("CLOCK", (int(m["h"]), _int(m, "mi") or 0, mer))]


def _unit(m: re.Match) -> list[Comp]:
    word = m[0].replace(" ", "")
    return [Comp("UNIT", {"wknd": "weekend", "wk": "week"}.get(word, word))]


def _deixis(m: re.Match) -> list[Comp]:
    return [Comp("DEIXIS", m[0] if m[0] in ("next", "last") else "this")]


def _relday(m: re.Match) -> list[Comp]:
    word = m[0]
    if word.startswith("ton"):
        return [Comp("RELDAY", 0), Comp("PART", "night")]
    return [Comp("RELDAY", {"tod": 0, "yes": -1}.get(word[:3], 1))]


_SEASONS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
            "winter": "winter", "ss": "ss", "springsummer": "ss", "fw": "fw", "aw": "fw",
            "fallwinter": "fw", "autumnwinter": "fw"}


def _season(m: re.Match) -> list[Comp]:
    return [Comp("SEASON", (_SEASONS[re.sub(r"[^a-z]", "", m["s"])], _year(m["y"])))]


# season codes of campaign names, read only with a year (``fa26``, ``SP-2025``)
_SEASON_CODES = {"sp": "spring", "spr": "spring", "su": "summer", "sum": "summer",
                 "fa": "autumn", "fal": "autumn", "au": "autumn", "aut": "autumn",
                 "wi": "winter", "win": "winter"}
_SEASON_CODE = "(?P<s>" + "|".join(sorted(_SEASON_CODES, key=len, reverse=True)) + ")"


Handler = Callable[[re.Match], list[Comp]]


def _rule(pattern: str, handler: Handler) -> tuple[re.Pattern, Handler]:
    return re.compile(pattern), handler


_RULES: list[tuple[re.Pattern, Handler]] = [
    _rule(r"24\s?[/x]\s?7(?!\d)", lambda m: [Comp("UNKNOWN", m[0])]),
    _rule(event_pattern() + r"(?:[\s\-']*" + _Y + r"(?!\d)" + _NC + ")?",
          lambda m: [Comp("EVENT", (event_key(m["ev"]), _year(m["y"])))]),
    _rule(r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)",
          lambda m: [Comp("DATE", (int(m["y"]), int(m["m"]), int(m["d"])))]),
    _rule(r"(?P<y>\d{4})-?w(?P<w>\d{1,2})(?!\d)",
          lambda m: [Comp("WEEK", (int(m["w"]), int(m["y"])))]),
    _rule(r"(?P<y>\d{4})[-\s]?q(?P<q>[1-4])(?!\d)",
          lambda m: [Comp("QUARTER", (int(m["q"]), int(m["y"])))]),
    _rule(r"(?P<y>\d{4})[-\s]?h(?P<h>[12])(?![\d:])",
          lambda m: [Comp("HALF", (int(m["h"]), int(m["y"])))]),
    _rule(r"(?P<y>\d{4})[-/](?P<m>0?[1-9]|1[0-2])(?![\d\-/])",
          lambda m: [Comp("MONTH", (int(m["y"]), int(m["m"])))]),
    _rule(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\." + _Y + r"(?!\d)",
          lambda m: [Comp("DATE", (_year(m["y"]), int(m["m"]), int(m["d"])))]),
    _rule(r"(?P<a>\d{1,2})([/-])(?P<b>\d{1,2})\2(?P<y>\d{4}|\d{2}(?![\d\-]))(?!\d)",
          lambda m: [Comp("SLASH", (int(m["a"]), int(m["b"]), _year(m["y"])))]),
    _rule(r"(?P<m>0?[1-9]|1[0-2])/(?P<y>\d{4})(?!\d)",
          lambda m: [Comp("MONTH", (int(m["y"]), int(m["m"])))]),
    _rule(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])",
          lambda m: [Comp("SLASH", (int(m["a"]), int(m["b"]), None))]),
    _rule(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)",
          lambda m: [Comp("DATE", (int(m["y"]), int(m["m"]), int(m["d"])))]),
    _rule(r"(?P<y>\d{4})(?P<m>0[1-9]|1[0-2])(?!\d)",
          lambda m: [Comp("MONTH", (int(m["y"]), int(m["m"])))]),
    _rule(r"(?P<h>[12])h(?:['\-]?" + _Y + r")?(?![\d:a-z])",
          lambda m: [Comp("HALF", (int(m["h"]), _year(m["y"])))]),
    _rule(r"(?:12\s?)?midnight", lambda m: [Comp("MIDNIGHT")]),
    _rule(r"(?:12\s?)?(?:noon|midday)", lambda m: [Comp("CLOCK", (12, 0, None))]),
    _rule(r"(?P<h>\d{1,2})(?:[:.h](?P<mi>\d{2}))?(?:\s?(?P<mer>[ap])m|(?P<mer2>[ap]))(?![a-z])",
          _clock),
    _rule(r"(?P<h>\d{1,2})(?:[:h](?P<mi>\d{2})|h|\s?o'?clock)(?![\da-z])", _clock),
    _rule(r"(?P<a>\d{1,2})\.(?P<b>\d{2})\.?(?![\d])",
          lambda m: [Comp("DOTPAIR", (int(m["a"]), int(m["b"])))]),
    _rule(r"h(?P<h>[12])(?:[\s'\-/]*" + _Y + r"(?!\d)" + _NC + r")?(?![\da-z])",
          lambda m: [Comp("HALF", (int(m["h"]), _year(m["y"])))]),
    _rule(r"q(?P<q>[1-4])(?:[\s'\-/]*" + _Y + r"(?!\d)" + _NC + r")?(?![\da-z])",
          lambda m: [Comp("QUARTER", (int(m["q"]), _year(m["y"])))]),
    _rule(r"q(?P<q>[1-4])(?=fy)", lambda m: [Comp("QUARTER", (int(m["q"]), None))]),
    _rule(r"(?P<q>[1-4])q(?:['\-]?" + _Y + r")?(?![\da-z])",
          lambda m: [Comp("QUARTER", (int(m["q"]), _year(m["y"])))]),
    _rule(r"(?:fy|fiscal(?:\s?year)?)[\s'\-]?" + _Y + r"(?!\d)",
          lambda m: [Comp("FY", _year(m["y"]))]),
    _rule(r"week\s?of(?![a-z])", lambda m: [Comp("WEEKOF")]),
    _rule(r"(?:w|wk|week|cw)[\s\-#.]?(?P<w>\d{1,2})(?:[\s\-/']*(?P<y>\d{4}))?(?!\d)" + _NC,
          lambda m: [Comp("WEEK", (int(m["w"]), _int(m, "y")))]),
    _rule(r"(?P<s>spring[\s/\-&]*summer|(?:fall|autumn)[\s/\-&]*winter|ss|s/s|fw|f/w|aw|a/w"
          r"|spring|summer|autumn|fall|winter)(?![a-z])(?:[\s\-']*" + _Y + r"(?!\d)" + _NC + ")?",
          _season),
    _rule(_SEASON_CODE + r"[\s\-']*" + _Y + r"(?!\d)" + _NC,
          lambda m: [Comp("SEASON", (_SEASON_CODES[m["s"]], _year(m["y"])))]),
    _rule(event_code_pattern() + r"[\s\-']*" + _Y + r"(?!\d)" + _NC,
          lambda m: [Comp("EVENT", (EVENT_CODES[m["code"]], _year(m["y"])))]),
    _rule(_MON + r"(?:(?P<y2>\d{2})|[\s\-']*(?P<y4>\d{4})|-(?P<y2b>\d{2})|\s?'(?P<y2c>\d{2}))"
          r"(?!\d)" + _NC, _month_code),
    _rule(_MON + r"\s?(?:the\s)?(?P<d>\d{1,2})" + _ORD + r"(?![\da-z])" + _NC,
          lambda m: [Comp("DATE", (None, _month(m), int(m["d"])))]),
    _rule(r"(?P<d>\d{1,2})" + _ORD + r"(?:\s?of)?[\s\-]?" + _MON + r"(?![a-z])",
          lambda m: [Comp("DATE", (None, _month(m), int(m["d"])))]),
    _rule(_MON + r"(?![a-z])", lambda m: [Comp("MONTH", (None, _month(m)))]),
    _rule(_WD, lambda m: [Comp("WEEKDAY", ["mo", "tu", "we", "th", "fr", "sa", "su"].index(
        m["wd"][:2]))]),
    _rule(r"(?:today|tonight|tonite|tomorrow|tomorow|tmrw|tmr|yesterday)(?![a-z])", _relday),
    _rule(r"(?:this\s+coming|this|next|last|coming|upcoming)(?![a-z])", _deixis),
    _rule(r"(?:morning|afternoon|evening|night)(?![a-z])", lambda m: [Comp("PART", m[0])]),
    _rule(r"(?:eom|month[\s\-]?end|end[\s\-]?of[\s\-]?(?:the\s)?month)(?![a-z])",
          lambda m: [Comp("ENDOF"), Comp("UNIT", "month")]),
    _rule(r"end[\s\-]?of(?![a-z])", lambda m: [Comp("ENDOF")]),
    _rule(r"(?:week\s?end|wknd|week|wk|month|quarter|year)(?![a-z])", _unit),
    _rule(_TZ, lambda m: [Comp("TZ", re.sub(r"\s", "", m["tz"]).upper())]),
    _rule(r"(?P<y>\d{4})(?!\d)", lambda m: [Comp("YEAR", int(m["y"]))]),
    _rule(r"'(?P<y>\d{2})(?!\d)", lambda m: [Comp("YEAR", _year(m["y"]))]),
    _rule(r"(?P<n>\d{1,2})(?:st|nd|rd|th)(?![\da-z])", lambda m: [Comp("DAY", int(m["n"]))]),
    _rule(r"(?P<n>\d{1,2})(?![\da-z])", lambda m: [Comp("NUM", int(m["n"]))]),
    _rule(r"-|~|(?:to|through|thru|till|til|until|'til)(?![a-z])", lambda m: [Comp("SEP")]),
    _rule(r"[a-z0-9']+|.", lambda m: [Comp("UNKNOWN", m[0])]),
]


def clean(text: str) -> str:
    """Lower case, one kind of dash and quote, ``p.m.`` -> ``pm``, brackets and ``_`` as
    spaces, whitespace runs collapsed, outer punctuation stripped."""
    text = text.lower()
    for pattern, repl in _CLEAN:
        text = pattern.sub(repl, text)
    return " ".join(text.split()).strip(" .,-")


# A campaign-name label (``FallCollection2026``) is read again with its words apart: a
# lower-to-upper case change (``BFCMDeals``: before the last capital of a run), letters then
# digits, and a hyphen between words become spaces.
_WORD_EDGE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)"
                        r"|(?<=[A-Za-z\d])-(?=[A-Za-z\d])")
_HEADS = {"SEASON": 1, "EVENT": 1, "MONTH": 0}      # kind -> index of the year in its value
_DATES = {"DATE", "SLASH"}


@lru_cache(maxsize=16384)
def components(text: str) -> tuple[Comp, ...]:
    """The components of one TIME span, in text order (see the module docstring)."""
    comps = _scan(clean(text))
    # only a span with an unknown word and no date (one a leading label is dropped for) can be
    # a label: it is unresolved as scanned, so nothing that resolves without this changes
    if not any(c.kind == "UNKNOWN" for c in comps) or any(c.kind in _DATES for c in comps):
        return comps
    for attempt in (comps, _scan(clean(_WORD_EDGE.sub(" ", text)))):
        label = _labelled(attempt)
        if label is not None:
            return label
    return comps


def _labelled(comps: tuple[Comp, ...]) -> tuple[Comp, ...] | None:
    """``[season | month | event without a year, unknown word..., year]`` -> that season, month
    or event of the year (``Fall Collection 2026``); None for anything else (another time word
    among the words: ``Christmas in July 2025``, ``Black Friday Week 2024``)."""
    if len(comps) < 3 or comps[0].kind not in _HEADS or comps[-1].kind != "YEAR":
        return None
    if any(c.kind != "UNKNOWN" for c in comps[1:-1]):
        return None
    at = _HEADS[comps[0].kind]
    value = list(comps[0].value)
    if value[at] is not None:
        return None
    value[at] = comps[-1].value
    return (Comp(comps[0].kind, tuple(value)),)


def _scan(s: str) -> tuple[Comp, ...]:
    pos, out = 0, []
    while pos < len(s):
        skip = _SKIP.match(s, pos)
        if skip and skip.end() > pos:
            pos = skip.end()
            continue
        for pattern, handler in _RULES:
            m = pattern.match(s, pos)
            if m:
                out.extend(handler(m))
                pos = m.end()
                break
    return tuple(out)
