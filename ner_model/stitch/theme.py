"""A campaign row's *theme*: the words of its text that are not its brand, its market, its
dates or platform boilerplate ("Summer Sale", "Back to School", "Holiday").

The stitcher uses the theme only to decide between candidate stitches of the same brand,
period and market (``Puma · Summer Sale`` vs ``Puma · Flash Sale`` in the same June), so the
words are reduced to what is comparable across naming conventions:

* BRAND and LOCATION spans are cut out (the stitcher compares their normalized values);
* words are split on every non-letter and on camelCase (``FlashSale2025`` -> flash, sale),
  folded to lower case without accents, and a final plural ``s`` is dropped (deals -> deal);
* words of dates and seasons (:data:`TIME_WORDS`: the period says them), words of fewer
  than three letters (``ss25``, ``FR``, ``x``) and the boilerplate of :data:`STOPWORDS`
  (campaign objectives, ad formats, platforms, audiences, calls to action, English function
  words) are dropped;
* a shopping event is one token (``Black Friday`` -> ``blackfriday``; inside a TIME span
  its code too: ``bf25``).

The result is the distinct words in text order. Everything is a pure function of the text
and its spans, so a row's theme never depends on other rows.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from importlib import resources

from rapidfuzz import fuzz

from ner_model.normalize.brand import fold

# Labels whose spans are cut out of the text before the theme is read, and labels whose
# spans are read only for the shopping events they name (the ``times`` of theme_words).
CUT_LABELS = frozenset({"BRAND", "LOCATION"})
TIME_LABELS = frozenset({"TIME"})
MIN_LETTERS = 3
# two words of at least FUZZY_MIN_LETTERS match when their rapidfuzz ratio reaches the cutoff
FUZZY_MIN_LETTERS = 5
FUZZY_WORD_CUTOFF = 85.0

# letters, with the combining marks of decomposed accents (e + U+0301) kept in the word
_LETTER_RUN = re.compile(
    r"(?:[^\W\d_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Words of dates, seasons and months: the period says them, and better.
TIME_WORDS = frozenset(
    "spring summer fall autumn winter monday tuesday wednesday thursday friday saturday "
    "sunday mon tue tues wed thu thur thurs fri sat sun today tonight tomorrow yesterday "
    "weekend week weekly day daily month monthly year yearly annual season seasonal quarter "
    "morning afternoon evening night midnight noon hour minute until till through eve "
    "ss aw fw sp su fa wi "
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december".split()
)


def _read_stopwords() -> frozenset[str]:
    text = resources.files("ner_model.stitch").joinpath("data/theme_stopwords.txt").read_text(
        encoding="utf-8")
    words = (w for line in text.splitlines() for w in line.split("#", 1)[0].split())
    return frozenset(_stem(fold(w)) for w in words)


def _stem(word: str) -> str:
    """``deals`` -> ``deal``; ``access``, ``bus`` and short words stay."""
    if not word.isalpha():  # a letter that folds to digits or spaces (², ½): letters only
        word = "".join(c for c in word if c.isalpha())
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


STOPWORDS: frozenset[str] = _read_stopwords()
# Shopping events -> one token each. Names safe anywhere in a text:
EVENTS: dict[str, str] = {
    **dict.fromkeys(("christmas", "christma", "xmas", "xma"), "christmas"),
    "holiday": "holiday",
    **dict.fromkeys(("blackfriday", "bfcm"), "blackfriday"),
    "cybermonday": "cybermonday",
    "primeday": "primeday",
    "singlesday": "singlesday",
    **dict.fromkeys(("valentine", "vday", "valentinesday"), "valentinesday"),
    "mothersday": "mothersday",
    "fathersday": "fathersday",
    "backtoschool": "backtoschool",
    "easter": "easter",
    "halloween": "halloween",
    "thanksgiving": "thanksgiving",
    "ramadan": "ramadan",
    "diwali": "diwali",
    "nye": "newyear",
}
# ... codes that name an event only inside a TIME span (``bf25``, ``hol23``, ``mday25``):
EVENT_CODES: dict[str, str] = {
    "hol": "holiday", "bf": "blackfriday", "cm": "cybermonday", "pd": "primeday",
    "mday": "mothersday", "fday": "fathersday", "bts": "backtoschool", "eid": "ramadan",
    "cny": "lunarnewyear", "nyd": "newyear", "hween": "halloween",
}
# ... and word sequences that name one (after folding and dropping a plural s):
EVENT_PHRASES: dict[tuple[str, ...], str] = {
    ("black", "friday"): "blackfriday", ("cyber", "monday"): "cybermonday",
    ("cyber", "week"): "cybermonday", ("prime", "day"): "primeday",
    ("single", "day"): "singlesday", ("singles", "day"): "singlesday",
    ("valentine", "day"): "valentinesday", ("mother", "day"): "mothersday",
    ("father", "day"): "fathersday", ("back", "to", "school"): "backtoschool",
    ("new", "year"): "newyear", ("lunar", "new", "year"): "lunarnewyear",
    ("chinese", "new", "year"): "lunarnewyear",
}
_PHRASE_LEN = max(len(k) for k in EVENT_PHRASES)
_PHRASE_FIRST = frozenset(k[0] for k in EVENT_PHRASES)


def theme_words(text: str, cut: Iterable[tuple[int, int]] = (),
                times: Iterable[tuple[int, int]] = ()) -> list[str]:
    """The theme words of ``text`` with the character spans ``cut`` (``[start, end)``,
    Python ``str`` indices) removed: distinct, in text order.

    Seasons, months, weekdays and other words of dates (:data:`TIME_WORDS`) are dropped:
    the period says them, and is compared on its own. Shopping events are kept as one
    token per event (:data:`EVENTS`: ``Black Friday`` -> ``blackfriday``; inside the TIME
    spans ``times`` also their codes, ``bf25`` -> ``blackfriday``, ``xmas26`` ->
    ``christmas``): two campaigns of one brand in one week differ by them.

    >>> theme_words("Puma_FR_SummerSale2025_Prospecting", [(0, 4), (5, 7)])
    ['sale']
    >>> theme_words("puma-fr-bf25-rtg", [(0, 4), (5, 7)], [(8, 12)])
    ['blackfriday']
    """
    words: list[tuple[str, bool]] = []  # (folded word, inside a TIME span), in text order
    for a, b, in_time in _pieces(len(text), cut, times):
        for run in _LETTER_RUN.findall(text, a, b):
            # (one-letter words, as the s of Mother's, never end a phrase early)
            words += [(w, in_time) for w in _run_words(run, in_time) if len(w) > 1]
    out: dict[str, None] = {}
    i, n_words = 0, len(words)
    while i < n_words:
        w, in_time = words[i]
        if w in _PHRASE_FIRST:
            event = None
            for n in range(min(_PHRASE_LEN, n_words - i), 1, -1):
                event = EVENT_PHRASES.get(tuple(x for x, _ in words[i:i + n]))
                if event:
                    break
            if event:
                out[event] = None
                i += n
                continue
        i += 1
        if w in EVENTS or (in_time and w in EVENT_CODES):
            out[EVENTS.get(w) or EVENT_CODES[w]] = None
        elif _theme_ok(w):
            out[w] = None
    return list(out)


@functools.lru_cache(maxsize=1 << 16)
def _run_words(run: str, in_time: bool) -> tuple[str, ...]:
    """The folded words of one letter run: itself when it is an event, a code or boilerplate
    written in camelCase (TikTok), else its camelCase pieces."""
    whole = _stem(fold(run))
    if whole in EVENTS or whole in STOPWORDS or (in_time and whole in EVENT_CODES):
        return (whole,)
    pieces = _CAMEL.split(run) if run.isascii() else (run,)
    return tuple(_stem(fold(p)) for p in pieces)


@functools.lru_cache(maxsize=1 << 16)
def _theme_ok(w: str) -> bool:
    """Whether a folded word that names no event is a theme word."""
    return len(w) >= MIN_LETTERS and w not in STOPWORDS and w not in TIME_WORDS


def _pieces(n: int, cut: Iterable[tuple[int, int]], times: Iterable[tuple[int, int]],
            ) -> list[tuple[int, int, bool]]:
    """``[a, b)`` stretches of a text of length ``n`` outside ``cut``, each split at the
    bounds of ``times`` and marked True when inside one."""
    cut, times = list(cut), list(times)
    if not cut and not times:
        return [(0, n, False)]
    bounds = sorted({0, n, *(x for s in cut for x in s), *(x for s in times for x in s)})
    out = []
    for a, b in itertools.pairwise(bounds):
        if a >= b or any(s <= a and b <= e for s, e in cut):
            continue
        out.append((a, b, any(s <= a and b <= e for s, e in times)))
    return out


def theme_similarity(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...]) -> float:
    """The overlap coefficient of two themes, ``|a ∩ b| / min(|a|, |b|)`` in ``[0, 1]``,
    where two words of :data:`FUZZY_MIN_LETTERS` or more also match when their
    ``rapidfuzz`` ratio is at least :data:`FUZZY_WORD_CUTOFF` (``refresh`` / ``refesh``
    and ``sumer`` / ``summer`` match; ``sale`` / ``sole`` do not: too short). Symmetric;
    0 when either is empty. Extra words on one side (e-mail copy around the theme) do not
    lower it; one shared word out of two distinct ones on the shorter side gives 0.5."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    same = sa & sb
    ra = sorted(w for w in sa - same if len(w) >= FUZZY_MIN_LETTERS)
    rb = sorted(w for w in sb - same if len(w) >= FUZZY_MIN_LETTERS)
    # the rest matched one to one, closest pairs first
    pairs = sorted(((fuzz.ratio(x, y), x, y) for x in ra for y in rb), reverse=True)
    used_a: set[str] = set()
    used_b: set[str] = set()
    for score, x, y in pairs:
        if score < FUZZY_WORD_CUTOFF:
            break
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
    return (len(same) + len(used_a)) / min(len(sa), len(sb))
