"""Helpers of the tests that start real processes and check that none is left behind."""

from __future__ import annotations

import time
from collections.abc import Callable

import psutil


def alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    """Those of ``procs`` still running (a zombie waiting for its parent counts as gone;
    psutil compares start times, so a reused pid counts as gone too)."""
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def wait_until(cond: Callable[[], bool], timeout: float, what: str | Callable[[], str]) -> None:
    """Poll ``cond`` until it holds; after ``timeout`` seconds fail with ``what`` (a message,
    or a function making it at that moment)."""
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, what() if callable(what) else what
        time.sleep(0.1)
