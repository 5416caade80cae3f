"""The LSTM tagger: word + character + case features -> BiLSTM -> log-softmax over tags,
trained per token or (``TaggerConfig.crf``) as a linear-chain CRF.

``forward`` scores; it never decodes (decoding lives in :mod:`ner_model.decode`).

Tensor conventions (see :class:`TaggerBatch`):
    U  unique word types in the batch (index 0 is the padding type)
    C  characters per type (padded with PAD=0)
    R, L  grid rows and row length (powers of two)
    S  segments (pieces of text), T the longest segment, K tags
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from ner_model import crf
from ner_model.vocab import CASE_CLASSES, UNK


def quantize_rows(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row int8 quantization of a ``(N, D)`` table: ``(q (N, D) int8, scale (N,))``.

    Scales are powers of two, so ``dequantize_rows`` is exact in float32 and quantizing a
    dequantized table gives back the same ``q`` and ``scale`` (save -> load is an identity).
    """
    a = w.detach().abs().amax(dim=1).clamp(min=1e-30)
    scale = torch.exp2(torch.ceil(torch.log2(a / 127.0)))
    q = torch.round(w.detach() / scale[:, None]).clamp(-127, 127).to(torch.int8)
    return q, scale.float()


def dequantize_rows(q: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """``(N, D)`` float32 table from :func:`quantize_rows` output."""
    return q.float() * scale[:, None]


def quantize_rows4(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row 4-bit quantization of a ``(N, D)`` table, two values per byte:
    ``(packed (N, ceil(D / 2)) uint8, scale (N,) bfloat16)``, levels -7..7.

    The scale is a bfloat16 (8-bit mantissa), so ``level * scale`` is exact in float32 and
    quantizing a dequantized table gives back the same bytes (save -> load is an identity).
    Used for the fixed pretrained table, which is most of a model's size.
    """
    w = w.detach().float()
    a = w.abs().amax(dim=1)
    scale = torch.where(a > 0, a / 7.0, torch.ones_like(a)).to(torch.bfloat16)
    q = torch.round(w / scale.float()[:, None]).clamp(-7, 7).to(torch.int16) + 8  # 1..15
    if q.shape[1] % 2:
        q = torch.cat([q, torch.full((q.shape[0], 1), 8, dtype=q.dtype)], dim=1)
    packed = (q[:, 0::2] | (q[:, 1::2] << 4)).to(torch.uint8)
    return packed, scale


def dequantize_rows4(packed: torch.Tensor, scale: torch.Tensor, dim: int) -> torch.Tensor:
    """``(N, dim)`` float32 table from :func:`quantize_rows4` output."""
    p = packed.to(torch.int16)
    q = torch.stack([p & 15, p >> 4], dim=2).reshape(p.shape[0], -1)[:, :dim] - 8
    return q.float() * scale.float()[:, None]


@dataclass
class TaggerConfig:
    """Hyper-parameters of :class:`Tagger`; saved as ``config.json`` beside the weights."""

    n_words: int = 2  # word vocabulary size, PAD and UNK included
    n_fixed_words: int = 0  # last word ids whose (pretrained) vectors are never trained
    n_chars: int = 2  # character vocabulary size, PAD and UNK included
    n_tags: int = 1  # tag vocabulary size (O, B-x, I-x ...)
    word_dim: int = 50  # word embedding size (50 matches GloVe 6B 50d)
    char_dim: int = 32  # character embedding size
    char_filters: int = 64  # character CNN output size per word
    char_kernel: int = 3  # character CNN window
    max_word_chars: int = 24  # characters kept per word (longer words are truncated)
    case_dim: int = 8  # embedding size of the word's case/shape class
    glue: bool = True  # case classes doubled by "written glued to the previous token"
    underscore: bool = True  # ... and tripled by "written after an underscore"
    hidden: int = 96  # LSTM hidden size per direction (96 vs 64: ~+0.014 F1 on unseen forms, 0.87x extraction speed)
    layers: int = 1  # stacked LSTM layers
    bidirectional: bool = True  # BiLSTM (False: left-to-right only)
    crf: bool = True  # learned tag-transition scores, trained on whole-sequence likelihood
    dropout: float = 0.5  # dropout on the LSTM input and output
    word_dropout: float = 0.05  # training-time probability of replacing a word by UNK
    pretrained_swap: float = 0.0  # training-time probability of a seen word reading its pretrained vector
    max_len: int = 128  # tokens per window; longer texts are split into windows
    window_overlap: int = 32  # tokens shared by neighbouring windows
    token_budget: int = 8192  # grid cells (rows x row length) per batch

    def validate(self) -> None:
        """Fail fast on impossible settings (AllenNLP-style dimension checks)."""
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, int) and not isinstance(v, bool) and v < 0:
                raise ValueError(f"TaggerConfig.{f.name} must be >= 0, got {v}")
        if self.n_tags < 1 or self.n_words < 2 or self.n_chars < 2:
            raise ValueError("TaggerConfig needs n_tags >= 1, n_words >= 2 and n_chars >= 2")
        if self.n_fixed_words > self.n_words - 2:
            raise ValueError("TaggerConfig.n_fixed_words must leave PAD and UNK trainable")
        if self.hidden < 1 or self.layers < 1 or self.char_kernel % 2 == 0:
            raise ValueError("TaggerConfig needs hidden >= 1, layers >= 1, odd char_kernel")
        if not all(0.0 <= p < 1.0 for p in (self.dropout, self.word_dropout, self.pretrained_swap)):
            raise ValueError("TaggerConfig dropouts must be in [0, 1)")
        if not 0 <= self.window_overlap < self.max_len // 2 + 1:
            raise ValueError("TaggerConfig.window_overlap must be in [0, max_len / 2]")

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> TaggerConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown TaggerConfig keys: {sorted(unknown)}")
        # models saved before these options had neither
        return cls(**{"glue": False, "crf": False, "underscore": False, **data})


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
        self.char_cnn = nn.Conv1d(c.char_dim, c.char_filters, c.char_kernel, padding=c.char_kernel // 2)
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
            swap = (torch.rand(words.shape) < self.config.pretrained_swap) & self.pretrained_found[seen]
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
                allowed = nn.functional.one_hot(tags.clamp(0, logp.shape[2] - 1), logp.shape[2]).bool()
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
