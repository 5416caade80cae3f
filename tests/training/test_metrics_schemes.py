"""SemEval-2013 strict / type scores equal nervaluate's; boundary errors are classified."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ner_model.text.spans import iob2_entities
from ner_model.training.metrics import SCHEMES, evaluate_schemes, format_schemes
from tests.training.test_metrics import random_iob2

nervaluate = pytest.importorskip("nervaluate")

TYPES = ("BRAND", "TIME", "LOCATION")
NERVAL = {"strict": "strict", "type": "ent_type"}
COUNTS = ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual")


def _spans(tags: list[str]) -> list[dict]:
    # nervaluate's dict loader: end inclusive
    return [{"label": t, "start": s, "end": e - 1} for t, s, e in iob2_entities(tags)]


def _assert_equal_to_nervaluate(gold: list[list[str]], pred: list[list[str]]) -> None:
    ours = evaluate_schemes(gold, pred).to_json()["schemes"]
    types = sorted({e[0] for sent in (*gold, *pred) for e in iob2_entities(sent)})
    theirs = []
    for g_in, p_in, loader in (([_spans(g) for g in gold], [_spans(p) for p in pred], "dict"),
                               (gold, pred, "list")):
        theirs.append(nervaluate.Evaluator(g_in, p_in, tags=list(TYPES), loader=loader)
                      .evaluate())
    for res in theirs:
        assert sorted(res["entities"]) == types
        assert sorted(ours["strict"]["per_type"]) == types
        for scheme in SCHEMES:
            pairs = [(ours[scheme]["overall"], res["overall"][NERVAL[scheme]])]
            pairs += [(ours[scheme]["per_type"][t], res["entities"][t][NERVAL[scheme]])
                      for t in types]
            for mine, ref in pairs:
                for k in COUNTS:
                    assert mine[k] == getattr(ref, k), (scheme, k)
                for k in ("precision", "recall", "f1"):
                    assert mine[k] == pytest.approx(getattr(ref, k), abs=1e-12), (scheme, k)


def _tags(n: int, ents: list[tuple[str, int, int]]) -> list[str]:
    out = ["O"] * n
    for label, s, e in ents:
        out[s] = f"B-{label}"
        for k in range(s + 1, e):
            out[k] = f"I-{label}"
    return out


# each case: (gold entities, predicted entities) over 8 tokens, end exclusive
CASES = {
    "exact": ([("BRAND", 0, 1)], [("BRAND", 0, 1)]),
    "too long": ([("BRAND", 0, 1)], [("BRAND", 0, 2)]),
    "too short": ([("LOCATION", 2, 5)], [("LOCATION", 3, 5)]),
    "shifted": ([("TIME", 2, 4)], [("TIME", 3, 5)]),
    "wrong type": ([("BRAND", 0, 2)], [("LOCATION", 0, 2)]),
    "wrong type and boundary": ([("BRAND", 0, 2)], [("LOCATION", 1, 3)]),
    "missed": ([("BRAND", 0, 1), ("TIME", 4, 6)], [("BRAND", 0, 1)]),
    "spurious": ([("BRAND", 0, 1)], [("BRAND", 0, 1), ("TIME", 4, 6)]),
    "nothing predicted": ([("BRAND", 0, 1)], []),
    "nothing gold": ([], [("BRAND", 0, 1)]),
    "one prediction over two gold": ([("BRAND", 0, 1), ("BRAND", 1, 3)],
                                     [("BRAND", 0, 3)]),
    "two predictions in one gold": ([("BRAND", 0, 4)], [("BRAND", 0, 2), ("BRAND", 2, 4)]),
    "closest boundaries win": ([("BRAND", 0, 2), ("BRAND", 2, 3)], [("BRAND", 1, 3)]),
    "a tie goes to the first gold": ([("BRAND", 0, 2), ("BRAND", 2, 4)],
                                     [("BRAND", 1, 3), ("BRAND", 3, 4)]),
    "mixed": ([("BRAND", 0, 2), ("TIME", 3, 5), ("LOCATION", 6, 8)],
              [("BRAND", 0, 1), ("LOCATION", 3, 5), ("LOCATION", 6, 8)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hand_made_cases_equal_nervaluate(name):
    gold, pred = CASES[name]
    g, p = _tags(8, gold), _tags(8, pred)
    _assert_equal_to_nervaluate([g], [p])
    # also inside a corpus with other sentences, and as a first, empty sentence
    _assert_equal_to_nervaluate([["O"] * 3, g, _tags(3, [("TIME", 0, 2)])],
                                [["O"] * 3, p, _tags(3, [("TIME", 1, 3)])])


def test_hand_made_counts():
    g = [_tags(8, CASES["mixed"][0])]
    p = [_tags(8, CASES["mixed"][1])]
    s = evaluate_schemes(g, p).to_json()["schemes"]
    # strict overall: LOCATION exact; BRAND boundary off and TIME-as-LOCATION are incorrect
    assert {k: s["strict"]["overall"][k] for k in ("correct", "incorrect", "missed",
                                                     "spurious")} == {
        "correct": 1, "incorrect": 2, "missed": 0, "spurious": 0}
    # type overall: BRAND overlaps with the right type -> correct
    assert s["type"]["overall"]["correct"] == 2 and s["type"]["overall"]["incorrect"] == 1
    assert s["type"]["per_type"]["BRAND"]["f1"] == 1.0
    assert s["strict"]["per_type"]["BRAND"]["f1"] == 0.0
    # per type, the TIME predicted as LOCATION is a miss of TIME and a spurious LOCATION
    assert s["strict"]["per_type"]["TIME"]["missed"] == 1
    assert s["strict"]["per_type"]["LOCATION"]["spurious"] == 1


def test_randomized_corpora_equal_nervaluate():
    rng = random.Random(28)
    for _ in range(300):
        lengths = [rng.randint(0, 14) for _ in range(rng.randint(1, 6))]
        gold = [random_iob2(rng, n, TYPES) for n in lengths]
        pred = [random_iob2(rng, n, TYPES) for n in lengths]
        _assert_equal_to_nervaluate(gold, pred)


@st.composite
def _corpus(draw):
    lengths = draw(st.lists(st.integers(0, 10), min_size=1, max_size=4))
    tag = st.sampled_from(["O", "O", *(f"{p}-{t}" for t in TYPES for p in "BI")])
    gold = [draw(st.lists(tag, min_size=n, max_size=n)) for n in lengths]
    pred = [draw(st.lists(tag, min_size=n, max_size=n)) for n in lengths]
    return gold, pred


@settings(max_examples=200, deadline=None)
@given(_corpus())
def test_property_equal_nervaluate(corpus):
    _assert_equal_to_nervaluate(*corpus)


def test_long_gold_entity_needs_one_percent_overlap():
    # nervaluate's default minimum overlap is 1% of the gold entity: 1 token of 101 is not
    g = [_tags(110, [("BRAND", 0, 101)])]
    p = [_tags(110, [("BRAND", 100, 102)])]
    _assert_equal_to_nervaluate(g, p)
    assert evaluate_schemes(g, p).to_json()["schemes"]["type"]["overall"]["spurious"] == 1


def test_boundary_errors_are_classified_and_ranked():
    tokens = [["Bose", "headphones", "on", "sale", "in", "New", "York", "City"]] * 3 + [
        ["Gillette", "razors", "this", "weekend", "only"]]
    gold = [_tags(8, [("BRAND", 0, 1), ("LOCATION", 5, 8)])] * 3 + [
        _tags(5, [("BRAND", 0, 1), ("TIME", 2, 4)])]
    pred = [_tags(8, [("BRAND", 0, 2), ("LOCATION", 5, 7)])] * 3 + [
        _tags(5, [("BRAND", 0, 2), ("TIME", 3, 5)])]
    be = evaluate_schemes(gold, pred, tokens).to_json()["boundary_errors"]
    assert be["counts"] == {"too_long": 4, "too_short": 3, "shifted": 1}
    assert be["top"]["too_long"] == [
        {"gold": "Bose", "pred": "Bose headphones", "type": "BRAND", "count": 3},
        {"gold": "Gillette", "pred": "Gillette razors", "type": "BRAND", "count": 1},
    ]
    assert be["top"]["too_short"] == [
        {"gold": "New York City", "pred": "New York", "type": "LOCATION", "count": 3}]
    assert be["top"]["shifted"] == [
        {"gold": "this weekend", "pred": "weekend only", "type": "TIME", "count": 1}]
    assert evaluate_schemes(gold, pred, tokens, top=1).boundary_top["too_long"][0]["count"] == 3
    # without tokens the spans are named by token offsets
    assert evaluate_schemes(gold, pred).boundary_top["shifted"][0]["pred"] == "tokens 3:5"
    md = format_schemes(evaluate_schemes(gold, pred, tokens).to_json())
    assert "| BRAND | 0.0000 | 0.0000 | 0.0000 | 1.0000 | 1.0000 | 1.0000 | 4 | 0 | 0 |" in md
    assert "3 × BRAND: gold `Bose` → predicted `Bose headphones`" in md
    assert "too long (prediction contains the gold entity): 4" in md


def test_shape_errors():
    with pytest.raises(ValueError, match="sentences"):
        evaluate_schemes([["O"]], [])
    with pytest.raises(ValueError, match="sentence 0"):
        evaluate_schemes([["O"]], [["O", "O"]])
    with pytest.raises(ValueError, match="sentence 0"):
        evaluate_schemes([["O"]], [["O"]], [["a", "b"]])
