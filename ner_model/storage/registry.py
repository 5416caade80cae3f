"""Model registries: where a model path is resolved, which model is champion, promotion.

A *registry* is a directory of model directories, each named by its version, plus a
``current`` file naming the champion. Anywhere a model is expected, a registry means its
current champion and ``None`` means the model shipped inside the package. A registry with no
champion yet (new, empty, or holding only candidates that were not promoted) means the
shipped model too: it is the implicit champion a first candidate must beat. Promotion
rewrites ``current`` atomically, so a reader (the nightly extraction) sees the old champion
or the new one, never neither.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from ner_model.storage.atomic import fsync_dir, write_text_atomic
from ner_model.storage.model_dir import CONFIG, ModelLoadError

CURRENT = "current"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "default_model"

log = logging.getLogger(__name__)


def resolve_model_dir(path: Path | str | None) -> Path:
    """The model directory that ``path`` means: itself, a registry's current champion, or
    the shipped default model when ``path`` is None.

    Raises:
        ModelLoadError: the path is missing, or a registry's ``current`` names no model.
    """
    if path is None:
        return DEFAULT_MODEL_DIR
    path = Path(path)
    if not path.exists():
        raise ModelLoadError(f"model directory {path} does not exist")
    if (path / CURRENT).is_file() and not (path / CONFIG).exists():
        name = (path / CURRENT).read_text(encoding="utf-8").strip()
        if not name or not (path / name).is_dir():
            raise ModelLoadError(
                f"model registry {path}: {CURRENT} points to missing model {name!r}"
            )
        return path / name
    if not path.is_dir():
        raise ModelLoadError(f"model directory {path} is not a directory")
    if _without_champion(path):
        log.info("model registry %s has no champion yet: using the shipped default model", path)
        return DEFAULT_MODEL_DIR
    return path


def _without_champion(path: Path) -> bool:
    """A directory that is a registry with no ``current`` yet: no model files of its own,
    and nothing in it but model directories (candidates) and hidden staging entries."""
    if (path / CONFIG).exists() or (path / CURRENT).exists():
        return False
    entries = [p for p in path.iterdir() if not p.name.startswith(".")]
    return all(p.is_dir() and (p / CONFIG).is_file() for p in entries)


def is_registry(path: Path) -> bool:
    """A registry (with or without a champion, or a directory yet to be created), not a
    model directory."""
    if not path.exists():
        return True
    return path.is_dir() and (((path / CURRENT).is_file() and not (path / CONFIG).exists())
                              or _without_champion(path))


def current_champion(registry: Path) -> Path | None:
    """The champion's model directory, or None for a registry with no champion yet (whose
    implicit champion is the shipped model, :data:`DEFAULT_MODEL_DIR`)."""
    if not (Path(registry) / CURRENT).is_file():
        return None
    return resolve_model_dir(registry)


def set_champion(registry: Path, version: str) -> None:
    """Atomically point ``registry/current`` at model ``version`` (promotion)."""
    registry = Path(registry)
    if not (registry / version).is_dir():
        raise ModelLoadError(f"model registry {registry}: no model {version}")
    write_text_atomic(registry / CURRENT, version + "\n")


def staging_dir(registry: Path) -> Path:
    """A new hidden directory inside ``registry`` to save a candidate into before
    :func:`admit` names it by its version."""
    registry = Path(registry)
    registry.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=registry, prefix=".staging-"))


def admit(registry: Path, staging: Path, version: str) -> Path:
    """Move a finished staging directory in as ``registry/version``; when that version is
    already there (identical weights trained before) keep the existing one. Returns it."""
    target = Path(registry) / version
    if target.exists():
        shutil.rmtree(staging)
    else:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700: readable like any directory
        staging.rename(target)
        fsync_dir(Path(registry))
    return target


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
