"""Linear-chain CRF loss: learned tag-transition scores on top of per-token scores.

A softmax tagger scores every token on its own, so nothing stops it from reading
``Rosh Hashanah`` as two one-word TIMEs (``B-TIME B-TIME``): both are valid IOB2. A CRF
scores whole tag sequences, ``score(y) = start[y_0] + sum_t emit[t, y_t] +
sum_t trans[y_{t-1}, y_t] + end[y_last]``, and is trained on ``-log p(gold sequence)``,
so how often a tag follows another is learned. Decoding is the same Viterbi search
(:mod:`ner_model.decode`) with these transition scores added to the IOB2 constraints.

Transitions are learned without the IOB2 constraints (the data makes ``O -> I-X``
improbable on its own); they are added only at decoding time.
"""

from __future__ import annotations

import torch


def log_partition(
    emit: torch.Tensor,
    mask: torch.Tensor,
    trans: torch.Tensor,
    start: torch.Tensor,
    end: torch.Tensor,
) -> torch.Tensor:
    """Log of the summed exp-scores of all tag sequences (forward algorithm); a tag whose
    emission is ``-inf`` at a position takes no sequence through it there.

    Args:
        emit: ``(S, T, K)`` per-token tag scores.
        mask: ``(S, T)`` bool, True on real tokens; each row's real tokens come first and
            every row has at least one.
        trans: ``(K, K)`` ``trans[prev, next]``; start, end: ``(K,)``.

    Returns:
        ``(S,)`` log partition per row.
    """
    alpha = start + emit[:, 0]  # (S, K)
    for t in range(1, emit.shape[1]):
        step = torch.logsumexp(alpha.unsqueeze(2) + trans, dim=1) + emit[:, t]  # (S, K)
        alpha = torch.where(mask[:, t : t + 1], step, alpha)
    return torch.logsumexp(alpha + end, dim=1)


def nll(
    emit: torch.Tensor,
    mask: torch.Tensor,
    allowed: torch.Tensor,
    trans: torch.Tensor,
    start: torch.Tensor,
    end: torch.Tensor,
) -> torch.Tensor:
    """``(S,)`` negative log-likelihood of the allowed sequences of each row,
    ``log Z - log Z(allowed)`` (shapes as in :func:`log_partition`). ``allowed`` ``(S, T,
    K)`` bool: the tags a real position may take (the gold tag, or the set a partially
    annotated sentence accepts); ``Z(allowed)`` sums only the sequences inside it.

    Both partitions run as one stacked ``(2S, T, K)`` forward pass: the loop is over
    time steps, so half the steps means half the per-step overhead."""
    both = torch.cat([emit, emit.masked_fill(~allowed, float("-inf"))])
    z = log_partition(both, torch.cat([mask, mask]), trans, start, end)
    return z[: emit.shape[0]] - z[emit.shape[0] :]
