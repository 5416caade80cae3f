"""The stitch tables: which campaign rows are one campaign, kept up to date run after run.

Layout, next to ``entities`` and ``campaigns``::

    OUTPUT/campaign_stitches/dt=YYYY-MM-DD/part-0.parquet   one row per campaigns row
    OUTPUT/stitches/part-0.parquet                          one row per stitch
    OUTPUT/stitch_state/signatures.parquet                  the stitcher's memory (internal)

The rule is :mod:`ner_model.stitch.stitcher`'s. A run finds the earliest ``dt`` whose
``campaigns`` partition is new, changed or gone since the last run (or ``--since``, or every
date when the stitch settings or rule changed), drops what the state learnt from that date
on, and stitches the rows from that date on after the signatures kept. So the nightly run
only reads the new day, a backfill of an old day replays from that day, and every run gives
the ids a full rebuild would.

Writes are atomic per file (temp file, fsync, rename): first the ``campaign_stitches``
partitions, then ``stitches``, then the state, whose Parquet metadata records the settings
and each ``campaigns`` partition it has seen (size and mtime): the commit record. A crash
leaves every file whole; the next run finds the state of the last finished run and redoes
the rest.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.batch.logs import run_logger
from flows.batch.tables import CAMPAIGNS, ENTITIES, PART_FILE, partition_path
from ner_model.stitch.stitcher import SIGNATURES_SCHEMA, StitchSettings, assign, prepare_rows
from ner_model.storage.atomic import atomic_file, fsync_dir, mkdirs_synced

CAMPAIGN_STITCHES, STITCHES, STATE = "campaign_stitches", "stitches", "stitch_state"
STATE_FILE = "signatures.parquet"
_META_KEY = b"campaign_ner_stitch"

# One row per campaigns row (rows in == rows out), keyed like it by (dt, source_file,
# source_row); ``dt`` comes from the partition path, as in the other tables.
CAMPAIGN_STITCHES_SCHEMA = pa.schema([
    pa.field("campaign_id", pa.string()),
    pa.field("source", pa.string()),
    pa.field("stitch_id", pa.string()),  # null when the row cannot be stitched (see reason)
    pa.field("score", pa.float64()),  # how well it matched the row it joined; 1.0 founder
    pa.field("reason", pa.string(), nullable=False),  # keys that matched, or why none
    pa.field("source_file", pa.string(), nullable=False),
    pa.field("source_row", pa.int64(), nullable=False),
])

# One row per stitch.
STITCHES_SCHEMA = pa.schema([
    pa.field("stitch_id", pa.string(), nullable=False),
    pa.field("brand_id", pa.string(), nullable=False),  # the brand its first row names first
    pa.field("brand_ids", pa.list_(pa.string()), nullable=False),  # its brand key
    pa.field("period_start", pa.timestamp("s")),  # hull of its rows' periods (null: none)
    pa.field("period_end", pa.timestamp("s")),  # exclusive
    pa.field("country_codes", pa.list_(pa.string()), nullable=False),  # union over its rows
    pa.field("sources", pa.list_(pa.string()), nullable=False),  # distinct, sorted
    pa.field("n_rows", pa.int64(), nullable=False),
    pa.field("first_seen", pa.date32(), nullable=False),  # earliest dt of its rows
    pa.field("last_seen", pa.date32(), nullable=False),
    pa.field("theme", pa.list_(pa.string()), nullable=False),  # its shortest theme
    pa.field("label", pa.string(), nullable=False),  # "Puma · Sale · Summer 2025 · FR"
])

# The campaigns columns the stitcher reads; older partitions may lack the last ones.
_ROW_COLUMNS = ("campaign_id", "status", "source_file", "source_row", "source", "brand_ids",
                "country_codes", "markets", "period_start", "period_end", "theme")
_NULL_TYPES = {"source": "VARCHAR", "brand_ids": "VARCHAR[]", "country_codes": "VARCHAR[]",
               "markets": "VARCHAR[]",
               "period_start": "TIMESTAMP", "period_end": "TIMESTAMP", "theme": "VARCHAR[]"}


class StitchInputError(ValueError):
    """Nothing to stitch, or an output directory the stitcher cannot use (one line)."""


@dataclass(frozen=True)
class Plan:
    """What one run does: stitch the rows from ``replay_from`` on (None: nothing to do)."""

    partitions: dict[str, Path]  # dt -> campaigns file, every partition there is
    stamps: dict[str, str]  # dt -> size:mtime of that file
    replay_from: str | None
    why: str


def campaigns_partitions(output: Path) -> dict[str, Path]:
    """``dt -> OUTPUT/campaigns/dt=D/part-0.parquet`` for every campaigns partition."""
    root = output / CAMPAIGNS
    out = {}
    for p in sorted(root.glob(f"dt=*/{PART_FILE}")):
        dt = p.parent.name.removeprefix("dt=")
        try:
            _dt.date.fromisoformat(dt)
        except ValueError:
            continue
        out[dt] = p
    return out


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def read_state(output: Path) -> pa.Table | None:
    """The stitcher's state, the signatures (None when there is none or it is unreadable)."""
    path = output / STATE / STATE_FILE
    if not path.is_file():
        return None
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as e:
        run_logger().warning(f"{path}: unreadable stitch state ({e}); stitching every date")
        return None


def _state_meta(output: Path) -> dict:
    """The commit record alone (the file's footer, not its rows); ``{}`` when none."""
    path = output / STATE / STATE_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads((pq.read_schema(path).metadata or {}).get(_META_KEY, b"{}"))
    except (pa.ArrowException, OSError, ValueError):
        return {}


def check_output(output: Path) -> dict[str, Path]:
    """:func:`campaigns_partitions` of an output that has some.

    Raises:
        FileNotFoundError: ``output`` is not a directory (one line).
        StitchInputError: it holds no campaigns partition (one line).
    """
    if not output.is_dir():
        raise FileNotFoundError(f"output {output} does not exist or is not a directory")
    parts = campaigns_partitions(output)
    if not parts:
        raise StitchInputError(f"{output}: no campaigns partitions to stitch "
                               f"(expected {output / CAMPAIGNS}/dt=YYYY-MM-DD/{PART_FILE}; "
                               "run campaign-ner extract first)")
    return parts


def parse_since(since: str | None) -> str | None:
    """``--since`` as ``YYYY-MM-DD`` (None stays None).

    Raises:
        StitchInputError: not a date (one line).
    """
    if since is None:
        return None
    try:
        return _dt.date.fromisoformat(since).isoformat()
    except ValueError:
        raise StitchInputError(f"--since {since!r} is not a YYYY-MM-DD date") from None


def plan(output: Path, settings: StitchSettings, since: str | None = None) -> Plan:
    """Which dates this run stitches (see the module docstring)."""
    parts = check_output(output)
    stamps = {dt: _stamp(p) for dt, p in parts.items()}
    meta = _state_meta(output)
    first = min(parts)
    if meta.get("settings") != settings.version:
        why = "first run" if not meta else f"settings changed ({meta.get('settings')})"
        return Plan(parts, stamps, first, why)
    seen: dict[str, str] = meta.get("partitions", {})
    changed = sorted({dt for dt in stamps if seen.get(dt) != stamps[dt]}
                     | {dt for dt in seen if dt not in stamps})
    starts = [d for d in (changed[0] if changed else None, since) if d]
    if not starts:
        return Plan(parts, stamps, None, "up to date")
    replay = min(starts)
    why = (f"--since {since}" if since and replay == since else
           f"{len(changed)} new or changed partition(s) from {changed[0]}")
    return Plan(parts, stamps, max(replay, first), why)


def sql_str(s: str | Path) -> str:
    """``s`` as a SQL string literal (quotes doubled)."""
    return "'" + str(s).replace("'", "''") + "'"


def _rows_view(con: duckdb.DuckDBPyConnection, files: list[Path]) -> None:
    """View ``campaign_rows``: the stitcher's columns of ``files`` (missing ones null)."""
    listing = "[" + ", ".join(sql_str(f) for f in files) + "]"
    src = (f"read_parquet({listing}, hive_partitioning = true, hive_types = {{'dt': DATE}}, "
           "union_by_name = true)")
    have = {r[0] for r in con.execute(f"describe select * from {src}").fetchall()}
    cols = ", ".join(c if c in have else f"null::{_NULL_TYPES[c]} as {c}"
                     for c in _ROW_COLUMNS)
    con.execute(f"create or replace temp view campaign_rows as select dt, {cols} from {src}")


@contextlib.contextmanager
def _lock(output: Path) -> Iterator[None]:
    """One stitch run per output at a time (a second one waits)."""
    mkdirs_synced(output / STATE)
    with open(output / STATE / ".lock", "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def stitch_output(output: Path | str, settings: StitchSettings | None = None,
                  since: str | None = None) -> dict:
    """Bring the stitch tables of ``output`` up to date; returns a summary dict.

    Raises:
        FileNotFoundError: ``output`` is not a directory (one line).
        StitchInputError: there are no campaigns partitions, or ``since`` is not a date.
    """
    output = Path(output)
    settings = settings or StitchSettings()
    since = parse_since(since)
    t0 = time.perf_counter()
    with _lock(output):
        p = plan(output, settings, since)
        log = run_logger()
        if p.replay_from is None:
            log.info(f"stitch: {output} is up to date ({len(p.partitions)} partitions)")
            return {"status": "up_to_date", "replay_from": None, "why": p.why, "rows": 0,
                    "partitions": 0, "stitches": _count_stitches(output), "seconds": 0.0}
        log.info(f"stitch: from dt={p.replay_from} ({p.why})")
        summary = _run(output, settings, p)
    summary["why"] = p.why
    summary["seconds"] = round(time.perf_counter() - t0, 2)
    log.info(f"stitch: {summary['rows']:,} rows in {summary['partitions']} partitions -> "
             f"{summary['stitches']:,} stitches ({summary['stitched']:,} rows stitched) "
             f"in {summary['seconds']} s")
    return summary


def _count_stitches(output: Path) -> int:
    path = output / STITCHES / PART_FILE
    return pq.ParquetFile(path).metadata.num_rows if path.is_file() else 0


def _run(output: Path, settings: StitchSettings, p: Plan) -> dict:
    replay = p.replay_from
    assert replay is not None
    con = duckdb.connect(":memory:")
    con.execute(f"set threads = {max(1, os.cpu_count() or 1)}")
    new_dts = [dt for dt in p.partitions if dt >= replay]
    _rows_view(con, [p.partitions[dt] for dt in new_dts])
    state = read_state(output) if _state_meta(output).get("settings") == settings.version \
        else None
    prior = None
    if state is not None:
        keep = pc.less(state.column("first_dt"), pa.scalar(_dt.date.fromisoformat(replay)))
        con.register("_prior", state.filter(keep).cast(SIGNATURES_SCHEMA))
        prior = "_prior"
    prepare_rows(con, "campaign_rows")
    assign(con, settings, prior)
    n_parts = _write_campaign_stitches(con, output, new_dts, replay)
    n_stitches = _write_stitches(con, output, replay)
    _write_state(con, output, settings, p.stamps)
    rows, stitched = con.execute(
        "select count(*), count(stitch_id) from _assigned").fetchone()
    return {"status": "ok", "replay_from": replay, "rows": rows, "stitched": stitched,
            "partitions": n_parts, "stitches": n_stitches}


def _write_campaign_stitches(con: duckdb.DuckDBPyConnection, output: Path, dts: list[str],
                             replay: str) -> int:
    """Publish one ``campaign_stitches`` partition per date from ``replay`` on; partitions
    of dates no longer in ``campaigns`` are removed."""
    body = con.sql("""
        select campaign_id, source, stitch_id, score, reason, source_file, source_row
        from _assigned order by dt, source_file, source_row
    """).to_arrow_table().cast(CAMPAIGN_STITCHES_SCHEMA)
    counts = con.execute(
        "select strftime(dt, '%Y-%m-%d'), count(*) from _assigned group by dt order by dt"
    ).fetchall()
    start = 0
    for dt, n in counts:  # the rows of each date, in the order above
        _write_file(partition_path(output, CAMPAIGN_STITCHES, dt), body.slice(start, n))
        start += n
    written = {dt for dt, _ in counts}
    for dt in dts:  # a partition with no rows still gets its (empty) file
        if dt not in written:
            _write_file(partition_path(output, CAMPAIGN_STITCHES, dt),
                        CAMPAIGN_STITCHES_SCHEMA.empty_table())
    live = set(dts)
    for old in (output / CAMPAIGN_STITCHES).glob(f"dt=*/{PART_FILE}"):
        dt = old.parent.name.removeprefix("dt=")
        if dt >= replay and dt not in live:
            old.unlink()
            fsync_dir(old.parent)
    return len(dts)


def _write_file(path: Path, table: pa.Table) -> None:
    mkdirs_synced(path.parent)
    with atomic_file(path) as f:
        pq.write_table(table, f, compression="zstd")


def _write_stitches(con: duckdb.DuckDBPyConnection, output: Path, replay: str) -> int:
    """Rewrite ``stitches`` from every ``campaign_stitches`` row (the ones kept from before
    ``replay`` and the new ones) and the signatures."""
    old = [f for f in (output / CAMPAIGN_STITCHES).glob(f"dt=*/{PART_FILE}")
           if f.parent.name.removeprefix("dt=") < replay]
    history = "select null::date as dt, null::varchar as source, null::varchar as stitch_id " \
              "where false"
    if old:
        listing = "[" + ", ".join(sql_str(f) for f in old) + "]"
        history = (f"select dt, source, stitch_id from read_parquet({listing}, "
                   "hive_partitioning = true, hive_types = {'dt': DATE})")
    names = _brand_names(con, output)
    table = con.sql(f"""
        with m as (
            select stitch_id, count(*) as n_rows, min(dt) as first_seen, max(dt) as last_seen,
                list_sort(coalesce(list_distinct(list(source) filter (source is not null)), []))
                    as sources
            from ({history} union all select dt, source, stitch_id from _assigned)
            where stitch_id is not null group by stitch_id
        ), s as (
            select stitch_id, min(ps) as ps, max(pe) as pe,
                list_sort(list_distinct(flatten(list(countries)))) as countries,
                any_value(brand_first) filter (founder) as brand_id,
                any_value(brand_key) filter (founder) as brand_ids,
                -- its shortest theme (least e-mail copy around it), the earliest of a tie
                coalesce(arg_min(theme_text, (len(theme_text), first_dt, sig_id))
                         filter (len(theme_text) > 0), []) as theme
            from _signatures group by stitch_id
        )
        select s.stitch_id, coalesce(s.brand_id, s.brand_ids[1]) as brand_id, s.brand_ids,
            s.ps as period_start, s.pe as period_end, s.countries as country_codes,
            m.sources, m.n_rows, m.first_seen, m.last_seen, s.theme,
            concat_ws(' · ', coalesce(n.brand_name, s.brand_id, s.brand_ids[1]),
                      nullif(array_to_string(list_transform(s.theme,
                          lambda w: upper(w[1]) || w[2:]), ' '), ''),
                      {_PERIOD_LABEL_SQL},
                      case when len(s.countries) = 0 then null
                           when len(s.countries) <= 4 then array_to_string(s.countries, '/')
                           else array_to_string(s.countries[1:3], '/') || ' +'
                                || (len(s.countries) - 3) end) as label
        from s join m using (stitch_id) left join {names} n on n.brand_id = s.brand_id
        order by m.first_seen, s.stitch_id
    """).to_arrow_table()
    _write_file(output / STITCHES / PART_FILE, table.cast(STITCHES_SCHEMA))
    return table.num_rows


# A period as people say it: "Summer 2025", "Jun 2025", "25 Dec 2025", "Nov–Dec 2025".
_PERIOD_LABEL_SQL = """case
    when s.ps is null then null
    when s.pe = s.ps + interval 1 day then strftime(s.ps, '%-d %b %Y')
    when day(s.ps) = 1 and month(s.ps) in (3, 6, 9, 12) and s.pe = s.ps + interval 3 month
        then ['Spring', 'Summer', 'Fall', 'Winter'][month(s.ps) // 3] || ' '
             || strftime(s.ps, '%Y')
    when day(s.ps) = 1 and s.pe = s.ps + interval 1 month then strftime(s.ps, '%b %Y')
    when day(s.ps) = 1 and month(s.ps) = 1 and s.pe = s.ps + interval 1 year
        then strftime(s.ps, '%Y')
    when year(s.ps) = year(s.pe - interval 1 second)
        then strftime(s.ps, '%b') || '–' || strftime(s.pe - interval 1 second, '%b %Y')
    else strftime(s.ps, '%b %Y') || '–' || strftime(s.pe - interval 1 second, '%b %Y') end"""


def _brand_names(con: duckdb.DuckDBPyConnection, output: Path) -> str:
    """A relation ``(brand_id, brand_name)``: each brand id's most common name in the
    ``entities`` table (empty when there is none)."""
    files = sorted((output / ENTITIES).glob(f"dt=*/{PART_FILE}"))
    empty = "(select null::varchar as brand_id, null::varchar as brand_name where false)"
    if not files:
        return empty
    listing = "[" + ", ".join(sql_str(f) for f in files) + "]"
    src = f"read_parquet({listing}, union_by_name = true)"
    have = {r[0] for r in con.execute(f"describe select * from {src}").fetchall()}
    if not {"brand_id", "brand_name"} <= have:
        return empty
    con.execute(f"""
        create or replace temp table _brand_names as
        select brand_id, mode(brand_name) as brand_name from {src}
        where brand_id is not null group by brand_id
    """)
    return "_brand_names"


def _write_state(con: duckdb.DuckDBPyConnection, output: Path, settings: StitchSettings,
                 stamps: dict[str, str]) -> None:
    """The commit: the signatures, with the settings and partitions they cover."""
    table = con.sql("select * from _signatures order by first_dt, sig_id").to_arrow_table()
    meta = {"settings": settings.version, "partitions": stamps,
            "written_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    table = table.cast(SIGNATURES_SCHEMA).replace_schema_metadata(
        {_META_KEY: json.dumps(meta).encode()})
    _write_file(output / STATE / STATE_FILE, table)
