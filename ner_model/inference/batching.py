"""Power-of-two batching with sequence packing and long-text windows.

Texts become *pieces*: a text of at most ``max_len`` tokens is one piece; a longer text is
split into overlapping windows of ``max_len`` tokens (stride ``max_len - overlap``) whose
predictions are merged back (each token takes the window in which it is most central,
so an entity on a window boundary is neither lost nor doubled).

Pieces are laid out in batches whose grid is ``(rows, row_len)`` with both sizes powers
of two and ``rows * row_len <= token_budget``. A row holds several short pieces end to end
(best-fit-decreasing packing), which is what keeps padding low: padding a 9-token text to
16 alone would waste 44%. The model never runs across piece boundaries: the LSTM consumes
each piece as its own packed sequence, the grid is only the storage layout.

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


def _pack(pieces: Sequence[Piece], row_len: int) -> list[list[Piece]]:
    """Best-fit packing of ``pieces`` (longest first) into rows of ``row_len`` tokens."""
    rows: list[list[Piece]] = []
    # free[c] = indices of rows with exactly c free slots; c in [0, row_len].
    free: list[list[int]] = [[] for _ in range(row_len + 1)]
    for p in sorted(pieces, key=lambda p: -p.length):
        target = -1
        for c in range(p.length, row_len + 1):
            if free[c]:
                target = free[c].pop()
                break
        if target < 0:
            rows.append([])
            target = len(rows) - 1
            c = row_len
        rows[target].append(p)
        free[c - p.length].append(target)
    return rows


def _grid(rows: list[list[Piece]], n_rows: int, row_len: int) -> BatchPlan:
    plan = BatchPlan(rows=n_rows, row_len=row_len)
    for r, row in enumerate(rows):
        col = 0
        for p in row:
            plan.segments.append(Segment(p, r, col))
            col += p.length
    return plan


def plan_batches(
    pieces: Sequence[Piece], token_budget: int = 8192, max_len: int = 128
) -> list[BatchPlan]:
    """Lay ``pieces`` out in power-of-two batches within ``token_budget`` grid cells.

    Full batches use rows of ``next_pow2(max_len)`` tokens and as many rows as the budget
    allows; rows are filled longest piece first, so early batches hold the long pieces
    (plus short fillers) and later ones the short. The last, partial batch is shrunk to
    the power-of-two grid with the fewest cells that still holds its pieces.

    Args:
        pieces: from :func:`split_into_pieces`; each at most ``max_len`` long.
        token_budget: maximum grid cells (``rows * row_len``) per batch.
        max_len: longest piece.

    Returns:
        Batches; every piece appears in exactly one segment.
    """
    row_len = next_pow2(max_len)
    if token_budget < row_len:
        raise ValueError(f"token_budget {token_budget} is smaller than a row ({row_len})")
    max_rows = prev_pow2(token_budget // row_len)
    # One global best-fit-decreasing packing: long pieces open rows, short ones fill the
    # gaps, so rows are nearly full whatever the length distribution.
    rows = _pack(pieces, row_len)
    batches: list[BatchPlan] = []
    n_full = len(rows) // max_rows
    for b in range(n_full):
        batches.append(_grid(rows[b * max_rows : (b + 1) * max_rows], max_rows, row_len))
    rest = [p for row in rows[n_full * max_rows :] for p in row]
    if rest:
        batches.append(_smallest_grid(rest, row_len))
    return batches


def plan_length_buckets(
    pieces: Sequence[Piece], token_budget: int = 1024, max_len: int = 128
) -> list[BatchPlan]:
    """Classic sort-and-bucket batches: one piece per row, similar lengths per batch.

    Training uses this layout: a packed LSTM runs as many sequential steps as the
    longest piece in the batch, so a batch of similar lengths has far fewer steps per
    token than a packed grid whose rows mix long pieces with short fillers. Rows and row
    length are powers of two, ``rows * row_len <= token_budget`` (at least one row).
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


def _smallest_grid(chunk: Sequence[Piece], max_row_len: int) -> BatchPlan:
    """The power-of-two grid with the fewest cells that holds ``chunk``."""
    longest = max(p.length for p in chunk)
    best: BatchPlan | None = None
    row_len = next_pow2(longest)
    while row_len <= max_row_len:
        rows = _pack(chunk, row_len)
        plan = _grid(rows, next_pow2(len(rows)), row_len)
        if best is None or plan.rows * plan.row_len < best.rows * best.row_len:
            best = plan
        row_len *= 2
    assert best is not None
    return best


def padding_ratio(batches: Sequence[BatchPlan]) -> float:
    """Padding positions / real tokens over ``batches`` (0.0 when there are no tokens)."""
    real = sum(b.n_tokens for b in batches)
    return sum(b.n_padding for b in batches) / real if real else 0.0


def window_owner(windows: Sequence[Piece], n_tokens: int) -> list[tuple[int, int]]:
    """For each token of a windowed text, the window that owns it and its offset there.

    A token is owned by the window in which it is farthest from an edge, so predictions
    near window borders (which see less context) are never used when a better one exists.

    Returns:
        ``owner[t] = (window_index, position_within_window)`` for ``t`` in ``range(n_tokens)``.
    """
    owner = []
    for t in range(n_tokens):
        best, best_margin = -1, -1
        for w, p in enumerate(windows):
            if p.start <= t < p.start + p.length:
                margin = min(t - p.start, p.start + p.length - 1 - t)
                if margin > best_margin:
                    best, best_margin = w, margin
        owner.append((best, t - windows[best].start))
    return owner
