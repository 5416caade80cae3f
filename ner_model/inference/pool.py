"""Annotate on several CPU cores: one worker process per core, each with its own model.

The tagger's Python parts (tokenizing, lookups, decoding) hold the GIL, so threads cannot
use a second core; processes can. Each worker loads the model once, runs torch with one
thread, and answers ``annotate_arrays`` calls; results come back in submission order as
:class:`~ner_model.inference.predictor.AnnotationArrays` (a few small NumPy arrays per call).

Workers end with the process that made the pool, however it ends (``kill -9`` included):
see :func:`exit_with_parent`. A worker blocked on the task queue would otherwise never
notice (it holds both ends of that queue), and with it the forkserver and the resource
tracker would stay too (every worker holds their pipes open).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from ner_model.errors import one_line
from ner_model.inference.predictor import AnnotationArrays, Predictor

_WORKER: Predictor | None = None
T = TypeVar("T")


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _kill_me_with_parent(sig: int) -> bool:
    """Linux: ask the kernel to send ``sig`` to this process when its parent process
    ends (``prctl(PR_SET_PDEATHSIG)``). False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def exit_with_parent(poll_seconds: float = 1.0) -> None:
    """End this multiprocessing child (``os._exit``) as soon as the process that started
    it ends, whatever ends it (SIGKILL included).

    Two mechanisms, because with the forkserver start method the process that asked for
    the child (``multiprocessing.parent_process()``, the pool's owner) is not its parent
    in the OS (the forkserver is):

    * a daemon thread waits on ``multiprocessing.parent_process().sentinel``, a pipe that
      the owner holds open for the child's lifetime: the kernel closes it when the owner
      dies, so the thread wakes up at once (no pid is polled, so a reused pid cannot
      fool it). Every ``poll_seconds`` it also checks ``os.getppid()``: a change means
      the OS parent (forkserver or owner) is gone, the portable fallback;
    * on Linux, when the OS parent is a forkserver, ``PR_SET_PDEATHSIG`` (SIGKILL) for
      when it dies, even while this process is stuck in native code. Not when the OS
      parent is the owner itself: the kernel sends that signal when the *thread* that
      started the child ends, and an owner's thread may end long before the owner.

    When the owner is gone the forkserver follows by itself: it exits when the last
    holder of its "alive" pipe (the owner and every worker) has exited.
    """
    ppid = os.getppid()
    owner = multiprocessing.parent_process()
    from_forkserver = owner is not None and owner.pid != ppid
    if from_forkserver and _kill_me_with_parent(signal.SIGKILL) and os.getppid() != ppid:
        os._exit(1)  # the forkserver died before the request took effect

    def owner_alive() -> bool:
        """Waits up to ``poll_seconds`` for the owner to end."""
        nonlocal owner
        if owner is not None:
            try:
                owner.join(poll_seconds)
                return owner.is_alive()
            except (OSError, ValueError):  # sentinel unusable: poll the parent pid only
                owner = None
        time.sleep(poll_seconds)
        return True

    def watch() -> None:
        while owner_alive() and os.getppid() == ppid:
            pass
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _init_worker(model_dir: str, version: str) -> None:
    global _WORKER
    exit_with_parent()
    import torch

    torch.set_num_threads(1)
    predictor = Predictor.load(model_dir)
    if predictor.version != version:
        raise RuntimeError(f"model {model_dir} changed while starting workers "
                           f"({predictor.version} != {version})")
    _WORKER = predictor


def annotate_rows(predictor: Predictor,
                  texts: Sequence[str]) -> tuple[AnnotationArrays, dict[int, str]]:
    """Annotate ``texts``; when the batch fails, retry one text at a time so that only the
    texts that really fail are lost. Returns the arrays (failed texts have no tokens and
    no entities) and ``{text index: one-line reason}`` for the failures."""
    try:
        return predictor.annotate_arrays(texts), {}
    except Exception:  # isolate the failing rows below
        pass
    parts, errors = [], {}
    for i, t in enumerate(texts):
        try:
            parts.append(predictor.annotate_arrays([t]))
        except Exception as e:  # reported as that row's status
            errors[i] = one_line(e)
            parts.append(predictor.annotate_arrays([""]))  # one text, no tokens, no entities
    return AnnotationArrays.concat(parts, predictor.output_types), errors


def _tag_tokens(token_lists: Sequence[Sequence[str]]) -> list:
    assert _WORKER is not None
    return [t.ids for t in _WORKER.tag_tokens(token_lists)]


def _annotate(texts: Sequence[str]) -> tuple[AnnotationArrays, dict[int, str]]:
    assert _WORKER is not None
    return annotate_rows(_WORKER, texts)


def default_jobs() -> int:
    """Worker processes worth starting here: the CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class PredictorPool:
    """``jobs`` worker processes annotating with the model in ``model_dir``.

    Args:
        model_dir: a resolved model directory (not a registry: every worker must load
            the same version).
        version: that model's version; a worker that loads another one fails.
        jobs: number of worker processes (>= 1).
    """

    def __init__(self, model_dir: Path | str, version: str, jobs: int) -> None:
        if jobs < 1:
            raise ValueError(f"jobs must be >= 1, got {jobs}")
        self.jobs = jobs
        self.version = version
        # forkserver/spawn: never fork a process that has started torch's thread pool
        ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
        self._pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                                         initargs=(str(model_dir), version))

    def submit(self, texts: Sequence[str]) -> Future[tuple[AnnotationArrays, dict[int, str]]]:
        """:func:`annotate_rows` of ``texts`` in some worker."""
        return self._pool.submit(_annotate, list(texts))

    def map(self, chunks: Iterable[Sequence[str]]
            ) -> Iterator[tuple[AnnotationArrays, dict[int, str]]]:
        """:func:`annotate_rows` of each chunk of texts, in input order."""
        return self._ordered(_annotate, chunks)

    def map_tokens(self, chunks: Iterable[Sequence[Sequence[str]]]) -> Iterator[list]:
        """Tag ids (one ``(n,)`` array per sequence) of each chunk of pre-tokenized
        sequences, in input order (``Predictor.tag_tokens`` in the workers)."""
        return self._ordered(_tag_tokens, chunks)

    def _ordered(self, fn: Callable[[list], T], chunks: Iterable[Sequence]) -> Iterator[T]:
        """``fn(chunk)`` in the workers for each chunk, results in input order, at most
        ``2 * jobs`` chunks in flight (memory stays bounded whatever the input size)."""
        pending: deque[Future[T]] = deque()
        for chunk in chunks:
            pending.append(self._pool.submit(fn, list(chunk)))
            if len(pending) >= 2 * self.jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    @property
    def broken(self) -> bool:
        """Whether a worker died, so that the pool can take no more work."""
        return bool(getattr(self._pool, "_broken", False))

    def close(self) -> None:
        """Stop the workers."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PredictorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
