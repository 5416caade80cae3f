"""Conversions between character spans, token spans and IOB2 tags.

A character entity is ``(start, end, label)`` with ``text[start:end]`` the entity text.
A token entity is ``(label, first_token, last_token_exclusive)``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import NamedTuple


class CharEntity(NamedTuple):
    """An entity by character offsets: ``text[start:end]``."""

    start: int
    end: int
    label: str


def iob2_entities(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Entities ``(label, start, end)`` (token indices, end exclusive) in IOB2 ``tags``.

    Decoding follows conlleval: an ``I-X`` that does not continue an ``X`` entity starts
    a new one, so no token labelled as an entity is ever dropped.
    """
    out: list[tuple[str, int, int]] = []
    label: str | None = None
    start = 0
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if tag == "O" or prefix not in ("B", "I"):
            if label is not None:
                out.append((label, start, i))
            label = None
            continue
        if prefix == "B" or label != typ:
            if label is not None:
                out.append((label, start, i))
            label, start = typ, i
    if label is not None:
        out.append((label, start, len(tags)))
    return out


def repair_iob2(tags: Sequence[str]) -> tuple[list[str], int]:
    """Make ``tags`` valid IOB2 the conlleval way (a stray ``I-X`` becomes ``B-X``).

    Returns:
        The repaired tags and how many were changed.
    """
    fixed = ["O"] * len(tags)
    for label, s, e in iob2_entities(tags):
        fixed[s] = f"B-{label}"
        for i in range(s + 1, e):
            fixed[i] = f"I-{label}"
    changed = sum(a != b for a, b in zip(tags, fixed, strict=True))
    return fixed, changed


def char_entities_to_tags(
    spans: Sequence[tuple[int, int]], entities: Sequence[CharEntity]
) -> tuple[list[str], list[CharEntity]]:
    """IOB2 tags for tokens at ``spans`` given character entities.

    A token belongs to an entity when it lies inside it. Entities that cover no token
    (whitespace only) are returned as ``dropped`` rather than silently lost.

    Returns:
        ``(tags, dropped)``.
    """
    tags = ["O"] * len(spans)
    dropped: list[CharEntity] = []
    starts = [s for s, _ in spans]
    for ent in sorted(entities):
        i = bisect.bisect_left(starts, ent.start)
        # A token that starts before the entity but overlaps it (entity boundary inside a
        # token) is included: the entity snaps outwards to token boundaries.
        if i > 0 and spans[i - 1][1] > ent.start:
            i -= 1
        first = True
        j = i
        while j < len(spans) and spans[j][0] < ent.end:
            tags[j] = f"{'B' if first else 'I'}-{ent.label}"
            first = False
            j += 1
        if first:
            dropped.append(ent)
    return tags, dropped


def tags_to_char_entities(
    spans: Sequence[tuple[int, int]], tags: Sequence[str]
) -> list[CharEntity]:
    """Character entities from token ``spans`` and their IOB2 ``tags``."""
    return [CharEntity(spans[s][0], spans[e - 1][1], label) for label, s, e in iob2_entities(tags)]


def join_tokens(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild a text from pre-tokenized words, joined by single spaces.

    Returns:
        ``(text, spans)`` with ``text[s:e] == tokens[i]``.
    """
    spans = []
    pos = 0
    for tok in tokens:
        spans.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return " ".join(tokens), spans
