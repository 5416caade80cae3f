"""The tagger (STYLE.md #10): gradients everywhere, padding never reaches the loss, its
fast inference view equals ``forward``, and its features (glue, CRF, pretrained swap)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ner_model.inference.batching import plan_length_buckets, split_into_pieces
from ner_model.inference.encoding import Encoder
from ner_model.inference.predictor import Predictor
from ner_model.model import Tagger, TaggerConfig
from ner_model.model.crf import iob2_constraints, viterbi
from ner_model.text.spans import iob2_entities
from ner_model.text.tokenizer import GLUE, UNDERSCORE, marked_tokens, token_spans
from ner_model.text.vocab import CASE_CLASSES


def test_every_parameter_gets_a_gradient(tiny_trained, tiny_sentences):
    model = Tagger(tiny_trained.model.config)
    vocabs = tiny_trained.vocabs
    model.train()
    tokens = [s.tokens for s in tiny_sentences]
    tags = [[vocabs.tags.index[t] for t in s.tags] for s in tiny_sentences]
    pieces, _ = split_into_pieces([len(t) for t in tokens], 128, 32)
    (plan,) = plan_length_buckets(pieces, 4096, 128)
    batch, _, gold = Encoder(vocabs, model.config.max_word_chars).encode(plan, tokens, tags)
    _, loss = model(batch, gold)
    loss.backward()
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    assert ({n for n, _ in model.named_parameters()} - {n for n, _ in trainable}
            == {"fixed_word_emb.weight"})
    for name, param in trainable:
        assert param.grad is not None, name
        assert param.grad.abs().sum() > 0, name


def test_padding_never_reaches_the_loss(tiny_trained, tiny_sentences):
    model = tiny_trained.model
    vocabs = tiny_trained.vocabs
    tokens = [s.tokens for s in tiny_sentences]
    tags = [[vocabs.tags.index[t] for t in s.tags] for s in tiny_sentences]
    pieces, _ = split_into_pieces([len(t) for t in tokens], 128, 32)
    (plan,) = plan_length_buckets(pieces, 4096, 128)
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
    assert [(e.start, e.end) for e in got] == [(spans[a][0], spans[b - 1][1])
                                               for _, a, b in iob2_entities(tags)]
    # models saved before glue / underscore features (no key in config.json) load without them
    for key in ("glue", "underscore"):
        cfg = TaggerConfig.from_json({k: v for k, v in model.config.to_json().items() if k != key})
        assert getattr(cfg, key) is False
    old = TaggerConfig(**{**model.config.to_json(), "glue": False, "underscore": False})
    assert Tagger(old).case_emb.num_embeddings == len(CASE_CLASSES)
    glue_only = TaggerConfig(**{**model.config.to_json(), "underscore": False})
    assert Tagger(glue_only).case_emb.num_embeddings == 2 * len(CASE_CLASSES)
    assert model.case_emb.num_embeddings == 3 * len(CASE_CLASSES)


def test_crf_transitions_are_learned_used_and_older_configs_load_without_them(
    tiny_trained, tiny_sentences
):
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
    p.trans[b_time, b_time], p.trans[b_time, i_time] = (
        p.trans[b_time, i_time], p.trans[b_time, b_time])
    flipped = viterbi(emit, torch.tensor([2]), p.trans, p.start, p.end)[0].tolist()
    assert got[0] == flipped[0] == b_time and {got[1], flipped[1]} == {b_time, i_time}
    # configs saved before CRFs (no "crf" key) load as softmax taggers, without the scores
    cfg = TaggerConfig.from_json({k: v for k, v in model.config.to_json().items() if k != "crf"})
    assert cfg.crf is False and not hasattr(Tagger(cfg), "crf_trans")


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
