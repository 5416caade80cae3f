"""Atomic file writes: the one helper every writer of this project uses.

A file is written to a temporary name in the same directory, flushed and fsynced, then
``os.replace``d over its final name and the directory fsynced: a reader sees the old file or
the new one, never half of one, and a crash leaves the old file as it was. Temporary names
start with ``.`` so that no glob of the final names (``*.parquet``, ``*.json``) reads them.
New files get the permissions of the user's umask, like any other file the user creates.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def fsync_dir(path: Path) -> None:
    """fsync a directory so a rename or new entry in it survives a crash (no-op where the
    platform cannot)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def mkdirs_synced(path: Path) -> None:
    """Create ``path`` (and parents), fsyncing each parent whose entries changed."""
    missing = []
    p = Path(path)
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        d.mkdir(exist_ok=True)
        fsync_dir(d.parent)


def temp_name(path: Path) -> Path:
    """A unique hidden temporary name beside ``path``."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


@contextlib.contextmanager
def atomic_file(path: Path | str, mode: str = "wb", **open_kwargs) -> Iterator[IO]:
    """Open a temporary file beside ``path``; when the block succeeds, flush, fsync and
    ``os.replace`` it into place (then fsync the directory); on any error remove it, so
    ``path`` is never half-written."""
    path = Path(path)
    mkdirs_synced(path.parent)
    tmp = temp_name(path)
    try:
        with open(tmp, mode, **open_kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """``path`` holds exactly ``data`` afterwards (see :func:`atomic_file`)."""
    with atomic_file(path) as f:
        f.write(data)


def write_text_atomic(path: Path | str, text: str) -> None:
    """``path`` holds exactly ``text`` (UTF-8) afterwards (see :func:`atomic_file`)."""
    with atomic_file(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_json_atomic(path: Path | str, data: object, compact: bool = False) -> None:
    """Write ``data`` as JSON (sorted keys, UTF-8) atomically; ``compact``: no indentation
    (a large vocabulary is much smaller without it)."""
    with atomic_file(path, "w", encoding="utf-8") as f:
        if compact:
            json.dump(data, f, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        else:
            json.dump(data, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")
