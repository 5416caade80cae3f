"""``campaign-ner tag``: entities of a few texts (or stdin lines), as a table or JSON Lines."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from datetime import date, datetime

import pytest

import flows.tag
from flows.tag import ENTITY_FIELDS, add_tag_parser, reference_date, tag_command, value_text
from ner_model.inference.predictor import Predictor
from ner_model.normalize.brand import BrandTableError
from ner_model.normalize.entities import FIELDS, Normalized
from ner_model.storage.model_dir import ModelLoadError

from .conftest import REPO

EXAMPLE = "COKE | Summer Refresh | London | Jun25"
ADIDAS = "Adidas drops new runners in Paris this Friday at 7:30pm"
NOTHING = "Free shipping on all orders"
JSON_KEYS = ["row", *ENTITY_FIELDS, *FIELDS]


def parse(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="campaign-ner")
    sub = p.add_subparsers(dest="command")
    add_tag_parser(sub)
    return p.parse_args(["tag", *argv])


def cli(*argv: str) -> int:
    """What ``flows.cli.main`` does around the command: a ValueError is one line, exit 2."""
    try:
        return tag_command(parse(*argv))
    except ValueError as e:
        print(f"campaign-ner tag: error: {e}", file=sys.stderr)
        return 2


@pytest.fixture(scope="module")
def shipped():
    return Predictor.load(None)


@pytest.fixture(autouse=True)
def load_once(monkeypatch, shipped):
    """The shipped model is loaded once per module (the subprocess test loads it for real)."""
    real = Predictor.load.__func__

    def load(cls, path=None):
        return shipped if path is None else real(cls, path)

    monkeypatch.setattr(Predictor, "load", classmethod(load))


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_the_issue_example_as_json(capsys):
    assert cli(EXAMPLE, "--date", "2025-06-10", "--json") == 0
    ents = json_lines(capsys.readouterr().out)
    assert all(list(e) == JSON_KEYS for e in ents)  # exactly the documented fields, in order
    assert [(e["row"], e["label"], e["text"]) for e in ents] == [
        (0, "BRAND", "COKE"), (0, "TIME", "Summer"), (0, "LOCATION", "London"),
        (0, "TIME", "Jun25")]
    assert all(EXAMPLE[e["start_char"]:e["end_char"]] == e["text"] for e in ents)
    assert all(0.5 < e["confidence"] <= 1.0 for e in ents)
    brand, summer, london, jun25 = ents
    assert (brand["norm_status"], brand["brand_id"], brand["brand_name"]) == (
        "linked", "coca-cola", "Coca-Cola")
    assert (london["norm_status"], london["country_code"], london["subdivision_code"],
            london["geonames_id"]) == ("linked", "GB", "GB-ENG", 2643743)
    assert (jun25["norm_status"], jun25["value_start"], jun25["value_end"], jun25["grain"]) == (
        "ok", "2025-06-01T00:00", "2025-07-01T00:00", "month")
    assert (summer["value_start"], summer["grain"]) == ("2025-06-01T00:00", "season")
    # null where a field does not apply to the label
    assert brand["value_start"] is None and brand["country_code"] is None
    assert jun25["brand_id"] is None and london["grain"] is None


def test_the_table_has_one_aligned_line_per_entity(capsys):
    assert cli(EXAMPLE, NOTHING, ADIDAS, "--date", "2025-06-10") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["row", "label", "text", "span", "conf", "value"]
    assert lines[1].split()[:4] == ["0", "BRAND", "COKE", "0:4"]
    conf = lines[1].split()[4]  # the model's confidence, three decimals
    assert len(conf) == 5 and 0.5 < float(conf) <= 1.0
    assert lines[1].endswith("  coca-cola (Coca-Cola)")
    assert any(line.endswith("  GB GB-ENG 2643743") for line in lines)
    assert any(line.endswith("  2025-06-01..2025-07-01 month") for line in lines)
    assert lines[5].split() == ["1", "(no", "entities)"]
    assert any(line.endswith("2025-06-13 19:30..2025-06-13 19:31 minute") for line in lines)
    entity_lines = [line for line in lines[1:] if "(no entities)" not in line]
    assert len(entity_lines) == 8
    starts = {(line.index(line.split()[1]), line.index(line.split()[2])) for line in entity_lines}
    assert len(starts) == 1, "label and text columns are aligned"


def test_stdin_rows_count_across_chunks_and_empty_lines_keep_their_index(capsys, monkeypatch,
                                                                         shipped):
    monkeypatch.setattr(flows.tag, "CHUNK_LINES", 2)
    batches = []
    annotate = shipped.annotate
    monkeypatch.setattr(shipped, "annotate", lambda texts: batches.append(list(texts))
                        or annotate(texts))
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{EXAMPLE}\n\n{NOTHING}\r\n{ADIDAS}\n\n"))
    assert cli("--date", "2025-06-10", "--json") == 0
    ents = json_lines(capsys.readouterr().out)
    assert batches == [[EXAMPLE, ""], [NOTHING, ADIDAS], [""]]  # batched, bounded
    assert sorted({e["row"] for e in ents}) == [0, 3]
    adidas = [e for e in ents if e["row"] == 3]
    assert all(ADIDAS[e["start_char"]:e["end_char"]] == e["text"] for e in adidas)
    assert [e["text"] for e in adidas] == ["Adidas", "Paris", "this Friday", "7:30pm"]

    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{EXAMPLE}\n\n{NOTHING}\n"))
    assert cli("--date", "2025-06-10") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines if "(no entities)" in line] == [
        ["1", "(no", "entities)"], ["2", "(no", "entities)"]]


def test_stdin_in_a_subprocess():
    code = ("import sys; from tests.flows.test_tag import cli; "
            "sys.exit(cli('--json', '--date', '2025-06-10'))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, input=f"\n{EXAMPLE}\n{NOTHING}\n{EXAMPLE}", timeout=120)
    assert proc.returncode == 0, proc.stderr
    ents = json_lines(proc.stdout)
    assert [(e["row"], e["text"]) for e in ents] == [
        (r, t) for r in (1, 3) for t in ("COKE", "Summer", "London", "Jun25")]
    assert all(list(e) == JSON_KEYS for e in ents)


def test_a_brand_table_and_day_first(capsys, tmp_path):
    brands = tmp_path / "brands.csv"
    brands.write_text("name,aliases,codes,parent,wikidata\nAcme Widgets,Acme,ACMW,,\n")
    text = "Acme spring sale ends 03/04/2025 in NYC"
    assert cli(text, "--date", "2025-06-10", "--json", "--brands", str(brands),
               "--day-first") == 0
    ents = {e["text"]: e for e in json_lines(capsys.readouterr().out)}
    assert ents["Acme"]["brand_id"] == "acme-widgets"
    assert ents["03/04/2025"]["value_start"] == "2025-04-03T00:00"
    assert cli(text, "--date", "2025-06-10", "--json") == 0
    ents = {e["text"]: e for e in json_lines(capsys.readouterr().out)}
    assert ents["Acme"]["norm_status"] == "unlinked"
    assert ents["03/04/2025"]["value_start"] == "2025-03-04T00:00"


def test_the_reference_date_is_today_by_default():
    before = date.today()
    assert reference_date(None) in {before, date.today()}
    assert parse("x").date is None
    assert reference_date("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize("argv, kind, message", [
    (["--date", "2025-13-01"], flows.tag.TagError, "--date '2025-13-01' is not a date"),
    (["--date", "20250610"], flows.tag.TagError, "--date '20250610' is not a date"),
    (["--date", "tomorrow"], flows.tag.TagError, "(YYYY-MM-DD)"),
    (["--model", "MISSING"], ModelLoadError, "does not exist"),
    (["--brands", "MISSING.csv"], BrandTableError, "cannot read brand table"),
    (["--brands", "BAD.csv"], BrandTableError, "row 1: missing column 'name'"),
])
def test_errors_are_one_line_and_exit_2(argv, kind, message, capsys, tmp_path):
    (tmp_path / "BAD.csv").write_text("a,b\n1,2\n")
    argv = [str(tmp_path / a) if a in ("MISSING", "MISSING.csv", "BAD.csv") else a
            for a in argv]
    with pytest.raises(kind) as info:
        tag_command(parse(EXAMPLE, *argv))
    assert isinstance(info.value, ValueError) and message in str(info.value)
    assert cli(EXAMPLE, *argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("campaign-ner tag: error: ")


def test_help_shows_every_default():
    p = argparse.ArgumentParser(prog="campaign-ner")
    sub = p.add_subparsers(dest="command")
    add_tag_parser(sub)
    tag = sub.choices["tag"]
    options = [a for a in tag._actions if a.dest != "help"]
    assert [a.dest for a in options] == ["text", "date", "json", "model", "brands", "day_first"]
    assert all("default" in a.help for a in options)
    assert "--day-first" in tag.format_help()


def value(label: str, **fields) -> str:
    return value_text({"label": label, **Normalized(**fields).to_json()})


def test_value_text_is_compact():
    t = datetime(2025, 6, 13, 19, 30)
    assert value("TIME", norm_status="ok", value_start=t, value_end=t.replace(minute=31),
                 grain="minute", tz="ET") == "2025-06-13 19:30..2025-06-13 19:31 minute ET"
    assert value("TIME", norm_status="unresolved") == "unresolved"
    assert value("BRAND", norm_status="linked", brand_id="playstation", brand_name="PlayStation",
                 parent_brand_id="sony") == "playstation (PlayStation; parent sony)"
    assert value("BRAND", norm_status="unlinked", brand_id="acmewidgets",
                 brand_name="Acme Widgets") == "unlinked: acmewidgets"
    assert value("LOCATION", norm_status="linked", market="DACH",
                 market_countries=("AT", "CH", "DE")) == "DACH: AT CH DE"
    assert value("LOCATION", norm_status="linked", market="EMEA") == "EMEA"
    europe = tuple(f"C{i}" for i in range(55))
    assert value("LOCATION", norm_status="linked", market="EUROPE",
                 market_countries=europe) == "EUROPE: C0 C1 C2 C3 C4 C5 C6 C7 ... (55)"
    assert value("LOCATION", norm_status="ambiguous", country_code="US") == "ambiguous: US"
    assert value("LOCATION", norm_status="unlinked") == "unlinked"
    assert value("PRODUCT", norm_status="none") == "none"
