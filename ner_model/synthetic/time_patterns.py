"""TIME surface patterns: the date, clock, range and code formats a time slot can take,
the helpers that draw their parts, and which slot kinds may use which pattern.

A pattern is ``_p_<name>``, registered by :func:`_pattern` with the one split that owns it
(see :mod:`ner_model.synthetic.holdout`). Lexical items (holidays, seasons, ``tonight``)
come from the split's :class:`Lex` instead: there the items, not the pattern, are split.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

from ner_model.synthetic.holdout import Group

# English names written out: ``calendar.month_name`` follows the process locale.
_MONTHS = (
    "January February March April May June July August September October November December".split()
)
_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MON_ALT = {8: "Sept", 5: "June", 6: "July"}  # 0-based month index -> alternative abbreviation
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_DAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAY_ALT = {1: "Tues", 2: "Weds", 3: "Thurs"}
_YEARS = (2019, 2020, 2021, 2022, 2023, 2023, 2024, 2024, 2024, 2025, 2025, 2025, 2026, 2026)
_TZ = "ET EST EDT PT PST CT MT GMT BST CET CEST AEST AEDT IST JST SGT UTC ET/PT".split()
_DASHES = ("-", "–", "-", " - ", " – ")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date(r: Random) -> datetime.date:
    y = r.choice(_YEARS)
    m = r.randint(1, 12)
    return datetime.date(y, m, r.randint(1, calendar.monthrange(y, m)[1]))


def _mon(r: Random, m0: int) -> str:
    return _MON_ALT[m0] if m0 in _MON_ALT and r.random() < 0.3 else _MON[m0]


def _month(r: Random, m0: int, full_p: float = 0.5) -> str:
    return _MONTHS[m0] if r.random() < full_p else _mon(r, m0)


def _dayabbr(r: Random, w: int) -> str:
    return _DAY_ALT[w] if w in _DAY_ALT and r.random() < 0.3 else _DAY_ABBR[w]


def _yy(r: Random, y: int) -> str:
    return str(y) if r.random() < 0.4 else f"{y % 100:02d}"


def _ampm(r: Random, pm_p: float = 0.7) -> str:
    pm = r.random() < pm_p
    style = r.randrange(7)
    word = "pm" if pm else "am"
    if style == 0:
        return word.upper()
    if style == 1:
        return " " + word
    if style == 2:
        return " " + word.upper()
    if style == 3:
        return " " + ("p.m." if pm else "a.m.")
    return word


def _hour12(r: Random) -> int:
    return r.choice((7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 6, 7, 5))


def _minute(r: Random) -> str:
    return r.choice(("00", "00", "00", "30", "30", "15", "45", "10", "20", "59"))


def _hour24(r: Random) -> int:
    return r.choice((8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 23, 0))


def _weekday_date(r: Random, d: datetime.date) -> str:
    w, m0 = d.weekday(), d.month - 1
    day = _DAYS[w] if r.random() < 0.5 else _dayabbr(r, w)
    style = r.randrange(4)
    if style == 0:
        return f"{day}, {_month(r, m0)} {d.day}"
    if style == 1:
        return f"{day} {d.month}/{d.day}"
    if style == 2:
        return f"{day}, {_mon(r, m0)} {d.day}"
    return f"{day} {_month(r, m0)} {_ordinal(d.day)}"


def _clock_range(r: Random) -> str:
    a = r.choice((7, 8, 9, 10, 11, 12))
    b = r.choice((2, 3, 4, 5, 6, 7, 8, 9, 10))
    am, pm = ("am", "pm") if r.random() < 0.6 else ("AM", "PM")
    if r.random() < 0.3:
        am, pm = (" " + am, " " + pm)
    left = f"{a}{pm if a == 12 else am}" if r.random() < 0.7 else f"{a}:{_minute(r)}{am}"
    return f"{left}{r.choice(_DASHES)}{b}{pm}"


# A pattern: split, generator(rng, lex) -> surface. ``lex`` holds the split's lexicon.
_Pattern = tuple[str, Callable[[Random, "Lex"], str]]


@dataclass
class Lex:
    """Per-split lexical TIME items that composite patterns draw from."""

    holidays: list[Group]
    coded_holidays: list[Group]
    weekend_holidays: list[Group]
    seasons: list[str]
    rel_day: list[str]
    rel_period: list[str]
    rel_past: list[str]
    clock_words: list[str]


def pascal(text: str) -> str:
    """``Black Friday`` -> ``BlackFriday``; ``Valentine's Day`` -> ``ValentinesDay``."""
    words = re.findall(r"[^\W_]+", text.replace("'", "").replace("’", ""))
    return "".join(w[:1].upper() + w[1:] for w in words)


def holiday(r: Random, lex: Lex) -> str:
    """A holiday of the split, canonical or an alias (``Xmas``)."""
    return r.choice(lex.holidays).pick_form(r)


PATTERNS: dict[str, _Pattern] = {}


def _pattern(split: str) -> Callable:
    """Register ``_p_<name>`` as time pattern ``<name>`` owned by ``split``."""

    def register(fn: Callable[[Random, Lex], str]) -> Callable[[Random, Lex], str]:
        PATTERNS[fn.__name__.removeprefix("_p_")] = (split, fn)
        return fn

    return register


def _dash(r: Random) -> str:
    return r.choice(("-", "–"))


def _short_range(r: Random) -> tuple[datetime.date, int, int]:
    """A date early enough in its month for a range of ``n`` more days."""
    d = _date(r).replace(day=r.randint(1, 20))
    return d, d.day, d.day + r.randint(2, 7)


# -- dates
@_pattern("train")
def _p_date_mon_d(r: Random, x: Lex) -> str:  # Nov 29
    d = _date(r)
    return f"{_mon(r, d.month - 1)} {d.day}"


@_pattern("train")
def _p_date_month_d(r: Random, x: Lex) -> str:  # November 29
    d = _date(r)
    return f"{_MONTHS[d.month - 1]} {d.day}"


@_pattern("train")
def _p_date_month_dth(r: Random, x: Lex) -> str:  # November 29th
    d = _date(r)
    return f"{_month(r, d.month - 1, 0.7)} {_ordinal(d.day)}"


@_pattern("train")
def _p_date_d_mon(r: Random, x: Lex) -> str:  # 29 Nov
    d = _date(r)
    return f"{d.day} {_month(r, d.month - 1)}"


@_pattern("train")
def _p_date_mon_d_year(r: Random, x: Lex) -> str:  # Nov 29, 2024
    d = _date(r)
    return f"{_month(r, d.month - 1)} {d.day}{r.choice((', ', ' '))}{d.year}"


@_pattern("train")
def _p_date_iso(r: Random, x: Lex) -> str:  # 2024-11-29
    return _date(r).isoformat()


@_pattern("train")
def _p_date_us_slash(r: Random, x: Lex) -> str:  # 11/29/24, 11/29/2024
    d = _date(r)
    if r.random() < 0.7:
        return f"{d.month}/{d.day}/{_yy(r, d.year)}"
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


@_pattern("train")
def _p_date_md_slash(r: Random, x: Lex) -> str:  # 11/29
    d = _date(r)
    return f"{d.month}/{d.day}"


@_pattern("train")
def _p_date_weekday_date(r: Random, x: Lex) -> str:  # Friday, Nov 29 / Fri 11/29
    return _weekday_date(r, _date(r))


@_pattern("test")
def _p_date_eu_dot(r: Random, x: Lex) -> str:  # 29.11.2024
    d = _date(r)
    return f"{d.day:02d}.{d.month:02d}.{_yy(r, d.year)}"


@_pattern("dev")
def _p_date_eu_slash(r: Random, x: Lex) -> str:  # 29/11/2024, 29/11
    d = _date(r)
    return f"{d.day}/{d.month}/{d.year}" if r.random() < 0.6 else f"{d.day:02d}/{d.month:02d}"


@_pattern("test")
def _p_date_d_mon_year(r: Random, x: Lex) -> str:  # 29 Nov 2024
    d = _date(r)
    return f"{d.day} {_month(r, d.month - 1)} {d.year}"


@_pattern("dev")
def _p_date_dth_of_month(r: Random, x: Lex) -> str:  # 29th of November
    d = _date(r)
    return f"{_ordinal(d.day)} of {_month(r, d.month - 1, 0.8)}"


@_pattern("test")
def _p_date_weekday_dth(r: Random, x: Lex) -> str:  # Sat 30th Nov
    d = _date(r)
    return f"{_dayabbr(r, d.weekday())} {_ordinal(d.day)} {_month(r, d.month - 1, 0.3)}"


@_pattern("dev")
def _p_date_mon_dot_d(r: Random, x: Lex) -> str:  # Nov. 29
    d = _date(r)
    return f"{_MON[d.month - 1]}. {d.day}"


@_pattern("test")
def _p_date_full_long(r: Random, x: Lex) -> str:  # Friday, November 29th, 2024
    d = _date(r)
    return f"{_DAYS[d.weekday()]}, {_MONTHS[d.month - 1]} {_ordinal(d.day)}, {d.year}"


# -- weekdays, months, years, seasons, quarters
@_pattern("train")
def _p_weekday_full(r: Random, x: Lex) -> str:  # Saturday
    return r.choice(_DAYS)


@_pattern("test")
def _p_weekday_abbr(r: Random, x: Lex) -> str:  # Sat, Thurs
    return _dayabbr(r, r.randrange(7))


@_pattern("train")
def _p_weekday_plural(r: Random, x: Lex) -> str:  # Fridays
    return r.choice(_DAYS) + "s"


@_pattern("train")
def _p_weekday_range(r: Random, x: Lex) -> str:  # Fri-Sun
    a = r.randrange(7)
    return f"{_DAY_ABBR[a]}{_dash(r)}{_DAY_ABBR[(a + r.randint(2, 4)) % 7]}"


@_pattern("dev")
def _p_weekday_range_full(r: Random, x: Lex) -> str:  # Thursday-Sunday
    a = r.randrange(7)
    return f"{_DAYS[a]}{r.choice(('-', '–', ' - '))}{_DAYS[(a + r.randint(2, 4)) % 7]}"


@_pattern("train")
def _p_month_full(r: Random, x: Lex) -> str:  # November
    return r.choice(_MONTHS)


@_pattern("dev")
def _p_month_abbr(r: Random, x: Lex) -> str:  # Nov, Sept
    return _mon(r, r.randrange(12))


@_pattern("train")
def _p_month_year(r: Random, x: Lex) -> str:  # November 2024
    return f"{r.choice(_MONTHS)} {r.choice(_YEARS)}"


@_pattern("test")
def _p_month_abbr_year(r: Random, x: Lex) -> str:  # Nov '24, Nov 2024
    y = r.choice(_YEARS)
    return f"{_mon(r, r.randrange(12))} " + (f"'{y % 100:02d}" if r.random() < 0.5 else str(y))


@_pattern("train")
def _p_year(r: Random, x: Lex) -> str:  # 2025
    return str(r.choice(_YEARS))


@_pattern("test")
def _p_year_apos(r: Random, x: Lex) -> str:  # '25
    return f"'{r.choice(_YEARS) % 100:02d}"


@_pattern("dev")
def _p_year_range(r: Random, x: Lex) -> str:  # 2024/25, 2024-2025
    y = r.choice(_YEARS)
    return f"{y}/{(y + 1) % 100:02d}" if r.random() < 0.5 else f"{y}{_dash(r)}{y + 1}"


@_pattern("train")
def _p_season_year(r: Random, x: Lex) -> str:  # Summer 2025
    return f"{r.choice(x.seasons)} {r.choice(_YEARS)}"


@_pattern("test")
def _p_season_apos(r: Random, x: Lex) -> str:  # Fall '25
    return f"{r.choice(x.seasons)} '{r.choice(_YEARS) % 100:02d}"


@_pattern("train")
def _p_quarter(r: Random, x: Lex) -> str:  # Q4
    return f"Q{r.randint(1, 4)}"


@_pattern("train")
def _p_quarter_year(r: Random, x: Lex) -> str:  # Q3 2024, 2024 Q3
    q, y = r.randint(1, 4), r.choice(_YEARS)
    return f"Q{q} {y}" if r.random() < 0.7 else f"{y} Q{q}"


@_pattern("dev")
def _p_quarter_apos(r: Random, x: Lex) -> str:  # Q3'24, Q3-24
    return (
        f"Q{r.randint(1, 4)}{r.choice((chr(39), ' ' + chr(39), '-'))}{r.choice(_YEARS) % 100:02d}"
    )


@_pattern("test")
def _p_fiscal_year(r: Random, x: Lex) -> str:  # FY25, FY 2024/25
    y = r.choice(_YEARS)
    nxt = (y + 1) % 100
    return r.choice(
        (f"FY{y % 100:02d}", f"FY{y}", f"FY {y}/{nxt:02d}", f"FY{y % 100:02d}-{nxt:02d}")
    )


@_pattern("test")
def _p_quarter_fy(r: Random, x: Lex) -> str:  # Q4FY25
    return f"Q{r.randint(1, 4)}{r.choice(('', ' '))}FY{r.choice(_YEARS) % 100:02d}"


@_pattern("dev")
def _p_half_year(r: Random, x: Lex) -> str:  # H1 2025, H2, 1H25
    h, y = r.randint(1, 2), r.choice(_YEARS)
    return r.choice((f"H{h} {y}", f"H{h}", f"{h}H{y % 100:02d}"))


@_pattern("test")
def _p_week_code(r: Random, x: Lex) -> str:  # W48, Wk 48
    return r.choice(("W", "Wk", "WK ", "Week ")) + str(r.randint(1, 52))


# -- clock times
@_pattern("train")
def _p_clock_ampm(r: Random, x: Lex) -> str:  # 7pm, 7 PM, 7 p.m.
    return f"{_hour12(r)}{_ampm(r)}"


@_pattern("train")
def _p_clock_colon_ampm(r: Random, x: Lex) -> str:  # 7:30pm
    return f"{_hour12(r)}:{_minute(r)}{_ampm(r)}"


@_pattern("train")
def _p_clock_24h(r: Random, x: Lex) -> str:  # 19:00, 08:30
    h = _hour24(r)
    return f"{h:02d}:{_minute(r)}" if r.random() < 0.7 else f"{h}:{_minute(r)}"


@_pattern("test")
def _p_clock_dot_ampm(r: Random, x: Lex) -> str:  # 7.30pm
    return f"{_hour12(r)}.{_minute(r)}{_ampm(r)}"


@_pattern("dev")
def _p_clock_tz(r: Random, x: Lex) -> str:  # 8pm ET, 19:00 CET
    if r.random() < 0.7:
        return f"{_hour12(r)}{_ampm(r)} {r.choice(_TZ)}"
    return f"{_hour24(r):02d}:{_minute(r)} {r.choice(_TZ)}"


@_pattern("test")
def _p_clock_h_style(r: Random, x: Lex) -> str:  # 19h, 19h30
    h = _hour24(r)
    return r.choice((f"{h}h", f"{h}h{_minute(r)}", f"{h}H{_minute(r)}"))


@_pattern("dev")
def _p_clock_oclock(r: Random, x: Lex) -> str:  # 7 o'clock
    return f"{r.randint(1, 12)} o'clock"


@_pattern("train")
def _p_clock_range_ampm(r: Random, x: Lex) -> str:  # 9am-5pm
    return _clock_range(r)


@_pattern("test")
def _p_clock_range_24h(r: Random, x: Lex) -> str:  # 10:00-18:00
    return f"{r.randint(7, 12):02d}:00{r.choice(_DASHES)}{r.randint(17, 23)}:{_minute(r)}"


@_pattern("dev")
def _p_clock_range_short(r: Random, x: Lex) -> str:  # 7-10pm
    a = r.randint(4, 8)
    return f"{a}{_dash(r)}{a + r.randint(2, 4)}{_ampm(r, 1.0)}"


# -- date ranges
@_pattern("train")
def _p_date_range_mon(r: Random, x: Lex) -> str:  # Nov 24-27
    d, a, b = _short_range(r)
    return f"{_month(r, d.month - 1, 0.3)} {a}{_dash(r)}{b}"


@_pattern("dev")
def _p_date_range_cross(r: Random, x: Lex) -> str:  # Nov 24 - Dec 1
    d = _date(r)
    start = f"{_mon(r, d.month - 1)} {d.day}"
    dash = r.choice(_DASHES)  # drawn after the start and before the end, as written
    return f"{start}{dash}{_mon(r, d.month % 12)} {r.randint(1, 9)}"


@_pattern("test")
def _p_date_range_slash(r: Random, x: Lex) -> str:  # 11/24-11/27
    d, a, b = _short_range(r)
    return f"{d.month}/{a}{_dash(r)}{d.month}/{b}"


@_pattern("test")
def _p_date_range_d_mon(r: Random, x: Lex) -> str:  # 24-27 Nov
    d, a, b = _short_range(r)
    return f"{a}{_dash(r)}{b} {_month(r, d.month - 1, 0.4)}"


# -- campaign-name codes
@_pattern("train")
def _p_month_code(r: Random, x: Lex) -> str:  # Jun25
    return f"{_MON[r.randrange(12)]}{_yy(r, r.choice(_YEARS))}"


@_pattern("dev")
def _p_month_code_full(r: Random, x: Lex) -> str:  # June2025
    return f"{r.choice(_MONTHS)}{_yy(r, r.choice(_YEARS))}"


@_pattern("train")
def _p_date_compact(r: Random, x: Lex) -> str:  # 20241129
    return _date(r).strftime("%Y%m%d")


@_pattern("test")
def _p_ym_compact(r: Random, x: Lex) -> str:  # 202411
    return _date(r).strftime("%Y%m")


@_pattern("dev")
def _p_ym_dash(r: Random, x: Lex) -> str:  # 2024-11, 2024.11
    return _date(r).strftime(r.choice(("%Y-%m", "%Y.%m")))


@_pattern("train")
def _p_event_code(r: Random, x: Lex) -> str:  # BF24, XMAS, BFCM2024
    if not x.coded_holidays:
        return pascal(holiday(r, x)) + str(r.choice(_YEARS))
    code = r.choice(r.choice(x.coded_holidays).codes)
    if r.random() < 0.2:
        return code
    return code + ("-" if code[-1].isdigit() else "") + _yy(r, r.choice(_YEARS))


@_pattern("train")
def _p_event_year_camel(r: Random, x: Lex) -> str:  # BlackFriday2024
    return pascal(holiday(r, x)) + _yy(r, r.choice(_YEARS))


@_pattern("test")
def _p_fashion_season(r: Random, x: Lex) -> str:  # SS25, AW 24
    code = r.choice(("SS", "AW", "FW", "HO", "PF", "SP", "FA"))
    return f"{code}{r.choice(('', ' '))}{r.choice(_YEARS) % 100:02d}"


@_pattern("dev")
def _p_season_code(r: Random, x: Lex) -> str:  # Autumn25
    return r.choice(x.seasons) + _yy(r, r.choice(_YEARS))


@_pattern("train")
def _p_year_quarter_code(r: Random, x: Lex) -> str:  # 2024Q4
    return f"{r.choice(_YEARS)}Q{r.randint(1, 4)}"


# -- holidays and relative expressions built on the split's lexicon
@_pattern("train")
def _p_holiday_year(r: Random, x: Lex) -> str:  # Black Friday 2024, Diwali '24
    y = r.choice(_YEARS)
    return f"{holiday(r, x)} {y}" if r.random() < 0.7 else f"{holiday(r, x)} '{y % 100:02d}"


@_pattern("dev")
def _p_holiday_weekend(r: Random, x: Lex) -> str:  # Labor Day weekend
    if not x.weekend_holidays:
        return holiday(r, x)
    return r.choice(x.weekend_holidays).pick_form(r) + r.choice((" weekend", " Weekend", " wknd"))


@_pattern("train")
def _p_rel_weekday(r: Random, x: Lex) -> str:  # this Friday, next Sat
    day = r.choice(_DAYS) if r.random() < 0.8 else _dayabbr(r, r.randrange(7))
    return r.choice(("this ", "next ", "this ", "this coming ")) + day


@_pattern("test")
def _p_rel_holiday(r: Random, x: Lex) -> str:  # this Halloween
    return r.choice(("this ", "next ", "this ")) + holiday(r, x)


@_pattern("dev")
def _p_rel_season(r: Random, x: Lex) -> str:  # this autumn
    return r.choice(("this ", "next ", "this ")) + r.choice(x.seasons).lower()


# Lexical "patterns": always available, the items themselves are split.
LEXICAL = {
    "holiday": lambda r, x: holiday(r, x),
    "season": lambda r, x: r.choice(x.seasons),
    "rel_day": lambda r, x: r.choice(x.rel_day),
    "rel_period": lambda r, x: r.choice(x.rel_period),
    "rel_past": lambda r, x: r.choice(x.rel_past),
    "clock_word": lambda r, x: r.choice(x.clock_words),
}

# Slot kind -> patterns it may use (filtered to the split; lexical ones always kept).
TIME_SLOTS: dict[str, tuple[str, ...]] = {
    "date": (
        "date_mon_d",
        "date_month_d",
        "date_month_dth",
        "date_d_mon",
        "date_mon_d_year",
        "date_iso",
        "date_us_slash",
        "date_md_slash",
        "date_eu_dot",
        "date_eu_slash",
        "date_d_mon_year",
        "date_dth_of_month",
        "date_weekday_date",
        "date_weekday_dth",
        "date_mon_dot_d",
        "date_full_long",
        "weekday_full",
        "weekday_abbr",
        "holiday",
        "holiday_year",
    ),
    "deadline": (
        "date_mon_d",
        "date_month_d",
        "date_month_dth",
        "date_d_mon",
        "date_md_slash",
        "date_us_slash",
        "date_eu_dot",
        "date_eu_slash",
        "date_mon_dot_d",
        "date_weekday_date",
        "date_weekday_dth",
        "weekday_full",
        "weekday_abbr",
        "clock_word",
        "clock_colon_ampm",
        "clock_ampm",
        "clock_dot_ampm",
        "clock_tz",
        "clock_24h",
        "clock_h_style",
        "rel_day",
        "rel_day",
        "holiday",
    ),
    "when": ("rel_day", "rel_period", "rel_weekday", "rel_holiday", "rel_season", "rel_day"),
    "reld": ("rel_day",),
    "relp": ("rel_period", "rel_season"),
    "past": ("rel_past",),
    "period": (
        "month_full",
        "month_abbr",
        "month_year",
        "month_abbr_year",
        "season_year",
        "season_apos",
        "quarter_year",
        "quarter_apos",
        "year",
        "fiscal_year",
        "half_year",
        "year_range",
        "quarter",
        "season",
    ),
    "clock": (
        "clock_ampm",
        "clock_colon_ampm",
        "clock_24h",
        "clock_dot_ampm",
        "clock_tz",
        "clock_h_style",
        "clock_oclock",
        "clock_word",
    ),
    "clockr": ("clock_range_ampm", "clock_range_24h", "clock_range_short"),
    "dater": (
        "date_range_mon",
        "date_range_cross",
        "date_range_slash",
        "date_range_d_mon",
        "weekday_range",
        "weekday_range_full",
    ),
    "day": ("weekday_full", "weekday_abbr"),
    "days": ("weekday_plural", "weekday_range", "weekday_range_full", "weekday_abbr"),
    "holiday": ("holiday", "holiday", "holiday_year", "holiday_weekend"),
    "season": ("season", "season", "season_year", "season_apos"),
    "month": ("month_full", "month_abbr", "month_abbr_year"),
    "year": ("year", "year_range", "year_apos"),
    "code": (
        "month_code",
        "month_code_full",
        "date_compact",
        "ym_compact",
        "ym_dash",
        "event_code",
        "event_code",
        "event_year_camel",
        "fashion_season",
        "season_code",
        "quarter",
        "quarter_year",
        "quarter_fy",
        "fiscal_year",
        "week_code",
        "year",
        "date_iso",
        "holiday",
        "season_year",
        "half_year",
        "year_quarter_code",
        "quarter_apos",
        "season_apos",
        "month_abbr_year",
    ),
}


# Words that read as TIME anywhere: a place or invented brand holding one ("Spring
# Valley") would be a trap, and template literals must not hold one.
TIME_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|"
    r"july|august|september|october|november|december|spring|summer|autumn|winter|christmas|"
    r"easter|today|tonight|tomorrow|weekend|halloween|thanksgiving|noon|midnight)\b",
    re.I,
)
