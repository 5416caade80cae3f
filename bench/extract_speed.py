"""End-to-end extraction speed and memory: input Parquet -> output Parquet tables.

Generates one campaign partition per size (distinct texts from the generator, repeated
with new ids beyond ``--distinct`` rows), then runs the extraction of that partition
(``flows.batch.tagging.process_partition``: read, tokenize, tag, decode, write entities and
campaigns) in a fresh subprocess per size, so Prefect start-up and model loading are
excluded from the timing (the tagging workers are started and have loaded the model
before the clock starts). Prints tokens/s, the peak RSS of the extraction process and of
the largest tagging worker, per size; medians over ``--repeats`` runs.

    python bench/extract_speed.py --rows 100000 1000000 [--model DIR] [--jobs auto|N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from datetime import datetime, timezone
import torch
torch.set_num_threads(int(sys.argv[5]))
from flows.batch.predictors import get_predictor
from flows.batch.tagging import process_partition
model = None if sys.argv[3] == "default" else sys.argv[3]
jobs = int(sys.argv[6]) if sys.argv[6] != "auto" else None
# load the model, and start the tagging workers, outside the timed part
from flows.batch.predictors import tagger_for as _tagger
tagger = _tagger(get_predictor(model), model, 10**9, jobs)
[f.result() for f in [tagger.submit(["Nike London 7pm"] * 64) for _ in range(8)]]
normalizer = None
if sys.argv[7] == "on":  # load the brand and place tables outside the timed part too
    from datetime import date
    from flows.batch.predictors import get_normalizer
    normalizer = get_normalizer()
    normalizer.normalize(["BRAND", "LOCATION", "TIME"], ["Nike", "London", "7pm"], date.today())
t0 = time.perf_counter()
stats = process_partition("2026-01-01", [sys.argv[1]], sys.argv[2], model, "campaign_id", "text",
                          sys.argv[4], datetime.now(timezone.utc), jobs=jobs,
                          normalizer=normalizer)
seconds = time.perf_counter() - t0
def peak_mb(pid):  # VmHWM: the process's peak resident set size
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
pool = getattr(tagger, "pool", None)
children = max((peak_mb(pid) for pid in pool._pool._processes), default=0.0) if pool else 0.0
from flows.batch.predictors import close_pools
close_pools()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out = {"seconds": seconds, "peak_rss_mb": rss, "worker_peak_rss_mb": children, "stats": stats}
print(json.dumps(out, default=str))
"""


def make_input(path: Path, rows: int, distinct: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("campaign_id", pa.string()), ("text", pa.string())])
    with pq.ParquetWriter(path, schema, compression="zstd") as w:
        chunk = 50_000
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            texts = [distinct[(start + i) % len(distinct)] for i in range(n)]
            ids = [f"cmp-{start + i:09d}" for i in range(n)]
            w.write_table(
                pa.table({"campaign_id": ids, "text": texts}, schema=schema), row_group_size=chunk
            )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--distinct", type=int, default=200_000, help="distinct generated texts")
    ap.add_argument("--model", default="default")
    ap.add_argument(
        "--threads", type=int, default=1, help="torch threads in the extraction process"
    )
    ap.add_argument(
        "--jobs", default="auto", help="tagging processes (auto: one per core for large partitions)"
    )
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument(
        "--normalize", choices=["on", "off", "both"], default="on",
        help="normalized values on, off, or both alternating in the same run (the ratio is the "
             "cost of normalization)",
    )
    args = ap.parse_args()

    from ner_model.synthetic import generate_unlabeled

    distinct = generate_unlabeled(min(args.distinct, max(args.rows)), seed=7)
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            src = Path(tmp) / f"in-{rows}.parquet"
            make_input(src, rows, distinct)
            modes = ["on", "off"] if args.normalize == "both" else [args.normalize]
            runs: dict[str, list] = {m: [] for m in modes}
            for r, mode in [(r, m) for r in range(args.repeats) for m in modes]:
                out = Path(tmp) / f"out-{rows}-{r}"
                env = {
                    **os.environ,
                    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                    "OMP_NUM_THREADS": str(args.threads),
                }
                proc = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        CHILD,
                        str(src),
                        str(out),
                        args.model,
                        f"bench-{r}",
                        str(args.threads),
                        str(args.jobs),
                        mode,
                    ],
                    cwd=root,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs[mode].append(json.loads(proc.stdout.strip().splitlines()[-1]))
            medians = {}
            for mode, done in runs.items():
                secs = medians[mode] = statistics.median(r["seconds"] for r in done)
                rss = max(r["peak_rss_mb"] for r in done)
                wrss = max(r["worker_peak_rss_mb"] for r in done)
                tokens = done[0]["stats"].get("n_tokens", 0)
                print(
                    f"normalize {mode:>3}  rows {rows:>9,}  tokens {tokens:>11,}  {secs:7.1f} s  "
                    f"{tokens / secs:>9,.0f} tokens/s  {rows / secs:>8,.0f} rows/s  "
                    f"peak RSS {rss:,.0f} MB (largest worker {wrss:,.0f} MB)  "
                    f"(jobs {args.jobs}, threads {args.threads}, {args.repeats} run(s))"
                )
            if len(medians) == 2:
                cost = (medians["on"] - medians["off"]) / rows * 1e6
                print(f"normalization: {medians['off'] / medians['on']:.2f}x the throughput "
                      f"without it, {cost:.1f} us per row")


if __name__ == "__main__":
    main()
