"""The stitching rule on hand-built campaign rows, and its invariants: one-day-at-a-time
equals all-at-once, input order does not matter, ids come from keys."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pyarrow as pa
import pytest

from ner_model.stitch.stitcher import SIGNATURES_SCHEMA, StitchSettings, assign, prepare_rows

ROW_SCHEMA = pa.schema([
    ("dt", pa.date32()), ("source_file", pa.string()), ("source_row", pa.int64()),
    ("campaign_id", pa.string()), ("source", pa.string()), ("status", pa.string()),
    ("brand_ids", pa.list_(pa.string())), ("country_codes", pa.list_(pa.string())),
    ("markets", pa.list_(pa.string())), ("period_start", pa.timestamp("s")),
    ("period_end", pa.timestamp("s")),
    ("theme", pa.list_(pa.string())),
])


def row(day: str, brands: list[str], countries: list[str], period: tuple[str, str] | None,
        theme: list[str], source: str = "meta", status: str = "ok",
        markets: list[str] | None = None) -> dict:
    """One campaigns row (``period`` as ISO dates, end exclusive)."""
    p0, p1 = (dt.datetime.fromisoformat(period[0]), dt.datetime.fromisoformat(period[1])) \
        if period else (None, None)
    return {"dt": dt.date.fromisoformat(day), "source": source, "status": status,
            "brand_ids": brands, "country_codes": countries, "markets": markets or [],
            "period_start": p0,
            "period_end": p1, "theme": theme}


def number(rows: list[dict]) -> list[dict]:
    return [{**r, "source_file": "part.parquet", "source_row": i,
             "campaign_id": r.get("campaign_id", f"{r['source']}-{i}")}
            for i, r in enumerate(rows)]


def stitch(rows: list[dict], window_days: int = 28, prior: pa.Table | None = None,
           ) -> tuple[list[str | None], list[str], pa.Table]:
    """(stitch id per row in input order, reason per row, the new signatures state)."""
    con = duckdb.connect()
    con.register("rows_in", pa.Table.from_pylist(rows, ROW_SCHEMA))
    if prior is not None:
        con.register("prior_sigs", prior)
    prepare_rows(con, "rows_in")
    assign(con, StitchSettings(window_days), "prior_sigs" if prior is not None else None)
    got = con.execute(
        "select source_row, stitch_id, reason from _assigned order by source_row").fetchall()
    state = con.sql("select * from _signatures").to_arrow_table().cast(SIGNATURES_SCHEMA)
    by_row = {r: (s, why) for r, s, why in got}
    return ([by_row[r["source_row"]][0] for r in rows],
            [by_row[r["source_row"]][1] for r in rows], state)


SUMMER_25 = ("2025-06-01", "2025-09-01")
JUNE_25 = ("2025-06-01", "2025-07-01")


def test_one_campaign_across_platforms_is_one_stitch() -> None:
    rows = number([
        row("2025-05-20", ["puma"], ["FR"], SUMMER_25, ["summer", "sale"], "meta"),
        row("2025-05-22", ["puma"], ["FR"], SUMMER_25, [], "google_ads"),
        row("2025-06-02", ["puma"], ["FR"], JUNE_25, ["summer", "sale"], "dv360"),
        row("2025-06-03", ["puma"], ["FR"], SUMMER_25, ["summer", "sale", "early", "access"],
            "email"),
        row("2025-06-04", ["tiktok", "puma"], ["FR"], SUMMER_25, ["summer", "sale"], "tiktok"),
    ])
    ids, reasons, _ = stitch(rows)
    assert len(set(ids)) == 1 and ids[0] is not None
    assert reasons[0] == "founder"
    assert reasons[1] == "brand+period+market+no_theme"
    assert reasons[3] == "brand+period+market+theme"


def test_rows_without_brand_or_tags_are_never_stitched() -> None:
    rows = number([
        row("2025-06-01", [], ["FR"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-01", ["puma"], ["FR"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-01", [], [], None, [], status="error"),
        row("2025-06-01", [], ["FR"], SUMMER_25, ["summer", "sale"]),
    ])
    ids, reasons, _ = stitch(rows)
    assert ids[0] is None and ids[2] is None and ids[3] is None and ids[1] is not None
    assert reasons[0] == reasons[3] == "no_brand" and reasons[2] == "not_tagged"


@pytest.mark.parametrize("other", [
    row("2025-06-02", ["puma"], ["DE"], SUMMER_25, ["summer", "sale"]),  # other country
    row("2024-06-02", ["puma"], ["FR"], ("2024-06-01", "2024-09-01"), ["summer", "sale"]),
    row("2025-06-02", ["nike"], ["FR"], SUMMER_25, ["summer", "sale"]),  # other brand
    row("2025-06-02", ["puma"], ["FR"], SUMMER_25, ["flash", "deal"]),  # other theme
    row("2025-06-02", ["puma"], ["FR"], ("2025-10-01", "2025-11-01"), ["summer", "sale"]),
])
def test_hard_negatives_stay_apart(other: dict) -> None:
    rows = number([row("2025-06-01", ["puma"], ["FR"], SUMMER_25, ["summer", "sale"]), other])
    ids, _, _ = stitch(rows)
    assert ids[0] != ids[1]


def test_a_market_contains_its_countries_and_a_missing_market_needs_a_theme() -> None:
    rows = number([
        row("2025-06-01", ["puma"], ["AT", "CH", "DE"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-02", ["puma"], ["DE"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-03", ["puma"], [], SUMMER_25, ["summer", "sale"]),
        row("2025-06-04", ["puma"], [], SUMMER_25, []),
    ])
    ids, reasons, _ = stitch(rows)
    assert ids[0] == ids[1] == ids[2] != ids[3]
    assert reasons[1] == "brand+period+market_contains+theme"
    assert reasons[2] == "brand+period+no_market+theme"


def test_a_row_without_market_never_founds_what_a_market_joins() -> None:
    """FR and DE of one brand and period must not meet through a row that names neither."""
    rows = number([
        row("2025-06-01", ["puma"], [], SUMMER_25, ["summer", "sale"]),
        row("2025-06-02", ["puma"], ["FR"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-03", ["puma"], ["DE"], SUMMER_25, ["summer", "sale"]),
    ])
    ids, _, _ = stitch(rows)
    assert len(set(ids)) == 3


def test_the_theme_decides_between_stitches_of_one_brand_period_and_market() -> None:
    rows = number([
        row("2025-06-01", ["puma"], ["FR"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-01", ["puma"], ["FR"], JUNE_25, ["flash", "sale", "weekend"]),
        row("2025-06-05", ["puma"], ["FR"], JUNE_25, ["flash", "weekend"]),
        row("2025-06-06", ["puma"], ["FR"], SUMMER_25, ["summer", "sale", "ends", "soon"]),
    ])
    ids, _, _ = stitch(rows)
    assert ids[0] == ids[3] != ids[1] == ids[2]


def test_rows_without_period_match_within_the_window() -> None:
    rows = number([
        row("2025-03-01", ["puma"], ["FR"], None, ["flash", "sale"], "email"),
        row("2025-03-20", ["puma"], ["FR"], None, ["flash", "sale"], "sms"),
        row("2025-05-30", ["puma"], ["FR"], None, ["flash", "sale"], "push"),
    ])
    ids, reasons, _ = stitch(rows, window_days=28)
    assert ids[0] == ids[1] != ids[2]
    assert reasons[1] == "brand+window+market+theme"
    ids, _, _ = stitch(rows, window_days=100)
    assert len(set(ids)) == 1


def test_one_brand_written_with_and_without_its_legal_form() -> None:
    rows = number([
        row("2025-06-01", ["rustbird"], ["AE"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-02", ["rustbirdco"], ["AE"], SUMMER_25, []),
    ])
    ids, _, _ = stitch(rows)
    assert ids[0] == ids[1]


def _random_rows(n: int, seed: int) -> list[dict]:
    r = random.Random(seed)
    out = []
    for _ in range(n):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=r.randint(0, 120))
        month = r.randint(1, 5)
        period = r.choice([None, (f"2025-{month:02d}-01", f"2025-{month + 1:02d}-01"),
                           ("2025-03-01", "2025-06-01")])
        out.append(row(day.isoformat(), r.choice([["puma"], ["nike"], ["tiktok", "puma"], []]),
                       r.choice([["FR"], ["DE"], ["AT", "CH", "DE"], []]), period,
                       r.sample(["spring", "sale", "flash", "launch", "drop"], r.randint(0, 2)),
                       r.choice(["meta", "email", "sms"])))
    return number(out)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_day_by_day_equals_all_at_once(seed: int) -> None:
    rows = _random_rows(300, seed)
    full, full_reasons, _ = stitch(rows)
    by_row: dict[int, tuple] = {}
    state = None
    for day in sorted({r["dt"] for r in rows}):
        todays = [r for r in rows if r["dt"] == day]
        ids, reasons, state = stitch(todays, prior=state)
        by_row.update({r["source_row"]: (i, why) for r, i, why in
                       zip(todays, ids, reasons, strict=True)})
    assert [by_row[r["source_row"]] for r in rows] == list(zip(full, full_reasons, strict=True))


def test_input_order_does_not_change_ids() -> None:
    rows = _random_rows(200, 7)
    ids, _, _ = stitch(rows)
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    ids2, _, _ = stitch(shuffled)
    assert dict(zip([r["source_row"] for r in shuffled], ids2, strict=True)) == \
        dict(zip([r["source_row"] for r in rows], ids, strict=True))


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="window-days"):
        StitchSettings(-1)
    assert StitchSettings(7).version != StitchSettings(8).version


@pytest.mark.parametrize(("brand_id", "root"), [
    ("rustbirdco", ("rustbird", ())),  # RustbirdCo.
    ("meroanaandco", ("meroana", ())),  # Meroana & Co.
    ("wynistaai", ("wynista", ())),  # Wynista.ai
    ("gasoixaustralia", ("gasoix", ("AU",))),  # the market taken into the brand
    ("galrioniappbenelux", ("galrioni", ("BE", "LU", "NL"))),  # market, then web suffix
    ("zfxfrance", ("zfx", ("FR",))),
    ("adidas", ("adidas", ())),  # a shipped brand is never cut
    ("meroana", ("meroana", ())),  # two-letter codes are not stripped (-na)
    ("new-balance", ("new-balance", ())),  # linked ids with a hyphen stay
    ("newbalance", ("new-balance", ())),  # ... and are what their unlinked spelling means
    ("acme", ("acme", ())),  # too short to lose anything
])
def test_brand_root(brand_id: str, root: tuple) -> None:
    from ner_model.stitch.stitcher import brand_root

    assert brand_root(brand_id) == root


def test_a_country_glued_to_the_brand_gives_the_row_its_market() -> None:
    rows = number([
        row("2025-06-01", ["gasoix"], ["AU"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-02", ["gasoixaustralia"], [], SUMMER_25, []),
        row("2025-06-02", ["gasoixaustralia"], ["NZ"], SUMMER_25, []),
    ])
    ids, reasons, _ = stitch(rows)
    assert ids[0] == ids[1] != ids[2]
    assert reasons[1] == "brand+period+market+no_theme"


def test_a_market_without_countries_only_meets_itself() -> None:
    rows = number([
        row("2025-06-01", ["puma"], [], SUMMER_25, ["summer", "sale"], markets=["LATAM"]),
        row("2025-06-02", ["puma"], [], SUMMER_25, [], markets=["LATAM"]),
        row("2025-06-03", ["puma"], ["MX"], SUMMER_25, ["summer", "sale"]),
        row("2025-06-04", ["puma"], [], SUMMER_25, ["summer", "sale"], markets=["EMEA"]),
    ])
    ids, reasons, _ = stitch(rows)
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[3]}) == 3
    assert reasons[1] == "brand+period+market+no_theme"
