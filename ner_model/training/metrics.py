"""Entity- and token-level evaluation of IOB2 tag sequences.

Entity scores use exact matching: a predicted entity is correct only when its span *and*
type equal a gold entity's. Entities are decoded the conlleval way
(:func:`ner_model.text.spans.iob2_entities`: a stray ``I-X`` starts a new entity), which is
what ``seqeval``'s default mode does, so the numbers here equal seqeval's
``precision_score`` / ``recall_score`` / ``f1_score`` / ``classification_report``.
Every division by zero gives ``0.0``.

Token-level scores and the confusion matrix count real tokens only; in the padded API
the boolean mask (``True`` on real tokens) decides what is real, so padding never counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ner_model.text.spans import iob2_entities


@dataclass
class TypeScore:
    """Exact-match entity scores of one entity type."""

    precision: float
    recall: float
    f1: float
    support: int  # number of gold entities of this type


@dataclass
class EvalResult:
    """Everything :func:`evaluate_tags` measures; see the module docstring for semantics."""

    micro_precision: float
    micro_recall: float
    micro_f1: float
    per_type: dict[str, TypeScore]  # every type in gold or pred, sorted by name
    macro_f1: float  # unweighted mean of per_type f1 (0.0 when there are no types)
    token_accuracy: float  # over real tokens only
    entity_token_accuracy: float  # accuracy over real tokens whose gold tag is not O
    n_tokens: int
    n_sentences: int
    n_gold_entities: int
    n_pred_entities: int
    # {"labels": [tag, ...], "matrix": [[int]]}: matrix[i][j] counts real tokens with gold
    # tag labels[i] and predicted tag labels[j]; labels are the tags seen, O first.
    confusion: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """A JSON-serializable dict of every field (``per_type`` -> ``{type: {...}}``)."""
        return asdict(self)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _tag_order(tag: str) -> tuple[int, str, str]:
    # O first, then grouped by type (B-X before I-X); odd tags sort by their text.
    return (tag != "O", tag.partition("-")[2], tag)


def _as_sentences(name: str, seqs: Iterable[Sequence[str]]) -> list[Sequence[str]]:
    out = list(seqs)
    if any(isinstance(s, str) for s in out):
        raise TypeError(
            f"{name} must be a sequence of sentences (tag sequences), not of tags"
        )
    return out


def evaluate_tags(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]
) -> EvalResult:
    """Score predicted IOB2 tags against gold tags, one tag sequence per sentence.

    Args:
        gold: gold tags, ``gold[i][j]`` the tag of token ``j`` of sentence ``i``.
        pred: predicted tags, same shape as ``gold``.

    Raises:
        ValueError: the number of sentences differs, or a sentence's gold and predicted
            tag sequences differ in length (the message names the sentence index).
    """
    gold = _as_sentences("gold", gold)
    pred = _as_sentences("pred", pred)
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} sentences but pred has {len(pred)}")

    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_correct: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()  # (gold tag, pred tag) -> real tokens
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        if len(g) != len(p):
            raise ValueError(
                f"sentence {i}: gold has {len(g)} tags but pred has {len(p)}"
            )
        pairs.update(zip(g, p, strict=True))
        g_ents = set(iob2_entities(g))
        p_ents = set(iob2_entities(p))
        n_gold.update(label for label, _, _ in g_ents)
        n_pred.update(label for label, _, _ in p_ents)
        n_correct.update(label for label, _, _ in g_ents & p_ents)

    per_type = {
        t: TypeScore(
            precision=_ratio(n_correct[t], n_pred[t]),
            recall=_ratio(n_correct[t], n_gold[t]),
            f1=_ratio(2 * n_correct[t], n_gold[t] + n_pred[t]),
            support=n_gold[t],
        )
        for t in sorted(n_gold.keys() | n_pred.keys())
    }
    tp, total_gold, total_pred = (
        sum(n_correct.values()),
        sum(n_gold.values()),
        sum(n_pred.values()),
    )

    n_tokens = sum(pairs.values())
    n_right = sum(n for (g, p), n in pairs.items() if g == p)
    n_entity_tokens = sum(n for (g, _), n in pairs.items() if g != "O")
    n_entity_right = sum(n for (g, p), n in pairs.items() if g == p and g != "O")

    labels = sorted({t for pair in pairs for t in pair}, key=_tag_order)
    matrix = [[pairs[(g, p)] for p in labels] for g in labels]

    return EvalResult(
        micro_precision=_ratio(tp, total_pred),
        micro_recall=_ratio(tp, total_gold),
        micro_f1=_ratio(2 * tp, total_gold + total_pred),
        per_type=per_type,
        macro_f1=(
            sum(s.f1 for s in per_type.values()) / len(per_type) if per_type else 0.0
        ),
        token_accuracy=_ratio(n_right, n_tokens),
        entity_token_accuracy=_ratio(n_entity_right, n_entity_tokens),
        n_tokens=n_tokens,
        n_sentences=len(gold),
        n_gold_entities=total_gold,
        n_pred_entities=total_pred,
        confusion={"labels": labels, "matrix": matrix},
    )


def _to_numpy(x: Any) -> np.ndarray:
    # Torch tensors (on any device) without importing torch here.
    if hasattr(x, "detach"):
        x = x.detach().cpu().numpy()
    return np.asarray(x)


def evaluate_padded(
    gold_ids: Any, pred_ids: Any, mask: Any, tag_names: Sequence[str]
) -> EvalResult:
    """:func:`evaluate_tags` on padded batches of tag ids.

    Args:
        gold_ids: ``(n_sentences, seq_len)`` gold tag ids (NumPy array or torch tensor).
        pred_ids: ``(n_sentences, seq_len)`` predicted tag ids.
        mask: ``(n_sentences, seq_len)``, ``True`` on real tokens. Only masked-in
            positions are read, so padding may hold any id, even an out-of-range one.
        tag_names: ``tag_names[id]`` is the IOB2 tag of ``id``.

    Raises:
        ValueError: shapes differ or are not 2-D, or a real token has an id outside
            ``range(len(tag_names))``.
    """
    gold_arr, pred_arr, mask_arr = (_to_numpy(a) for a in (gold_ids, pred_ids, mask))
    if not (gold_arr.shape == pred_arr.shape == mask_arr.shape) or gold_arr.ndim != 2:
        raise ValueError(
            "gold_ids, pred_ids and mask must share one (n_sentences, seq_len) shape; got "
            f"{gold_arr.shape}, {pred_arr.shape} and {mask_arr.shape}"
        )
    mask_arr = mask_arr.astype(bool)
    names = list(tag_names)
    for what, arr in (("gold", gold_arr), ("pred", pred_arr)):
        real = arr[mask_arr]
        bad = (real < 0) | (real >= len(names))
        if bad.any():
            raise ValueError(
                f"{what} id {real[bad][0]} on a real token is outside the "
                f"{len(names)} tag names"
            )

    def tags(arr: np.ndarray) -> list[list[str]]:
        return [
            [names[k] for k in row[m].tolist()]
            for row, m in zip(arr, mask_arr, strict=True)
        ]

    return evaluate_tags(tags(gold_arr), tags(pred_arr))


def format_report(result: EvalResult) -> str:
    """A markdown report: one row per entity type, a micro row, then token accuracy."""
    lines = [
        "| type | precision | recall | f1 | support |",
        "|:-----|----------:|-------:|---:|--------:|",
    ]
    for name, s in result.per_type.items():
        lines.append(
            f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {s.support} |"
        )
    lines.append(
        f"| **micro** | {result.micro_precision:.4f} | {result.micro_recall:.4f} "
        f"| {result.micro_f1:.4f} | {result.n_gold_entities} |"
    )
    lines += [
        "",
        f"- macro F1: {result.macro_f1:.4f}",
        (
            f"- token accuracy: {result.token_accuracy:.4f} "
            f"({result.n_tokens} tokens, {result.n_sentences} sentences)"
        ),
        f"- entity-token accuracy (gold tag not O): {result.entity_token_accuracy:.4f}",
        f"- entities: {result.n_gold_entities} gold, {result.n_pred_entities} predicted",
    ]
    return "\n".join(lines) + "\n"
