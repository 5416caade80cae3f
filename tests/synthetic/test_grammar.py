"""Tests for ner_model.synthetic.grammar: hygiene of the phrase grammar (every reference
resolves; literal text holds no brand, place or time word)."""

from __future__ import annotations

import re

from ner_model.synthetic import holdout_pools, near_brand, surface_key
from ner_model.synthetic.grammar import SECTOR_FALLBACK
from ner_model.synthetic.lexicons import templates
from ner_model.synthetic.time_patterns import TIME_WORDS

_SLOTS = {
    "product",
    "Product",
    "pct",
    "money",
    "name",
    "url",
    "promo",
    "emoji",
    "hashtags",
    "num",
    "ordernum",
    "digits",
    "email",
    "crowd",
    "B",
    "B2",
    "B@",
    "B2@",
    "B#",
    *near_brand.SLOTS,
}


def test_grammar_references_resolve_and_literals_hold_no_entities() -> None:
    rules = templates.RULES
    pools = holdout_pools("all")
    entity_words = {
        surface_key(f)
        for lab in ("BRAND", "LOCATION")
        for f in pools[lab]
        if " " not in f and len(surface_key(f)) > 3
    }
    for name, alts in rules.items():
        for alt in alts:
            for ref in re.findall(r"\{([^{}]+)\}", alt):
                ref = ref.rstrip("?")
                if ref.startswith("S:"):
                    base = ref[2:]
                    assert base in rules or SECTOR_FALLBACK.get(base) in rules, ref
                elif ref.startswith(("L:", "T:")):
                    continue
                else:
                    assert ref in rules or ref in _SLOTS, (name, ref)
            literal = re.sub(r"\{[^{}]+\}", " ", alt)
            assert not TIME_WORDS.search(literal), (name, alt)
            for word in re.findall(r"[^\W\d_]+", literal):
                assert surface_key(word) not in entity_words, (name, word)
