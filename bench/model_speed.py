"""Model-only inference speed next to a bare ``nn.LSTM`` of the same size, and padding.

Prints tokens/s of (a) a bare ``nn.LSTM`` (same input size, hidden size and directions)
run over the same padded power-of-two batches, (b) our tagger's forward pass (features,
packed BiLSTM, output layer), (c) forward + constrained Viterbi decoding, and the
ratio (b)/(a). Medians of ``--repeats`` runs, measured in the same process.

    python bench/model_speed.py [--model DIR] [--texts sample_data/campaigns] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyarrow.dataset as ds
import torch

from ner_model.batching import padding_ratio, plan_batches, split_into_pieces
from ner_model.decode import viterbi
from ner_model.predict import Predictor
from ner_model.tokenizer import token_strings


def load_texts(path: Path, column: str, limit: int) -> list[str]:
    table = ds.dataset(path, format="parquet", partitioning="hive").to_table(columns=[column])
    return [t for t in table.column(column).to_pylist()[:limit] if t]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="model directory (default: shipped model)")
    ap.add_argument("--texts", default="sample_data/campaigns", help="campaign Parquet file or directory")
    ap.add_argument("--column", default="text")
    ap.add_argument("--limit", type=int, default=20000, help="texts to use")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    texts = load_texts(Path(args.texts), args.column, args.limit)
    pred = Predictor.load(args.model)
    cfg = pred.config
    tokens = [token_strings(t) for t in texts]
    n_tokens = sum(map(len, tokens))
    pieces, _ = split_into_pieces([len(t) for t in tokens], cfg.max_len, cfg.window_overlap)
    plans = plan_batches(pieces, cfg.token_budget, cfg.max_len)
    encoded = [pred.encoder.encode(p, tokens)[0] for p in plans]
    model = pred.model
    lstm = torch.nn.LSTM(model.input_dim, cfg.hidden, num_layers=cfg.layers,
                         bidirectional=cfg.bidirectional, batch_first=True).eval()
    # the bare LSTM reads the same segments as the tagger, as a plain padded
    # (segments, longest, features) tensor: no packing, no features, no output layer
    grids = [torch.randn(b.seg_pos.shape[0], b.seg_pos.shape[1], model.input_dim) for b in encoded]

    def bare() -> None:
        for g in grids:
            lstm(g)

    def forward() -> None:
        for b in encoded:
            model(b)

    def forward_decode() -> None:
        for b in encoded:
            logp, _ = model(b)
            viterbi(logp, b.seg_len, pred.trans, pred.start)

    def end_to_end() -> None:
        pred.predict(texts)

    results = {}
    with torch.inference_mode():
        for name, fn in [("bare nn.LSTM (padded)", bare), ("tagger forward", forward),
                         ("forward + Viterbi", forward_decode), ("predict(texts) end to end", end_to_end)]:
            fn()  # warm-up
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            results[name] = n_tokens / statistics.median(times)
    print(f"texts {len(texts)}, tokens {n_tokens}, batches {len(plans)} "
          f"(budget {cfg.token_budget}), padding ratio {padding_ratio(plans):.4f}")
    print(f"model: input {model.input_dim}, hidden {cfg.hidden} x {2 if cfg.bidirectional else 1}, "
          f"layers {cfg.layers}, threads {args.threads}")
    base = results["bare nn.LSTM (padded)"]
    for name, tps in results.items():
        print(f"{name:32s} {tps:12,.0f} tokens/s   ratio to bare LSTM {tps / base:5.2f}")


if __name__ == "__main__":
    main()
