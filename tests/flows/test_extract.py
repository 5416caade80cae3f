"""The extraction flow end to end: real Prefect (test harness), real Parquet, real DuckDB.

Invariants checked: every input row appears exactly once in ``campaigns``; every entity's
text is ``source_text[start_char:end_char]``; a rerun is skipped and a forced rerun is
identical apart from run ids and timestamps; a writer killed mid-partition leaves the old
partition readable; bad input gets a clear error naming the file, column or directory.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.batch.tables import CAMPAIGNS, ENTITIES, PAUSE_ENV, RUNS, partition_path, read_table
from flows.batch.tagging import LIST_COLUMNS, STATUSES, process_partition
from flows.cli import main
from flows.extract import extract_entities
from ner_model.stitch.theme import CUT_LABELS, theme_words
from tests.conftest import TINY
from tests.flows.conftest import kill_when_paused

ONE_MB = ("Supercalifragilisticexpialidocious " * 30_000)[:1_000_000]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def write(path: Path, ids: list, texts: list, id_type=None, text_type=None, **extra) -> Path:
    """Write a campaigns Parquet file (``campaign_id``, ``text`` plus any ``extra`` columns)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = {"campaign_id": pa.array(ids, id_type), "text": pa.array(texts, text_type)}
    cols.update({k: pa.array(v) for k, v in extra.items()})
    pq.write_table(pa.table(cols), path)
    return path


def run(inp: Path, out: Path, model: Path, **kw) -> dict:
    """Run the flow and return its summary (also when it ends Failed)."""
    state = extract_entities(str(inp), str(out), model=str(model), return_state=True, **kw)
    summary = state.result(raise_on_failure=False)
    assert isinstance(summary, dict), summary
    return summary


def input_rows(root: Path) -> dict[tuple[str, str, int], tuple]:
    """``(dt, file name, row) -> (campaign_id, text)`` of every input row under ``root``."""
    rows = {}
    for f in sorted(root.glob("dt=*/*.parquet")):
        t = pq.read_table(f)
        ids = t.column("campaign_id").to_pylist()
        texts = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v
                 for v in t.column("text").to_pylist()]
        for i, (cid, text) in enumerate(zip(ids, texts, strict=True)):
            rows[(f.parent.name[3:], f.name, i)] = (None if cid is None else str(cid), text)
    return rows


def key(r: dict) -> tuple[str, str, int]:
    return (r["dt"].isoformat(), r["source_file"], r["source_row"])


def check_output(inp: Path, out: Path) -> tuple[list[dict], list[dict]]:
    """Assert the row and offset invariants; returns (campaigns rows, entities rows)."""
    src = input_rows(inp)
    camps = read_table(out, CAMPAIGNS).to_pylist()
    ents = read_table(out, ENTITIES).to_pylist()
    keys = [key(r) for r in camps]
    assert len(keys) == len(set(keys)), "a row appears twice in campaigns"
    assert set(keys) == set(src), "campaigns rows differ from input rows"
    by_key = {key(r): r for r in camps}
    found: dict[tuple, dict[str, list[str]]] = {}
    cut: dict[tuple, list[tuple[int, int]]] = {}
    times: dict[tuple, list[tuple[int, int]]] = {}
    for e in ents:
        cid, text = src[key(e)]
        assert e["campaign_id"] == cid
        assert e["text"] == text[e["start_char"] : e["end_char"]] and e["text"]
        assert 0.0 < e["confidence"] <= 1.0
        if e["label"] in LIST_COLUMNS:
            found.setdefault(key(e), {}).setdefault(LIST_COLUMNS[e["label"]], []).append(e["text"])
        if e["label"] in CUT_LABELS:
            cut.setdefault(key(e), []).append((e["start_char"], e["end_char"]))
        elif e["label"] == "TIME":
            times.setdefault(key(e), []).append((e["start_char"], e["end_char"]))
    for k, r in by_key.items():
        assert r["campaign_id"] == src[k][0]
        assert r["status"] in STATUSES
        assert r["source"] is None  # these inputs have no source column
        if r["status"] == "error":
            assert r["brands"] is None and r["n_tokens"] is None and r["theme"] is None
            continue
        for col in LIST_COLUMNS.values():
            assert r[col] == list(dict.fromkeys(found.get(k, {}).get(col, [])))
        text = src[k][1]
        theme = [] if r["status"] == "empty" else theme_words(text, cut.get(k, []),
                                                              times.get(k, []))
        assert r["theme"] == theme
    return camps, ents


@pytest.fixture(scope="module")
def extracted(prefect_harness, tiny_model_dir, tmp_path_factory):
    """Three partitions covering every row status, extracted once: (input, output, summary)."""
    root = tmp_path_factory.mktemp("extract")
    inp, out = root / "in", root / "out"
    texts = [t for t, _ in TINY]
    d1 = inp / "dt=2024-03-01"
    write(d1 / "a.parquet",
          ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c1", None, "c10", "c11", "c12", "c13"],
          [*texts, texts[0], texts[1], None, "", "  \t\n ", "\u200b"])
    write(d1 / "b.parquet", ["c0", "c20"], ["Nike x COKE in London tomorrow", "Zara 🎉 Paris"])
    (d1 / "_SUCCESS").write_text("")
    # Integer ids (cast to string), a 1 MB text, a dictionary-encoded text column.
    d2 = inp / "dt=2024-03-02"
    write(d2 / "part-0.parquet", [1, 2, 3], [ONE_MB, texts[2], "Samsung launch - Seoul"],
          text_type=pa.dictionary(pa.int32(), pa.string()))
    # Binary text column: undecodable bytes are tagged error, nothing dropped.
    write(inp / "dt=2024-03-03" / "x.parquet", ["b0", "b1", "b2"],
          [b"Nike in Paris", b"\xff\xfe not utf-8", None], text_type=pa.binary())
    summary = run(inp, out, tiny_model_dir)
    return inp, out, summary


def test_every_input_row_once_with_exact_offsets(extracted):
    inp, out, summary = extracted
    assert (summary["done"], summary["skipped"], summary["failed"]) == (3, 0, 0)
    camps, ents = check_output(inp, out)
    status = {key(r): r["status"] for r in camps}
    d1 = "2024-03-01"
    # TINY texts, a repeated id, a null id, then null / "" / whitespace / zero-width texts.
    assert [status[(d1, "a.parquet", i)] for i in range(14)] == [
        *(["ok"] * 8), "duplicate_id", "null_id", "empty", "empty", "empty", "empty",
    ]
    assert status[(d1, "b.parquet", 0)] == "duplicate_id"  # c0 first seen in a.parquet
    assert status[("2024-03-02", "part-0.parquet", 0)] == "too_long_split"
    assert status[("2024-03-03", "x.parquet", 1)] == "error"
    assert status[("2024-03-03", "x.parquet", 2)] == "empty"
    # Duplicates are still tagged: their entities are written like any other row's.
    assert any(key(e) == (d1, "a.parquet", 8) for e in ents)
    # The ledger: one ok row per partition whose counts match the tables.
    runs = read_table(out, RUNS).to_pylist()
    assert sorted(r["dt"].isoformat() for r in runs) == ["2024-03-01", "2024-03-02", "2024-03-03"]
    for r in runs:
        d = r["dt"].isoformat()
        n_rows = sum(1 for k in status if k[0] == d)
        labels = Counter(e["label"] for e in ents if e["dt"].isoformat() == d)
        assert r["status"] == "ok" and r["error"] is None
        assert r["rows_in"] == r["rows_out"] == n_rows
        assert r["n_entities"] == sum(labels.values())
        assert (r["n_brand"], r["n_time"], r["n_location"]) == (
            labels["BRAND"], labels["TIME"], labels["LOCATION"])
        assert sum(r[f"n_{s}"] for s in STATUSES) == n_rows
        assert r["input_fingerprint"] and r["model_version"] and r["finished_at"] >= r["started_at"]
    assert summary["rows"] == len(camps) and summary["entities"] == len(ents)


def test_duckdb_pandas_and_pyarrow_read_the_output(extracted):
    _, out, _ = extracted
    for table in (ENTITIES, CAMPAIGNS, RUNS):
        n = pq.ParquetDataset(out / table).read().num_rows
        con = duckdb.connect()
        got = con.sql(
            f"SELECT dt, typeof(dt), count(*) FROM read_parquet('{out / table}/*/*.parquet', "
            "hive_partitioning = true) GROUP BY ALL ORDER BY 1"
        ).fetchall()
        assert sum(c for *_, c in got) == n
        assert {str(d) for d, *_ in got} <= {"2024-03-01", "2024-03-02", "2024-03-03"}
        assert {t for _, t, _ in got} == {"DATE"}
        frame = pd.read_parquet(out / table)
        assert len(frame) == n and set(frame["dt"].astype(str)) == {str(d) for d, *_ in got}
        dataset = ds.dataset(out / table, format="parquet", partitioning="hive")
        assert dataset.count_rows() == n and "dt" in dataset.schema.names
        assert read_table(out, table).schema.field("dt").type == pa.date32()
    # A partition file alone is self-describing apart from dt (which lives in the path).
    one = pq.read_table(partition_path(out, CAMPAIGNS, "2024-03-01"))
    assert "dt" not in one.column_names and one.num_rows == 16


def test_rerun_is_skipped_and_forced_rerun_is_identical(extracted, tiny_model_dir, tmp_path):
    inp, out0, _ = extracted
    out = tmp_path / "out"
    shutil.copytree(out0, out)
    before = {t: read_table(out, t) for t in (ENTITIES, CAMPAIGNS)}
    again = run(inp, out, tiny_model_dir)
    assert (again["done"], again["skipped"], again["failed"]) == (0, 3, 0)
    assert read_table(out, RUNS).num_rows == 3  # a skip writes nothing
    forced = run(inp, out, tiny_model_dir, force=True)
    assert (forced["done"], forced["skipped"]) == (3, 0)
    for t, old in before.items():
        new = read_table(out, t)
        varying = [c for c in ("run_id", "extracted_at") if c in old.column_names]
        assert new.drop_columns(varying).equals(old.drop_columns(varying)), t
        assert set(new.column("run_id").to_pylist()) != set(old.column("run_id").to_pylist())
    runs = read_table(out, RUNS).to_pylist()
    assert len(runs) == 6 and sum(r["forced"] for r in runs) == 3  # history kept
    # A changed input is re-processed without --force.
    write(inp.parent / "in2" / "dt=2024-03-03" / "x.parquet", ["z"], ["Zara in Paris"])
    shutil.copytree(inp / "dt=2024-03-01", inp.parent / "in2" / "dt=2024-03-01")
    changed = run(inp.parent / "in2", out, tiny_model_dir)
    assert (changed["done"], changed["skipped"]) == (1, 1)
    assert pq.read_table(partition_path(out, CAMPAIGNS, "2024-03-03")).num_rows == 1


def test_killed_writer_leaves_the_old_partition_and_rerun_completes(
    prefect_harness, tiny_model_dir, tmp_path
):
    inp, out, dt = tmp_path / "in", tmp_path / "out", "2024-05-01"
    texts = [t for t, _ in TINY]
    write(inp / f"dt={dt}" / "a.parquet", [f"v1-{i}" for i in range(len(texts))], texts)
    assert run(inp, out, tiny_model_dir)["done"] == 1
    old = {t: pq.read_table(partition_path(out, t, dt)) for t in (ENTITIES, CAMPAIGNS)}
    write(inp / f"dt={dt}" / "a.parquet", [f"v2-{i}" for i in range(40)], (texts * 5)[:40])

    flag = tmp_path / "paused"
    code = (
        "import sys; from flows.batch.tagging import process_partition; "
        "process_partition(sys.argv[1], [sys.argv[2]], sys.argv[3], sys.argv[4], run_id='doomed')"
    )
    cmd = [sys.executable, "-c", code, dt, str(inp / f"dt={dt}" / "a.parquet"), str(out),
           str(tiny_model_dir)]
    tmp = kill_when_paused(cmd, {**os.environ, PAUSE_ENV: str(flag)}, flag, "writer")
    assert tmp.exists() and tmp.stat().st_size > 0  # half-written, never published
    with pytest.raises(pa.ArrowInvalid):
        pq.read_table(tmp)
    for t, table in old.items():  # the published partition is untouched and readable
        assert pq.read_table(partition_path(out, t, dt)).equals(table)
        assert pd.read_parquet(out / t).shape[0] == table.num_rows
        sql = f"SELECT count(*) FROM read_parquet('{out / t}/**/*.parquet')"
        n = duckdb.sql(sql).fetchall()[0][0]
        assert n == table.num_rows

    again = run(inp, out, tiny_model_dir)
    assert (again["done"], again["failed"]) == (1, 0)
    assert not tmp.exists()  # stale temp removed by the next write of the partition
    camps, _ = check_output(inp, out)
    assert len(camps) == 40 and {r["campaign_id"] for r in camps} == {f"v2-{i}" for i in range(40)}


def test_single_file_partition_date(prefect_harness, tiny_model_dir, tmp_path):
    texts = [t for t, _ in TINY[:3]]
    loose = write(tmp_path / "loose.parquet", ["a", "b", "c"], texts)
    ts = datetime(2023, 7, 4, 12, tzinfo=timezone.utc).timestamp()
    os.utime(loose, (ts, ts))
    out = tmp_path / "out"
    assert run(loose, out, tiny_model_dir)["done"] == 1  # modification date, UTC
    assert partition_path(out, CAMPAIGNS, "2023-07-04").is_file()
    assert run(loose, out, tiny_model_dir)["skipped"] == 1
    assert run(loose, out, tiny_model_dir, date="2023-01-02")["done"] == 1  # --date wins
    in_dt = write(tmp_path / "x" / "dt=2022-02-02" / "f.parquet", ["a"], texts[:1])
    assert run(in_dt, out, tiny_model_dir)["done"] == 1  # the dt= directory it lives in
    assert run(in_dt.parent, out, tiny_model_dir)["skipped"] == 1  # a partition dir as input
    assert pq.read_table(partition_path(out, CAMPAIGNS, "2022-02-02")).num_rows == 1


def test_bad_partitions_fail_alone_with_clear_errors(
    prefect_harness, tiny_model_dir, tmp_path, capsys
):
    inp, out = tmp_path / "in", tmp_path / "out"
    texts = [t for t, _ in TINY]
    write(inp / "dt=2024-04-01" / "good.parquet", ["g0", "g1"], texts[:2])
    good = (inp / "dt=2024-04-01" / "good.parquet").read_bytes()
    (inp / "dt=2024-04-02").mkdir()
    (inp / "dt=2024-04-02" / "cut.parquet").write_bytes(good[: len(good) // 2])
    (inp / "dt=2024-04-03").mkdir()
    (inp / "dt=2024-04-03" / "notes.parquet").write_text("campaign_id,text\n1,hello\n")
    # A misnamed text column; a non-string text column; mixed types across files.
    (inp / "dt=2024-04-04").mkdir()
    pq.write_table(pa.table({"campaign_id": ["m"], "body": ["Nike"], "views": [3]}),
                   inp / "dt=2024-04-04" / "body.parquet")
    (inp / "dt=2024-04-05").mkdir()
    pq.write_table(pa.table({"campaign_id": ["i"], "text": [42]}),
                   inp / "dt=2024-04-05" / "int.parquet")
    write(inp / "dt=2024-04-06" / "a.parquet", ["s0"], texts[:1])
    pq.write_table(pa.table({"campaign_id": ["s1"], "text": [7]}),
                   inp / "dt=2024-04-06" / "b.parquet")
    write(inp / "dt=2024-04-07" / "empty.parquet", [], [], id_type=pa.string(),
          text_type=pa.string())
    (inp / "dt=2024-04-08").mkdir()  # no files (yet): fails alone, recorded in its ledger
    (inp / "dt=2024-04-08" / "_SUCCESS").write_text("")

    rc = main(["extract", str(inp), str(out), "--model", str(tiny_model_dir)])
    captured = capsys.readouterr()
    assert rc == 1
    assert "2 done, 0 skipped, 6 failed" in captured.out
    err = [ln for ln in captured.err.splitlines() if ln.startswith("campaign-ner extract:")]
    assert len(err) == 6 and "Traceback" not in captured.err
    msg = {ln.split()[2]: ln for ln in err}
    assert "cut.parquet" in msg["dt=2024-04-02"]
    assert "not a readable Parquet file" in msg["dt=2024-04-02"]
    assert "notes.parquet" in msg["dt=2024-04-03"]
    assert "body.parquet" in msg["dt=2024-04-04"] and "'text'" in msg["dt=2024-04-04"]
    assert "campaign_id, body, views" in msg["dt=2024-04-04"]  # lists the columns present
    assert "int.parquet" in msg["dt=2024-04-05"] and "int64" in msg["dt=2024-04-05"]
    assert "b.parquet" in msg["dt=2024-04-06"] and "a.parquet" not in msg["dt=2024-04-06"]
    assert "dt=2024-04-08" in msg["dt=2024-04-08"] and "no Parquet files" in msg["dt=2024-04-08"]

    runs = {r["dt"].isoformat(): r for r in read_table(out, RUNS).to_pylist()}
    assert {d: r["status"] for d, r in runs.items()} == {
        "2024-04-01": "ok", "2024-04-02": "failed", "2024-04-03": "failed", "2024-04-04": "failed",
        "2024-04-05": "failed", "2024-04-06": "failed", "2024-04-07": "ok", "2024-04-08": "failed",
    }
    assert "cut.parquet" in runs["2024-04-02"]["error"]
    assert runs["2024-04-07"]["rows_in"] == runs["2024-04-07"]["rows_out"] == 0
    for d in ("2024-04-02", "2024-04-03", "2024-04-04", "2024-04-05", "2024-04-06"):
        assert not partition_path(out, CAMPAIGNS, d).exists()  # nothing half-done published
    assert pq.read_table(partition_path(out, CAMPAIGNS, "2024-04-07")).num_rows == 0
    assert pq.read_table(partition_path(out, ENTITIES, "2024-04-07")).num_rows == 0
    assert pq.read_table(partition_path(out, CAMPAIGNS, "2024-04-01")).num_rows == 2

    # Fixing the partition and rerunning processes only what is not done.
    pq.write_table(pa.table({"campaign_id": ["s1"], "text": ["Zara in Paris"]}),
                   inp / "dt=2024-04-06" / "b.parquet")
    rc = main(["extract", str(inp), str(out), "--model", str(tiny_model_dir),
               "--date", "2024-04-06"])
    assert rc == 0 and "1 done" in capsys.readouterr().out


def _one_line_error(capsys, argv: list[str]) -> str:
    rc = main(argv)
    captured = capsys.readouterr()
    assert rc == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("campaign-ner extract: error:"), captured.err
    return lines[0]


def test_bad_arguments_are_refused_up_front(tiny_model_dir, tmp_path, capsys):
    inp = tmp_path / "in"
    write(inp / "dt=2024-01-01" / "a.parquet", ["a"], ["Nike"])
    model = ["--model", str(tiny_model_dir)]
    out = str(tmp_path / "out")
    (inp / "dt=2024-13-45").mkdir()
    assert "dt=2024-13-45" in _one_line_error(capsys, ["extract", str(inp), out, *model])
    (inp / "dt=2024-13-45").rmdir()
    (inp / "foo").mkdir()
    assert "'foo'" in _one_line_error(capsys, ["extract", str(inp), out, *model])
    # --date picks one partition: the stray directory does not matter then.
    assert "inside the input" in _one_line_error(
        capsys, ["extract", str(inp), str(inp / "out"), *model, "--date", "2024-01-01"])
    assert "2024-1-1" in _one_line_error(
        capsys, ["extract", str(inp), out, *model, "--date", "2024-1-1"])
    assert "no partition dt=2024-02-02" in _one_line_error(
        capsys, ["extract", str(inp), out, *model, "--date", "2024-02-02"])
    assert "does not exist" in _one_line_error(
        capsys, ["extract", str(tmp_path / "nope"), out, *model])
    assert "does not exist" in _one_line_error(
        capsys,
        ["extract", str(inp), out, "--model", str(tmp_path / "no-model"), "--date", "2024-01-01"])
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "weights.safetensors").write_bytes(b"\0" * 10)
    assert "weights.safetensors" in _one_line_error(
        capsys, ["extract", str(inp), out, "--model", str(broken), "--date", "2024-01-01"])
    assert not Path(out).exists()  # refused before writing anything


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.one_of(st.none(), st.text(max_size=80),
                                st.sampled_from([t for t, _ in TINY])), min_size=0, max_size=12))
def test_offsets_hold_for_any_unicode_text(tiny_model_dir, tmp_path_factory, texts):
    root = tmp_path_factory.mktemp("prop")
    inp, out = root / "in", root / "out"
    ids = [f"r{i % 5}" for i in range(len(texts))]
    write(inp / "dt=2024-01-01" / "a.parquet", ids, texts, id_type=pa.string(),
          text_type=pa.string())
    stats = process_partition("2024-01-01", [str(inp / "dt=2024-01-01" / "a.parquet")], str(out),
                              str(tiny_model_dir), run_id="prop")
    assert stats["rows_in"] == stats["rows_out"] == len(texts)
    camps, ents = check_output(inp, out)
    assert len(camps) == len(texts) and stats["n_entities"] == len(ents)


def test_worker_processes_give_the_same_tables_as_one_process(extracted, tiny_model_dir, tmp_path,
                                                             monkeypatch):
    """``jobs=2`` (two tagging processes, several record batches in flight) writes exactly
    the rows ``jobs=1`` writes, in the same order, bad rows included."""
    from flows.batch.predictors import close_pools

    inp = extracted[0]
    files = [str(f) for f in sorted((inp / "dt=2024-03-01").glob("*.parquet"))]
    many = tmp_path / "many" / "dt=2024-03-04" / "a.parquet"
    texts = [t for t, _ in TINY] * 300 + [None, "", "\u200b", ONE_MB[:5000]]
    write(many, [f"m{i % 2000}" for i in range(len(texts))], texts)
    # several record batches in flight
    monkeypatch.setattr("flows.batch.reading.MAX_BATCH_ROWS", 256)
    tables = {}
    try:
        for jobs in (1, 2):
            out = tmp_path / f"out{jobs}"
            for dt, fs in (("2024-03-01", files), ("2024-03-04", [str(many)])):
                stats = process_partition(
                    dt, fs, str(out), str(tiny_model_dir), run_id="r", jobs=jobs,
                    started_at=datetime(2024, 1, 1, tzinfo=timezone.utc))
                assert stats["rows_in"] == stats["rows_out"]
            tables[jobs] = {t: read_table(out, t).to_pylist() for t in (CAMPAIGNS, ENTITIES)}
    finally:
        close_pools()
    assert tables[1][CAMPAIGNS] and tables[1][ENTITIES]
    assert tables[1] == tables[2]
