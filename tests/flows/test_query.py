"""``campaign-ner query``: DuckDB views over the output, output formats, read-only guard."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import torch

from flows.batch.tables import ENTITIES, partition_path, reader_schema
from flows.cli import main
from flows.extract import extract_entities
from flows.query import QueryError, query
from ner_model.storage.atomic import temp_name
from tests.conftest import TINY

COUNT_SQL = "SELECT dt, label, count(*) AS n FROM entities GROUP BY ALL ORDER BY ALL"


@pytest.fixture(scope="module")
def output(prefect_harness, tiny_model_dir, tmp_path_factory) -> Path:
    """An output root written by the real flow: two partitions of the tiny texts."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("query")
    texts = [t for t, _ in TINY]
    for dt in ("2024-06-01", "2024-06-02"):
        (root / "in" / f"dt={dt}").mkdir(parents=True)
        table = pa.table({"campaign_id": [f"{dt}-{i}" for i in range(len(texts))], "text": texts})
        pq.write_table(table, root / "in" / f"dt={dt}" / "a.parquet")
    state = extract_entities(str(root / "in"), str(root / "out"), model=str(tiny_model_dir),
                             return_state=True)
    torch.set_num_threads(before)
    assert state.is_completed()
    return root / "out"


def _files(root: Path) -> set[tuple[str, int]]:
    return {(str(p.relative_to(root)), p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def test_views_have_typed_dt_and_all_rows(output):
    buf = io.StringIO()
    n = query(output, "SELECT typeof(dt) AS t, count(*) AS n FROM campaigns GROUP BY 1", "json",
              stdout=buf)
    assert n == 1 and json.loads(buf.getvalue()) == {"t": "DATE", "n": 2 * len(TINY)}
    buf = io.StringIO()
    query(output, "SELECT count(*) AS runs FROM runs WHERE status = 'ok'", "csv", stdout=buf)
    assert buf.getvalue().splitlines() == ["runs", "2"]


def test_output_formats(output, tmp_path, capsys):
    expected = pq.read_table(output / ENTITIES / "dt=2024-06-01" / "part-0.parquet").num_rows
    assert main(["query", str(output), COUNT_SQL]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["dt", "label", "n"] and set(table[1]) == {"-", " "}
    assert table[-1].startswith("(") and table[-1].endswith("rows)")

    assert main(["query", str(output), COUNT_SQL, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sum(int(r["n"]) for r in rows if r["dt"] == "2024-06-01") == expected

    sql = "SELECT * FROM campaigns ORDER BY campaign_id"
    assert main(["query", str(output), sql, "--format", "json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 2 * len(TINY)
    assert lines[0]["dt"] == "2024-06-01" and isinstance(lines[0]["brands"], list)

    out = tmp_path / "res" / "campaigns.parquet"
    argv = ["SELECT * FROM campaigns", "--format", "parquet", "--out", str(out)]
    assert main(["query", str(output), *argv]) == 0
    got = pq.read_table(out)
    assert got.num_rows == 2 * len(TINY) and got.schema.field("dt").type == pa.date32()
    assert got.schema.field("brands").type == pa.list_(pa.string())
    assert "wrote 16 rows" in capsys.readouterr().err

    csv_out = tmp_path / "res" / "n.csv"
    assert main(["query", str(output), COUNT_SQL, "--format", "csv", "--out", str(csv_out)]) == 0
    assert csv_out.read_text().splitlines()[0] == "dt,label,n"
    assert not [p for p in csv_out.parent.iterdir() if p.name.startswith(".")]  # no temp left


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT * FROM entities) TO 'x.csv'",
        "CREATE TABLE t AS SELECT 1",
        "INSERT INTO entities SELECT * FROM entities",
        "DROP VIEW entities",
        "ATTACH 'other.duckdb'",
        "INSTALL httpfs",
        "SET threads = 1",
        "PRAGMA version",
        "SELECT 1; SELECT 2",
    ],
)
def test_only_read_only_queries_run(output, sql):
    before = _files(output)
    with pytest.raises(QueryError):
        query(output, sql, stdout=io.StringIO())
    assert _files(output) == before


def test_files_outside_the_output_are_out_of_reach(output, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with pytest.raises(QueryError, match="Permission"):
        query(output, f"SELECT * FROM read_csv('{secret}')", stdout=io.StringIO())
    with pytest.raises(QueryError, match="Permission"):
        query(output, f"SELECT * FROM read_csv('{output}/../../{tmp_path.name}/secret.csv')",
              stdout=io.StringIO())


def test_missing_tables_are_empty_views_and_temp_files_are_ignored(output, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    buf = io.StringIO()
    assert query(empty, "SELECT * FROM runs", "csv", stdout=buf) == 0
    assert buf.getvalue().strip().split(",") == reader_schema("runs").names
    buf = io.StringIO()
    query(empty,
          "SELECT column_name, column_type FROM (DESCRIBE entities) WHERE column_name = 'dt'",
          "csv", stdout=buf)
    assert buf.getvalue().splitlines()[1] == "dt,DATE"
    # A half-written temp file of a write in progress is never read.
    tmp = temp_name(partition_path(output, ENTITIES, "2024-06-01"))
    tmp.write_bytes(b"PAR1 half a file")
    try:
        buf = io.StringIO()
        query(output, "SELECT count(*) AS n FROM entities", "csv", stdout=buf)
        n = sum(pq.read_table(p).num_rows for p in (output / ENTITIES).glob("dt=*/*.parquet"))
        assert buf.getvalue().splitlines()[1] == str(n)
    finally:
        tmp.unlink()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["SELECT nope FROM entities"], "nope"),
        (["SELEC 1"], "syntax error"),
        (["SELECT 1", "--format", "parquet"], "--out"),
        (["DELETE FROM entities"], "DELETE"),
    ],
)
def test_errors_are_one_line(output, capsys, argv, needle):
    assert main(["query", str(output), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("campaign-ner query: error:") and needle in err[0]


def test_missing_output_is_a_clear_error(tmp_path, capsys):
    assert main(["query", str(tmp_path / "nope"), "SELECT 1"]) == 2
    assert "does not exist" in capsys.readouterr().err
