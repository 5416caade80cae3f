"""Backfill speed: one process vs a local Dask cluster, and the per-partition overhead.

Generates ``--partitions`` daily partitions of ``--rows`` synthetic campaign texts each
(``ner_model.synthetic.generate_unlabeled``), then, in the same run and on the same data:

1. backfills them in this process (``ThreadPoolTaskRunner(max_workers=1)``), with torch
   using 1 and ``--threads`` (default: all cores) intra-op threads;
2. backfills them on a local Dask cluster of ``--workers`` processes x 1 thread (one torch
   thread each), cluster start-up included;
3. backfills ``--partitions`` empty partitions (0-row files) both ways: wall seconds per
   partition is the orchestration overhead (task run, fingerprint, ledger, empty files).

Prints wall times, rows/s, the speed-up ratio and the overhead, and checks that both runs
wrote the same entities. The model is ``--model``, else the shipped default model, else a
randomly initialised default-size tagger (same cost per token; its entities are noise).

    python bench/backfill_speed.py [--partitions 30] [--rows 3000] [--workers 2] [--model DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import torch

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault(
    "PREFECT_LOGGING_LEVEL", "WARNING"
)  # keep per-task log lines out of the figures


def make_data(root: Path, n_parts: int, rows: int, seed: int) -> tuple[list[str], int]:
    """``root/full`` and ``root/empty`` partitioned inputs; returns (dates, total rows)."""
    from ner_model.synthetic import generate_unlabeled

    dates = [(date(2024, 1, 1) + timedelta(days=i)).isoformat() for i in range(n_parts)]
    texts = generate_unlabeled(n_parts * rows, seed=seed)
    for i, dt in enumerate(dates):
        chunk = texts[i * rows : (i + 1) * rows]
        for kind, values in (("full", chunk), ("empty", [])):
            path = root / kind / f"dt={dt}" / "part-0.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            ids = [f"{dt}-{j}" for j in range(len(values))]
            pq.write_table(
                pa.table(
                    {
                        "campaign_id": pa.array(ids, pa.string()),
                        "text": pa.array(values, pa.string()),
                    }
                ),
                path,
            )
    return dates, len(texts)


def random_model(out: Path, seed: int) -> Path:
    """A default-size tagger with random weights and a vocabulary of generated text."""
    from ner_model.model import Tagger, TaggerConfig
    from ner_model.storage.model_dir import save_model
    from ner_model.synthetic import generate
    from ner_model.text.vocab import Vocabularies

    rows = generate(5000, seed=seed + 1)
    vocabs = Vocabularies.build([r["tokens"] for r in rows], [r["tags"] for r in rows])
    torch.manual_seed(seed)
    cfg = TaggerConfig(
        n_words=len(vocabs.words), n_chars=len(vocabs.chars), n_tags=len(vocabs.tags)
    )
    save_model(Tagger(cfg), vocabs, out)
    return out


def timed_backfill(inp: Path, out: Path, dates: list[str], model: str, **kw) -> tuple[float, dict]:
    from flows.backfill import run_backfill

    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    state = run_backfill(inp, out, dates[0], dates[-1], model=model, **kw)
    wall = time.perf_counter() - t0
    summary = state.result(raise_on_failure=False)
    if not isinstance(summary, dict) or summary["failed"]:
        raise SystemExit(f"backfill failed: {summary}")
    return wall, summary


def cluster_start_seconds(workers: int) -> float:
    """Seconds to start and stop a bare local Dask cluster (part of the Dask wall time)."""
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster,
        Client(cluster) as c,
    ):
        c.wait_for_workers(workers)
        up = time.perf_counter() - t0
    return up


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--partitions", type=int, default=30)
    ap.add_argument("--rows", type=int, default=3000, help="rows per partition")
    ap.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    ap.add_argument(
        "--threads",
        type=int,
        default=os.cpu_count() or 1,
        help="torch threads of the single process",
    )
    ap.add_argument(
        "--model",
        default=None,
        help="model directory or registry (default: shipped model, else random)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--workdir", default=None, help="keep data and outputs here (default: a temp dir, removed)"
    )
    args = ap.parse_args()

    from flows.backfill import run_backfill
    from flows.batch.tables import ENTITIES, read_table
    from ner_model.storage.model_dir import model_version
    from ner_model.storage.registry import DEFAULT_MODEL_DIR, resolve_model_dir

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="backfill-bench-"))
    try:
        t0 = time.perf_counter()
        dates, n_rows = make_data(work / "data", args.partitions, args.rows, args.seed)
        gen_s = time.perf_counter() - t0
        if args.model:
            model, what = args.model, "given"
        elif (DEFAULT_MODEL_DIR / "weights.safetensors").is_file():
            model, what = str(DEFAULT_MODEL_DIR), "shipped default"
        else:
            model, what = (
                str(random_model(work / "random_model", args.seed)),
                "random weights, default size",
            )
        # A private copy: a model directory replaced during the run would change the version.
        model = str(shutil.copytree(resolve_model_dir(model), work / "model", dirs_exist_ok=True))
        version = model_version(Path(model))
        print(
            f"data: {args.partitions} partitions x {args.rows:,} rows = {n_rows:,} rows "
            f"(generated in {gen_s:.0f} s); model {version} ({what}); {os.cpu_count()} CPU cores"
        )

        # Warm-up: start the embedded Prefect server and import everything once.
        run_backfill(work / "data" / "empty", work / "warm", dates[0], dates[0], model=model)

        singles = {}
        for threads in sorted({1, args.threads}):
            torch.set_num_threads(threads)
            singles[threads] = timed_backfill(
                work / "data" / "full", work / f"out-one-{threads}", dates, model
            )
        torch.set_num_threads(args.threads)
        dask_s, dask = timed_backfill(
            work / "data" / "full", work / "out-dask", dates, model, workers=args.workers
        )
        for threads, (one_s, one) in singles.items():
            print(
                f"one process, {threads} torch thread(s): {one_s:7.1f} s wall  "
                f"{n_rows / one_s:8,.0f} rows/s  "
                f"({one['tokens']:,} tokens, {one['entities']:,} entities)"
            )
        n_ents = {read_table(work / f"out-one-{t}", ENTITIES).num_rows for t in singles}
        same = n_ents == {read_table(work / "out-dask", ENTITIES).num_rows}
        print(
            f"Dask, {args.workers} workers x 1 thread:   {dask_s:7.1f} s wall  "
            f"{n_rows / dask_s:8,.0f} rows/s  "
            f"(cluster start included; {dask['model_instances']} model instance(s) in "
            f"{len(dask['workers'])} worker(s))"
        )
        best_t, (best_s, _) = min(singles.items(), key=lambda kv: kv[1][0])
        ratios = ", ".join(f"{s_ / dask_s:.2f}x vs {t} thread(s)" for t, (s_, _) in singles.items())
        print(
            f"speed-up of Dask over one process: {ratios} "
            f"(best single process: {best_t} thread(s), "
            f"{best_s / dask_s:.2f}x); same entity counts: {same}"
        )

        empty_one_s, _ = timed_backfill(
            work / "data" / "empty", work / "out-empty-one", dates, model
        )
        empty_dask_s, _ = timed_backfill(
            work / "data" / "empty", work / "out-empty-dask", dates, model, workers=args.workers
        )
        start_s = cluster_start_seconds(args.workers)
        n = args.partitions
        print(
            f"orchestration overhead on empty partitions: {empty_one_s / n:.3f} s/partition "
            "in one process "
            f"({empty_one_s:.1f} s for {n}); Dask {empty_dask_s / n:.3f} s/partition "
            f"({empty_dask_s:.1f} s, of which ~{start_s:.1f} s starting the cluster: "
            f"{max(empty_dask_s - start_s, 0) / n:.3f} s/partition after start-up)"
        )
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
