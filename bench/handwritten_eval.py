"""Exact-match and overlap scores of a model on the hand-written campaign texts, dev and test.

``tests/data/handwritten_campaigns.txt`` holds campaign texts written by hand to
docs/annotation.md (real brands, places and times; none generated), one a line, marked
``[surface](B|T|L)``. They were split once into two halves, written to
``tests/data/handwritten_split.json`` as ``{"dev": [...], "test": [...]}`` (1-based line
numbers; every line in exactly one half):

- **dev** is for choices (recipes, data, thresholds, error analysis);
- **test** is only reported: never choose anything by its score, never look through its
  errors to decide what to change.

The split is stratified by format (:func:`text_format`: campaign name, push/SMS, social
post, voice query, ALL CAPS, lower case, headline or subject): within each format the lines
are ordered by the SHA-256 of their text and dealt alternately to dev and test, so it is
deterministic and does not depend on line order. ``--write-split`` wrote it and refuses to
overwrite it; lines appended later are in neither half until a new split is made on purpose.

Scores are SemEval-2013 ``strict`` (exact match) and ``type`` (overlap), per type and
overall, as nervaluate computes them
(:func:`ner_model.training.metrics.evaluate_schemes`), then the most frequent boundary
errors (too long / too short / shifted) of each half.

    python bench/handwritten_eval.py [--model DIR] [--top 10] [--json OUT] [--halves dev]
    python bench/handwritten_eval.py --write-split   # once; refuses if the split exists
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
SPLIT = DATA / "handwritten_split.json"
_VOICE = re.compile(r"^(when|what|what's|how|is|are|does|do|where|find|book|remind|set|call|"
                    r"order|cheapest|play)\b")
_SMS = re.compile(r"\b(STOP|Reply|Txt|HELP|Alert)\b|^[^:]{2,40}: [Yy]our |^Your |^Hi |^Hey ")
_SOCIAL = re.compile(r"[#@]|\b(lol|lmao|pov|ootd)\b|[\U0001F300-\U0001FAFF]", re.IGNORECASE)


@functools.cache
def _markup():
    """tests/test_default_model.py, whose ``handwritten()`` and ``_MARK`` read the markup:
    one parser for the test and here."""
    spec = importlib.util.spec_from_file_location(
        "_hw_test", ROOT / "tests" / "test_default_model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def text_format(line: str) -> str:
    """The format stratum of a marked-up line (a heuristic; only the split uses it)."""
    text = _markup()._MARK.sub(lambda m: m.group(1), line)
    if ("_" in text or " | " in text or text.count(" - ") >= 2
            or re.fullmatch(r"[\w.+']+(-[\w.+']+){2,}", text)):
        return "campaign_name"
    if _VOICE.match(text):
        return "voice_query"
    if _SMS.search(text):
        return "push_sms"
    if _SOCIAL.search(text):
        return "social"
    letters = [c for c in text if c.isalpha()]
    if letters and text == text.upper():
        return "all_caps"
    if letters and text == text.lower():
        return "lower_case"
    return "headline_subject"


def make_split(lines: list[str]) -> dict[str, list[int]]:
    """Stratified by :func:`text_format`, deterministic: within each format, lines sorted by
    the SHA-256 of their text, dealt alternately (first to dev)."""
    strata: dict[str, list[int]] = {}
    for i, line in enumerate(lines, 1):
        strata.setdefault(text_format(line), []).append(i)
    dev: list[int] = []
    test: list[int] = []
    turn = 0  # carried across strata so odd strata do not all favour dev
    for fmt in sorted(strata):
        ordered = sorted(strata[fmt],
                         key=lambda i: hashlib.sha256(lines[i - 1].encode()).hexdigest())
        for i in ordered:
            (dev if turn % 2 == 0 else test).append(i)
            turn += 1
    return {"dev": sorted(dev), "test": sorted(test)}


def score(predictor, rows, top: int) -> dict:
    from ner_model.text.spans import char_entities_to_tags
    from ner_model.text.tokenizer import marked_tokens, token_spans
    from ner_model.training.metrics import evaluate_schemes

    gold, tokens, words = [], [], []
    for text, ents in rows:
        spans = token_spans(text)
        tags, dropped = char_entities_to_tags(spans, ents)
        if dropped:
            raise ValueError(f"span not on token boundaries in {text!r}: {dropped}")
        gold.append(tags)
        tokens.append(marked_tokens(text, spans))
        words.append([text[a:b] for a, b in spans])
    pred = [t.tags for t in predictor.tag_tokens(tokens)]
    return evaluate_schemes(gold, pred, tokens=words, top=top).to_json()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None, help="model directory (default: the shipped one)")
    ap.add_argument("--top", type=int, default=10, help="boundary errors listed per kind")
    ap.add_argument("--json", type=Path, default=None, help="also write the scores here")
    ap.add_argument("--halves", nargs="+", choices=("dev", "test"), default=["dev", "test"],
                    help="the halves to score (while choosing, score dev only)")
    ap.add_argument("--write-split", action="store_true",
                    help=f"write {SPLIT.name} (once; refuses to overwrite)")
    args = ap.parse_args(argv)

    lines = (DATA / "handwritten_campaigns.txt").read_text(encoding="utf-8").splitlines()
    if args.write_split:
        if SPLIT.exists():
            print(f"{SPLIT} exists: the split is made once", file=sys.stderr)
            return 1
        split = make_split(lines)
        SPLIT.write_text(json.dumps(split) + "\n", encoding="utf-8")
        fmts = Counter(text_format(line) for line in lines)
        print(f"dev {len(split['dev'])}, test {len(split['test'])}; formats {dict(fmts)}")
        return 0

    from ner_model.inference.predictor import Predictor
    from ner_model.training.metrics import format_schemes

    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    rows = _markup().handwritten()
    predictor = Predictor.load(args.model)
    out = {"model_version": predictor.version if hasattr(predictor, "version") else None}
    for half in args.halves:
        picked = [rows[i - 1] for i in split[half]]
        res = score(predictor, picked, args.top)
        out[half] = res
        n = sum(len(e) for _, e in picked)
        print(f"## {half}: {len(picked)} texts, {n} gold entities\n")
        print(format_schemes(res))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
