"""Historical backfill: one Prefect task per input partition, in threads or on a Dask cluster.

``backfill_entities`` lists the ``dt=YYYY-MM-DD`` partitions of the input between ``start``
and ``end`` (both included) and maps one ``backfill-partition`` task run over them. Each
task does the whole partition where it runs (a thread of this process or a Dask worker):
it takes the partition's lock, fingerprints the input, skips the partition when its runs
ledger shows it done with the same fingerprint and model version (unless ``force``),
otherwise tags it with the extraction's :func:`flows.extract.process_partition` (atomic file
replacement) and appends the ledger row. Idempotency and resumability therefore come from
the ledger: kill a backfill and run it again and it does only what is not done; after a
model promotion it re-processes exactly the partitions another model version made.

Where the partitions run (chosen by :func:`make_task_runner`):

* default: this process, one partition at a time (``ThreadPoolTaskRunner(max_workers=1)``);
  ``max_concurrency=K`` runs K partitions in K threads (tagging itself is serialized per
  process by :class:`~ner_model.inference.predictor.Predictor`'s lock, so threads only overlap reading,
  hashing and writing);
* ``workers=N``: a local Dask cluster of N worker processes with one thread each; every
  worker loads the model once and tags with one torch thread;
* ``dask_address``: an existing Dask scheduler (its workers need this package installed and
  the input and output paths mounted at the same place).

``max_concurrency`` caps the partitions in flight: for threads it is the pool size; on Dask
the flow submits at most K partitions at a time (a submission window) and submits the
next one when one finishes, so no Prefect or Dask concurrency objects are needed.

Dates in ``[start, end]`` without an input partition are reported, not an error. A failing
partition fails alone (its task run ends Failed, its ledger row says why); the flow run ends
Failed and lists every failure once all partitions have finished.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import socket
import sys
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.states import Failed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import unmapped

from flows.extract import (
    ExtractInputError,
    Partition,
    check_output_location,
    discover_partitions,
    get_predictor,
    input_fingerprint,
    parse_date,
    partition_lock,
    process_partition,
    skip_reason,
)
from flows.io import append_run
from ner_model.inference.predictor import Predictor
from ner_model.storage.registry import resolve_model_dir

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

_DT_NAME = re.compile(r"^dt=(\d{4}-\d{2}-\d{2})$")
PROGRESS_KEY = "backfill-progress"  # Prefect artifact keys (lowercase, digits, dashes)
TABLE_KEY = "backfill-partitions"
PROGRESS_EVERY_SECONDS = 2.0  # update the progress artifact at most this often ...
PROGRESS_EVERY_PCT = 1.0  # ... unless progress moved by this many percent

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------
# Planning


@dataclass
class BackfillPlan:
    """The partitions of a date range: found (date order), missing dates, ignored names."""

    partitions: list[Partition]
    missing: list[str]
    ignored: list[str]


def date_range(start: str, end: str) -> list[str]:
    """Every ``YYYY-MM-DD`` date from ``start`` to ``end``, both included."""
    d, last = Date.fromisoformat(start), Date.fromisoformat(end)
    out = []
    while d <= last:
        out.append(d.isoformat())
        d += timedelta(days=1)
    return out


def compress_dates(dates: list[str]) -> str:
    """``2024-01-01..2024-01-03, 2024-01-07`` for a sorted list of dates."""
    runs: list[list[Date]] = []
    for s in dates:
        d = Date.fromisoformat(s)
        if runs and d - runs[-1][1] == timedelta(days=1):
            runs[-1][1] = d
        else:
            runs.append([d, d])
    return ", ".join(a.isoformat() if a == b else f"{a.isoformat()}..{b.isoformat()}" for a, b in runs)


def plan_range(input_path: Path | str, output_path: Path | str, start: str, end: str) -> BackfillPlan:
    """The input partitions with ``start <= dt <= end``, and the dates that have none.

    Only the ``dt=`` directories inside the range are opened, so an odd partition elsewhere
    never stops a backfill; a bad partition inside the range fails alone when it runs.

    Raises:
        FileNotFoundError: the input does not exist.
        ExtractInputError: bad dates, ``start`` after ``end``, or output inside the input.
    """
    parse_date(start, "--start")
    parse_date(end, "--end")
    if start > end:
        raise ExtractInputError(f"--start {start} is after --end {end}")
    root = Path(input_path)
    if not root.exists():
        raise FileNotFoundError(f"input {root} does not exist")
    check_output_location(input_path, output_path)
    parts: list[Partition] = []
    ignored: list[str] = []
    if root.is_dir() and not root.name.startswith("dt="):
        for p in sorted(root.iterdir()):
            m = _DT_NAME.match(p.name)
            if not (m and p.is_dir()):
                if not p.name.startswith((".", "_")):
                    ignored.append(p.name)
                continue
            dt = m.group(1)
            if not start <= dt <= end:
                continue
            try:
                Date.fromisoformat(dt)
            except ValueError:
                ignored.append(p.name)  # dt=2024-02-30: not a date, never a partition
                continue
            try:
                parts.extend(discover_partitions(p))
            except ExtractInputError as e:
                parts.append(Partition(dt, [], p, str(e)))
    else:  # a single file or a single dt= directory
        parts = [p for p in discover_partitions(root) if start <= p.dt <= end]
    have = {p.dt for p in parts}
    missing = [d for d in date_range(start, end) if d not in have]
    return BackfillPlan(parts, missing, ignored)


# ---------------------------------------------------------------------------------------
# One partition (runs wherever the task runner puts it)

_SEEN_PREDICTORS: set[int] = set()  # id() of the predictors this process has used
_SEEN_LOCK = threading.Lock()


def _first_use(predictor: Predictor) -> bool:
    """True the first time this process sees ``predictor`` (i.e. the task that caused the
    model to be loaded here). The model is cached per process
    (:func:`flows.extract.get_predictor`), so concurrent partitions in one process share
    it; :class:`~ner_model.inference.predictor.Predictor` serializes its own tagging with a lock."""
    with _SEEN_LOCK:
        if id(predictor) in _SEEN_PREDICTORS:
            return False
        _SEEN_PREDICTORS.add(id(predictor))
        return True


def _one_line(e: BaseException | str) -> str:
    if isinstance(e, ExtractInputError | FileNotFoundError):
        s = str(e)
    elif isinstance(e, BaseException):
        s = f"{type(e).__name__}: {e}"
    else:
        s = e
    s = " ".join(s.split())
    return s[:500] if s else type(e).__name__


def _transient(task, task_run, state) -> bool:  # Prefect retry_condition_fn signature
    """Retry only transient I/O failures, never bad input or a bug."""
    exc = state.result(raise_on_failure=False)
    return isinstance(exc, OSError) and not isinstance(
        exc, FileNotFoundError | PermissionError | IsADirectoryError | NotADirectoryError
    )


def backfill_one(
    dt: str,
    files: list[str],
    error: str | None,
    output: str,
    model_dir: str,
    id_column: str,
    text_column: str,
    run_id: str,
    force: bool,
    expected_version: str | None = None,
    jobs: int | None = None,
) -> dict:
    """Fingerprint, skip or tag, and record one partition (caller holds its lock).

    Plain function (no Prefect needed). Returns the partition's result dict (``status`` ok
    or skipped); on failure appends a ``failed`` ledger row and re-raises. When
    ``expected_version`` is given and ``model_dir`` now holds another version (its files
    were replaced during the backfill), the partition fails instead of mixing versions.
    """
    t0 = time.perf_counter()
    started = datetime.now(timezone.utc)
    predictor = get_predictor(model_dir)
    loaded = _first_use(predictor)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    result: dict[str, Any] = {"dt": dt, "worker": worker, "model_version": predictor.version,
                              "model_instance": f"{worker}/{id(predictor):x}"}
    if loaded:
        _logger().info(f"model {predictor.version} in use in process {worker} (one instance per process)")
    row: dict[str, Any] = {
        "run_id": run_id,
        "forced": force,
        "input_files": files,
        "id_column": id_column,
        "text_column": text_column,
        "model_dir": model_dir,
        "model_version": predictor.version,
        "started_at": started,
    }
    try:
        if error:
            raise ExtractInputError(error)
        if expected_version and predictor.version != expected_version:
            raise ExtractInputError(
                f"model directory {model_dir} changed during the backfill (version "
                f"{expected_version} at the start, {predictor.version} now); run the backfill again"
            )
        fp, size = input_fingerprint([Path(f) for f in files], id_column, text_column)
        row.update(input_fingerprint=fp, input_bytes=size)
        reason = None if force else skip_reason(Path(output), dt, fp, predictor.version)
        if reason:
            return {**result, "status": "skipped", "reason": reason,
                    "seconds": time.perf_counter() - t0}
        stats = process_partition(dt, files, output, model_dir, id_column, text_column, run_id, started,
                                  jobs=jobs)
    except Exception as e:
        row.update(status="failed", error=_one_line(e), finished_at=datetime.now(timezone.utc),
                   seconds=time.perf_counter() - t0)
        append_run(Path(output), dt, row)
        raise
    row.update({k: v for k, v in stats.items() if k != "dt"})
    row.update(status="ok", finished_at=datetime.now(timezone.utc))
    append_run(Path(output), dt, row)  # the commit record: written last
    result.update({k: stats[k] for k in ("rows_in", "n_entities", "n_brand", "n_time",
                                         "n_location", "n_tokens", "tokens_per_second")})
    result.update(status="ok", tag_seconds=stats["seconds"], seconds=time.perf_counter() - t0)
    return result


def _logger() -> logging.Logger | logging.LoggerAdapter:
    try:
        return get_run_logger()
    except MissingContextError:
        return log


@task(name="backfill-partition", task_run_name="backfill-dt={dt}", retries=1,
      retry_delay_seconds=5, retry_condition_fn=_transient, cache_policy=NO_CACHE)
def backfill_partition(
    dt: str,
    files: list[str],
    error: str | None,
    output: str,
    model_dir: str,
    id_column: str,
    text_column: str,
    run_id: str,
    force: bool,
    torch_threads: int | None = None,
    expected_version: str | None = None,
) -> dict:
    """Fingerprint, skip or tag, and record one partition under its lock; returns its result."""
    if torch_threads:
        import torch

        if torch.get_num_threads() != torch_threads:
            torch.set_num_threads(torch_threads)
    with partition_lock(Path(output), dt):
        # on Dask the cluster already runs one partition per core: tag in the worker itself
        out = backfill_one(dt, files, error, output, model_dir, id_column, text_column, run_id, force,
                           expected_version, jobs=1 if torch_threads else None)
    if torch_threads:
        import torch

        out["torch_threads"] = torch.get_num_threads()
    return out


# ---------------------------------------------------------------------------------------
# The flow


def _progress_line(i: int, n: int, r: dict) -> str:
    head = f"[{i}/{n}] dt={r['dt']}"
    if r["status"] == "ok":
        return (
            f"{head} done: {r['rows_in']:,} rows, {r['n_entities']:,} entities "
            f"({r['n_brand']:,} brand, {r['n_time']:,} time, {r['n_location']:,} location), "
            f"{r['seconds']:.1f} s on {r['worker']}"
        )
    if r["status"] == "skipped":
        return f"{head} skipped: {r['reason']}"
    return f"{head} FAILED: {r['error']}"


def summarize(results: list[dict], plan: BackfillPlan, start: str, end: str, seconds: float) -> dict:
    """Totals over the partition results, with a one-line ``line``."""
    by = Counter(r["status"] for r in results)
    done = [r for r in results if r["status"] == "ok"]

    def total(key: str) -> int:
        return sum(r.get(key) or 0 for r in done)

    # Distinct model objects the tasks used: one per process when the per-process cache
    # works (it would be one per partition if every task loaded the model).
    instances = {r["model_instance"] for r in results if r.get("model_instance")}
    workers = sorted({r["worker"] for r in results if r.get("worker")})
    summary = {
        "start": start,
        "end": end,
        "partitions": len(results),
        "done": by["ok"],
        "skipped": by["skipped"],
        "failed": by["failed"],
        "missing": plan.missing,
        "ignored": plan.ignored,
        "rows": total("rows_in"),
        "entities": total("n_entities"),
        "brand": total("n_brand"),
        "time": total("n_time"),
        "location": total("n_location"),
        "tokens": total("n_tokens"),
        "seconds": seconds,
        "workers": workers,
        "model_instances": len(instances),
        "failures": {r["dt"]: r["error"] for r in results if r["status"] == "failed"},
        "results": sorted(results, key=lambda r: r["dt"]),
    }
    summary["line"] = (
        f"backfill {start}..{end}: {summary['partitions']} partitions: {summary['done']} done, "
        f"{summary['skipped']} skipped, {summary['failed']} failed; "
        f"{len(plan.missing)} date(s) without input; {summary['rows']:,} rows; "
        f"entities: {summary['brand']:,} brand, {summary['time']:,} time, "
        f"{summary['location']:,} location ({summary['entities']:,} total); "
        f"{seconds:.1f} s; {len(instances)} model instance(s) in {len(workers)} process(es)"
    )
    return summary


def _table_artifact(summary: dict) -> None:
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    rows = [
        {
            "dt": r["dt"],
            "status": r["status"],
            "rows": r.get("rows_in"),
            "entities": r.get("n_entities"),
            "brand": r.get("n_brand"),
            "time": r.get("n_time"),
            "location": r.get("n_location"),
            "seconds": round(r["seconds"], 2) if r.get("seconds") is not None else None,
            "worker": r.get("worker"),
            "note": r.get("error") or r.get("reason"),
        }
        for r in summary["results"]
    ]
    rows += [{"dt": d, "status": "missing", "note": "no input partition"} for d in summary["missing"]]
    rows.sort(key=lambda r: r["dt"])
    create_table_artifact(rows, key=TABLE_KEY, description=f"Partitions of backfill {summary['start']}..{summary['end']}")
    lines = [f"# Backfill {summary['start']}..{summary['end']}\n\n{summary['line']}\n"]
    if summary["failures"]:
        lines.append("## Failed partitions\n")
        lines += [f"- `dt={dt}`: {err}" for dt, err in sorted(summary["failures"].items())]
    if summary["missing"]:
        lines.append(f"\n## Dates without input\n\n{compress_dates(summary['missing'])}\n")
    create_markdown_artifact("\n".join(lines), key="backfill-summary", description="Backfill summary")


class _Progress:
    """The progress artifact, updated at most every few seconds or percent."""

    def __init__(self, total: int, description: str) -> None:
        from prefect.artifacts import create_progress_artifact

        self.total = total
        self.id = create_progress_artifact(0.0 if total else 100.0, key=PROGRESS_KEY, description=description)
        self.last_pct, self.last_t = 0.0, time.monotonic()

    def update(self, done: int) -> None:
        from prefect.artifacts import update_progress_artifact

        pct = 100.0 * done / self.total if self.total else 100.0
        now = time.monotonic()
        if pct >= 100.0 or pct - self.last_pct >= PROGRESS_EVERY_PCT or now - self.last_t >= PROGRESS_EVERY_SECONDS:
            update_progress_artifact(self.id, pct)
            self.last_pct, self.last_t = pct, now


def _result_of(future, dt: str) -> dict:
    """A finished task's result dict; a failure becomes ``status: failed`` with its reason."""
    try:
        res = future.result(raise_on_failure=False)
    except Exception as e:  # the executor itself failed (e.g. a Dask worker died)
        res = e
    if isinstance(res, dict):
        return res
    reason = _one_line(res) if isinstance(res, BaseException) else f"task ended without a result ({res!r})"
    return {"dt": dt, "status": "failed", "error": reason}


@flow(name="backfill-entities", log_prints=True)
def backfill_entities(
    input_path: str,
    output_path: str,
    start: str,
    end: str,
    model: str | None = None,
    id_column: str = "campaign_id",
    text_column: str = "text",
    force: bool = False,
    max_concurrency: int | None = None,
    torch_threads: int | None = None,
) -> dict:
    """Extract entities from every input partition from ``start`` to ``end``, one task each.

    ``model`` (a model directory, a registry, or None for the shipped model) is resolved
    once, so the whole backfill uses one model version (a partition whose model directory
    was overwritten meanwhile fails rather than using another version). Returns the summary
    dict; the flow run ends Failed, with the summary as its data, when any partition failed.
    """
    from prefect.runtime import flow_run

    t0 = time.perf_counter()
    logger = get_run_logger()
    plan = plan_range(input_path, output_path, start, end)
    model_dir = str(resolve_model_dir(model).resolve())
    version = get_predictor(model_dir).version  # fail fast on a bad model
    run_id = str(flow_run.id or uuid.uuid4())
    output = Path(output_path)
    output.mkdir(parents=True, exist_ok=True)
    parts = plan.partitions
    n = len(parts)
    logger.info(
        f"backfill {start}..{end}: {n} partition(s) from {input_path} -> {output_path}; "
        f"model {version} ({model_dir}); run {run_id}"
    )
    if plan.missing:
        logger.warning(f"{len(plan.missing)} date(s) without an input partition: {compress_dates(plan.missing)}")
    if plan.ignored:
        logger.warning(f"ignored (not dt=YYYY-MM-DD partitions): {', '.join(plan.ignored[:10])}")
    progress = _Progress(n, f"Partitions finished, backfill {start}..{end}")

    static = {
        "output": unmapped(str(output)), "model_dir": unmapped(model_dir),
        "id_column": unmapped(id_column), "text_column": unmapped(text_column),
        "run_id": unmapped(run_id), "force": unmapped(force), "torch_threads": unmapped(torch_threads),
        "expected_version": unmapped(version),
    }
    # At most ``window`` partitions in flight: the first ``window`` are mapped at once, then
    # one more is submitted each time one finishes (the window is everything unless capped).
    window = max_concurrency if max_concurrency and max_concurrency < n else n
    finished: queue.Queue = queue.Queue()
    dt_of: dict[uuid.UUID, str] = {}

    def watch(futures, batch: list[Partition]) -> None:
        for f, p in zip(futures, batch, strict=True):
            dt_of[f.task_run_id] = p.dt
            f.add_done_callback(finished.put)

    results: list[dict] = []
    first, waiting = parts[:window], deque(parts[window:])
    if first:
        futures = backfill_partition.map(
            dt=[p.dt for p in first],
            files=[[str(f) for f in p.files] for p in first],
            error=[p.error for p in first],
            **static,
        )
        watch(futures, first)
    while len(results) < n:
        fut = finished.get()
        r = _result_of(fut, dt_of.pop(fut.task_run_id))
        results.append(r)
        print(_progress_line(len(results), n, r))
        progress.update(len(results))
        if waiting:
            p = waiting.popleft()
            fut = backfill_partition.submit(
                dt=p.dt, files=[str(f) for f in p.files], error=p.error, output=str(output),
                model_dir=model_dir, id_column=id_column, text_column=text_column, run_id=run_id,
                force=force, torch_threads=torch_threads, expected_version=version,
            )
            watch([fut], [p])
    if not n:
        progress.update(0)
    summary = summarize(results, plan, start, end, time.perf_counter() - t0)
    _table_artifact(summary)
    logger.info(summary["line"])
    if summary["failed"]:
        return Failed(message=summary["line"], data=summary)
    return summary


# ---------------------------------------------------------------------------------------
# Task runners and the command


def make_task_runner(
    workers: int | None = None,
    dask_address: str | None = None,
    max_concurrency: int | None = None,
) -> tuple[TaskRunner, str, int | None]:
    """``(task runner, description, torch threads per task or None)`` for the options."""
    if workers is not None and workers < 1:
        raise ValueError(f"--workers must be at least 1, got {workers}")
    if max_concurrency is not None and max_concurrency < 1:
        raise ValueError(f"--max-concurrency must be at least 1, got {max_concurrency}")
    if workers and dask_address:
        raise ValueError("--workers and --dask-address exclude each other")
    if dask_address or workers:
        # Dask's INFO lines (scheduler, nanny, worker start/stop) would drown the progress
        # lines; read by distributed at import here and in the spawned workers.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
        from prefect_dask import DaskTaskRunner

        if dask_address:
            runner = DaskTaskRunner(address=dask_address)
            where = f"Dask scheduler {dask_address}"
        else:
            runner = DaskTaskRunner(
                cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
            )
            where = f"local Dask cluster of {workers} worker process(es) x 1 thread"
        if max_concurrency:
            where += f", at most {max_concurrency} partition(s) in flight"
        return runner, where, 1
    k = max_concurrency or 1
    where = "this process, one partition at a time" if k == 1 else f"this process, {k} threads"
    return ThreadPoolTaskRunner(max_workers=k), where, None


def run_backfill(
    input_path: str | Path,
    output_path: str | Path,
    start: str,
    end: str,
    model: str | Path | None = None,
    id_column: str = "campaign_id",
    text_column: str = "text",
    force: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    max_concurrency: int | None = None,
):
    """Run :func:`backfill_entities` on the task runner the options ask for; returns the
    flow run's final state (its result is the summary dict, also when it failed)."""
    runner, where, torch_threads = make_task_runner(workers, dask_address, max_concurrency)
    print(f"campaign-ner backfill: partitions run in {where}", file=sys.stderr)
    with _api_for_workers(bool(workers or dask_address)):
        return backfill_entities.with_options(task_runner=runner)(
            input_path=str(input_path),
            output_path=str(output_path),
            start=start,
            end=end,
            model=None if model is None else str(model),
            id_column=id_column,
            text_column=text_column,
            force=force,
            max_concurrency=max_concurrency,
            torch_threads=torch_threads,
            return_state=True,
        )


@contextlib.contextmanager
def _api_for_workers(needed: bool) -> Iterator[None]:
    """Make Dask workers report to this process's Prefect API.

    Without ``PREFECT_API_URL`` (embedded mode) each process would start its own ephemeral
    server; instead the ephemeral server is started here and ``PREFECT_API_URL`` set to it
    in the settings context, which Prefect sends along with every task to the workers.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if not needed or PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield


def backfill_command(args) -> int:
    """``campaign-ner backfill``: 0 when every partition is done or skipped, 1 when any
    failed (each failure listed on stderr). Bad arguments are one-line errors up front."""
    make_task_runner(args.workers, args.dask_address, args.max_concurrency)
    plan_range(args.input, args.output, args.start, args.end)
    get_predictor(args.model)
    state = run_backfill(
        args.input, args.output, args.start, args.end, model=args.model,
        id_column=args.id_column, text_column=args.text_column, force=args.force,
        workers=args.workers, dask_address=args.dask_address, max_concurrency=args.max_concurrency,
    )
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException):
        raise summary
    print(summary["line"])
    if summary["missing"]:
        print(f"campaign-ner backfill: no input for {compress_dates(summary['missing'])}", file=sys.stderr)
    for dt, err in sorted(summary["failures"].items()):
        print(f"campaign-ner backfill: dt={dt} failed: {err}", file=sys.stderr)
    return 1 if summary["failed"] else 0
