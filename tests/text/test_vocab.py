"""Vocabularies serialize losslessly."""

from __future__ import annotations

import json

import pytest


def test_word_vocabulary_is_front_coded_losslessly():
    """Large word vocabularies are stored front-coded (about half their size as a JSON list)
    and come back item for item, in order, whatever they share or hold."""
    from ner_model.text.vocab import Vocab, front_code, front_decode

    assert front_code(["apple", "apples", "apply"]) == "0apple\n5s\n4y"
    words = sorted({"a" * 40, "a" * 41 + "b", "über", "übersee", "0000", "00", "x", "é", "ü"})
    words += [f"w{i:05d}" for i in range(1200)] + ["zz", "a", "ab"]  # two sorted runs, as built
    assert front_decode(front_code(words)) == words
    vocab = Vocab(words)
    data = json.loads(json.dumps(vocab.to_json()))
    assert "front_coded" in data and "items" not in data
    assert Vocab.from_json(data).all_items == vocab.all_items
    small = Vocab(["b", "a"])  # small vocabularies (characters, tags) stay readable lists
    assert small.to_json()["items"] == ["b", "a"] and Vocab.from_json(small.to_json()) == small
    with pytest.raises(ValueError, match="item 1"):
        front_decode("0ab\n5c")
