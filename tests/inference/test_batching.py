"""Power-of-two batching: every piece placed once, grid sizes are powers of two, within
budget, similar lengths together, windows cover long texts."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ner_model.inference.batching import plan_length_buckets, split_into_pieces


def is_pow2(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


@settings(max_examples=150, deadline=None)
@given(
    lengths=st.lists(st.integers(0, 300), max_size=300),
    max_len=st.sampled_from([8, 16, 32, 100, 128]),
    budget_mult=st.sampled_from([1, 2, 8, 64]),
)
def test_every_piece_once_in_power_of_two_grids(lengths, max_len, budget_mult):
    overlap = max_len // 4
    pieces, windows = split_into_pieces(lengths, max_len, overlap)
    row = 1 << (max_len - 1).bit_length()
    budget = row * budget_mult
    batches = plan_length_buckets(pieces, budget, max_len)
    placed = [s.piece for b in batches for s in b.segments]
    assert sorted(placed, key=repr) == sorted(pieces, key=repr)
    for b in batches:
        assert is_pow2(b.rows) and is_pow2(b.row_len)
        assert b.rows * b.row_len <= budget
        cells = set()
        for s in b.segments:
            assert s.piece.length <= b.row_len
            assert 0 <= s.row < b.rows and s.col + s.piece.length <= b.row_len
            span = {(s.row, s.col + i) for i in range(s.piece.length)}
            assert not (cells & span), "segments overlap in the grid"
            cells |= span
    # windows cover each long text completely, consecutive windows overlap
    for idx, ws in windows.items():
        covered = set()
        for w in ws:
            assert w.length == max_len
            covered |= set(range(w.start, w.start + w.length))
        assert covered == set(range(lengths[idx]))
        for a, b in itertools.pairwise(ws):
            assert a.start + a.length - b.start >= overlap


def test_empty_input_and_bad_settings():
    pieces, windows = split_into_pieces([0, 0], 16, 4)
    assert pieces == [] and windows == {}
    assert plan_length_buckets([], 1024, 16) == []
    with pytest.raises(ValueError):
        split_into_pieces([5], 16, 16)


def test_length_buckets_keep_similar_lengths_together():
    rng = random.Random(1)
    lengths = [rng.randint(1, 128) for _ in range(2000)]
    pieces, _ = split_into_pieces(lengths, 128, 32)
    batches = plan_length_buckets(pieces, 1024, 128)
    placed = sorted((s.piece for b in batches for s in b.segments), key=repr)
    assert placed == sorted(pieces, key=repr)
    for b in batches:
        assert is_pow2(b.rows) and is_pow2(b.row_len) and b.rows * b.row_len <= 1024
        longest = max(s.piece.length for s in b.segments)
        assert b.row_len == 1 << (longest - 1).bit_length(), "rows no longer than needed"
