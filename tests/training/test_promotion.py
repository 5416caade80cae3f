"""The promotion rule, as a pure function: every policy and every way a comparison can fail."""

import pytest

from ner_model.training.promotion import decide_promotion

DEV = ["dev_a.jsonl", "dev_b.jsonl"]


def test_auto_promotes_only_a_strictly_better_mean_on_the_same_dev_sets():
    better = decide_promotion("auto", "c", "old", 0.81, {"dev_a.jsonl": 0.9, "dev_b.jsonl": 0.7},
                              DEV)
    assert better.promoted and better.reason == "candidate dev F1 0.8100 vs 0.8000 for champion"
    tie = decide_promotion("auto", "c", "old", 0.80, {"dev_a.jsonl": 0.9, "dev_b.jsonl": 0.7}, DEV)
    assert not tie.promoted
    worse = decide_promotion("auto", "c", "old", 0.5, {"dev_a.jsonl": 0.9, "dev_b.jsonl": 0.7}, DEV)
    assert not worse.promoted and "0.5000 vs 0.8000 for champion" in worse.reason


@pytest.mark.parametrize("champ_scores, dev", [
    ({"dev_a.jsonl": 0.1}, DEV),  # the champion could not be scored on one dev set
    ({}, []),  # no --dev: the held-out split says nothing about the champion
])
def test_auto_never_promotes_without_a_fair_comparison(champ_scores, dev):
    d = decide_promotion("auto", "c", "old", 0.99, champ_scores, dev)
    assert not d.promoted and "not comparable" in d.reason


def test_policies_and_special_cases():
    scores = {"dev_a.jsonl": 0.99, "dev_b.jsonl": 0.99}
    assert decide_promotion("always", "c", "old", 0.1, scores, DEV).promoted
    assert not decide_promotion("never", "c", "old", 0.99, {}, DEV).promoted
    assert decide_promotion("auto", "c", None, 0.1, {}, []).promoted  # an empty registry
    assert not decide_promotion("never", "c", None, 0.9, {}, []).promoted
    same = decide_promotion("always", "c", "c", 0.9, scores, DEV)
    assert not same.promoted and "identical" in same.reason
    with pytest.raises(ValueError, match="promote must be one of"):
        decide_promotion("sometimes", "c", "old", 0.9, scores, DEV)
