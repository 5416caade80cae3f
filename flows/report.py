"""Evaluation reports: PNG plots, markdown, model cards (matplotlib, headless)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ner_model.training.metrics import EvalResult, format_report


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_learning_curve(history: Sequence[dict], path: Path) -> Path:
    """Training loss and dev F1 per epoch, to ``path`` (PNG)."""
    plt = _pyplot()
    epochs = [h["epoch"] for h in history]
    fig, ax1 = plt.subplots(figsize=(6, 3.5), dpi=100)
    ax1.plot(epochs, [h["loss"] for h in history], "o-", color="tab:blue", label="train loss")
    ax1.set_xlabel("epoch")
    ax1.set_ylabel("train loss (NLL / token)", color="tab:blue")
    ax2 = ax1.twinx()
    ax2.plot(epochs, [h["dev_f1"] for h in history], "s-", color="tab:orange", label="dev F1")
    ax2.set_ylabel("dev entity F1", color="tab:orange")
    ax2.set_ylim(0, 1)
    ax1.set_title("learning curve")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_confusion(result: EvalResult, path: Path, title: str = "tag confusion") -> Path:
    """Row-normalised tag confusion matrix (gold rows, predicted columns), to PNG."""
    import numpy as np

    plt = _pyplot()
    labels = result.confusion["labels"]
    m = np.array(result.confusion["matrix"], dtype=float)
    norm = m / np.maximum(m.sum(axis=1, keepdims=True), 1)
    size = max(4.0, 0.45 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size), dpi=100)
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i in range(len(labels)):
        for j in range(len(labels)):
            if m[i, j]:
                ax.text(j, i, int(m[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if norm[i, j] > 0.5 else "black")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def markdown_report(title: str, results: dict[str, EvalResult], extra: str = "",
                    notes: dict[str, str] | None = None) -> str:
    """A markdown report with one scores table per evaluated set, each followed by its
    ``notes`` (markdown; e.g. the exact/overlap scores and boundary errors) if any."""
    parts = [f"# {title}", ""]
    if extra:
        parts += [extra, ""]
    for name, res in results.items():
        parts += [f"## {name}", "", format_report(res), ""]
        if notes and notes.get(name):
            parts += [notes[name], ""]
    return "\n".join(parts)


def per_type_rows(result: EvalResult) -> list[dict]:
    """Rows for a Prefect table artifact: one per type plus the micro average."""
    rows = [
        {"type": t, "precision": round(s.precision, 4), "recall": round(s.recall, 4),
         "f1": round(s.f1, 4), "support": s.support}
        for t, s in result.per_type.items()
    ]
    rows.append({"type": "micro", "precision": round(result.micro_precision, 4),
                 "recall": round(result.micro_recall, 4), "f1": round(result.micro_f1, 4),
                 "support": result.n_gold_entities})
    return rows


def embedded_png(caption: str, path: Path) -> str:
    """A markdown section showing the PNG at ``path`` inline (a ``data:`` URI), so a
    Prefect markdown artifact displays the plot without access to the file."""
    import base64

    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f"## {caption}\n\n![{caption}](data:image/png;base64,{data})"
