"""End-to-end prediction: texts -> entity spans with character offsets and confidence.

``predict`` is pure: it returns spans and never writes anything.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ner_model.inference.batching import Piece, plan_length_buckets, split_into_pieces
from ner_model.inference.encoding import Encoder
from ner_model.model import Tagger
from ner_model.model.crf import decoding_scores, iob2_constraints, marginals, viterbi
from ner_model.model.fast import padded_index
from ner_model.storage.model_dir import load_model
from ner_model.text.labels import is_internal, public_tags, public_types
from ner_model.text.tokenizer import marked_tokens, token_spans
from ner_model.text.vocab import Vocabularies


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
        """Tag names, e.g. ``['B-BRAND', 'O']``; an internal type's tags
        (:mod:`ner_model.text.labels`) read ``O``."""
        return public_tags([self.names[i] for i in self.ids.tolist()])


@dataclass
class AnnotationArrays:
    """What :meth:`Predictor.annotate` finds in ``n`` texts, as flat arrays of ``E`` entities
    (entity order: by text, then by position)."""

    labels: list[str]  # label id -> name
    n_tokens: np.ndarray  # (n,) tokens per text
    n_windows: np.ndarray  # (n,) 0 empty, 1 normal, more when split into windows
    row: np.ndarray  # (E,) text index of each entity
    label: np.ndarray  # (E,) label id
    start: np.ndarray  # (E,) character offsets, ``text[start:end]`` is the entity
    end: np.ndarray  # (E,)
    confidence: np.ndarray  # (E,) mean probability of the entity's chosen tags

    @classmethod
    def concat(cls, parts: Sequence[AnnotationArrays], labels: list[str]) -> AnnotationArrays:
        """The arrays of consecutive chunks of texts, as one."""
        if not parts:
            z = np.zeros(0, dtype=np.int64)
            return cls(labels, z, z, z, z, z, z, np.zeros(0))
        base = np.cumsum([0, *(len(p.n_tokens) for p in parts[:-1])])
        return cls(
            labels=labels,
            n_tokens=np.concatenate([p.n_tokens for p in parts]),
            n_windows=np.concatenate([p.n_windows for p in parts]),
            row=np.concatenate([p.row + b for p, b in zip(parts, base, strict=True)]),
            label=np.concatenate([p.label for p in parts]),
            start=np.concatenate([p.start for p in parts]),
            end=np.concatenate([p.end for p in parts]),
            confidence=np.concatenate([p.confidence for p in parts]),
        )

    def to_annotations(self, texts: Sequence[str]) -> list[Annotation]:
        """One :class:`Annotation` per text."""
        ents: list[list[Entity]] = [[] for _ in texts]
        labels = self.labels
        for i, lab, a, b, c in zip(self.row.tolist(), self.label.tolist(), self.start.tolist(),
                                   self.end.tolist(), self.confidence.tolist(), strict=True):
            ents[i].append(Entity(labels[lab], a, b, texts[i][a:b], c))
        n_tok, n_win = self.n_tokens.tolist(), self.n_windows.tolist()
        return [Annotation(ents[i], n_tok[i], n_win[i]) for i in range(len(texts))]


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
    afresh, so memory stays bounded on any input. Not thread-safe: one bank per thread.
    """

    def __init__(self, model: Tagger, encoder: Encoder, capacity: int = 100_000) -> None:
        self.model = model
        self.encoder = encoder
        self.capacity = capacity
        self.bank = torch.zeros((capacity + 1, model.input_dim))
        self.index: dict[str, int] = {}

    def lookup(self, tokens: Sequence[str]) -> np.ndarray:
        """``(len(tokens),)`` bank row of each token (at most ``capacity`` distinct)."""
        index = self.index
        rows = list(map(index.get, tokens))
        if None not in rows:  # the usual case once the cache is warm
            return np.array(rows, dtype=np.int64)
        new = list(dict.fromkeys(t for t, r in zip(tokens, rows, strict=True) if r is None))
        if len(index) + len(new) > self.capacity:
            index.clear()
            new = list(dict.fromkeys(tokens))
        if new:
            words, chars, case = self.encoder.type_tensors(new)
            feats = self.model.type_features(words, chars, case)[1:]  # (n_new, D)
            first = len(index) + 1
            self.bank[first : first + len(new)] = feats
            for k, t in enumerate(new, start=first):
                index[t] = k
        return np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))


@dataclass
class _Tagged:
    """Decoded tags of many texts, concatenated in text order (``offsets[i]`` is the first
    token of text ``i``; ``offsets[-1]`` the total)."""

    ids: np.ndarray  # (N,) tag ids
    probs: np.ndarray  # (N,) probability of each chosen tag
    offsets: np.ndarray  # (n_texts + 1,)
    n_windows: np.ndarray  # (n_texts,)


class Predictor:
    """A loaded tagger ready to annotate texts.

    Inference runs the tagger's inference view (``Tagger.inference_view``: the computation
    of ``forward`` with the input-gate products cached per word type and the two LSTM
    directions fused) on length-sorted power-of-two batches whose padding is never
    computed; the per-type features are cached across batches (:class:`FeatureBank`).

    Thread-safe: the per-type feature cache is guarded by a lock, so threads sharing one
    predictor take turns in the tagger (use processes, :mod:`ner_model.inference.pool`, for
    parallel tagging).

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
        self.encoder = Encoder(
            vocabs, model.config.max_word_chars, glue=model.config.glue,
            underscore=model.config.underscore
        )
        # a batch never holds more distinct types than tokens, so this always fits one batch
        self.features = FeatureBank(self.model, self.encoder,
                                    max(100_000, model.config.token_budget))
        self._lock = threading.Lock()
        self.tag_names = vocabs.tags.all_items
        constraints, start_ok = iob2_constraints(self.tag_names)
        self._allowed = (constraints == 0).numpy()  # (K, K) [prev, next]
        self._start_ok = (start_ok == 0).numpy()  # (K,)
        # IOB2 constraints plus, for a CRF tagger, its learned transition scores
        self.trans, self.start, self.end = decoding_scores(self.tag_names,
                                                           *(model.transitions() or ()))
        self._is_i = np.array([n.startswith("I-") for n in self.tag_names])
        # internal types (people) are decoded like the others but never reported
        self.output_types = public_types(vocabs.entity_types)  # what annotate() reports
        self._label_of_tag = np.array(
            [self.output_types.index(n[2:]) if n != "O" and not is_internal(n) else -1
             for n in self.tag_names], dtype=np.int64)
        # the B tags that start a reported entity (an internal type's B never does)
        self._is_b = np.array([n.startswith("B-") for n in self.tag_names]) & (
            self._label_of_tag >= 0)
        self.view = model.inference_view()

    @classmethod
    def load(cls, path: Path | str | None = None) -> Predictor:
        """Load a model directory, a registry's champion, or (None) the default model."""
        model, vocabs, version = load_model(path)
        return cls(model, vocabs, version)

    def _log_probs(self, lengths: np.ndarray, tokens: list[str]) -> torch.Tensor:
        """``(N, K)`` tag log-probabilities of pieces laid end to end: ``lengths`` ``(S,)``
        sorted descending, ``tokens`` their N token strings in that order."""
        rows = self.features.lookup(tokens)
        return self.view.log_probs(self.features.bank, rows, lengths)

    def _decode(self, logp: torch.Tensor, poff: np.ndarray,
                plen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Constrained best tags ``(N,)`` and their probabilities ``(N,)`` of pieces laid end
        to end (``poff``/``plen``: each piece's offset and length) with ``logp`` ``(N, K)``.

        Without a CRF the arg-max path is the constrained optimum whenever it is valid IOB2
        (hard constraints, independent token scores), so only the pieces where it is not
        go through Viterbi; with a CRF every piece does."""
        if self.end is not None:
            best_np = np.empty(len(logp), dtype=np.int64)
            best_p = np.empty(len(logp), dtype=np.float32)
            self._viterbi_fix(logp, list(range(len(plen))), poff, plen, best_np, best_p)
            return best_np, best_p
        best_lp, best = logp.max(dim=1)
        best_np, best_p = best.numpy(), best_lp.exp().numpy()
        first = np.zeros(len(best_np), dtype=bool)
        first[poff] = True
        prev = np.roll(best_np, 1)
        bad = np.where(first, ~self._start_ok[best_np], ~self._allowed[prev, best_np])
        if bad.any():
            fix = np.unique(np.searchsorted(poff, np.flatnonzero(bad), side="right") - 1)
            self._viterbi_fix(logp, fix.tolist(), poff, plen, best_np, best_p)
        return best_np, best_p

    def _viterbi_fix(self, logp: torch.Tensor, fix: list[int], poff: np.ndarray, plen: np.ndarray,
                     best: np.ndarray, best_p: np.ndarray) -> None:
        """Replace the argmax tags of pieces ``fix`` (indices into the batch) by their
        constrained Viterbi path, in place. ``logp`` ``(N, K)``; ``best``/``best_p`` ``(N,)``."""
        lens = plen[fix]
        mask, flat_np = padded_index(poff[fix], lens)  # (S', T)
        flat = torch.from_numpy(flat_np)
        grid = torch.zeros((*mask.shape, logp.shape[1]))
        grid[torch.from_numpy(mask)] = logp[flat]
        # (S', T)
        tags = viterbi(grid, torch.from_numpy(lens), self.trans, self.start, self.end).numpy()
        dest = flat.numpy()
        chosen = tags[mask]
        best[dest] = chosen
        best_p[dest] = self._chosen_probs(grid, torch.from_numpy(lens), tags)[mask]

    def _chosen_probs(self, grid: torch.Tensor, lens: torch.Tensor, tags: np.ndarray) -> np.ndarray:
        """``(S, T)`` probability of each chosen tag: its CRF marginal (forward-backward),
        or without a CRF its softmax probability. ``grid`` ``(S, T, K)`` log-probabilities,
        ``tags`` ``(S, T)`` the chosen ids."""
        if self.end is not None:
            probs = marginals(grid, lens, self.trans, self.start, self.end).numpy()
        else:
            probs = grid.exp().numpy()
        return np.take_along_axis(probs, tags[:, :, None], axis=2)[:, :, 0]

    def _tag(self, token_lists: Sequence[Sequence[str]]) -> _Tagged:
        """Tag pre-tokenized sequences into flat arrays (IOB2-valid, padding never decoded)."""
        with self._lock:
            return self._tag_locked(token_lists)

    def _tag_locked(self, token_lists: Sequence[Sequence[str]]) -> _Tagged:
        cfg = self.config
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
        offsets = np.zeros(len(token_lists) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        ids = np.zeros(int(offsets[-1]), dtype=np.int64)
        probs = np.zeros(int(offsets[-1]), dtype=np.float32)
        n_windows = (lengths > 0).astype(np.int64)
        pieces, windows = split_into_pieces(lengths.tolist(), cfg.max_len, cfg.window_overlap)
        window_logp: dict[tuple[int, int], torch.Tensor] = {}
        with torch.inference_mode():
            for plan in plan_length_buckets(pieces, cfg.token_budget, cfg.max_len):
                batch = [s.piece for s in plan.segments]  # longest first
                toks: list[str] = []
                for p in batch:
                    toks.extend(token_lists[p.text_idx][p.start : p.start + p.length])
                plen = np.fromiter((p.length for p in batch), dtype=np.int64, count=len(batch))
                logp = self._log_probs(plen, toks)  # (N, K)
                poff = np.zeros(len(batch), dtype=np.int64)
                np.cumsum(plen[:-1], out=poff[1:])
                best_np, best_p = self._decode(logp, poff, plen)
                for k, p in enumerate(batch):
                    if p.text_idx in windows:
                        window_logp[(p.text_idx, p.start)] = (
                            logp[poff[k] : poff[k] + p.length].clone())
                # scatter to text order (windowed texts are merged below)
                keep = np.fromiter((p.text_idx not in windows for p in batch), dtype=bool,
                                   count=len(batch))
                starts = offsets[np.fromiter((p.text_idx for p in batch), dtype=np.int64,
                                             count=len(batch))]
                dest = np.arange(len(best_np)) + np.repeat(starts - poff, plen)
                sel = np.repeat(keep, plen)
                ids[dest[sel]] = best_np[sel]
                probs[dest[sel]] = best_p[sel]
            for idx, ws in windows.items():
                cuts = [0, *_window_cuts(ws), int(lengths[idx])]
                parts = [
                    window_logp[(idx, w.start)][cuts[k] - w.start : cuts[k + 1] - w.start]
                    for k, w in enumerate(ws)
                ]
                merged = torch.cat(parts).unsqueeze(0)  # (1, n, K)
                n = torch.tensor([int(lengths[idx])])
                tags = viterbi(merged, n, self.trans, self.start, self.end).numpy()
                lo, hi = offsets[idx], offsets[idx + 1]
                ids[lo:hi] = tags[0]
                probs[lo:hi] = self._chosen_probs(merged, n, tags)[0]
                n_windows[idx] = len(ws)
        return _Tagged(ids, probs, offsets, n_windows)

    def tag_tokens(self, token_lists: Sequence[Sequence[str]]) -> list[TaggedTokens]:
        """Tag pre-tokenized sequences (IOB2-valid output, padding never decoded).

        A token may carry the :data:`~ner_model.text.tokenizer.GLUE` prefix (written attached
        to the previous token; :func:`~ner_model.text.tokenizer.marked_tokens` makes such lists
        from a text, :attr:`~ner_model.training.data.Sentence.model_tokens` from labeled data);
        without marks every token is taken as space-separated.

        Batched and one-at-a-time calls give the same tags: every sequence is scored as
        its own packed sequence, whatever else shares its batch.
        """
        t = self._tag(token_lists)
        o = t.offsets.tolist()
        return [TaggedTokens(t.ids[o[i] : o[i + 1]], t.probs[o[i] : o[i + 1]], int(t.n_windows[i]),
                             self.tag_names) for i in range(len(token_lists))]

    def annotate_arrays(self, texts: Sequence[str]) -> AnnotationArrays:
        """Annotate raw texts into flat arrays (cheap to pass between processes)."""
        spans = [token_spans(t) for t in texts]
        if self.config.glue or self.config.underscore:
            token_lists = [marked_tokens(x, sp) for x, sp in zip(texts, spans, strict=True)]
        else:
            token_lists = [[x[s:e] for s, e in sp] for x, sp in zip(texts, spans, strict=True)]
        t = self._tag(token_lists)
        # decoded tags are valid IOB2: an entity is a B-X and the I-X run after it (an I
        # never starts a text, so runs never cross texts)
        starts = np.flatnonzero(self._is_b[t.ids])
        breaks = np.append(np.flatnonzero(~self._is_i[t.ids]), len(t.ids))
        ends = breaks[np.searchsorted(breaks, starts, side="right")]
        csum = np.concatenate([[0.0], np.cumsum(t.probs, dtype=np.float64)])
        conf = np.round((csum[ends] - csum[starts]) / (ends - starts), 6)
        row = np.searchsorted(t.offsets, starts, side="right") - 1
        first, last = starts - t.offsets[row], ends - 1 - t.offsets[row]
        char_start = np.empty(len(starts), dtype=np.int64)
        char_end = np.empty(len(starts), dtype=np.int64)
        for k, (i, a, b) in enumerate(zip(row.tolist(), first.tolist(), last.tolist(),
                                          strict=True)):
            sp = spans[i]
            char_start[k], char_end[k] = sp[a][0], sp[b][1]
        return AnnotationArrays(
            labels=self.output_types,
            n_tokens=np.diff(t.offsets),
            n_windows=t.n_windows,
            row=row,
            label=self._label_of_tag[t.ids[starts]],
            start=char_start,
            end=char_end,
            confidence=conf,
        )

    def annotate(self, texts: Sequence[str]) -> list[Annotation]:
        """Annotate raw texts: tokenize, tag, and turn tags into character spans."""
        return self.annotate_arrays(texts).to_annotations(texts)

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
