"""What the stitcher reads from ``campaigns``: each row's ``source`` (platform) from the input,
its ``theme`` words, and the brand ids of all its BRANDs (linked or not); and the ledger that
re-processes partitions written before these columns existed. Real Parquet, real Prefect (the
session harness), the shipped model."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.batch.tables import (
    CAMPAIGNS,
    CAMPAIGNS_SCHEMA,
    ENTITIES,
    OUTPUT_VERSION,
    RUNS,
    partition_path,
)
from flows.cli import build_parser, main

DT = "2025-06-10"
TEXTS = ["COKE | Summer Refresh | London | Jun25", "Zorblax summer sale in Paris this weekend",
         ""]


def _write(root, name: str, texts, **extra):
    path = root / f"dt={DT}" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = {"campaign_id": [f"{name[0]}{i}" for i in range(len(texts))], "text": texts, **extra}
    pq.write_table(pa.table(cols), path)
    return path


def _rows(out, table: str) -> list[dict]:
    return pq.read_table(partition_path(out, table, DT)).to_pylist()


def _camps(out) -> dict[str, dict]:
    return {c["campaign_id"]: c for c in _rows(out, CAMPAIGNS)}


@pytest.fixture
def run(prefect_harness):
    """``campaign-ner extract`` in this process with the shipped model: its exit status."""

    def go(inp, out, *options: str) -> int:
        return main(["extract", str(inp), str(out), "--jobs", "1", *options])

    return go


def test_the_new_columns_sit_where_the_stitcher_expects_them():
    names = CAMPAIGNS_SCHEMA.names
    assert names[names.index("campaign_id") + 1] == "source"
    assert names[names.index("period_end") + 1] == "theme"
    assert CAMPAIGNS_SCHEMA.field("source").nullable
    assert CAMPAIGNS_SCHEMA.field("theme").type == pa.list_(pa.string())


def test_source_theme_and_brand_ids(run, tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    # a `source` column (found without the option), one value not UTF-8, one null
    platforms = pa.array([b"meta", b"\xff\xfegoogle", None]).view(pa.string())
    _write(inp, "a.parquet", TEXTS, source=platforms)
    # no `source` column; binary text, one row not UTF-8 (status error)
    _write(inp, "b.parquet", pa.array([b"Glorpco_DE_BackToSchool2025_Retargeting",
                                       b"\xff\xfe not utf-8"], pa.binary()))
    assert run(inp, out) == 0
    c = _camps(out)
    assert [c[k]["source"] for k in ("a0", "a1", "a2", "b0", "b1")] == [
        "meta", "\\xff\\xfegoogle", None, None, None]  # every row kept
    # COKE and London cut; the TIMEs Summer and Jun25 left to the period
    assert c["a0"]["theme"] == ["refresh"]
    assert c["a1"]["theme"] == ["sale"]  # summer, this weekend: TIMEs; in: a stopword
    assert c["b0"]["theme"] == ["backtoschool"]  # the event its TIME names; Retargeting dropped
    assert c["a2"]["status"] == "empty" and c["a2"]["theme"] == []
    assert c["b1"]["status"] == "error" and c["b1"]["theme"] is None
    # every BRAND's id, the unlinked ones too (entities.norm_status tells which)
    assert c["a0"]["brand_ids"] == ["coca-cola"]
    assert c["a1"]["brand_ids"] == ["zorblax"] and c["b0"]["brand_ids"] == ["glorpco"]
    brands = {e["text"]: e["norm_status"] for e in _rows(out, ENTITIES) if e["label"] == "BRAND"}
    assert brands == {"COKE": "linked", "Zorblax": "unlinked", "Glorpco": "unlinked"}
    (ledger,) = _rows(out, RUNS)
    assert ledger["source_column"] is None and ledger["output_version"] == OUTPUT_VERSION


def test_theme_without_normalization(run, tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, "a.parquet", TEXTS)
    assert run(inp, out, "--no-normalize") == 0
    c = _camps(out)
    assert c["a0"]["theme"] == ["refresh"] and c["a0"]["brand_ids"] is None
    assert c["a0"]["source"] is None


def test_an_explicit_source_column(run, tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, "a.parquet", TEXTS[:2], source=["ignored", "ignored"],
           platform=pa.array(["google_ads", "meta"]).dictionary_encode())
    _write(inp, "b.parquet", TEXTS[:1], platform=pa.nulls(1))  # a column of nulls: accepted
    assert run(inp, out) == 0
    assert [c["source"] for c in _camps(out).values()] == ["ignored", "ignored", None]
    # the name given is part of the fingerprint: the same files are made again
    assert run(inp, out, "--source-column", "platform") == 0
    assert [c["source"] for c in _camps(out).values()] == ["google_ads", "meta", None]
    runs = _rows(out, RUNS)
    assert len(runs) == 2 and runs[-1]["source_column"] == "platform"
    assert run(inp, out, "--source-column", "platform") == 0 and len(_rows(out, RUNS)) == 2


def test_a_default_source_column_of_another_type_is_left_out(run, tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, "a.parquet", TEXTS[:1], source=[3])
    assert run(inp, out) == 0
    assert _camps(out)["a0"]["source"] is None


@pytest.mark.parametrize("command", ["extract", "backfill"])
@pytest.mark.parametrize(("columns", "message"), [
    ({}, "a.parquet: no column 'platform' (columns: campaign_id, text); choose one with "
         "--source-column"),
    ({"platform": [7]}, "a.parquet: source column 'platform' has type int64, expected string"),
    ({"platform": pa.array([b"meta"], pa.binary())}, "source column 'platform' has type binary"),
])
def test_a_bad_explicit_source_column_is_one_line_and_exit_2(prefect_harness, tmp_path, capsys,
                                                             command, columns, message):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, "a.parquet", TEXTS[:1], **columns)
    dates = ["--start", DT, "--end", DT] if command == "backfill" else []
    code = main([command, str(inp), str(out), *dates, "--source-column", "platform"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith(f"campaign-ner {command}: error: ") and message in lines[0]
    assert not (out / RUNS).exists()  # refused before any flow run


def test_source_column_is_an_option_of_every_partition_job(tmp_path):
    parser = build_parser()
    for command, extra in (("extract", []), ("backfill", ["--start", DT, "--end", DT]),
                           ("serve", [])):
        args = parser.parse_args([command, "in", "out", *extra, "--source-column", "platform"])
        assert args.source_column == "platform"
        assert parser.parse_args([command, "in", "out", *extra]).source_column is None


def _rewrite_ledger(out, **changes) -> None:
    """Make the last runs row look written by older code: ``column=None`` drops it."""
    path = partition_path(out, RUNS, DT)
    table = pq.read_table(path)
    for name, value in changes.items():
        table = table.drop_columns([name])
        if value is not None:
            table = table.append_column(name, pa.array([value] * table.num_rows, pa.string()))
    pq.write_table(table, path)


@pytest.mark.parametrize("options", [(), ("--no-normalize",)])
def test_partitions_written_before_these_columns_are_made_again(run, tmp_path, options):
    inp, out = tmp_path / "in", tmp_path / "out"
    _write(inp, "a.parquet", TEXTS)
    assert run(inp, out, *options) == 0
    assert run(inp, out, *options) == 0 and len(_rows(out, RUNS)) == 1, "same code: skipped"
    # what the previous release wrote: no output version, normalize-v1 (or off) values
    old = "off" if options else "normalize-v1-0123456789ab"
    _rewrite_ledger(out, output_version=None, normalizer_version=old)
    c = pq.read_table(partition_path(out, CAMPAIGNS, DT))
    pq.write_table(c.drop_columns(["source", "theme"]), partition_path(out, CAMPAIGNS, DT))
    assert run(inp, out, *options) == 0
    runs = _rows(out, RUNS)
    assert len(runs) == 2 and runs[-1]["output_version"] == OUTPUT_VERSION
    assert _camps(out)["a0"]["theme"] == ["refresh"]
    assert run(inp, out, *options) == 0 and len(_rows(out, RUNS)) == 2
