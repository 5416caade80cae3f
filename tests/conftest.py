"""Shared fixtures: a tiny labeled set and a model trained on it (once per session)."""

from __future__ import annotations

import os

import pytest
import torch

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
torch.set_num_threads(2)

_TINY_SURFACE = [
    ("Nike_US_BlackFriday2024_Prospecting", [("Nike", "BRAND"), ("BlackFriday", "TIME")]),
    ("COKE | Summer Refresh | London | Jun25", [("COKE", "BRAND"), ("London", "LOCATION")]),
    ("Adidas drops new runners in Paris this Friday at 7:30pm",
     [("Adidas", "BRAND"), ("Paris", "LOCATION"), ("this Friday", "TIME"), ("7:30pm", "TIME")]),
    ("Starbucks holiday cups are back in NYC tomorrow",
     [("Starbucks", "BRAND"), ("NYC", "LOCATION"), ("tomorrow", "TIME")]),
    ("Free shipping on all orders", []),
    ("Visit Berlin with Lufthansa in Q3 2024",
     [("Berlin", "LOCATION"), ("Lufthansa", "BRAND"), ("Q3 2024", "TIME")]),
    ("samsung galaxy launch event - seoul - 2025-03-01",
     [("samsung", "BRAND"), ("seoul", "LOCATION"), ("2025-03-01", "TIME")]),
    ("Get 50% off at Zara until Sunday", [("Zara", "BRAND"), ("Sunday", "TIME")]),
]


def surface_offsets(text: str, ents: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """``[(surface, label)]`` in text order -> ``[(start, end, label)]``."""
    out, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        out.append((start, start + len(surface), label))
        pos = start + len(surface)
    return out


# (text, [(start, end, label)]) with offsets computed from the surface forms above.
TINY = [(text, surface_offsets(text, ents)) for text, ents in _TINY_SURFACE]


def tiny_rows() -> list[dict]:
    """The tiny set as ``text`` + ``entities`` rows (checked: spans match the text)."""
    rows = []
    for text, ents in TINY:
        rows.append({"text": text,
                     "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in ents]})
    return rows


@pytest.fixture(scope="session")
def tiny_sentences():
    return [labeled_sentence(text, ents) for text, ents in TINY]


def labeled_sentence(text: str, ents: list[tuple[int, int, str]]):
    """A ``Sentence`` (our tokens, IOB2 tags, glue) of ``text`` with character spans
    ``[(start, end, label)]``, which must lie on token boundaries."""
    from ner_model.text.spans import CharEntity, char_entities_to_tags
    from ner_model.text.tokenizer import joins, token_spans
    from ner_model.training.data import Sentence

    spans = token_spans(text)
    tags, dropped = char_entities_to_tags(spans, [CharEntity(*e) for e in ents])
    assert not dropped
    return Sentence([text[s:e] for s, e in spans], tags, glue=tuple(joins(text, spans)))


@pytest.fixture(scope="session")
def tiny_trained(tiny_sentences):
    """A small tagger overfit on the tiny set: ``TrainResult``."""
    from ner_model.model import TaggerConfig
    from ner_model.training.loop import train_model
    from ner_model.training.options import TrainOptions

    config = TaggerConfig(word_dim=16, char_dim=8, char_filters=16, hidden=32, dropout=0.1,
                          word_dropout=0.0)
    options = TrainOptions(max_epochs=80, patience=80, lr=1e-2, batch_tokens=128, pretrained=False,
                           lr_decay=1.0)
    return train_model(tiny_sentences, tiny_sentences, config, options)


@pytest.fixture(scope="session")
def prefect_harness():
    """One real, temporary Prefect backend (SQLite + ephemeral API) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_trained, tmp_path_factory):
    """The tiny trained tagger saved as a model directory (what ``Predictor.load`` takes)."""
    from ner_model.storage.model_dir import save_model

    model_dir = tmp_path_factory.mktemp("tiny_model") / "model"
    save_model(tiny_trained.model, tiny_trained.vocabs, model_dir)
    return model_dir


@pytest.fixture(scope="session")
def tiny_model_dir_b(tiny_model_dir, tmp_path_factory):
    """A second model version: the tiny tagger with one weight nudged (another content hash)."""
    from ner_model.storage.model_dir import load_model, save_model

    model, vocabs, _ = load_model(tiny_model_dir)
    with torch.no_grad():
        next(model.parameters()).add_(1e-3)
    model_dir = tmp_path_factory.mktemp("tiny_model_b") / "model"
    save_model(model, vocabs, model_dir)
    return model_dir


@pytest.fixture
def tiny_registry(tiny_model_dir, tiny_model_dir_b, tmp_path):
    """A model registry holding both tiny versions, the first one champion:
    ``(registry, version_a, version_b)``; promote with
    ``ner_model.storage.registry.set_champion``."""
    import shutil

    from ner_model.storage.model_dir import model_version
    from ner_model.storage.registry import set_champion

    registry = tmp_path / "registry"
    versions = []
    for d in (tiny_model_dir, tiny_model_dir_b):
        v = model_version(d)
        shutil.copytree(d, registry / v)
        versions.append(v)
    set_champion(registry, versions[0])
    return registry, versions[0], versions[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on once this returns."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_server(prefect_harness, tmp_path_factory):
    """A real ``prefect server start`` (own PREFECT_HOME and SQLite, no background services)
    on a free port; yields its API URL with PREFECT_API_URL pointing at it meanwhile.

    Depends on ``prefect_harness`` so the harness's settings context is always the outer one.
    """
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from prefect.settings import PREFECT_API_URL, temporary_settings

    home = tmp_path_factory.mktemp("prefect_server_home")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        OMP_NUM_THREADS="1",
    )
    exe = Path(sys.executable).with_name("prefect")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "prefect"]
    cmd += ["server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-services"]
    log_path = home / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=home)
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"prefect server exited ({proc.returncode}):\n"
                            f"{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"prefect server not healthy after 180 s:\n"
                            f"{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        with temporary_settings(updates={PREFECT_API_URL: url}):
            try:
                yield url
            finally:
                # Send what is queued for this server now: at exit it would be gone, and
                # the log/event workers would retry against it for a minute.
                from prefect.events.worker import EventsWorker
                from prefect.logging.handlers import APILogWorker

                APILogWorker.drain_all(timeout=15)
                EventsWorker.drain_all(timeout=15)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
