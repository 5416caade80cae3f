"""BRAND -> brand id: grouping quality on hand-written surfaces, the table's rules, user
tables and the one-line errors of bad CSVs."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from ner_model.normalize.brand import BrandTable, BrandTableError, BrandValue, slug

LABELED = Path(__file__).parents[1] / "data" / "normalize" / "brands.csv"
HEADER = "name,aliases,codes,parent,wikidata\n"


@pytest.fixture(scope="module")
def table() -> BrandTable:
    return BrandTable.load()


def _write(tmp_path: Path, body: str, name: str = "my_brands.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_grouping_pairwise_f1(table: BrandTable) -> None:
    """Pairs of surfaces that share a hand-labeled group vs pairs that share a brand_id."""
    rows = list(csv.DictReader(LABELED.open(encoding="utf-8")))
    assert len(rows) >= 100 and len({r["group"] for r in rows}) >= 30
    ids = {r["surface"]: table.link(r["surface"]).brand_id for r in rows}
    tp = fp = fn = 0
    for a, b in itertools.combinations(rows, 2):
        same_group = a["group"] == b["group"]
        same_id = ids[a["surface"]] == ids[b["surface"]]
        tp += same_group and same_id
        fp += same_id and not same_group
        fn += same_group and not same_id
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    by_group: dict[str, list[str]] = {}
    for r in rows:
        by_group.setdefault(r["group"], []).append(r["surface"])
    split = [f"{g}: " + ", ".join(f"{s}->{ids[s]}" for s in ss)
             for g, ss in by_group.items() if len({ids[s] for s in ss}) > 1]
    merged = [f"{i}: {sorted(gs)}" for i, gs in _groups_by_id(rows, ids).items() if len(gs) > 1]
    assert f1 >= 0.95, (f"pairwise P={precision:.3f} R={recall:.3f} F1={f1:.3f}\nsplit: "
                        + "\n".join(split) + "\nmerged: " + "\n".join(merged))
    print(f"brand grouping: pairwise P={precision:.3f} R={recall:.3f} F1={f1:.3f}; "
          f"split groups: {split}; merged: {merged}")


def _groups_by_id(rows: list[dict], ids: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(ids[r["surface"]], set()).add(r["group"])
    return out


def test_every_shipped_name_alias_and_code_links_to_its_own_brand(table: BrandTable) -> None:
    wrong = [(s, bid, table.link(s).brand_id) for bid, row in table.rows.items()
             for s in (row.name, *row.aliases, *row.codes) if table.link(s).brand_id != bid]
    assert not wrong, wrong[:20]


def test_examples(table: BrandTable) -> None:
    assert table.link("Coke") == BrandValue("linked", "coca-cola", "Coca-Cola", None)
    assert table.link("COKE").brand_id == "coca-cola"
    assert table.link("MCD").brand_id == "mcdonalds"
    assert table.link("PlayStation") == BrandValue("linked", "playstation", "PlayStation",
                                                   "sony")
    assert table.link("Sony PlayStation 5").brand_id == "playstation"
    assert table.link("Galaxy").parent_brand_id == "samsung"
    assert table.link("iPhone 16 Pro Max").parent_brand_id == "apple"
    assert table.link("Nike's").brand_id == "nike"
    assert table.link("Volkswagen AG").brand_id == "volkswagen"
    assert table.link("L’ORÉAL").brand_id == "loreal"
    assert table.link("H and M").brand_id == "h-and-m"


def test_unknown_brands_group_by_their_own_slug(table: BrandTable) -> None:
    values = [table.link(s) for s in ("Acme Widgets", "ACME widgets", "acme-widgets",
                                      "Acme Widgets, Inc.", "#AcmeWidgets")]
    assert {v.status for v in values} == {"unlinked"}
    assert {v.brand_id for v in values} == {"acmewidgets"}
    assert values[0].brand_name == "Acme Widgets" and values[0].parent_brand_id is None


def test_short_names_and_codes_match_exactly_only(table: BrandTable) -> None:
    assert table.link("Nkie").status == "unlinked"  # 4 characters: no fuzzy match
    assert table.link("SBUXX").status == "unlinked"  # near a code: codes are exact only
    assert table.link("Starbuck").brand_id == "starbucks"  # 8 characters: one edit away


def test_link_is_cached_per_surface(table: BrandTable) -> None:
    assert table.link("Adidas AG") is table.link("Adidas AG")


def test_slugs() -> None:
    assert slug("Coca-Cola") == "coca-cola"
    assert slug("McDonald's") == "mcdonalds"
    assert slug("Disney+") == "disney-plus"
    assert slug("Estée Lauder") == "estee-lauder"
    assert slug("AT&T") == "at-and-t"


def test_version_is_a_content_hash(tmp_path: Path, table: BrandTable) -> None:
    assert BrandTable.load().version == table.version
    extra = _write(tmp_path, HEADER + "Acme Widgets,Acme,,,\n")
    assert BrandTable.load(extra).version != table.version


def test_user_rows_override_and_extend(tmp_path: Path) -> None:
    extra = _write(tmp_path, HEADER
                   + "Coca-Cola,Classic Coke,KO,,Q2813\n"  # replaces the shipped row
                   + "Monster Jobs,Monster,,,\n"  # takes 'Monster' from Monster Energy
                   + "Acme Widgets,Acme|ACW,ACME,,\n"
                   + "Acme Turbo,,,Acme Widgets,\n"
                   + "PlayStation VR,PSVR,,PlayStation,\n")
    table = BrandTable.load(extra)
    assert table.link("Classic Coke").brand_id == "coca-cola"
    assert table.link("CCL").status == "unlinked"  # the user row has no such code
    assert table.link("Monster").brand_id == "monster-jobs"
    assert table.link("Monster Energy").brand_id == "monster-energy"
    assert table.link("ACW") == BrandValue("linked", "acme-widgets", "Acme Widgets", None)
    assert table.link("Acme Turbo").parent_brand_id == "acme-widgets"
    assert table.link("PSVR").parent_brand_id == "playstation"
    assert table.link("Nike").brand_id == "nike"  # shipped rows stay


@pytest.mark.parametrize(("body", "row", "words"), [
    ("name,codes\nAcme,\n", 1, "missing column 'aliases'"),
    ("name,aliases,alias\nAcme,,\n", 1, "unknown column 'alias'"),
    (HEADER + "Acme,A1,,,\n ,Foo,,,\n", 3, "empty canonical name"),
    (HEADER + "Acme Turbo,,,Acme Widgets,\n", 2, "parent 'Acme Widgets'"),
    (HEADER + "Acme,AC,,,\nAcorn,Ac,,,\n", 3, "alias 'ac'"),
    (HEADER + "Acme,,,,\nACME,,,,\n", 3, "already defined on row 2"),
    (HEADER + "Acme,,,,wd123\n", 2, "not a Q-id"),
    (HEADER + "Acme,,,Acme Two,\nAcme Two,,,Acme,\n", 2, "cycle"),
    (HEADER + "Acme,a,b,c,d,e\n", 2, "more cells than columns"),
])
def test_bad_csv_is_one_line_naming_file_and_row(tmp_path: Path, body: str, row: int,
                                                  words: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(BrandTableError) as err:
        BrandTable.load(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: row {row}: "), message
    assert words in message
    assert isinstance(err.value, ValueError)


def test_missing_user_file_is_a_brand_table_error(tmp_path: Path) -> None:
    with pytest.raises(BrandTableError, match="cannot read"):
        BrandTable.load(tmp_path / "nope.csv")
