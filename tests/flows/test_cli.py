"""The command line: defaults from one place, --version, and errors a user can fix as one
line with exit status 2 (here: a Prefect server that is down)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main
from ner_model.model import TaggerConfig
from ner_model.training.options import TrainOptions
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]


def test_cli_train_settings_come_from_the_dataclass_defaults():
    """One home for the retraining defaults: ``train`` with no options asks for exactly
    ``TrainOptions()`` and ``TaggerConfig()``, and each option reaches its field."""
    from flows.cli import build_parser, train_settings

    args = build_parser().parse_args(["train", "t.jsonl", "--out", "reg"])
    assert train_settings(args) == (TrainOptions(), TaggerConfig())
    args = build_parser().parse_args(["train", "t.jsonl", "--out", "reg", "--hidden", "64",
                                      "--no-crf", "--lr", "0.01", "--budget-minutes", "3"])
    options, config = train_settings(args)
    assert (config.hidden, config.crf, options.lr, options.budget_minutes) == (64, False, 0.01, 3.0)


def test_cli_presets_set_their_fields_and_explicit_options_win():
    """``--preset fast`` is the dataclass defaults; ``accurate`` is ``preset('accurate')``,
    and an option given explicitly wins over the preset's value."""
    from flows.cli import build_parser, train_settings
    from ner_model.training.options import PRESETS, preset

    parse = build_parser().parse_args
    fast = train_settings(parse(["train", "t.jsonl", "--out", "reg", "--preset", "fast"]))
    assert fast == (TrainOptions(), TaggerConfig()) == preset("fast")
    accurate = train_settings(parse(["train", "t.jsonl", "--out", "reg", "--preset", "accurate"]))
    assert accurate == preset("accurate") != fast
    opts, cfg = PRESETS["accurate"]
    for k, v in opts.items():
        assert getattr(accurate[0], k) == v != getattr(TrainOptions(), k)
    for k, v in cfg.items():
        assert getattr(accurate[1], k) == v != getattr(TaggerConfig(), k)
    options, config = train_settings(parse(["train", "t.jsonl", "--out", "reg", "--preset",
                                            "accurate", "--hidden", "96", "--seed", "5"]))
    assert (config.hidden, options.seed) == (96, 5)
    assert options.patience == accurate[0].patience
    with pytest.raises(ValueError, match="unknown preset"):
        preset("huge")


def test_version_names_the_package_and_the_shipped_model(capsys):
    from ner_model.storage.model_dir import model_version
    from ner_model.storage.registry import DEFAULT_MODEL_DIR

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("campaign-ner ") and model_version(DEFAULT_MODEL_DIR) in out


@pytest.mark.parametrize("command", [
    ["extract", "sample_data/campaigns", "{tmp}/out", "--date", "2026-11-16"],
    ["backfill", "sample_data/campaigns", "{tmp}/out", "--start", "2026-11-16",
     "--end", "2026-11-17"],
    ["evaluate", "default", "sample_data/labeled/dev.jsonl"],
])
def test_a_prefect_server_that_is_down_is_one_line_and_exit_2(tmp_path, command):
    url = f"http://127.0.0.1:{free_port()}/api"
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    proc = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr[-2000:]
    assert url in lines[0] and "not reachable" in lines[0] and "PREFECT_API_URL" in lines[0]
    assert not (tmp_path / "out").exists(), "nothing is written before the server is checked"


def _table(path: Path, **columns) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)


def test_input_nothing_can_read_is_one_line_exit_2_before_any_work(tmp_path, capsys):
    """A wrong column or a corrupt single file is an error the user fixes: one line, exit 2,
    no flow run, nothing written (before, exit 1 and the message twice)."""
    one = tmp_path / "one.parquet"
    _table(one, id=["a"], text=["Nike in Paris"])
    assert main(["extract", str(one), str(tmp_path / "out"), "--date", "2026-01-01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"campaign-ner extract: error: {one}: no column 'campaign_id' (columns: id, "
                   "text); choose one with --id-column"]
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    assert main(["extract", str(bad), str(tmp_path / "out"), "--date", "2026-01-01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.parquet: not a readable Parquet file" in err[0]
    # a backfill whose every partition lacks the column (a forgotten --id-column)
    for day in ("2026-01-01", "2026-01-02", "2026-01-03"):
        _table(tmp_path / "in" / f"dt={day}" / "part-0.parquet", id=["a"], text=["x"])
    assert main(["backfill", str(tmp_path / "in"), str(tmp_path / "out"),
                 "--start", "2026-01-01", "--end", "2026-01-03"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no column 'campaign_id'" in err[0]
    assert err[0].endswith("(and 2 more partition(s) with input errors)")
    assert not (tmp_path / "out").exists()
