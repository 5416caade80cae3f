"""Parquet at the edges: the output tables' declared schemas, atomic partition writers, readers.

Output layout (hive partitioned, one file per partition)::

    OUTPUT/entities/dt=YYYY-MM-DD/part-0.parquet
    OUTPUT/campaigns/dt=YYYY-MM-DD/part-0.parquet
    OUTPUT/runs/dt=YYYY-MM-DD/part-0.parquet

``dt`` is **not stored inside the files**: it lives only in the directory name. Storing it
in the file as well makes pyarrow and pandas fail to read the table ("Unable to merge: Field
dt has incompatible types"), while leaving it out lets every reader get it from the path:

* DuckDB: ``read_parquet('OUTPUT/entities/*/*.parquet', hive_partitioning = true)`` gives
  ``dt DATE`` (``flows.query`` makes the views this way);
* pyarrow: ``pyarrow.dataset.dataset(OUTPUT/'entities', partitioning='hive')`` gives a string,
  :func:`read_table` gives ``date32``;
* pandas: ``pandas.read_parquet(OUTPUT/'entities')`` gives a categorical of ``YYYY-MM-DD``
  strings.

Atomic replacement: every partition file is written through
:func:`ner_model.storage.atomic.atomic_file`, to a hidden temp file beside it
(``dt=D/.part-0.parquet.<hex>.tmp``, a name that neither DuckDB's ``*.parquet`` glob nor
pyarrow's dataset discovery, which skips ``.``/``_`` prefixes, ever reads), fsynced, then
renamed over ``part-0.parquet``. A reader sees the old file or the new one, never half of
one; a crash leaves the previous partition as it was (and a stale temp file that the next
write of that partition removes).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from ner_model.storage.atomic import atomic_file

ENTITIES, CAMPAIGNS, RUNS = "entities", "campaigns", "runs"
TABLES = (ENTITIES, CAMPAIGNS, RUNS)
PART_FILE = "part-0.parquet"
# Test hook: when set to a path, the writer creates that file and sleeps after the first
# row group of a partition has reached the temp file (lets a test SIGKILL it mid-write).
PAUSE_ENV = "CAMPAIGN_NER_TEST_PAUSE_IN_WRITER"

# Bumped when what the tables hold for the same input, model and normalization changes (a
# column added or its meaning changed): the ledger then re-processes partitions made before.
# Ledger rows without it were written by the first version.
OUTPUT_VERSION = "tables-v3"

_UTC_US = pa.timestamp("us", tz="UTC")
_LOCAL_MIN = pa.timestamp("s")  # naive local time (normalized TIME values)

# The partition column readers add from the path (never stored in the files).
DT_FIELD = pa.field("dt", pa.date32())

# One row per entity. Offsets are Python ``str`` indices (Unicode code points, not bytes or
# UTF-16 units) into the source text, end exclusive: ``text == source_text[start_char:end_char]``.
ENTITIES_SCHEMA = pa.schema(
    [
        pa.field("campaign_id", pa.string()),  # null when the input id was null
        pa.field("label", pa.string(), nullable=False),  # model label, e.g. BRAND
        pa.field("text", pa.string(), nullable=False),  # source_text[start_char:end_char]
        pa.field("start_char", pa.int32(), nullable=False),
        pa.field("end_char", pa.int32(), nullable=False),
        pa.field("confidence", pa.float32(), nullable=False),  # mean tag probability
        pa.field("model_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("extracted_at", _UTC_US, nullable=False),  # start of the partition run
        pa.field("source_file", pa.string(), nullable=False),  # input file name in the partition
        pa.field("source_row", pa.int64(), nullable=False),  # 0-based row in that file
        # the normalized value (ner_model.normalize.entities.Normalized; null where the
        # field does not apply to the label, or when normalization is off)
        pa.field("norm_status", pa.string()),
        pa.field("value_start", _LOCAL_MIN),  # TIME: naive local, inclusive
        pa.field("value_end", _LOCAL_MIN),  # TIME: naive local, exclusive
        pa.field("grain", pa.string()),
        pa.field("tz", pa.string()),  # TIME: the time zone as written, not applied
        pa.field("brand_id", pa.string()),
        pa.field("brand_name", pa.string()),
        pa.field("parent_brand_id", pa.string()),
        pa.field("country_code", pa.string()),  # ISO 3166-1 alpha-2
        pa.field("subdivision_code", pa.string()),  # ISO 3166-2, first level
        pa.field("geonames_id", pa.int64()),
        pa.field("market", pa.string()),  # a market code: DACH, EMEA ...
        pa.field("market_countries", pa.list_(pa.string())),
    ]
)

# One row for every input row (rows in == rows out). Lists hold the distinct entity texts of
# each type in text order; they are null (not empty) when the row could not be tagged.
CAMPAIGNS_SCHEMA = pa.schema(
    [
        pa.field("campaign_id", pa.string()),
        pa.field("source", pa.string()),  # the platform (meta, google_ads ...) from the input
        pa.field("brands", pa.list_(pa.string())),
        pa.field("times", pa.list_(pa.string())),
        pa.field("locations", pa.list_(pa.string())),
        pa.field("n_tokens", pa.int32()),  # null when status is error
        pa.field("status", pa.string(), nullable=False),  # see flows.batch.tagging.STATUSES
        pa.field("model_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("source_row", pa.int64(), nullable=False),
        # the row's normalized values: the distinct brand ids of its BRANDs, linked or
        # unlinked (entities.norm_status tells which), and country codes (a market's
        # countries included) in text order, and the hull of its resolved TIMEs
        pa.field("brand_ids", pa.list_(pa.string())),
        pa.field("country_codes", pa.list_(pa.string())),
        # the distinct market codes of its LOCATIONs (DACH, LATAM), with or without countries
        pa.field("markets", pa.list_(pa.string())),
        pa.field("period_start", _LOCAL_MIN),
        pa.field("period_end", _LOCAL_MIN),
        # ner_model.stitch.theme.theme_words of the text without its BRAND and LOCATION
        # spans, its TIME spans read for shopping events only (normalization on or off);
        # null when status is error
        pa.field("theme", pa.list_(pa.string())),
    ]
)

# The ledger: one row per partition run, history kept (each run appends a row).
RUNS_SCHEMA = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),  # the Prefect flow run id
        pa.field("status", pa.string(), nullable=False),  # ok | failed
        pa.field("error", pa.string()),  # one line, null when ok
        pa.field("forced", pa.bool_()),
        pa.field("input_files", pa.list_(pa.string())),  # absolute paths
        pa.field("input_bytes", pa.int64()),
        pa.field("input_fingerprint", pa.string()),  # content hash of files + column names
        pa.field("id_column", pa.string()),
        pa.field("text_column", pa.string()),
        pa.field("model_dir", pa.string()),
        pa.field("model_version", pa.string()),
        pa.field("rows_in", pa.int64()),
        pa.field("rows_out", pa.int64()),
        pa.field("n_ok", pa.int64()),
        pa.field("n_empty", pa.int64()),
        pa.field("n_too_long_split", pa.int64()),
        pa.field("n_duplicate_id", pa.int64()),
        pa.field("n_null_id", pa.int64()),
        pa.field("n_error", pa.int64()),
        pa.field("n_entities", pa.int64()),
        pa.field("n_brand", pa.int64()),
        pa.field("n_time", pa.int64()),
        pa.field("n_location", pa.int64()),
        pa.field("n_tokens", pa.int64()),
        pa.field("started_at", _UTC_US),
        pa.field("finished_at", _UTC_US),
        pa.field("seconds", pa.float64()),
        pa.field("tokens_per_second", pa.float64()),
        pa.field("normalizer_version", pa.string()),  # "off" when normalization was off
        pa.field("reference_column", pa.string()),  # null: the partition date
        pa.field("source_column", pa.string()),  # null: `source` where a file has it
        pa.field("output_version", pa.string()),  # OUTPUT_VERSION; null: before it existed
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    ENTITIES: ENTITIES_SCHEMA, CAMPAIGNS: CAMPAIGNS_SCHEMA, RUNS: RUNS_SCHEMA,
}


def reader_schema(table: str) -> pa.Schema:
    """The schema readers see: the file schema plus ``dt`` (date32) from the path."""
    return SCHEMAS[table].append(DT_FIELD)


def partition_path(output: Path, table: str, dt: str) -> Path:
    """``OUTPUT/<table>/dt=<dt>/part-0.parquet``."""
    return Path(output) / table / f"dt={dt}" / PART_FILE


class PartitionWriter:
    """Streams rows into one open (temp) Parquet file, in row groups of ``row_group_rows``.

    Rows are buffered as Python lists per column, so memory is bounded whatever the
    partition size. Publishing the file is :func:`atomic_writers`' job.
    """

    def __init__(self, file: IO[bytes], schema: pa.Schema, row_group_rows: int = 65_536) -> None:
        self.file = file
        self.schema = schema
        self.row_group_rows = row_group_rows
        self.rows_written = 0  # rows in row groups already handed to the Parquet writer
        self.rows_appended = 0  # rows given to append(), buffered or not
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(file, schema, compression="zstd")
        self._buf: dict[str, list] = {name: [] for name in schema.names}
        self._n_buf = 0
        self._paused = False

    def append(self, **columns: Sequence) -> None:
        """Append rows given as equal-length column sequences (every schema column)."""
        n = None
        for name in self.schema.names:
            values = columns[name]
            if n is None:
                n = len(values)
            elif len(values) != n:
                raise ValueError(f"column {name} has {len(values)} values, expected {n}")
            self._buf[name].extend(values)
        self._n_buf += n or 0
        self.rows_appended += n or 0
        if self._n_buf >= self.row_group_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._n_buf:
            return
        assert self._writer is not None
        batch = pa.record_batch(
            [pa.array(self._buf[f.name], type=f.type) for f in self.schema], schema=self.schema
        )
        self._writer.write_batch(batch, row_group_size=self._n_buf)
        self.rows_written += self._n_buf
        self._buf = {name: [] for name in self.schema.names}
        self._n_buf = 0
        self._maybe_pause()

    def _maybe_pause(self) -> None:
        flag = os.environ.get(PAUSE_ENV)
        if not flag or self._paused:
            return
        self._paused = True
        self.file.flush()
        os.fsync(self.file.fileno())
        Path(flag).write_text(str(Path(self.file.name).resolve()), encoding="utf-8")
        time.sleep(600)

    def close(self) -> None:
        """Finish the file (footer written, data fsynced); does not publish it."""
        if self._writer is None:
            return
        self._flush()
        if not self.rows_written:
            # A zero-row partition still gets a (valid, empty) file.
            self._maybe_pause()
        self._writer.close()
        self._writer = None
        self.file.flush()
        os.fsync(self.file.fileno())

    def abort(self) -> None:
        """Stop writing; the temp file is left to its :func:`atomic_file` to remove."""
        with contextlib.suppress(Exception):
            if self._writer is not None:
                self._writer.close()
        self._writer = None


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete the temp files a crashed write of ``path`` left (callers hold its lock)."""
    removed = []
    if path.parent.is_dir():
        for p in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                removed.append(p)
    return removed


@contextlib.contextmanager
def _naming_the_partition(output: Path, dt: str) -> Iterator[None]:
    """An I/O error without a file name (a write to an open file: disk full, size limit)
    re-raised naming the partition being written."""
    try:
        yield
    except OSError as e:
        if e.filename is not None or e.errno is None:
            raise
        why = e.strerror or str(e)
        raise OSError(e.errno, f"{why} while writing dt={dt} under {output}") from e


@contextlib.contextmanager
def atomic_writers(
    output: Path, dt: str, tables: Sequence[str]
) -> Iterator[dict[str, PartitionWriter]]:
    """Writers for several tables of one partition, published together on success.

    Every file is finished and fsynced before the first rename, so the window in which one
    table is new and another old is a few renames wide. On any exception every temp file is
    removed and no partition file changes. Callers hold the partition's lock.
    """
    paths = [partition_path(output, t, dt) for t in tables]
    try:
        with _naming_the_partition(output, dt), contextlib.ExitStack() as files:
            writers: dict[str, PartitionWriter] = {}
            for t, path in zip(tables, paths, strict=True):
                remove_stale_temps(path)
                writers[t] = PartitionWriter(files.enter_context(atomic_file(path)), SCHEMAS[t])
                files.callback(writers[t].abort)  # before its file closes; no-op once closed
            yield writers
            for w in writers.values():
                w.close()
        # leaving ``files`` renamed each finished temp file over its partition file
    except BaseException:
        for path in paths:  # a partition directory this write created stays absent
            with contextlib.suppress(OSError):
                path.parent.rmdir()
        raise


def read_partition(output: Path, table: str, dt: str) -> pa.Table | None:
    """One partition file cast to the current schema (missing columns null), or None."""
    path = partition_path(output, table, dt)
    if not path.is_file():
        return None
    return conform(pq.read_table(path), SCHEMAS[table])


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns: missing ones null, extra ones dropped."""
    cols = []
    for f in schema:
        if f.name in table.column_names:
            cols.append(table.column(f.name).cast(f.type))
        else:
            cols.append(pa.nulls(table.num_rows, f.type))
    return pa.Table.from_arrays(cols, schema=schema.remove_metadata()).cast(schema)


def append_run(output: Path, dt: str, row: dict) -> Path:
    """Append one ledger row to ``runs/dt=<dt>`` (old rows + new row, replaced atomically)."""
    old = read_partition(output, RUNS, dt)
    new = pa.Table.from_pylist([{f.name: row.get(f.name) for f in RUNS_SCHEMA}], schema=RUNS_SCHEMA)
    table = new if old is None else pa.concat_tables([old, new])
    path = partition_path(output, RUNS, dt)
    remove_stale_temps(path)
    write_parquet_atomic(path, iter(table.combine_chunks().to_batches()), RUNS_SCHEMA)
    return path


def read_table(output: Path, table: str) -> pa.Table:
    """A whole output table with ``dt`` as ``date32`` (empty table when nothing is there)."""
    import pyarrow.dataset as ds

    root = Path(output) / table
    if not root.is_dir() or not any(root.glob(f"dt=*/{PART_FILE}")):
        return reader_schema(table).empty_table()
    part = ds.partitioning(pa.schema([DT_FIELD]), flavor="hive")
    dataset = ds.dataset(root, format="parquet", partitioning=part, schema=reader_schema(table))
    return dataset.to_table()


def write_parquet_atomic(path: Path, batches: Iterator[pa.RecordBatch], schema: pa.Schema) -> int:
    """Write record batches to ``path`` via a temp file + ``os.replace``; returns the row count."""
    n = 0
    with atomic_file(path) as f, pq.ParquetWriter(f, schema, compression="zstd") as w:
        for b in batches:
            w.write_batch(b)
            n += b.num_rows
    return n
