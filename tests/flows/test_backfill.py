"""The backfill flow with real Prefect (test harness), real Parquet, real DuckDB and Dask.

Checked: done partitions are skipped and missing dates reported; a failing partition fails
alone, is listed with its reason, and a rerun after the fix does only that partition; a
killed backfill resumes; after a promotion exactly the partitions made by another model
version are redone; a 2-worker Dask cluster writes the same rows as one process and loads
the model once per worker.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.backfill import run_backfill
from flows.batch.partitions import compress_dates, plan_range
from flows.batch.tables import CAMPAIGNS, ENTITIES, PAUSE_ENV, RUNS, partition_path, read_table
from flows.cli import main
from tests.conftest import TINY
from tests.flows.conftest import kill_when_paused

TEXTS = [t for t, _ in TINY]
VARYING = ["run_id", "extracted_at"]  # the only columns two runs of the same input may differ in


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def write_partition(inp: Path, dt: str, n: int = 6, salt: str = "") -> Path:
    """``inp/dt=<dt>/part-0.parquet`` with ``n`` rows of the tiny texts (ids unique per dt)."""
    path = inp / f"dt={dt}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = [f"{TEXTS[(i + len(dt) + int(dt[-2:])) % len(TEXTS)]}{salt}" for i in range(n)]
    pq.write_table(pa.table({"campaign_id": [f"{dt}-{i}" for i in range(n)], "text": texts}), path)
    return path


def summary_of(state) -> dict:
    s = state.result(raise_on_failure=False)
    assert isinstance(s, dict), s
    return s


def statuses(summary: dict) -> dict[str, str]:
    return {r["dt"]: r["status"] for r in summary["results"]}


def latest_runs(out: Path) -> dict[str, dict]:
    """The last ledger row of each partition."""
    rows: dict[str, dict] = {}
    for r in sorted(read_table(out, RUNS).to_pylist(), key=lambda r: r["finished_at"]):
        rows[r["dt"].isoformat()] = r
    return rows


def last_backfill_logs() -> list[str]:
    """The log messages of the latest backfill flow run, read back from the Prefect API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        backfills = FlowFilter(name=FlowFilterName(any_=["backfill-entities"]))
        run = client.read_flow_runs(flow_filter=backfills, sort=FlowRunSort.START_TIME_DESC,
                                    limit=1)[0]
        of_run = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id]))
        logs = client.read_logs(log_filter=of_run)
    return [log.message for log in logs]


def table(out: Path, name: str) -> pa.Table:
    t = read_table(out, name)
    t = t.drop_columns([c for c in VARYING if c in t.column_names])
    keys = [("dt", "ascending"), ("source_file", "ascending"), ("source_row", "ascending")]
    if name == ENTITIES:
        keys.append(("start_char", "ascending"))
    return t.sort_by(keys)


def test_plan_reports_missing_dates_and_ignores_odd_partitions_outside_the_range(tmp_path):
    inp = tmp_path / "in"
    for dt in ("2024-01-01", "2024-01-02", "2024-01-05"):
        write_partition(inp, dt)
    (inp / "dt=2023-12-30").mkdir()  # empty and outside the range: never opened
    (inp / "dt=2024-01-03").mkdir()  # empty and inside: fails alone when it runs
    plan = plan_range(inp, tmp_path / "out", "2024-01-01", "2024-01-06")
    assert [p.dt for p in plan.partitions] == [
        "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05"]
    assert [p.error is not None for p in plan.partitions] == [False, False, True, False]
    assert plan.missing == ["2024-01-04", "2024-01-06"]
    assert (compress_dates(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-07"])
            == "2024-01-01..2024-01-03, 2024-01-07")


def test_backfill_skips_done_partitions_and_reports_missing_ones(
    prefect_harness, tiny_model_dir, tmp_path, capsys
):
    from prefect.artifacts import Artifact

    inp, out = tmp_path / "in", tmp_path / "out"
    for dt in ("2023-12-31", "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05"):
        write_partition(inp, dt)
    argv = ["backfill", str(inp), str(out), "--start", "2024-01-01", "--end", "2024-01-05",
            "--model", str(tiny_model_dir)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "4 partitions: 4 done, 0 skipped, 0 failed; 1 date(s) without input" in captured.out
    assert "no input for 2024-01-04" in captured.err
    assert "1 model instance(s) in 1 process(es)" in captured.out
    done = {d: r for d, r in latest_runs(out).items()}
    # 2023-12-31 untouched
    assert sorted(done) == ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05"]
    assert all(r["status"] == "ok" and r["rows_in"] == r["rows_out"] == 6 for r in done.values())

    # The artifacts: a table of every date (missing ones included) and a finished progress bar.
    rows = json.loads(Artifact.get("backfill-partitions").data)
    assert [(r["dt"], r["status"]) for r in rows] == [
        ("2024-01-01", "ok"), ("2024-01-02", "ok"), ("2024-01-03", "ok"), ("2024-01-04", "missing"),
        ("2024-01-05", "ok"),
    ]
    assert all(r["rows"] == 6 and r["entities"] is not None and r["seconds"] >= 0
               for r in rows if r["status"] == "ok")
    assert float(Artifact.get("backfill-progress").data) == 100.0

    # Rerun: everything skipped, nothing written. A changed partition is redone alone.
    assert main(argv) == 0
    assert "0 done, 4 skipped" in capsys.readouterr().out
    assert read_table(out, RUNS).num_rows == 4
    write_partition(inp, "2024-01-02", n=3)
    state = run_backfill(inp, out, "2024-01-01", "2024-01-05", model=tiny_model_dir)
    assert statuses(summary_of(state)) == {"2024-01-01": "skipped", "2024-01-02": "ok",
                                           "2024-01-03": "skipped", "2024-01-05": "skipped"}
    assert pq.read_table(partition_path(out, CAMPAIGNS, "2024-01-02")).num_rows == 3
    forced = summary_of(run_backfill(inp, out, "2024-01-01", "2024-01-05", model=tiny_model_dir,
                                     force=True))
    assert (forced["done"], forced["skipped"]) == (4, 0)


def test_failing_partition_fails_alone_and_a_rerun_after_the_fix_finishes_it(
    prefect_harness, tiny_model_dir, tmp_path, capsys
):
    inp, out = tmp_path / "in", tmp_path / "out"
    dts = ["2024-02-01", "2024-02-02", "2024-02-03", "2024-02-04"]
    for dt in dts:
        write_partition(inp, dt)
    bad = inp / "dt=2024-02-02" / "part-0.parquet"
    good = bad.read_bytes()
    bad.write_bytes(good[: len(good) // 2])  # a corrupt (truncated) Parquet file
    (inp / "dt=2024-02-04" / "part-0.parquet").unlink()  # a partition with no files

    argv = ["backfill", str(inp), str(out), "--start", dts[0], "--end", dts[-1],
            "--model", str(tiny_model_dir), "--max-concurrency", "2"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "2 done, 0 skipped, 2 failed" in captured.out
    # One progress line per finished partition (terminal and Prefect UI alike).
    progress = sorted(m for m in last_backfill_logs() if m.startswith("["))
    assert len(progress) == 4 and all("/4] dt=" in m for m in progress)
    assert sum("done: 6 rows, " in m and " entities (" in m for m in progress) == 2
    assert sum("dt=2024-02-02 FAILED: " in m for m in progress) == 1
    errors = [ln for ln in captured.err.splitlines() if ln.startswith("campaign-ner backfill: dt=")]
    assert len(errors) == 2 and "Traceback" not in captured.err
    assert "dt=2024-02-02 failed" in errors[0] and "part-0.parquet" in errors[0]
    assert "not a readable Parquet file" in errors[0]
    assert "dt=2024-02-04 failed" in errors[1] and "no Parquet files" in errors[1]
    runs = latest_runs(out)
    assert {d: r["status"] for d, r in runs.items()} == dict(
        zip(dts, ["ok", "failed", "ok", "failed"], strict=True))
    assert "part-0.parquet" in runs["2024-02-02"]["error"]
    assert not partition_path(out, CAMPAIGNS, "2024-02-02").exists()  # nothing half-done published

    bad.write_bytes(good)
    write_partition(inp, "2024-02-04")
    assert main(argv) == 0
    out_line = capsys.readouterr().out
    assert "2 done, 2 skipped, 0 failed" in out_line
    runs = latest_runs(out)
    assert all(r["status"] == "ok" and r["rows_out"] == 6 for r in runs.values())
    assert read_table(out, RUNS).num_rows == 6  # history: two failed rows, then the fixes


def test_promotion_redoes_exactly_the_partitions_of_another_model_version(
    prefect_harness, tiny_registry, tmp_path, capsys
):
    from flows.extract import extract_entities
    from ner_model.storage.registry import set_champion

    registry, va, vb = tiny_registry
    inp, out = tmp_path / "in", tmp_path / "out"
    dts = ["2024-03-01", "2024-03-02", "2024-03-03"]
    for dt in dts:
        write_partition(inp, dt)
    first = summary_of(run_backfill(inp, out, dts[0], dts[-1], model=registry))
    assert first["done"] == 3 and {r["model_version"] for r in first["results"]} == {va}

    set_champion(registry, vb)  # promotion; then the nightly makes one partition with B
    state = extract_entities(str(inp), str(out), date=dts[2], model=str(registry),
                             return_state=True)
    assert state.is_completed()
    after = summary_of(run_backfill(inp, out, dts[0], dts[-1], model=registry))
    assert statuses(after) == {dts[0]: "ok", dts[1]: "ok", dts[2]: "skipped"}
    assert {d: r["model_version"] for d, r in latest_runs(out).items()} == dict.fromkeys(dts, vb)
    assert set(read_table(out, ENTITIES).column("model_version").to_pylist()) <= {vb}

    # The README's query: which model version made each partition.
    sql = ("SELECT dt, model_version, count(*) AS runs FROM runs WHERE status = 'ok' "
           "GROUP BY ALL ORDER BY dt, min(finished_at)")
    assert main(["query", str(out), sql, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1:] == [f"{dts[0]},{va},1", f"{dts[0]},{vb},1", f"{dts[1]},{va},1",
                         f"{dts[1]},{vb},1", f"{dts[2]},{va},1", f"{dts[2]},{vb},1"]


def test_a_model_directory_overwritten_mid_backfill_fails_the_partition(
    tiny_model_dir, tiny_model_dir_b, tmp_path
):
    from flows.batch.errors import ExtractInputError
    from flows.batch.runner import RunSettings, run_partition
    from ner_model.storage.model_dir import model_version

    write_partition(tmp_path / "in", "2024-06-01")
    files = [str(tmp_path / "in" / "dt=2024-06-01" / "part-0.parquet")]
    settings = RunSettings(output=str(tmp_path / "out"), model_dir=str(tiny_model_dir_b),
                           model_version=model_version(tiny_model_dir), run_id="run-1",
                           name="backfill")
    with pytest.raises(ExtractInputError, match="changed during the backfill"):
        run_partition("2024-06-01", files, None, settings)
    (row,) = read_table(tmp_path / "out", RUNS).to_pylist()
    assert row["status"] == "failed" and "changed during the backfill" in row["error"]
    assert not partition_path(tmp_path / "out", CAMPAIGNS, "2024-06-01").exists()


@pytest.mark.slow
def test_dask_cluster_writes_the_same_rows_as_one_process(
    prefect_harness, tiny_model_dir, tmp_path
):
    inp = tmp_path / "in"
    dts = [f"2024-04-{d:02d}" for d in range(1, 7)]
    for i, dt in enumerate(dts):
        write_partition(inp, dt, n=8 + i)
    one = summary_of(run_backfill(inp, tmp_path / "one", dts[0], dts[-1], model=tiny_model_dir))
    dask = summary_of(run_backfill(inp, tmp_path / "dask", dts[0], dts[-1], model=tiny_model_dir,
                                   workers=2))
    assert one["done"] == dask["done"] == len(dts)
    for name in (ENTITIES, CAMPAIGNS):
        a, b = table(tmp_path / "one", name), table(tmp_path / "dask", name)
        assert a.num_rows > 0 and a.equals(b), name
    keep = ["dt", "status", "input_fingerprint", "model_version", "rows_in", "rows_out",
            "n_entities", "n_brand", "n_time", "n_location", "n_tokens", "n_ok", "n_empty",
            "n_error"]
    assert (read_table(tmp_path / "one", RUNS).select(keep).sort_by("dt")
            .equals(read_table(tmp_path / "dask", RUNS).select(keep).sort_by("dt")))
    # Model loaded once per worker process, not once per partition; one torch thread each.
    assert 1 <= len(dask["workers"]) <= 2 and dask["model_instances"] == len(dask["workers"])
    assert all(not w.endswith(f":{os.getpid()}") for w in dask["workers"])
    assert {r["torch_threads"] for r in dask["results"]} == {1}
    assert one["model_instances"] == 1

    # An existing scheduler (--dask-address) with a submission window (--max-concurrency 1).
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        remote = summary_of(run_backfill(inp, tmp_path / "remote", dts[0], dts[-1],
                                         model=tiny_model_dir,
                                         dask_address=cluster.scheduler_address, max_concurrency=1))
    assert remote["done"] == len(dts) and remote["model_instances"] == 1
    for name in (ENTITIES, CAMPAIGNS):
        assert table(tmp_path / "one", name).equals(table(tmp_path / "remote", name)), name


@pytest.mark.slow
def test_killed_backfill_resumes_where_it_stopped(prefect_harness, tiny_model_dir, tmp_path):
    from prefect.settings import PREFECT_API_URL

    inp, out = tmp_path / "in", tmp_path / "out"
    dts = ["2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04"]
    for dt in dts:
        write_partition(inp, dt)
    assert summary_of(run_backfill(inp, out, dts[0], dts[1], model=tiny_model_dir))["done"] == 2

    # The whole range in a subprocess that is killed while writing its first new partition.
    flag = tmp_path / "paused"
    env = {**os.environ, PAUSE_ENV: str(flag), "OMP_NUM_THREADS": "1",
           "PREFECT_API_URL": PREFECT_API_URL.value()}  # the harness's server: no new one
    cmd = [sys.executable, "-m", "flows.cli", "backfill", str(inp), str(out), "--start", dts[0],
           "--end", dts[-1], "--model", str(tiny_model_dir)]
    tmp = kill_when_paused(cmd, env, flag, "backfill", timeout=150)
    assert tmp.exists()  # the half-written temp file, never published
    assert sorted(latest_runs(out)) == dts[:2]
    assert not partition_path(out, CAMPAIGNS, dts[2]).exists()

    again = summary_of(run_backfill(inp, out, dts[0], dts[-1], model=tiny_model_dir))
    assert statuses(again) == {dts[0]: "skipped", dts[1]: "skipped", dts[2]: "ok", dts[3]: "ok"}
    assert not Path(flag.read_text()).exists()  # stale temp removed by the rewrite
    assert all(r["rows_out"] == 6 for r in latest_runs(out).values())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "2024-01-05", "--end", "2024-01-01"], "is after --end"),
        (["--start", "2024-02-30", "--end", "2024-03-01"], "not a valid date"),
        (["--start", "2024-01-01", "--end", "2024-01-02", "--workers", "2",
          "--dask-address", "tcp://x:1"], "exclude each other"),
        (["--start", "2024-01-01", "--end", "2024-01-02", "--workers", "0"], "at least 1"),
    ],
)
def test_bad_arguments_are_one_line_errors(tiny_model_dir, tmp_path, capsys, extra, message):
    write_partition(tmp_path / "in", "2024-01-01")
    rc = main(["backfill", str(tmp_path / "in"), str(tmp_path / "out"),
               "--model", str(tiny_model_dir), *extra])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1
    assert err[0].startswith("campaign-ner backfill: error:") and message in err[0]
