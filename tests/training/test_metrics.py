"""Tests for ner_model.training.metrics: seqeval equivalence, padding invariance, hand-checked
cases."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import (
    classification_report,
    f1_score,
    precision_score,
    recall_score,
)

from ner_model.training.metrics import EvalResult, evaluate_padded, evaluate_tags, format_report

TYPES = ("PER", "LOC", "ORG", "WORK-OF-ART")  # a hyphenated type on purpose
TAGS = ("O", *(f"{p}-{t}" for t in TYPES for p in ("B", "I")))
TOL = 1e-9


def random_iob2(rng: random.Random, n: int, types: tuple[str, ...] = TYPES) -> list[str]:
    """``n`` tags of mostly valid IOB2, with stray I- tags and type changes mid-entity mixed
    in (decoded the conlleval way)."""
    out: list[str] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.4:
            out.append("O")
        elif r < 0.65:
            out.append(f"B-{rng.choice(types)}")
        elif r < 0.85 and out and out[-1] != "O":
            out.append("I-" + out[-1][2:])  # continue the current entity
        else:
            out.append(f"I-{rng.choice(types)}")  # stray I- or a type change
    return out


def _random_sentence(rng: random.Random) -> list[str]:
    return random_iob2(rng, rng.randint(0, 12))


def _perturb(rng: random.Random, tags: list[str]) -> list[str]:
    """A prediction near ``tags`` (so that some entities match) or a random one."""
    if rng.random() < 0.2:
        return [rng.choice(TAGS) for _ in tags]
    return [rng.choice(TAGS) if rng.random() < 0.15 else t for t in tags]


def _random_corpus(rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    gold = [_random_sentence(rng) for _ in range(rng.randint(1, 8))]
    return gold, [_perturb(rng, g) for g in gold]


def _assert_matches_seqeval(gold: list[list[str]], pred: list[list[str]]) -> None:
    res = evaluate_tags(gold, pred)
    kw = {"zero_division": 0}  # seqeval's default "warn" also gives 0, plus a warning
    assert res.micro_precision == pytest.approx(
        precision_score(gold, pred, **kw), abs=TOL
    )
    assert res.micro_recall == pytest.approx(recall_score(gold, pred, **kw), abs=TOL)
    assert res.micro_f1 == pytest.approx(f1_score(gold, pred, **kw), abs=TOL)
    if res.n_gold_entities + res.n_pred_entities == 0:
        assert res.per_type == {}  # seqeval's report cannot handle this case
        return
    report = classification_report(gold, pred, output_dict=True, **kw)
    types = {k for k in report if not k.endswith(" avg")}
    assert set(res.per_type) == types
    for name, score in res.per_type.items():
        ref = report[name]
        assert score.precision == pytest.approx(ref["precision"], abs=TOL)
        assert score.recall == pytest.approx(ref["recall"], abs=TOL)
        assert score.f1 == pytest.approx(ref["f1-score"], abs=TOL)
        assert score.support == int(ref["support"])
    assert res.macro_f1 == pytest.approx(report["macro avg"]["f1-score"], abs=TOL)
    assert res.n_gold_entities == int(report["micro avg"]["support"])


def test_matches_seqeval_on_random_corpora() -> None:
    rng = random.Random(1234)
    for _ in range(500):
        _assert_matches_seqeval(*_random_corpus(rng))


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(TAGS), st.sampled_from(TAGS)), max_size=10),
        min_size=1,
        max_size=6,
    )
)
def test_matches_seqeval_property(sentences: list[list[tuple[str, str]]]) -> None:
    gold = [[g for g, _ in s] for s in sentences]
    pred = [[p for _, p in s] for s in sentences]
    _assert_matches_seqeval(gold, pred)


# --- padding -----------------------------------------------------------------------


def _pad(
    rng: np.random.Generator,
    gold: list[list[str]],
    pred: list[list[str]],
    garbage: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Right-padded ``(n_sentences, seq_len)`` id arrays and mask (seq_len > longest)."""
    index = {t: i for i, t in enumerate(TAGS)}
    seq_len = max(len(s) for s in gold) + 3
    shape = (len(gold), seq_len)
    if garbage:  # any id at all, in range or not
        gold_ids = rng.integers(-5, 2 * len(TAGS), size=shape)
        pred_ids = rng.integers(-5, 2 * len(TAGS), size=shape)
    else:
        gold_ids = np.zeros(shape, dtype=np.int64)
        pred_ids = np.zeros(shape, dtype=np.int64)
    mask = np.zeros(shape, dtype=bool)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        gold_ids[i, : len(g)] = [index[t] for t in g]
        pred_ids[i, : len(p)] = [index[t] for t in p]
        mask[i, : len(g)] = True
    return gold_ids, pred_ids, mask


def test_padding_never_counts() -> None:
    rng = random.Random(7)
    np_rng = np.random.default_rng(7)
    for _ in range(100):
        gold, pred = _random_corpus(rng)
        expected = evaluate_tags(gold, pred)
        clean = _pad(np_rng, gold, pred, garbage=False)
        dirty = _pad(np_rng, gold, pred, garbage=True)
        assert evaluate_padded(*clean, TAGS) == expected
        assert evaluate_padded(*dirty, TAGS) == expected
        tensors = [torch.from_numpy(a) for a in dirty]
        assert evaluate_padded(*tensors, list(TAGS)) == expected


def test_padded_mask_need_not_be_a_prefix() -> None:
    gold_ids = np.array([[1, 99, 2, 0]])
    pred_ids = np.array([[1, -3, 2, 5]])
    mask = np.array([[True, False, True, False]])
    expected = evaluate_tags([["B-PER", "I-PER"]], [["B-PER", "I-PER"]])
    assert evaluate_padded(gold_ids, pred_ids, mask, TAGS) == expected


def test_padded_rejects_bad_ids_and_shapes() -> None:
    mask = np.array([[True, True]])
    with pytest.raises(ValueError, match="outside"):
        evaluate_padded(np.array([[0, len(TAGS)]]), np.array([[0, 0]]), mask, TAGS)
    with pytest.raises(ValueError, match="outside"):
        evaluate_padded(np.array([[0, 0]]), np.array([[-1, 0]]), mask, TAGS)
    with pytest.raises(ValueError, match="shape"):
        evaluate_padded(np.array([[0, 0, 0]]), np.array([[0, 0]]), mask, TAGS)


# --- hand-checked cases ------------------------------------------------------------

GOLD = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "B-ORG", "I-ORG"]]
PRED = [["B-PER", "I-PER", "O", "B-ORG"], ["O", "B-ORG", "O"]]


def test_perfect_prediction() -> None:
    res = evaluate_tags(GOLD, GOLD)
    assert (res.micro_precision, res.micro_recall, res.micro_f1) == (1.0, 1.0, 1.0)
    assert res.macro_f1 == 1.0
    assert res.token_accuracy == res.entity_token_accuracy == 1.0
    assert all(s.f1 == 1.0 for s in res.per_type.values())
    assert {t: s.support for t, s in res.per_type.items()} == {
        "LOC": 1,
        "ORG": 1,
        "PER": 1,
    }


def test_no_predictions() -> None:
    res = evaluate_tags(GOLD, [["O"] * len(s) for s in GOLD])
    assert (res.micro_precision, res.micro_recall, res.micro_f1) == (0.0, 0.0, 0.0)
    assert res.n_gold_entities == 3
    assert res.n_pred_entities == 0
    for score in res.per_type.values():
        assert (score.precision, score.recall, score.f1, score.support) == (0, 0, 0, 1)
    assert res.entity_token_accuracy == 0.0
    assert res.token_accuracy == 2 / 7  # only the two gold O tokens are right


def test_hand_computed_example() -> None:
    res = evaluate_tags(GOLD, PRED)
    # Tokens: 7 real; right: B-PER I-PER O | O B-ORG  -> 5.
    assert res.n_tokens == 7
    assert res.n_sentences == 2
    assert res.token_accuracy == 5 / 7
    # Gold non-O tokens: B-PER I-PER B-LOC | B-ORG I-ORG -> 5, of which 3 are right.
    assert res.entity_token_accuracy == 3 / 5
    # Entities: gold PER LOC ORG; pred PER ORG(wrong span) ORG(wrong type) -> 1 of 3 each.
    assert (res.n_gold_entities, res.n_pred_entities) == (3, 3)
    assert res.micro_precision == res.micro_recall == res.micro_f1 == 1 / 3
    assert res.per_type["PER"].f1 == 1.0
    assert (res.per_type["ORG"].precision, res.per_type["ORG"].support) == (0.0, 1)
    assert res.macro_f1 == 1 / 3


def test_confusion_matrix() -> None:
    res = evaluate_tags(GOLD, PRED)
    labels, matrix = res.confusion["labels"], res.confusion["matrix"]
    assert labels == ["O", "B-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER"]
    assert sum(map(sum, matrix)) == res.n_tokens
    cell = {
        (g, p): matrix[i][j] for i, g in enumerate(labels) for j, p in enumerate(labels)
    }
    assert cell[("O", "O")] == 2
    assert cell[("B-LOC", "B-ORG")] == 1
    assert cell[("I-ORG", "O")] == 1
    assert sum(matrix[i][i] for i in range(len(labels))) == 5  # diagonal = right tokens


def test_confusion_sums_to_real_tokens_when_padded() -> None:
    rng = random.Random(3)
    gold, pred = _random_corpus(rng)
    res = evaluate_padded(*_pad(np.random.default_rng(3), gold, pred, True), TAGS)
    assert sum(map(sum, res.confusion["matrix"])) == sum(map(len, gold)) == res.n_tokens


def test_conlleval_chunking() -> None:
    # A stray I- starts an entity; a type change mid-entity splits it.
    assert evaluate_tags([["I-PER", "I-PER"]], [["B-PER", "I-PER"]]).micro_f1 == 1.0
    res = evaluate_tags([["B-PER", "I-LOC"]], [["B-PER", "B-LOC"]])
    assert res.n_gold_entities == 2
    assert res.micro_f1 == 1.0


def test_type_only_in_pred_is_reported() -> None:
    res = evaluate_tags([["O", "B-PER"]], [["B-LOC", "B-PER"]])
    assert res.per_type["LOC"].support == 0
    assert res.per_type["LOC"].precision == 0.0
    assert res.micro_precision == 0.5
    assert res.micro_recall == 1.0


def test_empty_input() -> None:
    for gold in ([], [[]], [[], []]):
        res = evaluate_tags(gold, gold)
        assert res.n_tokens == 0
        assert res.token_accuracy == res.micro_f1 == res.macro_f1 == 0.0
        assert res.confusion == {"labels": [], "matrix": []}


def test_length_mismatch_names_the_sentence() -> None:
    with pytest.raises(ValueError, match="sentence 1"):
        evaluate_tags([["O"], ["O", "B-PER"]], [["O"], ["O"]])
    with pytest.raises(ValueError, match="2 sentences"):
        evaluate_tags([["O"], ["O"]], [["O"]])
    with pytest.raises(TypeError, match="sentences"):
        evaluate_tags(["O", "B-PER"], ["O", "B-PER"])


def test_to_json_and_report() -> None:
    res = evaluate_tags(GOLD, PRED)
    data = json.loads(json.dumps(res.to_json()))
    for key in ("micro_f1", "micro_precision", "micro_recall", "token_accuracy"):
        assert data[key] == getattr(res, key)
    assert data["per_type"]["PER"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "support": 1,
    }
    assert data["confusion"] == res.confusion
    report = format_report(res)
    assert "| PER | 1.0000 | 1.0000 | 1.0000 | 1 |" in report
    assert "| **micro** | 0.3333 | 0.3333 | 0.3333 | 3 |" in report
    assert "token accuracy: 0.7143" in report
    assert isinstance(res, EvalResult)
