"""Clustering metrics for stitching: B-cubed and pairwise precision, recall and F1.

Both compare a predicted clustering ``pred`` of n items with the gold clustering ``gold``,
given as one cluster label per item (any hashable). An item labelled ``None`` (in either)
is a singleton: a cluster of its own. Both are computed from the contingency table of
cluster-intersection sizes ``n[c, g] = |C ∩ G|``, in O(n), never by looping over pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

Scores = tuple[float, float, float]


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Scores:
    """B-cubed (precision, recall, F1), averaged over items (Bagga & Baldwin 1998).

    For item i with predicted cluster C(i) and gold cluster G(i):
    ``precision_i = |C(i) ∩ G(i)| / |C(i)|`` and ``recall_i = |C(i) ∩ G(i)| / |G(i)|``
    (each counts i itself); precision and recall are their means over the n items, and
    F1 is their harmonic mean. Summing over cells instead of items gives
    ``precision = Σ n[c,g]² / |c| / n`` and ``recall = Σ n[c,g]² / |g| / n``.
    Putting every item alone scores precision 1; putting all in one cluster scores
    recall 1. Raises ``ValueError`` for empty or unequal-length inputs.
    """
    cells, c_size, g_size = _contingency(gold, pred)
    n = len(gold)
    precision = sum(k * k / c_size[c] for (c, _), k in cells.items()) / n
    recall = sum(k * k / g_size[g] for (_, g), k in cells.items()) / n
    return precision, recall, _f1(precision, recall)


def pairwise_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Scores:
    """Pairwise (precision, recall, F1) over unordered pairs of distinct items.

    A pair is *predicted* when both items share a predicted cluster and *gold* when they
    share a gold cluster: ``precision = |pred ∩ gold| / |pred|``,
    ``recall = |pred ∩ gold| / |gold|``, F1 their harmonic mean. Counts come from
    cluster sizes: ``|pred| = Σ C(|c|, 2)``, ``|gold| = Σ C(|g|, 2)`` and
    ``|pred ∩ gold| = Σ C(n[c,g], 2)``. With no predicted pairs precision is 1 (no wrong
    link claimed); with no gold pairs recall is 1; F1 is 0 when both are 0. Raises
    ``ValueError`` for empty or unequal-length inputs.
    """
    cells, c_size, g_size = _contingency(gold, pred)
    both = sum(_pairs(k) for k in cells.values())
    pred_pairs = sum(_pairs(k) for k in c_size.values())
    gold_pairs = sum(_pairs(k) for k in g_size.values())
    precision = both / pred_pairs if pred_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    return precision, recall, _f1(precision, recall)


def _contingency(
    gold: Sequence[Hashable], pred: Sequence[Hashable]
) -> tuple[Counter, Counter, Counter]:
    """Cell sizes ``n[c, g]`` and cluster sizes; ``None`` labels become singletons."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} items, pred {len(pred)}")
    if not gold:
        raise ValueError("no items to score")
    g = [_label(x, i) for i, x in enumerate(gold)]
    c = [_label(x, i) for i, x in enumerate(pred)]
    return Counter(zip(c, g, strict=True)), Counter(c), Counter(g)


def _label(x: Hashable, i: int) -> Hashable:
    """The label itself, tagged so that ``None`` becomes a singleton of item ``i``."""
    return ("singleton", i) if x is None else ("cluster", x)


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0
