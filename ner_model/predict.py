"""End-to-end prediction: texts -> entity spans with character offsets and confidence.

``predict`` is pure: it returns spans and never writes anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ner_model.batching import Piece, plan_batches, split_into_pieces
from ner_model.decode import iob2_constraints, viterbi
from ner_model.encode import Encoder, layout
from ner_model.model import Tagger, TaggerBatch
from ner_model.model_io import load_model
from ner_model.tokenizer import token_spans
from ner_model.vocab import Vocabularies


@dataclass(frozen=True)
class Entity:
    """One entity found in a text: ``text == source[start:end]``."""

    label: str
    start: int
    end: int
    text: str
    confidence: float


@dataclass(frozen=True)
class Annotation:
    """Everything predicted for one text."""

    entities: list[Entity]
    n_tokens: int
    n_windows: int  # 0 for an empty text, 1 normally, more when the text was split


@dataclass
class TaggedTokens:
    """Decoded tag ids of one token sequence and the probability of each chosen tag."""

    ids: np.ndarray  # (n,) tag ids, valid IOB2; 0 is O
    probs: np.ndarray  # (n,) probability of each chosen tag
    n_windows: int
    names: Sequence[str]  # tag id -> name

    @property
    def tags(self) -> list[str]:
        """Tag names, e.g. ``['B-BRAND', 'O']``."""
        return [self.names[i] for i in self.ids.tolist()]


def _window_cuts(windows: Sequence[Piece]) -> list[int]:
    """Token index where ownership passes from window ``w`` to ``w + 1``.

    A token belongs to the window in which it is farthest from an edge (ties go to the
    earlier window), so tokens near a window border, which saw less context, are always
    taken from the neighbour that saw more.
    """
    cuts = []
    for a, b in itertools.pairwise(windows):
        last_a = a.start + a.length - 1
        cuts.append((last_a + b.start) // 2 + 1)
    return cuts


class FeatureBank:
    """Per-type input features computed once and reused across batches (inference only).

    Row 0 is the padding type (zeros). When ``capacity`` types are cached the bank starts
    afresh, so memory stays bounded on any input.
    """

    def __init__(self, model: Tagger, encoder: Encoder, capacity: int = 100_000) -> None:
        self.model = model
        self.encoder = encoder
        self.capacity = capacity
        self.bank = torch.zeros((capacity + 1, model.input_dim))
        self.index: dict[str, int] = {}

    def rows(self, types: Sequence[str]) -> torch.Tensor:
        """``(len(types) + 1,)`` bank rows of the padding type and of ``types``."""
        new = [t for t in types if t not in self.index]
        if len(self.index) + len(new) > self.capacity:
            self.index.clear()
            new = list(types)
        if new:
            words, chars, case = self.encoder.type_tensors(new)
            feats = self.model.type_features(words, chars, case)[1:]  # (n_new, D)
            first = len(self.index) + 1
            self.bank[first : first + len(new)] = feats
            for k, t in enumerate(new):
                self.index[t] = first + k
        index = self.index
        return torch.tensor([0, *(index[t] for t in types)], dtype=torch.long)


class Predictor:
    """A loaded tagger ready to annotate texts.

    Args:
        model: the tagger (switched to eval mode).
        vocabs: its vocabularies.
        version: its model version string.
    """

    def __init__(self, model: Tagger, vocabs: Vocabularies, version: str = "unsaved") -> None:
        self.model = model.eval()
        self.vocabs = vocabs
        self.version = version
        self.config = model.config
        self.encoder = Encoder(vocabs, model.config.max_word_chars)
        # a batch never holds more distinct types than tokens, so this always fits one batch
        self.features = FeatureBank(self.model, self.encoder, max(100_000, model.config.token_budget))
        self.tag_names = vocabs.tags.all_items
        self.trans, self.start = iob2_constraints(self.tag_names)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Predictor:
        """Load a model directory, a registry's champion, or (None) the default model."""
        model, vocabs, version = load_model(path)
        return cls(model, vocabs, version)

    def tag_tokens(self, token_lists: Sequence[Sequence[str]]) -> list[TaggedTokens]:
        """Tag pre-tokenized sequences (IOB2-valid output, padding never decoded).

        Batched and one-at-a-time calls give the same tags: every sequence is scored as
        its own packed sequence, whatever else shares its batch.
        """
        cfg = self.config
        lengths = [len(t) for t in token_lists]
        pieces, windows = split_into_pieces(lengths, cfg.max_len, cfg.window_overlap)
        out: list[TaggedTokens | None] = [None] * len(token_lists)
        window_logp: dict[tuple[int, int], torch.Tensor] = {}
        with torch.inference_mode():
            for plan in plan_batches(pieces, cfg.token_budget, cfg.max_len):
                lay = layout(plan, token_lists)
                segs = lay.segments
                rows = self.features.rows(lay.types)
                empty = torch.zeros(0, dtype=torch.long)
                batch = TaggerBatch(empty, empty, empty, rows[lay.grid], lay.seg_pos, lay.seg_len)
                logp, _ = self.model(batch, feats=self.features.bank)
                tags = viterbi(logp, batch.seg_len, self.trans, self.start)
                probs = logp.gather(2, tags.unsqueeze(2)).squeeze(2).exp()
                tags_np, probs_np = tags.numpy(), probs.numpy()
                for si, seg in enumerate(segs):
                    p = seg.piece
                    if p.text_idx in windows:
                        window_logp[(p.text_idx, p.start)] = logp[si, : p.length].clone()
                    else:
                        out[p.text_idx] = TaggedTokens(
                            tags_np[si, : p.length], probs_np[si, : p.length], 1, self.tag_names
                        )
            for idx, ws in windows.items():
                cuts = [0, *_window_cuts(ws), lengths[idx]]
                parts = [
                    window_logp[(idx, w.start)][cuts[k] - w.start : cuts[k + 1] - w.start]
                    for k, w in enumerate(ws)
                ]
                merged = torch.cat(parts).unsqueeze(0)  # (1, n, K)
                tags = viterbi(merged, torch.tensor([lengths[idx]]), self.trans, self.start)
                probs = merged.gather(2, tags.unsqueeze(2)).squeeze(2).exp()
                out[idx] = TaggedTokens(tags[0].numpy(), probs[0].numpy(), len(ws), self.tag_names)
        none = np.zeros(0, dtype=np.int64)
        return [o if o is not None else TaggedTokens(none, none.astype(np.float32), 0, self.tag_names)
                for o in out]

    def annotate(self, texts: Sequence[str]) -> list[Annotation]:
        """Annotate raw texts: tokenize, tag, and turn tags into character spans."""
        spans = [token_spans(t) for t in texts]
        tagged = self.tag_tokens([[t[s:e] for s, e in sp] for t, sp in zip(texts, spans, strict=True)])
        # tag id -> (label, starts an entity); decoded tags are valid IOB2, so an entity is
        # a B-X followed by its I-X run.
        kinds = [(n[2:], n.startswith("B-")) for n in self.tag_names]
        result = []
        for text, sp, tt in zip(texts, spans, tagged, strict=True):
            ents: list[Entity] = []
            nz = np.flatnonzero(tt.ids).tolist()
            if nz:
                ids, probs = tt.ids.tolist(), tt.probs.tolist()
                i = 0
                while i < len(nz):
                    s = nz[i]
                    label, _ = kinds[ids[s]]
                    e = s + 1
                    i += 1
                    while i < len(nz) and nz[i] == e and not kinds[ids[e]][1]:
                        e += 1
                        i += 1
                    start, end = sp[s][0], sp[e - 1][1]
                    conf = sum(probs[s:e]) / (e - s)
                    ents.append(Entity(label, start, end, text[start:end], round(conf, 6)))
            result.append(Annotation(ents, len(sp), tt.n_windows))
        return result

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each text (empty list for empty or entity-free texts)."""
        return [a.entities for a in self.annotate(texts)]


_DEFAULT: dict[str, Predictor] = {}


def predict(texts: Sequence[str], model: Path | str | None = None) -> list[list[Entity]]:
    """Entities in each of ``texts``, using ``model`` (a model directory or registry) or
    the shipped default model. The loaded model is cached per path."""
    key = str(model)
    if key not in _DEFAULT:
        _DEFAULT[key] = Predictor.load(model)
    return _DEFAULT[key].predict(texts)
