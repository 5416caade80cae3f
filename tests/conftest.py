"""Shared fixtures: a tiny labeled set and a model trained on it (once per session)."""

from __future__ import annotations

import os

import pytest
import torch

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
torch.set_num_threads(2)

_TINY_SURFACE = [
    ("Nike_US_BlackFriday2024_Prospecting", [("Nike", "BRAND"), ("BlackFriday", "TIME")]),
    ("COKE | Summer Refresh | London | Jun25", [("COKE", "BRAND"), ("London", "LOCATION")]),
    ("Adidas drops new runners in Paris this Friday at 7:30pm",
     [("Adidas", "BRAND"), ("Paris", "LOCATION"), ("this Friday", "TIME"), ("7:30pm", "TIME")]),
    ("Starbucks holiday cups are back in NYC tomorrow",
     [("Starbucks", "BRAND"), ("NYC", "LOCATION"), ("tomorrow", "TIME")]),
    ("Free shipping on all orders", []),
    ("Visit Berlin with Lufthansa in Q3 2024",
     [("Berlin", "LOCATION"), ("Lufthansa", "BRAND"), ("Q3 2024", "TIME")]),
    ("samsung galaxy launch event - seoul - 2025-03-01",
     [("samsung", "BRAND"), ("seoul", "LOCATION"), ("2025-03-01", "TIME")]),
    ("Get 50% off at Zara until Sunday", [("Zara", "BRAND"), ("Sunday", "TIME")]),
]


def _offsets(text: str, ents: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        out.append((start, start + len(surface), label))
        pos = start + len(surface)
    return out


# (text, [(start, end, label)]) with offsets computed from the surface forms above.
TINY = [(text, _offsets(text, ents)) for text, ents in _TINY_SURFACE]


def tiny_rows() -> list[dict]:
    """The tiny set as ``text`` + ``entities`` rows (checked: spans match the text)."""
    rows = []
    for text, ents in TINY:
        rows.append({"text": text, "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in ents]})
    return rows


@pytest.fixture(scope="session")
def tiny_sentences():
    from ner_model.data import Sentence
    from ner_model.spans import CharEntity, char_entities_to_tags
    from ner_model.tokenizer import token_spans

    out = []
    for text, ents in TINY:
        spans = token_spans(text)
        tags, dropped = char_entities_to_tags(spans, [CharEntity(*e) for e in ents])
        assert not dropped
        out.append(Sentence([text[s:e] for s, e in spans], tags))
    return out


@pytest.fixture(scope="session")
def tiny_trained(tiny_sentences):
    """A small tagger overfit on the tiny set: ``TrainResult``."""
    from ner_model.model import TaggerConfig
    from ner_model.train import TrainOptions, train_model

    config = TaggerConfig(word_dim=16, char_dim=8, char_filters=16, hidden=32, dropout=0.1, word_dropout=0.0)
    options = TrainOptions(max_epochs=80, patience=80, lr=1e-2, batch_tokens=128, pretrained=False, lr_decay=1.0)
    return train_model(tiny_sentences, tiny_sentences, config, options)


@pytest.fixture(scope="session")
def prefect_harness():
    """One real, temporary Prefect backend (SQLite + ephemeral API) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
