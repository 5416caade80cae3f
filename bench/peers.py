"""Our tagger against the tools users would pick instead, on the same data and machine.

Trains and times, on the same labeled train/dev data and scores on the same test tokens:

(a) ours, through the retraining flow's library function ``ner_model.training.loop.train_model``;
(b) a spaCy 3 NER pipeline trained from scratch (``spacy.blank("en")`` + ``ner`` with its
    default CNN tok2vec), fed our tokens via ``Doc(words=...)``, best dev epoch kept;
(c) a sklearn-crfsuite CRF (L-BFGS, L1 + L2) with standard word, shape, affix and
    neighbour features.

Every tool is scored by the same scorer (``ner_model.training.metrics.evaluate_tags``, exact span
and type) and tags the same pre-tokenized test sentences with its own batch API: ours
``Predictor.tag_tokens`` (in this process, ``--threads`` torch threads) and
``PredictorPool`` (one process per core, ``--jobs``), spaCy ``nlp.pipe``, the CRF feature
extraction + ``predict``. Throughput is tokens/s over the test sentences repeated to at
least ``--min-tokens`` tokens, the median of ``--repeats`` runs; ratios are ours / theirs.

    python bench/peers.py                         # generated campaign corpus (seed 0)
    python bench/peers.py --train ../shared/data/wnut17/train.jsonl \
--test ../shared/data/wnut17/dev.jsonl

Needs the ``bench`` extra: ``pip install -e ".[dev,bench]"``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch

from flows.generate import write_corpus
from ner_model.inference.pool import PredictorPool
from ner_model.inference.predictor import Predictor
from ner_model.model import TaggerConfig
from ner_model.storage.model_dir import save_model
from ner_model.training.data import Sentence, parse_label_map, read_many
from ner_model.training.loop import train_model
from ner_model.training.metrics import evaluate_tags
from ner_model.training.options import TrainOptions


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _throughput(fn: Callable[[], object], n_tokens: int, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return n_tokens / statistics.median(times)


# ------------------------------------------------------------------------------- ours
def run_ours(train, dev, test, repeat, args) -> dict:
    # ours reads the glue marks (whether a token was written attached to the previous one)
    test_tokens = [s.model_tokens for s in test]
    bench_tokens = test_tokens * repeat
    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    result = train_model(train, dev, TaggerConfig(word_dropout=0.15),
                         TrainOptions(budget_minutes=args.budget_minutes, patience=args.patience,
                                      seed=args.seed))
    seconds = time.perf_counter() - t0
    pred = Predictor(result.model, result.vocabs)
    tags = [t.tags for t in pred.tag_tokens(test_tokens)]
    n = sum(map(len, bench_tokens))
    out = {"tags": tags, "train_s": seconds,
           "tok_s": _throughput(lambda: pred.tag_tokens(bench_tokens), n, args.repeats)}
    with tempfile.TemporaryDirectory() as tmp:
        version = save_model(result.model, result.vocabs, Path(tmp))
        with PredictorPool(tmp, version, args.jobs) as pool:
            chunks = [bench_tokens[i : i + 2048] for i in range(0, len(bench_tokens), 2048)]
            out["tok_s_pool"] = _throughput(lambda: list(pool.map_tokens(chunks)), n, args.repeats)
    return out


# ------------------------------------------------------------------------------ spaCy
def run_spacy(train, dev, test, repeat, args) -> dict:
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import minibatch

    test_tokens = [s.tokens for s in test]
    bench_tokens = test_tokens * repeat

    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for s in train:
        for t in s.tags:
            if t != "O":
                ner.add_label(t[2:])

    def examples(sents: Sequence[Sentence]) -> list:
        return [Example(Doc(nlp.vocab, words=s.tokens), Doc(nlp.vocab, words=s.tokens, ents=s.tags))
                for s in sents]

    train_ex = examples(train)
    t0 = time.perf_counter()
    optimizer = nlp.initialize(lambda: train_ex)
    best, best_bytes, bad = -1.0, None, 0
    deadline = t0 + args.budget_minutes * 60
    for _epoch in range(args.max_epochs):
        random.shuffle(train_ex)
        for batch in minibatch(train_ex, size=32):
            nlp.update(batch, drop=0.2, sgd=optimizer)
        f1 = evaluate_tags([s.tags for s in dev],
                           _spacy_tags(nlp, [s.tokens for s in dev])).micro_f1
        if f1 > best:
            best, best_bytes, bad = f1, nlp.to_bytes(), 0
        else:
            bad += 1
        if bad >= args.patience or time.perf_counter() > deadline:
            break
    seconds = time.perf_counter() - t0
    nlp.from_bytes(best_bytes)
    n = sum(map(len, bench_tokens))
    return {"tags": _spacy_tags(nlp, test_tokens), "train_s": seconds,
            "tok_s": _throughput(lambda: _spacy_tags(nlp, bench_tokens), n, args.repeats)}


def _spacy_tags(nlp, token_lists: Sequence[Sequence[str]]) -> list[list[str]]:
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=list(t)) for t in token_lists)
    out = []
    for doc in nlp.pipe(docs, batch_size=256):
        out.append([f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O"
                    for t in doc])
    return out


# -------------------------------------------------------------------------------- CRF
def _shape(w: str) -> str:
    out = []
    for c in w[:6]:
        k = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def _word_features(w: str, prefix: str) -> dict[str, object]:
    lw = w.lower()
    return {f"{prefix}lower": lw, f"{prefix}shape": _shape(w), f"{prefix}suf3": lw[-3:],
            f"{prefix}title": w.istitle(), f"{prefix}upper": w.isupper(),
            f"{prefix}digit": w.isdigit()}


def crf_features(tokens: Sequence[str]) -> list[dict[str, object]]:
    """Standard CRF NER features: the word, its shape, affixes, and its neighbours."""
    feats = []
    n = len(tokens)
    for i, w in enumerate(tokens):
        lw = w.lower()
        f: dict[str, object] = {"bias": 1.0, "pre2": lw[:2], "pre3": lw[:3], "suf2": lw[-2:],
                                "len": min(len(w), 10),
                                "alnum": (any(c.isdigit() for c in w)
                                          and any(c.isalpha() for c in w))}
        f.update(_word_features(w, ""))
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.update(_word_features(tokens[j], f"{d}:"))
            else:
                f["BOS" if j < 0 else "EOS"] = True
        feats.append(f)
    return feats


def run_crf(train, dev, test, repeat, args) -> dict:
    import sklearn_crfsuite

    test_tokens = [s.tokens for s in test]
    bench_tokens = test_tokens * repeat

    t0 = time.perf_counter()
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1,
                               max_iterations=args.crf_iterations, all_possible_transitions=True)
    crf.fit([crf_features(s.tokens) for s in train], [s.tags for s in train])
    seconds = time.perf_counter() - t0

    def tag(token_lists):
        return crf.predict([crf_features(t) for t in token_lists])

    n = sum(map(len, bench_tokens))
    return {"tags": [list(t) for t in tag(test_tokens)], "train_s": seconds,
            "tok_s": _throughput(lambda: tag(bench_tokens), n, args.repeats)}


# ------------------------------------------------------------------------------- main
def _data(args) -> tuple[list[Sentence], list[Sentence], list[Sentence], str]:
    label_map = parse_label_map(args.label_map)
    if args.train:
        train, _ = read_many(args.train, label_map)
        if args.dev:
            dev, _ = read_many(args.dev, label_map, role="dev")
        else:  # hold out every 10th training sentence for early stopping
            dev, train = train[::10], [s for i, s in enumerate(train) if i % 10]
        test, _ = read_many(args.test or args.dev, label_map, role="test")
        return train, dev, test, (f"train {args.train}, dev {args.dev or '10% of train'}, "
                                  f"test {args.test}, "
                                  f"labels {args.label_map or 'as in the files'}")
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), 12000, 2000, 2000, seed=0)  # what `campaign-ner generate` writes
        train, _ = read_many([Path(tmp) / "train.jsonl"])
        dev, _ = read_many([Path(tmp) / "dev.jsonl"], role="dev")
        test, _ = read_many([Path(tmp) / "test.jsonl"], role="test")
    return train, dev, test, ("generated campaign corpus (seed 0): 12000/2000/2000, unseen surface "
                              "forms in test")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", nargs="+", default=None,
                    help="labeled training files (default: generated corpus)")
    ap.add_argument("--dev", nargs="+", default=None,
                    help="early-stopping data (default: every 10th training sentence)")
    ap.add_argument("--test", nargs="+", default=None, help="scored data (default: --dev)")
    ap.add_argument("--label-map", default=None)
    ap.add_argument("--tools", default="ours,spacy,crf",
                    help="comma-separated subset of ours,spacy,crf")
    ap.add_argument("--budget-minutes", type=float, default=8.0,
                    help="training budget for ours and for spaCy")
    ap.add_argument("--patience", type=int, default=5)
    ap.add_argument("--max-epochs", type=int, default=40, help="spaCy epochs at most")
    ap.add_argument("--crf-iterations", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--min-tokens", type=int, default=200_000, help="tokens per throughput run")
    ap.add_argument("--threads", type=int, default=2, help="torch threads for ours in-process")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes for ours")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    train, dev, test, what = _data(args)
    gold = [s.tags for s in test]
    n_test = sum(len(s.tokens) for s in test) or 1
    repeat = max(1, -(-args.min_tokens // n_test))
    print(f"data: {what}; train {len(train)} sentences, test {len(test)} sentences / "
          f"{n_test} tokens")
    print(f"machine: {os.cpu_count()} cores, {_cpu()}; torch {torch.__version__}, "
          f"ours: {args.threads} torch threads in-process, {args.jobs} worker processes in the "
          f"pool")
    runners = {"ours": run_ours, "spacy": run_spacy, "crf": run_crf}
    results = {}
    for name in args.tools.split(","):
        r = runners[name](train, dev, test, repeat, args)
        res = evaluate_tags(gold, r["tags"])
        r["f1"] = res.micro_f1
        r["per_type"] = {k: v.f1 for k, v in res.per_type.items()}
        results[name] = r
        pool = f"  pool {r['tok_s_pool']:>9,.0f} tok/s" if "tok_s_pool" in r else ""
        print(f"{name:6s} F1 {r['f1']:.4f}  train {r['train_s']:7.1f} s  "
              f"tag {r['tok_s']:>9,.0f} tok/s{pool}  "
              + " ".join(f"{k} {v:.3f}" for k, v in r["per_type"].items()), flush=True)
    if "ours" in results:
        ours = results["ours"]
        best = max(ours["tok_s"], ours.get("tok_s_pool", 0.0))
        for name, r in results.items():
            if name == "ours":
                continue
            print(f"ours / {name}: F1 {ours['f1'] - r['f1']:+.4f}, "
                  f"tagging speed x{best / r['tok_s']:.1f} "
                  f"(in-process x{ours['tok_s'] / r['tok_s']:.1f}), "
                  f"training time x{ours['train_s'] / r['train_s']:.2f}")


if __name__ == "__main__":
    main()
