"""Tests for the public API of ner_model.synthetic: determinism, span/tag invariants,
label and kind coverage, and the corpus files written from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from ner_model.synthetic import (
    KINDS,
    LABELS,
    SPLITS,
    generate,
    generate_unlabeled,
    holdout_pools,
    surface_key,
)
from ner_model.synthetic.near_brand import PERSON
from ner_model.text.spans import CharEntity, char_entities_to_tags
from ner_model.text.tokenizer import token_spans
from tests.synthetic.conftest import N, entity_keys


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
                assert e.label in (*LABELS, PERSON)
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
        # rows with no reported entity (people, an internal type, do not count)
        per_row = Counter(min(sum(e["label"] in LABELS for e in r["entities"]), 2)
                          for r in split_rows)
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


def test_all_split_uses_every_pool() -> None:
    rows = generate(400, seed=3, split="all")
    assert {r["kind"] for r in rows} == set(KINDS)


def test_output_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "import hashlib, json; from ner_model.synthetic import generate, holdout_pools; "
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
    from flows.generate import write_corpus

    sizes = write_corpus(tmp_path, 600, 50, 50, seed=3, final=True)
    assert sizes == {"train": 600, "dev": 50, "test": 50, "train_all": 600}
    read = {
        s: [json.loads(x) for x in (tmp_path / f"{s}.jsonl").read_text().splitlines()]
        for s in sizes
    }
    assert {s: len(r) for s, r in read.items()} == sizes
    bl = ("BRAND", "LOCATION")
    held_out = {s: {surface_key(f) for lab in bl for f in holdout_pools(s)[lab]} for s in SPLITS}
    train_keys = entity_keys(read["train"], bl)
    all_keys = entity_keys(read["train_all"], bl)
    # the split's train file never uses dev/test forms; the final one draws on every split
    assert not train_keys & (held_out["dev"] | held_out["test"])
    assert all_keys & held_out["test"] and all_keys & held_out["dev"]
    write_corpus(tmp_path / "again", 600, 50, 50, seed=3, final=True)
    again = (tmp_path / "again" / "train_all.jsonl").read_bytes()
    assert again == (tmp_path / "train_all.jsonl").read_bytes()
