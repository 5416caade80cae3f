"""A model directory saved by the code before the package reorganization still loads and
predicts exactly what it predicted then (version, spans and confidences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ner_model.inference.predictor import Predictor
from ner_model.storage.model_dir import load_model

OLD = Path(__file__).parents[1] / "data" / "model_before_reorg"


def test_model_saved_before_the_reorganization_loads_with_the_same_predictions():
    expected = json.loads((OLD / "expected_predictions.json").read_text(encoding="utf-8"))
    _, _, version = load_model(OLD)
    assert version == expected["version"]
    got = Predictor.load(OLD).annotate(expected["texts"])
    spans = [[[e.label, e.start, e.end, e.text] for e in a.entities] for a in got]
    assert spans == [[e[:4] for e in ents] for ents in expected["entities"]]
    conf = [e.confidence for a in got for e in a.entities]
    assert conf == pytest.approx([e[4] for ents in expected["entities"] for e in ents], abs=1e-5)
