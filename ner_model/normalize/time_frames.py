"""Components of one TIME span -> one or two frames (the sides of a range), linked.

A :class:`Frame` gathers what one side of a span says (a month, a day, a clock time, a
deictic word ...). Two values for one field ("Friday Saturday") mark the frame ``conflict``;
an unknown word marks it ``unknown``; both make the span unresolved. A range (``-``, "to",
"through", ...) gives two frames, and :func:`link_range` lets each side borrow what the other
leaves implicit: the month of ``Oct 6-12``, the meridiem of ``5-7pm``, the hour of ``2`` in
``2-4pm``. Years are lent at resolution (``time_rules.resolve_range``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ner_model.normalize.time_grammar import Comp, components

# kinds whose value goes to one field as is
_SIMPLE = {"DAY": "day", "WEEKDAY": "weekday", "CLOCK": "clock", "TZ": "tz", "PART": "part",
           "RELDAY": "relday", "DEIXIS": "deixis", "UNIT": "unit", "FY": "fy", "YEAR": "year",
           "NUM": "num", "MIDNIGHT": "midnight", "ENDOF": "endof", "WEEKOF": "weekof"}
# kinds whose value is (field value, year or None)
_WITH_YEAR = {"QUARTER": "quarter", "HALF": "half", "WEEK": "week", "SEASON": "season",
              "EVENT": "event"}
# leading words a written date overrides ("Prime Day July 16-17", "Cyber Week Nov 25 - Dec 2")
_LABEL_KINDS = {"UNKNOWN", "UNIT", "EVENT"}
_DATE_KINDS = {"DATE", "SLASH"}


@dataclass
class Frame:
    """What one side of a TIME span says; ``None`` where it says nothing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None          # Monday = 0
    deixis: str | None = None           # this | next | last
    relday: int | None = None           # days after the reference date
    unit: str | None = None             # week | weekend | month | quarter | year
    part: str | None = None             # morning | afternoon | evening | night
    clock: tuple[int, int, str | None] | None = None  # (hour, minute, "a" | "p" | None)
    midnight: bool | None = None
    quarter: int | None = None
    half: int | None = None
    fy: int | None = None               # fiscal year, named by the year it ends in
    week: int | None = None             # ISO week number
    season: str | None = None           # spring | summer | autumn | winter | ss | fw
    event: str | None = None            # key of time_events.EVENT_ALIASES
    endof: bool | None = None
    weekof: bool | None = None
    tz: str | None = None
    num: int | None = None              # a bare number not yet given a meaning
    unknown: bool = False
    conflict: bool = False

    def put(self, name: str, value: object) -> None:
        """Set field ``name``; a second, different value marks the frame ``conflict``."""
        if value is None:
            return
        old = getattr(self, name)
        if old is not None and old != value:
            self.conflict = True
        else:
            setattr(self, name, value)

    def said(self) -> frozenset[str]:
        """The fields this side sets, time zone excepted."""
        return frozenset(f.name for f in fields(self)
                         if f.name not in ("tz", "unknown", "conflict")
                         and getattr(self, f.name) is not None)


def _apply(frame: Frame, comp: Comp, day_first: bool) -> None:
    kind, value = comp
    if kind in _SIMPLE:
        frame.put(_SIMPLE[kind], True if value is None else value)
    elif kind in _WITH_YEAR:
        frame.put(_WITH_YEAR[kind], value[0])
        frame.put("year", value[1])
    elif kind == "MONTH":
        frame.put("year", value[0])
        frame.put("month", value[1])
    elif kind == "DATE":
        _put_date(frame, *value)
    elif kind == "SLASH":
        a, b, year = value
        first_is_day = (a > 12 or day_first) and not (day_first and b > 12)
        _put_date(frame, year, b if first_is_day else a, a if first_is_day else b)
    elif kind == "DOTPAIR":
        a, b = value
        if 1 <= b <= 12 and 1 <= a <= 31:
            _put_date(frame, None, b, a)       # 11.11 -> 11 November (day first)
        else:
            frame.put("clock", (a, b, None))   # 9.30 -> 09:30
    else:                                      # UNKNOWN
        frame.unknown = True


def _put_date(frame: Frame, year: int | None, month: int, day: int) -> None:
    frame.put("year", year)
    frame.put("month", month)
    frame.put("day", day)


def _strip_label(comps: tuple[Comp, ...]) -> tuple[Comp, ...]:
    """Drop leading label words before a written date (``Prime Day July 16-17``)."""
    for i, comp in enumerate(comps):
        if comp.kind in _DATE_KINDS:
            return comps[i:]
        if comp.kind not in _LABEL_KINDS:
            return comps
    return comps


def _sides(comps: tuple[Comp, ...]) -> list[tuple[Comp, ...]] | None:
    """One side, or the two sides of a range; None for more than one range separator."""
    comps = _strip_label(comps)
    while comps and comps[0].kind == "SEP":
        comps = comps[1:]
    while comps and comps[-1].kind == "SEP":
        comps = comps[:-1]
    cuts = [i for i, c in enumerate(comps) if c.kind == "SEP"]
    if not comps or len(cuts) > 1:
        return None
    if not cuts:
        return [comps]
    return [comps[:cuts[0]], comps[cuts[0] + 1:]]


def frames(text: str, day_first: bool) -> list[Frame] | None:
    """The linked, finished frames of a TIME span (one, or two for a range), or None when
    the span cannot be split into at most two sides."""
    sides = _sides(components(text))
    if sides is None or any(not side for side in sides):
        return None
    out = []
    for side in sides:
        frame = Frame()
        for comp in side:
            _apply(frame, comp, day_first)
        out.append(frame)
    if len(out) == 2:
        link_range(*out)
    for frame in out:
        _finish(frame)
    return out


def _is_clock(frame: Frame) -> bool:
    return frame.clock is not None or frame.midnight is not None


def link_range(a: Frame, b: Frame) -> None:
    """Let the two sides of a range borrow from each other (in place)."""
    if a.num is not None and _is_clock(b) and a.said() == {"num"}:
        a.clock, a.num = (a.num, 0, None), None            # 2-4pm
    if b.num is not None and _is_clock(a) and b.said() == {"num"}:
        b.clock, b.num = (b.num, 0, None), None            # 9am-5
    if b.said() in ({"num"}, {"day"}, {"num", "year"}, {"day", "year"}) and a.month:
        b.month, b.day, b.num = a.month, b.day or b.num, None  # Oct 6-12, Nov 24-27, 2024
    if a.said() in ({"num"}, {"day"}) and b.month is not None and b.day:
        a.month, a.day, a.num = b.month, a.day or a.num, None  # 29-30 Nov
    if _is_clock(b) and b.said() <= {"clock", "midnight", "part"} and b.part is None:
        b.part = a.part                                    # tonight 8-11pm
    _link_meridiem(a, b)
    if a.tz and b.tz and a.tz != b.tz:
        a.conflict = True
    a.tz = b.tz = a.tz or b.tz


def _minutes(hour: int, minute: int, mer: str | None) -> int:
    return (hour % 12 + (12 if mer == "p" else 0)) * 60 + minute if mer else hour * 60 + minute


def _link_meridiem(a: Frame, b: Frame) -> None:
    """``5-7pm`` is 17:00-19:00 but ``11-2pm`` 11:00-14:00; ``9am-5`` is 09:00-17:00."""
    if a.clock is None or b.clock is None:
        return
    (ha, ma, xa), (hb, mb, xb) = a.clock, b.clock
    if xa is None and xb is not None and 1 <= ha <= 12:
        xa = xb
        if xb == "p" and _minutes(ha, ma, xa) > _minutes(hb, mb, xb):
            xa = "a"
    elif xb is None and xa is not None and 1 <= hb <= 12:
        xb = xa
        if xa == "a" and _minutes(hb, mb, xb) <= _minutes(ha, ma, xa):
            xb = "p"
    a.clock, b.clock = (ha, ma, xa), (hb, mb, xb)


def _finish(frame: Frame) -> None:
    """Give a leftover bare number its meaning: a day after a month (``Nov, 29``) or an
    evening hour (``8 tonight``); otherwise it stays, and the span is unresolved (``7``)."""
    if frame.num is None:
        return
    if frame.month is not None and frame.day is None:
        frame.day, frame.num = frame.num, None
    elif frame.clock is None and frame.part in ("afternoon", "evening", "night"):
        frame.clock, frame.num = (frame.num, 0, "p"), None


def clock_only(text: str, day_first: bool = False) -> bool:
    """Whether a span says only a clock time or a clock range (``7pm``, ``5-7pm ET``)."""
    sides = frames(text, day_first)
    return bool(sides) and all(
        _is_clock(f) and f.said() <= {"clock", "midnight"} and not (f.unknown or f.conflict)
        for f in sides)
