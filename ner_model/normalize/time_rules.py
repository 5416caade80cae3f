"""Frames -> half-open local intervals: the calendar rules of ``docs/normalization.md``.

:func:`resolve` picks the first rule of :data:`_RULES` whose trigger field the frame sets
(an event, a date, a weekday, a deictic day, ..., a bare year) and requires every other field
the frame sets to be one that rule understands: ``Q3 June`` or ``Sunday brunch`` is
unresolved, never a guess. Failures are raised as :class:`Unresolved` / :class:`OutOfRange`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple

from ner_model.normalize.time_events import event_dates, event_grain
from ner_model.normalize.time_frames import Frame

if TYPE_CHECKING:
    from ner_model.normalize.time import TimeOptions

_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)
_LOOKBACK = timedelta(days=7)   # a date or event without a year: first one on/after R - 7d
_PARTS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (18, 24)}
_OFFSET = {None: 0, "this": 0, "next": 1, "last": -1}
# start month and length in months of each season (northern, meteorological)
_SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "winter": (12, 3),
            "ss": (3, 6), "fw": (9, 6)}
GRAINS = ("minute", "hour", "part_of_day", "day", "weekend", "week", "month", "quarter",
          "half", "season", "year")
MIN_YEAR, MAX_YEAR = 1900, 2100


class Unresolved(Exception):
    """No rule decides this span."""


class OutOfRange(Exception):
    """The span lies outside the years 1900-2100."""


class Span(NamedTuple):
    start: datetime   # inclusive, naive local
    end: datetime     # exclusive, naive local
    grain: str


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time())


def _span(start: date, end: date, grain: str) -> Span:
    return Span(_midnight(start), _midnight(end), grain)


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRange
    return year


def add_months(d: date, months: int) -> date:
    """The first day of the month ``months`` after ``d``'s month."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _this_only(frame: Frame) -> None:
    if frame.deixis not in (None, "this"):
        raise Unresolved


# ---- a time of day on a resolved day -------------------------------------------------------

def _clock_offset(clock: tuple[int, int, str | None], part: str | None) -> timedelta:
    hour, minute, mer = clock
    if minute > 59:
        raise Unresolved
    if mer:
        if not 1 <= hour <= 12:
            raise Unresolved
        hour = hour % 12 + (12 if mer == "p" else 0)
    elif part in ("afternoon", "evening", "night") and 1 <= hour < 12:
        hour += 12                                         # "tonight 7:30" is 19:30
    if hour > 24 or (hour == 24 and minute):
        raise Unresolved
    return timedelta(hours=hour, minutes=minute)


def on_day(frame: Frame, first: date, after: date) -> Span:
    """Days ``[first, after)``, narrowed to the frame's clock time, midnight or part of day
    (which need a single day)."""
    if frame.clock is None and frame.midnight is None and frame.part is None:
        return _span(first, after, "day")
    if after - first != _DAY:
        raise Unresolved
    day = _midnight(first)
    if frame.midnight:
        return Span(day + _DAY, day + _DAY + _MINUTE, "minute")  # the end of the day
    if frame.clock is not None:
        at = day + _clock_offset(frame.clock, frame.part)
        return Span(at, at + _MINUTE, "minute")
    lo, hi = _PARTS[frame.part]
    return Span(day + timedelta(hours=lo), day + timedelta(hours=hi), "part_of_day")


# ---- day rules -----------------------------------------------------------------------------

def _event(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    """An event of the written year; without one, a day event is the first on or after
    R - 7 days and a period event (holiday season, Prime Day ...) the first not over by then."""
    _this_only(frame)
    grain = event_grain(frame.event)
    if frame.year is not None:
        days = event_dates(frame.event, frame.year)
    else:
        floor = ref - _LOOKBACK
        days = event_dates(frame.event, _check_year(floor.year))
        if days is not None and (days[0] < floor if grain == "day" else days[1] <= floor):
            days = event_dates(frame.event, _check_year(floor.year + 1))
    if days is None:
        raise Unresolved
    if grain == "day":
        return on_day(frame, *days)
    if frame.said() & _TIMES:
        raise Unresolved                                # "Holiday 9am": which day?
    return _span(*days, grain)


def _find_date(frame: Frame, ref: date) -> date:
    if frame.year is not None:
        return date(frame.year, frame.month, frame.day)
    floor = ref - _LOOKBACK
    for year in range(floor.year, floor.year + 9):     # 9 years: Feb 29 of the next leap year
        try:
            found = date(year, frame.month, frame.day)
        except ValueError:
            continue
        if found >= floor:
            return found
    raise Unresolved


def _date(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    day = _find_date(frame, ref)
    return on_day(frame, day, day + _DAY)


def _week_of(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    if frame.month is None or frame.day is None:
        raise Unresolved
    monday = _find_date(frame, ref)
    monday -= timedelta(days=monday.weekday())
    return _span(monday, monday + 7 * _DAY, "week")


def _weekday(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    wd = frame.weekday
    if frame.deixis == "next":                          # in the ISO week after R's
        day = ref + timedelta(days=7 - ref.weekday() + wd)
    elif frame.deixis == "last":                        # the latest one before R
        day = ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
    else:                                               # the first one on or after R
        day = ref + timedelta(days=(wd - ref.weekday()) % 7)
    return on_day(frame, day, day + _DAY)


def _relday(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    day = ref + timedelta(days=frame.relday)
    return on_day(frame, day, day + _DAY)


def _time_only(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    if frame.deixis == "last" and frame.said() == {"part", "deixis"}:
        day = ref - _DAY                                # "last night"
    else:
        _this_only(frame)
        day = anchor or ref
    return on_day(frame, day, day + _DAY)


def _day_number(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    floor = ref - _LOOKBACK
    month = date(floor.year, floor.month, 1)
    for i in range(13):
        first = add_months(month, i)
        try:
            day = first.replace(day=frame.day)
        except ValueError:
            continue
        if day >= floor:
            return _span(day, day + _DAY, "day")
    raise Unresolved


def _end_of(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    if frame.month is not None:
        first = _month_start(frame, ref)
    elif frame.unit == "month":
        first = add_months(ref, _OFFSET[frame.deixis])
    else:
        raise Unresolved                                # "end of the year": no rule
    last = add_months(first, 1) - _DAY
    return _span(last, last + _DAY, "day")


# ---- period rules --------------------------------------------------------------------------

def _unit(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    if frame.deixis is None:
        raise Unresolved                                # bare "weekend", "week"
    off = _OFFSET[frame.deixis]
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=off)
    if frame.unit == "week":
        return _span(monday, monday + 7 * _DAY, "week")
    if frame.unit == "weekend":
        return _span(monday + 5 * _DAY, monday + 7 * _DAY, "weekend")
    if frame.unit == "month":
        first = add_months(ref, off)
        return _span(first, add_months(first, 1), "month")
    if frame.unit == "quarter":
        first = add_months(date(ref.year, 1, 1), ((ref.month - 1) // 3 + off) * 3)
        return _span(first, add_months(first, 3), "quarter")
    year = _check_year(ref.year + off)
    return _span(date(year, 1, 1), date(year + 1, 1, 1), "year")


def _iso_week(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    years = [frame.year] if frame.year is not None else range(ref.isocalendar()[0],
                                                               ref.isocalendar()[0] + 8)
    for year in years:
        try:
            monday = date.fromisocalendar(year, frame.week, 1)
        except ValueError:                              # W53 of a 52-week year, W0, W60
            continue
        if frame.year is not None or monday + 7 * _DAY > ref:
            return _span(monday, monday + 7 * _DAY, "week")
    raise Unresolved


def _fiscal_start(fy: int, opts: TimeOptions) -> date:
    """FY ``fy`` is named by the calendar year it ends in (FY25 from October: Oct 2024 on)."""
    month = opts.fiscal_start_month
    return date(_check_year(fy), 1, 1) if month == 1 else date(_check_year(fy) - 1, month, 1)


def _part_of_year(frame: Frame, ref: date, opts: TimeOptions, index: int, months: int) -> Span:
    grain = "quarter" if months == 3 else "half"
    if frame.fy is not None:
        if frame.year is not None:
            raise Unresolved
        first = add_months(_fiscal_start(frame.fy, opts), months * (index - 1))
    else:
        year = frame.year if frame.year is not None else ref.year
        first = date(year, months * (index - 1) + 1, 1)
        if frame.year is None and add_months(first, months) <= ref:
            first = first.replace(year=first.year + 1)  # past this year: next year's
    return _span(first, add_months(first, months), grain)


def _quarter(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    return _part_of_year(frame, ref, opts, frame.quarter, 3)


def _half(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    return _part_of_year(frame, ref, opts, frame.half, 6)


def _fiscal_year(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    first = _fiscal_start(frame.fy, opts)
    return _span(first, add_months(first, 12), "year")


def _month_start(frame: Frame, ref: date) -> date:
    _this_only(frame)
    if frame.year is not None:
        return date(frame.year, frame.month, 1)
    return date(ref.year + (frame.month < ref.month), frame.month, 1)


def _month(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    first = _month_start(frame, ref)
    return _span(first, add_months(first, 1), "month")


def _season(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    _this_only(frame)
    start_month, length = _SEASONS[frame.season]
    years = [frame.year] if frame.year is not None else [ref.year - 1, ref.year, ref.year + 1]
    for year in years:
        first = date(year, start_month, 1)
        if frame.year is not None or add_months(first, length) > ref:
            return _span(first, add_months(first, length), "season")
    raise Unresolved


def _year(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    return _span(date(frame.year, 1, 1), date(frame.year + 1, 1, 1), "year")


Rule = Callable[..., Span]
_TIMES = frozenset({"clock", "midnight", "part"})


def _has(*names: str) -> Callable[[Frame], bool]:
    return lambda frame: all(getattr(frame, name) is not None for name in names)


# (trigger, the fields the rule understands, the rule): the first rule triggered decides
_RULES: list[tuple[Callable[[Frame], bool], frozenset[str], Rule]] = [
    (_has("event"), frozenset({"event", "year", "deixis"}) | _TIMES, _event),
    (_has("weekof"), frozenset({"weekof", "month", "day", "year"}), _week_of),
    (_has("month", "day"), frozenset({"year", "month", "day", "weekday"}) | _TIMES, _date),
    (_has("weekday"), frozenset({"weekday", "deixis"}) | _TIMES, _weekday),
    (_has("relday"), frozenset({"relday"}) | _TIMES, _relday),
    (_has("endof"), frozenset({"endof", "unit", "deixis", "month", "year"}), _end_of),
    (_has("day"), frozenset({"day"}), _day_number),
    (_has("clock"), frozenset({"deixis"}) | _TIMES, _time_only),
    (_has("midnight"), frozenset({"deixis"}) | _TIMES, _time_only),
    (_has("part", "deixis"), frozenset({"part", "deixis"}), _time_only),
    (_has("unit"), frozenset({"unit", "deixis"}), _unit),
    (_has("week"), frozenset({"week", "year"}), _iso_week),
    (_has("quarter"), frozenset({"quarter", "year", "fy"}), _quarter),
    (_has("half"), frozenset({"half", "year", "fy"}), _half),
    (_has("fy"), frozenset({"fy"}), _fiscal_year),
    (_has("month"), frozenset({"month", "year", "deixis"}), _month),
    (_has("season"), frozenset({"season", "year", "deixis"}), _season),
    (_has("year"), frozenset({"year"}), _year),
]


def resolve(frame: Frame, ref: date, opts: TimeOptions, anchor: date | None = None) -> Span:
    """The interval one frame names, relative to reference date ``ref``; ``anchor`` is the
    day a clock-only frame is on (default ``ref``)."""
    if frame.unknown or frame.conflict:
        raise Unresolved
    for year in (frame.year, frame.fy):
        if year is not None:
            _check_year(year)
    said = frame.said()
    for triggered, understood, rule in _RULES:
        if triggered(frame):
            if not said <= understood:
                raise Unresolved
            return rule(frame, ref, opts, anchor)
    raise Unresolved


def _relative(frame: Frame) -> bool:
    return frame.relday is not None or frame.unit is not None or frame.deixis in ("next", "last")


def _dated(frame: Frame) -> bool:
    return frame.fy is None and any(v is not None for v in (
        frame.month, frame.quarter, frame.half, frame.season, frame.week, frame.event))


def resolve_range(a: Frame, b: Frame, ref: date, opts: TimeOptions, anchor: date | None) -> Span:
    """One interval from the start of side ``a`` to the end of side ``b`` (to the written
    time when ``b`` is a clock). ``b`` without a year is the first one on or after ``a``; ``a``
    without a year takes ``b``'s (the year before when that would put ``a`` after ``b``)."""
    lend = a.year is None and b.year is not None and _dated(a)
    if lend:
        a.year = b.year
    first = resolve(a, ref, opts, anchor)
    b_clock = b.clock is not None or b.midnight is not None
    if b_clock and b.said() <= _TIMES:
        second = resolve(b, ref, opts, first.start.date())
    else:
        second = resolve(b, ref if _relative(b) else first.start.date(), opts, anchor)
    if lend and first.start > second.start:
        a.year -= 1
        first = resolve(a, ref, opts, anchor)
    end = second.start if b_clock else second.end
    if end <= first.start and b_clock:
        end += _DAY                                     # 10pm-2am
    if end <= first.start:
        raise Unresolved
    grain = min(first.grain, second.grain, key=GRAINS.index)
    return Span(first.start, end, grain)
