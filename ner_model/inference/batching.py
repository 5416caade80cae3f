"""Power-of-two batches of length-sorted pieces, and long-text windows.

Texts become *pieces*: a text of at most ``max_len`` tokens is one piece; a longer text is
split into overlapping windows of ``max_len`` tokens (stride ``max_len - overlap``) whose
predictions are merged back (each token takes the window in which it is most central,
so an entity on a window boundary is neither lost nor doubled).

Pieces are sorted by length and bucketed into batches whose grid is ``(rows, row_len)``,
both powers of two with ``rows * row_len <= token_budget``, one piece per row. The LSTM
runs each piece as its own packed sequence, so the padding of the grid is never computed;
the grid is only the storage layout.

Index conventions: ``rows``/``row_len`` index the grid; a segment is one piece placed at
``(row, col)`` in the grid, ``length`` tokens long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


def next_pow2(n: int) -> int:
    """Smallest power of two ``>= n`` (1 for ``n <= 1``)."""
    return 1 << max(0, (n - 1).bit_length())


def prev_pow2(n: int) -> int:
    """Largest power of two ``<= n`` (``n >= 1``)."""
    return 1 << (n.bit_length() - 1)


@dataclass(frozen=True)
class Piece:
    """A window of one text: tokens ``[start, start + length)`` of text ``text_idx``."""

    text_idx: int
    start: int
    length: int


@dataclass
class Segment:
    """A piece placed in a batch grid at ``(row, col)``."""

    piece: Piece
    row: int
    col: int


@dataclass
class BatchPlan:
    """One batch: a ``(rows, row_len)`` grid holding ``segments``."""

    rows: int
    row_len: int
    segments: list[Segment] = field(default_factory=list)

    @property
    def n_tokens(self) -> int:
        """Real tokens in the batch."""
        return sum(s.piece.length for s in self.segments)

    @property
    def n_padding(self) -> int:
        """Grid positions that hold no token."""
        return self.rows * self.row_len - self.n_tokens


def split_into_pieces(
    lengths: Sequence[int], max_len: int, overlap: int
) -> tuple[list[Piece], dict[int, list[Piece]]]:
    """Cut texts into pieces of at most ``max_len`` tokens.

    Args:
        lengths: token count per text (0 for empty texts, which get no piece).
        max_len: longest piece.
        overlap: tokens shared by consecutive windows of a long text.

    Returns:
        ``(pieces, windows)`` where ``windows[text_idx]`` lists the windows of each text
        that needed more than one.
    """
    if not 0 <= overlap < max_len:
        raise ValueError(f"overlap must be in [0, max_len), got {overlap} for max_len {max_len}")
    stride = max_len - overlap
    pieces: list[Piece] = []
    windows: dict[int, list[Piece]] = {}
    for i, n in enumerate(lengths):
        if n <= 0:
            continue
        if n <= max_len:
            pieces.append(Piece(i, 0, n))
            continue
        ws = []
        start = 0
        while True:
            end = min(start + max_len, n)
            ws.append(Piece(i, max(0, end - max_len), end - max(0, end - max_len)))
            if end == n:
                break
            start += stride
        windows[i] = ws
        pieces.extend(ws)
    return pieces, windows


def plan_length_buckets(
    pieces: Sequence[Piece], token_budget: int = 1024, max_len: int = 128
) -> list[BatchPlan]:
    """Sort-and-bucket batches: one piece per row, similar lengths per batch.

    A packed LSTM runs as many sequential steps as the longest piece in the batch, so a
    batch of similar lengths has the fewest steps per token. Rows and row length are
    powers of two, ``rows * row_len <= token_budget`` (at least one row); every piece
    appears in exactly one segment.
    """
    ordered = sorted(pieces, key=lambda p: -p.length)
    batches: list[BatchPlan] = []
    i = 0
    while i < len(ordered):
        row_len = next_pow2(ordered[i].length)
        rows = prev_pow2(max(1, token_budget // row_len))
        chunk = ordered[i : i + rows]
        plan = BatchPlan(rows=next_pow2(len(chunk)), row_len=row_len)
        plan.segments = [Segment(p, r, 0) for r, p in enumerate(chunk)]
        batches.append(plan)
        i += len(chunk)
    return batches
