"""One partition run, the same for the nightly extraction and the backfill, and run summaries.

:func:`run_partition` takes the partition's lock, fingerprints the input, skips the
partition when the runs ledger shows it done with the same fingerprint and model version
(unless ``force``), otherwise tags it (:func:`~flows.batch.tagging.process_partition`,
atomic file replacement) and appends the ledger row. Idempotency and resumability come from
the ledger: kill a run and start it again and it does only what is not done; after a model
promotion it re-processes exactly the partitions another model version made.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flows.batch.errors import ExtractInputError, error_line
from flows.batch.ledger import (
    failed_row,
    input_fingerprint,
    ok_row,
    partition_lock,
    skip_reason,
    start_row,
)
from flows.batch.logs import run_logger
from flows.batch.predictors import first_use, get_normalizer, get_predictor, process_name
from flows.batch.tables import append_run
from flows.batch.tagging import process_partition
from ner_model.normalize.entities import Normalizer
from ner_model.storage.registry import resolve_model_dir

# Stats of a done partition that its result dict carries (the rest stays in the ledger).
RESULT_STATS = ("rows_in", "n_entities", "n_brand", "n_time", "n_location", "n_tokens",
                "tokens_per_second")


@dataclass(frozen=True)
class NormalizeSettings:
    """How a run gives entities their normalized values (``docs/normalization.md``)."""

    enabled: bool = True
    brands: str | None = None  # a user's brand table (CSV), added to the shipped one
    reference_column: str | None = None  # TIME reference dates (default: the partition date)
    day_first: bool = False  # numeric dates such as 03/04/2025 read day-first

    def normalizer(self) -> Normalizer | None:
        """This process's normalizer for these settings (None when disabled)."""
        return get_normalizer(self.brands, self.day_first) if self.enabled else None


@dataclass(frozen=True)
class RunSettings:
    """What every partition of one run shares."""

    output: str  # output root
    model_dir: str  # the resolved model directory
    model_version: str  # its version when the run started; a partition seeing another fails
    run_id: str  # the flow run id, recorded in every output row
    id_column: str = "campaign_id"
    text_column: str = "text"
    force: bool = False  # re-process partitions the ledger shows done
    jobs: int | None = None  # tagging processes per partition (None: by partition size)
    name: str = "run"  # what messages call the run: "extraction", "backfill"
    normalize: NormalizeSettings = field(default_factory=NormalizeSettings)
    # the rows' source (platform) column, required in every file; None: ``source`` where a
    # file has it, else null
    source_column: str | None = None


def normalize_settings(args) -> NormalizeSettings:
    """The normalization a command's arguments ask for, its brand table checked now (one
    line naming the file and row when it is unreadable)."""
    settings = NormalizeSettings(not args.no_normalize, args.brands, args.reference_column,
                                 args.day_first)
    settings.normalizer()
    return settings


def start_run(name: str, output_path: str, model: str | None, run_id: str,
              id_column: str = "campaign_id", text_column: str = "text", force: bool = False,
              jobs: int | None = None,
              normalize: NormalizeSettings | None = None,
              source_column: str | None = None) -> RunSettings:
    """Resolve and load the model and the normalizer once (a bad model or brand table fails
    here), create the output root."""
    model_dir = str(resolve_model_dir(model).resolve())
    version = get_predictor(model_dir).version
    normalize = normalize or NormalizeSettings()
    normalize.normalizer()
    Path(output_path).mkdir(parents=True, exist_ok=True)
    return RunSettings(str(output_path), model_dir, version, run_id, id_column, text_column,
                       force, jobs, name, normalize, source_column)


def run_partition(dt: str, files: list[str], error: str | None, settings: RunSettings) -> dict:
    """Fingerprint, skip or tag, and record one partition under its lock.

    Plain function (no Prefect needed). ``files``: absolute paths; ``error``: a problem
    found while planning that fails the partition. Returns the partition's result dict
    (``status`` ok or skipped); on failure appends a ``failed`` ledger row and re-raises.
    When ``settings.model_dir`` now holds another version (its files were replaced during
    the run), the partition fails instead of mixing versions.
    """
    with partition_lock(Path(settings.output), dt):
        return _run_locked(dt, files, error, settings)


def _run_locked(dt: str, files: list[str], error: str | None, s: RunSettings) -> dict:
    t0 = time.perf_counter()
    started = datetime.now(timezone.utc)
    predictor = get_predictor(s.model_dir)
    worker = process_name()
    result: dict[str, Any] = {"dt": dt, "worker": worker, "model_version": predictor.version,
                              "model_instance": f"{worker}/{id(predictor):x}"}
    if first_use(predictor):
        run_logger().info(
            f"model {predictor.version} in use in process {worker} (one instance per process)"
        )
    row = start_row(s.run_id, s.force, files, s.id_column, s.text_column, s.model_dir,
                    predictor.version, started, s.source_column)
    try:
        if error:
            raise ExtractInputError(error)
        if predictor.version != s.model_version:
            raise ExtractInputError(
                f"model directory {s.model_dir} changed during the {s.name} (version "
                f"{s.model_version} at the start, {predictor.version} now); run the {s.name} again"
            )
        ref = s.normalize.reference_column
        fp, size = input_fingerprint([Path(f) for f in files], s.id_column, s.text_column, ref,
                                     s.source_column)
        normalizer = s.normalize.normalizer()
        norm_version = normalizer.version if normalizer else "off"
        row.update(input_fingerprint=fp, input_bytes=size, normalizer_version=norm_version,
                   reference_column=ref)
        reason = None if s.force else skip_reason(Path(s.output), dt, fp, predictor.version,
                                                  norm_version)
        if reason:
            return {**result, "status": "skipped", "reason": reason,
                    "seconds": time.perf_counter() - t0}
        stats = process_partition(dt, files, s.output, s.model_dir, s.id_column, s.text_column,
                                  s.run_id, started, jobs=s.jobs, reference_column=ref,
                                  normalizer=normalizer, source_column=s.source_column)
    except Exception as e:
        row = failed_row(row, error_line(e), datetime.now(timezone.utc), time.perf_counter() - t0)
        append_run(Path(s.output), dt, row)
        raise
    append_run(Path(s.output), dt, ok_row(row, stats, datetime.now(timezone.utc)))  # written last
    return {**result, **{k: stats[k] for k in RESULT_STATS}, "status": "ok",
            "tag_seconds": stats["seconds"], "seconds": time.perf_counter() - t0}


def partition_result(handle: Any, dt: str) -> dict:
    """The result dict of a finished partition task (a Prefect future or final state); a
    failure becomes ``status: failed`` with its one-line reason."""
    try:
        res = handle.result(raise_on_failure=False)
    except Exception as e:  # the executor itself failed (e.g. a Dask worker died)
        res = e
    if isinstance(res, dict):
        return res
    if isinstance(res, BaseException):
        reason = error_line(res)
    else:
        reason = f"task ended without a result ({res!r})"
    return {"dt": dt, "status": "failed", "error": reason}


def summarize(results: list[dict], seconds: float) -> dict:
    """Totals over the partition results of a run (``results`` sorted by date)."""
    by = Counter(r["status"] for r in results)
    done = [r for r in results if r["status"] == "ok"]

    def total(key: str) -> int:
        return sum(r.get(key) or 0 for r in done)

    tag_seconds = sum(r.get("tag_seconds") or 0.0 for r in done)
    # Distinct model objects the partitions used: one per process when the per-process
    # cache works (it would be one per partition if every partition loaded the model).
    instances = {r["model_instance"] for r in results if r.get("model_instance")}
    results = sorted(results, key=lambda r: r["dt"])
    return {
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
        "tokens_per_second": total("n_tokens") / tag_seconds if tag_seconds > 0 else 0.0,
        "seconds": seconds,
        "workers": sorted({r["worker"] for r in results if r.get("worker")}),
        "model_instances": len(instances),
        "failures": {r["dt"]: r["error"] for r in results if r["status"] == "failed"},
        "results": results,
    }


def summary_line(summary: dict, head: str, after_counts: tuple[str, ...] = (),
                 tail: tuple[str, ...] = ()) -> str:
    """The one-line summary: ``head``, partition counts, rows, entities, then ``tail``."""
    s = summary
    return "; ".join([
        f"{head}: {s['partitions']} partitions: {s['done']} done, {s['skipped']} skipped, "
        f"{s['failed']} failed",
        *after_counts,
        f"{s['rows']:,} rows",
        f"entities: {s['brand']:,} brand, {s['time']:,} time, {s['location']:,} location "
        f"({s['entities']:,} total)",
        *tail,
    ])


def flow_summary(state: Any) -> dict:
    """The summary dict a flow run ended with (Completed or Failed); re-raises a crash."""
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException):
        raise summary
    return summary
