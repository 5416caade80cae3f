"""The nightly extraction flow: campaign Parquet in, entities/campaigns/runs tables out.

``extract_entities`` lists the input partitions (:mod:`flows.batch.partitions` says which
inputs are accepted and how a single file is dated) and runs one ``extract-partition`` task
per partition, sequentially in this process (the model is loaded once per process):
:func:`flows.batch.runner.run_partition` fingerprints the input, skips the partition when
the runs ledger shows it done, otherwise tags it (row statuses: :mod:`flows.batch.tagging`),
publishes ``entities`` and ``campaigns`` and appends the ``runs`` row (the commit record).
A failing partition fails alone; the flow run ends Failed once all have run.
"""

from __future__ import annotations

import os
import sys
import time
import uuid

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed

from flows.batch import runner
from flows.batch.artifacts import write_report
from flows.batch.errors import retry_transient
from flows.batch.partitions import plan_input
from flows.batch.predictors import get_predictor
from flows.batch.reading import check_partitions
from flows.batch.reaper import reap_on_death
from flows.batch.runner import NormalizeSettings

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@task(name="extract-partition", task_run_name="extract-dt={dt}", retries=1,
      retry_delay_seconds=5, retry_condition_fn=retry_transient, cache_policy=NO_CACHE)
def extract_partition(
    dt: str, files: list[str], error: str | None, settings: runner.RunSettings
) -> dict:
    """Fingerprint, skip or tag, and record one partition under its lock; returns its result."""
    return runner.run_partition(dt, files, error, settings)


def _log_result(logger, r: dict) -> None:
    if r["status"] == "ok":
        logger.info(
            f"dt={r['dt']}: {r['rows_in']:,} rows, {r['n_entities']:,} entities, "
            f"{r['tokens_per_second']:,.0f} tokens/s, {r['tag_seconds']:.1f} s"
        )
    elif r["status"] == "skipped":
        logger.info(f"dt={r['dt']}: skipped, {r['reason']}")
    else:
        logger.error(f"dt={r['dt']}: failed: {r['error']}")


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
    normalize: NormalizeSettings | None = None,
    source_column: str | None = None,
) -> dict:
    """Extract brands, times and locations from campaign Parquet into the output tables.

    ``jobs``: tagging processes per partition (None: one per CPU core for partitions of at
    least ``PARALLEL_MIN_ROWS`` rows; 1: tag in the flow's own process). ``normalize``: how
    entities get their normalized values (default: on, the shipped brand table, TIMEs read
    against the partition date). ``source_column``: the column giving each row's source
    (platform), required in every file (None: ``source`` where a file has it, else null).

    Returns the summary dict (``line`` is the one-line summary). The flow run ends Failed,
    with the summary as its data, when any partition failed; the others are still processed.
    """
    from prefect.runtime import flow_run

    t0 = time.perf_counter()
    logger = get_run_logger()
    partitions = plan_input(input_path, output_path, date)
    run_id = str(flow_run.id or uuid.uuid4())
    settings = runner.start_run("extraction", output_path, model, run_id, id_column,
                                text_column, force, jobs, normalize, source_column)
    logger.info(
        f"{len(partitions)} partition(s) from {input_path} -> {output_path}; "
        f"model {settings.model_version} ({settings.model_dir}); run {run_id}"
    )
    results = []
    for part in partitions:
        state = extract_partition(part.dt, part.paths(), part.error, settings, return_state=True)
        results.append(runner.partition_result(state, part.dt))
        _log_result(logger, results[-1])
    summary = runner.summarize(results, time.perf_counter() - t0)
    tail = (f"{summary['tokens_per_second']:,.0f} tokens/s", f"{summary['seconds']:.1f} s")
    summary["line"] = runner.summary_line(summary, "extract", tail=tail)
    write_report("extract", "Entity extraction", summary, "this extraction run")
    logger.info(summary["line"])
    if summary["failed"]:
        return Failed(message=summary["line"], data=summary)
    return summary


def extract_command(args) -> int:
    """``campaign-ner extract``: run the flow; 0 when every partition is done or skipped,
    1 when any failed. Bad arguments raise one-line errors before any work starts."""
    # fail fast, one line, no traceback: bad arguments, a bad model, input nothing can read
    parts = plan_input(args.input, args.output, args.date)
    check_partitions(parts, args.id_column, args.text_column, args.reference_column,
                     args.source_column)
    get_predictor(args.model)
    normalize = runner.normalize_settings(args)
    # the temporary Prefect server and tagging processes die with this process
    with reap_on_death("campaign-ner extract"):
        summary = runner.flow_summary(extract_entities(
            input_path=str(args.input),
            output_path=str(args.output),
            date=args.date,
            model=args.model,
            id_column=args.id_column,
            text_column=args.text_column,
            force=args.force,
            jobs=args.jobs,
            normalize=normalize,
            source_column=args.source_column,
            return_state=True,
        ))
    print(summary["line"])
    for dt, err in summary["failures"].items():
        print(f"campaign-ner extract: dt={dt} failed: {err}", file=sys.stderr)
    return 1 if summary["failed"] else 0
