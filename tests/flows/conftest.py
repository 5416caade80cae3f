"""Fixtures and helpers of the flow tests (the shared ones are in ``tests/conftest.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import torch

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def one_torch_thread():
    """Tag with one intra-op thread, as in the Dask workers: the tiny model gains nothing from
    more, floats stay identical, and the step-by-step Viterbi loop slows down badly when
    threads compete for busy cores."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def kill_when_paused(cmd: list[str], env: dict[str, str], flag: Path, what: str,
                     timeout: float = 120.0) -> Path:
    """Run ``cmd`` (from the repository root) until a writer pauses mid-partition (it writes
    ``flag``, see ``PAUSE_ENV``), SIGKILL it there, and return the temp file it was writing."""
    proc = subprocess.Popen(cmd, env={**env, "PYTHONPATH": str(REPO)}, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while not flag.exists():
            assert proc.poll() is None, proc.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, f"{what} never reached the pause point"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return Path(flag.read_text())
