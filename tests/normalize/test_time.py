"""TIME normalization: the hand-labeled set (exact interval accuracy) and the tricky rules."""

from __future__ import annotations

import csv
import timeit
from datetime import date, datetime
from pathlib import Path

import pytest

from ner_model.normalize.time import TimeOptions, TimeValue, normalize_time, normalize_times

DATA = Path(__file__).parents[1] / "data" / "normalize"
MIN_ACCURACY = 0.95


def _dt(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _expected(row: dict[str, str]) -> TimeValue:
    return TimeValue(row["status"], _dt(row["start"]), _dt(row["end"]), row["grain"] or None,
                     row["tz"] or None)


def _options(text: str) -> TimeOptions:
    if not text:
        return TimeOptions()
    if text == "day_first":
        return TimeOptions(day_first=True)
    name, value = text.split("=")
    assert name == "fiscal_start_month", text
    return TimeOptions(fiscal_start_month=int(value))


def _misses(path: Path) -> tuple[int, list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    misses = []
    for i, row in enumerate(rows, start=2):
        got = normalize_time(row["text"], date.fromisoformat(row["reference"]),
                             _options(row.get("options", "")))
        if got != _expected(row):
            misses.append(f"{path.name}:{i} {row['text']!r} R={row['reference']}: "
                          f"want {_expected(row)}, got {got}")
    return len(rows), misses


@pytest.mark.parametrize("name", ["time.csv", "time_options.csv"])
def test_accuracy_on_the_labeled_set(name):
    total, misses = _misses(DATA / name)
    accuracy = 1 - len(misses) / total
    print(f"{name}: {total - len(misses)}/{total} exact = {accuracy:.3f}")
    assert accuracy >= MIN_ACCURACY, "\n".join([f"accuracy {accuracy:.3f}", *misses])


def test_labeled_set_is_big_and_covers_every_status_and_grain():
    with (DATA / "time.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 300
    assert sum(r["status"] == "unresolved" for r in rows) >= 20
    assert {r["status"] for r in rows} == {"ok", "unresolved", "out_of_range"}
    grains = {r["grain"] for r in rows if r["grain"]}
    assert grains >= {"minute", "part_of_day", "day", "weekend", "week", "month", "quarter",
                      "half", "season", "year"}


def _ok(text: str, ref: str, start: str, end: str, grain: str, tz: str | None = None,
        options: TimeOptions | None = None) -> None:
    got = normalize_time(text, date.fromisoformat(ref), options or TimeOptions())
    assert got == TimeValue("ok", datetime.fromisoformat(start), datetime.fromisoformat(end),
                            grain, tz), (text, ref, got)


def test_a_date_without_a_year_is_the_first_on_or_after_seven_days_before_reference():
    _ok("Jan 5", "2024-12-30", "2025-01-05", "2025-01-06", "day")        # across New Year
    _ok("Christmas", "2024-12-30", "2024-12-25", "2024-12-26", "day")    # 5 days ago: kept
    _ok("Dec 20", "2024-12-30", "2025-12-20", "2025-12-21", "day")       # 10 days ago: next
    _ok("Feb 29", "2025-07-04", "2028-02-29", "2028-03-01", "day")       # next leap day


def test_weekdays_and_weekends_around_the_reference_day():
    _ok("next Friday", "2025-07-04", "2025-07-11", "2025-07-12", "day")  # R is a Friday
    _ok("Friday", "2025-07-04", "2025-07-04", "2025-07-05", "day")
    _ok("this weekend", "2025-03-09", "2025-03-08", "2025-03-10", "weekend")  # on a Sunday
    _ok("next weekend", "2025-03-09", "2025-03-15", "2025-03-17", "weekend")


def test_periods_without_a_year_contain_the_reference_or_come_next():
    _ok("Q1", "2025-05-14", "2026-01-01", "2026-04-01", "quarter")
    _ok("Q2", "2025-05-14", "2025-04-01", "2025-07-01", "quarter")
    _ok("winter", "2025-01-20", "2024-12-01", "2025-03-01", "season")
    _ok("W53", "2025-07-04", "2026-12-28", "2027-01-04", "week")          # 2025 has no W53
    assert normalize_time("W53 2025", date(2025, 7, 4)).status == "unresolved"


def test_campaign_codes():
    ref = "2025-03-09"
    _ok("Jun25", ref, "2025-06-01", "2025-07-01", "month")
    _ok("Nov 24", ref, "2025-11-24", "2025-11-25", "day")                 # a space: a day
    _ok("Nov24", ref, "2024-11-01", "2024-12-01", "month")                # no space: a month
    _ok("202411", ref, "2024-11-01", "2024-12-01", "month")
    _ok("SS25", ref, "2025-03-01", "2025-09-01", "season")
    _ok("FW24", ref, "2024-09-01", "2025-03-01", "season")
    _ok("BF24", ref, "2024-11-29", "2024-11-30", "day")
    _ok("Q4FY25", ref, "2025-10-01", "2026-01-01", "quarter")


def test_fiscal_years_and_day_first_are_options():
    ref = "2025-05-14"
    _ok("FY25", ref, "2025-01-01", "2026-01-01", "year")
    october = TimeOptions(fiscal_start_month=10)
    _ok("FY25", ref, "2024-10-01", "2025-10-01", "year", options=october)
    _ok("Q1 FY25", ref, "2024-10-01", "2025-01-01", "quarter", options=october)
    _ok("03/04/2025", ref, "2025-03-04", "2025-03-05", "day")
    _ok("03/04/2025", ref, "2025-04-03", "2025-04-04", "day", options=TimeOptions(day_first=True))
    _ok("13/04/2025", ref, "2025-04-13", "2025-04-14", "day")              # first field > 12
    with pytest.raises(ValueError, match="fiscal_start_month"):
        TimeOptions(fiscal_start_month=13)


def test_ranges_run_from_the_start_of_the_first_to_the_end_of_the_last():
    ref = "2025-05-14"
    _ok("Oct 6–12", ref, "2025-10-06", "2025-10-13", "day")
    _ok("5-7pm", ref, "2025-05-14T17:00", "2025-05-14T19:00", "minute")
    _ok("11-2pm", ref, "2025-05-14T11:00", "2025-05-14T14:00", "minute")
    _ok("10pm-2am", ref, "2025-05-14T22:00", "2025-05-15T02:00", "minute")
    _ok("9am–5pm ET", ref, "2025-05-14T09:00", "2025-05-14T17:00", "minute", "ET")
    _ok("Dec 28 - Jan 3", ref, "2025-12-28", "2026-01-04", "day")
    _ok("W10-W13", "2025-03-01", "2025-03-03", "2025-03-31", "week")


def test_events_come_from_rules_or_calendars_and_never_from_a_guess():
    ref = date(2025, 7, 4)
    _ok("Black Friday", "2025-07-04", "2025-11-28", "2025-11-29", "day")
    _ok("Cyber Monday", "2025-07-04", "2025-12-01", "2025-12-02", "day")
    _ok("BFCM", "2025-07-04", "2025-11-28", "2025-12-02", "day")
    _ok("Diwali 2024", "2025-07-04", "2024-10-31", "2024-11-01", "day")
    _ok("Lunar New Year 2025", "2025-07-04", "2025-01-29", "2025-01-30", "day")
    _ok("Hari Raya 2025", "2025-07-04", "2025-03-31", "2025-04-01", "day")
    for text in ("Diwali 2050", "Eid al-Fitr 2035", "Prime Big Deal Days", "March Madness",
                 "soon", "Summer Sale", "Christmas in July", "Sunday brunch"):
        assert normalize_time(text, ref) == TimeValue("unresolved"), text


def test_out_of_range_and_garbage_are_statuses_not_exceptions():
    ref = date(2025, 7, 4)
    for text in ("1850", "2150-01-01", "Christmas 2101", "Q3 1899"):
        assert normalize_time(text, ref) == TimeValue("out_of_range"), text
    assert normalize_time("Jan 5", date(2100, 12, 30)).status == "out_of_range"
    for text in ("", "   ", "-", "Feb 30", "25:00", "13pm", "🎉", "Q5", "W60", "to to to"):
        assert normalize_time(text, ref).status == "unresolved", text


def test_punctuation_and_case_variants_read_the_same():
    ref = "2024-11-20"
    for text in ("Nov. 29", "NOV 29", "29th of November", "Fri 11/29", "friday, nov 29th",
                 "29 Nov", "2024-11-29", "29.11.2024"):
        _ok(text, ref, "2024-11-29", "2024-11-30", "day")
    for text in ("7 p.m.", "7PM", "7pm", "19:00", "19h00", "7 pm"):
        _ok(text, ref, "2024-11-20T19:00", "2024-11-20T19:01", "minute")


def test_normalize_times_puts_a_clock_on_the_day_written_before_it():
    ref = date(2025, 5, 14)                                              # a Wednesday
    saturday, seven = normalize_times(["Saturday", "7pm"], ref)
    assert saturday.start == datetime(2025, 5, 17)
    assert (seven.start, seven.end) == (datetime(2025, 5, 17, 19), datetime(2025, 5, 17, 19, 1))
    _, nine = normalize_times(["tomorrow", "9am"], ref)
    assert nine.start == datetime(2025, 5, 15, 9)
    _, hours = normalize_times(["Sat", "10am-4pm ET"], ref)
    assert (hours.start, hours.end, hours.tz) == (datetime(2025, 5, 17, 10),
                                                  datetime(2025, 5, 17, 16), "ET")
    # a clock alone, or after a span of more than one day, stays on the reference day
    assert normalize_times(["7pm"], ref)[0].start == datetime(2025, 5, 14, 19)
    assert normalize_times(["this weekend", "7pm"], ref)[1].start == datetime(2025, 5, 14, 19)
    # a span that is not clock-only is not moved
    assert normalize_times(["Saturday", "Friday"], ref)[1].start == datetime(2025, 5, 16)
    assert normalize_times(["Saturday", "7pm"], ref)[1] != normalize_time("7pm", ref)


def test_results_are_cached_and_fast():
    ref = date(2025, 5, 14)
    assert normalize_time("Black Friday 2024", ref) is normalize_time("Black Friday 2024", ref)
    hits = timeit.timeit(lambda: normalize_time("Sat 10am-4pm ET", ref), number=2000)
    assert hits < 1.0
