"""Tests for ner_model.synthetic.time_patterns: every TIME pattern of every split yields a
surface form whose span aligns with token boundaries."""

from __future__ import annotations

from random import Random

from ner_model.synthetic import SPLITS
from ner_model.synthetic.pools import pools
from ner_model.synthetic.time_patterns import PATTERNS
from ner_model.text.tokenizer import token_spans


def test_every_time_pattern_yields_token_aligned_spans() -> None:
    for split in SPLITS:
        lex = pools(split).lex
        rng = Random(f"patterns/{split}")
        for name, (_, fn) in PATTERNS.items():
            for _ in range(25):
                surface = fn(rng, lex)
                text = f"Sale ends {surface}, shop now"
                spans = token_spans(text)
                start, end = 10, 10 + len(surface)
                assert surface == surface.strip() and surface, name
                assert start in {s for s, _ in spans} and end in {e for _, e in spans}, (
                    name,
                    surface,
                )
