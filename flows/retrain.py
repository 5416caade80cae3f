"""Retraining and evaluation flows: train a candidate into a model registry, score it and
the champion on the same data, promote it by the rule in
:mod:`ner_model.training.promotion`; score any model on labeled data.

The registry itself (champion, atomic promotion) is :mod:`ner_model.storage.registry`.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.report import (
    embedded_png,
    markdown_report,
    per_type_rows,
    plot_confusion,
    plot_learning_curve,
)
from ner_model.model import TaggerConfig
from ner_model.storage.atomic import write_json_atomic, write_text_atomic
from ner_model.storage.model_dir import (
    CARD,
    CONFIG,
    METRICS,
    ModelLoadError,
    load_model,
    model_version,
    read_metrics,
    save_model,
)
from ner_model.storage.registry import (
    DEFAULT_MODEL_DIR,
    admit,
    current_champion,
    resolve_model_dir,
    set_champion,
    staging_dir,
)
from ner_model.text.labels import is_internal, public_tags, public_types
from ner_model.training.data import parse_label_map, read_many
from ner_model.training.loop import evaluate_model, train_model
from ner_model.training.metrics import EvalResult, evaluate_schemes, format_schemes
from ner_model.training.options import TrainOptions
from ner_model.training.promotion import POLICIES, decide_promotion


def _architecture(config: dict) -> str:
    """One line describing a model's ``config.json``."""
    marks = [m for m, on in (("glue", config.get("glue")), ("underscore", config.get("underscore")))
             if on]
    feats = "case class" + (f" ({' and '.join(marks)} marks)" if marks else "")
    head = ("linear -> CRF (learned transitions); Viterbi decoding under IOB2 constraints"
            if config.get("crf") else "linear -> log-softmax; IOB2-constrained Viterbi decoding")
    return (f"Architecture: word embeddings (GloVe 6B 50d init; {config.get('n_fixed_words', 0):,} "
            f"pretrained words kept fixed) + character CNN ({config.get('char_filters')} filters) "
            f"+ {feats} -> BiLSTM ({config.get('hidden')} per direction) -> {head}.")


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
        f"Labels: {', '.join(metrics.get('entity_types', []))}"
        + (f" (also learned, never reported: {', '.join(metrics['internal_types'])})"
           if metrics.get("internal_types") else ""),
        "",
        "## Training data",
        "",
    ]
    for r in data.get("train", []):
        lines.append(f"- `{r['path']}`: {r['rows']} rows, entities {r['entities']}")
    for split in ("dev", "test"):
        res = metrics.get(split)
        if res:
            lines += ["", f"## {split} scores", "", "| set | type | P | R | F1 | support |",
                      "|---|---|---|---|---|---|"]
            for name, m in res.items():
                for t, s in m["per_type"].items():
                    lines.append(f"| {name} | {t} | {s['precision']:.3f} | {s['recall']:.3f} "
                                 f"| {s['f1']:.3f} | {s['support']} |")
                lines.append(f"| {name} | **micro** | {m['micro_precision']:.3f} "
                             f"| {m['micro_recall']:.3f} | **{m['micro_f1']:.3f}** "
                             f"| {m['n_gold_entities']} |")
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
            logger.warning("%s: repaired %d invalid IOB2 tags (rows %s...)", r.path,
                           r.repaired_tags, r.repaired_rows[:5])
    logger.info("training on %d sentences, %d tokens", len(train),
                sum(len(s.tokens) for s in train))

    def progress(e: dict) -> None:
        logger.info("epoch %3d  loss %.4f  dev F1 %.4f  (P %.3f R %.3f)  %5.0fs",
                    e["epoch"], e["loss"], e["dev_f1"], e["dev_precision"], e["dev_recall"],
                    e["seconds"])

    opts = TrainOptions(**options)
    result = train_model(train, dev, TaggerConfig(**config), opts, on_epoch=progress,
                         on_progress=logger.info)
    staging = staging_dir(Path(registry))
    version = save_model(result.model, result.vocabs, staging)
    metrics = {
        "version": version,
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "train_seconds": round(result.seconds, 1),
        "setup_seconds": round(result.setup_seconds, 1),
        "best_epoch": result.best_epoch,
        "stopped": result.stopped,
        "history": result.history,
        "options": opts.to_json(),
        "pretrained_rows": result.pretrained_rows,
        "entity_types": public_types(result.vocabs.entity_types),
        "internal_types": [t for t in result.vocabs.entity_types if is_internal(t)],
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
def score_model(model_dir: str, labeled: list[str], label_map: str | None,
                report_dir: str | None = None, role: str = "evaluation") -> dict:
    """Evaluate a model on labeled files; optionally write a report folder. Returns metrics JSON."""
    model, vocabs, version = load_model(model_dir)
    lmap = parse_label_map(label_map)
    # role "evaluation" refuses a label map naming labels none of these files has (a typo);
    # a retraining scores each of its dev/test files alone with its one shared map
    sentences, reports = read_many(labeled, lmap, role, partial=lmap is not None)
    if lmap is not None:
        # A mapped corpus only annotates the types it contains: predictions of the
        # model's other types (e.g. TIME on WNUT-17) cannot be judged and are not scored.
        present = {t for r in reports for t in r.entities}
        extra = frozenset(set(vocabs.entity_types) - present)
        for s in sentences:
            s.unannotated = s.unannotated | extra
    result, pred = evaluate_model(model, vocabs, sentences)
    # exact-match and overlap scores per type, and the boundary errors (pred is masked as
    # the result's is: unannotated types are not scored)
    schemes = evaluate_schemes([public_tags(s.tags) for s in sentences], pred,
                               [s.tokens for s in sentences])
    out = {**result.to_json(), **schemes.to_json(), "model_version": version,
           "data": [r.to_json() for r in reports]}
    if report_dir:
        rdir = Path(report_dir)
        rdir.mkdir(parents=True, exist_ok=True)
        write_json_atomic(rdir / "metrics.json", out)
        plot_confusion(result, rdir / "confusion_matrix.png", f"tag confusion ({version})")
        with (rdir / "predictions.jsonl").open("w", encoding="utf-8") as f:
            for s, p in zip(sentences, pred, strict=True):
                f.write(json.dumps({"tokens": s.tokens, "gold": s.tags, "pred": p},
                                   ensure_ascii=False) + "\n")
        (rdir / "report.md").write_text(markdown_report(
            f"Evaluation of {version}", {", ".join(labeled): result},
            notes={", ".join(labeled): format_schemes(out)}))
    return out


RETRAIN_KEY, EVALUATE_KEY = "retrain-metrics", "evaluate-metrics"  # stable artifact keys


def _publish(key: str, title: str, results: dict[str, dict],
             plots: dict[str, Path] | None = None, extra: str = "") -> None:
    """Prefect artifacts: a per-type table per set and one markdown report with ``plots``
    (PNG files) embedded. Keys do not depend on the model, so each run's artifacts are new
    versions of the same keys and the UI shows their history."""
    evals = {name: _result_from_json(m) for name, m in results.items()}
    for name, res in evals.items():
        slug = "".join(c if c.isalnum() else "-" for c in f"{key}-{name}".lower())[:60].strip("-")
        create_table_artifact(per_type_rows(res), key=slug, description=f"{title}: {name}")
    figures = [embedded_png(caption, path) for caption, path in (plots or {}).items()
               if path.is_file()]
    notes = {name: format_schemes(m) for name, m in results.items() if "schemes" in m}
    report = markdown_report(title, evals, extra, notes=notes)
    create_markdown_artifact("\n\n".join([report, *figures]), key=key, description=title)


def _result_from_json(m: dict) -> EvalResult:
    from ner_model.training.metrics import TypeScore

    fields = {k: m[k] for k in EvalResult.__dataclass_fields__}  # extra keys (schemes) ignored
    fields["per_type"] = {t: TypeScore(**s) for t, s in m["per_type"].items()}
    return EvalResult(**fields)


def _score_sets(
    model_dir: Path, champion: Path | None, sets: dict[str, list[str]], label_map: str | None
) -> tuple[dict[str, dict[str, dict]], dict[str, dict]]:
    """Scores of the candidate on every dev/test file, and of the champion on the same
    files (where it can be scored): ``({split: {file: metrics}}, {file: metrics})``."""
    scores: dict[str, dict[str, dict]] = {split: {} for split in sets}
    champ_scores: dict[str, dict] = {}
    for split, paths in sets.items():
        for p in paths:
            scores[split][p] = score_model(str(model_dir), [p], label_map, role=split)
            if champion is not None and champion != model_dir:
                try:
                    champ_scores[p] = score_model(str(champion), [p], label_map, role=split)
                except (ModelLoadError, ValueError) as e:  # champion with another label set
                    print(f"champion {champion.name} cannot be scored on {p}: {e}")
    return scores, champ_scores


def _plot_confusion(model_dir: Path, version: str, metrics: dict) -> None:
    """The confusion matrix of the first test set, else of the first dev set."""
    split = "test" if metrics.get("test") else "dev"
    if metrics.get(split):
        first = _result_from_json(next(iter(metrics[split].values())))
        plot_confusion(first, model_dir / "confusion_matrix.png", f"{split} confusion ({version})")


@flow(name="retrain", log_prints=True)
def retrain(
    train: list[str],
    out: str,
    dev: list[str] | None = None,
    test: list[str] | None = None,
    label_map: str | None = None,
    promote: str = "auto",
    options: TrainOptions | None = None,
    config: TaggerConfig | None = None,
    partial_labels: bool = True,
) -> dict:
    """Train a candidate, score it and the champion on the same data, promote if better.

    ``options`` (how to train) and ``config`` (the model's hyper-parameters) default to
    :class:`TrainOptions` and :class:`TaggerConfig`; their defaults are the only ones.
    """
    if promote not in POLICIES:
        raise ValueError(f"promote must be one of {', '.join(POLICIES)}, not {promote!r}")
    registry = Path(out)
    dev, test = list(dev or []), list(test or [])
    options, config = options or TrainOptions(), config or TaggerConfig()
    champion = current_champion(registry)
    # a registry with no champion yet is served by the shipped model: the candidate must beat it
    implicit = champion is None
    if implicit:
        champion = DEFAULT_MODEL_DIR
    cand = train_candidate(train, dev, label_map, str(registry), options.to_json(),
                           config.to_json(), partial_labels)
    model_dir, version = Path(cand["model_dir"]), cand["version"]
    metrics = read_metrics(model_dir) or {}
    scores, champ_scores = _score_sets(model_dir, champion, {"dev": dev, "test": test}, label_map)
    metrics.update({split: s for split, s in scores.items() if s})
    _plot_confusion(model_dir, version, metrics)
    cand_f1 = sum(m["micro_f1"] for m in metrics["dev"].values()) / len(metrics["dev"])
    champion_version = model_version(champion)
    decision = decide_promotion(
        promote, version, champion_version, cand_f1,
        {p: m["micro_f1"] for p, m in champ_scores.items()}, dev,
        champion_label=(f"the shipped default model {champion_version} (the registry has no "
                        "champion yet)" if implicit else f"champion {champion_version}"),
    )
    metrics["promotion"] = {
        "promoted": decision.promoted,
        "reason": decision.reason,
        "champion_before": None if implicit else champion.name,
        "compared_with": champion_version,
        "champion_scores": champ_scores,
        "decided_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_json_atomic(model_dir / METRICS, metrics)
    config_json = json.loads((model_dir / CONFIG).read_text(encoding="utf-8"))
    write_text_atomic(model_dir / CARD, _model_card(version, metrics, config_json))
    if decision.promoted:
        set_champion(registry, version)
    print(f"candidate {version}: {'PROMOTED' if decision.promoted else 'not promoted'} "
          f"({decision.reason})")
    _publish(RETRAIN_KEY, f"Model {version}", {
        **{f"dev {p}": m for p, m in metrics["dev"].items()},
        **{f"test {p}": m for p, m in metrics.get("test", {}).items()},
    }, plots={"Learning curve": model_dir / "learning_curve.png",
              "Confusion matrix": model_dir / "confusion_matrix.png"},
        extra=f"**{'Promoted' if decision.promoted else 'Not promoted'}**: {decision.reason}.")
    return {"version": version, "model_dir": str(model_dir), "promoted": decision.promoted,
            "reason": decision.reason, "dev_f1": cand_f1, "train_seconds": cand["seconds"]}


@flow(name="evaluate", log_prints=True)
def evaluate(model: str | None, labeled: list[str], label_map: str | None = None,
             report: str | None = None) -> dict:
    """Score any model (directory, registry or the default) on labeled data."""
    model_dir = resolve_model_dir(model)
    result = score_model(str(model_dir), labeled, label_map, report)
    plots = {"Confusion matrix": Path(report) / "confusion_matrix.png"} if report else None
    _publish(EVALUATE_KEY, f"Evaluation of {result['model_version']}",
             {", ".join(labeled): result}, plots)
    return result


def train_command(args: argparse.Namespace, options: TrainOptions, config: TaggerConfig) -> int:
    """``campaign-ner train``: the retraining flow with the options the CLI built."""
    t0 = time.monotonic()
    out = retrain(
        train=args.train, out=args.out, dev=args.dev, test=args.test, label_map=args.label_map,
        promote=args.promote, options=options, config=config,
    )
    print(f"model {out['version']} in {out['model_dir']}: dev F1 {out['dev_f1']:.4f}, "
          f"{'promoted' if out['promoted'] else 'not promoted'} ({out['reason']}); "
          f"{time.monotonic() - t0:.0f} s")
    return 0


def schemes_summary(m: dict, top: int = 3) -> str:
    """Plain-text lines for the CLI: exact-match (strict) and overlap (type) P/R/F1 per type
    with strict's error counts, then the most frequent boundary errors of each kind."""
    sch = m["schemes"]
    lines = [f"{'':10} {'exact P':>8} {'R':>6} {'F1':>6}  {'overlap P':>9} {'R':>6} {'F1':>6}  "
             f"{'incorrect':>9} {'missed':>6} {'spurious':>8}"]
    rows = [(t, sch["strict"]["per_type"][t], sch["type"]["per_type"][t])
            for t in sch["strict"]["per_type"]]
    rows.append(("overall", sch["strict"]["overall"], sch["type"]["overall"]))
    for name, s, o in rows:
        lines.append(f"{name:10} {s['precision']:8.3f} {s['recall']:6.3f} {s['f1']:6.3f}  "
                     f"{o['precision']:9.3f} {o['recall']:6.3f} {o['f1']:6.3f}  "
                     f"{s['incorrect']:9d} {s['missed']:6d} {s['spurious']:8d}")
    lines.append("(exact = SemEval-2013 strict, overlap = type, as nervaluate computes them; "
                 "incorrect: right type with other boundaries, overall also an overlapping "
                 "prediction of another type)")
    be = m["boundary_errors"]
    counts = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in be["counts"].items())
    lines.append(f"boundary errors (right type, other boundaries): {counts}")
    for kind, errors in be["top"].items():
        if errors:
            shown = "; ".join(f"{e['gold']!r} -> {e['pred']!r} ({e['type']}) x{e['count']}"
                              for e in errors[:top])
            lines.append(f"  {kind.replace('_', ' ')}: {shown}")
    return "\n".join(lines)


def evaluate_command(args: argparse.Namespace) -> int:
    model = None if args.model == "default" else args.model
    m = evaluate(model, args.labeled, args.label_map, args.report)
    per = ", ".join(f"{t} {s['f1']:.3f}" for t, s in m["per_type"].items())
    print(f"model {m['model_version']}: micro F1 {m['micro_f1']:.4f} "
          f"(P {m['micro_precision']:.4f} R {m['micro_recall']:.4f}); {per}; "
          f"token accuracy {m['token_accuracy']:.4f}")
    if "schemes" in m:
        print(schemes_summary(m))
    if args.report:
        print(f"report written to {args.report}")
    return 0
