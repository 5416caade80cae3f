"""Crash and fault trials for every writer, with real processes; prints the figures.

Every run is the real command line (``campaign-ner``) in its own process, reporting to one
private Prefect server this script starts (so no run starts a server of its own).

1. **Backfill kills** (``--kills``, default 30). ``--partitions`` daily input partitions of
   ``--rows`` generated campaign texts (``ner_model.synthetic.generate_unlabeled``) are
   backfilled once without interruption (the clean run). Then, in cycles on a fresh output,
   ``campaign-ner backfill`` is started and SIGKILLed at a random moment, up to
   ``--kills-per-cycle`` times, and the cycle ends with an uninterrupted rerun. The moment
   is drawn uniformly over the run's expected partition work: from the flow's first log
   line, printed just before the first partition starts, to the expected end for the
   partitions still to do (calibrated on the clean run; the start-up before that line
   writes nothing). A run that
   finishes before its moment is the cycle's rerun. After every kill: every published
   partition file of ``entities``, ``campaigns`` and ``runs`` reads completely; the ledger
   rows are well formed (status ok, fingerprint of the input, model version, counts); a
   partition whose latest ledger row is ok has both tables, ``campaigns`` holds exactly its
   input rows and both tables carry that row's run id; no partition was done twice. The
   rerun must do exactly the partitions not done before it (its done/skipped counts and the
   ledger rows it added), leave the done ones byte-identical, and the final tables must
   equal the clean run's (rows sorted, ``run_id`` and ``extracted_at`` left out).
2. **A nightly run racing a backfill** (``--rounds``, default 2): ``campaign-ner extract
   INPUT OUT --date D`` for every date in turn (dates in order, then reversed, ...) and one
   ``campaign-ner backfill`` over the same dates, on the same output at the same time.
   Every partition must then be done exactly once (one ok ledger row; the other writer
   skipped it under the partition lock), and the tables must equal the clean run's.
3. **Disk full**: an output holding a good run of one partition is re-extracted with
   ``--force`` in a process whose file size limit (``RLIMIT_FSIZE``, SIGXFSZ ignored) is too
   small, so writes fail with EFBIG; once with room for the ledger row, once without. With
   root, the same on a 2 MiB tmpfs filled up to 16 KiB (ENOSPC); skipped when mounting is
   not permitted. The run must exit non-zero with one ``campaign-ner extract: dt=D failed:``
   line, ``entities`` and ``campaigns`` must be byte-identical, ``runs`` byte-identical or
   its old rows plus one failed row, no temp file left; a rerun with room then completes.

Exit status 1 when any check failed. Figures of a full run live in ``bench/README.md``.

    python bench/crash_trials.py [--kills 30] [--partitions 20] [--rows 500] [--rounds 2]
        [--seed 0] [--model DIR] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
# the flow's first log line (stderr), printed just before the first partition starts
ANCHOR = b"partition(s) from"
SUMMARY = re.compile(r"(\d+) partitions: (\d+) done, (\d+) skipped, (\d+) failed")
VARYING = ["run_id", "extracted_at"]  # the only columns two runs of the same input differ in
STATUS_COUNTS = ("n_ok", "n_empty", "n_too_long_split", "n_duplicate_id", "n_null_id",
                 "n_error")


@dataclass
class Totals:
    """The figures of the whole run; ``problems`` lists every broken invariant."""

    trials: Counter = field(default_factory=Counter)
    kills: int = 0
    torn: int = 0
    inconsistencies: int = 0
    rows_lost: int = 0
    problems: list[str] = field(default_factory=list)

    def fail(self, what: str) -> None:
        self.problems.append(what)
        print(f"  PROBLEM: {what}", flush=True)


@dataclass
class Inputs:
    """An input root: per date, its file, row count and fingerprint."""

    root: Path
    files: dict[str, Path]
    rows: dict[str, int]
    fingerprints: dict[str, str]

    @property
    def dates(self) -> list[str]:
        return sorted(self.files)


def make_inputs(root: Path, first: date, n_parts: int, rows: int, seed: int) -> Inputs:
    """``root/dt=YYYY-MM-DD/part-0.parquet`` for ``n_parts`` days of ``rows`` texts each."""
    from flows.batch.ledger import input_fingerprint
    from ner_model.synthetic import generate_unlabeled

    texts = generate_unlabeled(n_parts * rows, seed=seed)
    files, counts, fps = {}, {}, {}
    for i in range(n_parts):
        dt = (first + timedelta(days=i)).isoformat()
        path = root / f"dt={dt}" / "part-0.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        chunk = texts[i * rows : (i + 1) * rows]
        ids = pa.array([f"{dt}-{j}" for j in range(rows)], pa.string())
        pq.write_table(pa.table({"campaign_id": ids, "text": pa.array(chunk, pa.string())}), path)
        files[dt], counts[dt] = path, rows
        fps[dt] = input_fingerprint([path], "campaign_id", "text")[0]
    return Inputs(root, files, counts, fps)


# ---------------------------------------------------------------- processes


class Runner:
    """Starts ``campaign-ner`` processes against one Prefect server, logs under ``logs``."""

    def __init__(self, api_url: str, prefect_home: Path, logs: Path, model: str) -> None:
        self.logs, self.model, self.n = logs, model, 0
        logs.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(PREFECT_API_URL=api_url, PREFECT_HOME=str(prefect_home),
                   PREFECT_SERVER_ANALYTICS_ENABLED="false", OMP_NUM_THREADS="1",
                   PYTHONPATH=str(REPO))
        self.env = env
        exe = Path(sys.executable).with_name("campaign-ner")
        self.cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "flows.cli"]

    def start(self, args: list[str], preexec=None) -> tuple[subprocess.Popen, Path, Path]:
        """Start ``campaign-ner ARGS --model MODEL``; returns (process, stdout, stderr files)."""
        self.n += 1
        out, err = self.logs / f"{self.n:04d}-{args[0]}.out", self.logs / f"{self.n:04d}.err"
        with open(out, "wb") as fo, open(err, "wb") as fe:
            proc = subprocess.Popen([*self.cli, *args, "--model", self.model], env=self.env,
                                    cwd=REPO, stdout=fo, stderr=fe, preexec_fn=preexec)
        return proc, out, err

    def run(self, args: list[str], preexec=None, timeout: float = 600) -> tuple[int, str, str]:
        """Run to the end: (exit status, stdout, stderr). Output goes through pipes, which a
        file size limit set by ``preexec`` does not cut short."""
        p = subprocess.run([*self.cli, *args, "--model", self.model], env=self.env, cwd=REPO,
                           capture_output=True, text=True, errors="replace",
                           preexec_fn=preexec, timeout=timeout)
        return p.returncode, p.stdout, p.stderr


def wait_for(proc: subprocess.Popen, err: Path, needle: bytes = ANCHOR,
             timeout: float = 300) -> float:
    """Wait until ``needle`` is on the process's stderr (by default the backfill flow's plan,
    logged just before its first partition) or the process exits; returns the time."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and needle not in err.read_bytes():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{err}: no {needle!r} after {timeout} s")
        time.sleep(0.005)
    return time.monotonic()


def summary_counts(stdout: str) -> tuple[int, int, int, int] | None:
    """``(partitions, done, skipped, failed)`` of the summary line a run printed."""
    found = SUMMARY.findall(stdout)
    return tuple(int(x) for x in found[-1]) if found else None  # type: ignore[return-value]


def file_size_limit(limit: int):
    """A ``preexec_fn``: files may not grow past ``limit`` bytes, writes fail with EFBIG."""

    def pre() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return pre


# ---------------------------------------------------------------- checks


def digests(out: Path, dates: list[str]) -> dict[str, str]:
    """sha256 of every partition file of ``dates`` (all three tables) that exists."""
    from flows.batch.tables import TABLES, partition_path

    found = {}
    for dt in dates:
        for t in TABLES:
            p = partition_path(out, t, dt)
            if p.is_file():
                found[f"{t}/dt={dt}"] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


@dataclass
class State:
    """What an output holds at one moment (see :func:`inspect_output`)."""

    torn: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows_lost: int = 0
    committed: set[str] = field(default_factory=set)  # latest ledger row ok
    published_uncommitted: set[str] = field(default_factory=set)
    temps: list[str] = field(default_factory=list)  # stale temp files, by table
    ok_rows: Counter = field(default_factory=Counter)  # ok ledger rows per partition


def inspect_output(out: Path, inp: Inputs, version: str) -> State:
    """Check every published file, the ledger and the committed partitions of ``out``."""
    from flows.batch.tables import CAMPAIGNS, ENTITIES, RUNS, TABLES

    s = State()
    tables: dict[tuple[str, str], pa.Table] = {}
    for t in TABLES:
        for f in sorted((out / t).glob("dt=*/part-0.parquet")):
            dt = f.parent.name[3:]
            try:
                table = pq.read_table(f)
                if table.num_rows != pq.ParquetFile(f).metadata.num_rows:
                    raise ValueError("row count differs from the footer")
                tables[(t, dt)] = table
            except Exception as e:  # any failure to read a published file is a torn file
                s.torn.append(f"{f}: {type(e).__name__}: {e}")
        s.temps += [t for _ in (out / t).glob("dt=*/.*.tmp")]
    for (t, dt), runs in sorted(tables.items()):
        if t != RUNS:
            continue
        rows = runs.to_pylist()
        where = f"{out.name} runs/dt={dt}"
        if dt not in inp.files:
            s.problems.append(f"{where}: ledger rows for a date without input")
            continue
        for i, r in enumerate(rows):
            bad = [k for k in ("run_id", "input_fingerprint", "model_version", "started_at",
                               "finished_at", "rows_in", "rows_out") if r.get(k) is None]
            if r["status"] != "ok":
                bad.append(f"status {r['status']!r} ({r.get('error')})")
            elif r["input_fingerprint"] != inp.fingerprints[dt]:
                bad.append("input fingerprint differs from the input's")
            elif r["model_version"] != version:
                bad.append(f"model version {r['model_version']}")
            elif not (r["rows_in"] == r["rows_out"] == sum(r[c] for c in STATUS_COUNTS)):
                bad.append("row counts disagree")
            elif r["finished_at"] < r["started_at"]:
                bad.append("finished before it started")
            if bad:
                s.problems.append(f"{where} row {i}: {'; '.join(bad)}")
        s.ok_rows[dt] = sum(r["status"] == "ok" for r in rows)
        if rows and rows[-1]["status"] == "ok":
            s.committed.add(dt)
    for dt in sorted(inp.files):
        ent, camp = tables.get((ENTITIES, dt)), tables.get((CAMPAIGNS, dt))
        if dt not in s.committed:
            if ent is not None or camp is not None:
                s.published_uncommitted.add(dt)
            continue
        last = tables[(RUNS, dt)].slice(tables[(RUNS, dt)].num_rows - 1).to_pylist()[0]
        where = f"{out.name} dt={dt} (ledger ok, run {last['run_id'][:8]})"
        if camp is None or ent is None:
            missing = [t for t, x in ((ENTITIES, ent), (CAMPAIGNS, camp)) if x is None]
            s.problems.append(f"{where}: {' and '.join(missing)} missing")
            s.rows_lost += inp.rows[dt] if camp is None else 0
            continue
        keys = set(zip(camp.column("source_file").to_pylist(),
                       camp.column("source_row").to_pylist(), strict=True))
        expected = {(inp.files[dt].name, i) for i in range(inp.rows[dt])}
        if keys != expected or camp.num_rows != inp.rows[dt] or last["rows_out"] != inp.rows[dt]:
            s.rows_lost += len(expected - keys)
            s.problems.append(f"{where}: campaigns has {camp.num_rows} rows "
                              f"({len(expected - keys)} input rows missing), input {inp.rows[dt]}")
        if set(camp.column("run_id").to_pylist()) != {last["run_id"]}:
            s.problems.append(f"{where}: campaigns written by another run than the ledger says")
        if not set(ent.column("run_id").to_pylist()) <= {last["run_id"]}:
            s.problems.append(f"{where}: entities written by another run than the ledger says")
        if ent.num_rows != last["n_entities"]:
            s.problems.append(f"{where}: {ent.num_rows} entities, ledger says "
                              f"{last['n_entities']}")
    return s


def sorted_tables(out: Path) -> dict[str, pa.Table]:
    """entities and campaigns, rows sorted, without the columns that vary between runs."""
    from flows.batch.tables import CAMPAIGNS, ENTITIES, read_table

    got = {}
    for name in (ENTITIES, CAMPAIGNS):
        t = read_table(out, name)
        t = t.drop_columns([c for c in VARYING if c in t.column_names])
        keys = [("dt", "ascending"), ("source_file", "ascending"), ("source_row", "ascending")]
        if name == ENTITIES:
            keys.append(("start_char", "ascending"))
        got[name] = t.sort_by(keys)
    return got


def record(totals: Totals, s: State, what: str, single_ok: bool = True) -> None:
    """Add a state's torn files, inconsistencies and lost rows to the totals."""
    for t in s.torn:
        totals.torn += 1
        totals.fail(f"{what}: torn file {t}")
    for p in s.problems:
        totals.inconsistencies += 1
        totals.fail(f"{what}: {p}")
    if single_ok:
        for dt, n in sorted(s.ok_rows.items()):
            if n > 1:
                totals.inconsistencies += 1
                totals.fail(f"{what}: dt={dt} done {n} times (expected once)")
    totals.rows_lost += s.rows_lost


# ---------------------------------------------------------------- 1. backfill kills


@dataclass
class Calibration:
    first: float  # seconds from the flow's plan line to the first partition's result line
    per_partition: float  # seconds per further partition
    tail: float  # seconds from the last partition's result line to the exit of the process


def backfill_args(inp: Inputs, out: Path) -> list[str]:
    return ["backfill", str(inp.root), str(out), "--start", inp.dates[0], "--end", inp.dates[-1]]


def clean_run(runner: Runner, inp: Inputs, out: Path, totals: Totals) -> Calibration:
    """The uninterrupted reference run (timed), then a rerun that must skip everything."""
    n = len(inp.dates)
    cal = Calibration(0.0, 0.0, 0.0)
    for expect in ((n, 0), (0, n)):
        proc, so, se = runner.start(backfill_args(inp, out))
        anchor = wait_for(proc, se)
        first = wait_for(proc, se, f"[1/{n}] dt=".encode())
        last = wait_for(proc, se, f"[{n}/{n}] dt=".encode())
        proc.wait(timeout=600)
        if expect[0]:
            cal = Calibration(first - anchor, (last - first) / max(n - 1, 1),
                              time.monotonic() - last)
        counts = summary_counts(so.read_text())
        if proc.returncode != 0 or counts is None or counts[1:3] != expect:
            totals.fail(f"clean backfill: exit {proc.returncode}, counts {counts}, "
                        f"expected done/skipped {expect}; see {se}")
    return cal


def kill_category(before: State, after: State) -> str:
    """Where a kill landed, from what it left behind."""
    if any(t in ("entities", "campaigns") for t in after.temps):
        return "mid-write of a partition's tables (temp file left)"
    if "runs" in after.temps:
        return "mid-write of a ledger row (temp file left)"
    if after.published_uncommitted - before.published_uncommitted:
        return "after publishing the tables, before the ledger row"
    if after.committed == before.committed:
        return "before this run committed a partition (flow start, tagging)"
    return "between partitions (tagging, Prefect task bookkeeping)"


def kill_trials(runner: Runner, inp: Inputs, clean: Path, cal: Calibration, version: str,
                n_kills: int, per_cycle: int, rng: random.Random, work: Path,
                totals: Totals) -> None:
    where: Counter = Counter()
    cycles = reruns_exact = equal = self_finished = 0
    per_kill_done: list[int] = []
    clean_tables = sorted_tables(clean)
    n = len(inp.dates)
    t0 = time.monotonic()
    while totals.kills < n_kills:
        out = work / f"kills-{cycles:02d}"
        cycles += 1
        budget = min(per_cycle, n_kills - totals.kills)
        killed = 0
        while True:
            before = inspect_output(out, inp, version)
            before_digests = digests(out, sorted(before.committed))
            proc, so, se = runner.start(backfill_args(inp, out))
            anchor = wait_for(proc, se)
            if killed < budget:
                # up to the expected end of the partitions still to do, plus 10%
                todo = max(n - len(before.committed), 1)
                end = cal.first + cal.per_partition * (todo - 1)
                moment = anchor + rng.uniform(0.0, 1.1 * end)
                while proc.poll() is None and time.monotonic() < moment:
                    time.sleep(0.002)
                if proc.poll() is None:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
                    killed += 1
                    totals.kills += 1
                    totals.trials["backfill killed"] += 1
                    after = inspect_output(out, inp, version)
                    record(totals, after, f"kill {totals.kills}")
                    where[kill_category(before, after)] += 1
                    per_kill_done.append(len(after.committed - before.committed))
                    if not after.committed >= before.committed:
                        totals.inconsistencies += 1
                        totals.fail(f"kill {totals.kills}: partitions no longer done: "
                                    f"{sorted(before.committed - after.committed)}")
                    continue
                self_finished += 1  # finished before its moment: it is this cycle's rerun
            proc.wait(timeout=600)
            after = inspect_output(out, inp, version)
            record(totals, after, f"rerun of cycle {cycles}")
            counts = summary_counts(so.read_text())
            redone = {dt for dt in inp.dates if after.ok_rows[dt] > before.ok_rows[dt]}
            expect_redone = set(inp.dates) - before.committed
            same_done = digests(out, sorted(before.committed)) == before_digests
            ok = (proc.returncode == 0 and counts == (n, n - len(before.committed),
                                                      len(before.committed), 0)
                  and redone == expect_redone and after.committed == set(inp.dates)
                  and same_done and not after.temps)
            reruns_exact += ok
            if not ok:
                totals.inconsistencies += 1
                totals.fail(f"rerun of cycle {cycles}: exit {proc.returncode}, counts {counts} "
                            f"with {len(before.committed)} done before; redid "
                            f"{sorted(redone)}, expected {sorted(expect_redone)}; done "
                            f"partitions unchanged: {same_done}; temp files {after.temps}")
            got = sorted_tables(out)
            if all(got[t].equals(clean_tables[t]) for t in got):
                equal += 1
            else:
                totals.fail(f"cycle {cycles}: final tables differ from the clean run's")
            break
    seconds = time.monotonic() - t0
    print(f"backfill kills: {totals.kills} SIGKILLs in {cycles} cycles of up to {per_cycle} "
          f"({self_finished} run(s) finished before their kill moment), {n} partitions x "
          f"{inp.rows[inp.dates[0]]:,} rows, {seconds:.0f} s")
    for what, k in where.most_common():
        print(f"  kills {what}: {k}")
    dist = Counter(per_kill_done)
    print("  partitions a killed run committed before its kill: "
          + ", ".join(f"{k}: {dist[k]}x" for k in sorted(dist)))
    print(f"  reruns that did exactly the partitions not done before: {reruns_exact}/{cycles}; "
          f"final tables == clean run: {equal}/{cycles}")


# ---------------------------------------------------------------- 2. nightly vs backfill


def race_round(runner: Runner, inp: Inputs, clean: Path, out: Path, order: list[str],
               version: str, totals: Totals) -> str:
    """One nightly extract loop and one backfill on ``out`` at the same time."""
    extract: dict[str, tuple[int, tuple | None]] = {}
    span: dict[str, list[float]] = {}

    def nightly() -> None:
        span["extract"] = [time.monotonic()]
        for dt in order:
            rc, so, _ = runner.run(["extract", str(inp.root), str(out), "--date", dt])
            extract[dt] = (rc, summary_counts(so))
        span["extract"].append(time.monotonic())

    thread = threading.Thread(target=nightly)
    span["backfill"] = [time.monotonic()]
    proc, so, se = runner.start(backfill_args(inp, out))
    thread.start()
    proc.wait(timeout=900)
    span["backfill"].append(time.monotonic())
    thread.join()
    bf = summary_counts(so.read_text())
    s = inspect_output(out, inp, version)
    record(totals, s, f"race {out.name}")
    by_extract = sum(c[1] for _, c in extract.values() if c)
    bad = [dt for dt, (rc, c) in extract.items() if rc != 0 or c is None or c[3]]
    if proc.returncode != 0 or bf is None or bf[3] or bad:
        totals.fail(f"race {out.name}: backfill exit {proc.returncode} {bf}; extract failures "
                    f"{bad}; see {se}")
    once = all(s.ok_rows[dt] == 1 for dt in inp.dates)
    by_backfill = bf[1] if bf else 0
    if by_extract + by_backfill != len(inp.dates) or not once:
        totals.inconsistencies += 1
        totals.fail(f"race {out.name}: extract did {by_extract}, backfill {by_backfill} of "
                    f"{len(inp.dates)}; ok rows {dict(s.ok_rows)}")
    got, want = sorted_tables(out), sorted_tables(clean)
    same = all(got[t].equals(want[t]) for t in got)
    if not same:
        totals.fail(f"race {out.name}: tables differ from the clean run's")
    overlap = min(span["backfill"][1], span["extract"][1]) - max(span["backfill"][0],
                                                                   span["extract"][0])
    return (f"  {'forward' if order == inp.dates else 'reversed'} nightly loop: extract did "
            f"{by_extract}, backfill did {by_backfill}, partitions done twice "
            f"{sum(s.ok_rows[dt] > 1 for dt in inp.dates)}, every partition complete "
            f"{s.committed == set(inp.dates) and not s.problems}, tables == clean {same}; "
            f"both running for {overlap:.1f} s")


# ---------------------------------------------------------------- 3. disk full


def disk_full_trial(runner: Runner, inp: Inputs, out: Path, label: str, totals: Totals,
                    preexec=None, fill: Path | None = None, keep_free: int = 0) -> str:
    """Good run, then a forced run that runs out of space, then a rerun with room."""
    from flows.batch.tables import CAMPAIGNS, ENTITIES, RUNS, partition_path

    dt = inp.dates[0]
    args = ["extract", str(inp.root), str(out), "--date", dt]
    rc, _, err = runner.run(args)
    if rc != 0:
        totals.fail(f"{label}: the good run failed ({err.strip().splitlines()[-1:]})")
        return f"  {label}: good run failed"
    paths = {t: partition_path(out, t, dt) for t in (ENTITIES, CAMPAIGNS, RUNS)}
    old = {t: p.read_bytes() for t, p in paths.items()}
    old_runs = pq.read_table(paths[RUNS])
    if fill is not None:
        st = os.statvfs(out)
        with open(fill, "wb") as f:
            f.write(b"\0" * max(st.f_bavail * st.f_frsize - keep_free, 0))
    t0 = time.monotonic()
    rc, _, err = runner.run([*args, "--force"], preexec=preexec)
    seconds = time.monotonic() - t0
    if fill is not None:
        fill.unlink()
    lines = [ln for ln in err.splitlines() if ln.startswith("campaign-ner extract:")]
    tracebacks = err.count("Traceback")
    same = {t: paths[t].read_bytes() == old[t] for t in (ENTITIES, CAMPAIGNS)}
    new_runs = pq.read_table(paths[RUNS])
    added = new_runs.num_rows - old_runs.num_rows
    # one failed row per attempt (an OSError is retried once), or none when even the ledger
    # row found no room
    runs_ok = paths[RUNS].read_bytes() == old[RUNS] or (
        added >= 1 and new_runs.slice(0, old_runs.num_rows).equals(old_runs)
        and set(new_runs.column("status")[old_runs.num_rows:].to_pylist()) == {"failed"})
    temps = [str(p) for p in out.glob("*/dt=*/.*.tmp")]
    ok = (rc != 0 and len(lines) == 1 and f"dt={dt}" in lines[0] and all(same.values())
          and runs_ok and not temps)
    if not ok:
        totals.inconsistencies += 1
        totals.fail(f"{label}: exit {rc}, lines {lines}, unchanged {same}, runs ok {runs_ok}, "
                    f"temp files {temps}")
    totals.trials["disk full"] += 1
    rc2, _, _ = runner.run(args)  # room again: the failed partition is not done, so it runs
    after = sorted_tables(out)
    if rc2 != 0 or after[CAMPAIGNS].num_rows != inp.rows[dt]:
        totals.fail(f"{label}: the rerun with room did not complete (exit {rc2})")
    ledger = ("byte-identical" if paths[RUNS].read_bytes() == old[RUNS] and added == 0
              else f"old rows kept + {added} failed row(s)")
    return (f"  {label}: exit {rc} after {seconds:.1f} s, "
            f"{lines[0] if lines else 'no campaign-ner line'!r}; entities and campaigns "
            f"byte-identical: {all(same.values())}; runs: {ledger}; temp files left: "
            f"{len(temps)}; Prefect tracebacks on stderr: {tracebacks}; rerun with room: "
            f"exit {rc2}")


def disk_full_trials(runner: Runner, inp: Inputs, work: Path, totals: Totals) -> list[str]:
    from flows.batch.tables import RUNS, partition_path

    lines = []
    probe = work / "disk-probe"
    rc, _, err = runner.run(["extract", str(inp.root), str(probe), "--date", inp.dates[0]])
    if rc != 0:
        totals.fail(f"disk probe: extract failed: {err.strip().splitlines()[-1:]}")
        return lines
    runs_size = partition_path(probe, RUNS, inp.dates[0]).stat().st_size
    for label, limit in (("RLIMIT_FSIZE, room for the ledger row", runs_size + 8192),
                         ("RLIMIT_FSIZE, no room for the ledger row", runs_size // 2)):
        out = work / f"disk-{len(lines)}"
        lines.append(disk_full_trial(runner, inp, out, f"{label} ({limit:,} bytes)", totals,
                                     preexec=file_size_limit(limit)))
    mnt = work / "tmpfs"
    mnt.mkdir()
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                           capture_output=True, text=True)
    if mount.returncode != 0:
        lines.append(f"  tmpfs: skipped (mount not permitted: {mount.stderr.strip()})")
        return lines
    try:
        lines.append(disk_full_trial(runner, inp, mnt / "out", "2 MiB tmpfs filled to 16 KiB "
                                     "free", totals, fill=mnt / "filler", keep_free=16384))
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
    return lines


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=30, help="backfill SIGKILLs (default 30)")
    ap.add_argument("--kills-per-cycle", type=int, default=5,
                    help="kills on one output before its uninterrupted rerun")
    ap.add_argument("--partitions", type=int, default=20, help="input partitions (days)")
    ap.add_argument("--rows", type=int, default=500, help="rows per partition")
    ap.add_argument("--rounds", type=int, default=2, help="nightly-vs-backfill rounds")
    ap.add_argument("--race-partitions", type=int, default=8,
                    help="partitions of the race input (3,000 rows each)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", default=None,
                    help="model directory or registry (default: the shipped model)")
    ap.add_argument("--workdir", default=None, help="keep everything here (default: temp dir)")
    args = ap.parse_args()

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="crash-trials-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(work / "prefect-home")
    os.environ.pop("PREFECT_API_URL", None)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from prefect.server.api.server import SubprocessASGIServer

    from ner_model.storage.model_dir import model_version
    from ner_model.storage.registry import resolve_model_dir

    t_all = time.monotonic()
    totals = Totals()
    # A private copy: a model directory replaced during the run would change the version.
    model = shutil.copytree(resolve_model_dir(args.model), work / "model", dirs_exist_ok=True)
    version = model_version(Path(model))
    server = SubprocessASGIServer()
    server.start()
    try:
        runner = Runner(server.api_url, work / "prefect-home", work / "logs", str(model))
        rng = random.Random(args.seed)
        inp = make_inputs(work / "in", date(2024, 1, 1), args.partitions, args.rows, args.seed)
        race_in = make_inputs(work / "race-in", date(2024, 6, 1), args.race_partitions, 3000,
                              args.seed + 1)
        disk_in = make_inputs(work / "disk-in", date(2024, 9, 1), 1, 2000, args.seed + 2)
        print(f"model {version}; {os.cpu_count()} CPU cores; seed {args.seed}; work {work}",
              flush=True)

        cal = clean_run(runner, inp, work / "clean", totals)
        print(f"clean backfill of {len(inp.dates)} partitions: first one done "
              f"{cal.first:.2f} s after the flow's plan line, then {cal.per_partition:.2f} s "
              f"per partition; process exit {cal.tail:.1f} s after the last", flush=True)
        kill_trials(runner, inp, work / "clean", cal, version, args.kills, args.kills_per_cycle,
                    rng, work, totals)

        t0 = time.monotonic()
        clean_race = work / "race-clean"
        rc, _, _ = runner.run(backfill_args(race_in, clean_race))
        if rc != 0:
            totals.fail("clean race backfill failed")
        lines = []
        for r in range(args.rounds):
            order = race_in.dates if r % 2 == 0 else race_in.dates[::-1]
            lines.append(race_round(runner, race_in, clean_race, work / f"race-{r}", order,
                                    version, totals))
            totals.trials["nightly + backfill race"] += 1
        print(f"nightly extract loop + backfill on one output: {args.rounds} rounds, "
              f"{len(race_in.dates)} partitions x 3,000 rows, {time.monotonic() - t0:.0f} s")
        print("\n".join(lines), flush=True)

        t0 = time.monotonic()
        lines = disk_full_trials(runner, disk_in, work, totals)
        print(f"disk full (1 partition x 2,000 rows, extract --force over a good run), "
              f"{time.monotonic() - t0:.0f} s")
        print("\n".join(lines), flush=True)
    finally:
        with contextlib.suppress(Exception):
            server.stop()
        if not args.workdir and not totals.problems:
            shutil.rmtree(work, ignore_errors=True)
    trials = sum(totals.trials.values())
    print(f"TOTAL: trials run {trials} ({', '.join(f'{k} {v}' for k, v in totals.trials.items())})"
          f", kills {totals.kills}, torn partitions {totals.torn}, ledger inconsistencies "
          f"{totals.inconsistencies}, rows lost {totals.rows_lost}, "
          f"{time.monotonic() - t_all:.0f} s")
    if totals.problems:
        print(f"{len(totals.problems)} problem(s); outputs and logs kept in {work}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
