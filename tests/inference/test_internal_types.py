"""Internal entity types (people, ``PERSON``): learned and decoded, never reported or scored."""

from __future__ import annotations

import pytest

from ner_model.inference.predictor import Predictor
from ner_model.text.labels import INTERNAL_TYPES, is_internal, public_tags, public_types
from ner_model.training.loop import evaluate_model
from tests.conftest import TINY, labeled_sentence, surface_offsets

_PEOPLE = [
    ("Train with Serena Williams at Nike London",
     [("Serena Williams", "PERSON"), ("Nike", "BRAND"), ("London", "LOCATION")]),
    ("New single feat. Burna Boy out Friday", [("Burna Boy", "PERSON"), ("Friday", "TIME")]),
    ("Meet Serena Williams at Adidas Paris tomorrow",
     [("Serena Williams", "PERSON"), ("Adidas", "BRAND"), ("Paris", "LOCATION"),
      ("tomorrow", "TIME")]),
]


_DATA = [*TINY, *((t, surface_offsets(t, e)) for t, e in _PEOPLE)]


@pytest.fixture(scope="module")
def person_model():
    """A tiny tagger overfit on the tiny set plus sentences with people."""
    from ner_model.model import TaggerConfig
    from ner_model.training.loop import train_model
    from ner_model.training.options import TrainOptions

    sentences = [labeled_sentence(t, e) for t, e in _DATA]
    config = TaggerConfig(word_dim=16, char_dim=8, char_filters=16, hidden=32, dropout=0.1,
                          word_dropout=0.0)
    options = TrainOptions(max_epochs=80, patience=80, lr=1e-2, batch_tokens=128,
                           pretrained=False, lr_decay=1.0)
    result = train_model(sentences, sentences, config, options)
    return result, sentences


def test_label_helpers() -> None:
    assert "PERSON" in INTERNAL_TYPES
    assert is_internal("B-PERSON") and is_internal("PERSON") and not is_internal("B-BRAND")
    assert public_types(["BRAND", "LOCATION", "PERSON", "TIME"]) == ["BRAND", "LOCATION", "TIME"]
    assert public_tags(["B-PERSON", "I-PERSON", "B-BRAND", "O"]) == ["O", "O", "B-BRAND", "O"]


def test_people_are_decoded_but_never_reported(person_model) -> None:
    result, sentences = person_model
    assert "PERSON" in result.vocabs.entity_types
    pred = Predictor(result.model, result.vocabs)
    assert pred.output_types == ["BRAND", "LOCATION", "TIME"]
    tagged = pred.tag_tokens([s.model_tokens for s in sentences])
    raw = [[t.names[i] for i in t.ids.tolist()] for t in tagged]
    # overfit: the raw decoding is the gold, people included ...
    assert raw == [s.tags for s in sentences]
    assert any("B-PERSON" in r for r in raw)
    # ... but the tags a caller reads have no internal type
    assert [t.tags for t in tagged] == [public_tags(s.tags) for s in sentences]
    texts = [t for t, _ in _DATA]
    for (text, ents), found in zip(_DATA, pred.predict(texts), strict=True):
        want = [e for e in ents if e[2] != "PERSON"]
        assert [(e.start, e.end, e.label) for e in found] == want, text
    arrays = pred.annotate_arrays(texts)
    assert arrays.labels == ["BRAND", "LOCATION", "TIME"]
    assert set(arrays.label.tolist()) <= {0, 1, 2}


def test_people_are_never_scored(person_model) -> None:
    result, sentences = person_model
    scored, pred = evaluate_model(result.model, result.vocabs, sentences)
    assert scored.micro_f1 == 1.0
    assert "PERSON" not in scored.per_type
    assert not any(is_internal(t) for p in pred for t in p if t != "O")
    # a model that said BRAND where the gold says PERSON is wrong: a spurious BRAND
    spurious = [s.tags[:] for s in sentences]
    for tags in spurious:
        tags[:] = ["B-BRAND" if t == "B-PERSON" else "I-BRAND" if t == "I-PERSON" else t
                   for t in tags]
    from ner_model.training.metrics import evaluate_tags

    worse = evaluate_tags([public_tags(s.tags) for s in sentences], spurious)
    assert worse.per_type["BRAND"].precision < 1.0
