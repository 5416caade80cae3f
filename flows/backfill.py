"""Historical backfill: one Prefect task per input partition, in threads or on a Dask cluster.

``backfill_entities`` lists the ``dt=YYYY-MM-DD`` partitions of the input between ``start``
and ``end`` (both included) and maps one ``backfill-partition`` task run over them. Each
task does the whole partition where it runs (a thread of this process or a Dask worker):
:func:`flows.batch.runner.run_partition`, the same partition run as the nightly
extraction's, so idempotency and resumability come from the runs ledger: kill a backfill and
run it again and it does only what is not done; after a model promotion it re-processes
exactly the partitions another model version made.

Where the partitions run (chosen by :func:`make_task_runner`):

* default: this process, one partition at a time (``ThreadPoolTaskRunner(max_workers=1)``);
  ``max_concurrency=K`` runs K partitions in K threads (tagging itself is serialized per
  process by :class:`~ner_model.inference.predictor.Predictor`'s lock, so threads only
  overlap reading, hashing and writing);
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
import os
import queue
import sys
import time
import uuid
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import unmapped

from flows.batch import runner
from flows.batch.artifacts import ProgressArtifact, write_report
from flows.batch.errors import retry_transient
from flows.batch.partitions import BackfillPlan, Partition, compress_dates, plan_range
from flows.batch.predictors import get_predictor
from flows.batch.reading import check_partitions
from flows.batch.reaper import reap_on_death
from flows.batch.runner import NormalizeSettings

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@task(name="backfill-partition", task_run_name="backfill-dt={dt}", retries=1,
      retry_delay_seconds=5, retry_condition_fn=retry_transient, cache_policy=NO_CACHE)
def backfill_partition(
    dt: str, files: list[str], error: str | None, settings: runner.RunSettings,
    torch_threads: int | None = None,
) -> dict:
    """Fingerprint, skip or tag, and record one partition under its lock; returns its result."""
    if torch_threads:
        import torch

        if torch.get_num_threads() != torch_threads:
            torch.set_num_threads(torch_threads)
    out = runner.run_partition(dt, files, error, settings)
    if torch_threads:
        out["torch_threads"] = torch.get_num_threads()
    return out


def _run_partitions(
    parts: list[Partition], settings: runner.RunSettings, torch_threads: int | None,
    max_concurrency: int | None,
) -> Iterator[dict]:
    """Run ``backfill-partition`` over ``parts`` on the flow's task runner and yield each
    result as it finishes. At most ``max_concurrency`` partitions are in flight: the first
    ones are mapped at once, then one more is submitted each time one finishes."""
    n = len(parts)
    window = max_concurrency if max_concurrency and max_concurrency < n else n
    finished: queue.Queue = queue.Queue()
    dt_of: dict[uuid.UUID, str] = {}

    def submit(batch: list[Partition]) -> None:
        futures = backfill_partition.map(
            dt=[p.dt for p in batch], files=[p.paths() for p in batch],
            error=[p.error for p in batch], settings=unmapped(settings),
            torch_threads=unmapped(torch_threads),
        )
        for f, p in zip(futures, batch, strict=True):
            dt_of[f.task_run_id] = p.dt
            f.add_done_callback(finished.put)

    waiting = deque(parts[window:])
    if window:
        submit(parts[:window])
    for _ in range(n):
        fut = finished.get()
        yield runner.partition_result(fut, dt_of.pop(fut.task_run_id))
        if waiting:
            submit([waiting.popleft()])


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


def _log_plan(plan: BackfillPlan, settings: runner.RunSettings, head: str, route: str) -> None:
    logger = get_run_logger()
    logger.info(
        f"{head}: {len(plan.partitions)} partition(s) from {route}; model "
        f"{settings.model_version} ({settings.model_dir}); run {settings.run_id}"
    )
    if plan.missing:
        missing = compress_dates(plan.missing)
        logger.warning(f"{len(plan.missing)} date(s) without an input partition: {missing}")
    if plan.ignored:
        logger.warning(f"ignored (not dt=YYYY-MM-DD partitions): {', '.join(plan.ignored[:10])}")


def _summary(results: list[dict], plan: BackfillPlan, start: str, end: str, seconds: float) -> dict:
    summary = runner.summarize(results, seconds)
    summary.update(start=start, end=end, missing=plan.missing, ignored=plan.ignored)
    summary["line"] = runner.summary_line(
        summary, f"backfill {start}..{end}", (f"{len(plan.missing)} date(s) without input",),
        (f"{seconds:.1f} s", f"{summary['model_instances']} model instance(s) in "
         f"{len(summary['workers'])} process(es)"),
    )
    return summary


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
    normalize: NormalizeSettings | None = None,
    source_column: str | None = None,
) -> dict:
    """Extract entities from every input partition from ``start`` to ``end``, one task each.

    ``model`` (a model directory, a registry, or None for the shipped model) is resolved
    once, so the whole backfill uses one model version (a partition whose model directory
    was overwritten meanwhile fails rather than using another version). Returns the summary
    dict; the flow run ends Failed, with the summary as its data, when any partition failed.
    """
    from prefect.runtime import flow_run

    t0 = time.perf_counter()
    plan = plan_range(input_path, output_path, start, end)
    # on Dask the cluster already runs one partition per core: tag in the worker itself
    run_id = str(flow_run.id or uuid.uuid4())
    settings = runner.start_run("backfill", output_path, model, run_id, id_column, text_column,
                                force, jobs=1 if torch_threads else None, normalize=normalize,
                                source_column=source_column)
    _log_plan(plan, settings, f"backfill {start}..{end}", f"{input_path} -> {output_path}")
    n = len(plan.partitions)
    progress = ProgressArtifact(n, f"Partitions finished, backfill {start}..{end}")
    results: list[dict] = []
    for r in _run_partitions(plan.partitions, settings, torch_threads, max_concurrency):
        results.append(r)
        print(_progress_line(len(results), n, r))
        progress.update(len(results))
    if not n:
        progress.update(0)
    summary = _summary(results, plan, start, end, time.perf_counter() - t0)
    write_report("backfill", f"Backfill {start}..{end}", summary, f"backfill {start}..{end}")
    get_run_logger().info(summary["line"])
    if summary["failed"]:
        return Failed(message=summary["line"], data=summary)
    return summary


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
            task_runner = DaskTaskRunner(address=dask_address)
            where = f"Dask scheduler {dask_address}"
        else:
            task_runner = DaskTaskRunner(
                cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
            )
            where = f"local Dask cluster of {workers} worker process(es) x 1 thread"
        if max_concurrency:
            where += f", at most {max_concurrency} partition(s) in flight"
        return task_runner, where, 1
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
    normalize: NormalizeSettings | None = None,
    source_column: str | None = None,
):
    """Run :func:`backfill_entities` on the task runner the options ask for; returns the
    flow run's final state (its result is the summary dict, also when it failed)."""
    task_runner, where, torch_threads = make_task_runner(workers, dask_address, max_concurrency)
    print(f"campaign-ner backfill: partitions run in {where}", file=sys.stderr)
    with _api_for_workers(bool(workers or dask_address)):
        return backfill_entities.with_options(task_runner=task_runner)(
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
            normalize=normalize,
            source_column=source_column,
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
    plan = plan_range(args.input, args.output, args.start, args.end)
    check_partitions(plan.partitions, args.id_column, args.text_column, args.reference_column,
                     args.source_column)
    get_predictor(args.model)
    normalize = runner.normalize_settings(args)
    # the temporary Prefect server, Dask and tagging processes die with this process
    with reap_on_death("campaign-ner backfill"):
        summary = runner.flow_summary(run_backfill(
            args.input, args.output, args.start, args.end, model=args.model,
            id_column=args.id_column, text_column=args.text_column, force=args.force,
            workers=args.workers, dask_address=args.dask_address,
            max_concurrency=args.max_concurrency, normalize=normalize,
            source_column=args.source_column,
        ))
    print(summary["line"])
    if summary["missing"]:
        missing = compress_dates(summary["missing"])
        print(f"campaign-ner backfill: no input for {missing}", file=sys.stderr)
    for dt, err in summary["failures"].items():
        print(f"campaign-ner backfill: dt={dt} failed: {err}", file=sys.stderr)
    return 1 if summary["failed"] else 0
