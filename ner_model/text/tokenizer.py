"""Campaign-aware tokenizer that keeps character offsets.

Every token satisfies ``text[token.start:token.end] == token.text``. The tokenizer
splits structured campaign names on their delimiters (``_`` is a separator, ``|`` and
``/`` are tokens, a free-standing `` - `` is a token), on camelCase and on
letter/digit boundaries, while keeping units a tagger needs whole: clock times
(``7:30``, ``19:00``), ISO and slash dates (``2024-11-29``, ``11/29/2024``), money
(``$50``), percentages (``50%``), URLs, e-mail addresses and ordinals (``24th``).
Hyphenated words (``Coca-Cola``) become ``Coca``, ``-``, ``Cola``; the span covering
them is recovered from the offsets.

It is a single compiled regular expression scanned with ``finditer``: one C-level pass
per text, which is what a nightly job over millions of rows needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple


class Token(NamedTuple):
    """One token: its surface text and ``[start, end)`` character offsets."""

    text: str
    start: int
    end: int


# Letters: any Unicode word character that is not a digit or underscore, plus
# combining marks (so "é" written as e + U+0301 stays one token).
_L = r"[^\W\d_]"
_MARK = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def _letter_classes() -> tuple[str, str, str]:
    """Regex character classes of the Basic Multilingual Plane letters by case:
    ``(upper, lower, caseless)``, each written as code-point ranges. Upper is Unicode
    category Lu/Lt, lower Ll, caseless every other character :data:`_L` matches."""
    letter = re.compile(_L)
    ranges: dict[str, list[list[int]]] = {"upper": [], "lower": [], "caseless": []}
    for cp in range(0x10000):
        c = chr(cp)
        if not letter.match(c):
            continue
        cat = unicodedata.category(c)
        kind = "upper" if cat in ("Lu", "Lt") else "lower" if cat == "Ll" else "caseless"
        rs = ranges[kind]
        if rs and rs[-1][1] == cp - 1:
            rs[-1][1] = cp
        else:
            rs.append([cp, cp])
    return tuple(  # type: ignore[return-value]
        "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in rs) + "]"
        for rs in ranges.values()
    )


# Case comes from the Unicode categories, not from a Latin-1 table, so camelCase and
# all-caps runs split the same way in every cased script: "Gdańsk", "Cần Thơ",
# "İZMIR", "Łódź" and "Москва" stay whole words. Letters with no case (CJK, Arabic,
# Devanagari ..., and any letter outside the BMP) are kept as runs. Precomputed
# classes, because a lookahead such as "a letter that is not upper or lower" would slow
# down every match.
_UP, _LOWER, _CASELESS = _letter_classes()
_LOW = rf"(?:{_LOWER}|{_MARK})"
_OTHER = rf"(?:{_CASELESS}|(?=[\U00010000-\U0010ffff]){_L}|{_MARK})"

_PATTERNS = [
    # URLs and e-mail addresses stay whole: they are never entities, splitting them
    # only produces noise tokens.
    r"(?:https?://|www\.)[^\s<>\"]+",
    r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    # Dates: 2024-11-29, 29.11.2024, 11/29/2024, 11/29/24.
    r"\d{4}-\d{1,2}-\d{1,2}(?!\d)",
    r"\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?!\d)",
    # Clock times 7:30, 19:00, 7:30:15 (am/pm become their own token).
    r"\d{1,2}:\d{2}(?::\d{2})?(?!\d)",
    # Money and percentages: $50, $1,299.99, €5, 50%, 12.5%.
    r"[$€£¥₹]\d+(?:[.,]\d+)*",
    r"\d+(?:[.,]\d+)*%",
    # Ordinals 1st, 24th (not "24thing").
    r"\d+(?:st|nd|rd|th|ST|ND|RD|TH)(?![A-Za-z])",
    # Plain numbers, with decimal/thousand separators: 2024, 7.30, 1,000.
    r"\d+(?:[.,]\d+)*",
    # Contraction / possessive suffix: 's 're 't 'll, with either apostrophe.
    r"['’](?:s|re|ve|ll|d|m|t|S|RE|VE|LL|D|M|T)(?![A-Za-z])",
    # Words, split on camelCase: "BlackFriday" -> Black Friday, "HTMLParser" -> HTML
    # Parser, "iPhone" -> i Phone; all-caps runs stay whole ("NYC").
    rf"{_UP}+(?={_UP}{_LOW})",
    rf"{_UP}?{_LOW}+",
    rf"{_UP}+",
    rf"{_OTHER}+",
    # Any other visible character is a token of its own (punctuation, emoji, |, /).
    # Whitespace, "_", control characters and zero-width/format characters separate.
    r"[^\s_\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]",
]
_TOKEN_RE = re.compile("|".join(_PATTERNS))

# Prefix that marks a token written with no separator before it (``Vee`` in ``Hy-Vee``,
# ``Spot`` in ``HubSpot``, ``2024`` in ``BlackFriday2024``; not ``US`` in ``Nike_US``).
# U+2063 (invisible separator) is a format character, never part of a token.
GLUE = "\u2063"
# Prefix that marks a token written after an underscore (``US`` in ``Nike_US``): the field
# separator of campaign names, which the tokenizer drops, so without the mark ``Nike_US``
# would read exactly like ``Nike US``. U+2064 (invisible plus) is a format character too.
UNDERSCORE = "\u2064"


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with character offsets.

    Args:
        text: any Unicode string (may be empty).

    Returns:
        Tokens in text order; non-overlapping, non-empty, ``text[t.start:t.end] == t.text``.
    """
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def token_spans(text: str) -> list[tuple[int, int]]:
    """Like :func:`tokenize` but only ``(start, end)`` pairs, the cheapest form."""
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def token_strings(text: str) -> list[str]:
    """Like :func:`tokenize` but only the token strings."""
    return _TOKEN_RE.findall(text)


def joins(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """How each token is joined to the previous one: 1 glued (it starts exactly where the
    previous token ended), 2 separated by an underscore (and no whitespace), 0 otherwise."""
    out = []
    prev = None
    for s, e in spans:
        if prev is None:
            out.append(0)
        elif prev == s:
            out.append(1)
        else:
            gap = text[prev:s]
            out.append(2 if "_" in gap and not any(c.isspace() for c in gap) else 0)
        prev = e
    return out


def mark_glued(tokens: Sequence[str], glue: Sequence[int]) -> list[str]:
    """``tokens`` with :data:`GLUE` prefixed to each one whose ``glue`` flag is 1 (or
    True) and :data:`UNDERSCORE` to each one whose flag is 2 (see :func:`joins`): the form
    a tagger trained with these features reads."""
    return [UNDERSCORE + t if g == 2 else (GLUE + t if g else t)
            for t, g in zip(tokens, glue, strict=True)]


def marked_tokens(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Token strings of ``spans`` in ``text``, marked by :func:`mark_glued` after :func:`joins`."""
    return mark_glued([text[s:e] for s, e in spans], joins(text, spans))
