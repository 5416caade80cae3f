"""Tests for the slots that teach span boundaries (ner_model/synthetic/near_brand.py) and
for the rows in other languages (ner_model/synthetic/foreign.py): labels follow
docs/annotation.md, and every row still aligns with the tokenizer."""

from __future__ import annotations

from random import Random

import pytest

from ner_model.synthetic import foreign, near_brand
from ner_model.synthetic.lexicons import boundaries as _lex
from ner_model.synthetic.lexicons.foreign import LANGUAGES
from ner_model.synthetic.pools import pools
from ner_model.synthetic.rows import Row, assemble

SEEDS = range(400)


def _row(seed: int, split: str = "train", kind: str = "headline") -> Row:
    return Row(Random(seed), pools(split), kind)


def _labelled(segs: list) -> list[tuple[str, str]]:
    return [(text, label) for text, label in segs if label is not None]


@pytest.mark.parametrize("split", ["train", "dev", "test"])
def test_airports_are_their_own_locations(split: str) -> None:
    names, codes = near_brand._airports(split)
    for seed in range(60):
        row = _row(seed, split)
        segs: list = []
        near_brand.fill(row, "AP", segs)
        ents = _labelled(segs)
        assert all(label == "LOCATION" for _, label in ents)
        assert len(ents) == (2 if names else 1)  # the city, then the airport
        if names:
            assert ents[1][0] in names
        segs = []
        near_brand.fill(row, "route", segs)
        ents = _labelled(segs)
        assert len(ents) == 2 and all(label == "LOCATION" for _, label in ents)
        if len(codes) >= 2:
            assert {t for t, _ in ents} <= set(codes) and ents[0][0] != ents[1][0]
    # names and codes are held out: a split only writes its own
    assert not set(near_brand.airport_forms("train")) & set(near_brand.airport_forms("test"))


def test_a_sponsor_venue_is_one_location_built_on_a_brand_of_the_split() -> None:
    from ner_model.synthetic import holdout_pools

    brands = set(holdout_pools("dev")["BRAND"])
    for seed in range(60):
        venue = near_brand.sponsor_venue(_row(seed, "dev"))
        sponsor, _, word = venue.rpartition(" ")
        assert word in _lex.VENUE_WORDS
        assert sponsor in brands, venue


def test_a_brand_event_keeps_the_event_name_outside_the_brand() -> None:
    for seed in range(60):
        row = _row(seed)
        segs: list = []
        near_brand.fill(row, "Bevent", segs)
        assert segs[0] == [row.brand_text, "BRAND"]
        assert segs[1][1] is None and segs[1][0].strip() in _lex.EVENT_NAMES


def test_invented_lines_include_model_codes_and_are_held_out() -> None:
    lines = {s: set(near_brand._invented_lines(s)) for s in ("train", "dev", "test")}
    assert not lines["train"] & lines["test"] and not lines["dev"] & lines["test"]
    coded = [x for x in lines["train"] if any(ch.isdigit() for ch in x) and " " in x]
    assert len(coded) > 100  # "V15 Detect", "F-150 Lightning"
    assert any(x.endswith("+") for x in lines["train"])


def test_people_are_never_brands_and_can_open_a_sentence() -> None:
    starts = 0
    for seed in range(300):
        row = _row(seed, kind="headline")
        segs: list = []
        row.expand("nb_headline", segs)
        for text, label in segs:
            assert not (label == "BRAND" and text in _lex.PEOPLE), text
        ents = [s for s in segs if s[0]]
        starts += bool(ents) and ents[0][1] == near_brand.PERSON
    assert starts > 5  # "{P} Is the New Face of {B}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_foreign_rows_keep_prepositions_and_articles_outside_time(lang: str) -> None:
    spec = LANGUAGES[lang]
    outside = {w for p in (*spec.until, *spec.since, *spec.on) for w in p.split()}
    outside |= {"la", "le", "el", "il", "the"}
    calendar = {w.lower() for w in (*spec.days, *spec.months, *spec.seasons, *spec.rel)}
    seen_time: set[str] = set()
    aligned = 0
    for seed in SEEDS:
        segs = foreign.row_segments(_row(seed, kind="sms"), lang)
        for text, label in segs:
            if label == "TIME":
                assert text.split()[0].lower() not in outside, segs
                seen_time.add(text.lower())
        assert any(label == "BRAND" for _, label in segs) or "{B}" not in str(segs)
        aligned += assemble(segs, "sms") is not None
    assert aligned / len(SEEDS) > 0.95, lang
    assert len(seen_time & calendar) > 5, lang  # weekdays, months, deictic words as TIME


def test_some_generated_rows_are_in_other_languages() -> None:
    from ner_model.synthetic import generate

    rows = generate(2000, seed=5)
    words = {"bis", "hasta", "jusqu", "fino", "até", "t/m", "ab", "desde", "vanaf", "dès"}
    share = sum(bool(words & set(r["tokens"])) for r in rows) / len(rows)
    assert 0.005 < share < 0.1

