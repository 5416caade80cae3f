"""Atomic partition writers: published together, or not at all; stale temp files removed."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from flows.batch.tables import (
    CAMPAIGNS,
    ENTITIES,
    RUNS,
    append_run,
    atomic_writers,
    partition_path,
    read_partition,
    read_table,
)
from ner_model.storage.atomic import temp_name

DT = "2024-08-01"


def campaign_rows(n: int) -> dict[str, list]:
    return {
        "campaign_id": [f"c{i}" for i in range(n)], "source": ["meta"] * n,
        "brands": [["Nike"]] * n, "times": [[]] * n,
        "locations": [[]] * n, "n_tokens": [3] * n, "status": ["ok"] * n,
        "model_version": ["v"] * n, "run_id": ["r"] * n, "source_file": ["a.parquet"] * n,
        "source_row": list(range(n)), "brand_ids": [["nike"]] * n, "country_codes": [[]] * n,
        "markets": [[]] * n, "period_start": [None] * n, "period_end": [None] * n,
        "theme": [["sale"]] * n,
    }


def test_every_table_is_published_on_success(tmp_path):
    with atomic_writers(tmp_path, DT, [ENTITIES, CAMPAIGNS]) as w:
        w[CAMPAIGNS].append(**campaign_rows(3))
        assert not partition_path(tmp_path, CAMPAIGNS, DT).exists()  # not before the end
    assert pq.read_table(partition_path(tmp_path, CAMPAIGNS, DT)).num_rows == 3
    assert pq.read_table(partition_path(tmp_path, ENTITIES, DT)).num_rows == 0  # valid, empty
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failed_write_changes_no_partition_and_leaves_no_temp_files(tmp_path):
    with atomic_writers(tmp_path, DT, [ENTITIES, CAMPAIGNS]) as w:
        w[CAMPAIGNS].append(**campaign_rows(2))
    old = pq.read_table(partition_path(tmp_path, CAMPAIGNS, DT))
    with pytest.raises(RuntimeError, match="boom"), atomic_writers(tmp_path, DT, [CAMPAIGNS]) as w:
        w[CAMPAIGNS].append(**campaign_rows(5))
        raise RuntimeError("boom")
    assert pq.read_table(partition_path(tmp_path, CAMPAIGNS, DT)).equals(old)
    assert not list(tmp_path.rglob("*.tmp"))
    with pytest.raises(RuntimeError), atomic_writers(tmp_path, "2024-08-02", [ENTITIES]):
        raise RuntimeError("boom")
    assert not (tmp_path / ENTITIES / "dt=2024-08-02").exists()  # a new partition stays absent


def test_stale_temp_files_are_removed_by_the_next_write(tmp_path):
    stale = temp_name(partition_path(tmp_path, CAMPAIGNS, DT))
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PAR1 half a file")
    with atomic_writers(tmp_path, DT, [CAMPAIGNS]) as w:
        w[CAMPAIGNS].append(**campaign_rows(1))
    assert not stale.exists()
    assert read_table(tmp_path, CAMPAIGNS).num_rows == 1


def test_the_ledger_keeps_its_history(tmp_path):
    append_run(tmp_path, DT, {"run_id": "a", "status": "failed", "error": "x"})
    append_run(tmp_path, DT, {"run_id": "b", "status": "ok", "rows_in": 3})
    rows = read_partition(tmp_path, RUNS, DT).to_pylist()
    assert [(r["run_id"], r["status"], r["rows_in"]) for r in rows] == [("a", "failed", None),
                                                                        ("b", "ok", 3)]
