"""``campaign-ner tag``: try the extractor on a few texts, in one line.

``campaign-ner tag "COKE | Summer Refresh | London | Jun25" --date 2025-06-10`` prints each
entity with its label, span, confidence and normalized value: an aligned table for people,
or (``--json``) one JSON object per entity for scripts, with ``row``, the 0-based index of
its input text. Without TEXT it reads stdin, one text per line, in chunks (bounded memory,
printed as it goes).

Library only: the model and the normalizer are called directly (no Prefect flow, no
server), so the command starts in about a second. Errors the user can fix raise
``ValueError`` subclasses, which ``flows.cli.main`` prints as one line (exit status 2).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TextIO

# stdin is tagged this many lines at a time (one at a time from a terminal)
CHUNK_LINES = 1000
# the entity's own fields, before the normalized ones (ner_model.normalize.entities.FIELDS)
ENTITY_FIELDS = ("label", "start_char", "end_char", "text", "confidence")
_HEADER = ("row", "label", "text", "span", "conf", "value")
_MAX_COUNTRIES_SHOWN = 8


class TagError(ValueError):
    """A ``tag`` option the user can fix (one line)."""


def add_tag_parser(sub: argparse._SubParsersAction) -> None:
    """``tag``: the subparser (every default is written in its help)."""
    # here: flows.cli imports this module to register it
    from flows.cli import MODEL_HELP, add_normalize_options

    p = sub.add_parser(
        "tag",
        help="tag texts given on the command line (or stdin lines) and print their entities",
        description=(
            "Find the BRAND, TIME and LOCATION entities of each TEXT (none given: of each line "
            "of stdin) and print them with their span, confidence and normalized value: TIME "
            "as an interval read against --date, BRAND as a brand id, LOCATION as country, "
            "subdivision, GeoNames or market codes. Rows are numbered from 0 in input order; "
            "an empty line keeps its row number and has no entities. Uses the model directly "
            "(no Prefect flow, no server)."
        ),
    )
    a = p.add_argument
    a("text", nargs="*", metavar="TEXT",
      help="texts to tag (default: none given, read stdin, one text per line)")
    a("--date", default=None, metavar="YYYY-MM-DD",
      help="reference date relative times are read against (this Friday, Jun25, Q1) "
           "(default: today, local time)")
    a("--json", action="store_true",
      help="print one JSON object per entity (JSON Lines: row, label, start_char, end_char, "
           "text, confidence and the normalized fields, null where not applicable) instead "
           "of a table (default: a table)")
    a("--model", default=None, help=MODEL_HELP)
    add_normalize_options(p)


def reference_date(value: str | None) -> date:
    """``--date``: a ``YYYY-MM-DD`` date, or today (local) when None.

    Raises:
        TagError: not such a date.
    """
    if value is None:
        return date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise TagError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None


def _stdin_chunks(stream: TextIO, size: int) -> Iterator[list[str]]:
    """The lines of ``stream`` without their line ends, ``size`` at a time."""
    lines = (line.rstrip("\n").removesuffix("\r") for line in stream)
    try:
        while chunk := list(itertools.islice(lines, size)):
            yield chunk
    except UnicodeDecodeError as e:
        raise TagError(f"stdin is not UTF-8 text ({e.reason})") from None


def entity_rows(predictor, normalizer, texts: Sequence[str], first_row: int,
                reference: date) -> list[tuple[int, list[dict]]]:
    """Tag ``texts`` (one batch) and normalize their entities.

    Returns:
        per text ``(row, [entity dict])``, rows counted from ``first_row``; each dict holds
        ``ENTITY_FIELDS`` then ``ner_model.normalize.entities.FIELDS`` (JSON-ready).
    """
    out = []
    for i, annotation in enumerate(predictor.annotate(texts)):
        ents = annotation.entities
        values = normalizer.normalize([e.label for e in ents], [e.text for e in ents], reference)
        rows = []
        for e, v in zip(ents, values, strict=True):
            rows.append({"label": e.label, "start_char": e.start, "end_char": e.end,
                         "text": e.text, "confidence": float(e.confidence), **v.to_json()})
        out.append((first_row + i, rows))
    return out


def _when(iso: str) -> str:
    """``2025-06-01T00:00`` -> ``2025-06-01``; ``2025-06-13T19:30`` -> ``2025-06-13 19:30``."""
    day, clock = iso.split("T")
    return day if clock == "00:00" else f"{day} {clock}"


def value_text(ent: dict) -> str:
    """The normalized value of an entity dict in a compact human form."""
    status, label = ent["norm_status"], ent["label"]
    if label == "TIME" and status == "ok":
        s = f"{_when(ent['value_start'])}..{_when(ent['value_end'])} {ent['grain']}"
        return f"{s} {ent['tz']}" if ent["tz"] else s
    if label == "BRAND" and ent["brand_id"]:
        if status != "linked":
            return f"{status}: {ent['brand_id']}"
        parent = ent["parent_brand_id"]
        name = f"{ent['brand_name']}; parent {parent}" if parent else ent["brand_name"]
        return f"{ent['brand_id']} ({name})"
    if label == "LOCATION":
        if ent["market"]:
            countries = ent["market_countries"]
            if not countries:
                return ent["market"]
            shown = " ".join(countries[:_MAX_COUNTRIES_SHOWN])
            more = len(countries) - _MAX_COUNTRIES_SHOWN
            return f"{ent['market']}: {shown}" + (f" ... ({len(countries)})" if more > 0 else "")
        codes = [str(ent[k]) for k in ("country_code", "subdivision_code", "geonames_id")
                 if ent[k] is not None]
        if codes:
            return " ".join(codes) if status == "linked" else f"{status}: {' '.join(codes)}"
    return status


def _show(s: str) -> str:
    """Text for one table cell: control characters (tabs, newlines) as spaces."""
    return "".join(" " if ch < " " or ch == "\x7f" else ch for ch in s)


class _Table:
    """Aligned table lines; columns only ever widen, so a stream stays readable."""

    def __init__(self) -> None:
        self.widths = [len(h) for h in _HEADER]
        self.started = False

    def lines(self, rows: list[tuple[int, list[dict]]]) -> list[str]:
        cells: list[tuple[str, ...] | tuple[str, str]] = []
        for row, ents in rows:
            if not ents:
                cells.append((str(row), "(no entities)"))
            for e in ents:
                cells.append((str(row), e["label"], _show(e["text"]),
                              f"{e['start_char']}:{e['end_char']}", f"{e['confidence']:.3f}",
                              _show(value_text(e))))
        for c in cells:
            if len(c) == len(_HEADER):
                self.widths = [max(w, len(x)) for w, x in zip(self.widths, c, strict=True)]
        out = []
        if not self.started:
            self.started = True
            out.append(self._line(_HEADER))
        out.extend(self._line(c) for c in cells)
        return out

    def _line(self, cells: Sequence[str]) -> str:
        w = self.widths
        parts = [cells[0].rjust(w[0])]
        if len(cells) == 2:
            parts.append(cells[1])
        else:
            parts += [cells[1].ljust(w[1]), cells[2].ljust(w[2]), cells[3].rjust(w[3]),
                      cells[4].rjust(w[4]), cells[5]]
        return "  ".join(parts).rstrip()


def tag_texts(chunks: Iterable[Sequence[str]], predictor, normalizer, reference: date,
              as_json: bool, out: TextIO) -> int:
    """Tag each chunk of texts and write its entities to ``out`` (flushed per chunk).

    Returns:
        the number of texts.
    """
    table = _Table()
    n = 0
    for chunk in chunks:
        rows = entity_rows(predictor, normalizer, chunk, n, reference)
        n += len(chunk)
        if as_json:
            lines = [json.dumps({"row": row, **e}, ensure_ascii=False)
                     for row, ents in rows for e in ents]
        else:
            lines = table.lines(rows)
        if lines:
            out.write("\n".join(lines) + "\n")
            out.flush()
    return n


def tag_command(args: argparse.Namespace) -> int:
    """Run ``campaign-ner tag``: 0 done (141 when stdout was closed early, as by ``head``).

    Raises:
        TagError: a bad ``--date``.
        BrandTableError: an unreadable ``--brands`` CSV.
        ModelLoadError: a model that does not load.
    """
    from ner_model.inference.predictor import Predictor
    from ner_model.normalize.entities import Normalizer

    reference = reference_date(args.date)  # the cheap checks first
    normalizer = Normalizer.load(brands=args.brands, day_first=args.day_first)
    predictor = Predictor.load(args.model)
    if args.text:
        chunks: Iterable[Sequence[str]] = [args.text]
    else:
        interactive = sys.stdin.isatty()
        if interactive:
            print("reading texts from stdin, one per line (Ctrl-D ends)", file=sys.stderr)
        chunks = _stdin_chunks(sys.stdin, 1 if interactive else CHUNK_LINES)
    try:
        tag_texts(chunks, predictor, normalizer, reference, args.json, sys.stdout)
    except BrokenPipeError:
        # the reader went away (| head): no traceback, and no second error when Python
        # flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return 0


__all__ = ["CHUNK_LINES", "ENTITY_FIELDS", "TagError", "add_tag_parser", "entity_rows",
           "reference_date", "tag_command", "tag_texts", "value_text"]
