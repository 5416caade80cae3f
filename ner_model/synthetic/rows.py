"""The row builder: one row's sector and brand, the entity slots of the grammar
(``{B}``, ``{L:kind}``, ``{T:kind}``), and the final row dict with tokens and IOB2 tags."""

from __future__ import annotations

import re
from random import Random

from ner_model.synthetic import fillers, grammar, near_brand
from ner_model.synthetic.grammar import Seg
from ner_model.synthetic.holdout import Group
from ner_model.synthetic.lexicons import brands as _brands
from ner_model.synthetic.lexicons import places as _places
from ner_model.synthetic.pools import Pools
from ner_model.synthetic.time_patterns import LEXICAL, PATTERNS, holiday, pascal
from ner_model.text.spans import CharEntity, char_entities_to_tags
from ner_model.text.tokenizer import token_spans

KINDS = ("headline", "body", "email_subject", "sms", "push", "social", "event", "voice",
         "campaign_name")
# Share of each kind among generated rows.
KIND_WEIGHTS = {
    "campaign_name": 24,
    "headline": 14,
    "email_subject": 13,
    "body": 12,
    "sms": 11,
    "social": 11,
    "push": 8,
    "event": 7,
    "voice": 6,
}
# Sectors and their weights (retail-heavy, like real campaign volume).
_SECTOR_WEIGHTS = {
    "fashion": 12,
    "beauty": 8,
    "food": 10,
    "drinks": 6,
    "grocery": 6,
    "snacks": 5,
    "retail": 10,
    "home": 6,
    "tech": 8,
    "apps": 6,
    "gaming": 4,
    "auto": 5,
    "travel": 7,
    "finance": 6,
    "telecom": 4,
    "fitness": 4,
}
_SECTORS, _SECTOR_W = list(_SECTOR_WEIGHTS), list(_SECTOR_WEIGHTS.values())
_INVENTED_SHARE = 0.4  # share of rows whose main brand is invented
# Kinds whose sender is a company, never a product line (see ``Row.__init__``).
_COMPANY_KINDS = ("sms", "event", "body", "email_subject", "voice")


class Row:
    """One row being built: its sector, brand and the phrases it has used."""

    def __init__(self, rng: Random, pools: Pools, kind: str) -> None:
        self.r = rng
        self.p = pools
        self.sector = rng.choices(_SECTORS, weights=_SECTOR_W)[0]
        # A product line (iPhone, Big Mac) can headline an ad but cannot send an SMS,
        # host an event or own a store.
        self.brand = self._pick_brand(no_products=kind in _COMPANY_KINDS)
        self.brand_text = self.brand.pick_form(rng, 0.2)
        self._brand2: str | None = None
        self.line: tuple[str, str] | None = None  # (owner, product line), see near_brand
        self.used: set[tuple[str, tuple]] = set()  # (rule, alternative) already expanded

    def _pick_brand(self, avoid: Group | None = None, no_products: bool = False) -> Group:
        r = self.r
        for _ in range(10):
            pool = (self.p.invented if r.random() < _INVENTED_SHARE else self.p.brands)[self.sector]
            if not pool:
                pool = self.p.brands[self.sector] or self.p.invented[self.sector]
            g = r.choice(pool)
            if g is not avoid and not (no_products and g.canonical in _brands.PRODUCT_LINES):
                return g
        return g

    @property
    def brand2(self) -> str:
        """A second brand of the sector (drawn on first use, then fixed for the row)."""
        if self._brand2 is None:
            self._brand2 = self._pick_brand(avoid=self.brand).pick_form(self.r, 0.2)
        return self._brand2

    def expand(self, rule: str, out: list[Seg]) -> None:
        """Append the expansion of grammar rule ``rule`` to ``out``."""
        grammar.expand(self, rule, out)

    # -- entity values
    def loc(self, kind: str) -> Group:
        pool = self.p.loc[kind]
        return self.r.choices(pool, cum_weights=self.p.loc_cum[kind])[0]

    def time(self, slot: str) -> str:
        name = self.r.choice(self.p.time_slots[slot])
        fn = LEXICAL.get(name) or PATTERNS[name][1]
        return fn(self.r, self.p.lex)

    def handle(self, brand: str) -> str:
        h = re.sub(r"\W+", "", brand.replace("&", "and" if self.r.random() < 0.3 else ""))
        return h.lower() if self.r.random() < 0.6 else h

    def hashtag(self, text: str) -> str:
        h = pascal(text)
        return h.lower() if self.r.random() < 0.35 else h

    def filler(self, name: str) -> str:
        """A non-entity slot's text (see :mod:`ner_model.synthetic.fillers`)."""
        return fillers.fill(self, name)

    # -- slots
    def slot(self, name: str, out: list[Seg]) -> None:
        """Append the segments of slot ``name`` (``B``, ``L:city``, ``T:date``, ``pct``)."""
        if name in near_brand.SLOTS:
            near_brand.fill(self, name, out)
        elif name.startswith("B"):
            self._brand_slot(name, out)
        elif name.startswith("L:"):
            self.location(name[2:], out)
        elif name.startswith("T:"):
            self._time_slot(name[2:], out)
        elif name == "name":  # a first name is a person (internal PERSON); "there" is not
            text = self.filler(name)
            out.append([text, near_brand.PERSON if text in self.p.person_names else None])
        else:
            out.append([self.filler(name), None])

    def _brand_slot(self, name: str, out: list[Seg]) -> None:
        if name == "B":
            out.append([self.brand_text, "BRAND"])
        elif name == "B2":
            out.append([self.brand2, "BRAND"])
        elif name in ("B@", "B2@"):
            h = self.handle(self.brand_text if name == "B@" else self.brand2)
            out += [["@", None], [h, "BRAND"]]
        elif name == "B#":
            out += [["#", None], [self.hashtag(self.brand_text), "BRAND"]]
        else:
            out.append([self.filler(name), None])

    def _time_slot(self, kind: str, out: list[Seg]) -> None:
        if kind == "#holiday":
            out += [["#", None], [self.hashtag(holiday(self.r, self.p.lex)), "TIME"]]
        else:
            out.append([self.time(kind), "TIME"])

    def location(self, kind: str, out: list[Seg]) -> None:
        """Append a location of ``kind`` (see the ``{L:kind}`` slots of the templates)."""
        r = self.r
        if kind == "#city":
            out += [["#", None], [self.hashtag(self.loc("city").pick_form(r, 0.3)), "LOCATION"]]
            return
        if kind == "citystate":
            self._city_and_state(out)
            return
        if kind == "place":
            kind = r.choices(("city", "country", "region", "local"), weights=(5, 2.5, 1.5, 1))[0]
        text_kind = "country" if kind == "country0" else kind
        form = self.loc(text_kind).pick_form(r, 0.3)
        if kind == "country" and form in _places.COUNTRIES_WITH_THE:
            out.append(["the ", None])
        out.append([form, "LOCATION"])

    def _city_and_state(self, out: list[Seg]) -> None:
        """``Austin, TX`` or ``Lyon, France``: two entities (a lone city where the split
        has no pairs)."""
        r = self.r
        if not self.p.citystate:
            out.append([self.loc("city").pick_form(r, 0.2), "LOCATION"])
            return
        city, admin = r.choice(self.p.citystate)
        state = r.choice(admin.codes) if admin.codes and r.random() < 0.7 else admin.pick_form(r)
        out += [[city.pick_form(r, 0.2), "LOCATION"], [", ", None], [state, "LOCATION"]]


def assemble(segs: list[Seg], kind: str) -> dict | None:
    """Row dict from segments, or ``None`` when an entity does not align with tokens."""
    parts: list[str] = []
    ents: list[CharEntity] = []
    pos = 0
    for text, label in segs:
        if label is not None:
            if text != text.strip() or not text:
                return None
            ents.append(CharEntity(pos, pos + len(text), label))
        parts.append(text)
        pos += len(text)
    text = "".join(parts)
    spans = token_spans(text)
    starts = {s for s, _ in spans}
    ends = {e for _, e in spans}
    for e in ents:
        if e.start not in starts or e.end not in ends:
            return None
    tags, dropped = char_entities_to_tags(spans, ents)
    if dropped:
        return None
    return {
        "text": text,
        "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in ents],
        "tokens": [text[s:e] for s, e in spans],
        "tags": tags,
        "kind": kind,
    }
