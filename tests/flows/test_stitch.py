"""The stitch tables on disk: rows in == rows out, nightly steps == a full rebuild, replay
from a changed or --since date, a crash leaves the last finished run, one-line errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.batch import stitching
from flows.batch.stitching import CAMPAIGN_STITCHES_SCHEMA, STITCHES_SCHEMA, stitch_output
from ner_model.stitch.stitcher import StitchSettings

COLUMNS = pa.schema([
    ("campaign_id", pa.string()), ("source", pa.string()), ("status", pa.string()),
    ("source_file", pa.string()), ("source_row", pa.int64()),
    ("brand_ids", pa.list_(pa.string())), ("country_codes", pa.list_(pa.string())),
    ("period_start", pa.timestamp("s")), ("period_end", pa.timestamp("s")),
    ("theme", pa.list_(pa.string())),
])
BRANDS = (["puma"], ["nike"], ["adidas", "tiktok"], [], ["rustbird"])
MARKETS = (["FR"], ["DE"], ["AT", "CH", "DE"], [], ["US"])
THEMES = (["summer", "sale"], ["flash", "sale"], [], ["launch"], ["summer", "sale", "soon"])


def campaigns_rows(day: dt.date, n: int) -> list[dict]:
    """``n`` deterministic campaigns rows of one date, varied in every stitching key."""
    k = day.toordinal()
    rows = []
    for i in range(n):
        j = k * 7 + i * 3
        month = 1 + (day.month + i) % 6
        has_period = j % 4 != 0
        rows.append({
            "campaign_id": f"c{j % 23}", "source": ("meta", "email", "google_ads")[i % 3],
            "status": "error" if j % 31 == 0 else "ok", "source_file": "part-0.parquet",
            "source_row": i, "brand_ids": BRANDS[j % len(BRANDS)],
            "country_codes": MARKETS[(j // 5) % len(MARKETS)],
            "period_start": dt.datetime(2025, month, 1) if has_period else None,
            "period_end": dt.datetime(2025, month + 1, 1) if has_period else None,
            "theme": THEMES[(j // 2) % len(THEMES)],
        })
    return rows


DAYS = [dt.date(2025, 3, 1) + dt.timedelta(days=3 * i) for i in range(12)]


def write_campaigns(output: Path, days: list[dt.date], n: int = 12,
                    schema: pa.Schema = COLUMNS) -> None:
    for day in days:
        path = output / "campaigns" / f"dt={day}" / "part-0.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [{k: r[k] for k in schema.names} for r in campaigns_rows(day, n)]
        pq.write_table(pa.Table.from_pylist(rows, schema), path)


def tables(output: Path) -> tuple[list[tuple], list[tuple]]:
    """Sorted rows of campaign_stitches (with dt) and stitches."""
    cs = duckdb.sql(
        f"select dt, source_file, source_row, campaign_id, source, stitch_id, score, reason "
        f"from read_parquet('{output}/campaign_stitches/*/*.parquet', hive_partitioning = true) "
        "order by all").fetchall()
    st = duckdb.sql(f"select * from read_parquet('{output}/stitches/*.parquet') "
                    "order by stitch_id").fetchall()
    return cs, st


def test_rows_in_equal_rows_out_and_the_declared_schemas(tmp_path):
    write_campaigns(tmp_path, DAYS)
    summary = stitch_output(tmp_path)
    assert summary["status"] == "ok" and summary["partitions"] == len(DAYS)
    for day in DAYS:
        cs = pq.read_table(tmp_path / "campaign_stitches" / f"dt={day}" / "part-0.parquet")
        camp = pq.read_table(tmp_path / "campaigns" / f"dt={day}" / "part-0.parquet")
        assert cs.schema.remove_metadata() == CAMPAIGN_STITCHES_SCHEMA
        assert sorted(cs.column("source_row").to_pylist()) == \
            sorted(camp.column("source_row").to_pylist())
    st = pq.read_table(tmp_path / "stitches" / "part-0.parquet")
    # (Parquet keeps second timestamps as milliseconds, as in the campaigns table)
    assert st.cast(STITCHES_SCHEMA).schema.remove_metadata() == STITCHES_SCHEMA
    assert st.schema.names == STITCHES_SCHEMA.names
    cs, _ = tables(tmp_path)
    stitched = [r for r in cs if r[5] is not None]
    # every stitch's n_rows is its member count; unstitched rows say why
    counts = duckdb.sql(
        f"select stitch_id, count(*) from read_parquet('{tmp_path}/campaign_stitches/*/*.parquet')"
        " where stitch_id is not null group by 1 order by 1").fetchall()
    assert counts == sorted(zip(st.column("stitch_id").to_pylist(),
                                st.column("n_rows").to_pylist(), strict=True))
    assert {r[7] for r in cs if r[5] is None} <= {"no_brand", "not_tagged"}
    assert len(stitched) < len(cs)


def test_nightly_steps_give_the_ids_of_a_full_rebuild(tmp_path):
    full, nightly = tmp_path / "full", tmp_path / "nightly"
    write_campaigns(full, DAYS)
    stitch_output(full)
    for day in DAYS:  # one day at a time, as the nightly schedule adds them
        write_campaigns(nightly, [day])
        summary = stitch_output(nightly)
        assert summary["replay_from"] == day.isoformat() and summary["partitions"] == 1
    assert tables(nightly) == tables(full)
    assert stitch_output(nightly)["status"] == "up_to_date"


def test_a_changed_old_partition_replays_from_its_date(tmp_path):
    write_campaigns(tmp_path, DAYS)
    stitch_output(tmp_path)
    before = tables(tmp_path)
    # a backfill rewrites an old partition with other rows
    changed = DAYS[4]
    path = tmp_path / "campaigns" / f"dt={changed}" / "part-0.parquet"
    rows = campaigns_rows(changed + dt.timedelta(days=1), 12)
    pq.write_table(pa.Table.from_pylist(rows, COLUMNS), path)
    summary = stitch_output(tmp_path)
    assert summary["replay_from"] == changed.isoformat()
    assert summary["partitions"] == len(DAYS) - 4
    rebuilt = tmp_path / "rebuild"
    shutil.copytree(tmp_path / "campaigns", rebuilt / "campaigns")
    stitch_output(rebuilt)
    assert tables(tmp_path) == tables(rebuilt)
    assert tables(tmp_path) != before
    # rows before the changed date kept their ids
    kept = [r for r in before[0] if r[0] < changed]
    assert kept == [r for r in tables(tmp_path)[0] if r[0] < changed]


def test_since_and_settings_restitch(tmp_path):
    write_campaigns(tmp_path, DAYS)
    stitch_output(tmp_path)
    before = tables(tmp_path)
    summary = stitch_output(tmp_path, since=DAYS[6].isoformat())
    assert summary["replay_from"] == DAYS[6].isoformat()
    assert tables(tmp_path) == before
    summary = stitch_output(tmp_path, StitchSettings(window_days=3))
    assert summary["replay_from"] == DAYS[0].isoformat()
    assert summary["why"].startswith("settings changed")


def test_a_removed_partition_loses_its_stitch_rows(tmp_path):
    write_campaigns(tmp_path, DAYS)
    stitch_output(tmp_path)
    gone = DAYS[-2]
    shutil.rmtree(tmp_path / "campaigns" / f"dt={gone}")
    summary = stitch_output(tmp_path)
    assert summary["replay_from"] == gone.isoformat()
    assert not (tmp_path / "campaign_stitches" / f"dt={gone}").joinpath("part-0.parquet").exists()


def test_a_crash_leaves_whole_files_and_the_next_run_recovers(tmp_path, monkeypatch):
    write_campaigns(tmp_path, DAYS[:8])
    stitch_output(tmp_path)
    before_state = (tmp_path / "stitch_state" / "signatures.parquet").read_bytes()
    before = tables(tmp_path)
    write_campaigns(tmp_path, DAYS[8:])

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stitching, "_write_stitches", boom)
    with pytest.raises(OSError):
        stitch_output(tmp_path)
    # the commit record is the old one; files written before the crash are whole
    assert (tmp_path / "stitch_state" / "signatures.parquet").read_bytes() == before_state
    assert tables(tmp_path)[1] == before[1]
    assert not list(tmp_path.rglob("*.tmp"))
    monkeypatch.undo()
    stitch_output(tmp_path)
    rebuilt = tmp_path / "rebuild"
    shutil.copytree(tmp_path / "campaigns", rebuilt / "campaigns")
    stitch_output(rebuilt)
    assert tables(tmp_path) == tables(rebuilt)


def test_partitions_written_before_source_and_theme_existed(tmp_path):
    old = pa.schema([f for f in COLUMNS if f.name not in ("source", "theme")])
    write_campaigns(tmp_path, DAYS[:6], schema=old)
    write_campaigns(tmp_path, DAYS[6:])
    summary = stitch_output(tmp_path)
    assert summary["status"] == "ok"
    cs, _ = tables(tmp_path)
    assert all(r[4] is None for r in cs if r[0] < DAYS[6])
