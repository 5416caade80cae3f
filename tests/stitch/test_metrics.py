"""B-cubed and pairwise metrics: hand-computed cases, edge cases, brute-force equality."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ner_model.stitch.metrics import bcubed, pairwise_f1


def approx(*xs: float) -> object:
    return pytest.approx(xs)


def test_hand_computed_mixed() -> None:
    gold = ["a", "a", "a", "b", "b"]
    pred = ["x", "x", "y", "y", "y"]
    # cells (x,a)=2 (y,a)=1 (y,b)=2; |x|=2 |y|=3; |a|=3 |b|=2
    assert bcubed(gold, pred) == approx(11 / 15, 11 / 15, 11 / 15)
    # joint pairs 1+1, predicted 1+3, gold 3+1
    assert pairwise_f1(gold, pred) == approx(0.5, 0.5, 0.5)


def test_hand_computed_split_cluster() -> None:
    gold = [1, 1, 1, 1]
    pred = [1, 1, 2, 2]
    assert bcubed(gold, pred) == approx(1.0, 0.5, 2 / 3)
    assert pairwise_f1(gold, pred) == approx(1.0, 1 / 3, 0.5)


def test_perfect_is_one_whatever_the_label_names() -> None:
    gold = ["c1", "c1", "c2", "c3", "c3", "c3"]
    pred = [7, 7, "z", ("t",), ("t",), ("t",)]
    assert bcubed(gold, pred) == approx(1.0, 1.0, 1.0)
    assert pairwise_f1(gold, pred) == approx(1.0, 1.0, 1.0)


def test_all_in_one_cluster() -> None:
    gold = ["a", "a", "b", "c"]
    pred = [0, 0, 0, 0]
    assert bcubed(gold, pred) == approx(0.375, 1.0, 2 * 0.375 / 1.375)  # (2/4+2/4+1/4+1/4)/4
    assert pairwise_f1(gold, pred) == approx(1 / 6, 1.0, 2 / 7)


def test_all_singletons() -> None:
    gold = ["a", "a", "b"]
    pred = [None, None, None]  # None: each item alone
    assert bcubed(gold, pred) == approx(1.0, 2 / 3, 0.8)
    assert pairwise_f1(gold, pred) == approx(1.0, 0.0, 0.0)
    assert pairwise_f1([None] * 3, pred) == approx(1.0, 1.0, 1.0)
    assert bcubed(["a", "b", "c"], [1, 2, 3]) == approx(1.0, 1.0, 1.0)


def test_none_is_a_singleton_not_a_cluster() -> None:
    assert bcubed([1, 1], [None, None]) == approx(1.0, 0.5, 2 / 3)
    assert bcubed([None, None], [1, 1]) == approx(0.5, 1.0, 2 / 3)


@pytest.mark.parametrize("fn", [bcubed, pairwise_f1])
def test_rejects_bad_input(fn) -> None:
    with pytest.raises(ValueError):
        fn([], [])
    with pytest.raises(ValueError):
        fn([1, 2], [1])


def _brute_bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    n = len(gold)

    def same(labels: list, i: int, j: int) -> bool:
        return i == j or (labels[i] is not None and labels[i] == labels[j])

    ps, rs = [], []
    for i in range(n):
        c = {j for j in range(n) if same(pred, i, j)}
        g = {j for j in range(n) if same(gold, i, j)}
        ps.append(len(c & g) / len(c))
        rs.append(len(c & g) / len(g))
    p, r = sum(ps) / n, sum(rs) / n
    return p, r, 2 * p * r / (p + r)


def _brute_pairwise(gold: list, pred: list) -> tuple[float, float, float]:
    def linked(labels: list) -> set[tuple[int, int]]:
        return {
            (i, j)
            for i, j in itertools.combinations(range(len(labels)), 2)
            if labels[i] is not None and labels[i] == labels[j]
        }

    pp, gp = linked(pred), linked(gold)
    p = len(pp & gp) / len(pp) if pp else 1.0
    r = len(pp & gp) / len(gp) if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


labelings = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=n, max_size=n),
        st.lists(st.one_of(st.none(), st.sampled_from("abcdef")), min_size=n, max_size=n),
    )
)


@given(labelings)
def test_equals_brute_force(pair: tuple[list, list]) -> None:
    gold, pred = pair
    assert bcubed(gold, pred) == pytest.approx(_brute_bcubed(gold, pred))
    assert pairwise_f1(gold, pred) == pytest.approx(_brute_pairwise(gold, pred))
    # symmetry: swapping gold and pred swaps precision and recall
    p, r, f = bcubed(gold, pred)
    assert bcubed(pred, gold) == pytest.approx((r, p, f))
