"""The nightly schedule: extraction (and optionally retraining) served as Prefect deployments.

``campaign-ner serve`` registers, on a running Prefect server (``PREFECT_API_URL``):

* ``nightly-extract/<name>`` (default ``nightly-extract/nightly``): a cron schedule in a
  time zone (default ``0 2 * * *`` in UTC). Each run processes **the partition of the day
  before the run's scheduled time, in that time zone**
  (:func:`flows.batch.schedule.partition_for`): the scheduled time, not the wall clock, so
  a run that starts late, is caught up after an outage or is retried still processes its
  own day. It calls the extraction flow
  (:func:`flows.extract.extract_entities`) as a subflow for that one date. ``model`` is
  stored as given (a registry path stays a registry path) and resolved when each run
  starts, so a model promoted in the registry is used from the next night on.
* optionally ``retrain/<name>-retrain`` (``--retrain-cron``): the retraining flow
  (:func:`flows.retrain.retrain`) writing into the registry the nightly reads, so
  train -> promote -> nightly closes the loop.

and then serves them from this process (``prefect.serve``) until it is stopped; stopping
pauses the schedules. Deployments are created from the installed modules
(``flows.serve.nightly_extract``), so runs do not depend on the current directory.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.states import Failed

from flows.api import check_prefect_api
from flows.batch.errors import ExtractInputError
from flows.batch.partitions import discover_partitions, parse_date
from flows.batch.reaper import reap_on_death
from flows.batch.runner import NormalizeSettings, flow_summary, normalize_settings
from flows.batch.schedule import check_timezone, partition_for
from flows.extract import extract_entities
from flows.stitch import stitch_campaigns
from ner_model.errors import one_line
from ner_model.stitch.settings import StitchSettings
from ner_model.storage.registry import is_registry, resolve_model_dir

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "UTC"
NIGHTLY_FLOW = "nightly-extract"


def scheduled_start() -> datetime:
    """This flow run's scheduled start time (``expected_start_time``; now for an ad-hoc run)."""
    from prefect.runtime import flow_run

    return flow_run.scheduled_start_time


def nightly_run_name() -> str:
    """The run's name in the Prefect UI: the partition it processes (``nightly-dt=D``), which
    a scheduled run's parameters do not show (its ``date`` is None until it runs)."""
    from prefect.runtime import flow_run

    params = flow_run.parameters
    try:
        dt = params.get("date") or partition_for(
            scheduled_start(), params.get("timezone", DEFAULT_TIMEZONE), params.get("lag_days", 1)
        )
    except (TypeError, ValueError):  # bad parameters: the run itself reports them
        return "nightly"
    return f"nightly-dt={dt}"


@flow(name=NIGHTLY_FLOW, flow_run_name=nightly_run_name, log_prints=True)
def nightly_extract(
    input_path: str,
    output_path: str,
    model: str | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    lag_days: int = 1,
    date: str | None = None,
    id_column: str = "campaign_id",
    text_column: str = "text",
    force: bool = False,
    normalize: NormalizeSettings | None = None,
    source_column: str | None = None,
    stitch: bool = False,
    window_days: int = StitchSettings.window_days,
) -> dict:
    """Extract the partition of the day before this run's scheduled time (in ``timezone``),
    then, with ``stitch``, bring the stitch tables up to date (the ``stitch-campaigns`` flow).

    ``date`` overrides the computed partition (a manual re-run of one day). The run ends
    Failed when the partition is missing or fails.
    """
    logger = get_run_logger()
    scheduled = scheduled_start()
    if date is not None:
        dt = parse_date(date, "date")
        why = "given"
    else:
        dt = partition_for(scheduled, timezone, lag_days)
        local = scheduled.astimezone(check_timezone(timezone))
        why = f"scheduled {local:%Y-%m-%d %H:%M %Z} ({timezone}) minus {lag_days} day(s)"
    logger.info(f"partition dt={dt} ({why}); model {model or 'shipped default'} resolved now")
    try:
        discover_partitions(input_path, dt)
    except (FileNotFoundError, ExtractInputError) as e:  # one line in the UI, no traceback
        message = f"dt={dt}: {one_line(e)} ({why})"
        logger.error(message)
        return Failed(message=message, data={"dt": dt, "error": message})
    state = extract_entities(
        input_path=input_path,
        output_path=output_path,
        date=dt,
        model=model,
        id_column=id_column,
        text_column=text_column,
        force=force,
        normalize=normalize,
        source_column=source_column,
        return_state=True,
    )
    summary = flow_summary(state)
    summary["dt"] = dt
    if state.is_failed():
        return Failed(message=summary["line"], data=summary)
    if stitch:
        summary["stitch"] = stitch_campaigns(output_path, window_days)["line"]
    return summary


# ---------------------------------------------------------------------------------------
# Deployments


def build_deployments(args) -> list:
    """The ``RunnerDeployment`` objects ``serve`` registers (nothing is sent to the API).

    Paths are made absolute; the model is checked now (it must load) but stored as given,
    so the nightly resolves a registry's champion at each run.
    """
    check_timezone(args.timezone)
    inp, out = Path(args.input).resolve(), Path(args.output).resolve()
    if not inp.exists():
        raise FileNotFoundError(f"input {args.input} does not exist")
    model = None if args.model is None else str(Path(args.model).resolve())
    resolve_model_dir(model)  # ModelLoadError now rather than every night
    if args.lag_days < 0:
        raise ValueError(f"--lag-days must be >= 0, got {args.lag_days}")
    normalize_settings(args)  # an unreadable brand table now rather than every night
    deployments = [_nightly_deployment(args, inp, out, model)]
    if args.retrain_cron:
        deployments.append(_retrain_deployment(args, model))
    return deployments


def _nightly_deployment(args, inp: Path, out: Path, model: str | None):
    """The ``nightly-extract/<name>`` deployment (arguments checked by the caller)."""
    from prefect.types.entrypoint import EntrypointType

    return nightly_extract.to_deployment(
        name=args.name,
        schedule=_cron(args.cron, args.timezone, "--cron"),
        parameters={
            "input_path": str(inp),
            "output_path": str(out),
            "model": model,
            "timezone": args.timezone,
            "lag_days": args.lag_days,
            "id_column": args.id_column,
            "text_column": args.text_column,
            "normalize": asdict(NormalizeSettings(
                not args.no_normalize,
                None if args.brands is None else str(Path(args.brands).resolve()),
                args.reference_column, args.day_first)),
            "source_column": args.source_column,
            "stitch": args.stitch,
            "window_days": args.window_days,
        },
        description=(
            "Entities of the partition of the day before each scheduled run "
            f"({args.timezone}); model: {model or 'the shipped default'}"
        ),
        tags=["campaign-ner", "nightly"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def _retrain_registry(args, model: str | None) -> str:
    """The registry the scheduled retraining writes (absolute); one-line errors otherwise."""
    if not args.retrain_train:
        raise ValueError("--retrain-cron needs --retrain-train FILE (labeled training data)")
    registry = args.retrain_out or model
    if registry is None:
        raise ValueError(
            "--retrain-cron needs a registry: --model REGISTRY or --retrain-out REGISTRY"
        )
    registry = str(Path(registry).resolve())
    if not is_registry(Path(registry)):
        raise ValueError(
            f"{registry} is a model directory, not a registry: retraining needs a registry "
            "(a directory written by `campaign-ner train --out`)"
        )
    if model is not None and registry != model:
        print(f"campaign-ner serve: warning: retraining writes to {registry} but the nightly "
              f"reads {model}; promotions will not reach the nightly", file=sys.stderr)
    return registry


def _retrain_deployment(args, model: str | None):
    """The ``retrain/<name>-retrain`` deployment, writing into the registry the nightly reads."""
    from prefect.types.entrypoint import EntrypointType

    from flows.retrain import retrain
    from ner_model.training.options import TrainOptions

    registry = _retrain_registry(args, model)
    files = {k: [str(Path(f).resolve()) for f in getattr(args, f"retrain_{k}")]
             for k in ("train", "dev", "test")}
    for f in files["train"] + files["dev"] + files["test"]:
        if not Path(f).is_file():
            raise FileNotFoundError(f"labeled file {f} does not exist")
    return retrain.to_deployment(
        name=f"{args.name}-retrain",
        schedule=_cron(args.retrain_cron, args.timezone, "--retrain-cron"),
        parameters={
            "train": files["train"],
            "out": registry,
            "dev": files["dev"],
            "test": files["test"],
            "label_map": args.retrain_label_map,
            "options": TrainOptions(budget_minutes=args.retrain_budget_minutes).to_json(),
            "promote": "auto",
        },
        description=f"Retrain on {len(files['train'])} file(s), promote into {registry} if better",
        tags=["campaign-ner", "retrain"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def _cron(expr: str, tz: str, option: str):
    """``Cron(expr, timezone=tz)``, or a one-line error naming the option."""
    from prefect.schedules import Cron

    try:
        return Cron(expr, timezone=tz)
    except ValueError as e:
        errors = getattr(e, "errors", None)
        why = errors()[0].get("msg", str(e)) if callable(errors) and errors() else str(e)
        raise ValueError(
            f"{option} {expr!r} is not a valid cron expression ({one_line(str(why))})"
        ) from None


def serve_command(args) -> int:
    """``campaign-ner serve``: register the deployments and serve them until stopped."""
    from prefect import serve

    deployments = build_deployments(args)  # argument errors first, without a server
    url = check_prefect_api(required=True)
    for d in deployments:
        sched = d.schedules[0].schedule if d.schedules else None
        print(f"campaign-ner serve: {d.flow_name}/{d.name}: cron {sched.cron!r} in "
              f"{sched.timezone} on {url}")
    with reap_on_death("campaign-ner serve"):  # its flow-run processes die with it
        serve(*deployments, limit=args.limit)
    return 0
