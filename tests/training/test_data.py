"""Labeled-data reading: both formats, label maps, repairs counted, bad rows named."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import torch

from ner_model.model import TaggerConfig
from ner_model.text.spans import repair_iob2
from ner_model.text.tokenizer import GLUE, UNDERSCORE
from ner_model.training.data import (
    LabeledDataError,
    Sentence,
    parse_label_map,
    read_labeled,
    read_many,
)
from ner_model.training.loop import (
    TrainOptions,
    _allowed,
    _o_alternatives,
    build_model,
    train_model,
)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_token_and_span_formats_agree_and_are_retokenized(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [
        {"tokens": ["Nike_US", "BlackFriday", "sale"], "tags": ["B-corp", "B-time", "O"]}])
    pq.write_table(pa.table({
        "text": ["Nike_US BlackFriday sale"],
        "entities": [[{"start": 0, "end": 7, "label": "corp"},
                      {"start": 8, "end": 19, "label": "time"}]],
    }), tmp_path / "b.parquet")
    (sa,), _ = read_labeled(a)
    (sb,), _ = read_labeled(tmp_path / "b.parquet")
    # our tokenizer splits "Nike_US" and "BlackFriday"; tags follow the character spans
    assert sa.tokens == sb.tokens == ["Nike", "US", "Black", "Friday", "sale"]
    assert sa.tags == sb.tags == ["B-corp", "I-corp", "B-time", "I-time", "O"]
    # "Friday" was written attached to "Black"; "US" follows a "_" separator
    assert sa.glue == sb.glue == (0, 2, 0, 1, 0)
    assert sa.model_tokens == ["Nike", UNDERSCORE + "US", "Black", GLUE + "Friday", "sale"]


def test_glue_is_kept_inside_source_tokens_and_text_wins_over_tokens(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [
        {"tokens": ["T-Mobile", "Arena", "-", "Q3"], "tags": ["B-loc", "I-loc", "O", "B-time"]},
        # both forms: the text says how it was written ("Hy-Vee"), the tokens do not
        {"text": "Hy-Vee", "entities": [{"start": 0, "end": 6, "label": "corp"}],
         "tokens": ["Hy", "-", "Vee"], "tags": ["B-corp", "I-corp", "I-corp"]},
    ])
    (s1, s2), _ = read_labeled(a)
    assert s1.tokens == ["T", "-", "Mobile", "Arena", "-", "Q", "3"]
    assert s1.glue == (False, True, True, False, False, False, True)
    assert s2.glue == (False, True, True) and s2.tags == ["B-corp", "I-corp", "I-corp"]
    assert Sentence(["a", "b"], ["O", "O"]).model_tokens == ["a", "b"]  # glue unknown


def test_invalid_iob2_is_repaired_and_counted(tmp_path):
    f = write_jsonl(tmp_path / "d.jsonl", [
        {"tokens": ["a", "b", "c"], "tags": ["O", "I-X", "I-X"]},
        {"tokens": ["a", "b"], "tags": ["B-X", "I-Y"]},
    ])
    sents, report = read_labeled(f)
    assert sents[0].tags == ["O", "B-X", "I-X"]
    assert sents[1].tags == ["B-X", "B-Y"]
    assert report.repaired_tags == 2 and report.repaired_rows == [1, 2]
    assert repair_iob2(["I-A", "O"]) == (["B-A", "O"], 1)


@pytest.mark.parametrize(("row", "message"), [
    ({"tokens": ["a", "b"], "tags": ["O"]}, r"row 1: tokens and tags differ in length \(2 vs 1\)"),
    ({"tokens": ["a"], "tags": ["X-foo"]}, r"row 1: tag 'X-foo' is not IOB2"),
    ({"text": "abc", "entities": [{"start": 1, "end": 9, "label": "X"}]},
     r"row 1: entity 1:9 \(X\) runs outside"),
    ({"text": "abcdef", "entities": [{"start": 0, "end": 3, "label": "X"},
                                   {"start": 2, "end": 5, "label": "Y"}]},
     r"row 1: entities 0:3 and 2:5 overlap"),
    ({"text": "a   b", "entities": [{"start": 1, "end": 3, "label": "X"}]},
     r"row 1: entity 1:3 covers no token"),
    ({"words": ["a"]}, r"row 1: needs tokens\+tags or text\+entities; found columns \['words'\]"),
])
def test_bad_rows_name_file_and_row(tmp_path, row, message):
    f = write_jsonl(tmp_path / "bad.jsonl", [row])
    with pytest.raises(LabeledDataError, match="bad.jsonl " + message):
        read_labeled(f)


def test_empty_training_set_and_dev_without_entities(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(LabeledDataError, match="training set is empty"):
        read_many([empty])
    train = [Sentence(["Nike", "rocks"], ["B-BRAND", "O"])]
    with pytest.raises(LabeledDataError, match="dev set has no entities"):
        train_model(train, [Sentence(["hello"], ["O"])], options=TrainOptions(pretrained=False))


def test_label_map_parsing():
    assert parse_label_map("corporation=BRAND, product=BRAND") == {"corporation": "BRAND",
                                                                    "product": "BRAND"}
    assert parse_label_map(None) is None
    with pytest.raises(ValueError, match="not of the form"):
        parse_label_map("corporation")


def test_partial_annotation_allows_unannotated_types_where_corpus_says_o(tmp_path):
    full = write_jsonl(tmp_path / "full.jsonl", [
        {"tokens": ["Nike", "sale", "tonight"], "tags": ["B-corp", "O", "B-time"]}])
    brands_only = write_jsonl(tmp_path / "brands.jsonl", [
        {"tokens": ["Adidas", "drop", "tomorrow"], "tags": ["B-corp", "O", "O"]}])
    sents, _ = read_many([full, brands_only], partial=True)
    assert sents[0].unannotated == frozenset()
    assert sents[1].unannotated == frozenset({"time"})
    _, vocabs, _ = build_model(sents, TaggerConfig(), TrainOptions(pretrained=False))
    alts = _o_alternatives(sents, vocabs)
    assert set(alts) == {1}
    assert sorted(vocabs.tags.item(i) for i in alts[1]) == ["B-time", "I-time"]
    gold = torch.tensor([[vocabs.tags.index[t] for t in sents[1].tags]])

    class Seg:  # the one field _allowed reads
        class piece:
            text_idx = 1

    allowed = _allowed(gold, [Seg], alts, len(vocabs.tags))
    names = vocabs.tags.all_items
    # the brand keeps its exact tag; each O may also be a time
    assert [names[k] for k in allowed[0, 0].nonzero().flatten()] == ["B-corp"]
    assert sorted(names[k] for k in allowed[0, 2].nonzero().flatten()) == ["B-time", "I-time", "O"]
