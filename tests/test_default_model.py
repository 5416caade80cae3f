"""The default model ships inside the package, loads without any training data, and finds
the brand, time and location in hand-written campaign texts (not from the generator)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from ner_model.inference.predictor import Predictor
from ner_model.storage.model_dir import load_model, read_metrics
from ner_model.storage.registry import DEFAULT_MODEL_DIR
from ner_model.text.spans import CharEntity, char_entities_to_tags, tags_to_char_entities
from ner_model.text.tokenizer import marked_tokens, token_spans
from ner_model.training.metrics import evaluate_tags

# Campaign texts written by hand (real brands, places and times; none generated), marked
# up as [surface](B|T|L) following docs/annotation.md. Lines 1-140 are the original set
# (the last 60 of them written after the first 80, with other brands, places and formats);
# lines 141-515 were added for issue 28 (more formats, sectors, countries and hard cases),
# labelled before any model ran on them. handwritten_split.json splits all of them once
# into dev (for choices) and test (only reported); bench/handwritten_eval.py scores both.
HANDWRITTEN = Path(__file__).parent / "data" / "handwritten_campaigns.txt"
HANDWRITTEN_SPLIT = Path(__file__).parent / "data" / "handwritten_split.json"
ORIGINAL_LINES = 140
_MARK = re.compile(r"\[([^\]]+)\]\((B|T|L)\)")
_LABEL = {"B": "BRAND", "T": "TIME", "L": "LOCATION"}

def handwritten(half: str | None = None) -> list[tuple[str, list[CharEntity]]]:
    """``(text, entities)`` of every line of :data:`HANDWRITTEN`, or (``half`` "dev" or
    "test") of the lines :data:`HANDWRITTEN_SPLIT` puts in that half, in file order."""
    lines = HANDWRITTEN.read_text(encoding="utf-8").splitlines()
    if half is not None:
        keep = json.loads(HANDWRITTEN_SPLIT.read_text(encoding="utf-8"))[half]
        lines = [lines[i - 1] for i in sorted(keep)]
    out = []
    for line in lines:
        text, ents, pos = "", [], 0
        for m in _MARK.finditer(line):
            text += line[pos : m.start()]
            ents.append(CharEntity(len(text), len(text) + len(m.group(1)), _LABEL[m.group(2)]))
            text += m.group(1)
            pos = m.end()
        out.append((text + line[pos:], ents))
    return out


# (text, [(label, entity text)]) written by hand for this test.
CASES = [
    ("Nike_US_BlackFriday2024_Prospecting", [("BRAND", "Nike"), ("LOCATION", "US")]),
    ("COKE | Summer Refresh | London | Jun25", [("BRAND", "COKE"), ("LOCATION", "London")]),
    ("Join Starbucks in Seattle this Saturday at 7:30pm for a free tasting",
     [("BRAND", "Starbucks"), ("LOCATION", "Seattle"), ("TIME", "7:30pm")]),
    ("Adidas flash sale: 30% off everything in Berlin until Sunday",
     [("BRAND", "Adidas"), ("LOCATION", "Berlin"), ("TIME", "Sunday")]),
    ("Your Sephora order ships tomorrow 📦", [("BRAND", "Sephora"), ("TIME", "tomorrow")]),
    ("Samsung Galaxy launch event - Tokyo - 2025-03-01",
     [("LOCATION", "Tokyo"), ("TIME", "2025-03-01")]),
    ("Q3 2024 | EMEA | Adidas | Awareness",
     [("TIME", "Q3 2024"), ("LOCATION", "EMEA"), ("BRAND", "Adidas")]),
    ("Fall collection drops next week at Zara Paris.",
     [("TIME", "Fall"), ("TIME", "next week"), ("BRAND", "Zara"), ("LOCATION", "Paris")]),
    ("Hy-Vee weekly ad: deals through Tuesday in Des Moines",
     [("BRAND", "Hy-Vee"), ("TIME", "Tuesday"), ("LOCATION", "Des Moines")]),
    # A brand opening a plain sentence, with no cue such as "at" or "X:" (the model card's
    # claim; an earlier default model, trained before the generator had such sentences,
    # missed both).
    ("Spotify Wrapped drops Dec 4", [("BRAND", "Spotify"), ("TIME", "Dec 4")]),
    ("Netflix and chill this Friday", [("BRAND", "Netflix"), ("TIME", "this Friday")]),
    # Place names with letters outside Latin-1 are whole words (the tokenizer once cut
    # them into "Gda ń sk" and "Łód ź", and the model found only "Gda" and "Łód").
    ("Grab deals in Kraków and Łódź this Friday",
     [("LOCATION", "Kraków"), ("LOCATION", "Łódź"), ("TIME", "this Friday")]),
    ("Free delivery in Gdańsk until Sunday", [("LOCATION", "Gdańsk"), ("TIME", "Sunday")]),
]


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


def test_default_model_ships_complete():
    for name in ("config.json", "vocab.json", "weights.safetensors", "metrics.json", "README.md"):
        assert (DEFAULT_MODEL_DIR / name).is_file(), name
    _, vocabs, version = load_model(None)
    assert set(vocabs.entity_types) >= {"BRAND", "TIME", "LOCATION"}
    assert len(version) == 16
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir())
    assert size < 8 * 2**20, "the shipped model stays small"
    assert read_metrics(DEFAULT_MODEL_DIR)["version"] == version


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_finds_brand_time_location_in_hand_written_text(predictor, text, expected):
    found = {(e.label, e.text) for e in predictor.predict([text])[0]}
    for label, surface in expected:
        assert any(lab == label and surface in t for lab, t in found), (text, found)


# The guideline's worked examples of brand boundaries and people (docs/annotation.md): the
# whole set of entities each text must give, no more.
GUIDELINE = [
    ("Train with Serena Williams at Nike London", {("BRAND", "Nike"), ("LOCATION", "London")}),
    ("New single feat. Burna Boy, out Friday", {("TIME", "Friday")}),
    ("Fenty Beauty by Rihanna", {("BRAND", "Fenty Beauty")}),
    ("Apple iPhone 15 is here", {("BRAND", "Apple"), ("BRAND", "iPhone 15")}),
    ("Amazon Kindle deals", {("BRAND", "Amazon"), ("BRAND", "Kindle")}),
    ("Samsung Galaxy S24 Ultra trade-in", {("BRAND", "Samsung"), ("BRAND", "Galaxy S24 Ultra")}),
    ("Sephora Beauty Insider", {("BRAND", "Sephora")}),
    ("Bose headphones", {("BRAND", "Bose")}),
    ("Adidas x Gucci", {("BRAND", "Adidas"), ("BRAND", "Gucci")}),
]


@pytest.mark.parametrize(("text", "expected"), GUIDELINE)
def test_brand_boundaries_and_people_follow_the_guideline(predictor, text, expected):
    assert {(e.label, e.text) for e in predictor.predict([text])[0]} == expected


def test_plain_text_without_entities(predictor):
    assert predictor.predict(["Free shipping on all orders over fifty dollars"])[0] == []


def test_handwritten_campaign_texts_score_well(predictor):
    """Entity F1 on the original 140 hand-written texts: a retrained default model must not
    fall below 0.85 here. (The later lines are scored by bench/handwritten_eval.py, on the
    dev and test halves apart.)"""
    rows = handwritten()[:ORIGINAL_LINES]
    gold, tokens = [], []
    for text, ents in rows:
        spans = token_spans(text)
        tags, dropped = char_entities_to_tags(spans, ents)
        assert not dropped, (text, dropped)  # every marked span is whole tokens
        gold.append(tags)
        tokens.append(marked_tokens(text, spans))
    pred = [t.tags for t in predictor.tag_tokens(tokens)]
    result = evaluate_tags(gold, pred)
    assert result.n_gold_entities == 433
    assert result.micro_f1 >= 0.85, result.per_type
    # the same texts through annotate() (raw text in, character spans out) agree
    found = [{(e.start, e.end, e.label) for e in a}
             for a in predictor.predict([t for t, _ in rows])]
    via_tags = [
        {(e.start, e.end, e.label) for e in tags_to_char_entities(token_spans(t), p)}
        for (t, _), p in zip(rows, pred, strict=True)
    ]
    assert found == via_tags


def test_handwritten_texts_parse_and_split_once():
    """Every hand-written line parses into whole-token, non-overlapping spans with balanced
    markup, no text is there twice, and the split puts every line in exactly one half."""
    lines = HANDWRITTEN.read_text(encoding="utf-8").splitlines()
    rows = handwritten()
    assert len(rows) == len(lines) >= 400
    for line, (text, ents) in zip(lines, rows, strict=True):
        assert "[" not in _MARK.sub("", line) and "]" not in _MARK.sub("", line), line
        assert all(a.end <= b.start for a, b in itertools.pairwise(ents)), line
        _, dropped = char_entities_to_tags(token_spans(text), ents)
        assert not dropped, (text, dropped)
    assert len({t for t, _ in rows}) == len(rows), "a text is there twice"
    split = json.loads(HANDWRITTEN_SPLIT.read_text(encoding="utf-8"))
    assert set(split) == {"dev", "test"}
    assert sorted(split["dev"] + split["test"]) == list(range(1, len(lines) + 1))
    assert abs(len(split["dev"]) - len(split["test"])) <= 1
    assert len(handwritten("dev")) + len(handwritten("test")) == len(rows)
