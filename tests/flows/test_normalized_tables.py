"""Normalized values in the output tables: brand ids, calendar intervals and country codes
per entity, their roll-up per campaign row, the reference date, a user's brand table, and a
ledger that re-processes partitions made with other normalization."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.batch.tables import CAMPAIGNS, ENTITIES, RUNS, partition_path
from flows.cli import main

DT = "2025-06-10"
TEXTS = ["COKE | Summer Refresh | London | Jun25", "Free shipping on all orders"]


def _write(root: Path, texts: list[str], **extra) -> Path:
    path = root / f"dt={DT}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = {"campaign_id": [f"c{i}" for i in range(len(texts))], "text": texts, **extra}
    pq.write_table(pa.table(cols), path)
    return path


def _rows(out: Path, table: str) -> list[dict]:
    return pq.read_table(partition_path(out, table, DT)).to_pylist()


@pytest.fixture
def run(prefect_harness):
    """``campaign-ner extract`` in this process with the shipped model: its exit status.
    (Not under capsys: Prefect's console handler would keep writing to a closed capture.)"""

    def go(inp: Path, out: Path, *options: str) -> int:
        return main(["extract", str(inp), str(out), "--jobs", "1", *options])

    return go


def test_entities_and_campaigns_carry_joinable_values(run, tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, TEXTS)
    assert run(inp, out) == 0
    ents = {e["text"]: e for e in _rows(out, ENTITIES)}
    assert ents["COKE"]["brand_id"] == "coca-cola" and ents["COKE"]["norm_status"] == "linked"
    assert (ents["London"]["country_code"], ents["London"]["subdivision_code"]) == ("GB", "GB-ENG")
    jun = ents["Jun25"]  # read against the partition date
    assert (jun["value_start"], jun["value_end"], jun["grain"]) == (
        datetime(2025, 6, 1), datetime(2025, 7, 1), "month")
    assert ents["COKE"]["value_start"] is None and ents["London"]["brand_id"] is None
    camps = {c["campaign_id"]: c for c in _rows(out, CAMPAIGNS)}
    assert camps["c0"]["brand_ids"] == ["coca-cola"] and camps["c0"]["country_codes"] == ["GB"]
    assert (camps["c0"]["period_start"], camps["c0"]["period_end"]) == (
        datetime(2025, 6, 1), datetime(2025, 9, 1))  # Summer and Jun25: their hull
    assert camps["c1"]["brand_ids"] == [] and camps["c1"]["period_start"] is None
    (ledger,) = _rows(out, RUNS)
    assert ledger["normalizer_version"].startswith("normalize-v")


def test_the_ledger_reprocesses_what_other_normalization_made(run, tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, TEXTS)
    assert run(inp, out) == 0
    assert run(inp, out) == 0 and len(_rows(out, RUNS)) == 1, "same input: skipped"
    brands = tmp_path / "brands.csv"
    brands.write_text("name,aliases,codes,parent,wikidata\n"
                      "Coke Zero Sugar,,COKE,,\n")
    assert run(inp, out, "--brands", str(brands)) == 0
    ents = {e["text"]: e for e in _rows(out, ENTITIES)}
    assert ents["COKE"]["brand_id"] == "coke-zero-sugar", "the user's table wins"
    assert len(_rows(out, RUNS)) == 2, "another brand table: made again"
    assert run(inp, out, "--no-normalize") == 0
    runs = _rows(out, RUNS)
    assert len(runs) == 3 and runs[-1]["normalizer_version"] == "off"
    assert all(e["norm_status"] is None for e in _rows(out, ENTITIES))
    # a ledger written before normalization existed (no normalizer_version): made again
    table = pq.read_table(partition_path(out, RUNS, DT))
    pq.write_table(table.drop_columns(["normalizer_version"]), partition_path(out, RUNS, DT))
    assert run(inp, out) == 0 and len(_rows(out, RUNS)) == 4


def test_a_reference_column_dates_each_row(run, tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    texts = ["Nike sale this Friday", "Nike sale this Friday", "Nike sale this Friday"]
    _write(inp, texts, sent=["2024-03-04", "not a date", "1850-01-01"])
    assert run(inp, out, "--reference-column", "sent") == 0
    times = {e["campaign_id"]: e for e in _rows(out, ENTITIES) if e["label"] == "TIME"}
    assert times["c0"]["value_start"] == datetime(2024, 3, 8)  # the Friday of that week
    assert times["c1"]["norm_status"] == times["c2"]["norm_status"] == "no_reference"
    assert _rows(out, RUNS)[0]["reference_column"] == "sent"


@pytest.mark.parametrize(("setup", "message"), [
    (lambda tmp: ["--reference-column", "sent_on"], "no column 'sent_on'"),
    (lambda tmp: ["--reference-column", "n"], "reference column 'n' has type int64"),
    (lambda tmp: ["--brands", str(_bad_brands(tmp))], "brands.csv: row 2"),
])
def test_bad_normalization_input_is_one_line_and_exit_2(prefect_harness, tmp_path, capsys,
                                                        setup, message):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, TEXTS, n=[1, 2])
    code = main(["extract", str(inp), str(out), *setup(tmp_path)])  # refused before any run
    lines = capsys.readouterr().err.strip().splitlines()
    err = "\n".join(lines)
    assert code == 2 and len(lines) == 1 and message in lines[0], err
    assert not partition_path(out, ENTITIES, DT).exists()


def _bad_brands(tmp: Path) -> Path:
    path = tmp / "brands.csv"
    path.write_text("name,aliases,codes,parent,wikidata\n,nike,,,\n")
    return path


def test_outputs_written_before_normalization_stay_queryable(run, tmp_path):
    """A partition written before these columns existed reads as nulls beside new ones (the
    views union the schemas by name) until the next run re-processes it."""
    from flows.query import query

    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, TEXTS)
    assert run(inp, out) == 0
    old_dt = "2025-06-09"
    for table in (ENTITIES, CAMPAIGNS):
        new = pq.read_table(partition_path(out, table, DT))
        keep = [c for c in new.column_names if c not in (
            "norm_status", "value_start", "value_end", "grain", "tz", "brand_id", "brand_name",
            "parent_brand_id", "country_code", "subdivision_code", "geonames_id", "market",
            "market_countries", "brand_ids", "country_codes", "period_start", "period_end")]
        path = partition_path(out, table, old_dt)
        path.parent.mkdir(parents=True)
        pq.write_table(new.select(keep), path)
    got = tmp_path / "got.csv"
    query(out, "SELECT dt, count(brand_id) AS linked, count(*) AS n FROM entities "
               "WHERE label = 'BRAND' GROUP BY dt ORDER BY dt", "csv", got)
    assert got.read_text().splitlines()[1:] == [f"{old_dt},0,1", f"{DT},1,1"]
