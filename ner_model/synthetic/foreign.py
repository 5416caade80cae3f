"""Rows of campaign copy in other languages (lexicon
:mod:`ner_model.synthetic.lexicons.foreign`): the same labels as English copy, with the
language's weekdays, months, dates, holidays and deictic times as TIME and its
prepositions and articles outside the span (``ab [Mittwoch]``, ``hasta el [domingo]``)."""

from __future__ import annotations

import functools
from random import Random
from typing import TYPE_CHECKING

from ner_model.synthetic.grammar import Seg, parse
from ner_model.synthetic.lexicons.foreign import LANGUAGES, Language
from ner_model.synthetic.near_brand import split_of

if TYPE_CHECKING:
    from ner_model.synthetic.rows import Row

_LANG_NAMES = tuple(LANGUAGES)
_LANG_WEIGHTS = (5, 4, 5, 3, 3, 2)  # de fr es it pt nl
_ARTICLES = ("la ", "le ", "el ", "il ", "the ")
_YEARS = (2024, 2025, 2025, 2026)


def row_segments(row: Row, language: str | None = None) -> list[Seg]:
    """One row of copy in ``language`` (a key of ``LANGUAGES``; default: drawn)."""
    r = row.r
    lang = LANGUAGES[language or r.choices(_LANG_NAMES, weights=_LANG_WEIGHTS)[0]]
    out: list[Seg] = []
    for part in parse(r.choice(lang.templates)):
        if isinstance(part, str):
            out.append([part, None])
        else:
            _slot(row, lang, part[0], out)
    return out


def _slot(row: Row, lang: Language, name: str, out: list[Seg]) -> None:
    r = row.r
    if name == "B":
        out.append([row.brand_text, "BRAND"])
    elif name == "L":
        out.append([row.loc("city").pick_form(r, 0.3), "LOCATION"])
    elif name == "C":
        own = _countries(lang, row.p.split)
        text = r.choice(own) if own and r.random() < 0.6 else row.loc("country").pick_form(r, 0.2)
        out.append([text, "LOCATION"])
    elif name in ("until", "since", "on"):
        prep = r.choice(getattr(lang, name))
        out.append([prep + " ", None])
        _labelled(_point(r, lang, prep, _holidays(lang, row.p.split)), out)
    elif name == "rel":
        _labelled(r.choice(lang.rel), out)
    elif name == "hol":
        hols = _holidays(lang, row.p.split)
        if hols:
            _labelled(r.choice(hols), out)
        else:
            out.append([r.choice(lang.seasons), "TIME"])
    elif name == "season":
        out.append([r.choice(lang.seasons), "TIME"])
    else:
        out.append([row.filler(name), None])


@functools.cache
def _countries(lang: Language, split: str) -> tuple[str, ...]:
    """The language's own country names that belong to ``split`` (held out like places)."""
    return tuple(c for c in lang.countries if split == "all" or split_of(c) == split)


@functools.cache
def _holidays(lang: Language, split: str) -> tuple[str, ...]:
    """The language's holidays that belong to ``split``: held out like English ones, while
    weekdays, months, seasons and deictic words are a closed class every split shares."""
    return tuple(h for h in lang.holidays if split == "all" or split_of(h) == split)


def _point(r: Random, lang: Language, prep: str, hols: tuple[str, ...]) -> str:
    """A weekday, date or holiday to follow ``prep``; after an article ("el", "am") or a
    preposition that contracts one ("al", "du"), not a holiday with its own article."""
    kind = r.choices(("day", "date", "hol"), weights=(4, 5, 2))[0]
    if kind == "day":
        return r.choice(lang.days)
    if kind == "hol" and hols:
        hol = r.choice(hols)
        if not hol.startswith(_ARTICLES) or prep.endswith(("à", "até", "fino a", "hasta", "tot")):
            return hol
    m = r.randrange(12)
    d = r.randint(1, 28)
    return r.choice(lang.date_formats).format(
        d=d, d1="1er" if d == 1 else d, m=m + 1, month=lang.months[m], y=r.choice(_YEARS)
    )


def _labelled(text: str, out: list[Seg]) -> None:
    """``text`` as TIME, a leading article (``la Fête des Mères``) outside the span."""
    for art in _ARTICLES:
        if text.startswith(art):
            out.append([art, None])
            text = text[len(art):]
            break
    out.append([text, "TIME"])
