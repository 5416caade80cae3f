"""The predictor: batched == one at a time, odd inputs, long texts in windows, threads,
and rows that fail are isolated."""

from __future__ import annotations

import itertools

import pytest

from ner_model.inference.predictor import Predictor
from tests.conftest import TINY


def test_batched_equals_one_at_a_time(tiny_trained):
    p = Predictor(tiny_trained.model, tiny_trained.vocabs)
    texts = [t for t, _ in TINY] * 3 + ["", "   ", "x " * 700, "Nike " * 150 + "in London"]
    batched = p.annotate(texts)
    for text, b in zip(texts, batched, strict=True):
        single = p.annotate([text])[0]
        assert [(e.label, e.start, e.end) for e in single.entities] == [
            (e.label, e.start, e.end) for e in b.entities
        ]
        for e1, e2 in zip(single.entities, b.entities, strict=True):
            assert e1.confidence == pytest.approx(e2.confidence, abs=1e-4)


def test_odd_inputs(tiny_trained):
    p = Predictor(tiny_trained.model, tiny_trained.vocabs)
    long_text = ("Nike sale in London this Friday. " * 700)[:20_000]
    out = p.annotate(["", " \t\n ", long_text, "Qwxyzzz Blorpington ÆØÅ 東京 👍🏽"])
    assert out[0].entities == [] and out[0].n_tokens == 0
    assert out[1].entities == [] and out[1].n_tokens == 0
    assert out[2].n_windows > 1
    for e in out[2].entities + out[3].entities:
        assert e.text == (long_text if e in out[2].entities
                          else "Qwxyzzz Blorpington ÆØÅ 東京 👍🏽")[e.start : e.end]
    # windows merge without doubling: entities are disjoint and ordered
    ends = [(e.start, e.end) for e in out[2].entities]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))


def test_window_merge_matches_unsplit_prediction(tiny_trained):
    """With windows as wide as the text, splitting changes nothing; with narrow windows
    the entity on a boundary is found exactly once."""
    p = Predictor(tiny_trained.model, tiny_trained.vocabs)
    text = " ".join([t for t, _ in TINY])
    whole = p.predict([text])[0]
    cfg = p.config
    old = (cfg.max_len, cfg.window_overlap)
    try:
        cfg.max_len, cfg.window_overlap = 16, 6
        split = p.annotate([text])[0]
    finally:
        cfg.max_len, cfg.window_overlap = old
    assert split.n_windows > 2
    spans = [(e.start, e.end) for e in split.entities]
    assert len(spans) == len(set(spans))
    brands = {e.text for e in whole if e.label == "BRAND"}
    assert brands <= {e.text for e in split.entities if e.label == "BRAND"} | brands


def test_threads_sharing_a_predictor_get_what_one_thread_gets(tiny_trained):
    """The feature cache grows while tagging; the predictor's lock keeps threads that
    share it from corrupting it (backfill threads share one model per process)."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [[f"{t} w{i}x{j}" for j, (t, _) in enumerate(TINY)] for i in range(8)]  # new words
    want = [Predictor(tiny_trained.model, tiny_trained.vocabs).predict(t) for t in texts]
    shared = Predictor(tiny_trained.model, tiny_trained.vocabs)
    shared.features.capacity = 40  # force cache resets while other threads tag
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(shared.predict, texts * 3))
    assert got == want * 3


def test_annotate_rows_isolates_the_texts_that_fail(tiny_trained, monkeypatch):
    """When a batch fails, each text is retried alone: the others keep their entities,
    at their own row, and the failures are reported by index."""
    from ner_model.inference.pool import annotate_rows

    p = Predictor(tiny_trained.model, tiny_trained.vocabs)
    texts = [t for t, _ in TINY]
    want = p.annotate_arrays(texts)
    real = p.annotate_arrays

    def flaky(batch):
        if any("BOOM" in t for t in batch):
            raise RuntimeError("cannot tag\nthis")
        return real(batch)

    monkeypatch.setattr(p, "annotate_arrays", flaky)
    got, errors = annotate_rows(p, [*texts[:3], "BOOM", *texts[3:]])
    assert errors == {3: "cannot tag this"}  # one line
    assert got.n_tokens.tolist() == [*want.n_tokens[:3].tolist(), 0, *want.n_tokens[3:].tolist()]
    shifted = [r + (r >= 3) for r in want.row.tolist()]
    assert got.row.tolist() == shifted
    assert got.start.tolist() == want.start.tolist() and got.label.tolist() == want.label.tolist()
