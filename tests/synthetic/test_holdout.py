"""Tests for ner_model.synthetic.holdout: the pools of train, dev and test are disjoint,
and generated rows use only their own split's forms."""

from __future__ import annotations

from ner_model.synthetic import LABELS, SHARED, SPLITS, holdout_pools, surface_key
from tests.synthetic.conftest import entity_keys


def test_pools_are_pairwise_disjoint() -> None:
    pools = {s: holdout_pools(s) for s in SPLITS}
    for label in LABELS:
        keys = {s: {surface_key(f) for f in pools[s][label]} for s in SPLITS}
        assert all(keys[s] for s in SPLITS), label
        assert not keys["train"] & keys["test"], label
        assert not keys["train"] & keys["dev"], label
        assert not keys["dev"] & keys["test"], label
    # Across labels too: a surface form belongs to one split only.
    every = {s: {surface_key(f) for lab in LABELS for f in pools[s][lab]} for s in SPLITS}
    assert not every["train"] & every["test"]
    assert not every["train"] & every["dev"]
    assert not every["dev"] & every["test"]
    assert len(pools["train"]["BRAND"]) > 5 * len(pools["test"]["BRAND"]) > 0
    assert any(f.startswith("pattern:") for f in pools["test"]["TIME"])
    # The closed class of TIME words is shared, never part of a split's pool.
    shared = holdout_pools(SHARED)
    assert not shared["BRAND"] and not shared["LOCATION"]
    assert {"Fall", "noon", "tonight", "next week"} <= set(shared["TIME"])
    shared_keys = {surface_key(f) for f in shared["TIME"]}
    assert not any(shared_keys & every[s] for s in SPLITS)
    all_pools = holdout_pools("all")
    for label in LABELS:
        union = set(shared[label]).union(*(pools[s][label] for s in SPLITS))
        assert set(all_pools[label]) == union


def test_generated_entities_respect_the_holdout(rows: dict[str, list[dict]]) -> None:
    bl = ("BRAND", "LOCATION")
    train, dev, test = (entity_keys(rows[s], bl) for s in SPLITS)
    assert len(test) > 300 and len(dev) > 300
    assert not test & train
    assert not dev & train
    assert not dev & test
    # Time expressions that are lexical items (holidays, "tonight") are held out too.
    lexical = {
        s: {surface_key(f) for f in holdout_pools(s)["TIME"] if not f.startswith("pattern:")}
        for s in SPLITS
    }
    test_time = entity_keys(rows["test"], ("TIME",))
    assert not test_time & (lexical["train"] - lexical["test"])
    # Nearly every brand/place entity is a pool form of its split (the rest are typos).
    for split in SPLITS:
        pool = {surface_key(f) for lab in bl for f in holdout_pools(split)[lab]}
        ents = [
            surface_key(r["text"][e["start"] : e["end"]])
            for r in rows[split]
            for e in r["entities"]
            if e["label"] in bl
        ]
        assert sum(k in pool for k in ents) / len(ents) > 0.97, split
