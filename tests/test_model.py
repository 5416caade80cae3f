"""Model invariants (STYLE.md #10): overfit, save/load identity, batched == single,
gradients everywhere, odd inputs, padding never reaches the loss."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
import torch

from ner_model.inference.batching import plan_batches, split_into_pieces
from ner_model.inference.encoding import Encoder
from ner_model.inference.predictor import Predictor
from ner_model.model import Tagger, TaggerConfig
from ner_model.model.crf import iob2_constraints, viterbi
from ner_model.storage import quantization
from ner_model.storage.model_dir import ModelLoadError, load_model, model_version, save_model
from ner_model.storage.quantization import dequantize_rows4, quantize_rows4
from ner_model.text.spans import iob2_entities
from ner_model.text.tokenizer import GLUE, UNDERSCORE, marked_tokens, token_spans
from ner_model.text.vocab import CASE_CLASSES
from tests.conftest import TINY


def test_overfits_tiny_set_to_exact_gold(tiny_trained, tiny_sentences):
    assert tiny_trained.dev.micro_f1 == 1.0
    pred = Predictor(tiny_trained.model, tiny_trained.vocabs).tag_tokens([s.model_tokens for s in tiny_sentences])
    assert [p.tags for p in pred] == [s.tags for s in tiny_sentences]
    # and the spans come back with the gold character offsets
    got = Predictor(tiny_trained.model, tiny_trained.vocabs).predict([t for t, _ in TINY])
    for (text, ents), found in zip(TINY, got, strict=True):
        assert [(e.start, e.end, e.label) for e in found] == [tuple(e) for e in ents]
        for e in found:
            assert text[e.start : e.end] == e.text and 0.0 <= e.confidence <= 1.0


def test_save_load_gives_identical_predictions(tiny_trained, tmp_path):
    version = save_model(tiny_trained.model, tiny_trained.vocabs, tmp_path / "m")
    model, vocabs, loaded_version = load_model(tmp_path / "m")
    assert loaded_version == version == model_version(tmp_path / "m")
    texts = [t for t, _ in TINY] + ["Unseen Zorblax pop-up in Reykjavik next Tuesday"]
    before = Predictor(tiny_trained.model, tiny_trained.vocabs).predict(texts)
    after = Predictor(model, vocabs).predict(texts)
    assert before == after
    # saving the same weights again yields the same content-hash version
    assert save_model(model, vocabs, tmp_path / "m2") == version


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


def test_every_parameter_gets_a_gradient(tiny_trained, tiny_sentences):
    model = Tagger(tiny_trained.model.config)
    vocabs = tiny_trained.vocabs
    model.train()
    tokens = [s.tokens for s in tiny_sentences]
    tags = [[vocabs.tags.index[t] for t in s.tags] for s in tiny_sentences]
    pieces, _ = split_into_pieces([len(t) for t in tokens], 128, 32)
    (plan,) = plan_batches(pieces, 4096, 128)
    batch, _, gold = Encoder(vocabs, model.config.max_word_chars).encode(plan, tokens, tags)
    _, loss = model(batch, gold)
    loss.backward()
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    assert {n for n, _ in model.named_parameters()} - {n for n, _ in trainable} == {"fixed_word_emb.weight"}
    for name, param in trainable:
        assert param.grad is not None, name
        assert param.grad.abs().sum() > 0, name


def test_padding_never_reaches_the_loss(tiny_trained, tiny_sentences):
    model = tiny_trained.model
    vocabs = tiny_trained.vocabs
    tokens = [s.tokens for s in tiny_sentences]
    tags = [[vocabs.tags.index[t] for t in s.tags] for s in tiny_sentences]
    pieces, _ = split_into_pieces([len(t) for t in tokens], 128, 32)
    (plan,) = plan_batches(pieces, 4096, 128)
    batch, _, gold = Encoder(vocabs, model.config.max_word_chars).encode(plan, tokens, tags)
    model.eval()
    _, loss = model(batch, gold)
    mask = batch.mask
    assert (~mask).any(), "the batch must contain padding for this test to mean anything"
    garbage = gold.clone()
    g = torch.Generator().manual_seed(0)
    noise = torch.randint(0, len(vocabs.tags), gold.shape, generator=g)
    garbage[~mask] = noise[~mask]
    _, loss2 = model(batch, garbage)
    assert torch.equal(loss, loss2)
    # and changing a real token's tag does change it
    changed = gold.clone()
    changed[0, 0] = (changed[0, 0] + 1) % len(vocabs.tags)
    _, loss3 = model(batch, changed)
    assert not torch.equal(loss, loss3)


def test_odd_inputs(tiny_trained):
    p = Predictor(tiny_trained.model, tiny_trained.vocabs)
    long_text = ("Nike sale in London this Friday. " * 700)[:20_000]
    out = p.annotate(["", " \t\n ", long_text, "Qwxyzzz Blorpington ÆØÅ 東京 👍🏽"])
    assert out[0].entities == [] and out[0].n_tokens == 0
    assert out[1].entities == [] and out[1].n_tokens == 0
    assert out[2].n_windows > 1
    for e in out[2].entities + out[3].entities:
        assert e.text == (long_text if e in out[2].entities else "Qwxyzzz Blorpington ÆØÅ 東京 👍🏽")[e.start : e.end]
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


def test_config_validation_and_bad_model_dirs(tiny_trained, tmp_path):
    with pytest.raises(ValueError):
        Tagger(TaggerConfig(n_words=10, n_chars=10, n_tags=3, dropout=1.5))
    with pytest.raises(ModelLoadError, match="does not exist"):
        load_model(tmp_path / "nope")
    d = tmp_path / "m"
    save_model(tiny_trained.model, tiny_trained.vocabs, d)
    (d / "weights.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelLoadError, match=r"weights\.safetensors"):
        load_model(d)
    save_model(tiny_trained.model, tiny_trained.vocabs, d)
    (d / "config.json").write_text("{broken")
    with pytest.raises(ModelLoadError, match=r"config\.json"):
        load_model(d)
    save_model(tiny_trained.model, tiny_trained.vocabs, d)
    cfg = json.loads((d / "config.json").read_text())
    cfg["hidden"] += 1
    (d / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelLoadError, match=r"weights\.safetensors"):
        load_model(d)
    (d / "vocab.json").unlink()
    with pytest.raises(ModelLoadError, match=r"vocab\.json is missing"):
        load_model(d)


def test_packed_bilstm_matches_nn_lstm():
    """The inference recurrence (input gates per type, fused directions) computes what a
    packed ``nn.LSTM`` computes, for any mix of lengths."""
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    from ner_model.model.fast import PackedBiLSTM, packed_order

    torch.manual_seed(0)
    lstm = torch.nn.LSTM(20, 16, bidirectional=True, batch_first=True).eval()
    lengths = np.array([9, 7, 7, 3, 1, 1])
    x = torch.randn(int(lengths.sum()), 20)
    fwd, bwd, batch_sizes = packed_order(lengths)
    k = PackedBiLSTM(lstm)
    with torch.inference_mode():
        g = k.input_gates(x)
        h = k.run(torch.stack([g[fwd, :64], g[bwd, 64:]]), batch_sizes)
        got = torch.empty(len(x), 32)
        got[fwd, :16], got[bwd, 16:] = h[0], h[1]
        padded = torch.zeros(len(lengths), int(lengths[0]), 20)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        for s, (o, n) in enumerate(zip(starts, lengths, strict=True)):
            padded[s, :n] = x[o : o + n]
        ref, _ = lstm(pack_padded_sequence(padded, torch.from_numpy(lengths), batch_first=True))
        ref, _ = pad_packed_sequence(ref, batch_first=True)
    want = torch.cat([ref[s, :n] for s, n in enumerate(lengths)])
    torch.testing.assert_close(got, want, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("trained", [True, False])
def test_fast_inference_equals_forward_and_viterbi(tiny_trained, tiny_sentences, trained):
    """Predictor's inference path gives the log-probabilities of ``Tagger.forward`` and
    the tags of a full constrained Viterbi with the CRF's transition scores (without a
    CRF the argmax shortcut changes nothing), also for an untrained model whose argmax is
    rarely valid IOB2."""
    torch.manual_seed(1)
    model = tiny_trained.model if trained else Tagger(tiny_trained.model.config).eval()
    vocabs = tiny_trained.vocabs
    pred = Predictor(model, vocabs)
    tokens = [s.tokens for s in tiny_sentences] * 3 + [["Nike"], ["a"] * 200]
    got = pred.tag_tokens(tokens)
    ref = Predictor(model, vocabs)
    ref.view.lstm = None  # the reference path: Tagger.forward on the same batches
    trans, start = iob2_constraints(pred.tag_names)
    if model.config.crf:  # and the CRF's learned transition scores
        trans, start = trans + model.crf_trans.detach(), start + model.crf_start.detach()
    for t, g in zip(tokens, got, strict=True):
        pieces, _ = split_into_pieces([len(t)], 128, 32)
        if len(pieces) > 1:  # windowed texts are merged first; compared through tags below
            continue
        with torch.inference_mode():
            fast = pred._log_probs(np.array([len(t)]), list(t))  # (n, K)
            slow = ref._log_probs(np.array([len(t)]), list(t))
        torch.testing.assert_close(fast, slow, atol=1e-5, rtol=1e-4)
        best = viterbi(slow.unsqueeze(0), torch.tensor([len(t)]), trans, start, pred.end)[0]
        assert g.ids.tolist() == best.tolist()
    assert [g.tags for g in got] == [g.tags for g in ref.tag_tokens(tokens)]


def test_pretrained_words_unseen_in_training_keep_their_glove_vectors(tiny_sentences, tmp_path):
    """With GloVe, words never seen in training get their (product-quantized) GloVe vector
    from a fixed table that training leaves alone, the seen words are trained, and save -> load
    keeps every prediction."""
    from ner_model.training.embeddings import glove_rows, glove_top_words
    from ner_model.training.loop import TrainOptions, train_model

    options = TrainOptions(max_epochs=3, patience=3, batch_tokens=128, pretrained_words=300)
    result = train_model(tiny_sentences, tiny_sentences, TaggerConfig(hidden=16), options)
    model, vocabs = result.model, result.vocabs
    n_fixed = model.config.n_fixed_words
    seen = {t.lower() for s in tiny_sentences for t in s.tokens}
    # GloVe words our tokenizer cannot produce as one token ("u.s.", "n't") are left out
    extra = [w for w in glove_top_words(300) if w not in seen and token_spans(w) == [(0, len(w))]]
    assert n_fixed == len(extra) > 200 and "u.s." in glove_top_words(300) and "u.s." not in extra
    assert vocabs.words.all_items[-n_fixed:] == sorted(extra)
    glove = torch.from_numpy(glove_rows(sorted(extra), 50)[0])
    fixed = model.fixed_word_emb.weight
    # product-quantized (what is saved): each 5-value piece of a row is the nearest of the
    # table's at most 256 centroids for that piece, and the pieces came from GloVe
    codes, book = quantization.pq_recover(fixed)
    assert codes.shape == (n_fixed, 10) and book.shape == (10, 256, 5)
    assert torch.equal(quantization.pq_decode(codes, book), fixed)
    assert torch.equal(quantization.pq_encode(glove, book), codes)
    assert (fixed - glove).norm(dim=1).median() < 0.25 * glove.norm(dim=1).median()
    assert not model.fixed_word_emb.weight.requires_grad
    # the word "city" (GloVe, not in the tiny set) is looked up in the fixed table
    wid = vocabs.word_id("city")
    assert wid >= len(vocabs.words) - n_fixed
    vec = model.word_vectors(torch.tensor([wid]))[0]
    torch.testing.assert_close(vec, model.fixed_word_emb.weight[wid - (len(vocabs.words) - n_fixed)])
    version = save_model(model, vocabs, tmp_path / "m")
    loaded, loaded_vocabs, _ = load_model(tmp_path / "m")
    texts = [t for t, _ in TINY] + ["the city of Lyon hosts a Zorblax pop-up next week"]
    assert Predictor(model, vocabs).predict(texts) == Predictor(loaded, loaded_vocabs).predict(texts)
    assert save_model(loaded, loaded_vocabs, tmp_path / "m2") == version
    # the fixed table is stored product-quantized; a codebook cut short is a clear error
    from safetensors.torch import load_file, save_file

    state = load_file(tmp_path / "m2" / "weights.safetensors")
    assert state["fixed_word_emb.weight.pq_codes"].shape == (n_fixed, 10)
    state["fixed_word_emb.weight.pq_codebook"] = state["fixed_word_emb.weight.pq_codebook"][:, :16].contiguous()
    save_file(state, tmp_path / "m2" / "weights.safetensors")
    with pytest.raises(ModelLoadError, match=r"malformed fixed_word_emb\.weight\.pq_codes"):
        load_model(tmp_path / "m2")


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


def test_glue_feature_reaches_the_model_and_older_configs_load_without_it(tiny_trained, tmp_path):
    model, vocabs = tiny_trained.model, tiny_trained.vocabs
    assert model.config.glue and model.config.underscore
    enc = Encoder(vocabs, model.config.max_word_chars, glue=True, underscore=True)
    word, case, chars = enc.type_info("Friday")
    assert enc.type_info(GLUE + "Friday") == (word, case + len(CASE_CLASSES), chars)
    assert enc.type_info(UNDERSCORE + "Friday") == (word, case + 2 * len(CASE_CLASSES), chars)
    plain = Encoder(vocabs, model.config.max_word_chars, glue=False)
    assert plain.type_info(GLUE + "Friday") == plain.type_info("Friday") == (word, case, chars)
    assert plain.type_info(UNDERSCORE + "Friday") == (word, case, chars)
    # annotate() reads the marks from the text: same tags as tagging the marked tokens
    text = "Nike_US_BlackFriday2024_Prospecting"
    p = Predictor(model, vocabs)
    spans = token_spans(text)
    got = p.annotate([text])[0].entities
    tags = p.tag_tokens([marked_tokens(text, spans)])[0].tags
    assert [(e.start, e.end) for e in got] == [(spans[a][0], spans[b - 1][1]) for _, a, b in iob2_entities(tags)]
    # models saved before glue / underscore features (no key in config.json) load without them
    for key in ("glue", "underscore"):
        cfg = TaggerConfig.from_json({k: v for k, v in model.config.to_json().items() if k != key})
        assert getattr(cfg, key) is False
    old = TaggerConfig(**{**model.config.to_json(), "glue": False, "underscore": False})
    assert Tagger(old).case_emb.num_embeddings == len(CASE_CLASSES)
    glue_only = TaggerConfig(**{**model.config.to_json(), "underscore": False})
    assert Tagger(glue_only).case_emb.num_embeddings == 2 * len(CASE_CLASSES)
    assert model.case_emb.num_embeddings == 3 * len(CASE_CLASSES)


def test_crf_transitions_are_learned_used_and_older_configs_load_without_them(tiny_trained, tiny_sentences):
    model, vocabs = tiny_trained.model, tiny_trained.vocabs
    assert model.config.crf
    names = vocabs.tags.all_items
    trans = model.crf_trans.detach()
    o, b_time, i_time = names.index("O"), names.index("B-TIME"), names.index("I-TIME")
    # the tiny set never has O -> I-TIME (invalid IOB2) but has B-TIME -> I-TIME
    assert trans[b_time, i_time] > trans[o, i_time]
    # the decoder uses them: with emissions that tie B-TIME and I-TIME on the second
    # token, the learned transitions choose; flipping them flips the choice
    p = Predictor(model, vocabs)
    emit = torch.full((1, 2, len(names)), -20.0)
    emit[0, 0, b_time] = 0.0
    emit[0, 1, [b_time, i_time]] = 0.0
    p.end = torch.zeros(len(names))
    got = viterbi(emit, torch.tensor([2]), p.trans, p.start, p.end)[0].tolist()
    p.trans = p.trans.clone()
    p.trans[b_time, b_time], p.trans[b_time, i_time] = p.trans[b_time, i_time], p.trans[b_time, b_time]
    flipped = viterbi(emit, torch.tensor([2]), p.trans, p.start, p.end)[0].tolist()
    assert got[0] == flipped[0] == b_time and {got[1], flipped[1]} == {b_time, i_time}
    # configs saved before CRFs (no "crf" key) load as softmax taggers, without the scores
    cfg = TaggerConfig.from_json({k: v for k, v in model.config.to_json().items() if k != "crf"})
    assert cfg.crf is False and not hasattr(Tagger(cfg), "crf_trans")



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
    q = quantization.pq_quantize(w)
    codes, book = quantization.pq_recover(q)
    assert codes.dtype == torch.uint8 and codes.shape == (5000, 10) and book.shape == (10, 256, 5)
    assert torch.equal(quantization.pq_decode(codes, book), q)
    assert torch.equal(quantization.pq_encode(q, book), codes)  # a centroid is its own nearest
    rel = (q - w).norm(dim=1) / w.norm(dim=1)
    assert 0.0 < rel.median() < 0.5
    # more centroids than a byte numbers are never produced; widths not divisible by 5 use 1
    assert quantization.pq_sub_dim(7) == 1 and quantization.pq_recover(quantization.pq_quantize(w[:, :7])) is not None
    assert quantization.pq_recover(torch.zeros(0, 50)) is None  # an empty table: nothing to store


def test_pretrained_swap_feeds_trained_words_their_untrained_vectors_only_in_training():
    """``pretrained_swap`` makes a seen word read its (never trained) pretrained vector with
    the given probability, in training only; the vectors are not saved with the model."""
    torch.manual_seed(0)
    config = TaggerConfig(n_words=6, n_chars=4, n_tags=3, word_dim=4, hidden=4, pretrained_swap=0.5,
                          word_dropout=0.0)
    model = Tagger(config)
    pretrained = torch.arange(24, dtype=torch.float32).reshape(6, 4) + 100  # far from trained rows
    found = torch.tensor([False, False, True, True, False, True])  # PAD, UNK, w2, w3, w4 (none), w5
    model.set_pretrained(pretrained, found)
    words = torch.arange(6).repeat(2000)  # (12000,)
    chars = torch.ones(len(words), 1, dtype=torch.long)
    case = torch.ones(len(words), dtype=torch.long)
    model.train()
    vec = model.type_features(words, chars, case)[:, :4]
    swapped = (vec == pretrained[words]).all(dim=1)
    trained = (vec == model.word_emb(words)).all(dim=1)
    assert (swapped | trained).all()
    for w in range(6):
        rate = swapped[words == w].float().mean().item()
        if found[w]:
            assert 0.45 < rate < 0.55  # about half of the time, never always
        else:
            assert rate == 0.0  # no pretrained vector, PAD and UNK: never swapped
    model.eval()
    vec = model.type_features(words, chars, case)[:, :4]
    torch.testing.assert_close(vec, model.word_emb(words))
    assert not any(k.startswith("pretrained_") for k in model.state_dict())


def test_word_vocabulary_is_front_coded_losslessly():
    """Large word vocabularies are stored front-coded (about half their size as a JSON list)
    and come back item for item, in order, whatever they share or hold."""
    from ner_model.text.vocab import Vocab, front_code, front_decode

    assert front_code(["apple", "apples", "apply"]) == "0apple\n5s\n4y"
    words = sorted({"a" * 40, "a" * 41 + "b", "über", "übersee", "0000", "00", "x", "é", "ü"})
    words += [f"w{i:05d}" for i in range(1200)] + ["zz", "a", "ab"]  # two sorted runs, as built
    assert front_decode(front_code(words)) == words
    vocab = Vocab(words)
    data = json.loads(json.dumps(vocab.to_json()))
    assert "front_coded" in data and "items" not in data
    assert Vocab.from_json(data).all_items == vocab.all_items
    small = Vocab(["b", "a"])  # small vocabularies (characters, tags) stay readable lists
    assert small.to_json()["items"] == ["b", "a"] and Vocab.from_json(small.to_json()) == small
    with pytest.raises(ValueError, match="item 1"):
        front_decode("0ab\n5c")
