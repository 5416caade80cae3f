"""``campaign-ner stitch`` and the ``stitch-campaigns`` flow: find the same campaign across
platforms and sources in the extraction output, and keep the stitch tables up to date.

``campaign-ner stitch OUTPUT [--window-days N] [--since D]`` reads ``OUTPUT/campaigns`` and
writes ``campaign_stitches`` and ``stitches`` beside it (:mod:`flows.batch.stitching`; the
rule is :mod:`ner_model.stitch.stitcher`'s, explained in ``docs/stitching.md``). Run it after
every extraction: it stitches only what is new or changed, with the ids a full rebuild
would give. ``serve --stitch`` runs it after each nightly extraction.
"""

from __future__ import annotations

import argparse
import os

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.batch.errors import retry_transient
from flows.batch.logs import run_logger
from flows.batch.stitching import stitch_output
from ner_model.stitch.settings import StitchSettings

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@task(name="stitch-output", retries=1, retry_delay_seconds=5,
      retry_condition_fn=retry_transient, cache_policy=NO_CACHE)
def stitch_task(output_path: str, window_days: int, since: str | None) -> dict:
    """Bring the stitch tables of one output up to date."""
    return stitch_output(output_path, StitchSettings(window_days), since)


@flow(name="stitch-campaigns", log_prints=True)
def stitch_campaigns(output_path: str, window_days: int = StitchSettings.window_days,
                     since: str | None = None) -> dict:
    """Stitch the campaigns of OUTPUT: campaign_stitches (one row per campaigns row) and
    stitches (one row per stitch), incrementally."""
    StitchSettings(window_days)  # a bad value fails here, before the task
    summary = stitch_task(output_path, window_days, since)
    line = _summary_line(summary)
    summary["line"] = line
    _report(summary)
    run_logger().info(line)
    return summary


def _report(s: dict) -> None:
    """The run's markdown artifact (key ``stitch-summary``)."""
    from prefect.artifacts import create_markdown_artifact

    rows = "\n".join(f"| {k} | {s[k]} |" for k in
                     ("status", "replay_from", "rows", "stitched", "partitions", "stitches",
                      "seconds") if k in s)
    create_markdown_artifact(f"# Campaign stitching\n\n{s['line']}\n\n| | |\n|---|---|\n{rows}\n",
                             key="stitch-summary", description="Summary of this stitching run")


def _summary_line(s: dict) -> str:
    if s["status"] == "up_to_date":
        return f"stitch: up to date, {s['stitches']:,} stitches"
    return (f"stitch: {s['rows']:,} rows from dt={s['replay_from']} in {s['partitions']} "
            f"partitions, {s['stitched']:,} stitched, {s['stitches']:,} stitches in all, "
            f"{s['seconds']} s")


def stitch_command(args: argparse.Namespace) -> int:
    """Run ``campaign-ner stitch``: 0 done. Bad arguments raise one-line errors first."""
    from pathlib import Path

    from flows.batch.stitching import check_output, parse_since

    StitchSettings(args.window_days)
    parse_since(args.since)
    check_output(Path(args.output))
    summary = stitch_campaigns(str(args.output), args.window_days, args.since)
    print(summary["line"])
    return 0


__all__ = ["stitch_campaigns", "stitch_command"]
