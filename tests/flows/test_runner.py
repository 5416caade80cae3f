"""The one partition run of both flows, without Prefect: skip, force, failures in the ledger;
and the run summary. Real Parquet, real model (the tiny tagger), no mocks."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from prefect.states import Completed, Failed

from flows.batch.errors import ExtractInputError, error_line
from flows.batch.ledger import input_fingerprint
from flows.batch.runner import (
    RunSettings,
    partition_result,
    run_partition,
    summarize,
    summary_line,
)
from flows.batch.tables import CAMPAIGNS, ENTITIES, RUNS, partition_path, read_partition
from ner_model.storage.model_dir import model_version
from tests.conftest import TINY

DT = "2024-07-01"


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture
def settings(tiny_model_dir, tmp_path) -> RunSettings:
    return RunSettings(output=str(tmp_path / "out"), model_dir=str(tiny_model_dir),
                       model_version=model_version(tiny_model_dir), run_id="run-1")


def write_input(tmp_path: Path, n: int = 5) -> list[str]:
    path = tmp_path / "in" / f"dt={DT}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = [TINY[i % len(TINY)][0] for i in range(n)]
    pq.write_table(pa.table({"campaign_id": [f"c{i}" for i in range(n)], "text": texts}), path)
    return [str(path)]


def ledger(settings: RunSettings) -> list[dict]:
    runs = read_partition(Path(settings.output), RUNS, DT)
    return [] if runs is None else runs.to_pylist()


def test_a_done_partition_is_skipped_and_a_forced_one_runs_again(settings, tmp_path):
    files = write_input(tmp_path)
    first = run_partition(DT, files, None, settings)
    assert first["status"] == "ok" and first["rows_in"] == 5
    assert first["model_version"] == settings.model_version and first["tag_seconds"] >= 0
    (row,) = ledger(settings)
    assert row["status"] == "ok" and row["rows_out"] == 5 and row["input_files"] == files
    assert row["input_fingerprint"] == input_fingerprint([Path(f) for f in files], "campaign_id",
                                                         "text")[0]
    again = run_partition(DT, files, None, settings)
    assert again["status"] == "skipped" and "run-1" in again["reason"]
    assert len(ledger(settings)) == 1  # a skip writes nothing
    forced = RunSettings(**{**settings.__dict__, "force": True, "run_id": "run-2"})
    assert run_partition(DT, files, None, forced)["status"] == "ok"
    assert [(r["run_id"], r["forced"]) for r in ledger(settings)] == [("run-1", False),
                                                                      ("run-2", True)]


def test_a_changed_input_runs_again(settings, tmp_path):
    files = write_input(tmp_path)
    assert run_partition(DT, files, None, settings)["status"] == "ok"
    write_input(tmp_path, n=3)
    assert run_partition(DT, files, None, settings)["rows_in"] == 3
    assert pq.read_table(partition_path(Path(settings.output), CAMPAIGNS, DT)).num_rows == 3


def test_a_planning_error_fails_the_partition_with_a_ledger_row(settings):
    with pytest.raises(ExtractInputError, match="no Parquet files"):
        run_partition(DT, [], "partition directory x: no Parquet files", settings)
    (row,) = ledger(settings)
    assert row["status"] == "failed" and row["error"] == "partition directory x: no Parquet files"
    assert row["input_fingerprint"] is None and row["seconds"] >= 0


def test_a_failing_partition_publishes_nothing_and_leaves_no_temp_files(settings, tmp_path):
    files = write_input(tmp_path)
    good = Path(files[0]).read_bytes()
    Path(files[0]).write_bytes(good[: len(good) // 2])
    with pytest.raises(ExtractInputError, match="not a readable Parquet file"):
        run_partition(DT, files, None, settings)
    (row,) = ledger(settings)
    assert row["status"] == "failed" and "part-0.parquet" in row["error"]
    out = Path(settings.output)
    for table in (ENTITIES, CAMPAIGNS):
        assert not partition_path(out, table, DT).parent.exists()
    Path(files[0]).write_bytes(good)  # fixed: the next run does it, the ledger keeps both rows
    assert run_partition(DT, files, None, settings)["status"] == "ok"
    assert [r["status"] for r in ledger(settings)] == ["failed", "ok"]


def test_results_of_finished_tasks_and_the_summary():
    ok = {"dt": "2024-01-02", "status": "ok", "rows_in": 4, "n_entities": 3, "n_brand": 1,
          "n_time": 1, "n_location": 1, "n_tokens": 20, "tag_seconds": 2.0,
          "worker": "h:1", "model_instance": "h:1/a"}
    skipped = {"dt": "2024-01-01", "status": "skipped", "reason": "done",
               "worker": "h:1", "model_instance": "h:1/a"}
    assert partition_result(Completed(data=ok), "2024-01-02") == ok
    failed = partition_result(Failed(data=ExtractInputError("bad  file\nx.parquet")), "2024-01-03")
    assert failed == {"dt": "2024-01-03", "status": "failed", "error": "bad file x.parquet"}
    s = summarize([ok, failed, skipped], seconds=3.0)
    assert [r["dt"] for r in s["results"]] == ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert (s["done"], s["skipped"], s["failed"], s["rows"], s["entities"]) == (1, 1, 1, 4, 3)
    assert s["tokens_per_second"] == 10.0 and s["failures"] == {"2024-01-03": "bad file x.parquet"}
    assert (s["workers"], s["model_instances"]) == (["h:1"], 1)
    assert summary_line(s, "extract", tail=("3.0 s",)) == (
        "extract: 3 partitions: 1 done, 1 skipped, 1 failed; 4 rows; entities: 1 brand, "
        "1 time, 1 location (3 total); 3.0 s"
    )


def test_error_lines_name_the_type_only_for_errors_the_user_did_not_make():
    assert error_line(ExtractInputError("x.parquet: no column")) == "x.parquet: no column"
    assert error_line(FileNotFoundError("input gone")) == "input gone"
    assert error_line(RuntimeError("rows\n lost")) == "RuntimeError: rows lost"
