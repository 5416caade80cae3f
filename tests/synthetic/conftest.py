"""Rows shared by the generator tests (generated once per session: they take a while)."""

from __future__ import annotations

import pytest

from ner_model.synthetic import LABELS, SPLITS, generate, surface_key

N = 3000


@pytest.fixture(scope="session")
def rows() -> dict[str, list[dict]]:
    return {split: generate(N, seed=11, split=split) for split in SPLITS}


def entity_keys(rows: list[dict], labels: tuple[str, ...] = LABELS) -> set[str]:
    """Surface keys of the entities with ``labels`` in ``rows``."""
    return {
        surface_key(r["text"][e["start"] : e["end"]])
        for r in rows
        for e in r["entities"]
        if e["label"] in labels
    }
