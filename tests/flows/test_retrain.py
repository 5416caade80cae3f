"""Retrain -> promote -> evaluate with real Prefect on tiny data; a worse model is not promoted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main
from flows.retrain import evaluate, retrain
from ner_model.model import TaggerConfig
from ner_model.storage.model_dir import load_model
from ner_model.storage.registry import CURRENT
from ner_model.training.data import LabeledDataError
from ner_model.training.options import TrainOptions
from tests.conftest import tiny_rows


@pytest.fixture()
def tiny_files(tmp_path: Path) -> tuple[str, str]:
    rows = tiny_rows()
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(r) + "\n" for r in rows * 3))
    dev = tmp_path / "dev.jsonl"
    dev.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(train), str(dev)


@pytest.mark.slow
def test_retrain_promotes_then_rejects_worse_model(prefect_harness, tiny_files, tmp_path):
    train, dev = tiny_files
    reg = tmp_path / "registry"
    small = TaggerConfig(hidden=32)
    _, _, shipped = load_model(None)
    # one epoch at a negligible learning rate: an essentially untrained model. An empty
    # registry's implicit champion is the shipped model, so it is not promoted, and the
    # registry keeps meaning the shipped model wherever a model is expected.
    untrained = TrainOptions(max_epochs=1, patience=1, pretrained=False, seed=3, lr=1e-6)
    first = retrain(train=[train], dev=[dev], out=str(reg), config=small, options=untrained)
    assert not first["promoted"] and not (reg / CURRENT).exists()
    assert f"for the shipped default model {shipped}" in first["reason"]
    assert first["reason"].startswith(f"candidate dev F1 {first['dev_f1']:.4f} vs ")
    assert load_model(reg)[2] == shipped

    good = retrain(train=[train], dev=[dev], test=[dev], out=str(reg), config=small,
                   options=TrainOptions(max_epochs=40, patience=40, pretrained=False, lr=1e-2,
                                        batch_tokens=128), promote="always")
    assert good["dev_f1"] == 1.0, "the tiny set is overfit"
    assert good["promoted"] and good["reason"] == "forced (--promote always)"
    assert (reg / CURRENT).read_text().strip() == good["version"]
    model_dir = Path(good["model_dir"])
    for name in ("config.json", "vocab.json", "weights.safetensors", "metrics.json", "README.md",
                 "learning_curve.png", "confusion_matrix.png"):
        assert (model_dir / name).is_file(), name
    metrics = json.loads((model_dir / "metrics.json").read_text())
    assert metrics["test"][dev]["micro_f1"] == pytest.approx(good["dev_f1"])

    worse = retrain(train=[train], dev=[dev], out=str(reg), config=small, options=untrained)
    assert worse["version"] == first["version"], "same data, seed and settings: same content hash"
    assert worse["dev_f1"] < good["dev_f1"]
    assert not worse["promoted"] and f"for champion {good['version']}" in worse["reason"]
    assert (reg / CURRENT).read_text().strip() == good["version"], "champion unchanged"
    # the registry resolves to the champion wherever a model is expected
    _, _, version = load_model(reg)
    assert version == good["version"]

    forced = retrain(train=[train], dev=[dev], out=str(reg), config=small, options=untrained,
                     promote="always")
    assert forced["version"] == worse["version"]
    assert forced["promoted"] and (reg / CURRENT).read_text().strip() == forced["version"]

    # stable artifact keys: each retraining is a new version of "retrain-metrics", with the
    # learning curve and confusion matrix shown inline
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["retrain-metrics"])))
    runs = {a.flow_run_id for a in arts}
    assert len(runs) >= 4, "one version of the key per retraining"
    latest = max(arts, key=lambda a: a.created)
    assert "data:image/png;base64," in latest.data and "Learning curve" in latest.data
    assert "Promoted" in latest.data and forced["version"] in latest.data

    report = tmp_path / "report"
    result = evaluate(str(reg), [dev], None, str(report))
    assert result["model_version"] == forced["version"]
    m = json.loads((report / "metrics.json").read_text())
    for key in ("micro_f1", "micro_precision", "micro_recall", "token_accuracy", "per_type"):
        assert key in m
    assert (report / "confusion_matrix.png").is_file() and (report / "predictions.jsonl").is_file()


def test_cli_bad_labeled_data_is_one_clear_line(prefect_harness, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"tokens": ["a", "b"], "tags": ["O"]}\n')
    code = main(["train", str(bad), "--out", str(tmp_path / "reg"), "--no-pretrained"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "bad.jsonl row 1" in err and "differ in length" in err


def test_label_map_typo_is_an_error(tmp_path):
    from ner_model.training.data import parse_label_map, read_many

    f = tmp_path / "d.jsonl"
    f.write_text('{"tokens": ["Nike", "rocks"], "tags": ["B-corporation", "O"]}\n')
    with pytest.raises(LabeledDataError, match="corporaton"):
        read_many([f], parse_label_map("corporaton=BRAND"))
    sents, _ = read_many([f], parse_label_map("corporation=BRAND"))
    assert sents[0].tags == ["B-BRAND", "O"]
