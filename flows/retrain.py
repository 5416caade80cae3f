"""Retraining and evaluation flows, and the model registry they maintain.

A registry is a directory of versioned model directories (named by version) plus a
``current`` file naming the champion. Promotion writes ``current`` atomically, so readers
(the nightly extraction) always see either the old or the new champion.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.report import markdown_report, per_type_rows, plot_confusion, plot_learning_curve
from ner_model.model import TaggerConfig
from ner_model.storage.atomic import write_json_atomic, write_text_atomic
from ner_model.storage.model_dir import (
    CARD,
    CONFIG,
    METRICS,
    ModelLoadError,
    load_model,
    save_model,
)
from ner_model.storage.registry import (
    admit,
    current_champion,
    resolve_model_dir,
    set_champion,
    staging_dir,
)
from ner_model.training.data import parse_label_map, read_many
from ner_model.training.loop import TrainOptions, evaluate_model, train_model
from ner_model.training.metrics import EvalResult


def _architecture(config: dict) -> str:
    """One line describing a model's ``config.json``."""
    marks = [m for m, on in (("glue", config.get("glue")), ("underscore", config.get("underscore"))) if on]
    feats = "case class" + (f" ({' and '.join(marks)} marks)" if marks else "")
    head = ("linear -> CRF (learned transitions); Viterbi decoding under IOB2 constraints"
            if config.get("crf") else "linear -> log-softmax; IOB2-constrained Viterbi decoding")
    return (f"Architecture: word embeddings (GloVe 6B 50d init; {config.get('n_fixed_words', 0):,} "
            f"pretrained words kept fixed) + character CNN ({config.get('char_filters')} filters) + "
            f"{feats} -> BiLSTM ({config.get('hidden')} per direction) -> {head}.")


def _model_card(version: str, metrics: dict, config: dict) -> str:
    data = metrics.get("data", {})
    lines = [
        f"# campaign-ner tagger {version}",
        "",
        f"Trained {metrics.get('trained_at', '?')} in {metrics.get('train_seconds', 0):.0f} s "
        f"(best epoch {metrics.get('best_epoch')}, {metrics.get('stopped', '')}).",
        "",
        _architecture(config),
        "",
        f"Labels: {', '.join(metrics.get('entity_types', []))}",
        "",
        "## Training data",
        "",
    ]
    for r in data.get("train", []):
        lines.append(f"- `{r['path']}`: {r['rows']} rows, entities {r['entities']}")
    for split in ("dev", "test"):
        res = metrics.get(split)
        if res:
            lines += ["", f"## {split} scores", "", "| set | type | P | R | F1 | support |", "|---|---|---|---|---|---|"]
            for name, m in res.items():
                for t, s in m["per_type"].items():
                    lines.append(f"| {name} | {t} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
                lines.append(f"| {name} | **micro** | {m['micro_precision']:.3f} | {m['micro_recall']:.3f} | **{m['micro_f1']:.3f}** | {m['n_gold_entities']} |")
    lines += [
        "",
        "## Limits",
        "",
        "Scores are on the listed data only. Text far from the training domains (other "
        "languages, long documents, new label types) will score lower; retrain with "
        "`campaign-ner train` on your own labeled rows.",
        "",
    ]
    return "\n".join(lines)


@task(name="train-candidate")
def train_candidate(
    train_paths: list[str],
    dev_paths: list[str],
    label_map: str | None,
    registry: str,
    options: dict,
    config: dict,
    partial_labels: bool = True,
) -> dict:
    """Train a model on labeled files and save it into the registry; returns its summary."""
    logger = get_run_logger()
    lmap = parse_label_map(label_map)
    train, train_reports = read_many(train_paths, lmap, "training", partial=partial_labels)
    dev = dev_reports = None
    if dev_paths:
        dev, dev_reports = read_many(dev_paths, lmap, "dev", partial=partial_labels)
    for r in train_reports + (dev_reports or []):
        if r.repaired_tags:
            logger.warning("%s: repaired %d invalid IOB2 tags (rows %s...)", r.path, r.repaired_tags, r.repaired_rows[:5])
    logger.info("training on %d sentences, %d tokens", len(train), sum(len(s.tokens) for s in train))

    def progress(e: dict) -> None:
        logger.info("epoch %3d  loss %.4f  dev F1 %.4f  (P %.3f R %.3f)  %5.0fs",
                    e["epoch"], e["loss"], e["dev_f1"], e["dev_precision"], e["dev_recall"], e["seconds"])

    opts = TrainOptions(**options)
    result = train_model(train, dev, TaggerConfig(**config), opts, on_epoch=progress)
    staging = staging_dir(Path(registry))
    version = save_model(result.model, result.vocabs, staging)
    metrics = {
        "version": version,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "train_seconds": round(result.seconds, 1),
        "best_epoch": result.best_epoch,
        "stopped": result.stopped,
        "history": result.history,
        "options": opts.to_json(),
        "pretrained_rows": result.pretrained_rows,
        "entity_types": result.vocabs.entity_types,
        "label_map": lmap,
        "data": {
            "train": [r.to_json() for r in train_reports],
            "dev": [r.to_json() for r in dev_reports] if dev_reports else "held out from train",
        },
        "dev": {"dev": result.dev.to_json()} if result.dev else None,
    }
    write_json_atomic(staging / METRICS, metrics)
    plot_learning_curve(result.history, staging / "learning_curve.png")
    target = admit(Path(registry), staging, version)
    logger.info("candidate %s: dev F1 %.4f after %d epochs (%s)", version,
                result.dev.micro_f1 if result.dev else 0.0, len(result.history), result.stopped)
    return {"version": version, "model_dir": str(target), "seconds": result.seconds}


@task(name="score-model")
def score_model(model_dir: str, labeled: list[str], label_map: str | None, report_dir: str | None = None) -> dict:
    """Evaluate a model on labeled files; optionally write a report folder. Returns metrics JSON."""
    model, vocabs, version = load_model(model_dir)
    lmap = parse_label_map(label_map)
    sentences, reports = read_many(labeled, lmap, "evaluation", partial=lmap is not None)
    if lmap is not None:
        # A mapped corpus only annotates the types it contains: predictions of the
        # model's other types (e.g. TIME on WNUT-17) cannot be judged and are not scored.
        present = {t for r in reports for t in r.entities}
        extra = frozenset(set(vocabs.entity_types) - present)
        for s in sentences:
            s.unannotated = s.unannotated | extra
    result, pred = evaluate_model(model, vocabs, sentences)
    out = {**result.to_json(), "model_version": version, "data": [r.to_json() for r in reports]}
    if report_dir:
        rdir = Path(report_dir)
        rdir.mkdir(parents=True, exist_ok=True)
        write_json_atomic(rdir / "metrics.json", out)
        plot_confusion(result, rdir / "confusion_matrix.png", f"tag confusion ({version})")
        with (rdir / "predictions.jsonl").open("w", encoding="utf-8") as f:
            for s, p in zip(sentences, pred, strict=True):
                f.write(json.dumps({"tokens": s.tokens, "gold": s.tags, "pred": p}, ensure_ascii=False) + "\n")
        (rdir / "report.md").write_text(markdown_report(f"Evaluation of {version}", {", ".join(labeled): result}))
    return out


def _publish(key: str, title: str, results: dict[str, dict]) -> None:
    """Prefect artifacts: a per-type table per set and one markdown report."""
    evals = {name: _result_from_json(m) for name, m in results.items()}
    for name, res in evals.items():
        slug = "".join(c if c.isalnum() else "-" for c in f"{key}-{name}".lower())[:60].strip("-")
        create_table_artifact(per_type_rows(res), key=slug, description=f"{title}: {name}")
    create_markdown_artifact(markdown_report(title, evals), key=key, description=title)


def _result_from_json(m: dict) -> EvalResult:
    from ner_model.training.metrics import TypeScore

    fields = {k: m[k] for k in EvalResult.__dataclass_fields__}
    fields["per_type"] = {t: TypeScore(**s) for t, s in m["per_type"].items()}
    return EvalResult(**fields)


@flow(name="retrain", log_prints=True)
def retrain(
    train: list[str],
    out: str,
    dev: list[str] | None = None,
    test: list[str] | None = None,
    label_map: str | None = None,
    promote: str = "auto",
    budget_minutes: float | None = None,
    max_epochs: int = 40,
    patience: int = 5,
    seed: int = 13,
    hidden: int | None = None,
    pretrained: bool = True,
    lr: float = 2e-3,
    word_dropout: float | None = None,
    batch_tokens: int = 1024,
    partial_labels: bool = True,
    pretrained_words: int = 400_000,
    char_filters: int | None = None,
    glue: bool = True,
    underscore: bool = True,
    crf: bool = True,
    dropout: float | None = None,
    ema: float = 0.999,
    pretrained_swap: float | None = None,
) -> dict:
    """Train a candidate, score it and the champion on the same data, promote if better."""
    if promote not in ("auto", "always", "never"):
        raise ValueError(f"promote must be auto, always or never, not {promote!r}")
    registry = Path(out)
    dev, test = list(dev or []), list(test or [])
    options = TrainOptions(max_epochs=max_epochs, patience=patience, seed=seed,
                           budget_minutes=budget_minutes, pretrained=pretrained, lr=lr,
                           batch_tokens=batch_tokens, pretrained_words=pretrained_words, ema=ema)
    config = TaggerConfig(glue=glue, underscore=underscore, crf=crf)
    if hidden is not None:
        config = replace(config, hidden=hidden)
    if word_dropout is not None:
        config = replace(config, word_dropout=word_dropout)
    if char_filters is not None:
        config = replace(config, char_filters=char_filters)
    if dropout is not None:
        config = replace(config, dropout=dropout)
    if pretrained_swap is not None:
        config = replace(config, pretrained_swap=pretrained_swap)
    champion = current_champion(registry)
    cand = train_candidate(train, dev, label_map, str(registry), options.to_json(), config.to_json(),
                           partial_labels)
    model_dir = Path(cand["model_dir"])
    metrics = json.loads((model_dir / METRICS).read_text())
    sets = {"dev": dev, "test": test}
    scores: dict[str, dict[str, dict]] = {"dev": {}, "test": {}}
    champ_scores: dict[str, dict] = {}
    for split, paths in sets.items():
        for p in paths:
            scores[split][p] = score_model(str(model_dir), [p], label_map)
            if champion is not None and champion != model_dir:
                try:
                    champ_scores[p] = score_model(str(champion), [p], label_map)
                except (ModelLoadError, ValueError) as e:  # champion with another label set
                    print(f"champion {champion.name} cannot be scored on {p}: {e}")
    if scores["dev"]:
        metrics["dev"] = scores["dev"]
    if scores["test"]:
        metrics["test"] = scores["test"]
        result0 = _result_from_json(next(iter(scores["test"].values())))
        plot_confusion(result0, model_dir / "confusion_matrix.png", f"test confusion ({cand['version']})")
    elif metrics.get("dev"):
        result0 = _result_from_json(next(iter(metrics["dev"].values())))
        plot_confusion(result0, model_dir / "confusion_matrix.png", f"dev confusion ({cand['version']})")

    def mean_f1(per_set: dict[str, dict]) -> float:
        return sum(m["micro_f1"] for m in per_set.values()) / len(per_set)

    cand_f1 = mean_f1(metrics["dev"])
    decision: str
    if champion is None:
        promoted, decision = promote != "never", "no champion yet"
    elif champion == model_dir:
        promoted, decision = False, "candidate is identical to the champion"
    elif promote == "always":
        promoted, decision = True, "forced (--promote always)"
    elif promote == "never":
        promoted, decision = False, "--promote never"
    else:
        comparable = [p for p in dev if p in champ_scores]
        if not dev or len(comparable) != len(dev):
            promoted, decision = False, "champion not comparable on the same dev data (use --dev, or --promote always)"
        else:
            champ_f1 = sum(champ_scores[p]["micro_f1"] for p in dev) / len(dev)
            promoted = cand_f1 > champ_f1
            decision = f"candidate dev F1 {cand_f1:.4f} vs champion {champ_f1:.4f}"
    metrics["promotion"] = {
        "promoted": promoted,
        "reason": decision,
        "champion_before": champion.name if champion else None,
        "champion_scores": champ_scores,
        "decided_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_json_atomic(model_dir / METRICS, metrics)
    config = json.loads((model_dir / CONFIG).read_text(encoding="utf-8"))
    write_text_atomic(model_dir / CARD, _model_card(cand["version"], metrics, config))
    if promoted:
        set_champion(registry, cand["version"])
    print(f"candidate {cand['version']}: {'PROMOTED' if promoted else 'not promoted'} ({decision})")
    _publish(f"retrain-{cand['version']}", f"Model {cand['version']}", {
        **{f"dev {p}": m for p, m in metrics["dev"].items()},
        **{f"test {p}": m for p, m in metrics.get("test", {}).items()},
    })
    return {"version": cand["version"], "model_dir": str(model_dir), "promoted": promoted,
            "reason": decision, "dev_f1": cand_f1, "train_seconds": cand["seconds"]}


@flow(name="evaluate", log_prints=True)
def evaluate(model: str | None, labeled: list[str], label_map: str | None = None, report: str | None = None) -> dict:
    """Score any model (directory, registry or the default) on labeled data."""
    model_dir = resolve_model_dir(model)
    result = score_model(str(model_dir), labeled, label_map, report)
    _publish(f"evaluate-{result['model_version']}", f"Evaluation of {result['model_version']}",
             {", ".join(labeled): result})
    return result


def train_command(args: argparse.Namespace) -> int:
    t0 = time.monotonic()
    out = retrain(
        train=args.train, out=args.out, dev=args.dev, test=args.test, label_map=args.label_map,
        promote=args.promote, budget_minutes=args.budget_minutes, max_epochs=args.max_epochs,
        patience=args.patience, seed=args.seed, hidden=args.hidden, pretrained=not args.no_pretrained,
        lr=args.lr, batch_tokens=args.batch_tokens, word_dropout=args.word_dropout,
        pretrained_words=args.pretrained_words, char_filters=args.char_filters, glue=not args.no_glue,
        underscore=not args.no_underscore,
        crf=not args.no_crf, dropout=args.dropout, ema=args.ema,
        pretrained_swap=args.pretrained_swap,
    )
    print(f"model {out['version']} in {out['model_dir']}: dev F1 {out['dev_f1']:.4f}, "
          f"{'promoted' if out['promoted'] else 'not promoted'} ({out['reason']}); "
          f"{time.monotonic() - t0:.0f} s")
    return 0


def evaluate_command(args: argparse.Namespace) -> int:
    model = None if args.model == "default" else args.model
    m = evaluate(model, args.labeled, args.label_map, args.report)
    per = ", ".join(f"{t} {s['f1']:.3f}" for t, s in m["per_type"].items())
    print(f"model {m['model_version']}: micro F1 {m['micro_f1']:.4f} "
          f"(P {m['micro_precision']:.4f} R {m['micro_recall']:.4f}); {per}; "
          f"token accuracy {m['token_accuracy']:.4f}")
    if args.report:
        print(f"report written to {args.report}")
    return 0
