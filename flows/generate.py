"""Write the synthetic campaign corpus and the ``sample_data/`` folder (deterministic).

    campaign-ner generate corpus_dir --what corpus --train 20000 --dev 2000 --test 2000
    campaign-ner generate sample_data --what sample-data
    campaign-ner generate stitching_set --what stitching --concepts 1000 --split test
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ner_model.synthetic import generate, generate_unlabeled
from ner_model.synthetic.stitching import generate_stitching

SAMPLE_DAYS = 7
SAMPLE_ROWS_PER_DAY = 400
SAMPLE_START = date(2026, 11, 16)
CHANNELS = ["email", "sms", "push", "paid_social", "paid_search", "display", "organic_social"]

CAMPAIGN_SCHEMA = pa.schema([
    ("campaign_id", pa.string()),
    ("text", pa.string()),
    ("channel", pa.string()),
])


def write_jsonl(rows: list[dict], path: Path, fields: tuple[str, ...]) -> None:
    """Write ``rows`` (only ``fields``) as JSON Lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in fields}, ensure_ascii=False) + "\n")


def write_corpus(
    out: Path, n_train: int, n_dev: int, n_test: int, seed: int, final: bool = False
) -> dict[str, int]:
    """Labeled train/dev/test JSON Lines with surface forms held out between splits.

    ``final`` also writes ``train_all.jsonl`` (``n_train`` rows drawn from every split's
    pools) for the model that ships once the held-out scores are taken: it knows every
    brand, place and holiday of the generator, so dev and test are no longer unseen for it.
    """
    fields = ("text", "entities", "tokens", "tags", "kind")
    sizes = {"train": n_train, "dev": n_dev, "test": n_test}
    for k, (split, n) in enumerate(sizes.items()):
        write_jsonl(generate(n, seed=seed + k, split=split), out / f"{split}.jsonl", fields)
    if final:
        write_jsonl(generate(n_train, seed=seed, split="all"), out / "train_all.jsonl", fields)
        sizes["train_all"] = n_train
    return sizes


def write_sample_data(out: Path, seed: int = 0) -> dict[str, int]:
    """``out/campaigns/dt=YYYY-MM-DD/part-0.parquet`` for a week, plus a small labeled set."""
    counts = {}
    for d in range(SAMPLE_DAYS):
        day = SAMPLE_START + timedelta(days=d)
        texts = generate_unlabeled(SAMPLE_ROWS_PER_DAY, seed=seed * 1000 + d)
        rng = random.Random(seed * 1000 + d)
        ids = [
            "cmp-" + hashlib.sha1(f"{day}-{i}".encode()).hexdigest()[:12] for i in range(len(texts))
        ]
        table = pa.table(
            {"campaign_id": ids, "text": texts, "channel": [rng.choice(CHANNELS) for _ in texts]},
            schema=CAMPAIGN_SCHEMA,
        )
        part = out / "campaigns" / f"dt={day.isoformat()}"
        part.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, part / "part-0.parquet", compression="zstd")
        counts[day.isoformat()] = table.num_rows
    labeled = out / "labeled"
    fields = ("text", "entities")
    write_jsonl(generate(1500, seed=seed + 11, split="train"), labeled / "train.jsonl", fields)
    write_jsonl(generate(300, seed=seed + 12, split="dev"), labeled / "dev.jsonl", fields)
    return counts


def write_stitching(out: Path, concepts: int, seed: int = 0, split: str = "test") -> int:
    """The stitching benchmark as extraction input, ``out/input/dt=D/part-0.parquet``
    (``campaign_id``, ``text``, ``source``), and its gold concepts, ``out/gold.csv``
    (``dt, campaign_id, source, cluster``); returns the row count."""
    import csv

    rows = generate_stitching(concepts, seed=seed, split=split)
    by_dt: dict[str, list[dict]] = {}
    for r in rows:
        by_dt.setdefault(r["dt"], []).append(r)
    for day, group in sorted(by_dt.items()):
        part = out / "input" / f"dt={day}"
        part.mkdir(parents=True, exist_ok=True)
        table = pa.table({k: [r[k] for r in group] for k in ("campaign_id", "text", "source")})
        pq.write_table(table, part / "part-0.parquet", compression="zstd")
    with open(out / "gold.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["dt", "campaign_id", "source", "cluster"])
        w.writerows([r["dt"], r["campaign_id"], r["source"], r["cluster"]]
                    for r in sorted(rows, key=lambda r: (r["dt"], r["campaign_id"])))
    return len(rows)


def generate_command(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if args.what == "stitching":
        n = write_stitching(out, args.concepts, args.seed, args.split)
        print(f"wrote {n} campaign rows of {args.concepts} concepts to {out}/input and their "
              f"gold concepts to {out}/gold.csv")
    elif args.what == "corpus":
        sizes = write_corpus(out, args.train, args.dev, args.test, args.seed, args.final)
        print(f"wrote {sizes} labeled rows to {out}/{{{','.join(sizes)}}}.jsonl")
    else:
        counts = write_sample_data(out, args.seed)
        print(
            f"wrote {sum(counts.values())} campaign rows in {len(counts)} partitions"
            f" and a labeled set to {out}"
        )
    return 0
