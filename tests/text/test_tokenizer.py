"""Tokenizer: offsets round-trip on arbitrary Unicode, campaign-name splitting, units kept whole."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ner_model.text.tokenizer import (
    GLUE,
    UNDERSCORE,
    joins,
    marked_tokens,
    token_spans,
    token_strings,
    tokenize,
)

# Characters that stress offsets: emoji (incl. skin-tone modifiers and ZWJ sequences),
# combining marks, right-to-left scripts, zero-width and control characters.
TRICKY = list(
    "👍🏽👨\u200d👩\u200d👧🇬🇧e\u0301\u0308\u05e9\u05dc\u05d5\u05dd\u0645\u0631\u062d\u0628\u0627"
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\x00\x01\x1b\x7f\t\n\r _|/-:.$%@#'’"
)
texts = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(TRICKY)), max_size=200)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_offsets_round_trip_on_any_unicode(text):
    tokens = tokenize(text)
    prev_end = 0
    for tok in tokens:
        assert tok.text, "no empty tokens"
        assert text[tok.start : tok.end] == tok.text
        assert tok.start >= prev_end, "tokens are ordered and do not overlap"
        prev_end = tok.end
        assert not tok.text.isspace()
    assert [(t.start, t.end) for t in tokens] == token_spans(text)
    assert [t.text for t in tokens] == token_strings(text)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_only_separators_are_skipped(text):
    """Whatever is not inside a token is whitespace, '_' or an invisible character."""
    covered = [False] * len(text)
    for s, e in token_spans(text):
        for i in range(s, e):
            covered[i] = True
    for ch, cov in zip(text, covered, strict=True):
        if not cov:
            assert ch.isspace() or ch == "_" or not ch.isprintable(), repr(ch)


def test_structured_campaign_names_split_on_delimiters_camel_case_and_digits():
    assert token_strings("Nike_US_BlackFriday2024_Prospecting") == [
        "Nike", "US", "Black", "Friday", "2024", "Prospecting",
    ]
    assert token_strings("COKE | Summer Refresh | London | Jun25") == [
        "COKE", "|", "Summer", "Refresh", "|", "London", "|", "Jun", "25",
    ]
    assert token_strings("nike-us-bf2024/retargeting") == [
        "nike", "-", "us", "-", "bf", "2024", "/", "retargeting",
    ]
    assert token_strings("Spring Sale - NYC") == ["Spring", "Sale", "-", "NYC"]


def test_words_of_every_cased_script_stay_whole_and_split_on_case_alike():
    """Case comes from Unicode, not a Latin-1 table: letters such as "ń", "ầ", "Ł" or
    "İ" do not cut a word into pieces, and camelCase splits in every cased script."""
    for word in ("Gdańsk", "Łódź", "İZMIR", "Diyarbakır", "Ghāziābād", "Škoda", "Москва", "ΑΘΗΝΑ"):
        assert token_strings(word) == [word], word
    assert token_strings("Cần Thơ CầnThơ cần-thơ") == [
        "Cần", "Thơ", "Cần", "Thơ", "cần", "-", "thơ"]
    assert token_strings("ŁódźSale_PL ÖBBNightjet") == ["Łódź", "Sale", "PL", "ÖBB", "Nightjet"]
    # caseless scripts are runs; a letter followed by a combining mark stays one word
    assert token_strings("東京Tokyo e\u0301cole") == ["東京", "Tokyo", "e\u0301cole"]


def test_units_stay_whole():
    text = "Doors 7:30, show 19:00 on 2024-11-29 or 11/29/2024: $50 off, 50% e-mail 24th"
    toks = token_strings(text)
    for unit in ("7:30", "19:00", "2024-11-29", "11/29/2024", "$50", "50%", "24th"):
        assert unit in toks, unit


def test_hyphenated_words_recoverable_as_one_span():
    text = "Try Coca-Cola by e-mail"
    tokens = tokenize(text)
    names = [t.text for t in tokens]
    i = names.index("Coca")
    assert names[i : i + 3] == ["Coca", "-", "Cola"]
    assert text[tokens[i].start : tokens[i + 2].end] == "Coca-Cola"
    j = names.index("e")
    assert text[tokens[j].start : tokens[j + 2].end] == "e-mail"


def test_empty_and_whitespace():
    assert tokenize("") == []
    assert tokenize(" \t\n\u200b ") == []


def test_glue_marks_tokens_written_attached_to_the_previous_one():
    text = "Hy-Vee HubSpot Nike_US_BF24 Q3 2024"
    spans = token_spans(text)
    assert [text[a:b] for a, b in spans] == ["Hy", "-", "Vee", "Hub", "Spot", "Nike", "US", "BF",
                                             "24", "Q", "3", "2024"]
    glued = [j == 1 for j in joins(text, spans)]
    assert glued == [False, True, True, False, True, False, False, False, True, False, True, False]
    marked = marked_tokens(text, spans)
    assert [t.removeprefix(GLUE).removeprefix(UNDERSCORE) for t in marked] == [
        text[a:b] for a, b in spans]
    assert [t.startswith(GLUE) for t in marked] == glued
    # the underscore, the campaign-name field separator, is dropped but marked
    assert [t.startswith(UNDERSCORE) for t in marked] == [k in (6, 7) for k in range(len(spans))]
    assert marked_tokens("", []) == []


def test_joins_tell_glued_underscore_and_space_apart():
    text = "Nike_US__Q3  _ x_ y Black_Friday2024"
    spans = token_spans(text)
    assert [text[a:b] for a, b in spans] == ["Nike", "US", "Q", "3", "x", "y", "Black", "Friday",
                                             "2024"]
    # Q after "__" is a field; x after " _ " and y after "_ " are space-separated words
    assert joins(text, spans) == [0, 2, 2, 1, 0, 0, 0, 2, 1]
    assert joins("", []) == []
