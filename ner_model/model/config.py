"""The tagger's hyper-parameters: one dataclass, validated when a model is built and saved
as ``config.json`` beside the weights."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


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
    # LSTM hidden size per direction (96 rather than 64: better on unseen forms, at some cost in
    # extraction speed)
    hidden: int = 96
    layers: int = 1  # stacked LSTM layers
    bidirectional: bool = True  # BiLSTM (False: left-to-right only)
    crf: bool = True  # learned tag-transition scores, trained on whole-sequence likelihood
    dropout: float = 0.5  # dropout on the LSTM input and output
    word_dropout: float = 0.05  # training-time probability of replacing a word by UNK
    # training-time probability of a seen word reading its pretrained vector
    pretrained_swap: float = 0.0
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
