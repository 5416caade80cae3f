"""Model directories: save -> load identity, clear errors for bad directories and configs."""

from __future__ import annotations

import json

import pytest

from ner_model.inference.predictor import Predictor
from ner_model.model import Tagger, TaggerConfig
from ner_model.storage.model_dir import ModelLoadError, load_model, model_version, save_model
from tests.conftest import TINY


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
