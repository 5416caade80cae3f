"""Stop the processes a CLI run started when the run dies, whatever kills it (``kill -9`` too).

A run starts processes that do not watch it: Prefect's temporary API server (embedded mode,
and the one :func:`flows.backfill._api_for_workers` starts for Dask workers), a local Dask
cluster's worker processes, the forkserver and resource tracker of the tagging pool. They
stop when the run ends normally (atexit handlers, pool shutdown), but a SIGKILLed process
runs no handler, so they would run on (the tagging workers also stop by themselves, see
:func:`ner_model.inference.pool.exit_with_parent`).

:func:`reap_on_death` starts a small watcher process (this file run as a script, standard
library only) for the duration of a command. While the command runs, the watcher

* lists the command's process's descendants in ``/proc`` every :data:`POLL_SECONDS` and
  remembers each as (pid, start time), so a pid the kernel later reuses is never signaled;
* waits for its stdin, a pipe whose other end only the command's process holds.

When the command returns (or raises) the process writes ``q`` and the watcher exits doing
nothing. When instead the pipe closes without ``q``, or the watcher's parent pid changes,
the process died: the watcher sends SIGTERM to every remembered process still running (and
to their descendants), then SIGKILL to those still there after :data:`GRACE_SECONDS`, and
prints one line on stderr naming them. Processes started too shortly before the death to
have been listed are found by :data:`TOKEN_ENV`: the command sets it to a token of its own
while it runs, so every process it starts inherits it, and the watcher also stops every
process whose initial environment holds that token.

The watcher runs in a session of its own, so Ctrl-C or a signal sent to the command's
process group does not stop it before the command's process. Linux only (it reads
``/proc``); elsewhere :func:`reap_on_death` does nothing.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

POLL_SECONDS = 0.5  # how often the watcher lists the command's descendants
GRACE_SECONDS = 5.0  # between SIGTERM and SIGKILL
TOKEN_ENV = "CAMPAIGN_NER_RUN_TOKEN"
_STAND_DOWN = b"q"

_active = False  # reap_on_death is not re-entered in one process


def supported() -> bool:
    """Whether processes can be watched here (Linux with ``/proc``)."""
    return sys.platform.startswith("linux") and os.path.isdir("/proc/self")


@contextlib.contextmanager
def reap_on_death(name: str = "campaign-ner") -> Iterator[None]:
    """While the block runs, the processes this process starts are stopped if it dies.

    ``name`` begins the line the watcher prints when it had to stop something. Nested
    uses and unsupported platforms watch nothing more.
    """
    global _active
    if _active or not supported():
        yield
        return
    token = uuid.uuid4().hex
    try:
        watcher = subprocess.Popen(
            [sys.executable, "-I", "-S", os.path.abspath(__file__), str(os.getpid()), token,
             name],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError:
        yield
        return
    before = os.environ.get(TOKEN_ENV)
    os.environ[TOKEN_ENV] = token
    _active = True
    try:
        yield
    finally:
        _active = False
        if before is None:
            os.environ.pop(TOKEN_ENV, None)
        else:
            os.environ[TOKEN_ENV] = before
        with contextlib.suppress(OSError):  # the watcher is gone already: nothing to say
            if watcher.stdin is not None:
                watcher.stdin.write(_STAND_DOWN)
                watcher.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            watcher.wait(timeout=5)


# --- the watcher (standard library only: it runs with -I -S) ---------------------------


def _stat(pid: int | str) -> tuple[int, int] | None:
    """``(parent pid, start time in clock ticks)`` of a live process, None when it is gone
    or a zombie (zombies hold nothing and cannot be signaled away)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2:].split()  # after "pid (command) "
    if fields[0] in (b"Z", b"X"):
        return None
    return int(fields[1]), int(fields[19])


def _processes() -> dict[int, tuple[int, int]]:
    """``{pid: (parent pid, start time)}`` of the live processes (see :func:`_stat`)."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(entry)) is not None:
            out[int(entry)] = st
    return out


def _descendants(table: dict[int, tuple[int, int]], roots: set[int]) -> set[int]:
    """The pids in ``table`` below any of ``roots`` (the roots themselves excluded)."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found: set[int] = set()
    todo = list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _has_token(pid: int, token: str) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            env = f.read()
    except OSError:  # gone, or another user's
        return False
    return f"{TOKEN_ENV}={token}".encode() in env.split(b"\0")


def _start_time(pid: int) -> int | None:
    st = _stat(pid)
    return None if st is None else st[1]


def _signal(pid: int, start: int, sig: int) -> bool:
    """Send ``sig`` to ``pid`` if it is still the process that started at ``start``.
    With a pidfd (Linux >= 5.3) the check and the signal address the same process."""
    try:
        if hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal"):
            fd = os.pidfd_open(pid)
            try:
                if _start_time(pid) != start:
                    return False
                signal.pidfd_send_signal(fd, sig)
            finally:
                os.close(fd)
        else:
            if _start_time(pid) != start:
                return False
            os.kill(pid, sig)
        return True
    except OSError:  # gone meanwhile, or not ours
        return False


def _wait_for_death(parent: int, seen: dict[int, int]) -> bool:
    """Remember the descendants of ``parent`` in ``seen`` until it dies (True) or says it
    is done (False)."""
    me = os.getpid()
    while True:
        table = _processes()
        for pid in list(seen):  # forget the processes that ended
            if table.get(pid, (0, None))[1] != seen[pid]:
                del seen[pid]
        for pid in _descendants(table, {parent}) - {me}:
            seen[pid] = table[pid][1]
        ready, _, _ = select.select([0], [], [], POLL_SECONDS)
        if ready:
            data = os.read(0, 1)
            return data != _STAND_DOWN  # b"" (end of file): the parent is gone
        if os.getppid() != parent:
            return True


def _reap(seen: dict[int, int], token: str) -> list[int]:
    """Stop the remembered processes, their descendants and the processes carrying
    ``token``; returns the pids signaled."""
    me = os.getpid()
    table = _processes()
    targets = {pid: start for pid, start in seen.items() if table.get(pid, (0, None))[1] == start}
    for pid in _descendants(table, set(targets)) | {p for p in table if _has_token(p, token)}:
        targets[pid] = table[pid][1]
    targets.pop(me, None)
    signaled = [pid for pid, start in targets.items() if _signal(pid, start, signal.SIGTERM)]
    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline:
        if all(_start_time(pid) != targets[pid] for pid in signaled):
            break
        time.sleep(0.1)
    for pid in signaled:
        _signal(pid, targets[pid], signal.SIGKILL)
    return sorted(signaled)


def main(argv: list[str]) -> int:
    """``reaper.py PARENT_PID TOKEN NAME``: watch PARENT_PID (see the module docstring)."""
    parent, token, name = int(argv[0]), argv[1], argv[2]
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    seen: dict[int, int] = {}
    if os.getppid() == parent and not _wait_for_death(parent, seen):
        return 0
    stopped = _reap(seen, token)
    if stopped:
        with contextlib.suppress(OSError):
            print(f"{name}: process {parent} ended during the run; stopped {len(stopped)} "
                  f"process(es) it had started: {' '.join(map(str, stopped))}",
                  file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
