"""Reading input Parquet: column checks, record batches sized by text bytes, ids and texts.

Every failure is an :class:`~flows.batch.errors.ExtractInputError` naming the file (and the
column or row), so a bad file fails its partition with one clear line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.batch.errors import ExtractInputError
from flows.batch.partitions import Partition
from ner_model.errors import one_line

MAX_BATCH_ROWS = 4096  # rows per record batch (one ``annotate`` call)
BATCH_TEXT_BYTES = 32 << 20  # target uncompressed text bytes per record batch
# the column rows take their ``source`` (platform) from when --source-column is not given
DEFAULT_SOURCE_COLUMN = "source"


def _is_str(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _is_bin(t: pa.DataType) -> bool:
    return pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_binary_view(t)


def _value_type(t: pa.DataType) -> pa.DataType:
    return t.value_type if pa.types.is_dictionary(t) else t


def _column_error(path: Path, schema: pa.Schema, id_column: str, text_column: str) -> str | None:
    """Why the id/text columns of ``schema`` cannot be read (None when they can)."""
    names = schema.names
    for col, opt in ((id_column, "--id-column"), (text_column, "--text-column")):
        if col not in names:
            return (
                f"{path}: no column {col!r} (columns: {', '.join(names) or 'none'}); "
                f"choose one with {opt}"
            )
    text_type = schema.field(text_column).type
    tt = _value_type(text_type)
    if not (_is_str(tt) or _is_bin(tt) or pa.types.is_null(tt)):
        return f"{path}: text column {text_column!r} has type {text_type}, expected string"
    id_type = schema.field(id_column).type
    it = _value_type(id_type)
    if not (_is_str(it) or _is_bin(it) or pa.types.is_integer(it) or pa.types.is_null(it)):
        return (
            f"{path}: id column {id_column!r} has type {id_type}, expected string or integer"
        )
    return None


def _reference_error(path: Path, schema: pa.Schema, column: str) -> str | None:
    """Why the reference-date column cannot be read (None when it can)."""
    if column not in schema.names:
        return (f"{path}: no column {column!r} (columns: {', '.join(schema.names) or 'none'}); "
                "choose one with --reference-column")
    t = _value_type(schema.field(column).type)
    if not (pa.types.is_date(t) or pa.types.is_timestamp(t) or _is_str(t) or pa.types.is_null(t)):
        return (f"{path}: reference column {column!r} has type {t}, expected a date, a "
                "timestamp or YYYY-MM-DD strings")
    return None


def _source_type_ok(t: pa.DataType) -> bool:
    t = _value_type(t)
    return _is_str(t) or pa.types.is_null(t)


def _source_error(path: Path, schema: pa.Schema, column: str) -> str | None:
    """Why the source column named by ``--source-column`` cannot be read (None when it can)."""
    if column not in schema.names:
        return (f"{path}: no column {column!r} (columns: {', '.join(schema.names) or 'none'}); "
                "choose one with --source-column")
    t = schema.field(column).type
    if not _source_type_ok(t):
        return f"{path}: source column {column!r} has type {t}, expected string"
    return None


def source_column(schema: pa.Schema, column: str | None) -> str | None:
    """The column a file's rows take their ``source`` from: ``column`` when given (checked by
    :func:`check_file`), else ``DEFAULT_SOURCE_COLUMN`` when the file has it as strings (or
    nulls), else None (the rows' source is null)."""
    if column:
        return column
    name = DEFAULT_SOURCE_COLUMN
    if name in schema.names and _source_type_ok(schema.field(name).type):
        return name
    return None


def references(arr: pa.Array) -> list[date | None]:
    """The reference date of each row of a reference column chunk; None where the value is
    null, not a YYYY-MM-DD date, or outside 1900-2100 (its TIME entities then have none)."""
    arr = _decoded(arr)
    out: list[date | None] = []
    for v in arr.to_pylist():
        if isinstance(v, datetime):
            v = v.date()
        elif isinstance(v, str):
            try:
                v = date.fromisoformat(v.strip()[:10])
            except ValueError:
                v = None
        out.append(v if isinstance(v, date) and 1900 <= v.year <= 2100 else None)
    return out


def check_file(path: Path, id_column: str, text_column: str,
               reference_column: str | None = None,
               source_column: str | None = None) -> pq.ParquetFile:
    """Open a Parquet file and check its id/text (and reference, and an explicitly named
    source) columns; raises a one-line error naming it."""
    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as e:
        raise ExtractInputError(f"{path}: not a readable Parquet file ({one_line(e)})") from None
    error = _column_error(path, schema, id_column, text_column)
    if error is None and reference_column:
        error = _reference_error(path, schema, reference_column)
    if error is None and source_column:
        error = _source_error(path, schema, source_column)
    if error:
        pf.close()
        raise ExtractInputError(error)
    return pf


def batch_rows(pf: pq.ParquetFile, text_column: str) -> int:
    """Rows per record batch so that one batch holds about ``BATCH_TEXT_BYTES`` of text."""
    md = pf.metadata
    if md.num_rows == 0:
        return MAX_BATCH_ROWS
    j = pf.schema_arrow.get_field_index(text_column)
    try:
        first = md.row_group(0)
        leaf = [i for i in range(md.num_columns) if first.column(i).path_in_schema == text_column]
        j = leaf[0] if leaf else j
        size = sum(
            md.row_group(g).column(j).total_uncompressed_size for g in range(md.num_row_groups)
        )
    except (IndexError, pa.ArrowException):
        return MAX_BATCH_ROWS
    per_row = max(1.0, size / md.num_rows)
    return int(min(MAX_BATCH_ROWS, max(16, BATCH_TEXT_BYTES // per_row)))


def read_batches(
    pf: pq.ParquetFile, path: Path, columns: list[str], rows: int
) -> Iterator[pa.RecordBatch]:
    """Record batches of ``columns``; a read failure becomes a one-line error naming the file."""
    offset = 0
    batches = pf.iter_batches(batch_size=rows, columns=columns)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowException, OSError, ValueError) as e:
            raise ExtractInputError(
                f"{path}: cannot read rows from {offset} on ({one_line(e)})"
            ) from None
        offset += batch.num_rows
        yield batch


def _decoded(arr: pa.Array) -> pa.Array:
    return arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr


_AS_BINARY = {pa.string(): pa.binary(), pa.large_string(): pa.large_binary(),
              pa.string_view(): pa.binary_view()}


def _as_binary(arr: pa.Array) -> pa.Array:
    """A string chunk as the binary type of the same layout: another writer may have stored
    bytes that are not UTF-8 in a string column, which only a per-value decode can isolate."""
    return arr.view(_AS_BINARY[arr.type])


def ids(arr: pa.Array) -> list[str | None]:
    """Python strings of an id column chunk (integers cast, bytes decoded leniently)."""
    arr = _decoded(arr)
    if pa.types.is_null(arr.type):
        return [None] * len(arr)
    if _is_str(arr.type):
        try:
            return arr.to_pylist()
        except UnicodeDecodeError:
            arr = _as_binary(arr)
    if _is_bin(arr.type):
        values = arr.to_pylist()
        return [None if v is None else v.decode("utf-8", "backslashreplace") for v in values]
    return pc.cast(arr, pa.string()).to_pylist()


def sources(arr: pa.Array) -> list[str | None]:
    """Python strings of a source column chunk; bytes that are not UTF-8 are decoded with
    backslash escapes, as in :func:`ids` (the row is kept, never failed for its source)."""
    return ids(arr)


def texts(arr: pa.Array) -> tuple[list[str | None], dict[int, str]]:
    """Python strings of a text column chunk, and ``{row: reason}`` for undecodable ones."""
    arr = _decoded(arr)
    if pa.types.is_null(arr.type):
        return [None] * len(arr), {}
    if _is_str(arr.type):
        try:
            return arr.to_pylist(), {}
        except UnicodeDecodeError:
            arr = _as_binary(arr)
    out: list[str | None] = []
    bad: dict[int, str] = {}
    for i, v in enumerate(arr.to_pylist()):
        if v is None:
            out.append(None)
            continue
        try:
            out.append(v.decode("utf-8"))
        except UnicodeDecodeError as e:
            bad[i] = f"text is not valid UTF-8 ({e.reason} at byte {e.start})"
            out.append(None)
    return out, bad


def check_partitions(
    partitions: Sequence[Partition], id_column: str, text_column: str,
    reference_column: str | None = None, source_column: str | None = None,
) -> dict[str, str]:
    """The input errors of each partition found by reading only the files' footers
    (``{dt: one line}``; every partition absent from it looks readable).

    Raises:
        ExtractInputError: every partition has an input error (a wrong ``--id-column`` or a
            bad single file): nothing could run, so the run stops before it starts, with
            the first error and how many partitions share the problem.
    """
    errors: dict[str, str] = {}
    for part in partitions:
        if part.error:
            errors[part.dt] = part.error
            continue
        for f in part.files:
            try:
                check_file(f, id_column, text_column, reference_column, source_column).close()
            except ExtractInputError as e:
                errors[part.dt] = str(e)
                break
    if partitions and len(errors) == len(partitions):
        first = errors[partitions[0].dt]
        more = len(partitions) - 1
        raise ExtractInputError(first + (f" (and {more} more partition(s) with input errors)"
                                         if more else ""))
    return errors
