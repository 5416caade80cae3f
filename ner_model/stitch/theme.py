"""A campaign row's *theme*: the words of its text that are not its brand, its market, its
dates or platform boilerplate ("Summer Sale", "Back to School", "Holiday").

The stitcher uses the theme only to decide between candidate stitches of the same brand,
period and market (``Puma · Summer Sale`` vs ``Puma · Flash Sale`` in the same June), so the
words are reduced to what is comparable across naming conventions:

* BRAND and LOCATION spans are cut out (the stitcher compares their normalized values);
  TIME spans are kept for their words ("Summer", "Black Friday"), not their digits;
* words are split on every non-letter and on camelCase (``SummerSale2025`` -> summer, sale),
  folded to lower case without accents, and a final plural ``s`` is dropped (deals -> deal);
* month names, words of fewer than three letters (``ss25``, ``FR``, ``x``) and the
  boilerplate of :data:`STOPWORDS` (campaign objectives, ad formats, platforms, audiences,
  calls to action, English function words) are dropped.

The result is the distinct words in text order. Everything is a pure function of the text
and its spans, so a row's theme never depends on other rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources

from rapidfuzz import fuzz

from ner_model.normalize.brand import fold

# Labels whose spans are cut out of the text before the theme is read.
CUT_LABELS = frozenset({"BRAND", "LOCATION"})
MIN_LETTERS = 3
# two words of at least five letters match when their rapidfuzz ratio reaches this
FUZZY_WORD_CUTOFF = 85.0

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_MONTHS = frozenset(
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
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


STOPWORDS: frozenset[str] = _read_stopwords()


def theme_words(text: str, cut: Iterable[tuple[int, int]] = ()) -> list[str]:
    """The theme words of ``text`` with the character spans ``cut`` (``[start, end)``,
    Python ``str`` indices) removed: distinct, in text order.

    >>> theme_words("Puma_FR_SummerSale2025_Prospecting", [(0, 4), (5, 7)])
    ['summer', 'sale']
    """
    spans = sorted(cut)
    if spans:
        parts, last = [], 0
        for a, b in spans:
            if a > last:
                parts.append(text[last:a])
            last = max(last, b)
        parts.append(text[last:])
        text = " ".join(parts)
    out: dict[str, None] = {}
    for run in _LETTER_RUN.findall(text):
        whole = _stem(fold(run))
        if whole in STOPWORDS:  # TikTok, YouTube: platform names written in camelCase
            continue
        for piece in _CAMEL.split(run) if run.isascii() else (run,):
            w = _stem(fold(piece))
            if len(w) >= MIN_LETTERS and w not in STOPWORDS and w not in _MONTHS:
                out[w] = None
    return list(out)


def theme_similarity(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...]) -> float:
    """The overlap coefficient of two themes, ``|a ∩ b| / min(|a|, |b|)`` in ``[0, 1]``,
    where two words of five letters or more also match when their ``rapidfuzz`` ratio is at
    least :data:`FUZZY_WORD_CUTOFF` (``sumer``/``summer`` do not count: too short; ``refresh``
    / ``refesh`` do). 0 when either is empty. Extra words on one side (e-mail copy around
    the theme) do not lower it; a shared word out of two distinct ones gives 0.5."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    if len(sa) > len(sb):
        sa, sb = sb, sa
    hits = 0
    for w in sa:
        if w in sb or (len(w) >= 5 and any(
                len(v) >= 5 and fuzz.ratio(w, v) >= FUZZY_WORD_CUTOFF for v in sb)):
            hits += 1
    return hits / len(sa)

