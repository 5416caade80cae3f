"""The stitching benchmark generator: determinism, concept shape, negatives, hold-out."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest

from ner_model.synthetic import SPLITS, surface_key
from ner_model.synthetic.stitching import (
    NEGATIVE_KINDS,
    SOURCES,
    generate_stitching,
    markets_compatible,
    stitching_concepts,
)

N = 120


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return generate_stitching(N, seed=3)


@pytest.fixture(scope="module")
def concepts() -> dict:
    return {c.cluster: c for c in stitching_concepts(N, seed=3)}


def test_deterministic(rows: list[dict]) -> None:
    assert generate_stitching(N, seed=3) == rows
    assert generate_stitching(N, seed=4) != rows


def test_row_fields(rows: list[dict], concepts: dict) -> None:
    assert len({r["campaign_id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"campaign_id", "dt", "source", "text", "cluster"}
        assert r["source"] in SOURCES
        p = concepts[r["cluster"]].period
        dt = datetime.date.fromisoformat(r["dt"])
        assert p.start - datetime.timedelta(days=14) <= dt <= p.end


def test_each_concept_has_2_to_4_distinct_sources(rows: list[dict], concepts: dict) -> None:
    by_cluster = defaultdict(list)
    for r in rows:
        by_cluster[r["cluster"]].append(r["source"])
    assert set(by_cluster) == set(concepts)
    assert len(concepts) == N
    for sources in by_cluster.values():
        assert 2 <= len(sources) <= 4
        assert len(set(sources)) == len(sources)


def test_hard_negatives(concepts: dict) -> None:
    kinds = defaultdict(int)
    for c in concepts.values():
        kinds[c.kind] += 1
        if c.anchor is None:
            continue
        a = concepts[c.anchor]
        if c.kind == "other_year":
            assert c.brand is a.brand and c.market == a.market
            assert c.period.name == a.period.name and c.period.year != a.period.year
        elif c.kind == "other_market":
            assert c.brand is a.brand and c.period == a.period
            assert not markets_compatible(c.market, a.market)
        else:
            assert c.brand is not a.brand
            assert c.market == a.market and c.period == a.period
    assert all(kinds[k] >= 5 for k in NEGATIVE_KINDS), kinds


def test_concepts_are_distinguishable(concepts: dict) -> None:
    keys = [(c.brand.canonical, c.theme, c.period, c.market) for c in concepts.values()]
    assert len(set(keys)) == len(keys)


def test_texts_contain_the_brand(rows: list[dict], concepts: dict) -> None:
    for r in rows:
        b = concepts[r["cluster"]].brand
        text = surface_key(r["text"])
        assert any(surface_key(f) in text for f in (*b.forms, *b.codes)), r


def test_brands_held_out_between_splits() -> None:
    brands = {
        s: {surface_key(c.brand.canonical) for c in stitching_concepts(200, seed=0, split=s)}
        for s in SPLITS
    }
    for a in SPLITS:
        for b in SPLITS:
            if a < b:
                assert not brands[a] & brands[b], (a, b)


def test_market_compatibility() -> None:
    assert markets_compatible("DE", "DACH") and markets_compatible("DACH", "AT")
    assert markets_compatible("FR", "FR")
    assert not markets_compatible("FR", "DACH") and not markets_compatible("US", "UK")
