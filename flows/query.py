"""``campaign-ner query``: read-only SQL (DuckDB) over the extraction output.

An in-memory DuckDB connection gets a view per output table: ``entities``, ``campaigns``,
``runs`` and ``campaign_stitches``, each ``read_parquet('OUTPUT/<table>/*/*.parquet',
hive_partitioning = true)`` with ``dt`` typed ``DATE`` from the partition path, and
``stitches`` (one file, no partitions). A table not written yet is an empty view with the
declared columns. Temp files of a write in progress (``.part-0.parquet.*.tmp``) never match.

Read-only, twice over: only a single ``SELECT`` (incl. ``WITH``, ``VALUES``, ``FROM ...``,
``DESCRIBE``/``SUMMARIZE``) or ``EXPLAIN`` statement is accepted, and the connection may
only touch files under OUTPUT (``allowed_directories`` + ``enable_external_access = false``,
configuration locked). Results are written by Python, never by DuckDB:

* ``table``: aligned text columns (widths from the first rows; long cells cut with ``…``);
* ``csv``: header + rows; list/struct values as JSON;
* ``json``: JSON Lines, one object per row (dates/timestamps as ISO 8601 strings);
* ``parquet``: needs ``--out``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import decimal
import json
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa

from flows.batch.stitching import (
    CAMPAIGN_STITCHES,
    CAMPAIGN_STITCHES_SCHEMA,
    STITCHES,
    STITCHES_SCHEMA,
    sql_str,
)
from flows.batch.tables import DT_FIELD, PART_FILE, TABLES, reader_schema, write_parquet_atomic
from ner_model.errors import one_line
from ner_model.storage.atomic import atomic_file

FORMATS = ("table", "csv", "json", "parquet")
READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN"}
BATCH_ROWS = 65_536
TABLE_MAX_COL_WIDTH = 60
_CONTROL = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})  # keep table rows on one line


class QueryError(ValueError):
    """A query that cannot run (not read-only, a syntax or binder error, bad options)."""


def connect(output: Path | str) -> duckdb.DuckDBPyConnection:
    """An in-memory, read-only-by-configuration DuckDB connection with a view per table.

    Raises:
        FileNotFoundError: OUTPUT does not exist.
    """
    root = Path(output)
    if not root.is_dir():
        raise FileNotFoundError(f"output {output} does not exist or is not a directory")
    root = root.resolve()
    con = duckdb.connect(":memory:")
    schemas = {t: reader_schema(t) for t in TABLES}
    schemas[CAMPAIGN_STITCHES] = CAMPAIGN_STITCHES_SCHEMA.append(DT_FIELD)
    for table, schema in schemas.items():
        tdir = root / table
        if tdir.is_dir() and any(tdir.glob(f"dt=*/{PART_FILE}")):
            pattern = sql_str(str(tdir / "*" / "*.parquet"))
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet({pattern}, "
                "hive_partitioning = true, hive_types = {'dt': DATE}, union_by_name = true)"
            )
        else:
            con.from_arrow(schema.empty_table()).create_view(table)
    if (root / STITCHES / PART_FILE).is_file():
        pattern = sql_str(str(root / STITCHES / PART_FILE))
        con.execute(f"CREATE VIEW {STITCHES} AS SELECT * FROM read_parquet({pattern})")
    else:
        con.from_arrow(STITCHES_SCHEMA.empty_table()).create_view(STITCHES)
    con.execute("SET autoinstall_known_extensions = false")
    con.execute(f"SET allowed_directories = [{sql_str(str(root) + os.sep)}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise :class:`QueryError` unless ``sql`` is exactly one SELECT or EXPLAIN statement."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryError(one_line(e)) from None
    if len(statements) != 1:
        raise QueryError(f"expected exactly one SQL statement, got {len(statements)}")
    kind = statements[0].type.name
    if kind not in READ_ONLY_STATEMENTS:
        raise QueryError(f"only read-only SELECT queries are allowed, not {kind}")


@contextlib.contextmanager
def query_reader(output: Path | str, sql: str) -> Iterator[pa.RecordBatchReader]:
    """An Arrow record batch reader over the result of a read-only query (context manager)."""
    con = connect(output)
    try:
        check_read_only(con, sql)
        try:
            reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
        except duckdb.Error as e:
            raise QueryError(one_line(e)) from None
        yield reader
    finally:
        con.close()


def _jsonable(v):
    if isinstance(v, _dt.datetime | _dt.date | _dt.time):
        return v.isoformat()
    if isinstance(v, _dt.timedelta):
        return v.total_seconds()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "backslashreplace")
    if isinstance(v, uuid.UUID):
        return str(v)
    return str(v)


def _cell(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False, default=_jsonable)
    if isinstance(v, _dt.datetime | _dt.date):
        return v.isoformat()
    return str(v)


def _rows(reader: pa.RecordBatchReader) -> Iterator[list[dict]]:
    for batch in reader:
        yield batch.to_pylist()


def _aligned(cells: list[str], widths: list[int]) -> str:
    """One table line: each cell cut to its column's width (``…``) and padded to it."""
    parts = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)]
    return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip() + "\n"


def _write_table(reader: pa.RecordBatchReader, out: IO[str]) -> int:
    names = reader.schema.names
    widths: list[int] | None = None
    n = 0
    for rows in _rows(reader):
        cells = [[_cell(r[c]).translate(_CONTROL) for c in names] for r in rows]
        if widths is None:
            widths = [
                min(TABLE_MAX_COL_WIDTH, max([len(h), *(len(c[i]) for c in cells[:1000])]))
                for i, h in enumerate(names)
            ]
            out.write(_aligned([h[:w] for h, w in zip(names, widths, strict=True)], widths))
            out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write(_aligned(row, widths))
        n += len(rows)
    if widths is None:  # no rows: still show the columns
        out.write("  ".join(names) + "\n")
    out.write(f"({n} row{'s' if n != 1 else ''})\n")
    return n


def _write_csv(reader: pa.RecordBatchReader, out: IO[str]) -> int:
    names = reader.schema.names
    w = csv.writer(out, lineterminator="\n")
    w.writerow(names)
    n = 0
    for rows in _rows(reader):
        for r in rows:
            w.writerow(["" if r[c] is None else _cell(r[c]) for c in names])
        n += len(rows)
    return n


def _write_json(reader: pa.RecordBatchReader, out: IO[str]) -> int:
    n = 0
    for rows in _rows(reader):
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, default=_jsonable) + "\n")
        n += len(rows)
    return n


def _write_text_atomic(path: Path, write) -> int:
    """Write text output to ``path`` via a temp file and ``os.replace``."""
    with atomic_file(path, "w", encoding="utf-8", newline="") as f:
        return write(f)


def query(output: Path | str, sql: str, fmt: str = "table", out: Path | str | None = None,
          stdout: IO[str] | None = None) -> int:
    """Run ``sql`` over OUTPUT and write the result as ``fmt`` to ``out`` (or ``stdout``).

    Returns:
        The number of result rows.

    Raises:
        QueryError: not read-only, invalid SQL, ``parquet`` without ``out``, unknown format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "parquet" and out is None:
        raise QueryError("--format parquet needs --out FILE")
    stdout = stdout or sys.stdout
    writers = {"table": _write_table, "csv": _write_csv, "json": _write_json}
    with query_reader(output, sql) as reader:
        try:
            if fmt == "parquet":
                return write_parquet_atomic(Path(out), iter(reader), reader.schema)
            if out is not None:
                return _write_text_atomic(Path(out), lambda f: writers[fmt](reader, f))
            return writers[fmt](reader, stdout)
        except (duckdb.Error, pa.ArrowException) as e:  # errors raised while rows stream
            raise QueryError(one_line(e)) from None


def query_command(args) -> int:
    """``campaign-ner query``: 0 on success (errors are raised as one-line ValueErrors)."""
    try:
        n = query(args.output, args.sql, args.format, args.out)
    except BrokenPipeError:  # e.g. piped into head: stop quietly (Python docs' recipe)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if args.out is not None:
        print(f"campaign-ner query: wrote {n} rows to {args.out}", file=sys.stderr)
    return 0
