"""Product quantization of the fixed pretrained word table (most of a model's size).

Each ``(N, D)`` row is cut into ``G = D / d`` sub-vectors of ``d`` values, and each
sub-vector is replaced by the nearest of ``K = 256`` centroids learned for its group by
k-means: a row is stored as ``G`` one-byte codes (10 bytes for GloVe 50d with ``d = 5``,
against 27 at 4 bits per value) plus one small ``(G, K, d)`` codebook for the table.

Training quantizes the table before the first step, so training, evaluation and the
saved model all read the same vectors; saving recovers the codes and codebook exactly
from the quantized table itself (:func:`recover`), so save -> load is an identity.
"""

from __future__ import annotations

import torch

CENTROIDS = 256  # one byte per code


def sub_dim(dim: int) -> int:
    """Values per sub-vector for a ``dim``-wide table: 5 where it divides ``dim``, else 1."""
    return 5 if dim % 5 == 0 else 1


def fit(
    w: torch.Tensor, d: int, iters: int = 20, sample: int = 65_536, seed: int = 0
) -> torch.Tensor:
    """k-means codebook for each group of ``d`` columns of ``w``.

    Args:
        w: ``(N, D)`` float table, ``D % d == 0``.
        d: values per sub-vector.
        iters: Lloyd iterations, on a seeded sample of ``sample`` rows (the table is
            frequency-ordered words, so the sample is random, not a prefix).

    Returns:
        ``(G, K, d)`` float32 codebook, ``G = D / d``; ``K = min(256, N)``.
    """
    w = w.detach().float()
    n, dim = w.shape
    if dim % d:
        raise ValueError(f"table width {dim} is not a multiple of the sub-vector size {d}")
    g = torch.Generator().manual_seed(seed)
    rows = w[torch.randperm(n, generator=g)[:sample]]
    k = min(CENTROIDS, n)
    books = []
    for a in range(0, dim, d):
        x = rows[:, a : a + d]
        c = x[:k].clone()
        for _ in range(iters):
            idx = torch.cdist(x, c).argmin(dim=1)
            sums = torch.zeros_like(c).index_add_(0, idx, x)
            count = torch.bincount(idx, minlength=k).float()[:, None]
            c = torch.where(count > 0, sums / count.clamp(min=1), c)  # an empty cluster stays
        books.append(c)
    return torch.stack(books)


def encode(w: torch.Tensor, codebook: torch.Tensor) -> torch.Tensor:
    """``(N, D)`` table -> ``(N, G)`` uint8 codes of the nearest centroid per group."""
    G, _, d = codebook.shape
    w = w.detach().float()
    codes = torch.empty(w.shape[0], G, dtype=torch.uint8)
    for j in range(G):
        for s in range(0, w.shape[0], 65_536):  # bounded (rows x K) distance matrices
            part = w[s : s + 65_536, j * d : (j + 1) * d]
            codes[s : s + 65_536, j] = torch.cdist(part, codebook[j]).argmin(dim=1).to(torch.uint8)
    return codes


def decode(codes: torch.Tensor, codebook: torch.Tensor) -> torch.Tensor:
    """``(N, G)`` codes + ``(G, K, d)`` codebook -> ``(N, G * d)`` float32 table."""
    G = codebook.shape[0]
    parts = [codebook[j][codes[:, j].long()] for j in range(G)]
    return torch.cat(parts, dim=1) if parts else torch.zeros(codes.shape[0], 0)


def quantize(w: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """``w`` with every sub-vector replaced by its centroid: what a model stores and reads."""
    codebook = fit(w, sub_dim(w.shape[1]), seed=seed)
    return decode(encode(w, codebook), codebook)


def recover(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor] | None:
    """Codes and codebook of a table made by :func:`quantize`, exactly; None when ``w`` has
    more distinct sub-vectors in some group than one byte can number (not quantized) or
    has no rows.

    Returns:
        ``(codes (N, G) uint8, codebook (G, K, d) float32)`` with ``decode`` giving ``w``
        back bit for bit (the codebook is each group's distinct sub-vectors, sorted).
    """
    d = sub_dim(w.shape[1])
    w = w.detach().float()
    books, codes = [], []
    for a in range(0, w.shape[1], d):
        uniq, inverse = torch.unique(w[:, a : a + d], dim=0, return_inverse=True)
        if not 0 < len(uniq) <= CENTROIDS:
            return None
        books.append(torch.cat([uniq, uniq[-1:].expand(CENTROIDS - len(uniq), d)]))
        codes.append(inverse.to(torch.uint8))
    if not books:
        return None
    return torch.stack(codes, dim=1), torch.stack(books)
