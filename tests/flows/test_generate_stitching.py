"""``campaign-ner generate --what stitching``: the benchmark as extraction input + gold."""

from __future__ import annotations

import csv

import pyarrow.dataset as ds

from flows.cli import main
from ner_model.synthetic.stitching import generate_stitching


def test_input_partitions_and_gold_hold_every_generated_row(tmp_path, capsys):
    assert main(["generate", str(tmp_path), "--what", "stitching", "--concepts", "30",
                 "--split", "dev", "--seed", "3"]) == 0
    assert "gold concepts" in capsys.readouterr().out
    rows = generate_stitching(30, seed=3, split="dev")
    table = ds.dataset(tmp_path / "input", partitioning="hive").to_table()
    assert sorted(table.column_names) == ["campaign_id", "dt", "source", "text"]
    got = {(str(d), c, s, t) for d, c, s, t in zip(
        *(table.column(k).to_pylist() for k in ("dt", "campaign_id", "source", "text")),
        strict=True)}
    assert got == {(r["dt"], r["campaign_id"], r["source"], r["text"]) for r in rows}
    with open(tmp_path / "gold.csv", encoding="utf-8") as f:
        gold = {r["campaign_id"]: r["cluster"] for r in csv.DictReader(f)}
    assert gold == {r["campaign_id"]: r["cluster"] for r in rows}
