"""Model directories: save and load without ever unpickling.

A model directory holds ``config.json`` (:class:`TaggerConfig`), ``vocab.json`` (words,
characters, tags), ``weights.safetensors`` and optionally ``metrics.json`` and a model card
``README.md``. The model version is a content hash of the first three files, so the same
weights always have the same version and any change gives a new one.

Where a model path comes from (a registry's champion, the shipped default) is
:mod:`ner_model.storage.registry`; the storage formats of the word tables are
:mod:`ner_model.storage.quantization`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file
from safetensors.torch import save as save_tensors

from ner_model.model import Tagger, TaggerConfig
from ner_model.storage import quantization
from ner_model.storage.atomic import write_bytes_atomic, write_json_atomic
from ner_model.storage.quantization import (
    dequantize_rows,
    dequantize_rows4,
    quantize_rows,
    quantize_rows4,
)
from ner_model.text.vocab import Vocabularies

CONFIG, VOCAB, WEIGHTS, METRICS, CARD = (
    "config.json",
    "vocab.json",
    "weights.safetensors",
    "metrics.json",
    "README.md",
)
# word tables, stored as int8 rows + power-of-two scales under "<name>.int8" / "<name>.scale";
# the fixed pretrained table (most of the model) as product-quantization codes + codebook
# under "<name>.pq_codes" / "<name>.pq_codebook" when training quantized it so, else (older
# models) as packed 4-bit rows + bfloat16 scales under "<name>.int4" / "<name>.scale"
WORD_TABLES = ("word_emb.weight", "fixed_word_emb.weight")
FIXED_TABLES = ("fixed_word_emb.weight",)  # product-quantized, else 4-bit


class ModelLoadError(ValueError):
    """A model directory is missing, corrupt or inconsistent; the message names the file."""


def model_version(model_dir: Path) -> str:
    """Content hash (16 hex digits) of a model directory's config, vocab and weights."""
    h = hashlib.sha256()
    for name in (CONFIG, VOCAB, WEIGHTS):
        h.update(name.encode())
        h.update((model_dir / name).read_bytes())
    return h.hexdigest()[:16]


def save_model(model: Tagger, vocabs: Vocabularies, model_dir: Path) -> str:
    """Save ``model`` and ``vocabs`` to ``model_dir``; returns the model version."""
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    write_json_atomic(model_dir / CONFIG, model.config.to_json())
    write_json_atomic(model_dir / VOCAB, vocabs.to_json(), compact=True)
    # the word tables are most of the model: stored as int8 (trained) and product-quantized
    # or 4-bit (fixed pretrained) rows, all with exact round trips, and the model in memory
    # takes the stored values so that it predicts exactly what the loaded model will
    params = dict(model.named_parameters())
    quantized = {}
    with torch.no_grad():
        for name in WORD_TABLES:
            if name in FIXED_TABLES:
                pq = quantization.pq_recover(params[name])
                if pq is not None:  # exact: the codebook is the table's own distinct sub-vectors
                    quantized[f"{name}.pq_codes"], quantized[f"{name}.pq_codebook"] = pq
                    continue
                q, scale = quantize_rows4(params[name])
                params[name].copy_(dequantize_rows4(q, scale, params[name].shape[1]))
                quantized[f"{name}.int4"] = q.contiguous()
            else:
                q, scale = quantize_rows(params[name])
                params[name].copy_(dequantize_rows(q, scale))
                quantized[f"{name}.int8"] = q.contiguous()
            quantized[f"{name}.scale"] = scale.contiguous()
    state = {k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()
             if k not in WORD_TABLES}
    state.update(quantized)
    write_bytes_atomic(model_dir / WEIGHTS, save_tensors(state, metadata={"format": "pt"}))
    return model_version(model_dir)


def _read_json(model_dir: Path, name: str) -> dict:
    path = model_dir / name
    if not path.is_file():
        raise ModelLoadError(f"model directory {model_dir}: {name} is missing")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ModelLoadError(f"model directory {model_dir}: {name} is not valid JSON "
                             f"({e})") from None
    if not isinstance(data, dict):
        raise ModelLoadError(f"model directory {model_dir}: {name} must hold a JSON object")
    return data


def _read_config_and_vocab(model_dir: Path) -> tuple[TaggerConfig, Vocabularies]:
    """``config.json`` and ``vocab.json``, validated and consistent with each other."""
    cfg_data = _read_json(model_dir, CONFIG)
    voc_data = _read_json(model_dir, VOCAB)
    try:
        config = TaggerConfig.from_json(cfg_data)
        config.validate()
    except (TypeError, ValueError) as e:
        raise ModelLoadError(f"model directory {model_dir}: {CONFIG} is invalid ({e})") from None
    try:
        vocabs = Vocabularies.from_json(voc_data)
    except (KeyError, TypeError, ValueError) as e:
        raise ModelLoadError(f"model directory {model_dir}: {VOCAB} is invalid ({e})") from None
    sizes = {"n_words": len(vocabs.words), "n_chars": len(vocabs.chars),
             "n_tags": len(vocabs.tags)}
    for key, n in sizes.items():
        if getattr(config, key) != n:
            raise ModelLoadError(
                f"model directory {model_dir}: {CONFIG} says {key}={getattr(config, key)} "
                f"but {VOCAB} has {n}"
            )
    return config, vocabs


def _decode_word_tables(state: dict[str, torch.Tensor], config: TaggerConfig,
                        model_dir: Path) -> None:
    """Replace each stored word table (product-quantized, int8 or 4-bit, see
    :mod:`ner_model.storage.quantization`) in ``state`` by its float table, in place."""
    def malformed(key: str) -> ModelLoadError:
        return ModelLoadError(f"model directory {model_dir}: {WEIGHTS} has a malformed {key}")

    for name in WORD_TABLES:
        if f"{name}.pq_codes" in state and f"{name}.pq_codebook" in state:
            codes, book = state.pop(f"{name}.pq_codes"), state.pop(f"{name}.pq_codebook")
            if (codes.dtype != torch.uint8 or codes.dim() != 2 or book.dim() != 3
                    or book.shape[0] != codes.shape[1]
                    or book.shape[1] != quantization.PQ_CENTROIDS
                    or book.shape[0] * book.shape[2] != config.word_dim):
                raise malformed(f"{name}.pq_codes")
            state[name] = quantization.pq_decode(codes, book.float())
        elif f"{name}.int8" in state and f"{name}.scale" in state:
            q, scale = state.pop(f"{name}.int8"), state.pop(f"{name}.scale")
            if q.dtype != torch.int8 or q.dim() != 2 or scale.shape != q.shape[:1]:
                raise malformed(f"{name}.int8")
            state[name] = dequantize_rows(q, scale)
        elif f"{name}.int4" in state and f"{name}.scale" in state:
            q, scale = state.pop(f"{name}.int4"), state.pop(f"{name}.scale")
            if (q.dtype != torch.uint8 or q.dim() != 2 or scale.shape != q.shape[:1]
                    or 2 * q.shape[1] not in (config.word_dim, config.word_dim + 1)):
                raise malformed(f"{name}.int4")
            state[name] = dequantize_rows4(q, scale, config.word_dim)


def _check_state(state: dict[str, torch.Tensor], expected: dict[str, torch.Tensor],
                 model_dir: Path) -> None:
    """The stored tensors are exactly the ones the config implies, with their shapes."""
    if set(state) != set(expected):
        missing = sorted(set(expected) - set(state))
        extra = sorted(set(state) - set(expected))
        raise ModelLoadError(
            f"model directory {model_dir}: {WEIGHTS} does not match {CONFIG} "
            f"(missing {missing}, unexpected {extra})"
        )
    for k, v in state.items():
        if v.shape != expected[k].shape:
            raise ModelLoadError(
                f"model directory {model_dir}: {WEIGHTS} tensor {k} has shape "
                f"{tuple(v.shape)}, {CONFIG} implies {tuple(expected[k].shape)}"
            )


def load_model(path: Path | str | None = None) -> tuple[Tagger, Vocabularies, str]:
    """Load a model directory (or a registry's champion, or the default model).

    Returns:
        ``(model in eval mode, vocabularies, version)``.

    Raises:
        ModelLoadError: naming the directory and file that is missing or bad.
    """
    from ner_model.storage.registry import resolve_model_dir  # the registry imports this module

    model_dir = resolve_model_dir(path)
    config, vocabs = _read_config_and_vocab(model_dir)
    wpath = model_dir / WEIGHTS
    if not wpath.is_file():
        raise ModelLoadError(f"model directory {model_dir}: {WEIGHTS} is missing")
    try:
        state = load_file(str(wpath))
    except (SafetensorError, OSError, ValueError) as e:
        raise ModelLoadError(f"model directory {model_dir}: {WEIGHTS} is corrupt ({e})") from None
    _decode_word_tables(state, config, model_dir)
    model = Tagger(config)
    expected = model.state_dict()
    if "fixed_word_emb.weight" not in state and config.n_fixed_words == 0:  # older models
        state["fixed_word_emb.weight"] = expected["fixed_word_emb.weight"]
    _check_state(state, expected, model_dir)
    model.load_state_dict(state)
    model.eval()
    return model, vocabs, model_version(model_dir)


def read_metrics(model_dir: Path) -> dict | None:
    """``metrics.json`` of a model directory, or None when it has none."""
    path = Path(model_dir) / METRICS
    if not path.is_file():
        return None
    return _read_json(Path(model_dir), METRICS)

