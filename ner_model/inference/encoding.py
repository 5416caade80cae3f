"""Turn tokenized text laid out by a :class:`BatchPlan` into a :class:`TaggerBatch`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from ner_model.inference.batching import BatchPlan, Segment
from ner_model.model import TaggerBatch
from ner_model.text.tokenizer import GLUE, UNDERSCORE
from ner_model.text.vocab import CASE_CLASSES, UNK, Vocabularies, case_class


@dataclass
class Layout:
    """A batch before any vocabulary lookup.

    Attributes:
        types: the distinct token strings of the batch; type ``i + 1`` is ``types[i]``
            (type 0 is padding).
        grid: ``(R, L)`` type index per grid cell.
        seg_pos: ``(S, T)`` flat grid index of each segment token (0 past its length).
        seg_len: ``(S,)`` segment lengths, longest first.
        segments: the segments in that order.
        gold: ``(S, T)`` gold tag ids (0 on padding), when tags were given.
    """

    types: list[str]
    grid: torch.Tensor
    seg_pos: torch.Tensor
    seg_len: torch.Tensor
    segments: list[Segment]
    gold: torch.Tensor | None = None


def layout(
    plan: BatchPlan,
    tokens: Sequence[Sequence[str]],
    tag_ids: Sequence[Sequence[int]] | None = None,
) -> Layout:
    """Place the tokens of ``plan``'s segments in its grid and index their types.

    Args:
        plan: the batch layout.
        tokens: token strings of every text (indexed by ``piece.text_idx``).
        tag_ids: optional gold tag ids per text, for training.
    """
    segments = sorted(plan.segments, key=lambda s: -s.piece.length)
    L = plan.row_len
    T = segments[0].piece.length
    type_index: dict[str, int] = {}
    grid = [0] * (plan.rows * L)
    pos_rows: list[list[int]] = []
    gold_rows: list[list[int]] | None = [] if tag_ids is not None else None
    for seg in segments:
        p = seg.piece
        base = seg.row * L + seg.col
        for j, tok in enumerate(tokens[p.text_idx][p.start : p.start + p.length]):
            ti = type_index.get(tok)
            if ti is None:
                ti = type_index[tok] = len(type_index) + 1
            grid[base + j] = ti
        pad = [0] * (T - p.length)
        pos_rows.append([*range(base, base + p.length), *pad])
        if gold_rows is not None:
            gold_rows.append([*tag_ids[p.text_idx][p.start : p.start + p.length], *pad])
    return Layout(
        types=list(type_index),
        grid=torch.tensor(grid, dtype=torch.long).view(plan.rows, L),
        seg_pos=torch.tensor(pos_rows, dtype=torch.long),
        seg_len=torch.tensor([s.piece.length for s in segments], dtype=torch.long),
        segments=segments,
        gold=torch.tensor(gold_rows, dtype=torch.long) if gold_rows is not None else None,
    )


class Encoder:
    """Maps token strings to word/char/case ids, with a bounded per-type cache.

    Campaign text repeats the same few hundred thousand strings, so each distinct string
    is converted once, not once per occurrence. A token string starting with
    :data:`~ner_model.text.tokenizer.GLUE` was written glued to its predecessor: with ``glue``
    its case class is shifted by ``len(CASE_CLASSES)``; one starting with
    :data:`~ner_model.text.tokenizer.UNDERSCORE` was written after an underscore: with
    ``underscore`` its case class is shifted by ``2 * len(CASE_CLASSES)``. Without the
    option a mark is ignored (the token reads as space-separated).
    """

    def __init__(
        self,
        vocabs: Vocabularies,
        max_word_chars: int,
        cache_size: int = 500_000,
        glue: bool = False,
        underscore: bool = False,
    ):
        self.vocabs = vocabs
        self.max_word_chars = max_word_chars
        self.glue = glue
        self.underscore = underscore
        self.cache_size = cache_size
        self._cache: dict[str, tuple[int, int, list[int]]] = {}

    def type_info(self, token: str) -> tuple[int, int, list[int]]:
        """``(word_id, case_class, char_ids)`` of a token string."""
        got = self._cache.get(token)
        if got is None:
            chars = self.vocabs.chars.index
            mark = token[:1]
            word = token[1:] if mark in (GLUE, UNDERSCORE) else token
            if mark == GLUE and self.glue:
                shift = len(CASE_CLASSES)
            elif mark == UNDERSCORE and self.underscore:
                shift = 2 * len(CASE_CLASSES)
            else:
                shift = 0
            got = (
                self.vocabs.word_id(word),
                case_class(word) + shift,
                [chars.get(c, UNK) for c in word[: self.max_word_chars]],
            )
            if len(self._cache) >= self.cache_size:
                self._cache.clear()
            self._cache[token] = got
        return got

    def type_tensors(self, types: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(words (U,), chars (U, C), case (U,))`` for ``types``, with row 0 = padding."""
        infos = [self.type_info(t) for t in types]
        U = len(infos) + 1
        C = max((len(i[2]) for i in infos), default=1) or 1
        words = torch.zeros(U, dtype=torch.long)
        case = torch.zeros(U, dtype=torch.long)
        chars = torch.zeros((U, C), dtype=torch.long)
        if infos:
            words[1:] = torch.tensor([i[0] for i in infos])
            case[1:] = torch.tensor([i[1] for i in infos])
            lens = torch.tensor([len(i[2]) for i in infos])
            cols = torch.arange(C)[None, :] < lens[:, None]
            chars[1:][cols] = torch.tensor([c for i in infos for c in i[2]], dtype=torch.long)
        return words, chars, case

    def encode(
        self,
        plan: BatchPlan,
        tokens: Sequence[Sequence[str]],
        tag_ids: Sequence[Sequence[int]] | None = None,
    ) -> tuple[TaggerBatch, list[Segment], torch.Tensor | None]:
        """Build the model input for ``plan``.

        Returns:
            ``(batch, segments, gold)``: segments in the batch's row order (longest
            first), and gold ``(S, T)`` tag ids (0 on padding) when ``tag_ids`` is given.
        """
        lay = layout(plan, tokens, tag_ids)
        words, chars, case = self.type_tensors(lay.types)
        batch = TaggerBatch(
            type_words=words,
            type_chars=chars,
            type_case=case,
            grid=lay.grid,
            seg_pos=lay.seg_pos,
            seg_len=lay.seg_len,
        )
        return batch, lay.segments, lay.gold
