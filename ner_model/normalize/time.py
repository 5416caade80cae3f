"""TIME spans -> calendar intervals: ``BF24``, ``Jun25``, ``this weekend`` on a calendar.

:func:`normalize_time` turns the text of one TIME span into a half-open local interval
``[start, end)`` of naive datetimes, its grain and the time zone as written, relative to a
reference date R (the row's partition date). The rules are in ``docs/normalization.md``
("TIME"); the code is a small grammar of our own:

* ``time_grammar``  the span is cleaned and scanned by compiled regexes into components
  (dates, months, weekdays, clock times, campaign codes, events, deictic words, ...);
* ``time_frames``   components gather into one frame, or two for a range, which lend each
  other what one side leaves implicit (``Oct 6-12``, ``5-7pm``);
* ``time_rules``    a frame becomes an interval by the first calendar rule it triggers;
* ``time_events``   holidays and retail events, with the ``holidays`` package's calendars.

What no rule decides is ``unresolved`` (null interval), never a guess; a date outside the years
1900-2100 is ``out_of_range``. Neither raises.

Why not an off-the-shelf parser: dateparser reads single dates only (no ranges, quarters,
weekends, campaign codes), and the duckling binding on PyPI needs a Java runtime; both would
still need our reference-date rules on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from ner_model.normalize.time_frames import clock_only, frames
from ner_model.normalize.time_rules import (
    MAX_YEAR,
    MIN_YEAR,
    OutOfRange,
    Span,
    Unresolved,
    resolve,
    resolve_range,
)

__all__ = ["TimeOptions", "TimeValue", "normalize_time", "normalize_times"]

_CACHE_SIZE = 1 << 16   # distinct (text, reference, options, anchor) results kept


@dataclass(frozen=True)
class TimeValue:
    """One TIME span on the calendar.

    ``status`` is ``"ok"``, ``"unresolved"`` (no rule decides it) or ``"out_of_range"``
    (outside the years 1900-2100); every other field is None unless ``status == "ok"``.
    ``start`` (inclusive) and ``end`` (exclusive) are naive local datetimes, to the minute;
    ``grain`` is one of minute, hour, part_of_day, day, weekend, week, month, quarter, half,
    season, year; ``tz`` is the time zone as written, upper-cased (``"ET"``, ``"UTC+2"``),
    not applied.
    """

    status: str
    start: datetime | None = None
    end: datetime | None = None
    grain: str | None = None
    tz: str | None = None


@dataclass(frozen=True)
class TimeOptions:
    """``day_first``: read ``03/04/2025`` as 3 April (default: March 4; a first field over 12
    is a day either way). ``fiscal_start_month``: the month (1-12) fiscal years start in;
    ``FY25`` is the fiscal year ending in 2025 (default 1: FY25 is the calendar year 2025)."""

    day_first: bool = False
    fiscal_start_month: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.fiscal_start_month <= 12:
            raise ValueError(
                f"TimeOptions.fiscal_start_month must be 1-12, not {self.fiscal_start_month!r}")


_UNRESOLVED = TimeValue("unresolved")
_OUT_OF_RANGE = TimeValue("out_of_range")
_DEFAULT = TimeOptions()


def normalize_time(text: str, reference: date, options: TimeOptions = _DEFAULT) -> TimeValue:
    """The interval of one TIME span ``text`` relative to ``reference`` (the row's date).
    Cached per distinct (text, reference, options)."""
    return _cached(text, reference, options, None)


def normalize_times(texts: Sequence[str], reference: date,
                    options: TimeOptions = _DEFAULT) -> list[TimeValue]:
    """The TIME spans of one input text, in text order: a clock-only span right after a span
    of one day (``"Saturday"`` then ``"7pm"``) is placed on that day; any other span is
    :func:`normalize_time` of it."""
    out: list[TimeValue] = []
    for text in texts:
        anchor = _day_of(out[-1]) if out and clock_only(text, options.day_first) else None
        out.append(_cached(text, reference, options, anchor))
    return out


def _day_of(value: TimeValue) -> date | None:
    """The day a span is on when it is on one day (a date, a part of it, a time on it)."""
    if value.status != "ok" or value.grain not in ("day", "part_of_day", "hour", "minute"):
        return None
    if value.grain == "day" and value.end - value.start != timedelta(days=1):
        return None
    return value.start.date()


@lru_cache(maxsize=_CACHE_SIZE)
def _cached(text: str, reference: date, options: TimeOptions,
            anchor: date | None) -> TimeValue:
    try:
        span, tz = _resolve_text(text, reference, options, anchor)
    except (Unresolved, ValueError):     # ValueError: an impossible date (Feb 30, W60)
        return _UNRESOLVED
    except (OutOfRange, OverflowError):
        return _OUT_OF_RANGE
    if not MIN_YEAR <= span.start.year <= MAX_YEAR:
        return _OUT_OF_RANGE
    return TimeValue("ok", span.start, span.end, span.grain, tz)


def _resolve_text(text: str, reference: date, options: TimeOptions,
                  anchor: date | None) -> tuple[Span, str | None]:
    sides = frames(text, options.day_first) if isinstance(text, str) else None
    if not sides:
        raise Unresolved
    if len(sides) == 1:
        return resolve(sides[0], reference, options, anchor), sides[0].tz
    return resolve_range(*sides, reference, options, anchor), sides[0].tz
