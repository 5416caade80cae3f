"""A row's theme: the words left once brand, market, dates and boilerplate are gone, shopping
events as one token each, and the similarity of two themes. Hand-made cases, properties over
arbitrary text and spans."""

from __future__ import annotations

import doctest
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ner_model.stitch import theme
from ner_model.stitch.theme import CUT_LABELS, theme_similarity, theme_words


def test_the_docstring_examples():
    failed, attempted = doctest.testmod(theme)
    assert attempted >= 1 and failed == 0
    assert theme_words("Puma_FR_SummerSale2025_Prospecting", [(0, 4), (5, 7)]) == ["sale"]
    assert theme_words("puma-fr-bf25-rtg", [(0, 4), (5, 7)], [(8, 12)]) == ["blackfriday"]


def test_the_brand_and_location_are_the_labels_cut():
    assert {"BRAND", "LOCATION"} == CUT_LABELS


@pytest.mark.parametrize(("text", "cut", "gone"), [
    ("Zorblax Summer Sale Paris", [(0, 7), (20, 25)], {"zorblax", "paris"}),
    ("ZorblaxSummerSale", [(0, 7)], {"zorblax", "zorblaxsummersale"}),  # cut inside a word
    ("Zorblax | Flash Sale | Berlin", [(23, 29), (0, 7)], {"zorblax", "berlin"}),  # unsorted
    ("Acme Widgets Holiday Event", [(0, 12), (2, 8)], {"acme", "widget"}),  # overlapping
    ("Holiday Glorpco", [(8, 15), (8, 15)], {"glorpco"}),  # repeated, at the very end
])
def test_words_inside_cut_spans_never_appear(text, cut, gone):
    words = theme_words(text, cut)
    assert words and not gone & set(words), words
    assert set(theme_words(text)) >= gone - {"zorblaxsummersale"}  # there before the cut


def test_camel_case_underscores_and_digits_split_words():
    assert theme_words("SummerSale2025") == ["sale"]  # seasons are the period's
    assert theme_words("Holiday_Gift_Guide") == ["holiday", "gift", "guide"]
    assert theme_words("BigSPRINGEvent") == ["big", "event"]
    assert theme_words("flash-sale/mega.deal") == ["flash", "sale", "mega", "deal"]


def test_stopwords_months_and_short_words_are_dropped():
    assert theme_words("Prospecting June FR ss25 the Mega x Event") == ["mega", "event"]
    assert theme_words("Retargeting | Carousel | Lookalike | Shop now | Dec") == []
    assert theme_words("TikTok YouTube Glorp") == ["glorp"]  # platform names in camelCase
    assert theme_words("Summer weekend Friday today Q4") == []  # words of dates
    assert theme_words("Hot Deals Deals deal") == ["deal"]  # plural s dropped, distinct


def test_distinct_words_in_text_order():
    assert theme_words("Sale flash SALE Flash refresh") == ["sale", "flash", "refresh"]
    assert theme_words("") == [] and theme_words("   ") == [] and theme_words("2025 | 06") == []


def test_accents_are_folded():
    assert theme_words("Été Soldes Noël") == ["ete", "solde", "noel"]
    assert theme_words("Straße") == ["strasse"]


def test_deterministic_within_and_across_processes():
    text = "COKE | Summer Refresh | London | Jun25 | Gift Guide Holiday Deals"
    cut = [(0, 4), (24, 30)]
    first = theme_words(text, cut)
    assert first == ["refresh", "gift", "guide", "holiday", "deal"]
    assert all(theme_words(text, cut) == first for _ in range(3))
    code = ("from ner_model.stitch.theme import theme_words; "
            f"print(theme_words({text!r}, {cut!r}))")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        assert out.stdout.strip() == repr(first)


@st.composite
def text_and_spans(draw, alphabet=None):
    text = draw(st.text(st.characters() if alphabet is None else alphabet, max_size=60))
    bound = st.integers(0, len(text))
    pairs = draw(st.lists(st.tuples(bound, bound), max_size=5))
    return text, [(min(a, b), max(a, b)) for a, b in pairs]


@given(text_and_spans(), text_and_spans())
def test_never_raises_and_gives_lowercase_letter_words_of_three_or_more(case, other):
    text, cut = case
    times = [(min(a, len(text)), min(b, len(text))) for a, b in other[1]]
    for words in (theme_words(text, cut), theme_words(text, cut, times)):
        assert len(words) == len(set(words))
        for w in words:
            assert isinstance(w, str) and len(w) >= theme.MIN_LETTERS, w
            assert w.isalpha() and w == w.casefold(), w


@given(text_and_spans(st.characters(categories=("Lu", "Ll", "Nd", "Zs", "Pd", "Pc"))))
def test_words_of_the_cut_spans_alone_never_appear(case):
    text, cut = case
    kept = theme_words(text, cut)
    inside = set(theme_words(" ".join(text[a:b] for a, b in cut))) - set(
        theme_words(" ".join(text[a:b] for a, b in _outside(len(text), cut))))
    assert not inside & set(kept), (inside, kept)


def _outside(n: int, cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``[0, n)`` that no span of ``cut`` covers."""
    out, last = [], 0
    for a, b in sorted(cut):
        if a > last:
            out.append((last, a))
        last = max(last, b)
    return [*out, (last, n)]


def test_characters_that_fold_to_non_letters_never_reach_a_word():
    assert theme_words("Sale² ½off ①②③ Mega") == ["sale", "mega"]
    assert all(w.isalpha() for w in theme_words("\ufdfa \u33ff \u2474 Ⅻabc"))


def test_decomposed_accents_fold_like_composed_ones():
    assert theme_words("Re\u0301sume\u0301 E\u0301te\u0301") == theme_words("Résumé Été") == [
        "resume", "ete"]


def test_time_spans_keep_only_the_shopping_events_they_name():
    text = "Nike_US_BlackFriday2024_Prospecting"
    assert theme_words(text, [(0, 4), (5, 7)], [(8, 23)]) == ["blackfriday"]
    text = "COKE | Summer Refresh | London | Jun25"
    assert theme_words(text, [(0, 4), (24, 30)]) == ["refresh"]
    assert theme_words(text, [(0, 4), (24, 30)], [(7, 13), (33, 38)]) == ["refresh"]
    # other words glued into a TIME span are still the theme's
    assert theme_words("Puma_FR_SummerSale2025", [(0, 4), (5, 7)], [(8, 22)]) == ["sale"]
    # a code names an event only inside a TIME span; event names and phrases anywhere
    assert theme_words("Zara BF25 Sale", [(0, 4)], [(5, 9)]) == ["blackfriday", "sale"]
    assert theme_words("Zara BF25 Sale", [(0, 4)]) == ["sale"]
    assert theme_words("Black Friday deals, Xmas gifts and Back to School") == [
        "blackfriday", "deal", "christmas", "gift", "backtoschool"]


# --- theme_similarity ---------------------------------------------------------------------

_WORDS = ["summer", "sumer", "sale", "flash", "refresh", "refesh", "refreshh", "holiday",
          "gift", "school", "event", "mega", "deal", "zzzzz"]  # some fuzzy-match
_THEMES = st.lists(st.sampled_from(_WORDS), max_size=6)


@given(_THEMES, _THEMES)
def test_similarity_is_symmetric_and_in_range(a, b):
    s = theme_similarity(a, b)
    assert s == theme_similarity(b, a) and 0.0 <= s <= 1.0
    assert theme_similarity(tuple(a), tuple(b)) == s
    assert theme_similarity(a, a) == (1.0 if a else 0.0)


def test_similarity_is_symmetric_with_fuzzy_matches():
    a, b = ["refresh", "flash"], ["refesh", "gift"]
    assert theme_similarity(a, b) == theme_similarity(b, a) == 0.5


def test_one_word_is_matched_at_most_once():
    assert theme_similarity(["refresh", "zzzzz"], ["refesh", "refreshh"]) == 0.5


def test_similarity_values():
    assert theme_similarity(["summer", "sale"], ["summer", "sale", "free", "shipping"]) == 1.0
    assert theme_similarity(["summer", "sale", "gift"], ["sale"]) == 1.0  # a subset
    assert theme_similarity(["summer", "sale"], ["summer", "flash"]) == 0.5
    assert theme_similarity(["summer", "sale"], ["winter", "flash"]) == 0.0
    assert theme_similarity([], ["summer"]) == theme_similarity(["summer"], []) == 0.0
    assert theme_similarity([], []) == 0.0
    assert theme_similarity(["sale", "sale"], ["sale"]) == 1.0  # distinct words count


def test_only_words_of_five_letters_or_more_match_fuzzily():
    assert theme_similarity(["refresh"], ["refesh"]) == 1.0
    assert theme_similarity(["holiday", "mega"], ["holliday", "gift"]) == 0.5
    assert theme_similarity(["sumer"], ["summer"]) == 1.0  # five letters: fuzzy
    assert theme_similarity(["sale"], ["sales"]) == 0.0  # four letters: exact only
    assert theme_similarity(["sale"], ["sole"]) == 0.0
    assert theme_similarity(["deal"], ["deals"]) == 0.0
    assert theme_similarity(["refresh"], ["rebrand"]) == 0.0  # long but too different

