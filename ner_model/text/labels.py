"""Entity types a tagger may learn but never reports.

A model can be trained on an *internal* type, such as the people that WNUT-17 labels
``person``, mapped to ``PERSON``: a negative class that teaches it that "Serena Williams"
in "train with Serena Williams" is not a brand. Internal types take part in decoding (a
person's tokens are decoded as ``PERSON``, not as ``BRAND``), but they are never written to
the output tables, never returned by ``annotate``/``predict`` and never scored: wherever
tags leave the model they read ``O``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

INTERNAL_TYPES = frozenset({"PERSON"})


def is_internal(tag_or_type: str) -> bool:
    """Whether a tag (``B-PERSON``) or type (``PERSON``) is internal."""
    t = tag_or_type[2:] if tag_or_type[:2] in ("B-", "I-") else tag_or_type
    return t in INTERNAL_TYPES


def public_types(types: Iterable[str]) -> list[str]:
    """``types`` without the internal ones, order kept."""
    return [t for t in types if t not in INTERNAL_TYPES]


def public_tags(tags: Sequence[str]) -> list[str]:
    """IOB2 tags with every internal type's tags replaced by ``O`` (still valid IOB2: a
    whole entity is removed, never part of one)."""
    return ["O" if t != "O" and is_internal(t) else t for t in tags]
