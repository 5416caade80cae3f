"""The LSTM tagger: word + character + case features -> BiLSTM -> log-softmax over tags,
trained per token or (``TaggerConfig.crf``) as a linear-chain CRF.

``forward`` scores; it never decodes (decoding lives in :mod:`ner_model.model.crf`; the
fast inference computation is :meth:`Tagger.inference_view`).

Tensor conventions (see :class:`TaggerBatch`):
    U  unique word types in the batch (index 0 is the padding type)
    C  characters per type (padded with PAD=0)
    R, L  grid rows and row length (powers of two)
    S  segments (pieces of text), T the longest segment, K tags
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from ner_model.model import crf
from ner_model.model.config import TaggerConfig
from ner_model.text.vocab import CASE_CLASSES, UNK


@dataclass
class TaggerBatch:
    """Model input for one batch.

    Attributes:
        type_words: ``(U,)`` word id of each unique type; type 0 is padding.
        type_chars: ``(U, C)`` character ids of each type, PAD=0 right-padded.
        type_case: ``(U,)`` case class of each type (0 = padding).
        grid: ``(R, L)`` type index of each grid cell; 0 = padding.
        seg_pos: ``(S, T)`` flat grid index ``row * L + col + t`` of token ``t`` of each
            segment (0 where ``t >= length``; those positions are masked).
        seg_len: ``(S,)`` segment lengths, sorted descending (so packing needs no sort).
    """

    type_words: torch.Tensor
    type_chars: torch.Tensor
    type_case: torch.Tensor
    grid: torch.Tensor
    seg_pos: torch.Tensor
    seg_len: torch.Tensor

    @property
    def mask(self) -> torch.Tensor:
        """``(S, T)`` bool, True on real tokens."""
        t = torch.arange(self.seg_pos.shape[1])
        return t[None, :] < self.seg_len[:, None]


class Tagger(nn.Module):
    """BiLSTM tagger with a character CNN, returning per-token tag log-probabilities."""

    def __init__(self, config: TaggerConfig) -> None:
        super().__init__()
        config.validate()
        self.config = config
        c = config
        # Words seen in training have trained vectors; the pretrained vectors of words never
        # seen in training stay as they are (a separate, frozen table) so that an unseen word
        # still gets a vector from the space the trained ones started in.
        self.word_emb = nn.Embedding(c.n_words - c.n_fixed_words, c.word_dim, padding_idx=0)
        self.fixed_word_emb = nn.Embedding(max(c.n_fixed_words, 1), c.word_dim)
        self.fixed_word_emb.weight.requires_grad_(False)
        self.char_emb = nn.Embedding(c.n_chars, c.char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(c.char_dim, c.char_filters, c.char_kernel,
                                  padding=c.char_kernel // 2)
        # case class, + len(CASE_CLASSES) for a token written glued to its predecessor,
        # + 2 len(CASE_CLASSES) for one written after an underscore
        blocks = 3 if c.underscore else (2 if c.glue else 1)
        self.case_emb = nn.Embedding(len(CASE_CLASSES) * blocks, c.case_dim, padding_idx=0)
        in_dim = c.word_dim + c.char_filters + c.case_dim
        self.drop = nn.Dropout(c.dropout)
        self.lstm = nn.LSTM(
            in_dim,
            c.hidden,
            num_layers=c.layers,
            bidirectional=c.bidirectional,
            batch_first=True,
            dropout=c.dropout if c.layers > 1 else 0.0,
        )
        self.out = nn.Linear(c.hidden * (2 if c.bidirectional else 1), c.n_tags)
        if c.crf:  # trans[prev, next], start[first], end[last] (no IOB2 constraints: see crf.py)
            self.crf_trans = nn.Parameter(torch.zeros(c.n_tags, c.n_tags))
            self.crf_start = nn.Parameter(torch.zeros(c.n_tags))
            self.crf_end = nn.Parameter(torch.zeros(c.n_tags))
        # training only, never saved: the pretrained vectors of the trained words (zero rows
        # where there is none), see set_pretrained()
        self.register_buffer("pretrained_seen", torch.zeros(0, c.word_dim), persistent=False)
        self.register_buffer("pretrained_found", torch.zeros(0, dtype=torch.bool), persistent=False)

    def set_pretrained(self, vectors: torch.Tensor, found: torch.Tensor) -> None:
        """Give the trained words their pretrained vectors for ``config.pretrained_swap``.

        Words never seen in training are read from the fixed pretrained table, which the
        layers above never see during training unless some seen words are also read from
        their untrained pretrained vectors: with probability ``pretrained_swap`` per type and
        step, a word with a pretrained vector reads it instead of its trained one.

        Args:
            vectors: ``(n_words - n_fixed_words, word_dim)``; found: ``(same,)`` bool.
        """
        self.pretrained_seen = vectors.detach().clone().float()
        self.pretrained_found = found.detach().clone().bool()

    @property
    def input_dim(self) -> int:
        """Size of the per-token feature vector the LSTM reads."""
        return self.lstm.input_size

    def type_features(
        self, words: torch.Tensor, chars: torch.Tensor, case: torch.Tensor
    ) -> torch.Tensor:
        """Features of each unique type: ``(U, word_dim + char_filters + case_dim)``.

        Computed once per type, not per token: in campaign text a batch of 8k tokens has
        only a few thousand distinct words, so the character CNN runs on far fewer rows.

        Args:
            words: ``(U,)`` word ids; chars: ``(U, C)`` char ids; case: ``(U,)`` classes.
        """
        if self.training and self.config.word_dropout > 0:
            drop = torch.rand(words.shape) < self.config.word_dropout
            words = torch.where(drop & (words > 0), torch.full_like(words, UNK), words)
        ch = self.char_emb(chars).transpose(1, 2)  # (U, char_dim, C)
        ch = self.char_cnn(ch)  # (U, F, C)
        ch = ch.masked_fill((chars == 0)[:, None, :], float("-inf")).amax(dim=2)  # (U, F)
        ch = torch.where(torch.isfinite(ch), ch, torch.zeros_like(ch))  # type 0 has no chars
        vec = self.word_vectors(words)
        if self.training and self.config.pretrained_swap > 0 and len(self.pretrained_found):
            seen = words.clamp(max=len(self.pretrained_found) - 1)
            swap = ((torch.rand(words.shape) < self.config.pretrained_swap)
                    & self.pretrained_found[seen])
            swap &= (words > 0) & (words < len(self.pretrained_found))
            vec = torch.where(swap[:, None], self.pretrained_seen[seen], vec)
        return torch.cat([vec, ch, self.case_emb(case)], dim=1)

    def word_vectors(self, words: torch.Tensor) -> torch.Tensor:
        """``(U,)`` word ids -> ``(U, word_dim)`` vectors from the trained or the fixed table."""
        n = self.word_emb.num_embeddings
        vec = self.word_emb(words.clamp(max=n - 1))
        if self.config.n_fixed_words:
            fixed = words >= n
            vec = torch.where(fixed[:, None], self.fixed_word_emb((words - n).clamp(min=0)), vec)
        return vec

    def transitions(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
        """The learned CRF scores ``(trans (K, K) [prev, next], start (K,), end (K,))``,
        or None for a tagger trained without a CRF."""
        if not self.config.crf:
            return None
        return self.crf_trans, self.crf_start, self.crf_end

    def inference_view(self):  # -> ner_model.model.fast.InferenceView
        """This tagger's computation for inference (:class:`~ner_model.model.fast.InferenceView`):
        the same log-probabilities as :meth:`forward` in eval mode, on packed token rows with
        the LSTM input gates cached per word type. Takes a copy of the current weights."""
        from ner_model.model.fast import InferenceView  # fast.py builds on this module

        return InferenceView(self.eval())

    def forward(
        self,
        b: TaggerBatch,
        tags: torch.Tensor | None = None,
        allowed: torch.Tensor | None = None,
        feats: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Score every token of every segment.

        Args:
            b: the batch.
            tags: optional ``(S, T)`` gold tag ids; positions past ``seg_len`` are ignored
                whatever they hold.
            allowed: optional ``(S, T, K)`` bool, the set of acceptable tags per token
                (partial annotation); the loss is then ``-log sum(p(allowed))``. Takes
                precedence over ``tags``.
            feats: optional precomputed ``(U', D)`` type features indexed by ``b.grid``
                (inference caches them across batches); then ``b.type_*`` are unused.

        Returns:
            ``(log_probs, loss)``: log-probabilities ``(S, T, K)`` (rows past a segment's
            length are meaningless) and, with ``tags`` or ``allowed``, the negative
            log-likelihood per real token (else None): of each token's tag, or with
            ``config.crf`` of each segment's tag sequence (summed, divided by the tokens).
            With a CRF the log-probabilities are the emission scores the transition scores
            are added to (a per-token shift such as the softmax's changes no sequence's
            probability).
        """
        if feats is None:
            feats = self.type_features(b.type_words, b.type_chars, b.type_case)  # (U, D)
        tokens = feats[b.grid.reshape(-1)]  # (R*L, D)
        x = tokens[b.seg_pos]  # (S, T, D)
        x = self.drop(x)
        packed = pack_padded_sequence(x, b.seg_len, batch_first=True, enforce_sorted=True)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])  # (S, T, 2H)
        logp = torch.log_softmax(self.out(self.drop(h)), dim=-1)  # (S, T, K)
        loss = None
        if self.config.crf and (allowed is not None or tags is not None):
            mask = b.mask
            if allowed is None:
                allowed = nn.functional.one_hot(tags.clamp(0, logp.shape[2] - 1),
                                                logp.shape[2]).bool()
            seq = crf.nll(logp, mask, allowed, self.crf_trans, self.crf_start, self.crf_end)  # (S,)
            return logp, seq.sum() / mask.sum().clamp(min=1)
        if allowed is not None:
            gold = torch.logsumexp(logp.masked_fill(~allowed, float("-inf")), dim=2)
        elif tags is not None:
            gold = logp.gather(2, tags.clamp(0, logp.shape[2] - 1).unsqueeze(2)).squeeze(2)
        if allowed is not None or tags is not None:
            mask = b.mask
            loss = -torch.where(mask, gold, 0.0).sum() / mask.sum().clamp(min=1)
        return logp, loss
