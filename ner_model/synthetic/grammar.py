"""The phrase grammar of :mod:`ner_model.synthetic.lexicons.templates`: parsing, the
alternatives each split may use, and expansion of a rule into text segments."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ner_model.synthetic.holdout import template_split
from ner_model.synthetic.lexicons import naming as _naming
from ner_model.synthetic.lexicons import templates as _tpl

if TYPE_CHECKING:
    from ner_model.synthetic.rows import Row

Seg = list  # [text, label | None]: one literal or entity piece of a row
# ``{S:base}`` falls back to this rule when the sector has no ``base_<sector>`` rule.
SECTOR_FALLBACK = {"email": "email_subject"}

_REF = re.compile(r"\{([^{}]+)\}")


def parse(alt: str) -> tuple:
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


def literal_words() -> set[str]:
    """Lower-cased words of every literal in the grammar and the non-entity pools: a
    place or invented brand that is one of these words would be ambiguous noise."""
    texts: list[str] = []
    for alts in _tpl.RULES.values():
        for alt in alts:
            texts.extend(p for p in parse(alt) if isinstance(p, str))
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


def split_rules(split: str) -> dict[str, list[tuple]]:
    """Parsed grammar for a split: alternatives hashed to another split are removed."""
    out: dict[str, list[tuple]] = {}
    for name, alts in _tpl.RULES.items():
        kept = alts
        if split != "all" and len(alts) >= 8:
            kept = [a for a in alts if template_split(a) in (None, split)] or alts
        out[name] = [parse(a) for a in kept]
    return out


def expand(row: Row, name: str, out: list[Seg]) -> None:
    """Append the expansion of rule ``name`` for ``row`` to ``out`` (slots via
    :meth:`Row.slot`)."""
    rules = row.p.rules
    if name.startswith("S:"):
        name = _sector_rule(row, name[2:])
    alt = _pick_alternative(row, name)
    for part in alt:
        if isinstance(part, str):
            out.append([part, None])
        else:
            ref, optional = part
            if optional and row.r.random() < 0.5:
                continue
            if ref in rules or ref.startswith("S:"):
                expand(row, ref, out)
            else:
                row.slot(ref, out)


def _sector_rule(row: Row, base: str) -> str:
    """``base_<sector>`` (mostly, where it exists), else ``base`` or its fallback."""
    rules = row.p.rules
    sector_rule = f"{base}_{row.sector}"
    fallback = SECTOR_FALLBACK.get(base, base)
    use_sector = sector_rule in rules and (row.r.random() < 0.75 or fallback not in rules)
    return sector_rule if use_sector else fallback


def _pick_alternative(row: Row, name: str) -> tuple:
    """One alternative of rule ``name``, avoiding a sentence or phrase the row used."""
    alts = row.p.rules[name]
    alt = row.r.choice(alts)
    if len(alts) > 3:
        for _ in range(3):
            if (name, alt) not in row.used:
                break
            alt = row.r.choice(alts)
        row.used.add((name, alt))
    return alt
