"""Decoding: IOB2-constrained Viterbi over log-probabilities, and tags -> spans."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

NEG_INF = float("-inf")


def iob2_constraints(tag_names: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """Allowed transitions for IOB2.

    Returns:
        ``(trans, start)``: ``trans[i, j]`` is 0 when tag ``j`` may follow tag ``i`` and
        ``-inf`` otherwise, shape ``(K, K)``; ``start[j]`` likewise for the first token,
        shape ``(K,)``. ``I-X`` may only follow ``B-X`` or ``I-X``.
    """
    k = len(tag_names)
    trans = torch.zeros((k, k))
    start = torch.zeros(k)
    for j, tj in enumerate(tag_names):
        if not tj.startswith("I-"):
            continue
        start[j] = NEG_INF
        for i, ti in enumerate(tag_names):
            if ti[2:] != tj[2:] or ti[:2] not in ("B-", "I-"):
                trans[i, j] = NEG_INF
    return trans, start


def viterbi(
    logp: torch.Tensor, lengths: torch.Tensor, trans: torch.Tensor, start: torch.Tensor
) -> torch.Tensor:
    """Best tag sequence per row under hard transition constraints.

    Runs in numpy: the per-step arrays are tiny (``S x K x K``), and numpy's single-threaded
    kernels neither pay torch's dispatch overhead nor stall when another process holds the
    cores torch's thread pool expects.

    Args:
        logp: ``(S, T, K)`` per-token tag log-probabilities.
        lengths: ``(S,)`` real lengths (>= 1); positions past them are ignored.
        trans: ``(K, K)`` transition scores (0 / -inf), ``trans[prev, next]``.
        start: ``(K,)`` scores for the first tag.

    Returns:
        ``(S, T)`` tag ids; positions past a row's length repeat its last tag.
    """
    lp = logp.detach().cpu().numpy()
    lens = lengths.cpu().numpy()
    tr = trans.cpu().numpy()
    st = start.cpu().numpy()
    if lp.shape[0] == 1:
        return torch.from_numpy(_viterbi_one(lp[0, : int(lens[0])], tr, st, lp.shape[1]))
    return torch.from_numpy(_viterbi_batch(lp, lens, tr, st))


def _viterbi_batch(lp: np.ndarray, lens: np.ndarray, trans: np.ndarray, start: np.ndarray) -> np.ndarray:
    """:func:`viterbi` for ``(S, T, K)`` log-probabilities; returns ``(S, T)`` ids."""
    S, T, K = lp.shape
    score = lp[:, 0] + start  # (S, K)
    back = np.zeros((S, T, K), dtype=np.int64)
    rows = np.arange(S)[:, None]
    cols = np.arange(K)[None, :]
    for t in range(1, T):
        cand = score[:, :, None] + trans  # (S, prev K, next K)
        arg = cand.argmax(axis=1)  # (S, K)
        back[:, t] = arg
        best = cand[rows, arg, cols] + lp[:, t]
        active = (t < lens)[:, None]
        score = np.where(active, best, score)
    cur = score.argmax(axis=1)  # (S,)
    out = np.empty((S, T), dtype=np.int64)
    idx = np.arange(S)
    for t in range(T - 1, -1, -1):
        out[:, t] = cur
        if t > 0:
            cur = np.where(t < lens, back[idx, t, cur], cur)
    return out


def _viterbi_one(logp: np.ndarray, trans: np.ndarray, start: np.ndarray, total: int) -> np.ndarray:
    """:func:`viterbi` for one ``(n, K)`` sequence in numpy; returns ``(1, total)`` ids."""
    n, k = logp.shape
    back = np.zeros((n, k), dtype=np.int64)
    score = logp[0] + start
    for t in range(1, n):
        cand = score[:, None] + trans  # (prev K, next K)
        arg = cand.argmax(axis=0)
        back[t] = arg
        score = cand[arg, np.arange(k)] + logp[t]
    out = np.empty(total, dtype=np.int64)
    cur = int(score.argmax())
    out[n - 1 :] = cur
    for t in range(n - 1, 0, -1):
        cur = int(back[t, cur])
        out[t - 1] = cur
    return out[None, :]
