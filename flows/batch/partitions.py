"""Input discovery: which ``dt=YYYY-MM-DD`` partitions there are and which files hold them.

Input: a Parquet file, a ``dt=YYYY-MM-DD`` partition directory, or a directory of such
partitions (each may hold several Parquet files; names starting with ``.`` or ``_`` such as
``_SUCCESS`` are ignored, every other file is read as Parquet, never skipped).

Partition date of a single file (a single file is one partition), first that applies:

1. ``date`` (``--date``) when given;
2. the ``dt=YYYY-MM-DD`` directory the file lives in;
3. the file's modification date in UTC (logged as a warning): deterministic for a given
   file; pass ``--date`` to choose it explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flows.batch.errors import ExtractInputError
from flows.batch.logs import run_logger
from flows.batch.tables import TABLES

_DT_DIR = re.compile(r"^dt=(\d{4}-\d{2}-\d{2})$")


@dataclass
class Partition:
    """One input partition: its date and the files that hold its rows (name order)."""

    dt: str
    files: list[Path] = field(default_factory=list)
    source: Path | None = None  # the partition directory, or the single file
    error: str | None = None  # a problem that fails this partition alone (e.g. no files)

    def paths(self) -> list[str]:
        """The files as absolute paths (what the runs ledger records)."""
        return [str(f.resolve()) for f in self.files]


@dataclass
class BackfillPlan:
    """The partitions of a date range: found (date order), missing dates, ignored names."""

    partitions: list[Partition]
    missing: list[str]
    ignored: list[str]


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


def _single_file(path: Path, date: str | None) -> Partition:
    """A single input file: one partition, dated as the module docstring says."""
    parent_dt = _dir_dt(path.parent) if path.parent.name.startswith("dt=") else None
    if date is not None and parent_dt is not None and parent_dt != date:
        raise ExtractInputError(f"input {path} is in partition dt={parent_dt}, not --date {date}")
    dt = date or parent_dt
    if dt is None:
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        dt = mtime.date().isoformat()
        run_logger().warning(
            f"input {path} is not in a dt=YYYY-MM-DD directory: writing it as partition "
            f"dt={dt} (its modification date, UTC); pass --date to choose"
        )
    return Partition(dt, [path], path)


def _partition_dirs(root: Path) -> list[Partition]:
    """Every ``dt=`` directory of ``root``; anything else (except hidden names) is an error."""
    parts, stray = [], []
    for p in sorted(root.iterdir()):
        if _hidden(p):
            continue
        if not p.is_dir():
            stray.append(p.name)
            continue
        dt = _dir_dt(p) if p.name.startswith("dt=") else None
        if dt is None:
            raise ExtractInputError(
                f"input directory {root}: {p.name!r} is not a dt=YYYY-MM-DD partition directory"
            )
        parts.append(_partition(dt, p))
    if stray:
        raise ExtractInputError(
            f"input directory {root}: files outside dt=YYYY-MM-DD partitions: "
            f"{', '.join(stray[:5])}" + (" ..." if len(stray) > 5 else "")
            + " (pass a single file, or move them into a partition)"
        )
    if not parts:
        raise ExtractInputError(f"input directory {root} holds no dt=YYYY-MM-DD partitions")
    return parts


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
        return [_single_file(root, date)]
    if root.name.startswith("dt="):
        dt = _dir_dt(root)
        if dt is None:
            raise ExtractInputError(
                f"input directory {root}: {root.name!r} is not a dt=YYYY-MM-DD partition"
            )
        if date is not None and date != dt:
            raise ExtractInputError(f"input {root} is partition dt={dt}, not --date {date}")
        return [_partition(dt, root)]
    if date is not None:
        d = root / f"dt={date}"
        if not d.is_dir():
            raise FileNotFoundError(f"input {root} has no partition dt={date}")
        return [_partition(date, d)]
    return _partition_dirs(root)


def check_output_location(input_path: Path | str, output_path: Path | str) -> None:
    """Refuse an output root that is inside the input (or holds it, or is a file)."""
    inp, out = Path(input_path).resolve(), Path(output_path).resolve()
    i, o = input_path, output_path
    if out.exists() and not out.is_dir():
        raise ExtractInputError(f"output {o} exists and is not a directory")
    if inp.is_dir():
        if out == inp or out.is_relative_to(inp):
            raise ExtractInputError(f"output {o} is inside the input {i}; choose another directory")
        if inp.is_relative_to(out):
            raise ExtractInputError(f"input {i} is inside the output {o}; choose another directory")
    elif inp.is_relative_to(out) and any(inp.is_relative_to(out / t) for t in TABLES):
        raise ExtractInputError(f"input {i} is inside the output tables under {o}")


def plan_input(
    input_path: Path | str, output_path: Path | str, date: str | None = None
) -> list[Partition]:
    """Validate the input/output locations and list the partitions to process."""
    parts = discover_partitions(input_path, date)
    check_output_location(input_path, output_path)
    return parts


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
    return ", ".join(a.isoformat() if a == b else f"{a}..{b}" for a, b in runs)


def _range_dirs(root: Path, start: str, end: str) -> tuple[list[Partition], list[str]]:
    """The ``dt=`` directories of ``root`` inside ``[start, end]``, and the ignored names."""
    parts: list[Partition] = []
    ignored: list[str] = []
    for p in sorted(root.iterdir()):
        m = _DT_DIR.match(p.name)
        if not (m and p.is_dir()):
            if not _hidden(p):
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
    return parts, ignored


def plan_range(
    input_path: Path | str, output_path: Path | str, start: str, end: str
) -> BackfillPlan:
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
    if root.is_dir() and not root.name.startswith("dt="):
        parts, ignored = _range_dirs(root, start, end)
    else:  # a single file or a single dt= directory
        parts, ignored = [p for p in discover_partitions(root) if start <= p.dt <= end], []
    have = {p.dt for p in parts}
    missing = [d for d in date_range(start, end) if d not in have]
    return BackfillPlan(parts, missing, ignored)
