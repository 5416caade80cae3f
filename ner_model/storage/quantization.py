"""Storage formats of a model's word tables: the lossless-on-reload quantizations that keep
a model directory small.

* trained word table: per-row int8 with power-of-two scales (:func:`quantize_rows`);
* fixed pretrained table (most of a model's size): product quantization (``pq_*``): each
  ``(N, D)`` row is cut into ``G = D / d`` sub-vectors of ``d`` values, and each sub-vector
  is replaced by the nearest of ``K = 256`` centroids learned for its group by k-means, so a
  row is stored as ``G`` one-byte codes plus one small ``(G, K, d)`` codebook per table;
* packed 4-bit rows (:func:`quantize_rows4`): what models saved before product
  quantization used for the fixed table; still read.

Training product-quantizes the fixed table before the first step, so training, evaluation
and the saved model all read the same vectors; saving recovers the codes and codebook exactly
from the quantized table itself (:func:`pq_recover`), so save -> load is an identity. Every
format here round-trips exactly: quantizing a dequantized table gives back the same bytes.
"""

from __future__ import annotations

import torch

PQ_CENTROIDS = 256  # one byte per code


def pq_sub_dim(dim: int) -> int:
    """Values per sub-vector for a ``dim``-wide table: 5 where it divides ``dim``, else 1."""
    return 5 if dim % 5 == 0 else 1


def pq_fit(
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
    k = min(PQ_CENTROIDS, n)
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


def pq_encode(w: torch.Tensor, codebook: torch.Tensor) -> torch.Tensor:
    """``(N, D)`` table -> ``(N, G)`` uint8 codes of the nearest centroid per group."""
    G, _, d = codebook.shape
    w = w.detach().float()
    codes = torch.empty(w.shape[0], G, dtype=torch.uint8)
    for j in range(G):
        for s in range(0, w.shape[0], 65_536):  # bounded (rows x K) distance matrices
            part = w[s : s + 65_536, j * d : (j + 1) * d]
            codes[s : s + 65_536, j] = torch.cdist(part, codebook[j]).argmin(dim=1).to(torch.uint8)
    return codes


def pq_decode(codes: torch.Tensor, codebook: torch.Tensor) -> torch.Tensor:
    """``(N, G)`` codes + ``(G, K, d)`` codebook -> ``(N, G * d)`` float32 table."""
    G = codebook.shape[0]
    parts = [codebook[j][codes[:, j].long()] for j in range(G)]
    return torch.cat(parts, dim=1) if parts else torch.zeros(codes.shape[0], 0)


def pq_round(w: torch.Tensor, codebook: torch.Tensor) -> torch.Tensor:
    """``w`` with every sub-vector replaced by its nearest centroid in ``codebook``: what a
    model stores and reads."""
    return pq_decode(pq_encode(w, codebook), codebook)


def pq_recover(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor] | None:
    """Codes and codebook of a table made by :func:`pq_round`, exactly; None when ``w`` has
    more distinct sub-vectors in some group than one byte can number (not quantized) or
    has no rows.

    Returns:
        ``(codes (N, G) uint8, codebook (G, K, d) float32)`` with ``decode`` giving ``w``
        back bit for bit (the codebook is each group's distinct sub-vectors, sorted).
    """
    d = pq_sub_dim(w.shape[1])
    w = w.detach().float()
    books, codes = [], []
    for a in range(0, w.shape[1], d):
        uniq, inverse = torch.unique(w[:, a : a + d], dim=0, return_inverse=True)
        if not 0 < len(uniq) <= PQ_CENTROIDS:
            return None
        books.append(torch.cat([uniq, uniq[-1:].expand(PQ_CENTROIDS - len(uniq), d)]))
        codes.append(inverse.to(torch.uint8))
    if not books:
        return None
    return torch.stack(codes, dim=1), torch.stack(books)


def quantize_rows(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row int8 quantization of a ``(N, D)`` table: ``(q (N, D) int8, scale (N,))``.

    Scales are powers of two, so ``dequantize_rows`` is exact in float32 and quantizing a
    dequantized table gives back the same ``q`` and ``scale`` (save -> load is an identity).
    """
    a = w.detach().abs().amax(dim=1).clamp(min=1e-30)
    scale = torch.exp2(torch.ceil(torch.log2(a / 127.0)))
    q = torch.round(w.detach() / scale[:, None]).clamp(-127, 127).to(torch.int8)
    return q, scale.float()


def dequantize_rows(q: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """``(N, D)`` float32 table from :func:`quantize_rows` output."""
    return q.float() * scale[:, None]


def quantize_rows4(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row 4-bit quantization of a ``(N, D)`` table, two values per byte:
    ``(packed (N, ceil(D / 2)) uint8, scale (N,) bfloat16)``, levels -7..7.

    The scale is a bfloat16 (8-bit mantissa), so ``level * scale`` is exact in float32 and
    quantizing a dequantized table gives back the same bytes (save -> load is an identity).
    Used for the fixed pretrained table, which is most of a model's size.
    """
    w = w.detach().float()
    a = w.abs().amax(dim=1)
    scale = torch.where(a > 0, a / 7.0, torch.ones_like(a)).to(torch.bfloat16)
    q = torch.round(w / scale.float()[:, None]).clamp(-7, 7).to(torch.int16) + 8  # 1..15
    if q.shape[1] % 2:
        q = torch.cat([q, torch.full((q.shape[0], 1), 8, dtype=q.dtype)], dim=1)
    packed = (q[:, 0::2] | (q[:, 1::2] << 4)).to(torch.uint8)
    return packed, scale


def dequantize_rows4(packed: torch.Tensor, scale: torch.Tensor, dim: int) -> torch.Tensor:
    """``(N, dim)`` float32 table from :func:`quantize_rows4` output."""
    p = packed.to(torch.int16)
    q = torch.stack([p & 15, p >> 4], dim=2).reshape(p.shape[0], -1)[:, :dim] - 8
    return q.float() * scale.float()[:, None]
