"""A model on the real corpora it may meet: WNUT-17 dev (tweets and forums, BRAND and
LOCATION), SNIPS held-out (voice-assistant queries) and how many people it calls brands.

- **WNUT-17 dev** (``../shared/data/wnut17/dev.jsonl``): corporation, product -> BRAND;
  location -> LOCATION; the other types are not scored (TIME is unannotated there).
- **people tagged BRAND**: of WNUT-17 dev's ``person`` entities, how many a predicted BRAND
  span overlaps (a model without a person class tends to call public figures brands).
- **SNIPS held-out** (every 10th line of ``../shared/data/snips2017/train.jsonl``, the lines
  the shipped model's recipe leaves out of training): timeRange -> TIME; city, state,
  country, geographic_poi, poi -> LOCATION; restaurant_name -> BRAND.

Scores are exact-match (SemEval-2013 strict) and overlap per type, as
``campaign-ner evaluate`` prints them.

    python bench/real_sets.py [--model DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"

WNUT_MAP = {"corporation": "BRAND", "product": "BRAND", "location": "LOCATION"}
SNIPS_MAP = {"timeRange": "TIME", "city": "LOCATION", "state": "LOCATION",
             "country": "LOCATION", "geographic_poi": "LOCATION", "poi": "LOCATION",
             "restaurant_name": "BRAND"}


def scores(model_dir: str, path: Path, label_map: dict[str, str]) -> dict:
    """``campaign-ner evaluate``'s scores (exact and overlap per type) of the model on
    ``path``; types the map never targets are not scored (unannotated there)."""
    from flows.retrain import score_model

    spec = ",".join(f"{k}={v}" for k, v in label_map.items())
    return score_model.fn(model_dir, [str(path)], spec)


def people_as_brands(predictor, path: Path) -> tuple[int, int]:
    """``(person entities a predicted BRAND overlaps, person entities)`` in ``path``."""
    from ner_model.text.spans import iob2_entities
    from ner_model.training.data import read_labeled

    sentences, _ = read_labeled(path, {"person": "PERSON"})
    pred = [t.tags for t in predictor.tag_tokens([s.model_tokens for s in sentences])]
    hit = total = 0
    for s, p in zip(sentences, pred, strict=True):
        brands = [(a, b) for lab, a, b in iob2_entities(p) if lab == "BRAND"]
        for lab, a, b in iob2_entities(s.tags):
            if lab == "PERSON":
                total += 1
                hit += any(x < b and a < y for x, y in brands)
    return hit, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None, help="model directory (default: the shipped one)")
    ap.add_argument("--json", type=Path, default=None, help="also write the scores here")
    args = ap.parse_args(argv)

    from ner_model.inference.predictor import Predictor
    from ner_model.storage.registry import resolve_model_dir
    from ner_model.training.metrics import format_schemes

    model_dir = str(resolve_model_dir(args.model))
    predictor = Predictor.load(model_dir)
    wnut = SHARED / "wnut17" / "dev.jsonl"
    out: dict = {"model_version": predictor.version}
    with tempfile.TemporaryDirectory() as tmp:
        held = Path(tmp) / "snips_heldout.jsonl"
        lines = (SHARED / "snips2017" / "train.jsonl").read_text(encoding="utf-8").splitlines()
        held.write_text("".join(x + "\n" for i, x in enumerate(lines, 1) if i % 10 == 0),
                        encoding="utf-8")
        for name, path, lmap in (("wnut17_dev", wnut, WNUT_MAP),
                                 ("snips_heldout", held, SNIPS_MAP)):
            out[name] = scores(model_dir, path, lmap)
            print(f"## {name}\n")
            print(format_schemes(out[name]))
    hit, total = people_as_brands(predictor, wnut)
    out["wnut17_dev_people_tagged_brand"] = {"people": total, "tagged_brand": hit}
    print(f"WNUT-17 dev: {hit} of {total} person entities overlapped by a predicted BRAND")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
