"""One partition read, tagged and written: ``campaigns`` (one row per input row) and ``entities``.

Statuses of ``campaigns`` rows (one row per input row, first match wins):

* ``error``: the text could not be tagged (binary text that is not UTF-8, or the model
  failed on it); entity lists and ``n_tokens`` are null, the row is still there;
* ``empty``: null text, or text with no tokens (empty, whitespace or control characters);
* ``null_id``: the campaign id is null (the row is still tagged);
* ``duplicate_id``: the id was already seen earlier in the same partition (files in name
  order, rows in file order); the row is still tagged and its entities written, so
  ``(dt, campaign_id)`` is not a key for such ids — ``(dt, source_file, source_row)`` is;
* ``too_long_split``: the text was longer than the model's window and was tagged in
  overlapping windows (entities are complete, the status is informational);
* ``ok``.

Entity offsets are Python ``str`` indices (Unicode code points) into the source text:
``entities.text == source_text[start_char:end_char]`` always.

Besides the entity lists, a ``campaigns`` row carries the input's ``source`` (platform)
column, and the row's ``theme`` (:func:`ner_model.stitch.theme.theme_words` of its text
without its BRAND and LOCATION spans, its TIME spans kept only for the shopping events they
name: ``[]`` for an empty row, null for an error row).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from flows.batch import reading
from flows.batch.errors import ExtractInputError
from flows.batch.logs import run_logger
from flows.batch.predictors import get_predictor, tagger_for
from flows.batch.tables import CAMPAIGNS, ENTITIES, PartitionWriter, atomic_writers
from ner_model.inference.predictor import AnnotationArrays
from ner_model.normalize.entities import FIELDS, Normalizer
from ner_model.stitch.theme import CUT_LABELS, TIME_LABELS, theme_words

STATUSES = ("ok", "empty", "too_long_split", "duplicate_id", "null_id", "error")
# Model label -> campaigns list column; other labels only appear in ``entities``.
LIST_COLUMNS = {"BRAND": "brands", "TIME": "times", "LOCATION": "locations"}
PROGRESS_ROWS = 50_000  # log progress at least every this many rows ...
PROGRESS_SECONDS = 15.0  # ... or this many seconds
MAX_ERRORS_LOGGED = 5  # per partition; every error row is in the campaigns table anyway


@dataclass
class _Tally:
    """Running counts of one partition, and the ids seen so far (for ``duplicate_id``)."""

    statuses: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    n_tokens: int = 0
    rows: int = 0
    seen: set = field(default_factory=set)
    errors_logged: int = 0


def _todo(texts: list[str | None], bad: dict[int, str]) -> list[int]:
    """Rows of a record batch that go to the tagger."""
    return [i for i, t in enumerate(texts) if t is not None and i not in bad]


def _status(cid: str | None, n_windows: int, tally: _Tally) -> str:
    """Status of a tagged row with tokens (see the module docstring)."""
    if cid is None:
        return "null_id"
    if cid in tally.seen:
        return "duplicate_id"
    return "too_long_split" if n_windows > 1 else "ok"


def _entity_columns(
    ids: list[str | None], texts: list[str | None], todo: list[int], found: AnnotationArrays,
    first_row: int,
) -> dict[str, list]:
    """The entity columns of one record batch (without the per-run constant columns)."""
    ent_row = [todo[r] for r in found.row.tolist()]  # batch row of each entity
    starts, ends = found.start.tolist(), found.end.tolist()
    # rows whose tagging failed come back without entities, so every text here is a str
    spans = zip(ent_row, starts, ends, strict=True)
    surfaces = [texts[i][a:b] for i, a, b in spans]  # type: ignore[index]
    return {
        "campaign_id": [ids[i] for i in ent_row],
        "label": [found.labels[k] for k in found.label.tolist()],
        "text": surfaces, "start_char": starts, "end_char": ends,
        "confidence": found.confidence.tolist(), "source_row": [first_row + i for i in ent_row],
    }


def tag_batch(
    ids: list[str | None],
    texts: list[str | None],
    bad: dict[int, str],
    todo: list[int],
    found: AnnotationArrays,
    failed: dict[int, str],
    first_row: int,
    tally: _Tally,
    where: str,
) -> tuple[dict[str, list], dict[str, list]]:
    """Columns of one record batch: ``(entity columns, campaign columns)`` without the
    per-run constant columns. Every input row yields exactly one campaign row.

    ``found`` annotates the rows ``todo`` (in that order); ``failed`` maps an index into
    ``todo`` to the reason its tagging failed."""
    for k, reason in failed.items():
        bad[todo[k]] = f"tagging failed ({reason})"
    n_tokens: list[int | None] = [None] * len(texts)
    n_windows = [0] * len(texts)
    for i, nt, nw in zip(todo, found.n_tokens.tolist(), found.n_windows.tolist(), strict=True):
        n_tokens[i], n_windows[i] = nt, nw
    ents = _entity_columns(ids, texts, todo, found, first_row)
    per_row: dict[int, list[int]] = {}
    for k, r in enumerate(ents["source_row"]):
        per_row.setdefault(r - first_row, []).append(k)
    tally.labels.update(ents["label"])
    camps: dict[str, list] = {k: [] for k in ("campaign_id", *LIST_COLUMNS.values(), "n_tokens",
                                              "status", "source_row", "theme")}
    for i, cid in enumerate(ids):
        n_tok = n_tokens[i]
        lists: dict[str, list[str] | None] = {c: [] for c in LIST_COLUMNS.values()}
        theme: list[str] | None = []
        if i in bad:
            status, n_tok, theme = "error", None, None
            lists = dict.fromkeys(LIST_COLUMNS.values())
            if tally.errors_logged < MAX_ERRORS_LOGGED:
                run_logger().warning(f"{where} row {first_row + i}: {bad[i]}; status error")
                tally.errors_logged += 1
        elif not n_tok:
            status, n_tok = "empty", 0
        else:
            status = _status(cid, n_windows[i], tally)
            cut, times = [], []
            for k in per_row.get(i, ()):
                label = ents["label"][k]
                col = LIST_COLUMNS.get(label)
                if col is not None and ents["text"][k] not in lists[col]:
                    lists[col].append(ents["text"][k])  # type: ignore[union-attr]
                if label in CUT_LABELS:
                    cut.append((ents["start_char"][k], ents["end_char"][k]))
                elif label in TIME_LABELS:
                    times.append((ents["start_char"][k], ents["end_char"][k]))
            theme = theme_words(texts[i], cut, times)  # type: ignore[arg-type]
            tally.n_tokens += n_tok
        if cid is not None:
            tally.seen.add(cid)
        tally.statuses[status] += 1
        for c, v in (("campaign_id", cid), *lists.items(), ("n_tokens", n_tok),
                     ("status", status), ("source_row", first_row + i), ("theme", theme)):
            camps[c].append(v)
    tally.rows += len(ids)
    return ents, camps


def _normalized_columns(
    ents: dict[str, list], camps: dict[str, list], first_row: int, refs: list[date | None],
    normalizer: Normalizer | None,
) -> tuple[dict[str, list], dict[str, list]]:
    """The normalized-value columns of one record batch: ``(entity columns, campaign
    columns)`` (all null when ``normalizer`` is None). ``refs``: each row's reference date."""
    n_e, n_rows = len(ents["label"]), len(camps["status"])
    ecols: dict[str, list] = {f: [None] * n_e for f in FIELDS}
    ccols: dict[str, list] = {c: [None] * n_rows for c in
                              ("brand_ids", "country_codes", "markets", "period_start",
                               "period_end")}
    if normalizer is None:
        return ecols, ccols
    rows = [r - first_row for r in ents["source_row"]]
    k = 0
    for i in range(n_rows):
        if camps["status"][i] == "error":
            continue
        j = k
        while j < n_e and rows[j] == i:
            j += 1
        values = normalizer.normalize(ents["label"][k:j], ents["text"][k:j], refs[i])
        for e, v in enumerate(values, start=k):
            for f in FIELDS:
                ecols[f][e] = getattr(v, f)
        brands = [v.brand_id for v in values if v.brand_id]  # linked or unlinked
        countries = [c for v in values for c in ((v.country_code,) if v.country_code
                                                 else v.market_countries or ())]
        ccols["brand_ids"][i] = list(dict.fromkeys(brands))
        ccols["country_codes"][i] = list(dict.fromkeys(countries))
        ccols["markets"][i] = list(dict.fromkeys(v.market for v in values if v.market))
        times = [v for v in values if v.value_start is not None]
        if times:
            ccols["period_start"][i] = min(v.value_start for v in times)
            ccols["period_end"][i] = max(v.value_end for v in times)
        k = j
    return ecols, ccols


class _Pending(NamedTuple):
    """A record batch handed to the tagger, waiting for its annotations."""

    ids: list[str | None]
    texts: list[str | None]
    bad: dict[int, str]
    todo: list[int]
    first_row: int
    future: Future
    refs: list[date | None]  # each row's reference date for its TIME values
    sources: list[str | None]  # each row's source (platform), null without a source column


@dataclass
class _Sink:
    """Where the tagged rows of one partition go, with the columns all its rows share."""

    writers: dict[str, PartitionWriter]
    version: str
    run_id: str
    started_at: datetime
    tally: _Tally
    normalizer: Normalizer | None = None

    def write(self, item: _Pending, source_file: str, where: str) -> None:
        """Wait for ``item``'s annotations and append its entity and campaign rows."""
        found, failed = item.future.result()
        ents, camps = tag_batch(item.ids, item.texts, item.bad, item.todo, found, failed,
                                item.first_row, self.tally, where)
        norm_e, norm_c = _normalized_columns(ents, camps, item.first_row, item.refs,
                                             self.normalizer)
        n_e, n_c = len(ents["label"]), len(camps["status"])
        self.writers[ENTITIES].append(
            **ents, **norm_e, model_version=[self.version] * n_e, run_id=[self.run_id] * n_e,
            extracted_at=[self.started_at] * n_e, source_file=[source_file] * n_e,
        )
        self.writers[CAMPAIGNS].append(
            **camps, **norm_c, model_version=[self.version] * n_c, run_id=[self.run_id] * n_c,
            source_file=[source_file] * n_c, source=item.sources,
        )


class _ProgressLog:
    """Logs a partition's progress every ``PROGRESS_ROWS`` rows or ``PROGRESS_SECONDS``."""

    def __init__(self, dt: str, rows_total: int, t0: float) -> None:
        self.dt, self.rows_total, self.t0 = dt, rows_total, t0
        self.last_rows, self.last_t = 0, t0

    def update(self, tally: _Tally) -> None:
        now = time.perf_counter()
        if tally.rows - self.last_rows < PROGRESS_ROWS and now - self.last_t < PROGRESS_SECONDS:
            return
        pct = 100.0 * tally.rows / self.rows_total if self.rows_total else 100.0
        run_logger().info(
            f"dt={self.dt}: {tally.rows:,}/{self.rows_total:,} rows ({pct:.0f}%), "
            f"{sum(tally.labels.values()):,} entities, "
            f"{tally.n_tokens / max(now - self.t0, 1e-9):,.0f} tokens/s"
        )
        self.last_rows, self.last_t = tally.rows, now


def _count_rows(paths: list[Path], id_column: str, text_column: str,
                reference_column: str | None, source_column: str | None) -> int:
    """Rows of every file, checking each footer and its columns before anything is written."""
    total = 0
    for p in paths:
        pf = reading.check_file(p, id_column, text_column, reference_column, source_column)
        total += pf.metadata.num_rows
        pf.close()
    return total


def _tag_file(
    path: Path, dt: str, id_column: str, text_column: str, tagger, sink: _Sink,
    progress: _ProgressLog, reference_column: str | None = None,
    source_column: str | None = None,
) -> None:
    """Stream one file through the tagger into ``sink``, reading and converting the next
    record batches while the workers tag earlier ones; checks the rows read.
    ``source_column``: given explicitly (checked), else ``source`` where the file has it."""
    pf = reading.check_file(path, id_column, text_column, reference_column, source_column)
    expected_rows, offset = pf.metadata.num_rows, 0
    where = f"dt={dt}: {path}"
    source = reading.source_column(pf.schema_arrow, source_column)
    default = reading.DEFAULT_SOURCE_COLUMN
    if source is None and default in pf.schema_arrow.names:
        run_logger().warning(
            f"{where}: column {default!r} has type {pf.schema_arrow.field(default).type}, not "
            "strings: its rows' source is null (choose a column with --source-column)")
    columns = list(dict.fromkeys(
        [c for c in (id_column, text_column, reference_column, source) if c]))
    partition_date = date.fromisoformat(dt)
    pending: deque[_Pending] = deque()
    try:
        for batch in reading.read_batches(pf, path, columns, reading.batch_rows(pf, text_column)):
            texts, bad = reading.texts(batch.column(text_column))
            todo = _todo(texts, bad)
            fut = tagger.submit([texts[i] for i in todo])
            refs = (reading.references(batch.column(reference_column)) if reference_column
                    else [partition_date] * batch.num_rows)
            sources = (reading.sources(batch.column(source)) if source
                       else [None] * batch.num_rows)
            pending.append(_Pending(reading.ids(batch.column(id_column)), texts, bad, todo,
                                    offset, fut, refs, sources))
            offset += batch.num_rows
            if len(pending) > tagger.window:
                sink.write(pending.popleft(), path.name, where)
            progress.update(sink.tally)
        while pending:
            sink.write(pending.popleft(), path.name, where)
    finally:
        for item in pending:
            item.future.cancel()
        pf.close()
    if offset != expected_rows:
        raise ExtractInputError(f"{path}: read {offset} rows but its footer says {expected_rows}")


def _stats(dt: str, version: str, tally: _Tally, rows_out: int, seconds: float) -> dict:
    """The stats dict of a finished partition (the ledger's counts, see ``RUNS_SCHEMA``)."""
    labels = tally.labels
    stats = {
        "dt": dt,
        "model_version": version,
        "rows_in": tally.rows,
        "rows_out": rows_out,
        "n_tokens": tally.n_tokens,
        "n_entities": sum(labels.values()),
        "n_brand": labels["BRAND"],
        "n_time": labels["TIME"],
        "n_location": labels["LOCATION"],
        "seconds": seconds,
        "tokens_per_second": tally.n_tokens / seconds if seconds > 0 else 0.0,
    }
    stats.update({f"n_{s}": tally.statuses[s] for s in STATUSES})
    return stats


def process_partition(
    dt: str,
    files: list[str],
    output: str,
    model: str | None,
    id_column: str = "campaign_id",
    text_column: str = "text",
    run_id: str = "local",
    started_at: datetime | None = None,
    jobs: int | None = None,
    reference_column: str | None = None,
    normalizer: Normalizer | None = None,
    source_column: str | None = None,
) -> dict:
    """Tag every row of one partition and publish its entities and campaigns files.

    Plain function (no Prefect needed): reads each file in record batches, annotates each
    batch, streams rows into temp files and publishes them atomically at the end. Nothing is
    published when anything fails. ``jobs``: tagging processes (None: one per CPU core for
    partitions of at least ``PARALLEL_MIN_ROWS`` rows, else this process; 1: this process).
    ``normalizer`` (None: off) gives every entity its normalized value, TIMEs read against
    the partition date or the row's ``reference_column``. ``source_column``: the column
    every file must have that gives each row its ``source`` (None: ``source`` where a file
    has it, else null).

    Returns:
        Small stats dict: row counts, status counts, entity counts per label, tokens, seconds.

    Raises:
        ExtractInputError: a file is unreadable, lacks a column or has the wrong types.
    """
    t0 = time.perf_counter()
    started_at = started_at or datetime.now(timezone.utc)
    predictor = get_predictor(model)
    paths = [Path(f) for f in files]
    rows_total = _count_rows(paths, id_column, text_column, reference_column, source_column)
    tagger = tagger_for(predictor, model, rows_total, jobs)
    progress = _ProgressLog(dt, rows_total, t0)
    with atomic_writers(Path(output), dt, [ENTITIES, CAMPAIGNS]) as w:
        sink = _Sink(w, predictor.version, run_id, started_at, _Tally(), normalizer)
        for p in paths:
            _tag_file(p, dt, id_column, text_column, tagger, sink, progress, reference_column,
                      source_column)
        rows_out = w[CAMPAIGNS].rows_appended
        if rows_out != sink.tally.rows:  # the invariant, checked before anything is published
            raise RuntimeError(f"dt={dt}: {sink.tally.rows} rows read but {rows_out} written")
    return _stats(dt, predictor.version, sink.tally, rows_out, time.perf_counter() - t0)

