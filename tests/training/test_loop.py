"""Training loop: it overfits a tiny set, the weight average is the decayed mean of the
steps, the model training keeps is the one it evaluated, and unseen pretrained words keep
their vectors."""

from __future__ import annotations

import pytest
import torch

from ner_model.inference.predictor import Predictor
from ner_model.model import TaggerConfig
from ner_model.storage import quantization
from ner_model.storage.model_dir import ModelLoadError, load_model, save_model
from ner_model.text.tokenizer import token_spans
from ner_model.training.loop import WeightAverage, evaluate_model, train_model
from ner_model.training.options import TrainOptions
from tests.conftest import TINY


def test_weight_average_is_the_ramped_decayed_mean_and_swaps_back():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Embedding(4, 2))
    model[1].weight.requires_grad_(False)  # frozen: not averaged, never touched
    frozen = model[1].weight.detach().clone()
    average = WeightAverage(model, decay=0.9)
    expected = [p.detach().clone() for p in model[0].parameters()]
    for step in range(1, 30):
        with torch.no_grad():
            for p in model[0].parameters():
                p.add_(torch.randn_like(p))
        average.update()
        decay = min(0.9, (1 + step) / (10 + step))
        expected = [decay * e + (1 - decay) * p.detach()
                    for e, p in zip(expected, model[0].parameters(), strict=True)]
    own = [p.detach().clone() for p in model[0].parameters()]
    assert not torch.allclose(own[0], expected[0])
    with average.swapped_in():
        for p, e in zip(model[0].parameters(), expected, strict=True):
            torch.testing.assert_close(p.detach(), e)
    for p, o in zip(model[0].parameters(), own, strict=True):
        assert torch.equal(p.detach(), o) and p.requires_grad
    assert torch.equal(model[1].weight, frozen)
    with pytest.raises(ValueError, match="decay"):
        WeightAverage(model, decay=1.0)


@pytest.mark.parametrize("ema", [0.0, 0.9])
def test_kept_model_is_the_evaluated_one(tiny_sentences, ema):
    """With or without the average, the returned model scores exactly the dev F1 recorded
    for the best epoch: what was evaluated is what ships."""
    config = TaggerConfig(word_dim=16, char_dim=8, char_filters=16, hidden=16, dropout=0.1,
                          word_dropout=0.0)
    options = TrainOptions(max_epochs=6, patience=6, lr=1e-2, batch_tokens=128, pretrained=False,
                           ema=ema)
    result = train_model(tiny_sentences, tiny_sentences, config, options)
    assert len(result.history) == 6 and 0 < result.dev.micro_f1
    assert result.history[result.best_epoch - 1]["dev_f1"] == result.dev.micro_f1
    again, _ = evaluate_model(result.model, result.vocabs, tiny_sentences)
    assert again.micro_f1 == result.dev.micro_f1


def test_overfits_tiny_set_to_exact_gold(tiny_trained, tiny_sentences):
    assert tiny_trained.dev.micro_f1 == 1.0
    pred = Predictor(tiny_trained.model, tiny_trained.vocabs).tag_tokens(
        [s.model_tokens for s in tiny_sentences])
    assert [p.tags for p in pred] == [s.tags for s in tiny_sentences]
    # and the spans come back with the gold character offsets
    got = Predictor(tiny_trained.model, tiny_trained.vocabs).predict([t for t, _ in TINY])
    for (text, ents), found in zip(TINY, got, strict=True):
        assert [(e.start, e.end, e.label) for e in found] == [tuple(e) for e in ents]
        for e in found:
            assert text[e.start : e.end] == e.text and 0.0 <= e.confidence <= 1.0


def test_pretrained_words_unseen_in_training_keep_their_glove_vectors(tiny_sentences, tmp_path):
    """With GloVe, words never seen in training get their (product-quantized) GloVe vector
    from a fixed table that training leaves alone, the seen words are trained, and save -> load
    keeps every prediction."""
    from ner_model.training.embeddings import glove_rows, glove_top_words
    from ner_model.training.loop import train_model
    from ner_model.training.options import TrainOptions

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
    torch.testing.assert_close(vec,
                               model.fixed_word_emb.weight[wid - (len(vocabs.words) - n_fixed)])
    version = save_model(model, vocabs, tmp_path / "m")
    loaded, loaded_vocabs, _ = load_model(tmp_path / "m")
    texts = [t for t, _ in TINY] + ["the city of Lyon hosts a Zorblax pop-up next week"]
    assert (Predictor(model, vocabs).predict(texts)
            == Predictor(loaded, loaded_vocabs).predict(texts))
    assert save_model(loaded, loaded_vocabs, tmp_path / "m2") == version
    # the fixed table is stored product-quantized; a codebook cut short is a clear error
    from safetensors.torch import load_file, save_file

    state = load_file(tmp_path / "m2" / "weights.safetensors")
    assert state["fixed_word_emb.weight.pq_codes"].shape == (n_fixed, 10)
    state["fixed_word_emb.weight.pq_codebook"] = (
        state["fixed_word_emb.weight.pq_codebook"][:, :16].contiguous())
    save_file(state, tmp_path / "m2" / "weights.safetensors")
    with pytest.raises(ModelLoadError, match=r"malformed fixed_word_emb\.weight\.pq_codes"):
        load_model(tmp_path / "m2")


def test_set_up_reports_progress_and_is_not_counted_in_the_time_budget(tiny_sentences):
    """A slow set-up (here: a progress listener that takes 4 s) no longer eats the budget:
    the epochs get the whole budget (4 s), counted from the end of the set-up. (A budget
    well above one tiny epoch, so a busy machine does not fail the test.)"""
    import time

    heard: list[str] = []

    def slow_listener(message: str) -> None:
        heard.append(message)
        if message.startswith("set-up: vocabulary"):
            time.sleep(4.0)

    config = TaggerConfig(word_dim=16, char_dim=8, char_filters=16, hidden=16)
    options = TrainOptions(max_epochs=4, patience=4, pretrained=False, budget_minutes=4.0 / 60,
                           batch_tokens=128)
    result = train_model(tiny_sentences, tiny_sentences, config, options,
                         on_progress=slow_listener)
    assert heard[0].startswith("set-up: vocabulary") and "time budget starts now" in heard[-1]
    assert result.setup_seconds >= 4.0
    assert len(result.history) >= 2, "the budget ran out during the set-up"
