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


# --- SemEval-2013 schemes (as nervaluate 1.2 computes them) and boundary errors ---------

SCHEMES = ("strict", "type")
"""``strict``: exact boundaries and type. ``type``: a prediction overlapping a gold entity
of the same type counts as correct (nervaluate's ``ent_type``)."""

BOUNDARY_KINDS = ("too_long", "too_short", "shifted")
"""How a same-type overlapping prediction's boundaries differ from the gold entity's:
``too_long`` contains it, ``too_short`` lies inside it, ``shifted`` does neither."""

Span = tuple[str, int, int]  # (label, first token, last token exclusive)


@dataclass
class SchemeScore:
    """nervaluate's counts and scores of one scheme over one type (or all types).

    ``possible = correct + incorrect + partial + missed`` (gold entities),
    ``actual = correct + incorrect + partial + spurious`` (predictions),
    precision ``correct / actual``, recall ``correct / possible`` (``partial`` is always 0
    for these two schemes), F1 their harmonic mean; 0.0 for every division by zero.
    """

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0
    possible: int = 0
    actual: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0

    def add(self, other: SchemeScore) -> None:
        for k in ("correct", "incorrect", "partial", "missed", "spurious"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self._finish()

    def _finish(self) -> None:
        self.actual = self.correct + self.incorrect + self.partial + self.spurious
        self.possible = self.correct + self.incorrect + self.partial + self.missed
        # the same arithmetic as nervaluate, so the floats are equal too
        p = (self.correct + 0.5 * self.partial) / self.actual if self.actual else 0.0
        r = (self.correct + 0.5 * self.partial) / self.possible if self.possible else 0.0
        self.precision, self.recall = p, r
        self.f1 = 2 * (p * r) / (p + r) if p + r > 0 else 0.0


@dataclass
class SchemeResult:
    """What :func:`evaluate_schemes` measures.

    ``scores[scheme]["overall"]`` matches every entity against every other, so a
    prediction overlapping a gold entity of another type is ``incorrect``;
    ``scores[scheme]["per_type"][t]`` matches type ``t``'s entities alone (nervaluate's
    ``entities`` results), so there ``incorrect`` (strict) is a boundary error.
    ``boundary_counts[kind]`` counts same-type overlapping predictions with other
    boundaries (the ``type`` scheme's matches); ``boundary_top[kind]`` lists the most
    frequent ``{"gold", "pred", "type", "count"}`` of each kind (span texts are the
    tokens joined by spaces).
    """

    scores: dict[str, dict[str, Any]]
    boundary_counts: dict[str, int]
    boundary_top: dict[str, list[dict[str, Any]]]

    def to_json(self) -> dict[str, Any]:
        return {
            "schemes": {
                s: {"overall": asdict(v["overall"]),
                    "per_type": {t: asdict(x) for t, x in v["per_type"].items()}}
                for s, v in self.scores.items()
            },
            "boundary_errors": {"counts": dict(self.boundary_counts),
                                "top": {k: list(v) for k, v in self.boundary_top.items()}},
        }


def _overlaps(p: Span, g: Span) -> bool:
    """nervaluate's test: the overlap is at least 1% of the gold entity's length."""
    overlap = min(p[2], g[2]) - max(p[1], g[1])
    return overlap > 0 and 100 * overlap >= g[2] - g[1]


def _match(
    gold: Sequence[Span], pred: Sequence[Span], scheme: str
) -> tuple[SchemeScore, list[tuple[int, int]]]:
    """nervaluate's matching of one sentence's entities (in text order): each prediction in
    turn takes an unmatched gold entity; returns the counts and the ``correct`` pairs
    ``(pred index, gold index)``."""
    res = SchemeScore()
    matched: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for pi, p in enumerate(pred):
        hit: int | None = None
        wrong: int | None = None
        best = 0
        for gi, g in enumerate(gold):
            if gi in matched:
                continue
            if scheme == "strict":
                if p == g:
                    hit = gi
                    break
                if wrong is None and _overlaps(p, g):
                    wrong = gi
            elif _overlaps(p, g):
                if p[0] == g[0]:
                    dist = abs(p[1] - g[1]) + abs(p[2] - g[2])
                    if hit is None or dist < best:
                        hit, best = gi, dist
                elif wrong is None:
                    wrong = gi
        if hit is not None:
            res.correct += 1
            matched.add(hit)
            pairs.append((pi, hit))
        elif wrong is not None:
            res.incorrect += 1
            matched.add(wrong)
        else:
            res.spurious += 1
    res.missed = len(gold) - len(matched)
    res._finish()
    return res, pairs


def _boundary_kind(p: Span, g: Span) -> str:
    if p[1] <= g[1] and p[2] >= g[2]:
        return "too_long"
    if p[1] >= g[1] and p[2] <= g[2]:
        return "too_short"
    return "shifted"


def _text(words: Sequence[str] | None, e: Span) -> str:
    return f"tokens {e[1]}:{e[2]}" if words is None else " ".join(words[e[1]:e[2]])


def evaluate_schemes(
    gold: Sequence[Sequence[str]],
    pred: Sequence[Sequence[str]],
    tokens: Sequence[Sequence[str]] | None = None,
    top: int = 10,
) -> SchemeResult:
    """Entity scores under the SemEval-2013 ``strict`` and ``type`` schemes, per type and
    overall, exactly as nervaluate 1.2 computes them (``strict`` and ``ent_type``, default
    1% minimum overlap), and the ``top`` most frequent boundary errors.

    Entities are decoded as in :func:`evaluate_tags` (conlleval, as nervaluate's list
    loader does). ``tokens`` (same shape as ``gold``) gives the boundary errors their
    texts; without it they are ``"tokens i:j"``.

    Raises:
        ValueError: as :func:`evaluate_tags` for mismatched shapes.
    """
    gold = _as_sentences("gold", gold)
    pred = _as_sentences("pred", pred)
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} sentences but pred has {len(pred)}")
    if tokens is not None and len(tokens) != len(gold):
        raise ValueError(f"gold has {len(gold)} sentences but tokens has {len(tokens)}")
    sents: list[tuple[list[Span], list[Span]]] = []
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        if len(g) != len(p) or (tokens is not None and len(tokens[i]) != len(g)):
            raise ValueError(f"sentence {i}: gold, pred (and tokens) differ in length")
        sents.append((iob2_entities(g), iob2_entities(p)))
    types = sorted({e[0] for g, p in sents for e in (*g, *p)})
    scores = {s: {"overall": SchemeScore(), "per_type": {t: SchemeScore() for t in types}}
              for s in SCHEMES}
    errors: Counter[tuple[str, str, str, str]] = Counter()  # (kind, type, gold, pred)
    for i, (g_ents, p_ents) in enumerate(sents):
        for scheme in SCHEMES:
            scores[scheme]["overall"].add(_match(g_ents, p_ents, scheme)[0])
        for t in {e[0] for e in (*g_ents, *p_ents)}:
            g_t = [e for e in g_ents if e[0] == t]
            p_t = [e for e in p_ents if e[0] == t]
            scores["strict"]["per_type"][t].add(_match(g_t, p_t, "strict")[0])
            res, pairs = _match(g_t, p_t, "type")
            scores["type"]["per_type"][t].add(res)
            for pi, gi in pairs:
                pe, ge = p_t[pi], g_t[gi]
                if pe != ge:
                    words = None if tokens is None else tokens[i]
                    errors[(_boundary_kind(pe, ge), t, _text(words, ge), _text(words, pe))] += 1
    counts = {k: sum(n for key, n in errors.items() if key[0] == k) for k in BOUNDARY_KINDS}
    ranked = sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))
    top_lists = {
        k: [{"gold": g, "pred": p, "type": t, "count": n}
            for (kind, t, g, p), n in ranked if kind == k][:top]
        for k in BOUNDARY_KINDS
    }
    return SchemeResult(scores, counts, top_lists)


def format_schemes(data: dict[str, Any]) -> str:
    """Markdown for :meth:`SchemeResult.to_json` output: per type, exact (strict) and overlap
    (type) P/R/F1 with strict's error counts, then the most frequent boundary errors."""
    sch = data["schemes"]
    lines = [
        "| type | strict P | strict R | strict F1 | type P | type R | type F1 "
        "| incorrect | missed | spurious |",
        "|:-----|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [(t, sch["strict"]["per_type"][t], sch["type"]["per_type"][t])
            for t in sch["strict"]["per_type"]]
    rows.append(("**overall**", sch["strict"]["overall"], sch["type"]["overall"]))
    for name, s, o in rows:
        lines.append(
            f"| {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} "
            f"| {o['precision']:.4f} | {o['recall']:.4f} | {o['f1']:.4f} "
            f"| {s['incorrect']} | {s['missed']} | {s['spurious']} |"
        )
    be = data["boundary_errors"]
    lines += ["", "Exact match (SemEval-2013 strict) and overlap (type) scores as nervaluate "
              "computes them. incorrect / missed / spurious are strict's: per type, incorrect is a "
              "prediction of the right type with other boundaries; overall it also counts "
              "an overlapping prediction of another type.",
              "", "### Most frequent boundary errors", ""]
    labels = {"too_long": "too long (prediction contains the gold entity)",
              "too_short": "too short (prediction inside the gold entity)",
              "shifted": "shifted (overlapping, neither inside the other)"}
    for kind in BOUNDARY_KINDS:
        lines.append(f"- {labels[kind]}: {be['counts'].get(kind, 0)}")
        for e in be["top"].get(kind, []):
            lines.append(f"  - {e['count']} × {e['type']}: gold `{e['gold']}` → "
                         f"predicted `{e['pred']}`")
    return "\n".join(lines) + "\n"
