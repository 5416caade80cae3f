"""The Prefect artifacts of a run: a table of its partitions, a summary, a progress bar.

Keys are ``<kind>-partitions`` and ``<kind>-summary`` (``kind``: ``extract`` or
``backfill``), and ``backfill-progress``; Prefect keys are lowercase letters, digits, dashes.
"""

from __future__ import annotations

import time

from flows.batch.partitions import compress_dates

PROGRESS_KEY = "backfill-progress"
PROGRESS_EVERY_SECONDS = 2.0  # update the progress artifact at most this often ...
PROGRESS_EVERY_PCT = 1.0  # ... unless progress moved by this many percent


def _table_row(r: dict) -> dict:
    """One partition result as a table artifact row."""
    tok_s, seconds = r.get("tokens_per_second"), r.get("seconds")
    return {
        "dt": r["dt"],
        "status": r["status"],
        "rows": r.get("rows_in"),
        "entities": r.get("n_entities"),
        "brand": r.get("n_brand"),
        "time": r.get("n_time"),
        "location": r.get("n_location"),
        "tokens_per_second": round(tok_s) if tok_s else None,
        "seconds": round(seconds, 2) if seconds is not None else None,
        "worker": r.get("worker"),
        "note": r.get("error") or r.get("reason"),
    }


def write_report(kind: str, title: str, summary: dict, about: str) -> None:
    """The partition table (dates without input included) and the markdown summary of a run
    whose ``summary`` comes from :func:`flows.batch.runner.summarize`; ``about`` names the
    run in the artifacts' descriptions."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    missing = summary.get("missing", [])
    rows = [_table_row(r) for r in summary["results"]]
    rows += [{"dt": d, "status": "missing", "note": "no input partition"} for d in missing]
    rows.sort(key=lambda r: r["dt"])
    create_table_artifact(rows, key=f"{kind}-partitions", description=f"Partitions of {about}")
    lines = [f"# {title}\n\n{summary['line']}\n"]
    if summary["failures"]:
        lines.append("## Failed partitions\n")
        lines += [f"- `dt={dt}`: {err}" for dt, err in sorted(summary["failures"].items())]
    if missing:
        lines.append(f"\n## Dates without input\n\n{compress_dates(missing)}\n")
    create_markdown_artifact("\n".join(lines), key=f"{kind}-summary",
                             description=f"Summary of {about}")


class ProgressArtifact:
    """The progress artifact, updated at most every few seconds or percent."""

    def __init__(self, total: int, description: str) -> None:
        from prefect.artifacts import create_progress_artifact

        self.total = total
        self.id = create_progress_artifact(0.0 if total else 100.0, key=PROGRESS_KEY,
                                           description=description)
        self.last_pct, self.last_t = 0.0, time.monotonic()

    def update(self, done: int) -> None:
        """Record ``done`` of ``total`` partitions finished."""
        from prefect.artifacts import update_progress_artifact

        pct = 100.0 * done / self.total if self.total else 100.0
        now = time.monotonic()
        moved = pct - self.last_pct >= PROGRESS_EVERY_PCT
        if pct >= 100.0 or moved or now - self.last_t >= PROGRESS_EVERY_SECONDS:
            update_progress_artifact(self.id, pct)
            self.last_pct, self.last_t = pct, now
