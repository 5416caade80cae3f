"""Registries: resolution (a champion, none yet -> the shipped model), promotion, and files
any user of the machine can read (a scheduler's service account reads what a person trained)."""

import os
import stat

import pytest

from ner_model.storage.model_dir import ModelLoadError, save_model
from ner_model.storage.registry import (
    CURRENT,
    DEFAULT_MODEL_DIR,
    admit,
    current_champion,
    is_registry,
    resolve_model_dir,
    set_champion,
    staging_dir,
)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_registry_files_follow_the_users_umask(tiny_trained, tmp_path, umask_022):
    reg = tmp_path / "registry"
    staging = staging_dir(reg)
    version = save_model(tiny_trained.model, tiny_trained.vocabs, staging)
    model_dir = admit(reg, staging, version)
    set_champion(reg, version)
    for path in (reg, model_dir, *model_dir.iterdir(), reg / CURRENT):
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o755 if path.is_dir() else 0o644
        assert mode == expected, f"{path.name}: {oct(mode)}"


def test_a_registry_without_champion_means_the_shipped_model(tiny_model_dir, tmp_path):
    reg = tmp_path / "registry"
    assert is_registry(reg) and resolve_model_dir(None) == DEFAULT_MODEL_DIR
    reg.mkdir()
    assert resolve_model_dir(reg) == DEFAULT_MODEL_DIR and current_champion(reg) is None
    candidate = reg / "0123456789abcdef"
    candidate.mkdir()
    for f in tiny_model_dir.iterdir():
        (candidate / f.name).write_bytes(f.read_bytes())
    (reg / ".staging-x").mkdir()  # a crashed training's leftovers change nothing
    assert is_registry(reg) and resolve_model_dir(reg) == DEFAULT_MODEL_DIR
    set_champion(reg, candidate.name)
    assert resolve_model_dir(reg) == candidate == current_champion(reg)
    assert resolve_model_dir(candidate) == candidate and not is_registry(candidate)
    (reg / CURRENT).write_text("missing\n")
    with pytest.raises(ModelLoadError, match="points to missing model 'missing'"):
        resolve_model_dir(reg)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("not a model")
    assert not is_registry(tmp_path / "other")
