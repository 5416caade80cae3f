"""The model of a batch run: loaded once per process, tagging here or in worker processes.

:func:`get_predictor` caches one :class:`~ner_model.inference.predictor.Predictor` per model
directory and content version, so every partition a process runs (a flow's own process, a
backfill thread, a Dask worker) shares it; the predictor serializes its own tagging with a
lock. :func:`tagger_for` adds a :class:`~ner_model.inference.pool.PredictorPool` of worker
processes for large partitions; the pools live as long as the process, and their workers
end with it even when it is killed (:func:`~ner_model.inference.pool.exit_with_parent`).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import socket
import threading
from concurrent.futures import Future
from pathlib import Path

from ner_model.inference.pool import PredictorPool, annotate_rows, default_jobs
from ner_model.inference.predictor import Predictor
from ner_model.normalize.entities import Normalizer
from ner_model.storage.model_dir import model_version
from ner_model.storage.registry import resolve_model_dir

PARALLEL_MIN_ROWS = 20_000  # smaller partitions are tagged in-process (workers are slow to start)

_PREDICTORS: dict[tuple[str, str], Predictor] = {}
_POOLS: dict[tuple[str, str, int], PredictorPool] = {}
_SEEN: set[int] = set()  # id() of the predictors this process has run a partition with
_LOCK = threading.Lock()


def get_predictor(model: Path | str | None) -> Predictor:
    """The predictor for ``model`` (a model dir, a registry, or None for the default),
    cached per process by resolved directory and content version.

    Raises:
        ModelLoadError: the model is missing or corrupt (the message names the file).
    """
    model_dir = resolve_model_dir(model)
    try:
        version = model_version(model_dir)
    except OSError:
        version = ""  # Predictor.load below raises the clear ModelLoadError
    key = (str(model_dir.resolve()), version)
    with _LOCK:
        predictor = _PREDICTORS.get(key) if version else None
        if predictor is None:
            predictor = Predictor.load(model_dir)
            _PREDICTORS[(key[0], predictor.version)] = predictor
        return predictor


_NORMALIZERS: dict[tuple[str, str, bool], Normalizer] = {}


def get_normalizer(brands: str | None = None, day_first: bool = False) -> Normalizer:
    """The normalizer of a run (the shipped brand table plus ``brands``), cached per process
    by the brands file's path and content, like the model.

    Raises:
        BrandTableError: the brands CSV is unreadable (one line naming file and row).
    """
    digest = ""
    if brands:
        try:
            digest = hashlib.sha256(Path(brands).read_bytes()).hexdigest()
        except OSError as e:
            raise FileNotFoundError(f"brands file {brands}: {e.strerror or e}") from None
    key = (str(Path(brands).resolve()) if brands else "", digest, day_first)
    with _LOCK:
        normalizer = _NORMALIZERS.get(key)
        if normalizer is None:
            normalizer = _NORMALIZERS[key] = Normalizer.load(brands, day_first)
        return normalizer


def process_name() -> str:
    """``host:pid`` of this process (where a partition ran)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def first_use(predictor: Predictor) -> bool:
    """True the first time this process runs a partition with ``predictor``."""
    with _LOCK:
        if id(predictor) in _SEEN:
            return False
        _SEEN.add(id(predictor))
        return True


class _InProcess:
    """Tags in this process; same interface as the worker pool."""

    window = 0  # record batches read ahead of the one being written

    def __init__(self, predictor: Predictor) -> None:
        self.predictor = predictor

    def submit(self, texts: list[str]) -> Future:
        fut: Future = Future()
        fut.set_result(annotate_rows(self.predictor, texts))
        return fut


class _Pooled:
    """Tags in the worker processes of a :class:`PredictorPool`."""

    def __init__(self, pool: PredictorPool) -> None:
        self.pool = pool
        self.window = 2 * pool.jobs  # keeps every worker busy while the flow writes

    def submit(self, texts: list[str]) -> Future:
        return self.pool.submit(texts)


@atexit.register
def close_pools() -> None:
    """Stop every worker pool of this process."""
    with _LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()


def tagger_for(
    predictor: Predictor, model: Path | str | None, rows: int, jobs: int | None
) -> _InProcess | _Pooled:
    """In-process tagging, or a worker pool when ``jobs`` (or, for None, the partition size
    and the cores available) asks for more than one process."""
    if jobs is None:
        jobs = default_jobs() if rows >= PARALLEL_MIN_ROWS else 1
    if jobs <= 1:
        return _InProcess(predictor)
    model_dir = str(resolve_model_dir(model).resolve())
    key = (model_dir, predictor.version, jobs)
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is not None and pool.broken:  # a worker died (e.g. killed): start afresh
            pool.close()
            pool = None
        if pool is None:
            pool = _POOLS[key] = PredictorPool(model_dir, predictor.version, jobs)
    return _Pooled(pool)
