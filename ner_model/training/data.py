"""Labeled data: read Parquet or JSON Lines, validate, map labels, re-tokenize.

Two row formats are accepted:

* ``tokens: list<string>`` + ``tags: list<string>`` (IOB2), or
* ``text: string`` + ``entities: list<struct<start, end, label>>`` (character spans);
  a row with both uses these (the text says how it was written).

Every sentence is re-tokenized with our own tokenizer so that training sees exactly the
tokens extraction will see, with their glue (written attached to the previous token or
not; pre-tokenized rows are taken as space-separated between their tokens). Problems name
the file and row: structural errors raise :class:`LabeledDataError`; invalid IOB2 is
repaired the conlleval way and counted.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ner_model.text.spans import (
    CharEntity,
    char_entities_to_tags,
    iob2_entities,
    join_tokens,
    repair_iob2,
    tags_to_char_entities,
)
from ner_model.text.tokenizer import joins, mark_glued, token_spans


class LabeledDataError(ValueError):
    """Bad labeled data; the message names the file and row."""


@dataclass
class Sentence:
    """One labeled sentence in our tokenization.

    ``unannotated`` names entity types its corpus never labels: an ``O`` there may hide
    such an entity, so training treats those ``O`` tags as "O or that type" (partial
    annotation) instead of teaching the model that, say, every time in a corpus that
    never labels times is not a time.

    ``glue[k]`` says how token ``k`` is joined to the previous one
    (:func:`~ner_model.text.tokenizer.joins`): 1 written with no separator (``Vee`` in
    ``Hy-Vee``), 2 after an underscore (``US`` in ``Nike_US``), 0 otherwise; empty when
    unknown. :attr:`model_tokens` is what a tagger reads.
    """

    tokens: list[str]
    tags: list[str]
    unannotated: frozenset[str] = frozenset()
    glue: tuple[int, ...] = ()

    @property
    def model_tokens(self) -> list[str]:
        """Tokens marked by :func:`~ner_model.text.tokenizer.mark_glued`."""
        if not any(self.glue):
            return self.tokens
        return mark_glued(self.tokens, self.glue)


@dataclass
class DataReport:
    """What reading one labeled file found and fixed."""

    path: str
    rows: int = 0
    tokens: int = 0
    entities: Counter = field(default_factory=Counter)
    repaired_tags: int = 0  # invalid IOB2 tags repaired (stray I-X -> B-X)
    repaired_rows: list[int] = field(default_factory=list)  # first few rows repaired
    unmapped_entities: Counter = field(default_factory=Counter)  # labels mapped to O
    raw_labels: Counter = field(default_factory=Counter)  # entity labels before mapping

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "rows": self.rows,
            "tokens": self.tokens,
            "entities": dict(self.entities),
            "repaired_tags": self.repaired_tags,
            "repaired_rows": self.repaired_rows,
            "unmapped_entities": dict(self.unmapped_entities),
            "raw_labels": dict(self.raw_labels),
        }


def parse_label_map(spec: str | None) -> dict[str, str] | None:
    """Parse ``"corporation=BRAND,product=BRAND"``; None or empty means no mapping.

    Raises:
        ValueError: on a malformed pair.
    """
    if not spec:
        return None
    out: dict[str, str] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        src, eq, dst = part.partition("=")
        if not eq or not src.strip() or not dst.strip():
            raise ValueError(f"label map entry {part!r} is not of the form source=TARGET")
        if "-" in dst.strip() or " " in dst.strip():
            raise ValueError(f"label map target {dst.strip()!r} may not contain '-' or spaces")
        out[src.strip()] = dst.strip()
    return out


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    """Yield ``(row_number, row)``; row numbers are 1-based lines for JSONL, 0-based
    for Parquet."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        with path.open("rb") as f:
            for i, raw in enumerate(f, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise LabeledDataError(
                        f"{path} line {i}: not valid UTF-8 ({e.reason} at byte {e.start})"
                    ) from None
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise LabeledDataError(f"{path} line {i}: not valid JSON ({e.msg})") from None
                if not isinstance(row, dict):
                    raise LabeledDataError(f"{path} line {i}: expected a JSON object")
                yield i, row
    elif suffix == ".parquet" or path.is_dir():
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path) if path.is_file() else None
        except Exception as e:  # pyarrow raises several types for corrupt files
            raise LabeledDataError(f"{path}: not a readable Parquet file ({e})") from None
        table = pf.read() if pf else pq.read_table(path)
        for i, row in enumerate(table.to_pylist()):
            yield i, row
    else:
        raise LabeledDataError(f"{path}: unknown labeled-data format (use .jsonl or .parquet)")


def _row_sentence(path: Path, i: int,
                  row: dict) -> tuple[list[str], list[str]] | tuple[str, list[CharEntity]]:
    where = f"{path} row {i}"
    if "text" in row and "entities" in row:
        text, ents = row["text"], row["entities"] or []
        if not isinstance(text, str):
            raise LabeledDataError(f"{where}: text must be a string")
        out = []
        for e in ents:
            try:
                s, en, lab = int(e["start"]), int(e["end"]), str(e["label"])
            except (KeyError, TypeError, ValueError):
                raise LabeledDataError(
                    f"{where}: entity {e!r} needs start, end and label"
                ) from None
            if not 0 <= s < en <= len(text):
                raise LabeledDataError(
                    f"{where}: entity {s}:{en} ({lab}) runs outside the text (length {len(text)})"
                )
            out.append(CharEntity(s, en, lab))
        out.sort()
        for a, b in itertools.pairwise(out):
            if b.start < a.end:
                raise LabeledDataError(
                    f"{where}: entities {a.start}:{a.end} and {b.start}:{b.end} overlap"
                )
        return text, out
    if "tokens" in row and "tags" in row:
        tokens, tags = row["tokens"], row["tags"]
        if not isinstance(tokens, list) or not isinstance(tags, list):
            raise LabeledDataError(f"{where}: tokens and tags must be lists")
        if len(tokens) != len(tags):
            raise LabeledDataError(
                f"{where}: tokens and tags differ in length ({len(tokens)} vs {len(tags)})"
            )
        for t in tags:
            if not isinstance(t, str) or not (t == "O" or (t[:2] in ("B-", "I-") and len(t) > 2)):
                raise LabeledDataError(f"{where}: tag {t!r} is not IOB2 (O, B-X or I-X)")
        for t in tokens:
            if not isinstance(t, str) or not t or t != t.strip():
                raise LabeledDataError(f"{where}: token {t!r} is empty or has surrounding spaces")
        return tokens, tags
    raise LabeledDataError(
        f"{where}: needs tokens+tags or text+entities; found columns {sorted(row)}"
    )


def read_labeled(
    path: Path | str, label_map: Mapping[str, str] | None = None
) -> tuple[list[Sentence], DataReport]:
    """Read one labeled file into sentences in our tokenization.

    Args:
        path: a ``.jsonl`` or ``.parquet`` file.
        label_map: source label -> target label; labels not in the map become ``O``.
            None keeps every label.

    Returns:
        ``(sentences, report)``.
    """
    path = Path(path)
    if not path.exists():
        raise LabeledDataError(f"{path}: no such file")
    report = DataReport(str(path))
    sentences: list[Sentence] = []
    for i, row in _rows(path):
        parsed = _row_sentence(path, i, row)
        if isinstance(parsed[0], list):
            tokens, tags = parsed
            tags, n_fixed = repair_iob2(tags)
            if n_fixed:
                report.repaired_tags += n_fixed
                if len(report.repaired_rows) < 20:
                    report.repaired_rows.append(i)
            report.raw_labels.update(lab for lab, _, _ in iob2_entities(tags))
            if label_map is not None:
                tags = _map_tags(tags, label_map, report)
            # the words joined by spaces are re-tokenized like a text, so training sees the
            # tokens extraction will (a corpus that keeps "pre-show" whole would otherwise
            # teach tokens the model never meets); an entity over no token of ours is dropped
            text, word_spans = join_tokens(tokens)
            spans = token_spans(text)
            tags, _ = char_entities_to_tags(spans, tags_to_char_entities(word_spans, tags))
        else:
            text, ents = parsed
            report.raw_labels.update(e.label for e in ents)
            if label_map is not None:
                kept = []
                for e in ents:
                    if e.label in label_map:
                        kept.append(CharEntity(e.start, e.end, label_map[e.label]))
                    else:
                        report.unmapped_entities[e.label] += 1
                ents = kept
            spans = token_spans(text)
            tags, dropped = char_entities_to_tags(spans, ents)
            if dropped:
                raise LabeledDataError(
                    f"{path} row {i}: entity {dropped[0].start}:{dropped[0].end} covers no token"
                )
        tokens = [text[s:e] for s, e in spans]
        report.rows += 1
        report.tokens += len(tokens)
        for label, _, _ in iob2_entities(tags):
            report.entities[label] += 1
        sentences.append(Sentence(tokens, tags, glue=tuple(joins(text, spans))))
    return sentences, report


def _map_tags(tags: Sequence[str], label_map: Mapping[str, str], report: DataReport) -> list[str]:
    out = []
    for t in tags:
        if t == "O":
            out.append(t)
            continue
        label = t[2:]
        if label in label_map:
            out.append(f"{t[:2]}{label_map[label]}")
        else:
            if t.startswith("B-"):
                report.unmapped_entities[label] += 1
            out.append("O")
    return out


def read_many(
    paths: Sequence[Path | str],
    label_map: Mapping[str, str] | None = None,
    role: str = "training",
    partial: bool = False,
) -> tuple[list[Sentence], list[DataReport]]:
    """Read and concatenate several labeled files.

    With ``partial``, an entity type that occurs in some files but never in another is
    recorded as *unannotated* on that file's sentences (see :class:`Sentence`), so mixing
    corpora with different label sets does not teach contradictions.

    Raises:
        LabeledDataError: when the result is empty, or (``role`` training or evaluation)
            a label-map source label occurs in none of the files (a typo would otherwise
            silently drop a whole entity type).
    """
    per_file: list[list[Sentence]] = []
    reports = []
    for p in paths:
        s, r = read_labeled(p, label_map)
        per_file.append(s)
        reports.append(r)
    all_types = {t for r in reports for t in r.entities}
    sentences: list[Sentence] = []
    for sents, r in zip(per_file, reports, strict=True):
        missing = frozenset(all_types - set(r.entities)) if partial else frozenset()
        for sent in sents:
            sent.unannotated = missing
        sentences.extend(sents)
    if not sentences:
        raise LabeledDataError(f"{role} set is empty ({', '.join(map(str, paths))})")
    if label_map is not None and role in ("training", "evaluation"):
        # One map serves train, dev and test files, so only the training files (or all the
        # files one evaluation scores) must contain every source label; an identity entry
        # (BRAND=BRAND) changes nothing and may name a label these files lack.
        raw = {lab for r in reports for lab in r.raw_labels}
        unknown = [k for k, v in label_map.items() if k not in raw and k != v]
        if unknown:
            raise LabeledDataError(
                f"label map names labels found in no {role} file: {unknown} "
                f"(labels present: {sorted(raw)})"
            )
    return sentences, reports
