"""The runs ledger: input fingerprints, its rows, whether a partition is done, partition locks.

Every partition run appends one ``runs`` row (``flows.batch.tables.RUNS_SCHEMA``) after its
outputs are published: the row is the run's commit record. A partition is done when its
latest row is ``ok`` with the same input fingerprint, model version, normalizer version
(the normalization rules and tables, a user's brand table included) and output version
(:data:`~flows.batch.tables.OUTPUT_VERSION`: the tables' columns and their meaning) and its
entities and campaigns files exist; only then is it skipped (unless forced).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from flows.batch.tables import (
    CAMPAIGNS,
    ENTITIES,
    OUTPUT_VERSION,
    RUNS,
    partition_path,
    read_partition,
)

# Bumped when what the fingerprint covers changes (forces reprocessing); a change of the
# output tables bumps ``tables.OUTPUT_VERSION`` instead, which the ledger compares too.
FINGERPRINT_VERSION = "extract-v1"


def input_fingerprint(files: list[Path], id_column: str, text_column: str,
                      reference_column: str | None = None,
                      source_column: str | None = None) -> tuple[str, int]:
    """Content hash of a partition's input (file names, sizes, bytes, column names).

    Returns:
        ``(hex digest, total bytes)``. Copying or touching the files keeps the fingerprint;
        any change of content, file set or column choice changes it.
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FINGERPRINT_VERSION}\0{id_column}\0{text_column}\0".encode())
    if reference_column:  # (absent from older fingerprints, which stay valid without it)
        h.update(f"reference\0{reference_column}\0".encode())
    if source_column:  # only when given explicitly (the default needs no name), as above
        h.update(f"source\0{source_column}\0".encode())
    total = 0
    for f in files:
        size = f.stat().st_size
        total += size
        h.update(f"{f.name}\0{size}\0".encode())
        with open(f, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest(), total


def skip_reason(output: Path, dt: str, fingerprint: str, version: str,
                normalizer_version: str | None = None) -> str | None:
    """Why partition ``dt`` need not run again (None when it must run): see the module doc."""
    runs = read_partition(output, RUNS, dt)
    if runs is None or runs.num_rows == 0:
        return None
    last = runs.slice(runs.num_rows - 1).to_pylist()[0]
    if last["status"] != "ok" or last["input_fingerprint"] != fingerprint:
        return None
    if last["model_version"] != version:
        return None
    if last["normalizer_version"] != normalizer_version:  # null in rows made before it existed
        return None
    if last["output_version"] != OUTPUT_VERSION:  # null in rows made before it existed
        return None
    if not all(partition_path(output, t, dt).is_file() for t in (ENTITIES, CAMPAIGNS)):
        return None
    return f"done by run {last['run_id']} (same input and model {version})"


@contextlib.contextmanager
def partition_lock(output: Path, dt: str) -> Iterator[None]:
    """Exclusive lock on one output partition (blocks while another process holds it).

    The lock dies with its process, so a killed run never leaves a stale lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: single writer assumed
        yield
        return
    lock_dir = Path(output) / ".locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / f"dt={dt}.lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def start_row(
    run_id: str,
    forced: bool,
    input_files: list[str],
    id_column: str,
    text_column: str,
    model_dir: str,
    model_version: str,
    started_at: datetime,
    source_column: str | None = None,
) -> dict:
    """The runs row of a partition run that has just started (its outcome not yet known)."""
    return {
        "run_id": run_id,
        "forced": forced,
        "input_files": input_files,
        "id_column": id_column,
        "text_column": text_column,
        "model_dir": model_dir,
        "model_version": model_version,
        "started_at": started_at,
        "source_column": source_column,
        "output_version": OUTPUT_VERSION,
    }


def ok_row(row: dict, stats: dict, finished_at: datetime) -> dict:
    """``row`` completed by a successful run's stats (``process_partition``'s dict)."""
    return {**row, **{k: v for k, v in stats.items() if k != "dt"}, "status": "ok",
            "finished_at": finished_at}


def failed_row(row: dict, error: str, finished_at: datetime, seconds: float) -> dict:
    """``row`` completed by a failure: its one-line ``error`` and the seconds spent."""
    return {**row, "status": "failed", "error": error, "finished_at": finished_at,
            "seconds": seconds}
