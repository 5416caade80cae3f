"""Turn tokenized text laid out by a :class:`BatchPlan` into a :class:`TaggerBatch`."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from ner_model.batching import BatchPlan, Segment
from ner_model.model import TaggerBatch
from ner_model.vocab import UNK, Vocabularies, case_class


class Encoder:
    """Maps token strings to word/char/case ids, with a bounded per-type cache.

    Campaign text repeats the same few hundred thousand strings, so each distinct string
    is converted once, not once per occurrence.
    """

    def __init__(self, vocabs: Vocabularies, max_word_chars: int, cache_size: int = 500_000):
        self.vocabs = vocabs
        self.max_word_chars = max_word_chars
        self.cache_size = cache_size
        self._cache: dict[str, tuple[int, int, list[int]]] = {}

    def type_info(self, token: str) -> tuple[int, int, list[int]]:
        """``(word_id, case_class, char_ids)`` of a token string."""
        got = self._cache.get(token)
        if got is None:
            chars = self.vocabs.chars.index
            got = (
                self.vocabs.word_id(token),
                case_class(token),
                [chars.get(c, UNK) for c in token[: self.max_word_chars]],
            )
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            self._cache[token] = got
        return got

    def encode(
        self,
        plan: BatchPlan,
        tokens: Sequence[Sequence[str]],
        tag_ids: Sequence[Sequence[int]] | None = None,
    ) -> tuple[TaggerBatch, list[Segment], torch.Tensor | None]:
        """Build the model input for ``plan``.

        Args:
            plan: the batch layout.
            tokens: token strings of every text (indexed by ``piece.text_idx``).
            tag_ids: optional gold tag ids per text, for training.

        Returns:
            ``(batch, segments, gold)``: segments in the batch's row order (longest
            first), and gold ``(S, T)`` tag ids (0 on padding) when ``tag_ids`` is given.
        """
        segments = sorted(plan.segments, key=lambda s: -s.piece.length)
        L = plan.row_len
        T = segments[0].piece.length
        S = len(segments)
        type_index: dict[str, int] = {}
        grid = [0] * (plan.rows * L)
        seg_pos = torch.zeros((S, T), dtype=torch.long)
        gold = torch.zeros((S, T), dtype=torch.long) if tag_ids is not None else None
        seg_len = torch.empty(S, dtype=torch.long)
        for si, seg in enumerate(segments):
            p = seg.piece
            base = seg.row * L + seg.col
            toks = tokens[p.text_idx][p.start : p.start + p.length]
            for j, tok in enumerate(toks):
                ti = type_index.get(tok)
                if ti is None:
                    ti = type_index[tok] = len(type_index) + 1
                grid[base + j] = ti
            seg_pos[si, : p.length] = torch.arange(base, base + p.length)
            seg_len[si] = p.length
            if gold is not None:
                gold[si, : p.length] = torch.tensor(tag_ids[p.text_idx][p.start : p.start + p.length])
        infos = [self.type_info(t) for t in type_index]
        U = len(infos) + 1
        C = max((len(i[2]) for i in infos), default=1) or 1
        type_words = torch.zeros(U, dtype=torch.long)
        type_case = torch.zeros(U, dtype=torch.long)
        type_chars = torch.zeros((U, C), dtype=torch.long)
        if infos:
            type_words[1:] = torch.tensor([i[0] for i in infos])
            type_case[1:] = torch.tensor([i[1] for i in infos])
            flat = [c for i in infos for c in i[2]]
            lens = torch.tensor([len(i[2]) for i in infos])
            cols = torch.arange(C)[None, :] < lens[:, None]
            type_chars[1:][cols] = torch.tensor(flat, dtype=torch.long)
        batch = TaggerBatch(
            type_words=type_words,
            type_chars=type_chars,
            type_case=type_case,
            grid=torch.tensor(grid, dtype=torch.long).view(plan.rows, L),
            seg_pos=seg_pos,
            seg_len=seg_len,
        )
        return batch, segments, gold
