"""The worker-process pool: same results as in-process tagging; workers die with their owner.

The owner test uses real processes: a short-lived Python process starts a pool (forkserver,
two workers, the resource tracker), is SIGKILLed, and every process it had started is gone
within seconds.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from ner_model.inference.pool import PredictorPool
from ner_model.inference.predictor import Predictor
from ner_model.storage.model_dir import model_version
from tests.processes import alive, wait_until

REPO = Path(__file__).resolve().parents[2]
TEXTS = ["Nike_US_BlackFriday2024", "Adidas drops new runners in Paris this Friday", ""]

OWNER = """
import sys, time
from ner_model.inference.pool import PredictorPool
pool = PredictorPool(sys.argv[1], sys.argv[2], 2)
list(pool.map([["Nike in Paris"]] * 8))
print("ready", flush=True)
time.sleep(600)
"""


def _start_owner(model_dir) -> subprocess.Popen:
    """A process that starts a 2-worker pool of ``model_dir``, says "ready" and waits."""
    return subprocess.Popen(
        [sys.executable, "-c", OWNER, str(model_dir), model_version(model_dir)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_pool_annotates_like_the_predictor(tiny_model_dir):
    predictor = Predictor.load(tiny_model_dir)
    with PredictorPool(tiny_model_dir, predictor.version, 2) as pool:
        (arrays, errors), = list(pool.map([TEXTS]))
    assert errors == {}
    assert arrays.to_annotations(TEXTS) == predictor.annotate_arrays(TEXTS).to_annotations(TEXTS)


def test_workers_and_forkserver_exit_when_the_owner_is_killed(tiny_model_dir):
    owner = _start_owner(tiny_model_dir)
    started: list[psutil.Process] = []
    try:
        line = owner.stdout.readline()
        assert line == "ready\n", owner.stderr.read()[-3000:]
        me = psutil.Process(owner.pid)

        def workers() -> list[psutil.Process]:
            return [p for p in me.children(recursive=True) if p.ppid() != owner.pid]

        wait_until(lambda: len(workers()) == 2, 30, "the pool never had 2 workers")
        started = me.children(recursive=True)  # forkserver, resource tracker, 2 workers
        assert len(started) == 4, [p.cmdline() for p in started]
        time.sleep(1.5)  # longer than a watchdog poll: nothing exits while the owner lives
        assert alive(started) == started

        owner.kill()
        owner.wait()
        wait_until(lambda: not alive(started), 10,
                   lambda: f"left behind: {[(p.pid, p.cmdline()) for p in alive(started)]}")
    finally:
        owner.kill()
        owner.wait()
        for p in alive(started):
            p.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_workers_exit_when_the_forkserver_is_killed(tiny_model_dir):
    owner = _start_owner(tiny_model_dir)
    started: list[psutil.Process] = []
    try:
        assert owner.stdout.readline() == "ready\n", owner.stderr.read()[-3000:]
        me = psutil.Process(owner.pid)
        wait_until(lambda: len(me.children(recursive=True)) == 4, 30, "no 2 workers")
        started = me.children(recursive=True)
        forkserver = next(p for p in started if p.children())
        workers = forkserver.children()
        forkserver.kill()
        wait_until(lambda: not alive(workers), 5,
                   lambda: f"workers left behind: {[p.pid for p in alive(workers)]}")
    finally:
        owner.kill()
        owner.wait()
        for p in alive(started):
            p.kill()
