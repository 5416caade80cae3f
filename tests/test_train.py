"""Training loop: the weight average is the decayed mean of the steps, and the model that
training keeps is the one it evaluated."""

from __future__ import annotations

import pytest
import torch

from ner_model.model import TaggerConfig
from ner_model.training.loop import TrainOptions, WeightAverage, evaluate_model, train_model


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
        expected = [decay * e + (1 - decay) * p.detach() for e, p in zip(expected, model[0].parameters(), strict=True)]
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
    config = TaggerConfig(word_dim=16, char_dim=8, char_filters=16, hidden=16, dropout=0.1, word_dropout=0.0)
    options = TrainOptions(max_epochs=6, patience=6, lr=1e-2, batch_tokens=128, pretrained=False, ema=ema)
    result = train_model(tiny_sentences, tiny_sentences, config, options)
    assert len(result.history) == 6 and 0 < result.dev.micro_f1
    assert result.history[result.best_epoch - 1]["dev_f1"] == result.dev.micro_f1
    again, _ = evaluate_model(result.model, result.vocabs, tiny_sentences)
    assert again.micro_f1 == result.dev.micro_f1
