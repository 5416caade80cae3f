"""Training: shuffled power-of-two batches, Adam, clipping, early stopping on dev F1."""

from __future__ import annotations

import copy
import logging
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import torch

from ner_model.inference.batching import BatchPlan, Piece, plan_length_buckets, split_into_pieces
from ner_model.inference.encoding import Encoder
from ner_model.inference.predictor import Predictor
from ner_model.model import Tagger, TaggerConfig
from ner_model.storage import quantization
from ner_model.text.labels import public_tags
from ner_model.text.tokenizer import token_spans
from ner_model.text.vocab import Vocabularies
from ner_model.training.data import LabeledDataError, Sentence
from ner_model.training.embeddings import glove_root, glove_rows, glove_top_words
from ner_model.training.metrics import EvalResult, evaluate_tags
from ner_model.training.options import TrainOptions

log = logging.getLogger(__name__)


@dataclass
class TrainResult:
    """A trained model and how it got there."""

    model: Tagger
    vocabs: Vocabularies
    history: list[dict] = field(default_factory=list)  # one entry per epoch
    best_epoch: int = 0
    dev: EvalResult | None = None  # dev scores of the kept (best) model
    stopped: str = ""  # why training ended
    seconds: float = 0.0  # set-up and epochs
    setup_seconds: float = 0.0  # vocabularies and pretrained vectors, before the first epoch
    pretrained_rows: int = 0  # word vectors initialised from GloVe


def evaluate_model(
    model: Tagger, vocabs: Vocabularies, sentences: Sequence[Sentence]
) -> tuple[EvalResult, list[list[str]]]:
    """Score ``model`` on labeled sentences; returns the result and the predicted tags.

    Predictions of a type a sentence's corpus does not annotate (``Sentence.unannotated``)
    are not counted: the gold data cannot say whether they are right. Internal types
    (:mod:`ner_model.text.labels`) are never scored: they read ``O`` on both sides.
    """
    pred = [t.tags
            for t in Predictor(model, vocabs).tag_tokens([s.model_tokens for s in sentences])]
    for s, p in zip(sentences, pred, strict=True):
        if s.unannotated:
            p[:] = ["O" if t != "O" and t[2:] in s.unannotated else t for t in p]
    return evaluate_tags([public_tags(s.tags) for s in sentences], pred), pred


class WeightAverage:
    """Exponential moving average of a model's trainable parameters.

    Updated after every optimiser step; evaluating and keeping the average instead of
    the last weights smooths out the noise of the final steps. The decay ramps up from
    0 (``min(decay, (1 + n) / (10 + n))`` after ``n`` steps) so early averages do not
    drag the random initialisation along.
    """

    def __init__(self, model: torch.nn.Module, decay: float) -> None:
        if not 0.0 < decay < 1.0:
            raise ValueError(f"weight-average decay must be in (0, 1), not {decay}")
        self.decay = decay
        self.steps = 0
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.average = [p.detach().clone() for p in self.params]

    @torch.no_grad()
    def update(self) -> None:
        self.steps += 1
        decay = min(self.decay, (1 + self.steps) / (10 + self.steps))
        for avg, p in zip(self.average, self.params, strict=True):
            avg.lerp_(p, 1.0 - decay)

    @contextmanager
    def swapped_in(self) -> Iterator[None]:
        """Within the block the model holds the averaged weights; afterwards its own."""
        with torch.no_grad():
            own = [p.detach().clone() for p in self.params]
            for p, avg in zip(self.params, self.average, strict=True):
                p.copy_(avg)
        try:
            yield
        finally:
            with torch.no_grad():
                for p, w in zip(self.params, own, strict=True):
                    p.copy_(w)


def _epoch_batches(
    pieces: Sequence[Piece], budget: int, max_len: int, rng: random.Random
) -> list[BatchPlan]:
    """Batches for one epoch: shuffle, bucket within chunks, shuffle batch order.

    Bucketing within random chunks of ~32 batches keeps lengths similar inside a batch
    (little padding) while the batch composition still changes every epoch.
    """
    order = list(pieces)
    rng.shuffle(order)
    chunk_tokens = budget * 32
    batches: list[BatchPlan] = []
    start = 0
    while start < len(order):
        total, end = 0, start
        while end < len(order) and total < chunk_tokens:
            total += order[end].length
            end += 1
        batches.extend(plan_length_buckets(order[start:end], budget, max_len))
        start = end
    rng.shuffle(batches)
    return batches


def _o_alternatives(train: Sequence[Sentence], vocabs: Vocabularies) -> dict[int, list[int]]:
    """For partially annotated sentences: sentence index -> tag ids an ``O`` may stand for."""
    out = {}
    for i, s in enumerate(train):
        if s.unannotated:
            ids = [vocabs.tags.index[f"{p}-{t}"] for t in sorted(s.unannotated)
                   for p in ("B", "I") if f"{p}-{t}" in vocabs.tags]
            if ids:
                out[i] = ids
    return out


def _allowed(
    gold: torch.Tensor, segs: Sequence, alternatives: dict[int, list[int]], n_tags: int
) -> torch.Tensor:
    """``(S, T, K)`` acceptable tags: the gold tag, plus the unannotated types' tags
    where a partially annotated sentence says ``O`` (tag id 0)."""
    allowed = torch.nn.functional.one_hot(gold, n_tags).bool()
    for si, seg in enumerate(segs):
        alt = alternatives.get(seg.piece.text_idx)
        if alt:
            is_o = gold[si] == 0  # (T,)
            allowed[si][:, alt] |= is_o.unsqueeze(1)
    return allowed


def _no_progress(message: str) -> None:
    """The default ``on_progress``: log at INFO."""
    log.info("%s", message)


def build_model(
    train: Sequence[Sentence], config: TaggerConfig, options: TrainOptions,
    on_progress: Callable[[str], None] = _no_progress,
) -> tuple[Tagger, Vocabularies, int]:
    """Vocabularies from ``train`` (+ frequent GloVe words) and a freshly initialised
    model; returns ``(model, vocabs, rows initialised from GloVe)``. ``on_progress`` hears
    a line before each slow step (reading GloVe, fitting its quantizer)."""
    extra: list[str] = []
    if options.pretrained:  # no GloVe package: GloveUnavailable, never a silent fallback
        on_progress(f"set-up: reading the {options.pretrained_words:,} most frequent "
                    "GloVe words")
        # a word the tokenizer never produces as one token can never be looked up
        extra = [w for w in glove_top_words(options.pretrained_words)
                 if token_spans(w) == [(0, len(w))]]
    vocabs = Vocabularies.build([s.tokens for s in train], [s.tags for s in train], extra)
    on_progress(f"set-up: vocabulary of {len(vocabs.words):,} words "
                f"({vocabs.n_extra_words:,} GloVe words never seen in training)")
    config = copy.copy(config)
    config.n_words, config.n_chars, config.n_tags = (
        len(vocabs.words), len(vocabs.chars), len(vocabs.tags))
    words = vocabs.words.all_items
    config.n_fixed_words = vocabs.n_extra_words if options.pretrained else 0
    n_seen = len(words) - config.n_fixed_words
    model = Tagger(config)
    found_rows = 0
    if options.pretrained:
        vectors, found = glove_rows(words, config.word_dim)
        std = float(vectors[found].std()) if found.any() else 0.1
        with torch.no_grad():
            w = model.word_emb.weight  # (n_seen, D): trained, GloVe where GloVe has the word
            w.normal_(0.0, std)
            w[torch.from_numpy(found[:n_seen])] = torch.from_numpy(vectors[:n_seen][found[:n_seen]])
            w[0].zero_()
            seen = torch.from_numpy(vectors[:n_seen])
            if config.n_fixed_words:  # (n_fixed, D): GloVe words never seen in training,
                # product-quantized as they are saved, so training sees what ships; the seen
                # words' GloVe vectors (for pretrained_swap) go through the same codebook
                on_progress(f"set-up: product-quantizing {config.n_fixed_words:,} fixed "
                            "GloVe vectors")
                fixed = torch.from_numpy(vectors[n_seen:])
                book = quantization.pq_fit(fixed, quantization.pq_sub_dim(config.word_dim),
                                           seed=options.seed)
                model.fixed_word_emb.weight.copy_(quantization.pq_round(fixed, book))
                seen = quantization.pq_round(seen, book)
            model.set_pretrained(seen, torch.from_numpy(found[:n_seen]))
        found_rows = int(found.sum())
    return model, vocabs, found_rows


def _split_dev(
    train: list[Sentence], dev: Sequence[Sentence] | None, options: TrainOptions,
    rng: random.Random,
) -> tuple[list[Sentence], Sequence[Sentence]]:
    """``(train, dev)``: ``dev`` as given, or ``options.dev_fraction`` of ``train`` held out.

    Raises:
        LabeledDataError: nothing left to train on, or a dev set without entities.
    """
    if dev is None:
        shuffled = list(train)
        rng.shuffle(shuffled)
        n_dev = max(1, int(len(shuffled) * options.dev_fraction))
        dev, train = shuffled[:n_dev], shuffled[n_dev:]
        if not train:
            raise LabeledDataError("training set too small to hold out a dev split; pass --dev")
    if not any(t != "O" for s in dev for t in s.tags):
        raise LabeledDataError("dev set has no entities: entity F1 cannot guide training")
    return train, dev


class _Steps:
    """The optimisation state of one training run: encoded training data, optimiser,
    learning-rate schedule and weight average; :meth:`epoch` runs one pass over the data."""

    def __init__(self, model: Tagger, vocabs: Vocabularies, train: Sequence[Sentence],
                 options: TrainOptions) -> None:
        c = model.config
        self.model, self.vocabs, self.options = model, vocabs, options
        self.tag_ids = [[vocabs.tags.index.get(t, 0) for t in s.tags] for s in train]
        self.tokens = [s.model_tokens for s in train]
        self.pieces, _ = split_into_pieces([len(t) for t in self.tokens], c.max_len,
                                           c.window_overlap)
        self.encoder = Encoder(vocabs, c.max_word_chars, glue=c.glue, underscore=c.underscore)
        self.alternatives = _o_alternatives(train, vocabs)
        self.opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad],
                                    lr=options.lr)
        self.sched = torch.optim.lr_scheduler.ExponentialLR(self.opt, gamma=options.lr_decay)
        self.average = WeightAverage(model, options.ema) if options.ema else None

    def epoch(self, rng: random.Random, deadline: float | None) -> float:
        """One epoch (cut short at ``deadline``, a ``time.monotonic()`` value); returns the
        mean training loss per token."""
        model, o = self.model, self.options
        model.train()
        total_loss, total_tokens = 0.0, 0
        for plan in _epoch_batches(self.pieces, o.batch_tokens, model.config.max_len, rng):
            batch, segs, gold = self.encoder.encode(plan, self.tokens, self.tag_ids)
            allowed = (_allowed(gold, segs, self.alternatives, len(self.vocabs.tags))
                       if self.alternatives else None)
            _, loss = model(batch, gold, allowed)
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), o.clip)
            self.opt.step()
            if self.average:
                self.average.update()
            total_loss += float(loss.detach()) * plan.n_tokens
            total_tokens += plan.n_tokens
            if deadline and time.monotonic() > deadline:
                break
        self.sched.step()
        return total_loss / max(total_tokens, 1)

    def evaluate(self, dev: Sequence[Sentence], best_f1: float) -> tuple[EvalResult, dict | None]:
        """Dev scores of the weights training keeps (the average, if any), and a copy of
        those weights when they beat ``best_f1``."""
        with self.average.swapped_in() if self.average else nullcontext():
            result, _ = evaluate_model(self.model, self.vocabs, dev)
            if result.micro_f1 > best_f1:
                return result, {k: v.detach().clone() for k, v in self.model.state_dict().items()}
        return result, None


def _stop_reason(best_f1: float, bad_epochs: int, deadline: float | None,
                 options: TrainOptions) -> str | None:
    """Why training stops after this epoch, or None to go on."""
    if best_f1 >= 1.0:
        return "dev F1 is perfect"
    if deadline and time.monotonic() > deadline:
        return f"time budget of {options.budget_minutes} min reached"
    if bad_epochs >= options.patience:
        return f"no dev F1 gain for {options.patience} epochs"
    return None


def train_model(
    train: Sequence[Sentence],
    dev: Sequence[Sentence] | None = None,
    config: TaggerConfig | None = None,
    options: TrainOptions | None = None,
    on_epoch: Callable[[dict], None] | None = None,
    on_progress: Callable[[str], None] = _no_progress,
) -> TrainResult:
    """Train a tagger, keeping the checkpoint with the best dev entity F1.

    The time budget (``options.budget_minutes``) counts the epochs only, from the end of
    the set-up (vocabularies, pretrained vectors), which reports its steps to
    ``on_progress`` as it goes.

    Args:
        train: labeled training sentences (our tokenization, IOB2).
        dev: labeled dev sentences for early stopping; None holds out
            ``options.dev_fraction`` of ``train``.
        config: model hyper-parameters (vocabulary sizes are filled in).
        options: training settings.
        on_epoch: called after every epoch with that epoch's history entry.
        on_progress: called with a line before each slow set-up step.

    Raises:
        LabeledDataError: empty training set, or a dev set without entities.
        GloveUnavailable: ``options.pretrained`` without the GloVe package (before any work).
    """
    config = config or TaggerConfig()
    options = options or TrainOptions()
    if options.pretrained:
        glove_root()
    t0 = time.monotonic()
    rng = random.Random(options.seed)
    torch.manual_seed(options.seed)
    train = [s for s in train if s.tokens]
    if not train:
        raise LabeledDataError("training set has no non-empty sentences")
    train, dev = _split_dev(train, dev, options, rng)
    model, vocabs, found_rows = build_model(train, config, options, on_progress)
    steps = _Steps(model, vocabs, train, options)
    result = TrainResult(model=model, vocabs=vocabs, pretrained_rows=found_rows)
    result.setup_seconds = time.monotonic() - t0
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    on_progress(f"set-up done in {result.setup_seconds:.1f} s ({n_params:,} trained "
                "parameters); the time budget starts now")
    best_f1, best_state, bad_epochs = -1.0, None, 0
    deadline = time.monotonic() + options.budget_minutes * 60 if options.budget_minutes else None
    result.stopped = f"max_epochs={options.max_epochs} reached"
    for epoch in range(1, options.max_epochs + 1):
        loss = steps.epoch(rng, deadline)
        dev_result, state = steps.evaluate(dev, best_f1)
        entry = {
            "epoch": epoch,
            "loss": loss,
            "dev_f1": dev_result.micro_f1,
            "dev_precision": dev_result.micro_precision,
            "dev_recall": dev_result.micro_recall,
            "seconds": round(time.monotonic() - t0, 1),
        }
        result.history.append(entry)
        if on_epoch:
            on_epoch(entry)
        if state is not None:
            best_f1, best_state, bad_epochs = dev_result.micro_f1, state, 0
            result.best_epoch, result.dev = epoch, dev_result
        else:
            bad_epochs += 1
        reason = _stop_reason(best_f1, bad_epochs, deadline, options)
        if reason:
            result.stopped = reason
            break
    assert best_state is not None
    model.load_state_dict(best_state)
    model.eval()
    result.seconds = time.monotonic() - t0
    return result
