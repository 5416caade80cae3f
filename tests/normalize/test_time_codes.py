"""TIME campaign-name codes: season and event codes with a year (``fa26``, ``hol23``), the
retail periods (holiday season, back to school, Prime Day), Mother's / Father's Day, and
labels that start with a season, month or event and end with a year (``FallCollection2026``).

``tests/data/normalize/time_codes.csv`` must be exact, every row: these are rules, not a
model, and campaign stitching compares the periods they give."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from ner_model.normalize.time import TimeValue, normalize_time, normalize_times

DATA = Path(__file__).parents[1] / "data" / "normalize"


def _rows() -> list[dict[str, str]]:
    with (DATA / "time_codes.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _dt(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['text']}@{r['reference']}")
def test_every_labeled_code_is_exact(row):
    want = TimeValue(row["status"], _dt(row["start"]), _dt(row["end"]), row["grain"] or None,
                     row["tz"] or None)
    assert normalize_time(row["text"], date.fromisoformat(row["reference"])) == want


def test_the_labeled_codes_cover_every_code_and_some_negatives():
    texts = {r["text"].lower() for r in _rows()}
    for code in ("sp", "spr", "su", "sum", "fa", "fal", "au", "aut", "wi", "win", "hol", "bf",
                 "cm", "bfcm", "bts", "mday", "md", "fday", "pd", "nye", "nyd"):
        assert any(t.startswith(code) and t[len(code):][:1] in "0123456789-_ '" and
                   any(ch.isdigit() for ch in t) for t in texts), code
    assert sum(r["status"] == "unresolved" for r in _rows()) >= 20


@pytest.mark.parametrize(("codes", "spelled"), [
    (("sp", "spr"), "Spring"), (("su", "sum"), "Summer"),
    (("fa", "fal", "au", "aut"), "Fall"), (("wi", "win"), "Winter")])
@pytest.mark.parametrize("year", [2019, 2025, 2026])
def test_a_season_code_is_the_spelled_out_season_of_its_year(codes, spelled, year):
    ref = date(2025, 6, 1)
    want = normalize_time(f"{spelled} {year}", ref)
    assert want.status == "ok" and want.grain == "season"
    for code in codes:
        for text in (f"{code}{year % 100:02d}", f"{code.upper()}-{year}", f"{code.title()} {year}",
                     f"{code}_{year % 100:02d}"):
            assert normalize_time(text, ref) == want, text


@pytest.mark.parametrize(("code", "spelled"), [
    ("hol", "Holiday Season"), ("bf", "Black Friday"), ("cm", "Cyber Monday"),
    ("bfcm", "Black Friday Cyber Monday"), ("bts", "Back to School"), ("mday", "Mother's Day"),
    ("md", "Mother's Day"), ("fday", "Father's Day"), ("pd", "Prime Day"),
    ("nye", "New Year's Eve"), ("nyd", "New Year's Day")])
def test_an_event_code_is_the_spelled_out_event_of_its_year(code, spelled):
    ref = date(2025, 6, 1)
    for year in (2023, 2024, 2025, 2026):
        want = normalize_time(f"{spelled} {year}", ref)
        assert want.status == "ok", (spelled, year)
        for text in (f"{code}{year % 100}", f"{code.upper()}{year}",
                     f"{code.title()}-{year % 100}"):
            assert normalize_time(text, ref) == want, text


def test_the_year_end_events_lie_in_the_holiday_season_of_their_year():
    ref = date(2025, 6, 1)
    for year in (2023, 2024, 2025):
        season = normalize_time(f"hol{year}", ref)
        for event in ("Black Friday", "Cyber Monday", "BFCM", "Christmas", "NYE", "Boxing Day"):
            day = normalize_time(f"{event} {year}", ref)
            assert season.start <= day.start and day.end <= season.end, (event, year)


def test_the_campaign_names_of_the_report_resolve():
    ref = date(2025, 6, 1)
    for text in ("hol23", "fa26", "FallCollection2026", "WinterLaunch2025", "mday25", "bts26",
                 "pd23", "wi25", "Holiday", "Prime Day"):
        assert normalize_time(text, ref).status == "ok", text


def test_a_clock_after_a_retail_period_stays_on_the_reference_day():
    ref = date(2025, 6, 1)
    hol, seven = normalize_times(["hol23", "7pm"], ref)
    assert hol.grain == "season"
    assert seven.start == datetime(2025, 6, 1, 19)
    _, nine = normalize_times(["Father's Day 2025", "9am"], ref)     # one day: the clock on it
    assert nine.start == datetime(2025, 6, 15, 9)
