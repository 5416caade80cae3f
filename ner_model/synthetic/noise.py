"""Surface noise of real campaign text: casing, curly apostrophes, dashes, typos, emoji
and spacing, applied segment by segment so entity offsets stay exact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random

from ner_model.synthetic.grammar import Seg
from ner_model.synthetic.holdout import surface_key
from ner_model.synthetic.lexicons import templates as _tpl
from ner_model.synthetic.world import world

_SMALL = frozenset(
    {"a", "an", "the", "of", "on", "in", "at", "for", "to", "and", "or", "with", "by", "w/"}
)
_CASE_MODES = {  # kind -> (as_is, title, upper, lower) weights
    "headline": (40, 35, 15, 10),
    "email_subject": (60, 20, 10, 10),
    "sms": (70, 0, 10, 20),
    "push": (75, 0, 10, 15),
    "social": (55, 0, 5, 40),
    "event": (60, 25, 15, 0),
    "body": (90, 0, 4, 6),
    "voice": (45, 0, 3, 52),
}
_WORD = re.compile(r"[^\W\d_]{4,}")
_SPACES = re.compile(r" {2,}")
_SPACE_PUNCT = re.compile(r" +([,.!?:])")


@dataclass
class _Style:
    """The noise drawn once per row."""

    mode: str  # "as_is", "title", "upper" or "lower"
    apostrophe: bool  # straight apostrophes become curly ones
    dash: str  # what " — " in literals becomes
    typo_rate: float  # chance of a typo per literal word of 4+ letters


def surface(r: Random, segs: list[Seg], kind: str) -> list[Seg]:
    """Casing, typos, emoji and spacing noise, applied segment by segment so entity
    offsets stay exact."""
    merged = _tidy(segs)
    if not merged:
        return merged
    style = _draw_style(r, kind)
    for i, s in enumerate(merged):
        s[0] = _restyle(r, s[0], s[1], i == 0, kind, style)
    _add_emoji_and_spacing(r, merged, kind)
    return _join_adjacent_times(merged)


def _tidy(segs: list[Seg]) -> list[Seg]:
    """Merge literals and tidy the spacing left behind by empty optional slots."""
    merged: list[Seg] = []
    for text, label in segs:
        if not text:
            continue
        if label is None and merged and merged[-1][1] is None:
            merged[-1][0] += text
        else:
            merged.append([text, label])
    for s in merged:
        if s[1] is None:
            s[0] = _SPACE_PUNCT.sub(r"\1", _SPACES.sub(" ", s[0]))
    if merged and merged[0][1] is None:
        merged[0][0] = merged[0][0].lstrip()
    if merged and merged[-1][1] is None:
        merged[-1][0] = merged[-1][0].rstrip()
    return [s for s in merged if s[0]]


def _draw_style(r: Random, kind: str) -> _Style:
    mode = "as_is"
    if kind in _CASE_MODES:
        mode = r.choices(("as_is", "title", "upper", "lower"), weights=_CASE_MODES[kind])[0]
    apostrophe = r.random() < 0.15
    dash = r.choice((" — ", " - ", " – ", " — ")) if kind != "campaign_name" else " — "
    typo_rate = 0.07 if r.random() < 0.15 else 0.0
    return _Style(mode, apostrophe, dash, typo_rate)


def _restyle(r: Random, text: str, label: str | None, first: bool, kind: str, style: _Style) -> str:
    """One segment with the row's noise: literal dashes and typos, apostrophes, casing,
    and now and then a misspelt name."""
    if label is None:
        text = text.replace(" — ", style.dash)
        if style.typo_rate:
            text = _WORD.sub(
                lambda m: _typo(r, m.group()) if r.random() < style.typo_rate else m.group(), text
            )
    if style.apostrophe:
        text = text.replace("'", "’")
    text = _case(r, text, label, first, kind, style.mode)
    if label in ("BRAND", "LOCATION") and r.random() < 0.01 and len(text) >= 6:
        typo = _typo(r, text)
        # A misspelt name is still the entity, unless it spells another pool's form.
        if text.isalpha() and surface_key(typo) not in world().registry.key_split:
            text = typo
    return text


def _case(r: Random, text: str, label: str | None, first: bool, kind: str, mode: str) -> str:
    if mode == "upper":
        return text.upper()
    if mode == "lower":
        return text.lower()
    if mode == "title" and label != "BRAND":
        return _title(text, first)
    if mode == "as_is" and kind != "campaign_name":
        if label == "BRAND":  # brands written in caps or lower case now and then
            x = r.random()
            if x < 0.07:
                return text.upper()
            if x < 0.10:
                return text.lower()
        elif first and text[:1].islower() and label != "LOCATION" and kind != "social":
            return text[:1].upper() + text[1:]
    return text


def _add_emoji_and_spacing(r: Random, merged: list[Seg], kind: str) -> None:
    if kind in ("social", "push", "sms", "headline") and r.random() < 0.12:
        e = r.choice(_tpl.EMOJI_GENERIC)
        if r.random() < 0.5:
            merged.insert(0, [e + " ", None])
        else:
            merged.append([" " + e, None])
    if r.random() < 0.03:
        lits = [s for s in merged if s[1] is None and " " in s[0]]
        if lits:
            s = r.choice(lits)
            s[0] = s[0].replace(" ", "  ", 1)


def _title(text: str, first: bool) -> str:
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        if w and (w.lower() not in _SMALL or (first and i == 0)) and w[:1].islower():
            w = w[:1].upper() + w[1:]
        out.append(w)
    return " ".join(out)


def _typo(r: Random, word: str) -> str:
    i = r.randrange(1, len(word) - 1)
    op = r.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + r.choice("aeiounrst") + word[i + 1 :]


def _join_adjacent_times(segs: list[Seg]) -> list[Seg]:
    """Time expressions separated only by a space or a comma name one moment and form one
    span (``Thu 9.30am``, ``7pm tonight``, ``Saturday, 7pm``)."""
    out: list[Seg] = []
    for seg in segs:
        if (
            seg[1] == "TIME"
            and len(out) >= 2
            and out[-1][1] is None
            and out[-1][0] in (" ", ", ")
            and out[-2][1] == "TIME"
        ):
            sep = out.pop()[0]
            out[-1][0] += sep + seg[0]
        else:
            out.append(seg)
    return out
