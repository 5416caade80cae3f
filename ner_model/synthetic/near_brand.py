"""Slots that teach where a BRAND span ends and that people are not brands
(docs/annotation.md, "Hard cases"; lexicon :mod:`ner_model.synthetic.lexicons.boundaries`):

- ``{BL}``: a brand and one of its named product lines, two BRAND spans
  (``[Samsung] [Galaxy S25]``, ``[Adidas]'s [Ultraboost]``); ``{PL}`` the same line alone;
- ``{Bprog}``: a brand and a programme it runs, the programme ``O``
  (``[Sephora] Beauty Insider``);
- ``{Bdesc}``: a brand and a descriptor, ``O`` (``[Pringles] Sour Cream & Onion``,
  ``[Nike] outlet``);
- ``{P}``: a person, labelled with the internal type ``PERSON`` (never reported).

Real owners, lines, programmes and people are held out between splits by their surface
keys like the world's groups; a row whose brand owns no line gets an invented one.
"""

from __future__ import annotations

import functools
from random import Random
from typing import TYPE_CHECKING

from ner_model.synthetic.holdout import bucket, surface_key
from ner_model.synthetic.invented_brands import coined
from ner_model.synthetic.lexicons import boundaries as _lex
from ner_model.synthetic.world import world

if TYPE_CHECKING:
    from ner_model.synthetic.grammar import Seg
    from ner_model.synthetic.rows import Row

PERSON = "PERSON"
_INVENTED_LINES = 3000  # made-up product lines drawn before the split
SLOTS = ("BL", "PL", "Bprog", "Bdesc", "P")


def split_of(text: str) -> str:
    """The split a surface form belongs to: the world's, where it is one of its forms,
    else the hash of its key."""
    key = surface_key(text)
    return world().registry.key_split.get(key) or bucket(key)


@functools.cache
def _owned(table: str, split: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """``((owner forms, items), ...)`` of ``table`` usable in ``split``: the owner and
    each item in it (``all``: everything)."""
    src = _lex.OWNED_LINES if table == "lines" else _lex.PROGRAMMES
    out = []
    for key, items in src.items():
        forms = tuple(f for f in key.split("|") if split == "all" or split_of(f) == split)
        if not forms:
            continue
        mine = tuple(i for i in items if split == "all" or split_of(i) == split)
        if mine:
            out.append((forms, mine))
    return tuple(out)


@functools.cache
def _people(split: str) -> tuple[str, ...]:
    return tuple(p for p in _lex.PEOPLE if split == "all" or split_of(p) == split)


def _own_items(row: Row, table: str) -> tuple[str, tuple[str, ...]] | None:
    """``(owner text, items)``: the row's brand when it owns some, else (half the time)
    another owner of the split, else ``None``."""
    pairs = _owned(table, row.p.split)
    for forms, items in pairs:
        if forms[0] == row.brand.canonical or row.brand_text in forms:
            return row.brand_text, items
    if pairs and row.r.random() < 0.5:
        forms, items = row.r.choice(pairs)
        return row.r.choice(forms), items
    return None


def line_pair(row: Row) -> tuple[str, str]:
    """``(owner text, product line)`` of the row, drawn once and then fixed."""
    if row.line is None:
        got = _own_items(row, "lines")
        if got is not None:
            row.line = (got[0], row.r.choice(got[1]))
        else:
            row.line = (row.brand_text, invented_line(row))
    return row.line


def invented_line(row: Row) -> str:
    """A made-up product line of the row's split (``Aerova 3``, ``Nimbus X``)."""
    return row.r.choice(_invented_lines(row.p.split))


@functools.cache
def _invented_lines(split: str) -> tuple[str, ...]:
    """The split's share of a fixed set of made-up product lines."""
    r = Random(7)
    taken = world().registry.key_split
    lines = {coined(r) + r.choice(_lex.LINE_SUFFIXES) for _ in range(_INVENTED_LINES)}
    return tuple(sorted(x for x in lines if surface_key(x) not in taken
                        and (split == "all" or split_of(x) == split)))


def brand_forms(split: str) -> set[str]:
    """Every owner, product line and made-up line ``split`` may write as a BRAND."""
    out = set(_invented_lines(split))
    for table in (_lex.OWNED_LINES, _lex.PROGRAMMES):
        for key, items in table.items():
            out.update(key.split("|"))
            if table is _lex.OWNED_LINES:
                out.update(items)
    return {x for x in out if split == "all" or split_of(x) == split}


def fill(row: Row, name: str, out: list[Seg]) -> None:
    """Append the segments of slot ``name`` (one of :data:`SLOTS`)."""
    r = row.r
    if name == "BL":
        owner, line = line_pair(row)
        sep = "'s " if r.random() < 0.12 else " "
        out += [[owner, "BRAND"], [sep, None], [line, "BRAND"]]
    elif name == "PL":
        out.append([line_pair(row)[1], "BRAND"])
    elif name == "Bprog":
        got = _own_items(row, "programmes")
        if got is None or r.random() < 0.3:
            owner, prog = row.brand_text, r.choice(_lex.GENERIC_PROGRAMMES)
        else:
            owner, prog = got[0], r.choice(got[1])
        out += [[owner, "BRAND"], [" " + prog, None]]
    elif name == "Bdesc":
        pool = _lex.DESCRIPTORS.get(row.sector, [])
        desc = r.choice(pool if pool and r.random() < 0.6 else _lex.DESCRIPTORS["any"])
        out += [[row.brand_text, "BRAND"], [" " + desc, None]]
    elif name == "P":
        out.append([person(row), PERSON])
    else:
        raise KeyError(f"unknown slot {name!r}")


def person(row: Row) -> str:
    """A public figure of the split, or a first and last name."""
    r = row.r
    people = _people(row.p.split)
    if people and r.random() < 0.6:
        return r.choice(people)
    return f"{r.choice(row.p.person_names)} {r.choice(_lex.LAST_NAMES)}"
