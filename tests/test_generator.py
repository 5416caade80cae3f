"""Tests for ner_model.synthetic.generator: determinism, hold-out disjointness, span/tag invariants,
label and kind coverage, and hygiene of the phrase grammar."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from ner_model.synthetic import generator
from ner_model.synthetic.generator import (
    KINDS,
    LABELS,
    SHARED,
    SPLITS,
    generate,
    generate_unlabeled,
    holdout_pools,
    surface_key,
)
from ner_model.synthetic.lexicons import templates
from ner_model.text.spans import CharEntity, char_entities_to_tags
from ner_model.text.tokenizer import token_spans

N = 3000


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict]]:
    return {split: generate(N, seed=11, split=split) for split in SPLITS}


def _entity_keys(rows: list[dict], labels: tuple[str, ...] = LABELS) -> set[str]:
    return {
        surface_key(r["text"][e["start"] : e["end"]])
        for r in rows
        for e in r["entities"]
        if e["label"] in labels
    }


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    a = generate(300, seed=5, split="train")
    assert a == generate(300, seed=5, split="train")
    assert generate(120, seed=5, split="train") == a[:120]
    b = generate(300, seed=6, split="train")
    assert sum(x["text"] != y["text"] for x, y in zip(a, b, strict=True)) > 250
    c = generate(300, seed=5, split="test")
    assert [r["text"] for r in a] != [r["text"] for r in c]


def test_row_schema_and_small_n() -> None:
    assert generate(0) == []
    (row,) = generate(1, seed=1)
    assert set(row) == {"text", "entities", "tokens", "tags", "kind"}
    with pytest.raises(ValueError):
        generate(-1)
    with pytest.raises(ValueError):
        generate(3, split="validation")
    with pytest.raises(ValueError):
        holdout_pools("bogus")
    texts = generate_unlabeled(25, seed=2)
    assert len(texts) == 25 and all(isinstance(t, str) and t for t in texts)
    assert texts == [r["text"] for r in generate(25, seed=2, split="train")]


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
    train, dev, test = (_entity_keys(rows[s], bl) for s in SPLITS)
    assert len(test) > 300 and len(dev) > 300
    assert not test & train
    assert not dev & train
    assert not dev & test
    # Time expressions that are lexical items (holidays, "tonight") are held out too.
    lexical = {
        s: {surface_key(f) for f in holdout_pools(s)["TIME"] if not f.startswith("pattern:")}
        for s in SPLITS
    }
    test_time = _entity_keys(rows["test"], ("TIME",))
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


def test_spans_align_with_tokens_and_tags_are_consistent(rows: dict[str, list[dict]]) -> None:
    for split_rows in rows.values():
        for r in split_rows:
            text = r["text"]
            spans = token_spans(text)
            assert r["tokens"] == [text[s:e] for s, e in spans]
            starts, ends = {s for s, _ in spans}, {e for _, e in spans}
            ents = [CharEntity(e["start"], e["end"], e["label"]) for e in r["entities"]]
            assert ents == sorted(ents)
            prev_end = 0
            for e in ents:
                surface = text[e.start : e.end]
                assert surface and surface == surface.strip(), r
                assert e.label in LABELS
                assert e.start in starts and e.end in ends, (text, surface)
                assert e.start >= prev_end, "overlapping entities"
                prev_end = e.end
            tags, dropped = char_entities_to_tags(spans, ents)
            assert not dropped
            assert r["tags"] == tags
            previous = "O"
            for tag in r["tags"]:
                if tag.startswith("I-"):
                    assert previous != "O" and previous[2:] == tag[2:], r
                previous = tag


def test_labels_kinds_and_entity_counts(rows: dict[str, list[dict]]) -> None:
    for split, split_rows in rows.items():
        labels = Counter(e["label"] for r in split_rows for e in r["entities"])
        total = sum(labels.values())
        for label in LABELS:
            assert labels[label] / total > 0.2, (split, labels)
        kinds = Counter(r["kind"] for r in split_rows)
        assert set(kinds) == set(KINDS), (split, kinds)
        assert min(kinds.values()) > 0.04 * N
        per_row = Counter(min(len(r["entities"]), 2) for r in split_rows)
        assert 0.08 < per_row[0] / N < 0.35, (split, per_row)
        assert per_row[1] / N > 0.2, (split, per_row)
        assert per_row[2] / N > 0.3, (split, per_row)
        assert len({r["text"] for r in split_rows}) > 0.97 * N  # not a handful of templates
        # Case and noise variety actually happens.
        assert sum(r["text"].isupper() for r in split_rows) > 0.03 * N
        assert sum(r["text"] == r["text"].lower() for r in split_rows) > 0.05 * N


def test_capitalized_non_entities_are_common(rows: dict[str, list[dict]]) -> None:
    """Capitals alone must not mean 'entity': many capitalized tokens are tagged O."""
    caps_o = caps = 0
    for r in rows["train"]:
        for tok, tag in zip(r["tokens"], r["tags"], strict=True):
            if tok[:1].isupper() and tok[1:].islower() and len(tok) > 2:
                caps += 1
                caps_o += tag == "O"
    assert caps_o / caps > 0.3


_SLOTS = {
    "product",
    "Product",
    "pct",
    "money",
    "name",
    "url",
    "promo",
    "emoji",
    "hashtags",
    "num",
    "ordernum",
    "digits",
    "email",
    "crowd",
    "B",
    "B2",
    "B@",
    "B2@",
    "B#",
}


def test_grammar_references_resolve_and_literals_hold_no_entities() -> None:
    rules = templates.RULES
    pools = holdout_pools("all")
    entity_words = {
        surface_key(f)
        for lab in ("BRAND", "LOCATION")
        for f in pools[lab]
        if " " not in f and len(surface_key(f)) > 3
    }
    for name, alts in rules.items():
        for alt in alts:
            for ref in re.findall(r"\{([^{}]+)\}", alt):
                ref = ref.rstrip("?")
                if ref.startswith("S:"):
                    base = ref[2:]
                    assert base in rules or generator._SECTOR_FALLBACK.get(base) in rules, ref
                elif ref.startswith(("L:", "T:")):
                    continue
                else:
                    assert ref in rules or ref in _SLOTS, (name, ref)
            literal = re.sub(r"\{[^{}]+\}", " ", alt)
            assert not generator._TIME_WORDS.search(literal), (name, alt)
            for word in re.findall(r"[^\W\d_]+", literal):
                assert surface_key(word) not in entity_words, (name, word)


def test_all_split_uses_every_pool() -> None:
    rows = generate(400, seed=3, split="all")
    assert {r["kind"] for r in rows} == set(KINDS)


def test_every_time_pattern_yields_token_aligned_spans() -> None:
    for split in SPLITS:
        lex = generator._pools(split).lex
        rng = generator.Random(f"patterns/{split}")
        for name, (_, fn) in generator._PATTERNS.items():
            for _ in range(25):
                surface = fn(rng, lex)
                text = f"Sale ends {surface}, shop now"
                spans = token_spans(text)
                start, end = 10, 10 + len(surface)
                assert surface == surface.strip() and surface, name
                assert start in {s for s, _ in spans} and end in {e for _, e in spans}, (
                    name,
                    surface,
                )


def test_output_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "import hashlib, json; from ner_model.synthetic.generator import generate, holdout_pools; "
        "print(hashlib.md5(json.dumps([generate(300, seed=8, split='dev'), "
        "holdout_pools('test')]).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1


def test_corpus_files_and_the_final_train_file(tmp_path):
    import json

    from flows.generate import write_corpus

    sizes = write_corpus(tmp_path, 600, 50, 50, seed=3, final=True)
    assert sizes == {"train": 600, "dev": 50, "test": 50, "train_all": 600}
    read = {s: [json.loads(x) for x in (tmp_path / f"{s}.jsonl").read_text().splitlines()] for s in sizes}
    assert {s: len(r) for s, r in read.items()} == sizes
    bl = ("BRAND", "LOCATION")
    held_out = {s: {surface_key(f) for lab in bl for f in holdout_pools(s)[lab]} for s in SPLITS}
    train_keys = _entity_keys(read["train"], bl)
    all_keys = _entity_keys(read["train_all"], bl)
    # the split's train file never uses dev/test forms; the final one draws on every split
    assert not train_keys & (held_out["dev"] | held_out["test"])
    assert all_keys & held_out["test"] and all_keys & held_out["dev"]
    write_corpus(tmp_path / "again", 600, 50, 50, seed=3, final=True)
    assert (tmp_path / "again" / "train_all.jsonl").read_bytes() == (tmp_path / "train_all.jsonl").read_bytes()
