"""LOCATION -> codes: accuracy on hand-written places in their texts, context rules, markets,
and the shipped tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ner_model.normalize.location import (
    LocationValue,
    PlaceTableError,
    gazetteer,
    link_location,
    link_locations,
    location_table_version,
)

LABELED = Path(__file__).parents[1] / "data" / "normalize" / "places.csv"


def _expected(row: dict) -> tuple:
    cell = row["market_countries"]
    countries = None if not cell else "*" if cell == "*" else tuple(sorted(cell.split()))
    return (row["country_code"] or None, row["subdivision_code"] or None,
            row["market"] or None, countries)


def _got(value: LocationValue, countries_expected: object) -> tuple:
    countries = "*" if countries_expected == "*" else value.market_countries
    return (value.country_code, value.subdivision_code, value.market, countries)


def test_accuracy_on_hand_written_places() -> None:
    rows = list(csv.DictReader(LABELED.open(encoding="utf-8")))
    assert len(rows) >= 100
    hits = {"country": 0, "subdivision": 0, "market": 0}
    misses = []
    for row in rows:
        places = row["text_places"].split(" | ")
        value = link_locations(places)[places.index(row["surface"])]
        want = _expected(row)
        got = _got(value, want[3])
        hits["country"] += got[0] == want[0]
        hits["subdivision"] += got[1] == want[1]
        hits["market"] += got[2:] == want[2:]
        if got != want:
            misses.append(f"{row['text_places']!r} -> {row['surface']!r}: want {want}, "
                          f"got {got} ({value.status})")
    acc = {k: v / len(rows) for k, v in hits.items()}
    report = ", ".join(f"{k} {v:.3f}" for k, v in acc.items()) + "\n" + "\n".join(misses)
    assert acc["country"] >= 0.97, report
    assert acc["subdivision"] >= 0.95, report
    assert acc["market"] >= 0.97, report
    print(f"locations ({len(rows)} places): {report}")


def test_context_resolves_ambiguous_names() -> None:
    assert link_location("Paris").country_code == "FR"
    paris, tx = link_locations(["Paris", "TX"])
    assert (paris.country_code, paris.subdivision_code, paris.geonames_id) == (
        "US", "US-TX", 4717560)
    assert tx.subdivision_code == "US-TX"
    assert link_locations(["Portland", "Maine"])[0].subdivision_code == "US-ME"
    assert link_locations(["Portland", "Oregon"])[0].subdivision_code == "US-OR"
    assert link_locations(["San Diego", "CA"])[1].subdivision_code == "US-CA"
    assert link_locations(["Toronto", "CA"])[1] == LocationValue(
        "linked", "CA", None, None, None, None)
    assert link_locations(["Soho", "London"])[0].country_code == "GB"
    assert link_locations(["NYC", "Soho"])[1].subdivision_code == "US-NY"


def test_unresolvable_names_keep_only_what_their_readings_share() -> None:
    assert link_location("Soho") == LocationValue("ambiguous", None, None, None, None, None)
    springfield = link_location("Springfield")
    assert (springfield.status, springfield.country_code, springfield.subdivision_code) == (
        "ambiguous", "US", None)


def test_codes_abbreviations_and_cities() -> None:
    assert link_location("UK").country_code == "GB"
    assert link_location("en-GB").country_code == "GB"
    assert link_location("US-TX").subdivision_code == "US-TX"
    nyc = link_location("NYC")
    assert (nyc.country_code, nyc.subdivision_code, nyc.geonames_id) == (
        "US", "US-NY", 5128581)
    munich = link_location("Munich")
    assert (munich.subdivision_code, munich.geonames_id) == ("DE-BY", 2867714)
    assert link_location("London").geonames_id == 2643743
    times_square = link_location("Times Square")
    assert (times_square.subdivision_code, times_square.geonames_id) == ("US-NY", 5128581)
    assert link_location("Hong Kong").country_code == "HK"


def test_markets() -> None:
    assert link_location("DACH") == LocationValue(
        "linked", None, None, None, "DACH", ("AT", "CH", "DE"))
    assert link_location("EMEA") == LocationValue("linked", None, None, None, "EMEA", None)
    assert link_location("es-419").market == "LATAM"
    europe = link_location("Europe")
    assert europe.market == "EUROPE" and "FR" in (europe.market_countries or ())


@pytest.mark.parametrize("surface", ["Brightwater Commons", "Online", "Worldwide",
                                     "Downtown", "", "   "])
def test_unknown_and_generic_places_are_unlinked(surface: str) -> None:
    assert link_location(surface) == LocationValue("unlinked", None, None, None, None, None)


def test_one_value_per_surface_in_order() -> None:
    surfaces = ["Berlin", "Nowhere Plaza", "DACH", "Berlin"]
    values = link_locations(surfaces)
    assert len(values) == 4 and values[0] == values[3]
    assert [v.status for v in values] == ["linked", "unlinked", "linked", "linked"]
    assert link_locations([]) == []


def test_shipped_tables_load_and_check_rows(tmp_path: Path) -> None:
    g = gazetteer()
    assert g is gazetteer()  # built once
    bad = tmp_path / "places.csv"
    with pytest.raises(PlaceTableError, match=rf"^{bad}: row 7: 'XX' is not an ISO"):
        g._curated_reading(bad, 7, {"country": "XX", "subdivision": "", "city": ""})
    with pytest.raises(PlaceTableError, match="no GeoNames city 'Atlantis'"):
        g._curated_reading(bad, 8, {"country": "US", "subdivision": "", "city": "Atlantis"})
    with pytest.raises(PlaceTableError, match="not a first-level subdivision"):
        g._curated_reading(bad, 9, {"country": "GB", "subdivision": "GB-KEN", "city": ""})
    assert len(location_table_version()) == 16
