"""campaign-ner evaluate shows exact (strict) and overlap (type) scores per type and the
most frequent boundary errors: printed, in metrics.json, report.md and the artifact."""

from __future__ import annotations

import json
from pathlib import Path

from flows.cli import main
from ner_model.training.metrics import evaluate_schemes

TEXT = "Shop Nike running shoes in Paris this weekend."
ROWS = [
    # gold "Nike running" as the brand: the shipped model's "Nike" is a boundary error
    {"text": TEXT, "entities": [{"start": 5, "end": 17, "label": "BRAND"},
                                {"start": 27, "end": 32, "label": "LOCATION"},
                                {"start": 33, "end": 45, "label": "TIME"}]},
    {"text": "Adidas sale in Berlin on Friday.",
     "entities": [{"start": 0, "end": 6, "label": "BRAND"},
                  {"start": 15, "end": 21, "label": "LOCATION"},
                  {"start": 25, "end": 31, "label": "TIME"}]},
]


def test_evaluate_reports_schemes_and_boundary_errors(prefect_harness, tmp_path, capsys):
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    report = tmp_path / "report"
    assert main(["evaluate", "default", str(data), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    # the existing line stays; the table and the boundary errors follow it
    assert "micro F1 " in out and "token accuracy" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if "exact P" in line)
    assert "overlap P" in lines[header] and "missed" in lines[header]
    assert [line.split()[0] for line in lines[header + 1:header + 5]] == [
        "BRAND", "LOCATION", "TIME", "overall"]
    assert "boundary errors (right type, other boundaries): too long" in out

    m = json.loads((report / "metrics.json").read_text())
    assert set(m["schemes"]) == {"strict", "type"}
    for scheme in m["schemes"].values():
        assert set(scheme["per_type"]) == {"BRAND", "LOCATION", "TIME"}
        for s in (scheme["overall"], *scheme["per_type"].values()):
            assert {"correct", "incorrect", "missed", "spurious", "precision", "recall",
                    "f1"} <= set(s)
    # metrics.json holds what the saved predictions give
    preds = [json.loads(line) for line in (report / "predictions.jsonl").open()]
    again = evaluate_schemes([p["gold"] for p in preds], [p["pred"] for p in preds],
                             [p["tokens"] for p in preds]).to_json()
    assert m["schemes"] == again["schemes"]
    assert m["boundary_errors"] == again["boundary_errors"]
    # the printed F1s are the JSON's; the overall strict F1 is the micro F1 here
    brand = next(line for line in lines[header + 1:] if line.startswith("BRAND")).split()
    assert float(brand[3]) == round(m["schemes"]["strict"]["per_type"]["BRAND"]["f1"], 3)
    assert float(brand[6]) == round(m["schemes"]["type"]["per_type"]["BRAND"]["f1"], 3)
    assert m["schemes"]["strict"]["overall"]["f1"] == m["micro_f1"]
    # overlap never scores below exact match
    for t in ("BRAND", "LOCATION", "TIME"):
        assert (m["schemes"]["type"]["per_type"][t]["f1"]
                >= m["schemes"]["strict"]["per_type"][t]["f1"])
    if any(p["pred"][1:3] == ["B-BRAND", "O"] for p in preds):  # the model tagged "Nike"
        assert {"gold": "Nike running", "pred": "Nike", "type": "BRAND", "count": 1} in (
            m["boundary_errors"]["top"]["too_short"])
        assert "'Nike running' -> 'Nike' (BRAND) x1" in out

    md = (report / "report.md").read_text()
    assert "| type | strict P | strict R | strict F1 | type P | type R | type F1 " in md
    assert "### Most frequent boundary errors" in md

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["evaluate-metrics"])))
    latest = max(arts, key=lambda a: a.created)
    assert "type F1" in latest.data and "Most frequent boundary errors" in latest.data
    assert Path(report / "confusion_matrix.png").is_file()
