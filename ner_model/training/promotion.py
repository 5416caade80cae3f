"""The promotion rule: does a freshly trained candidate replace the registry's champion?

A pure function of the scores, so the rule is tested in milliseconds and the retraining
flow only gathers the scores and acts on the decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

POLICIES = ("auto", "always", "never")


@dataclass(frozen=True)
class PromotionDecision:
    """What to do with a candidate, and why (one line a person reads)."""

    promoted: bool
    reason: str


def decide_promotion(
    policy: str,
    candidate: str,
    champion: str | None,
    candidate_f1: float,
    champion_dev_f1: Mapping[str, float],
    dev_sets: Sequence[str],
    champion_label: str | None = None,
) -> PromotionDecision:
    """Decide whether ``candidate`` becomes champion.

    Args:
        policy: ``auto`` (promote only a candidate that beats the champion on the same dev
            data), ``always`` or ``never``.
        candidate, champion: model versions; ``champion`` None for an empty registry.
        candidate_f1: the candidate's mean dev entity F1 over its dev sets.
        champion_dev_f1: the champion's entity F1 per dev set it could be scored on.
        dev_sets: the dev sets given for the comparison (empty: dev was held out of the
            training data, which the champion may have trained on).
        champion_label: how the reason names the champion (default ``champion``), e.g.
            the shipped model standing in for a registry that has no champion yet.

    Returns:
        The decision; in ``auto`` the champion must have been scored on every dev set and
        the candidate must score strictly higher on their mean.
    """
    if policy not in POLICIES:
        raise ValueError(f"promote must be one of {', '.join(POLICIES)}, not {policy!r}")
    if champion is None:
        return PromotionDecision(policy != "never", "no champion yet")
    if champion == candidate:
        return PromotionDecision(False, "candidate is identical to the champion")
    if policy == "always":
        return PromotionDecision(True, "forced (--promote always)")
    if policy == "never":
        return PromotionDecision(False, "--promote never")
    name = champion_label or "champion"
    if not dev_sets or any(d not in champion_dev_f1 for d in dev_sets):
        return PromotionDecision(
            False,
            f"{name} not comparable on the same dev data (use --dev, or --promote always)",
        )
    champ_f1 = sum(champion_dev_f1[d] for d in dev_sets) / len(dev_sets)
    return PromotionDecision(
        candidate_f1 > champ_f1,
        f"candidate dev F1 {candidate_f1:.4f} vs {champ_f1:.4f} for {name}",
    )
