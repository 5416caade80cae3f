"""The linear-chain CRF in one place: allowed IOB2 transitions, the training likelihood,
Viterbi decoding and per-token marginals.

A softmax tagger scores every token on its own, so nothing stops it from reading
``Rosh Hashanah`` as two one-word TIMEs (``B-TIME B-TIME``): both are valid IOB2. A CRF
scores whole tag sequences, ``score(y) = start[y_0] + sum_t emit[t, y_t] +
sum_t trans[y_{t-1}, y_t] + end[y_last]``, and is trained on ``-log p(gold sequence)``
(:func:`nll`), so how often a tag follows another is learned. The tagger owns the learned
scores (``Tagger.crf_trans``, ``crf_start``, ``crf_end``); :func:`decoding_scores` adds the
hard IOB2 constraints (:func:`iob2_constraints`) to them for :func:`viterbi` and
:func:`marginals`. A tagger trained without a CRF decodes with the constraints alone.

Transitions are learned without the IOB2 constraints (the data makes ``O -> I-X``
improbable on its own); they are added only at decoding time.

Shapes: ``S`` sequences, ``T`` time steps, ``K`` tags; ``trans[prev, next]``.
Training (:func:`log_partition`, :func:`nll`) runs in torch with autograd; decoding runs in
numpy (the per-step arrays are tiny, and numpy's single-threaded kernels neither pay
torch's dispatch overhead nor stall when another process holds the cores).
"""

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


def decoding_scores(
    tag_names: Sequence[str],
    trans: torch.Tensor | None = None,
    start: torch.Tensor | None = None,
    end: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """``(trans (K, K), start (K,), end (K,) or None)`` to decode with: the IOB2
    constraints plus, for a CRF tagger, its learned scores (None: constraints only)."""
    t, s = iob2_constraints(tag_names)
    if trans is None:
        return t, s, None
    return t + trans.detach(), s + start.detach(), end.detach().clone()


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


def viterbi(
    logp: torch.Tensor,
    lengths: torch.Tensor,
    trans: torch.Tensor,
    start: torch.Tensor,
    end: torch.Tensor | None = None,
) -> torch.Tensor:
    """Best tag sequence per row: emission plus transition scores, under hard constraints.

    Runs in numpy: the per-step arrays are tiny (``S x K x K``), and numpy's single-threaded
    kernels neither pay torch's dispatch overhead nor stall when another process holds the
    cores torch's thread pool expects.

    Args:
        logp: ``(S, T, K)`` per-token tag log-probabilities.
        lengths: ``(S,)`` real lengths (>= 1); positions past them are ignored.
        trans: ``(K, K)`` transition scores, ``trans[prev, next]`` (0 / -inf for plain
            IOB2 constraints; -inf wherever a transition is forbidden).
        start: ``(K,)`` scores for the first tag.
        end: optional ``(K,)`` scores for the last tag (a CRF's; default 0).

    Returns:
        ``(S, T)`` tag ids; positions past a row's length repeat its last tag.
    """
    return torch.from_numpy(_viterbi_np(*_as_numpy(logp, lengths, trans, start, end)))


def _as_numpy(*tensors: torch.Tensor | None) -> list[np.ndarray | None]:
    """The arguments of :func:`viterbi` / :func:`marginals` as numpy arrays (None stays)."""
    return [None if t is None else t.detach().cpu().numpy() for t in tensors]


def _sparse_transitions(trans: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Split hard (0 / -inf) constraints into *free* tags (any predecessor) and *restricted*
    tags with few allowed predecessors (IOB2: ``I-X`` after ``B-X`` or ``I-X`` only).

    Returns ``(free (F,), restricted (R,), prev (R, w))`` or None when ``trans`` has other
    scores or dense restrictions (then the generic ``O(K^2)`` step is used).
    """
    if not np.all((trans == 0) | np.isneginf(trans)):
        return None
    allowed = trans == 0
    free = np.flatnonzero(allowed.all(axis=0))
    restricted = np.flatnonzero(~allowed.all(axis=0))
    prevs = [np.flatnonzero(allowed[:, j]) for j in restricted]
    if any(len(p) == 0 for p in prevs) or max((len(p) for p in prevs), default=0) > 4:
        return None
    w = max((len(p) for p in prevs), default=1)
    prev = np.array([[*p, *([p[0]] * (w - len(p)))] for p in prevs],
                    dtype=np.int64).reshape(len(prevs), w)
    return free, restricted, prev


def _by_length(lens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by length, longest first, and for each time step ``t`` the number of
    rows still running (``length > t``): then a step works on a prefix of the rows."""
    order = np.argsort(-lens, kind="stable")
    T = int(lens.max()) if len(lens) else 0
    running = np.searchsorted(-lens[order], -np.arange(T), side="left")  # (T,)
    return order, running


def _viterbi_np(lp: np.ndarray, lens: np.ndarray, trans: np.ndarray, start: np.ndarray,
                end: np.ndarray | None = None) -> np.ndarray:
    """:func:`viterbi` for ``(S, T, K)`` log-probabilities; returns ``(S, T)`` ids.

    With IOB2 constraints a step costs ``O(K)`` per row instead of ``O(K^2)``: a free tag's
    best predecessor is the row's overall best, a restricted tag compares its two allowed
    predecessors. Corpora with dozens of types (79+ tags) would otherwise pay ``K^2``.
    Each step only touches the rows still running (rows are taken longest first).
    """
    S, T, K = lp.shape
    out = np.empty((S, T), dtype=np.int64)
    if S == 0 or T == 0:
        return out
    order, running = _by_length(lens)
    lp = lp[order]
    sparse = _sparse_transitions(trans)
    trans_t = np.ascontiguousarray(trans.T, dtype=lp.dtype)  # (next K, prev K)
    flat = np.arange(S * K)
    score = lp[:, 0] + start  # (S, K)
    back = np.zeros((S, T, K), dtype=np.int64)
    for t in range(1, min(T, len(running))):
        n = int(running[t])
        s = score[:n]
        if sparse is None:
            # previous tag on the last, contiguous axis: numpy's arg-max is much faster there
            cand = (s[:, None, :] + trans_t).reshape(n * K, K)  # (n * next K, prev K)
            arg_flat = cand.argmax(axis=1)
            best = cand[flat[: n * K], arg_flat].reshape(n, K)
            arg = arg_flat.reshape(n, K)
        else:
            free, restricted, prev = sparse
            best = np.empty_like(s)
            arg = np.empty((n, K), dtype=np.int64)
            arg_all = s.argmax(axis=1)  # (n,)
            best[:, free] = s.max(axis=1)[:, None]
            arg[:, free] = arg_all[:, None]
            if len(restricted):
                cand = s[:, prev]  # (n, R, w)
                a = cand.argmax(axis=2)  # (n, R)
                best[:, restricted] = cand.max(axis=2)
                arg[:, restricted] = prev[np.arange(len(restricted))[None, :], a]
        back[:n, t] = arg
        score[:n] = best + lp[:n, t]
    cur = (score if end is None else score + end).argmax(axis=1)  # (S,)
    sorted_out = np.empty((S, T), dtype=np.int64)
    for t in range(T - 1, -1, -1):
        sorted_out[:, t] = cur
        if 0 < t < len(running):
            n = int(running[t])
            cur[:n] = back[np.arange(n), t, cur[:n]]
    out[order] = sorted_out
    return out


def marginals(
    logp: torch.Tensor,
    lengths: torch.Tensor,
    trans: torch.Tensor,
    start: torch.Tensor,
    end: torch.Tensor | None = None,
) -> torch.Tensor:
    """Per-token tag marginals ``p(y_t = k | x)`` of the sequence model :func:`viterbi`
    maximises (forward-backward; a CRF tagger's confidence).

    Args and shapes as in :func:`viterbi`. Returns ``(S, T, K)`` probabilities; positions
    past a row's length are meaningless.
    """
    return torch.from_numpy(_marginals_np(*_as_numpy(logp, lengths, trans, start, end)))


def _marginals_np(lp: np.ndarray, lens: np.ndarray, trans: np.ndarray, start: np.ndarray,
                  end: np.ndarray | None = None) -> np.ndarray:
    """:func:`marginals` in numpy. Runs in probability space, rescaling every step (the
    scale of each ``alpha_t`` and ``beta_t`` cancels in the normalised product), so a step
    is one small matrix product instead of a ``K x K`` log-sum-exp; each step only touches
    the rows still running."""
    S, T, K = lp.shape
    if S == 0 or T == 0:
        return np.zeros((S, T, K), dtype=lp.dtype)
    order, running = _by_length(lens)
    # (S, T, K), max 1 per token; floored at e^-60 so that no row of a step can underflow
    # to all 0 in float32 (whose smallest normal number is e^-87; a floor of e^-500 was 0)
    emit = np.exp(np.maximum(lp[order] - lp[order].max(axis=2, keepdims=True), -60.0))
    A = np.exp(trans).astype(emit.dtype)  # (K, K); forbidden transitions are 0
    stop = (np.ones(K) if end is None else np.exp(end - end.max())).astype(emit.dtype)
    alpha = np.zeros_like(emit)  # zeros past a row's length: no garbage in the product below
    a = np.exp(start - start.max()).astype(emit.dtype) * emit[:, 0]
    alpha[:, 0] = a / a.sum(axis=1, keepdims=True)
    for t in range(1, min(T, len(running))):
        n = int(running[t])
        nxt = (alpha[:n, t - 1] @ A) * emit[:n, t]
        alpha[:n, t] = nxt / nxt.sum(axis=1, keepdims=True)
    beta = np.empty_like(emit)
    beta[:] = stop / stop.sum()  # a row's last real token: the end scores
    for t in range(min(T, len(running)) - 2, -1, -1):
        n = int(running[t + 1])  # rows whose token t + 1 is real
        prev = (emit[:n, t + 1] * beta[:n, t + 1]) @ A.T
        beta[:n, t] = prev / prev.sum(axis=1, keepdims=True)
    m = alpha * beta
    m /= np.maximum(m.sum(axis=2, keepdims=True), 1e-30)
    out = np.empty_like(m)
    out[order] = m
    return out
