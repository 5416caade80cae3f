"""Named holidays and retail events of a TIME span: their aliases and their dates in a year.

Fixed-date events (Christmas, Halloween, ...) and Easter are computed here; the dates that
depend on a government calendar come from the ``holidays`` package (imported on first use):

* US Thanksgiving, Labor Day and Memorial Day: its ``US`` calendar (Black Friday is the day
  after Thanksgiving, Cyber Monday Black Friday + 3 days);
* Diwali: its ``IN`` (India) calendar, which has the gazetted date for 2001-2035 only;
* Lunar New Year: the first day of "Chinese New Year (Spring Festival)" of its ``CN``
  calendar (1950-2100);
* Eid al-Fitr / Hari Raya: the first day of "Eid al-Fitr" of its ``MY`` (Malaysia) calendar,
  confirmed dates only (2001-2027 in 0.109; later years are only estimates there).

Mother's Day and Father's Day are the US rule (second Sunday of May, third Sunday of June),
whatever the market. Three retail seasons are periods of one documented convention, not a
day (:func:`event_grain`): the holiday season is November and December (the NRF's definition),
back to school August 1 - September 15, Prime Day its month (July; October in 2020, June in
2021; none before 2015).

Campaign-name codes (``hol23``, ``bts26``, ``pd23``, ``mday25``, ``md25``, ``fday25``) are in
:data:`EVENT_CODES`: unlike an alias they only count with a year written after them.

Where a calendar has no confirmed date for a year, :func:`event_dates` returns ``None`` and the
span is ``unresolved``: an estimate is never shown as a fact.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, timedelta
from functools import lru_cache

_DAY = timedelta(days=1)

# event key -> aliases as written in lower case (a space stands for any run of spaces, dashes,
# slashes, "&" or "+", or none; an apostrophe and a dot after "st" are optional).
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "bfcm": ("bfcm", "black friday cyber monday", "black friday cyber mon"),
    "black_friday": ("black friday", "black fri", "blk fri", "bf"),
    "cyber_monday": ("cyber monday", "cyber mon", "cm"),
    "thanksgiving": ("thanksgiving day", "thanksgiving"),
    "christmas_eve": ("christmas eve", "xmas eve", "x mas eve"),
    "christmas": ("christmas day", "christmas", "xmas day", "xmas", "x mas", "xms"),
    "boxing_day": ("boxing day",),
    "new_years_eve": ("new year's eve", "nye"),
    "new_years_day": ("new year's day", "new year day", "nyd"),
    "halloween": ("halloween", "hallowe'en"),
    "valentines": ("valentine's day", "valentine day", "valentine's", "v day"),
    "st_patricks": ("st patrick's day", "saint patrick's day", "st paddy's day",
                    "paddy's day", "st patty's day", "st patrick's"),
    "labor_day": ("labor day",),
    "memorial_day": ("memorial day",),
    "easter": ("easter sunday", "easter"),
    "diwali": ("diwali", "deepavali"),
    "lunar_new_year": ("lunar new year", "chinese new year", "spring festival", "lny", "cny"),
    "eid_al_fitr": ("eid al fitr", "eid ul fitr", "eidul fitr", "idul fitri",
                    "hari raya aidilfitri", "hari raya puasa", "hari raya", "lebaran"),
    "singles_day": ("singles' day", "double eleven", "double 11", "1111"),
    "july_fourth": ("fourth of july", "4th of july", "july fourth"),
    "mothers_day": ("mother's day",),
    "fathers_day": ("father's day",),
    "holiday_season": ("holiday season", "holidays", "holiday"),
    "back_to_school": ("back to school",),
    "prime_day": ("prime day",),
}

# campaign-name codes -> event key: too short to be read without a year (``md``, ``pd``,
# ``hol`` alone are other words), so the grammar reads them only with one (``hol23``).
EVENT_CODES: dict[str, str] = {
    "hol": "holiday_season", "bts": "back_to_school", "pd": "prime_day",
    "mday": "mothers_day", "md": "mothers_day", "fday": "fathers_day",
}

# events that are a period at a coarser grain than a day (every other event: "day")
_GRAIN = {"holiday_season": "season", "back_to_school": "season", "prime_day": "month"}
# Prime Day's month where it was not July; none before the first one (July 2015)
_PRIME_DAY_MONTH = {2020: 10, 2021: 6}
_PRIME_DAY_FIRST_YEAR = 2015

_FIXED = {
    "christmas_eve": (12, 24), "christmas": (12, 25), "boxing_day": (12, 26),
    "new_years_eve": (12, 31), "new_years_day": (1, 1), "halloween": (10, 31),
    "valentines": (2, 14), "st_patricks": (3, 17), "singles_day": (11, 11),
    "july_fourth": (7, 4),
}

# (country, exact English name in the holidays package) for calendar-bound events.
_CALENDAR = {
    "thanksgiving": ("US", "Thanksgiving Day"),
    "labor_day": ("US", "Labor Day"),
    "memorial_day": ("US", "Memorial Day"),
    "diwali": ("IN", "Diwali"),
    "lunar_new_year": ("CN", "Chinese New Year (Spring Festival)"),
    "eid_al_fitr": ("MY", "Eid al-Fitr"),
}


def _alias_regex(alias: str) -> str:
    if alias.startswith("st "):  # "st patrick's day", "St. Patrick's Day", "StPatricksDay"
        return r"st\.?" + _alias_regex(alias[2:])
    out = []
    for ch in alias:
        if ch == " ":
            out.append(r"[\s\-/&+]*")
        elif ch == "'":
            out.append("'?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def event_pattern() -> str:
    """One regex alternation (named group ``ev``) of every alias, longest first, not followed
    by a letter: ``bfcm`` is tried before ``bf``, ``christmas eve`` before ``christmas``."""
    aliases = sorted((a for al in EVENT_ALIASES.values() for a in al), key=len, reverse=True)
    return "(?P<ev>" + "|".join(_alias_regex(a) for a in aliases) + ")(?![a-z])"


def event_code_pattern() -> str:
    """One regex alternation (named group ``code``) of :data:`EVENT_CODES`, longest first;
    the grammar requires a year after it."""
    return "(?P<code>" + "|".join(sorted(EVENT_CODES, key=len, reverse=True)) + ")"


def event_grain(key: str) -> str:
    """The grain of event ``key``'s interval: ``day``, or ``month`` / ``season`` for the
    retail periods (Prime Day, holiday season, back to school)."""
    return _GRAIN.get(key, "day")


_KEY_OF = {re.sub(r"[^a-z0-9]", "", a): k for k, al in EVENT_ALIASES.items() for a in al}


def event_key(written: str) -> str:
    """The event key of an alias as matched by :func:`event_pattern` (``"Black-Friday"``
    -> ``"black_friday"``)."""
    return _KEY_OF[re.sub(r"[^a-z0-9]", "", written.lower())]


def _easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=4096)
def _calendar_day(country: str, name: str, year: int) -> date | None:
    import holidays

    with warnings.catch_warnings():  # years outside a calendar's range warn; we return None
        warnings.simplefilter("ignore")
        cal = holidays.country_holidays(country, years=year, language="en_US")
    days = sorted(d for d, n in cal.items() if n == name)
    return days[0] if days else None


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + ((6 - first.weekday()) % 7 + 7 * (n - 1)) * _DAY


def _period(key: str, year: int) -> tuple[date, date] | None:
    if key == "holiday_season":
        return date(year, 11, 1), date(year + 1, 1, 1)
    if key == "back_to_school":
        return date(year, 8, 1), date(year, 9, 15)
    if year < _PRIME_DAY_FIRST_YEAR:                   # prime_day
        return None
    month = _PRIME_DAY_MONTH.get(year, 7)
    return date(year, month, 1), date(year, month + 1, 1)


def event_dates(key: str, year: int) -> tuple[date, date] | None:
    """``[first day, day after the last)`` of event ``key`` in ``year`` (1900-2100), or None
    where no rule or confirmed calendar date exists for that year."""
    if key in _GRAIN:
        return _period(key, year)
    if key in ("mothers_day", "fathers_day"):
        start = _nth_sunday(year, 5, 2) if key == "mothers_day" else _nth_sunday(year, 6, 3)
        return start, start + _DAY
    if key in _FIXED:
        start = date(year, *_FIXED[key])
        return start, start + _DAY
    if key == "easter":
        start = _easter(year)
        return start, start + _DAY
    if key in ("black_friday", "cyber_monday", "bfcm"):
        thanks = _calendar_day("US", "Thanksgiving Day", year)
        if thanks is None:
            return None
        first = {"black_friday": 1, "cyber_monday": 4, "bfcm": 1}[key]
        last = 4 if key == "bfcm" else first
        return thanks + first * _DAY, thanks + (last + 1) * _DAY
    country, name = _CALENDAR[key]
    day = _calendar_day(country, name, year)
    return (day, day + _DAY) if day else None
