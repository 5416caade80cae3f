"""The default model ships inside the package, loads without any training data, and finds
the brand, time and location in hand-written campaign texts (not from the generator)."""

from __future__ import annotations

import pytest

from ner_model.model_io import DEFAULT_MODEL_DIR, load_model, read_metrics
from ner_model.predict import Predictor

# (text, [(label, entity text)]) written by hand for this test.
CASES = [
    ("Nike_US_BlackFriday2024_Prospecting", [("BRAND", "Nike"), ("LOCATION", "US")]),
    ("COKE | Summer Refresh | London | Jun25", [("BRAND", "COKE"), ("LOCATION", "London")]),
    ("Join Starbucks in Seattle this Saturday at 7:30pm for a free tasting",
     [("BRAND", "Starbucks"), ("LOCATION", "Seattle"), ("TIME", "7:30pm")]),
    ("Adidas flash sale: 30% off everything in Berlin until Sunday",
     [("BRAND", "Adidas"), ("LOCATION", "Berlin"), ("TIME", "Sunday")]),
    ("Your Sephora order ships tomorrow 📦", [("BRAND", "Sephora"), ("TIME", "tomorrow")]),
    ("Samsung Galaxy launch event - Tokyo - 2025-03-01",
     [("LOCATION", "Tokyo"), ("TIME", "2025-03-01")]),
]


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


def test_default_model_ships_complete():
    for name in ("config.json", "vocab.json", "weights.safetensors", "metrics.json", "README.md"):
        assert (DEFAULT_MODEL_DIR / name).is_file(), name
    _, vocabs, version = load_model(None)
    assert set(vocabs.entity_types) >= {"BRAND", "TIME", "LOCATION"}
    assert len(version) == 16
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir())
    assert size < 15 * 2**20, "the shipped model stays small"
    assert read_metrics(DEFAULT_MODEL_DIR)["version"] == version


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_finds_brand_time_location_in_hand_written_text(predictor, text, expected):
    found = {(e.label, e.text) for e in predictor.predict([text])[0]}
    for label, surface in expected:
        assert any(lab == label and surface in t for lab, t in found), (text, found)


def test_plain_text_without_entities(predictor):
    assert predictor.predict(["Free shipping on all orders over fifty dollars"])[0] == []
