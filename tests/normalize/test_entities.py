"""The per-text normalizer the tables and ``tag`` use: one value per entity, in order, and a
version that changes with anything that changes the values."""

from datetime import date, datetime

from ner_model.normalize.brand import BrandTable
from ner_model.normalize.entities import FIELDS, Normalized, Normalizer
from ner_model.normalize.time import TimeOptions


def test_values_follow_the_labels_in_text_order():
    n = Normalizer()
    labels = ["BRAND", "TIME", "PERSON", "LOCATION", "TIME"]
    values = n.normalize(labels, ["COKE", "Saturday", "Ann", "NYC", "7pm"], date(2025, 6, 10))
    assert [v.norm_status for v in values] == ["linked", "ok", "none", "linked", "ok"]
    assert values[0].brand_id == "coca-cola" and values[3].subdivision_code == "US-NY"
    assert values[4].value_start == datetime(2025, 6, 14, 19, 0), "the clock joins its day"
    none = n.normalize(["TIME"], ["Saturday"], None)
    assert none == [Normalized("no_reference")]
    assert set(values[1].to_json()) == set(FIELDS)
    assert values[1].to_json()["value_start"] == "2025-06-14T00:00"


def test_the_version_names_the_tables_and_options(tmp_path):
    base = Normalizer().version
    assert base == Normalizer().version
    assert Normalizer(time_options=TimeOptions(day_first=True)).version != base
    extra = tmp_path / "b.csv"
    extra.write_text("name,aliases,codes,parent,wikidata\nAcme Widgets,,ACW,,\n")
    assert Normalizer(BrandTable.load(extra)).version != base
