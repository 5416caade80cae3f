"""Stitching quality end to end: generated campaign texts -> extract -> stitch -> scores.

The stitching benchmark (:func:`ner_model.synthetic.stitching.generate_stitching`: campaign
concepts each written in 2-4 platform conventions, with hard negatives of the same brand in
another year, the same brand and period in another market, and another brand in the same
market and period) is written as dt-partitioned input Parquet (``campaign_id``, ``text``,
``source``; ``campaign-ner generate DIR --what stitching`` writes the same), extracted
with the shipped model exactly as ``campaign-ner extract`` does, then stitched as
``campaign-ner stitch`` does, and the ``campaign_stitches`` table is scored against the
gold concepts: B-cubed and pairwise precision, recall and F1 (a row that is not stitched
counts as a stitch of its own). Brands are held out by split: choices are made on
``--split dev``; ``test`` is only reported.

    python bench/stitch_quality.py --split test --concepts 2000 [--seeds 0 1 2]
        [--window-days 28] [--keep DIR]

Also prints the rows per ``reason`` and the share of rows not stitched.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ner_model.stitch.metrics import bcubed, pairwise_f1


def run(split: str, concepts: int, seed: int, window_days: int, work: Path) -> dict:
    from flows.batch.stitching import stitch_output
    from flows.cli import main
    from flows.generate import write_stitching
    from ner_model.stitch.stitcher import StitchSettings

    write_stitching(work, concepts, seed, split)
    with open(work / "gold.csv", encoding="utf-8") as f:  # the rows it wrote, with gold
        rows = list(csv.DictReader(f))
    t0 = time.perf_counter()
    if main(["extract", str(work / "input"), str(work / "out")]) != 0:
        raise SystemExit("extraction failed")
    t1 = time.perf_counter()
    stitch_output(work / "out", StitchSettings(window_days))
    t2 = time.perf_counter()
    got = dict(duckdb.sql(
        f"select campaign_id, stitch_id from read_parquet("
        f"'{work}/out/campaign_stitches/*/*.parquet')").fetchall())
    gold = [r["cluster"] for r in rows]
    pred = [got[r["campaign_id"]] for r in rows]
    reasons = duckdb.sql(
        f"select reason, count(*) from read_parquet('{work}/out/campaign_stitches/*/*.parquet') "
        "group by 1 order by 2 desc").fetchall()
    b, p = bcubed(gold, pred), pairwise_f1(gold, pred)
    return {"split": split, "seed": seed, "rows": len(rows), "concepts": concepts,
            "bcubed_p": b[0], "bcubed_r": b[1], "bcubed_f1": b[2],
            "pairwise_p": p[0], "pairwise_r": p[1], "pairwise_f1": p[2],
            "unstitched": sum(x is None for x in pred) / len(pred),
            "extract_s": round(t1 - t0, 1), "stitch_s": round(t2 - t1, 2),
            "reasons": dict(reasons)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--concepts", type=int, default=2000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--window-days", type=int, default=28)
    ap.add_argument("--keep", default=None, help="keep inputs and outputs under this folder")
    ap.add_argument("--json", default=None, help="also write the figures here")
    args = ap.parse_args()
    results = []
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(args.keep) / f"seed{seed}" if args.keep else Path(tmp)
            r = run(args.split, args.concepts, seed, args.window_days, work)
        results.append(r)
        print(f"seed {seed}: {r['rows']} rows, B-cubed P/R/F1 {r['bcubed_p']:.4f} "
              f"{r['bcubed_r']:.4f} {r['bcubed_f1']:.4f}, pairwise P/R/F1 {r['pairwise_p']:.4f} "
              f"{r['pairwise_r']:.4f} {r['pairwise_f1']:.4f}, not stitched "
              f"{r['unstitched']:.3f}, extract {r['extract_s']} s, stitch {r['stitch_s']} s")
        print("  reasons:", ", ".join(f"{k} {v}" for k, v in r["reasons"].items()))
    if len(results) > 1:
        keys = ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p", "pairwise_r", "pairwise_f1")
        print("mean over seeds: " + ", ".join(
            f"{k} {statistics.mean(r[k] for r in results):.4f}" for k in keys))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
