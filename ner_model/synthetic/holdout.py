"""Hold-out of surface forms between the train, dev and test splits.

Every brand, place and lexical time expression belongs to one *group* (a canonical form
and its aliases and codes: ``Coca-Cola|Coke|COKE``). A group's split comes from a stable
BLAKE2 hash of its normalised canonical form (80/10/10 train/dev/test), except a few very
frequent forms pinned to train (``US``, ``UK``, ``NYC``, ``London``, ``Black Friday``,
``tonight`` ...), which therefore never appear in dev or test. A surface form is only
ever used by one split: an alias that would collide with another split's form is
dropped. The closed class of TIME words (seasons, ``noon``/``midnight``, core deictic
expressions such as ``tonight``, ``next week``, ``last year``) is *shared* by every split:
no production text can hold a season a model has not seen, so holding ``Fall`` out would
measure nothing users meet; their slang spellings and rarer phrasings (``2morrow``,
``this arvo``, ``early next year``) are held out, with analogues in train. Time *patterns*
(``date_eu_dot``: ``29.11.2024``, ``clock_tz``: ``8pm ET``, ...) are assigned to splits by
hand so that every slot type has patterns in every split
(:mod:`ner_model.synthetic.time_patterns`). Templates are shared, except that a hash sends
some alternatives to one split only, so the test split also measures generalisation to
unseen phrasings. ``split="all"`` uses every pool (for a final model once evaluation is
done).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from random import Random

SPLITS = ("train", "dev", "test")
SHARED = "shared"  # the split of closed-class TIME words every split uses (see above)
LABELS = ("BRAND", "TIME", "LOCATION")

# Forms pinned to train: the commonest surface forms, which the default model must see.
PINNED_TRAIN = frozenset(
    {
        "United States",
        "United Kingdom",
        "New York City",
        "London",
        "Los Angeles",
        "EMEA",
        "APAC",
        "Black Friday",
        "Cyber Monday",
        "Christmas",
        "Valentine's Day",
        "Mother's Day",
        "Halloween",
        "Thanksgiving",
        "today",
        "tonight",
        "tomorrow",
        "this weekend",
        "next week",
        "yesterday",
        "last night",
        "midnight",
        "noon",
        "Nike",
        "Coca-Cola",
        "McDonald's",
        "Apple",
        "Amazon",
        "Starbucks",
        "Walmart",
        "Target",
        "Adidas",
        "Samsung",
    }
)


def surface_key(text: str) -> str:
    """Normalised identity of a surface form: case-folded, accents and punctuation removed
    (``Coca-Cola``, ``COCA COLA`` and ``coca_cola`` share a key)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def bucket(key: str) -> str:
    """Stable 80/10/10 split of a key (independent of PYTHONHASHSEED)."""
    digest = hashlib.blake2b(key.encode(), digest_size=8, person=b"campaign").digest()
    b = int.from_bytes(digest, "big") % 10
    return "train" if b < 8 else ("dev" if b == 8 else "test")


def template_split(text: str) -> str | None:
    """``None`` for a template shared by all splits, else the one split that owns it."""
    digest = hashlib.blake2b(text.encode(), digest_size=8, person=b"template").digest()
    b = int.from_bytes(digest, "big") % 20
    if b < 12:
        return None
    return "train" if b < 18 else ("dev" if b == 18 else "test")


@dataclass
class Group:
    """One entity: canonical form, text aliases, code forms (campaign names only)."""

    label: str
    canonical: str
    forms: tuple[str, ...]  # usable in running text; forms[0] is the canonical form
    codes: tuple[str, ...]  # short codes, campaign names only
    split: str
    weight: float = 1.0
    extra: dict = field(default_factory=dict)

    def pick_form(self, r: Random, alias_p: float = 0.25) -> str:
        """The canonical form, or with probability ``alias_p`` one of the aliases."""
        if len(self.forms) > 1 and r.random() < alias_p:
            return r.choice(self.forms[1:])
        return self.forms[0]


class Registry:
    """Assigns groups to splits and guarantees each surface key lives in one split."""

    def __init__(self) -> None:
        self.key_split: dict[str, str] = {}
        self.canonical: set[tuple[str, str]] = set()  # (label, key) of every group
        self.groups: list[Group] = []

    def add(
        self,
        label: str,
        forms: Sequence[str],
        codes: Sequence[str] = (),
        *,
        split: str | None = None,
        weight: float = 1.0,
        extra: dict | None = None,
        blocked: frozenset[str] = frozenset(),
    ) -> Group | None:
        """Register a group (``forms[0]`` canonical); ``None`` when its canonical form is
        blocked, already registered for ``label`` or taken by another split. ``split``
        defaults to the split of a known key, then :data:`PINNED_TRAIN`, then the hash."""
        forms = [f.strip() for f in forms if f.strip()]
        if not forms:
            return None
        ck = surface_key(forms[0])
        if not ck or ck in blocked or (label, ck) in self.canonical:
            return None
        if split is None:
            split = self.key_split.get(ck) or ("train" if forms[0] in PINNED_TRAIN else bucket(ck))
        kept_forms = [f for f in dict.fromkeys(forms) if self._free(f, split, blocked)]
        if not kept_forms or surface_key(kept_forms[0]) != ck:
            return None
        kept_codes = [c for c in dict.fromkeys(codes) if self._free(c, split, blocked)]
        for f in (*kept_forms, *kept_codes):
            self.key_split[surface_key(f)] = split
        self.canonical.add((label, ck))
        group = Group(
            label, kept_forms[0], tuple(kept_forms), tuple(kept_codes), split, weight, extra or {}
        )
        self.groups.append(group)
        return group

    def _free(self, form: str, split: str, blocked: frozenset[str]) -> bool:
        """Whether ``form`` may join ``split``: not blocked, not owned by another split."""
        k = surface_key(form)
        return bool(k) and k not in blocked and self.key_split.get(k, split) == split
