"""What one split may use: its share of the world's groups, weighted for drawing, its
market codes for campaign names, its TIME lexicon and patterns, and its grammar."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ner_model.synthetic.grammar import split_rules
from ner_model.synthetic.holdout import SHARED, SPLITS, Group, surface_key
from ner_model.synthetic.lexicons import templates as _tpl
from ner_model.synthetic.lexicons import times as _times
from ner_model.synthetic.time_patterns import LEXICAL, PATTERNS, TIME_SLOTS, Lex
from ner_model.synthetic.world import World, world

# Slot kind -> the kind whose patterns it borrows when the split has none of its own.
_SLOT_FALLBACKS = {
    "year": "period",
    "past": "reld",
    "season": "period",
    "relp": "when",
    "days": "day",
    "month": "period",
}


@dataclass
class Pools:
    """Everything one split may use."""

    split: str
    brands: dict[str, list[Group]]  # sector -> real brand groups
    invented: dict[str, list[Group]]  # sector -> invented brand groups
    loc: dict[str, list[Group]]  # kind -> location groups
    loc_cum: dict[str, list[float]]  # kind -> cumulative weights
    citystate: list[tuple[Group, Group]]  # (city, its state or country)
    markets: list[tuple[str, float]]
    markets_cum: list[float]
    time_slots: dict[str, list[str]]
    lex: Lex
    rules: dict[str, list[tuple]]
    first_names: list[str]  # greetings' names, "there" and "friend" included
    person_names: tuple[str, ...]  # those of them that are a person's name (capitalized), sorted


@functools.cache
def pools(split: str) -> Pools:
    """The pools of ``split`` (one of :data:`SPLITS` or ``"all"``)."""
    if split not in (*SPLITS, "all"):
        raise ValueError(f"split must be one of {(*SPLITS, 'all')}, got {split!r}")
    w = world()

    def mine(groups: Sequence[Group]) -> list[Group]:
        return [g for g in groups if split in ("all", g.split) or g.split == SHARED]

    loc = _locations(w, split, mine)
    markets = _markets(loc)
    lex = _lexicon(w, mine)
    first_names = [n for n in _tpl.FIRST_NAMES if surface_key(n) not in w.registry.key_split]
    return Pools(
        split=split,
        brands={s: mine(v) for s, v in w.real.items()},
        invented={s: mine(v) for s, v in w.invented.items()},
        loc=loc,
        loc_cum={k: _cum([g.weight for g in v]) for k, v in loc.items()},
        citystate=[
            (c, a)
            for c, a in w.citystate
            if split == "all" or (c.split == split and a.split == split)
        ],
        markets=markets,
        markets_cum=_cum([wt for _, wt in markets]),
        time_slots=_time_slots(split, lex),
        lex=lex,
        rules=split_rules(split),
        first_names=first_names,
        person_names=tuple(sorted({n for n in first_names if n[:1].isupper()})),
    )


def _locations(
    w: World, split: str, mine: Callable[[Sequence[Group]], list[Group]]
) -> dict[str, list[Group]]:
    """The split's places by kind, plus the mixed kinds templates ask for."""
    loc = {k: mine(v) for k, v in w.loc.items()}
    loc["local"] = loc["hood"] + loc["venue"]
    loc["region"] = loc["market_region"] + loc["province"] + loc["state"]
    loc["state"] = loc["state"] + loc["province"]
    for k, v in loc.items():
        if not v:
            raise RuntimeError(f"no {k} locations in split {split}")
    return loc


def _markets(loc: dict[str, list[Group]]) -> list[tuple[str, float]]:
    """Market fields of campaign names with their weights: country and state codes,
    region names, city abbreviations, and (rarely) full names."""
    markets: list[tuple[str, float]] = []
    for g in loc["country"]:
        for code in dict.fromkeys((*g.codes, *(f for f in g.forms if f.isupper() and len(f) <= 3))):
            markets.append((code, 8.0 * g.weight**0.5))
        markets.append((g.forms[0], 0.3 * g.weight))
    # macro-regions (EMEA, APAC, LATAM, DACH) are among the commonest market fields of
    # real campaign names, and a handful of forms: weighted well above any one country
    for g in loc["market_region"]:
        for f in g.forms:
            markets.append((f, 30.0 if f.isupper() else 6.0))
    for g in loc["city"]:
        for f in g.forms[1:]:
            if f.isupper() and len(f) <= 4:
                markets.append((f, 6.0))
        markets.append((g.forms[0], min(g.weight / 400, 6.0)))
    for g in loc["state"]:
        for code in g.codes:
            markets.append((code, 0.6))
        markets.append((g.forms[0], 0.3))
    return markets


def _lexicon(w: World, mine: Callable[[Sequence[Group]], list[Group]]) -> Lex:
    t = w.time
    return Lex(
        holidays=mine(t["holiday"]),
        coded_holidays=[g for g in mine(t["holiday"]) if g.codes],
        weekend_holidays=[g for g in mine(t["holiday"]) if g.canonical in _times.WEEKEND_HOLIDAYS],
        seasons=[g.canonical for g in mine(t["season"])],
        rel_day=[g.canonical for g in mine(t["rel_day"])],
        rel_period=[g.canonical for g in mine(t["rel_period"])],
        rel_past=[g.canonical for g in mine(t["rel_past"])],
        clock_words=[g.canonical for g in mine(t["clock_word"])],
    )


def _time_slots(split: str, lex: Lex) -> dict[str, list[str]]:
    """Slot kind -> the pattern names the split may use for it (see ``TIME_SLOTS``)."""
    lexical_ok = {
        "holiday": bool(lex.holidays),
        "season": bool(lex.seasons),
        "rel_day": bool(lex.rel_day),
        "rel_period": bool(lex.rel_period),
        "rel_past": bool(lex.rel_past),
        "clock_word": bool(lex.clock_words),
    }
    # Patterns built on a lexicon need a non-empty one.
    needs = {
        "season_year": lex.seasons,
        "season_apos": lex.seasons,
        "season_code": lex.seasons,
        "rel_season": lex.seasons,
        "holiday_year": lex.holidays,
        "rel_holiday": lex.holidays,
        "event_year_camel": lex.holidays,
        "event_code": lex.holidays,
        "holiday_weekend": lex.holidays,
    }

    def usable(name: str) -> bool:
        if name in LEXICAL:
            return lexical_ok[name]
        return bool((split == "all" or PATTERNS[name][0] == split) and needs.get(name, True))

    time_slots = {slot: [n for n in names if usable(n)] for slot, names in TIME_SLOTS.items()}
    for slot, names in time_slots.items():
        if not names:
            time_slots[slot] = time_slots[_SLOT_FALLBACKS.get(slot, "date")]
    return time_slots


def _cum(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out
