"""The nightly extraction flow: campaign Parquet in, entities/campaigns/runs tables out.

Input: a Parquet file, a ``dt=YYYY-MM-DD`` partition directory, or a directory of such
partitions (each may hold several Parquet files; names starting with ``.`` or ``_`` such as
``_SUCCESS`` are ignored, every other file is read as Parquet, never skipped).

Partition date of a single file (a single file is one partition), first that applies:

1. ``date`` (``--date``) when given;
2. the ``dt=YYYY-MM-DD`` directory the file lives in;
3. the file's modification date in UTC (logged as a warning) — deterministic for a given
   file; pass ``--date`` to choose it explicitly.

Per partition (one Prefect task run each, sequentially; the model is loaded once per
process): fingerprint the input (content hash of the file names, sizes and bytes plus the
id/text column names); skip it when the partition's latest ledger row is ``ok`` with the same
fingerprint and model version and its output files exist, unless ``force``; otherwise
stream the files in record batches through the model, write ``entities`` and ``campaigns``
through temp files, publish both, then append the ``runs`` row (the commit record).

Statuses of ``campaigns`` rows (one row per input row, first match wins):

* ``error``: the text could not be tagged (binary text that is not UTF-8, or the model
  failed on it); entity lists and ``n_tokens`` are null, the row is still there;
* ``empty``: null text, or text with no tokens (empty, whitespace or control characters);
* ``null_id``: the campaign id is null (the row is still tagged);
* ``duplicate_id``: the id was already seen earlier in the same partition (files in name
  order, rows in file order); the row is still tagged and its entities written, so
  ``(dt, campaign_id)`` is not a key for such ids — ``(dt, source_file, source_row)`` is;
* ``too_long_split``: the text was longer than the model's window and was tagged in
  overlapping windows (entities are complete, the status is informational);
* ``ok``.

Entity offsets are Python ``str`` indices (Unicode code points) into the source text:
``entities.text == source_text[start_char:end_char]`` always.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import re
import sys
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.states import Failed

from flows.io import CAMPAIGNS, ENTITIES, RUNS, atomic_writers, partition_path, read_partition
from ner_model.errors import one_line
from ner_model.inference.pool import PredictorPool, annotate_rows, default_jobs
from ner_model.inference.predictor import AnnotationArrays, Predictor
from ner_model.storage.model_dir import model_version
from ner_model.storage.registry import resolve_model_dir

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

STATUSES = ("ok", "empty", "too_long_split", "duplicate_id", "null_id", "error")
# Model label -> campaigns list column; other labels only appear in ``entities``.
LIST_COLUMNS = {"BRAND": "brands", "TIME": "times", "LOCATION": "locations"}
# Bumped when the output of the same input and model would change (forces reprocessing).
FINGERPRINT_VERSION = "extract-v1"
MAX_BATCH_ROWS = 4096  # rows per record batch (one ``annotate`` call)
BATCH_TEXT_BYTES = 32 << 20  # target uncompressed text bytes per record batch
PARALLEL_MIN_ROWS = 20_000  # smaller partitions are tagged in-process (workers take ~3 s to start)
PROGRESS_ROWS = 50_000  # log progress at least every this many rows ...
PROGRESS_SECONDS = 15.0  # ... or this many seconds
_DT_DIR = re.compile(r"^dt=(\d{4}-\d{2}-\d{2})$")

log = logging.getLogger(__name__)


class ExtractInputError(ValueError):
    """Input the user must fix; the message names the file, directory, column or row."""


# ---------------------------------------------------------------------------------------
# Input discovery


@dataclass
class Partition:
    """One input partition: its date and the files that hold its rows (name order)."""

    dt: str
    files: list[Path] = field(default_factory=list)
    source: Path | None = None  # the partition directory, or the single file
    error: str | None = None  # a problem that fails this partition alone (e.g. no files)


def parse_date(value: str, what: str) -> str:
    """Check a ``YYYY-MM-DD`` date (a real calendar date); returns it unchanged."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise ExtractInputError(f"{what}: {value!r} is not a YYYY-MM-DD date")
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise ExtractInputError(f"{what}: {value!r} is not a valid date") from None
    return value


def _hidden(p: Path) -> bool:
    return p.name.startswith((".", "_"))


def _partition(dt: str, d: Path) -> Partition:
    """A partition directory: every non-hidden file in it is an input file.

    A subdirectory or the absence of files fails this partition alone (recorded in its
    ledger), so the other partitions are still processed.
    """
    files, error = [], None
    for p in sorted(d.iterdir()):
        if _hidden(p):
            continue
        if p.is_dir():
            error = (
                f"partition directory {d}: unexpected subdirectory {p.name!r} "
                "(a partition holds Parquet files only)"
            )
        else:
            files.append(p)
    if not files and error is None:
        error = f"partition directory {d}: no Parquet files"
    return Partition(dt, files, d, error)


def _dir_dt(d: Path) -> str | None:
    m = _DT_DIR.match(d.name)
    return parse_date(m.group(1), f"partition directory {d}") if m else None


def discover_partitions(input_path: Path | str, date: str | None = None) -> list[Partition]:
    """The partitions of ``input_path`` (optionally only ``date``), in date order.

    Raises:
        FileNotFoundError: the input (or the requested partition) does not exist.
        ExtractInputError: a badly named partition directory or stray files (an empty or
            odd partition directory only sets that partition's ``error``).
    """
    root = Path(input_path)
    if date is not None:
        parse_date(date, "--date")
    if not root.exists():
        raise FileNotFoundError(f"input {root} does not exist")
    if root.is_file():
        parent_dt = _dir_dt(root.parent) if root.parent.name.startswith("dt=") else None
        if date is not None and parent_dt is not None and parent_dt != date:
            raise ExtractInputError(f"input {root} is in partition dt={parent_dt}, not --date {date}")
        dt = date or parent_dt
        if dt is None:
            dt = datetime.fromtimestamp(root.stat().st_mtime, tz=timezone.utc).date().isoformat()
            _logger().warning(
                f"input {root} is not in a dt=YYYY-MM-DD directory: writing it as partition "
                f"dt={dt} (its modification date, UTC); pass --date to choose"
            )
        return [Partition(dt, [root], root)]
    if root.name.startswith("dt="):
        dt = _dir_dt(root)
        if dt is None:
            raise ExtractInputError(f"input directory {root}: {root.name!r} is not a dt=YYYY-MM-DD partition")
        if date is not None and date != dt:
            raise ExtractInputError(f"input {root} is partition dt={dt}, not --date {date}")
        return [_partition(dt, root)]
    if date is not None:
        d = root / f"dt={date}"
        if not d.is_dir():
            raise FileNotFoundError(f"input {root} has no partition dt={date}")
        return [_partition(date, d)]
    parts, stray = [], []
    for p in sorted(root.iterdir()):
        if _hidden(p):
            continue
        if not p.is_dir():
            stray.append(p.name)
            continue
        if not p.name.startswith("dt="):
            raise ExtractInputError(
                f"input directory {root}: {p.name!r} is not a dt=YYYY-MM-DD partition directory"
            )
        dt = _dir_dt(p)
        if dt is None:
            raise ExtractInputError(
                f"input directory {root}: {p.name!r} is not a dt=YYYY-MM-DD partition directory"
            )
        parts.append(_partition(dt, p))
    if stray:
        raise ExtractInputError(
            f"input directory {root}: files outside dt=YYYY-MM-DD partitions: {', '.join(stray[:5])}"
            + (" ..." if len(stray) > 5 else "")
            + " (pass a single file, or move them into a partition)"
        )
    if not parts:
        raise ExtractInputError(f"input directory {root} holds no dt=YYYY-MM-DD partitions")
    return parts


def check_output_location(input_path: Path | str, output_path: Path | str) -> None:
    """Refuse an output root that is inside the input (or holds it, or is a file)."""
    inp, out = Path(input_path).resolve(), Path(output_path).resolve()
    if out.exists() and not out.is_dir():
        raise ExtractInputError(f"output {output_path} exists and is not a directory")
    if inp.is_dir():
        if out == inp or out.is_relative_to(inp):
            raise ExtractInputError(f"output {output_path} is inside the input {input_path}; choose another directory")
        if inp.is_relative_to(out):
            raise ExtractInputError(f"input {input_path} is inside the output {output_path}; choose another directory")
    elif inp.is_relative_to(out) and any(inp.is_relative_to(out / t) for t in (ENTITIES, CAMPAIGNS, RUNS)):
        raise ExtractInputError(f"input {input_path} is inside the output tables under {output_path}")


def plan_input(input_path: Path | str, output_path: Path | str, date: str | None = None) -> list[Partition]:
    """Validate the input/output locations and list the partitions to process."""
    parts = discover_partitions(input_path, date)
    check_output_location(input_path, output_path)
    return parts


# ---------------------------------------------------------------------------------------
# Model (loaded once per process)

_PREDICTORS: dict[tuple[str, str], Predictor] = {}
_PREDICTORS_LOCK = threading.Lock()


def get_predictor(model: Path | str | None) -> Predictor:
    """The predictor for ``model`` (a model dir, a registry, or None for the default),
    cached per process by resolved directory and content version.

    Raises:
        ModelLoadError: the model is missing or corrupt (the message names the file).
    """
    model_dir = resolve_model_dir(model)
    try:
        version = model_version(model_dir)
    except OSError:
        version = ""  # Predictor.load below raises the clear ModelLoadError
    key = (str(model_dir.resolve()), version)
    with _PREDICTORS_LOCK:
        predictor = _PREDICTORS.get(key) if version else None
        if predictor is None:
            predictor = Predictor.load(model_dir)
            _PREDICTORS[(key[0], predictor.version)] = predictor
        return predictor


class _InProcess:
    """Tags in this process; same interface as the worker pool."""

    window = 0

    def __init__(self, predictor: Predictor) -> None:
        self.predictor = predictor

    def submit(self, texts: list[str]) -> Future:
        fut: Future = Future()
        fut.set_result(annotate_rows(self.predictor, texts))
        return fut


class _Pooled:
    """Tags in the worker processes of a :class:`PredictorPool`."""

    def __init__(self, pool: PredictorPool) -> None:
        self.pool = pool
        self.window = 2 * pool.jobs

    def submit(self, texts: list[str]) -> Future:
        return self.pool.submit(texts)


# Worker pools live as long as this process, so a run of many partitions starts them once.
_POOLS: dict[tuple[str, str, int], PredictorPool] = {}


@atexit.register
def close_pools() -> None:
    """Stop every worker pool of this process."""
    with _PREDICTORS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()


def _tagger(predictor: Predictor, model: Path | str | None, rows: int, jobs: int | None) -> _InProcess | _Pooled:
    """In-process tagging, or a worker pool when ``jobs`` (or, for None, the partition size
    and the cores available) asks for more than one process."""
    if jobs is None:
        jobs = default_jobs() if rows >= PARALLEL_MIN_ROWS else 1
    if jobs <= 1:
        return _InProcess(predictor)
    model_dir = str(resolve_model_dir(model).resolve())
    key = (model_dir, predictor.version, jobs)
    with _PREDICTORS_LOCK:
        pool = _POOLS.get(key)
        if pool is not None and pool.broken:  # a worker died (e.g. killed): start afresh
            pool.close()
            pool = None
        if pool is None:
            pool = _POOLS[key] = PredictorPool(model_dir, predictor.version, jobs)
    return _Pooled(pool)


# ---------------------------------------------------------------------------------------
# Fingerprints, ledger and locks


def input_fingerprint(files: list[Path], id_column: str, text_column: str) -> tuple[str, int]:
    """Content hash of a partition's input (file names, sizes, bytes, column names).

    Returns:
        ``(hex digest, total bytes)``. Copying or touching the files keeps the fingerprint;
        any change of content, file set or column choice changes it.
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FINGERPRINT_VERSION}\0{id_column}\0{text_column}\0".encode())
    total = 0
    for f in files:
        size = f.stat().st_size
        total += size
        h.update(f"{f.name}\0{size}\0".encode())
        with open(f, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest(), total


def skip_reason(output: Path, dt: str, fingerprint: str, version: str) -> str | None:
    """Why partition ``dt`` need not run again (None when it must run).

    It is done when its latest ledger row is ``ok`` with the same input fingerprint and
    model version, and its entities and campaigns files exist.
    """
    runs = read_partition(output, RUNS, dt)
    if runs is None or runs.num_rows == 0:
        return None
    last = runs.slice(runs.num_rows - 1).to_pylist()[0]
    if last["status"] != "ok" or last["input_fingerprint"] != fingerprint:
        return None
    if last["model_version"] != version:
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


# ---------------------------------------------------------------------------------------
# Reading and tagging one partition (plain functions; the tasks below wrap them)


def _logger() -> logging.Logger | logging.LoggerAdapter:
    try:
        return get_run_logger()
    except MissingContextError:
        return log


def _is_str(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _is_bin(t: pa.DataType) -> bool:
    return pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_binary_view(t)


def _value_type(t: pa.DataType) -> pa.DataType:
    return t.value_type if pa.types.is_dictionary(t) else t


def _check_file(path: Path, id_column: str, text_column: str) -> pq.ParquetFile:
    """Open a Parquet file and check its id/text columns; raises a one-line error naming it."""
    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as e:
        raise ExtractInputError(f"{path}: not a readable Parquet file ({one_line(e)})") from None
    names = schema.names
    for col, opt in ((id_column, "--id-column"), (text_column, "--text-column")):
        if col not in names:
            pf.close()
            raise ExtractInputError(
                f"{path}: no column {col!r} (columns: {', '.join(names) or 'none'}); "
                f"choose one with {opt}"
            )
    tt = _value_type(schema.field(text_column).type)
    if not (_is_str(tt) or _is_bin(tt) or pa.types.is_null(tt)):
        pf.close()
        raise ExtractInputError(
            f"{path}: text column {text_column!r} has type {schema.field(text_column).type}, expected string"
        )
    it = _value_type(schema.field(id_column).type)
    if not (_is_str(it) or _is_bin(it) or pa.types.is_integer(it) or pa.types.is_null(it)):
        pf.close()
        raise ExtractInputError(
            f"{path}: id column {id_column!r} has type {schema.field(id_column).type}, "
            "expected string or integer"
        )
    return pf


def _batch_rows(pf: pq.ParquetFile, text_column: str) -> int:
    """Rows per record batch so that one batch holds about ``BATCH_TEXT_BYTES`` of text."""
    md = pf.metadata
    if md.num_rows == 0:
        return MAX_BATCH_ROWS
    j = pf.schema_arrow.get_field_index(text_column)
    try:
        leaf = [i for i in range(md.num_columns) if md.row_group(0).column(i).path_in_schema == text_column]
        j = leaf[0] if leaf else j
        size = sum(md.row_group(g).column(j).total_uncompressed_size for g in range(md.num_row_groups))
    except (IndexError, pa.ArrowException):
        return MAX_BATCH_ROWS
    per_row = max(1.0, size / md.num_rows)
    return int(min(MAX_BATCH_ROWS, max(16, BATCH_TEXT_BYTES // per_row)))


def _ids(arr: pa.Array) -> list[str | None]:
    t = arr.type
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    if pa.types.is_null(t):
        return [None] * len(arr)
    if _is_bin(t):
        return [None if v is None else v.decode("utf-8", "backslashreplace") for v in arr.to_pylist()]
    return pc.cast(arr, pa.string()).to_pylist()


def _texts(arr: pa.Array) -> tuple[list[str | None], dict[int, str]]:
    """Python strings of a text column chunk, and ``{row: reason}`` for undecodable ones."""
    t = arr.type
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    if pa.types.is_null(t):
        return [None] * len(arr), {}
    if not _is_bin(t):
        return arr.to_pylist(), {}
    out: list[str | None] = []
    bad: dict[int, str] = {}
    for i, v in enumerate(arr.to_pylist()):
        if v is None:
            out.append(None)
            continue
        try:
            out.append(v.decode("utf-8"))
        except UnicodeDecodeError as e:
            bad[i] = f"text is not valid UTF-8 ({e.reason} at byte {e.start})"
            out.append(None)
    return out, bad


@dataclass
class _Tally:
    """Running counts of one partition, and the ids seen so far (for ``duplicate_id``)."""

    statuses: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    n_tokens: int = 0
    rows: int = 0
    seen: set = field(default_factory=set)
    errors_logged: int = 0


def _todo(texts: list[str | None], bad: dict[int, str]) -> list[int]:
    """Rows of a record batch that go to the tagger."""
    return [i for i, t in enumerate(texts) if t is not None and i not in bad]


def _tag_batch(
    ids: list[str | None],
    texts: list[str | None],
    bad: dict[int, str],
    todo: list[int],
    found: AnnotationArrays,
    failed: dict[int, str],
    first_row: int,
    tally: _Tally,
    where: str,
) -> tuple[dict[str, list], dict[str, list]]:
    """Columns of one record batch: ``(entity columns, campaign columns)`` without the
    per-run constant columns. Every input row yields exactly one campaign row.

    ``found`` annotates the rows ``todo`` (in that order); ``failed`` maps an index into
    ``todo`` to the reason its tagging failed."""
    for k, reason in failed.items():
        bad[todo[k]] = f"tagging failed ({reason})"
    n_tokens = [None] * len(texts)
    n_windows = [0] * len(texts)
    for i, nt, nw in zip(todo, found.n_tokens.tolist(), found.n_windows.tolist(), strict=True):
        n_tokens[i], n_windows[i] = nt, nw
    labels = found.labels
    ent_row = [todo[r] for r in found.row.tolist()]  # batch row of each entity
    ent_label = [labels[k] for k in found.label.tolist()]
    starts, ends = found.start.tolist(), found.end.tolist()
    # (rows whose tagging failed come back without entities)
    surfaces = [texts[i][a:b] for i, a, b in zip(ent_row, starts, ends, strict=True)]  # type: ignore[index]
    ents: dict[str, list] = {
        "campaign_id": [ids[i] for i in ent_row], "label": ent_label, "text": surfaces,
        "start_char": starts, "end_char": ends, "confidence": found.confidence.tolist(),
        "source_row": [first_row + i for i in ent_row],
    }
    camps: dict[str, list] = {k: [] for k in ("campaign_id", *LIST_COLUMNS.values(), "n_tokens",
                                              "status", "source_row")}
    per_row: dict[int, list[int]] = {}
    for k, i in enumerate(ent_row):
        per_row.setdefault(i, []).append(k)
    tally.labels.update(ents["label"])
    for i, cid in enumerate(ids):
        row = first_row + i
        n_tok = n_tokens[i]
        if i in bad:
            status, n_tok = "error", None
            lists: dict[str, list[str] | None] = dict.fromkeys(LIST_COLUMNS.values())
            if tally.errors_logged < 5:
                _logger().warning(f"{where} row {row}: {bad[i]}; status error")
                tally.errors_logged += 1
        elif not n_tok:
            status, n_tok = "empty", 0
            lists = {c: [] for c in LIST_COLUMNS.values()}
        else:
            if cid is None:
                status = "null_id"
            elif cid in tally.seen:
                status = "duplicate_id"
            else:
                status = "too_long_split" if n_windows[i] > 1 else "ok"
            lists = {c: [] for c in LIST_COLUMNS.values()}
            for k in per_row.get(i, ()):
                col = LIST_COLUMNS.get(ent_label[k])
                if col is not None and surfaces[k] not in lists[col]:
                    lists[col].append(surfaces[k])  # type: ignore[union-attr]
            tally.n_tokens += n_tok
        if cid is not None:
            tally.seen.add(cid)
        tally.statuses[status] += 1
        camps["campaign_id"].append(cid)
        for c, v in lists.items():
            camps[c].append(v)
        camps["n_tokens"].append(n_tok)
        camps["status"].append(status)
        camps["source_row"].append(row)
    tally.rows += len(ids)
    return ents, camps


def _read_batches(pf: pq.ParquetFile, path: Path, columns: list[str], batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Record batches of ``columns``; a read failure becomes a one-line error naming the file."""
    offset = 0
    batches = pf.iter_batches(batch_size=batch_rows, columns=columns)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowException, OSError, ValueError) as e:
            raise ExtractInputError(f"{path}: cannot read rows from {offset} on ({one_line(e)})") from None
        offset += batch.num_rows
        yield batch


def process_partition(
    dt: str,
    files: list[str],
    output: str,
    model: str | None,
    id_column: str = "campaign_id",
    text_column: str = "text",
    run_id: str = "local",
    started_at: datetime | None = None,
    jobs: int | None = None,
) -> dict:
    """Tag every row of one partition and publish its entities and campaigns files.

    Plain function (no Prefect needed): reads each file in record batches, annotates each
    batch, streams rows into temp files and publishes them atomically at the end. Nothing is
    published when anything fails. ``jobs``: tagging processes (None: one per CPU core for
    partitions of at least ``PARALLEL_MIN_ROWS`` rows, else this process; 1: this process).

    Returns:
        Small stats dict: row counts, status counts, entity counts per label, tokens, seconds.

    Raises:
        ExtractInputError: a file is unreadable, lacks a column or has the wrong types.
    """
    logger = _logger()
    t0 = time.perf_counter()
    started_at = started_at or datetime.now(timezone.utc)
    predictor = get_predictor(model)
    version = predictor.version
    paths = [Path(f) for f in files]
    rows_total = 0
    for p in paths:  # check every file's footer and columns before writing anything
        pf = _check_file(p, id_column, text_column)
        rows_total += pf.metadata.num_rows
        pf.close()
    tally = _Tally()
    last_log_rows, last_log_t = 0, t0
    columns = list(dict.fromkeys([id_column, text_column]))
    tagger = _tagger(predictor, model, rows_total, jobs)
    with atomic_writers(Path(output), dt, [ENTITIES, CAMPAIGNS]) as w:
        for p in paths:
            pf = _check_file(p, id_column, text_column)
            expected_rows, offset = pf.metadata.num_rows, 0
            where = f"dt={dt}: {p}"
            # read and convert the next record batches while the workers tag earlier ones
            pending: deque[tuple[list, list, dict, list[int], int, Future]] = deque()

            def publish(item: tuple[list, list, dict, list[int], int, Future], p: Path = p,
                        where: str = where) -> None:
                ids, texts, bad, todo, first, fut = item
                found, failed = fut.result()
                ents, camps = _tag_batch(ids, texts, bad, todo, found, failed, first, tally, where)
                n_e, n_c = len(ents["label"]), len(camps["status"])
                w[ENTITIES].append(
                    **ents, model_version=[version] * n_e, run_id=[run_id] * n_e,
                    extracted_at=[started_at] * n_e, source_file=[p.name] * n_e,
                )
                w[CAMPAIGNS].append(
                    **camps, model_version=[version] * n_c, run_id=[run_id] * n_c,
                    source_file=[p.name] * n_c,
                )

            try:
                for batch in _read_batches(pf, p, columns, _batch_rows(pf, text_column)):
                    texts, bad = _texts(batch.column(text_column))
                    todo = _todo(texts, bad)
                    fut = tagger.submit([texts[i] for i in todo])
                    pending.append((_ids(batch.column(id_column)), texts, bad, todo, offset, fut))
                    offset += batch.num_rows
                    if len(pending) > tagger.window:
                        publish(pending.popleft())
                    now = time.perf_counter()
                    if tally.rows - last_log_rows >= PROGRESS_ROWS or now - last_log_t >= PROGRESS_SECONDS:
                        pct = 100.0 * tally.rows / rows_total if rows_total else 100.0
                        logger.info(
                            f"dt={dt}: {tally.rows:,}/{rows_total:,} rows ({pct:.0f}%), "
                            f"{sum(tally.labels.values()):,} entities, "
                            f"{tally.n_tokens / max(now - t0, 1e-9):,.0f} tokens/s"
                        )
                        last_log_rows, last_log_t = tally.rows, now
                while pending:
                    publish(pending.popleft())
            finally:
                for item in pending:
                    item[-1].cancel()
                pf.close()
            if offset != expected_rows:
                raise ExtractInputError(f"{p}: read {offset} rows but its footer says {expected_rows}")
        rows_out = w[CAMPAIGNS].rows_appended
        if rows_out != tally.rows:  # the invariant, checked before anything is published
            raise RuntimeError(f"dt={dt}: {tally.rows} rows read but {rows_out} written")
    seconds = time.perf_counter() - t0
    labels = tally.labels
    stats = {
        "dt": dt,
        "model_version": version,
        "rows_in": tally.rows,
        "rows_out": rows_out,
        "n_tokens": tally.n_tokens,
        "n_entities": sum(labels.values()),
        "n_brand": labels["BRAND"],
        "n_time": labels["TIME"],
        "n_location": labels["LOCATION"],
        "seconds": seconds,
        "tokens_per_second": tally.n_tokens / seconds if seconds > 0 else 0.0,
    }
    stats.update({f"n_{s}": tally.statuses[s] for s in STATUSES})
    return stats


# ---------------------------------------------------------------------------------------
# Prefect tasks and flow


def _retry_io(task, task_run, state) -> bool:  # Prefect callback signature
    """Retry only transient I/O failures, never bad input or a bug."""
    exc = state.result(raise_on_failure=False)
    transient = isinstance(exc, OSError) and not isinstance(
        exc, FileNotFoundError | PermissionError | IsADirectoryError | NotADirectoryError
    )
    return transient and not isinstance(exc, ExtractInputError)


@task(name="plan-partition", task_run_name="plan-dt={dt}", retries=2,
      retry_delay_seconds=2, retry_condition_fn=_retry_io, cache_policy=NO_CACHE)
def plan_partition(
    dt: str, files: list[str], output: str, id_column: str, text_column: str,
    model_version: str, force: bool,
) -> dict:
    """Fingerprint one input partition and decide from the ledger whether it must run."""
    fp, size = input_fingerprint([Path(f) for f in files], id_column, text_column)
    skip = None if force else skip_reason(Path(output), dt, fp, model_version)
    return {"dt": dt, "fingerprint": fp, "input_bytes": size, "skip": skip}


@task(name="extract-partition", task_run_name="extract-dt={dt}", retries=1,
      retry_delay_seconds=5, retry_condition_fn=_retry_io, cache_policy=NO_CACHE)
def extract_partition(
    dt: str,
    files: list[str],
    output: str,
    model: str | None,
    id_column: str,
    text_column: str,
    run_id: str,
    started_at: datetime,
    jobs: int | None = None,
) -> dict:
    """Tag one partition and publish its entities and campaigns files; returns stats."""
    return process_partition(dt, files, output, model, id_column, text_column, run_id, started_at, jobs)


@task(name="record-run", task_run_name="record-run-dt={dt}", retries=2,
      retry_delay_seconds=2, retry_condition_fn=_retry_io, cache_policy=NO_CACHE)
def record_run(output: str, dt: str, row: dict) -> str:
    """Append one row to the runs ledger of partition ``dt`` (the run's commit record)."""
    from flows.io import append_run

    return str(append_run(Path(output), dt, row))


def _state_error(state) -> str:
    exc = state.result(raise_on_failure=False)
    if isinstance(exc, ExtractInputError):
        return one_line(exc)
    if isinstance(exc, BaseException):
        return one_line(f"{type(exc).__name__}: {exc}")
    return one_line(state.message or "failed")


def _run_partition(
    part: Partition,
    output: Path,
    model: str | None,
    model_dir: str,
    version: str,
    id_column: str,
    text_column: str,
    run_id: str,
    force: bool,
    jobs: int | None = None,
) -> dict:
    """Fingerprint, skip or extract, and record one partition (caller holds its lock)."""
    logger = get_run_logger()
    files = [str(f.resolve()) for f in part.files]
    started = datetime.now(timezone.utc)
    row: dict = {
        "run_id": run_id,
        "forced": force,
        "input_files": files,
        "id_column": id_column,
        "text_column": text_column,
        "model_dir": model_dir,
        "model_version": version,
        "started_at": started,
    }
    result: dict = {"dt": part.dt, "status": "failed", "error": None}
    plan_state = None
    if part.error is None:
        plan_state = plan_partition(
            part.dt, files, str(output), id_column, text_column, version, force, return_state=True
        )
    if plan_state is None:
        row.update(status="failed", error=part.error)
    elif plan_state.is_completed():
        plan = plan_state.result()
        row.update(input_fingerprint=plan["fingerprint"], input_bytes=plan["input_bytes"])
        if plan["skip"]:
            logger.info(f"dt={part.dt}: skipped, {plan['skip']}")
            return {"dt": part.dt, "status": "skipped", "error": None}
        st = extract_partition(
            part.dt, files, str(output), model, id_column, text_column, run_id, started, jobs,
            return_state=True,
        )
        if st.is_completed():
            stats = st.result()
            row.update({k: v for k, v in stats.items() if k not in ("dt",)})
            row["status"] = "ok"
        else:
            row.update(status="failed", error=_state_error(st))
    else:
        row.update(status="failed", error=_state_error(plan_state))
    finished = datetime.now(timezone.utc)
    row.update(finished_at=finished)
    if row["status"] == "failed":
        row["seconds"] = (finished - started).total_seconds()
    rec = record_run(str(output), part.dt, row, return_state=True)
    if not rec.is_completed():
        row.update(status="failed", error=f"could not write the runs ledger: {_state_error(rec)}")
    result.update({k: row.get(k) for k in ("rows_in", "n_entities", "n_brand", "n_time", "n_location",
                                            "n_tokens", "seconds", "tokens_per_second")})
    result.update(status=row["status"], error=row.get("error"))
    if row["status"] == "ok":
        logger.info(
            f"dt={part.dt}: {row['rows_in']:,} rows, {row['n_entities']:,} entities, "
            f"{row['tokens_per_second']:,.0f} tokens/s, {row['seconds']:.1f} s"
        )
    else:
        logger.error(f"dt={part.dt}: failed: {row['error']}")
    return result


def summarize(results: list[dict], seconds: float) -> dict:
    """Totals over partition results, with a one-line ``line``."""
    by = Counter(r["status"] for r in results)
    done = [r for r in results if r["status"] == "ok"]

    def total(key: str) -> int:
        return sum(r.get(key) or 0 for r in done)

    tok_s = sum(r.get("seconds") or 0.0 for r in done)
    summary = {
        "partitions": len(results),
        "done": by["ok"],
        "skipped": by["skipped"],
        "failed": by["failed"],
        "rows": total("rows_in"),
        "entities": total("n_entities"),
        "brand": total("n_brand"),
        "time": total("n_time"),
        "location": total("n_location"),
        "tokens": total("n_tokens"),
        "tokens_per_second": total("n_tokens") / tok_s if tok_s > 0 else 0.0,
        "seconds": seconds,
        "failures": {r["dt"]: r["error"] for r in results if r["status"] == "failed"},
        "results": results,
    }
    summary["line"] = (
        f"extract: {summary['partitions']} partitions: {summary['done']} done, "
        f"{summary['skipped']} skipped, {summary['failed']} failed; {summary['rows']:,} rows; "
        f"entities: {summary['brand']:,} brand, {summary['time']:,} time, "
        f"{summary['location']:,} location ({summary['entities']:,} total); "
        f"{summary['tokens_per_second']:,.0f} tokens/s; {seconds:.1f} s"
    )
    return summary


def _artifacts(summary: dict) -> None:
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    rows = [
        {
            "dt": r["dt"],
            "status": r["status"],
            "rows": r.get("rows_in"),
            "entities": r.get("n_entities"),
            "tokens_per_second": round(r["tokens_per_second"]) if r.get("tokens_per_second") else None,
            "error": r.get("error"),
        }
        for r in summary["results"]
    ]
    create_table_artifact(rows, key="extract-partitions", description="Partitions of this extraction run")
    lines = [f"# Entity extraction\n\n{summary['line']}\n"]
    if summary["failures"]:
        lines.append("## Failed partitions\n")
        lines += [f"- `dt={dt}`: {err}" for dt, err in summary["failures"].items()]
    create_markdown_artifact("\n".join(lines), key="extract-summary", description="Extraction summary")


@flow(name="extract-entities", log_prints=True)
def extract_entities(
    input_path: str,
    output_path: str,
    date: str | None = None,
    model: str | None = None,
    id_column: str = "campaign_id",
    text_column: str = "text",
    force: bool = False,
    jobs: int | None = None,
) -> dict:
    """Extract brands, times and locations from campaign Parquet into the output tables.

    ``jobs``: tagging processes per partition (None: one per CPU core for partitions of at
    least ``PARALLEL_MIN_ROWS`` rows; 1: tag in the flow's own process).

    Returns the summary dict (``line`` is the one-line summary). The flow run ends Failed,
    with the summary as its data, when any partition failed; the others are still processed.
    """
    from prefect.runtime import flow_run

    t0 = time.perf_counter()
    logger = get_run_logger()
    partitions = plan_input(input_path, output_path, date)
    predictor = get_predictor(model)
    model_dir = str(resolve_model_dir(model).resolve())
    run_id = str(flow_run.id or uuid.uuid4())
    output = Path(output_path)
    output.mkdir(parents=True, exist_ok=True)
    logger.info(
        f"{len(partitions)} partition(s) from {input_path} -> {output_path}; "
        f"model {predictor.version} ({model_dir}); run {run_id}"
    )
    results = []
    for part in partitions:
        with partition_lock(output, part.dt):
            results.append(
                _run_partition(part, output, model, model_dir, predictor.version, id_column,
                               text_column, run_id, force, jobs)
            )
    summary = summarize(results, time.perf_counter() - t0)
    _artifacts(summary)
    logger.info(summary["line"])
    if summary["failed"]:
        return Failed(message=summary["line"], data=summary)
    return summary


def extract_command(args) -> int:
    """``campaign-ner extract``: run the flow; 0 when every partition is done or skipped,
    1 when any failed. Bad arguments raise one-line errors before any work starts."""
    plan_input(args.input, args.output, args.date)  # fail fast, one line, no traceback
    get_predictor(args.model)
    state = extract_entities(
        input_path=str(args.input),
        output_path=str(args.output),
        date=args.date,
        model=args.model,
        id_column=args.id_column,
        text_column=args.text_column,
        force=args.force,
        jobs=args.jobs,
        return_state=True,
    )
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException):
        raise summary
    print(summary["line"])
    for dt, err in summary["failures"].items():
        print(f"campaign-ner extract: dt={dt} failed: {err}", file=sys.stderr)
    return 1 if summary["failed"] else 0
