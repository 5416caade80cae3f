"""A CLI run killed with SIGKILL leaves no process behind (real processes, no mocks).

Checked: the watcher of :mod:`flows.batch.reaper` stops what a killed process had started
(children, grandchildren, and an orphan it never saw, found by the run token), and does
nothing when the block ends normally; a real ``campaign-ner extract --jobs 2`` (embedded
Prefect server, tagging pool) and a real ``campaign-ner backfill --workers 2`` (the
server for the Dask workers, a local Dask cluster) killed mid-partition leave none of their
processes running. Linux only (the watcher reads ``/proc``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.batch import reaper
from flows.batch.tables import PAUSE_ENV
from tests.conftest import TINY
from tests.processes import alive, wait_until

REPO = Path(__file__).resolve().parents[2]
TEXTS = [t for t, _ in TINY]

pytestmark = pytest.mark.skipif(not reaper.supported(), reason="the watcher reads /proc")

SLEEPER = "import time; time.sleep(600)"
# Starts a child that starts a grandchild, says "ready" and waits to be killed.
PARENT = f"""
import subprocess, sys, time
from flows.batch.reaper import reap_on_death
with reap_on_death("test-parent"):
    code = "import subprocess, sys, time; " \\
           "subprocess.Popen([sys.executable, '-c', {SLEEPER!r}]); time.sleep(600)"
    subprocess.Popen([sys.executable, "-c", code])
    print("ready", flush=True)
    time.sleep(600)
"""
# Starts an orphan (its own parent exits at once), then kills itself at once: the watcher
# never sees the orphan among its descendants, only the run token finds it.
SUICIDE = f"""
import os, signal, subprocess, sys
from flows.batch.reaper import reap_on_death
with reap_on_death("test-suicide"):
    code = "import subprocess, sys; print(subprocess.Popen([sys.executable, '-c', {SLEEPER!r}], " \\
           "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True).pid)"
    orphan = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    print(orphan.strip(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def describe(procs: list[psutil.Process]) -> list[str]:
    out = []
    for p in procs:
        try:
            out.append(f"{p.pid} {' '.join(p.cmdline())[:120]}")
        except psutil.Error:
            out.append(f"{p.pid} (gone)")
    return out


def cmd_has(p: psutil.Process, *parts: str) -> bool:
    try:
        line = " ".join(p.cmdline())
    except psutil.Error:
        return False
    return all(part in line for part in parts)


def start(code_or_cmd: str | list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-c", code_or_cmd] if isinstance(code_or_cmd, str) else code_or_cmd
    return subprocess.Popen(cmd, cwd=REPO, env={**(env or os.environ), "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_and_check(proc: subprocess.Popen, started: list[psutil.Process],
                   timeout: float = 15) -> str:
    """SIGKILL ``proc``; every process of ``started`` must be gone within ``timeout`` s.
    Returns ``proc``'s stderr (complete once the watcher, which shares it, has exited)."""
    proc.kill()
    proc.wait()
    wait_until(lambda: not alive(started), timeout,
               lambda: f"left behind: {describe(alive(started))}")
    return proc.communicate(timeout=timeout)[1]


def test_watcher_stops_what_a_killed_process_started():
    proc = start(PARENT)
    started: list[psutil.Process] = []
    try:
        assert proc.stdout.readline() == "ready\n", proc.stderr.read()[-3000:]
        me = psutil.Process(proc.pid)
        wait_until(lambda: len(me.children(recursive=True)) == 3, 10,
                   lambda: describe(me.children(recursive=True)))  # watcher, child, grandchild
        started = me.children(recursive=True)
        sleepers = sorted(p.pid for p in started if not cmd_has(p, "reaper.py"))
        time.sleep(2 * reaper.POLL_SECONDS + 0.2)  # the watcher has listed them
        err = kill_and_check(proc, started)
        assert f"test-parent: process {proc.pid} ended during the run; stopped 2 process(es) " \
               f"it had started: {sleepers[0]} {sleepers[1]}" in err
    finally:
        proc.kill()
        proc.wait()
        for p in alive(started):
            p.kill()


def test_watcher_finds_a_process_started_just_before_the_death_by_its_token():
    proc = start(SUICIDE)
    try:
        out, err = proc.communicate(timeout=30)  # returns once the watcher has exited too
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, err[-3000:]
    try:
        orphan = [psutil.Process(int(out.strip()))]
    except psutil.NoSuchProcess:
        orphan = []
    try:
        assert not alive(orphan), "the orphan was left running"
    finally:
        for p in alive(orphan):
            p.kill()
    assert f"test-suicide: process {proc.pid} ended during the run; stopped 1 process(es) " \
           f"it had started: {int(out.strip())}" in err


def test_watcher_does_nothing_when_the_block_ends():
    me = psutil.Process()
    before = set(me.children())
    child = None
    try:
        with reaper.reap_on_death("test"):
            assert os.environ[reaper.TOKEN_ENV]
            child = subprocess.Popen([sys.executable, "-c", SLEEPER])
            watchers = [p for p in me.children() if cmd_has(p, "reaper.py", str(os.getpid()))]
            assert len(watchers) == 1
            time.sleep(2 * reaper.POLL_SECONDS + 0.2)
        assert reaper.TOKEN_ENV not in os.environ
        assert not alive(watchers)  # it has exited
        time.sleep(1)
        assert child.poll() is None  # and left the child alone
    finally:
        if child is not None:
            child.kill()
            child.wait()
    assert set(me.children()) == before


def write_partition(inp: Path, dt: str, n: int) -> None:
    path = inp / f"dt={dt}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = [TEXTS[i % len(TEXTS)] for i in range(n)]
    pq.write_table(pa.table({"campaign_id": [f"{dt}-{i}" for i in range(n)], "text": texts}),
                   path)


def cli_env(tmp_path: Path, flag: Path) -> dict[str, str]:
    """Embedded Prefect (no API URL: the run starts its own temporary server, with a
    fresh home), and the writer pausing mid-partition (it writes ``flag``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect_home"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", OMP_NUM_THREADS="1",
               **{PAUSE_ENV: str(flag)})
    return env


def wait_for_pause(proc: subprocess.Popen, flag: Path, timeout: float = 150) -> None:
    deadline = time.monotonic() + timeout
    while not flag.exists():
        if proc.poll() is not None:
            pytest.fail(f"the run ended ({proc.returncode}):\n{proc.stderr.read()[-3000:]}")
        assert time.monotonic() < deadline, "the run never reached the writer's pause"
        time.sleep(0.1)


@pytest.mark.slow
def test_killed_extract_leaves_no_tagging_worker_nor_server(tiny_model_dir, tmp_path):
    inp, out, flag = tmp_path / "in", tmp_path / "out", tmp_path / "paused"
    write_partition(inp, "2024-05-01", 3 * 4096)  # 3 record batches: both workers start
    proc = start([sys.executable, "-m", "flows.cli", "extract", str(inp), str(out),
                  "--model", str(tiny_model_dir), "--jobs", "2"], cli_env(tmp_path, flag))
    started: list[psutil.Process] = []
    try:
        wait_for_pause(proc, flag)
        me = psutil.Process(proc.pid)
        started = me.children(recursive=True)
        kinds = {
            "forkserver": [p for p in started
                           if p.ppid() == proc.pid and cmd_has(p, "multiprocessing.forkserver")],
            "server": [p for p in started if cmd_has(p, "uvicorn", "prefect.server.api.server")],
            "watcher": [p for p in started if cmd_has(p, "reaper.py", str(proc.pid))],
        }
        assert all(len(v) == 1 for v in kinds.values()), describe(started)
        workers = kinds["forkserver"][0].children()
        assert len(workers) == 2, describe(started)

        err = kill_and_check(proc, started)
        assert f"process {proc.pid} ended during the run" in err
        assert str(kinds["server"][0].pid) in err.rsplit("it had started:", 1)[-1]
    finally:
        proc.kill()
        proc.wait()
        for p in alive(started):
            p.kill()


@pytest.mark.slow
def test_killed_dask_backfill_leaves_no_dask_process_nor_server(tiny_model_dir, tmp_path):
    inp, out, flag = tmp_path / "in", tmp_path / "out", tmp_path / "paused"
    for dt in ("2024-05-01", "2024-05-02"):
        write_partition(inp, dt, 6)
    proc = start([sys.executable, "-m", "flows.cli", "backfill", str(inp), str(out),
                  "--start", "2024-05-01", "--end", "2024-05-02", "--workers", "2",
                  "--model", str(tiny_model_dir)], cli_env(tmp_path, flag))
    started: list[psutil.Process] = []
    try:
        wait_for_pause(proc, flag, timeout=180)  # in a Dask worker process
        started = psutil.Process(proc.pid).children(recursive=True)
        servers = [p for p in started if cmd_has(p, "uvicorn", "prefect.server.api.server")]
        dask = [p for p in started if cmd_has(p, "multiprocessing.spawn")]
        assert len(servers) == 1 and len(dask) == 2, describe(started)

        err = kill_and_check(proc, started)
        assert str(servers[0].pid) in err.rsplit("it had started:", 1)[-1]
    finally:
        proc.kill()
        proc.wait()
        for p in alive(started):
            p.kill()
