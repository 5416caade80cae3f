"""Model-only inference speed next to a bare ``nn.LSTM`` of the same size, and padding.

On the same length-sorted power-of-two batches (``plan_length_buckets``) of campaign
texts, prints tokens/s of

(a) a bare ``nn.LSTM`` (same input size, hidden size, directions) over each batch as a
    plain padded ``(rows, longest, features)`` tensor: the baseline;
(b) our model at inference (``Predictor._log_probs``): per-type features (cached), input
    gates per type, the fused packed BiLSTM recurrence, output layer and log-softmax;
(c) (b) + decoding: ``Predictor.tag_tokens`` (a CRF model: Viterbi with its transition
    scores and forward-backward marginals on every piece; a softmax model: argmax,
    Viterbi where IOB2 is violated);
(d) ``Predictor.annotate`` on raw texts: tokenizing and character spans included;

and the ratios to (a). Medians of ``--repeats`` runs in one process; the padding ratio
is that of the power-of-two grids (padding cells / real tokens), which (a) computes and
(b) skips.

    python bench/model_speed.py [--model DIR] [--texts sample_data/campaigns] [--threads 1]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import pyarrow.dataset as ds
import torch

from ner_model.inference.batching import plan_length_buckets, split_into_pieces
from ner_model.inference.predictor import Predictor
from ner_model.text.tokenizer import marked_tokens, token_spans, token_strings


def load_texts(path: Path, column: str, limit: int) -> list[str]:
    table = ds.dataset(path, format="parquet", partitioning="hive").to_table(columns=[column])
    return [t for t in table.column(column).to_pylist()[:limit] if t]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="model directory (default: shipped model)")
    ap.add_argument("--texts", default=None,
                    help="campaign Parquet file or directory (default: generated texts)")
    ap.add_argument("--column", default="text")
    ap.add_argument("--limit", type=int, default=50_000, help="texts to use")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    if args.texts:
        texts = load_texts(Path(args.texts), args.column, args.limit)
    else:
        from ner_model.synthetic import generate_unlabeled

        texts = generate_unlabeled(args.limit, seed=7)
    pred = Predictor.load(args.model)
    cfg = pred.config
    # the tokens annotate() would give the model (with glue marks for a model that reads them)
    tokens = [marked_tokens(t, token_spans(t)) if cfg.glue else token_strings(t) for t in texts]
    n_tokens = sum(map(len, tokens))
    pieces, _ = split_into_pieces([len(t) for t in tokens], cfg.max_len, cfg.window_overlap)
    plans = plan_length_buckets(pieces, cfg.token_budget, cfg.max_len)
    padding = sum(p.n_padding for p in plans) / max(1, sum(p.n_tokens for p in plans))
    batches = []
    for plan in plans:
        ps = [s.piece for s in plan.segments]
        toks = [w for p in ps for w in tokens[p.text_idx][p.start : p.start + p.length]]
        batches.append((np.array([p.length for p in ps]), toks, plan.rows, ps[0].length))
    model = pred.model
    lstm = torch.nn.LSTM(model.input_dim, cfg.hidden, num_layers=cfg.layers,
                         bidirectional=cfg.bidirectional, batch_first=True).eval()
    grids = [torch.randn(len(ps), longest, model.input_dim) for ps, _, _, longest in batches]

    def bare() -> None:
        for g in grids:
            lstm(g)

    def ours() -> None:
        for lengths, toks, _, _ in batches:
            pred._log_probs(lengths, toks)

    def decoded() -> None:
        pred.tag_tokens(tokens)

    def annotate() -> None:
        pred.annotate(texts)

    results = {}
    with torch.inference_mode():
        for name, fn in [("bare nn.LSTM (padded)", bare), ("our model (inference path)", ours),
                         ("+ decoding: tag_tokens()", decoded),
                         ("annotate(texts) end to end", annotate)]:
            fn()  # warm-up (fills the per-type feature cache, as a long run would)
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            results[name] = n_tokens / statistics.median(times)
    print(f"texts {len(texts)}, tokens {n_tokens}, batches {len(plans)} "
          f"(budget {cfg.token_budget}), padding ratio of the power-of-two grids {padding:.4f}")
    print(f"model: input {model.input_dim}, hidden {cfg.hidden} x {2 if cfg.bidirectional else 1}, "
          f"layers {cfg.layers}, threads {args.threads}")
    base = results["bare nn.LSTM (padded)"]
    for name, tps in results.items():
        print(f"{name:32s} {tps:12,.0f} tokens/s   ratio to bare LSTM {tps / base:5.2f}")


if __name__ == "__main__":
    main()
