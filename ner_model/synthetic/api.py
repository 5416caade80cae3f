"""Public API of the generator: :func:`generate`, :func:`generate_unlabeled`,
:func:`holdout_pools` (re-exported by :mod:`ner_model.synthetic`)."""

from __future__ import annotations

from random import Random

from ner_model.synthetic.campaign_names import campaign_name
from ner_model.synthetic.grammar import Seg
from ner_model.synthetic.holdout import LABELS, SHARED
from ner_model.synthetic.near_brand import brand_forms
from ner_model.synthetic.noise import surface
from ner_model.synthetic.pools import Pools, pools
from ner_model.synthetic.rows import KIND_WEIGHTS, Row, assemble
from ner_model.synthetic.time_patterns import PATTERNS
from ner_model.synthetic.world import world

_KINDS_W = (list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))
# Share of templated rows of a kind with an ``nb_<kind>`` rule that use it instead (brand
# boundaries and people, see ner_model/synthetic/near_brand.py).
NEAR_BRAND_SHARE = 0.35
_MAX_TRIES = 50  # re-draws of a row whose entities do not align with token boundaries


def generate(n: int, seed: int = 0, split: str = "train") -> list[dict]:
    """``n`` labeled rows of synthetic campaign text.

    Args:
        n: number of rows (>= 0).
        seed: same ``(n, seed, split)`` gives identical rows; other seeds give others.
        split: ``"train"``, ``"dev"``, ``"test"`` (disjoint brand/place/time pools, see
            :mod:`ner_model.synthetic.holdout`) or ``"all"`` (every pool).

    Returns:
        Dicts ``{"text", "entities": [{"start", "end", "label"}], "tokens", "tags", "kind"}``:
        ``text[start:end]`` is the entity, entities align with :func:`token_spans`
        boundaries, ``tags`` are IOB2 over ``tokens`` (labels BRAND, TIME, LOCATION) and
        ``kind`` is one of :data:`KINDS`.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    split_pools = pools(split)
    rng = Random(f"campaign-ner/{split}/{seed}")
    return [_one(rng, split_pools) for _ in range(n)]


def generate_unlabeled(n: int, seed: int = 0) -> list[str]:
    """``n`` realistic campaign texts (train pools), e.g. for ``sample_data``."""
    return [row["text"] for row in generate(n, seed=seed, split="train")]


def holdout_pools(split: str) -> dict[str, list[str]]:
    """Surface forms held out for ``split``: ``{"BRAND": [...], "LOCATION": [...],
    "TIME": [...]}``.

    BRAND and LOCATION list every form (canonical, aliases, codes); TIME lists the lexical
    forms (holidays, relative expressions, seasons, clock words) and the names of the
    generative patterns as ``"pattern:<name>"``. Pools of different splits are disjoint by
    :func:`surface_key`. ``split="shared"`` lists the closed-class TIME words every split
    uses besides its own pool; ``"all"`` is the union of everything.
    """
    if split != SHARED:
        pools(split)  # validates the name
    out: dict[str, set[str]] = {label: set() for label in LABELS}
    for g in world().registry.groups:
        if split in ("all", g.split):
            out[g.label].update(g.forms)
            out[g.label].update(g.codes)
    out["BRAND"].update(brand_forms(split))
    out["TIME"].update(
        f"pattern:{name}" for name, (sp, _) in PATTERNS.items() if split in ("all", sp)
    )
    return {label: sorted(forms) for label, forms in out.items()}


def _one(rng: Random, split_pools: Pools) -> dict:
    """One row of a random kind, re-drawn until its entities align with tokens."""
    kind = rng.choices(*_KINDS_W)[0]
    for _ in range(_MAX_TRIES):
        row = Row(rng, split_pools, kind)
        segs = campaign_name(row) if kind == "campaign_name" else _expand_kind(row, kind)
        out = assemble(surface(rng, segs, kind), kind)
        if out is not None and out["text"]:
            return out
    raise RuntimeError(f"could not generate an aligned {kind} row in {_MAX_TRIES} tries")


def _expand_kind(row: Row, kind: str) -> list[Seg]:
    """A templated row: the kind's rule, sometimes with an intro and an ending."""
    out: list[Seg] = []
    if kind in ("headline", "push", "sms", "email_subject") and row.r.random() < 0.3:
        row.expand("intro", out)
    near = f"nb_{kind}"
    row.expand(near if near in row.p.rules and row.r.random() < NEAR_BRAND_SHARE else kind, out)
    if kind in ("headline", "push", "social", "email_subject") and row.r.random() < 0.35:
        row.expand("end", out)
    return out
