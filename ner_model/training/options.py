"""How to train: the settings of a training run that are not part of the model (the
model's hyper-parameters are :class:`~ner_model.model.config.TaggerConfig`). The defaults
here are the only ones: the CLI and the retraining flow read them from this class."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from ner_model.model.config import TaggerConfig


@dataclass
class TrainOptions:
    """How to train (not part of the model; recorded in ``metrics.json``)."""

    max_epochs: int = 40  # upper bound; early stopping usually ends sooner
    patience: int = 5  # epochs without a dev-F1 gain before stopping
    lr: float = 2e-3  # Adam learning rate
    lr_decay: float = 0.95  # learning rate multiplier per epoch
    clip: float = 5.0  # gradient-norm clipping
    batch_tokens: int = 1024  # grid cells per training batch (a power of two)
    seed: int = 13  # seeds torch and the batch shuffler
    budget_minutes: float | None = None  # stop after this wall time (best model kept)
    pretrained: bool = True  # initialise word embeddings from GloVe when available
    pretrained_words: int = 400_000  # most frequent GloVe words in the vocabulary (all: 400k)
    dev_fraction: float = 0.1  # share of train held out for early stopping without --dev
    ema: float = 0.999  # decay per step of the weight average evaluated and kept (0: last weights)

    def to_json(self) -> dict:
        return asdict(self)


# ``campaign-ner train --preset NAME``: changes from the defaults, as (TrainOptions fields,
# TaggerConfig fields). "fast" is the defaults. "accurate" is the wider network and the
# settings that scored best on a general corpus (WNUT-17, all six types; figures in the
# README): slower to train and to tag, higher on text unlike the generator's.
PRESETS: dict[str, tuple[dict, dict]] = {
    "fast": ({}, {}),
    "accurate": ({"max_epochs": 60, "patience": 8, "batch_tokens": 256}, {"hidden": 200}),
}


def preset(name: str) -> tuple[TrainOptions, TaggerConfig]:
    """The :class:`TrainOptions` and :class:`TaggerConfig` of preset ``name``."""
    try:
        opts, cfg = PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {sorted(PRESETS)}") from None
    return replace(TrainOptions(), **opts), replace(TaggerConfig(), **cfg)
