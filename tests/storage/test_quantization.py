"""Storage formats of the word tables round-trip exactly."""

from __future__ import annotations

import torch

from ner_model.storage import quantization
from ner_model.storage.quantization import dequantize_rows4, quantize_rows4


def test_four_bit_rows_round_trip_exactly_within_half_a_step():
    """Older models store the fixed pretrained table at 4 bits (still loaded): quantizing
    what was dequantized gives the same bytes back (so save -> load -> save is an
    identity), odd widths and all-zero rows included, and every value is within half a
    quantization step."""
    g = torch.Generator().manual_seed(0)
    for dim in (50, 7):
        w = torch.randn(300, dim, generator=g) * torch.rand(300, 1, generator=g) * 4
        w[5] = 0.0
        packed, scale = quantize_rows4(w)
        assert packed.dtype == torch.uint8 and packed.shape == (300, (dim + 1) // 2)
        d = dequantize_rows4(packed, scale, dim)
        assert d.shape == w.shape and not d[5].any()
        again = quantize_rows4(d)
        assert torch.equal(again[0], packed) and torch.equal(again[1], scale)
        step = w.abs().amax(dim=1, keepdim=True) / 7
        assert ((d - w).abs() <= step / 2 * 1.01).all()


def test_product_quantized_table_round_trips_exactly_and_is_near_the_original():
    """The fixed table's product quantization: codes and codebook are recovered bit for bit
    from the quantized table (save -> load -> save is an identity), an unquantized table is
    recognised as such, and the quantization error is a fraction of the rows' norms."""
    g = torch.Generator().manual_seed(0)
    w = torch.randn(5000, 50, generator=g) @ torch.randn(50, 50, generator=g) * 0.1  # correlated
    assert quantization.pq_recover(w) is None  # 5000 distinct pieces per group
    q = quantization.pq_round(w, quantization.pq_fit(w, quantization.pq_sub_dim(w.shape[1])))
    codes, book = quantization.pq_recover(q)
    assert codes.dtype == torch.uint8 and codes.shape == (5000, 10) and book.shape == (10, 256, 5)
    assert torch.equal(quantization.pq_decode(codes, book), q)
    assert torch.equal(quantization.pq_encode(q, book), codes)  # a centroid is its own nearest
    rel = (q - w).norm(dim=1) / w.norm(dim=1)
    assert 0.0 < rel.median() < 0.5
    # more centroids than a byte numbers are never produced; widths not divisible by 5 use 1
    assert (quantization.pq_sub_dim(7) == 1
            and quantization.pq_recover(
                quantization.pq_round(w[:, :7], quantization.pq_fit(w[:, :7], 1))) is not None)
    assert quantization.pq_recover(torch.zeros(0, 50)) is None  # an empty table: nothing to store
