"""Campaign stitching speed and memory: ``campaigns`` Parquet -> the stitch tables.

Generates ``campaigns``-shaped input without running the tagging model: concepts from
:func:`ner_model.synthetic.stitching.stitching_concepts`, each written as 2-4 rows of distinct
sources (as ``generate_stitching`` does) whose features are what extraction gives for them:
``brand_ids`` the slug of the brand, ``country_codes`` and ``markets`` from the market (a
region's countries as the normalizer's ``markets.csv`` lists them), the concept's
period on ~70% of rows (null on the rest), its theme words (``theme_words`` of the concept's
theme) on ~75% (else none) plus one noise word on ~20%, and ``dt`` in the period or up to 14
days before it. One ``OUTPUT/campaigns/dt=D/part-0.parquet`` per date.

Then, in a fresh subprocess per repeat (so peak RSS is the stitcher's, not the generator's),
on a fresh output that hard-links those files:

* baseline: DuckDB reads the stitcher's columns of the same files the way the stitcher reads
  them (one ``read_parquet`` over the file list, hive ``dt``) and aggregates every column;
  the figure is the full build's time as a multiple of this read;
* full build: ``flows.batch.stitching.stitch_output`` on the fresh output;
* nightly: one new day of ``rows / 1000`` rows after the last date (half rows of new concepts,
  half rows of existing ones sent again), then ``stitch_output`` again (incremental);
* no change: ``stitch_output`` once more (``up_to_date``).

Prints medians of ``--repeats`` runs per size; ``--json PATH`` writes them. ``--profile``
adds one instrumented full build and nightly step per size: time per stage of the run and
per DuckDB statement of the stitcher (not part of the medians).

``--brands N`` folds the concepts onto N brands (one advertiser's or agency's data: more
rows per brand, more candidate pairs).

    python bench/stitch_speed.py --rows 100000 1000000 [--repeats 3] [--json PATH] [--profile]
                                 [--brands N] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPOCH = dt.date(1970, 1, 1)
PERIOD_P, THEME_P, NOISE_P = 0.70, 0.75, 0.20
# words extraction leaves in a theme besides the campaign's own (kept only if theme_words
# keeps them)
NOISE_WORDS = ("signature", "bundle", "outlet", "preview", "studio", "online", "style",
               "fresh", "gift", "favorite", "village", "essential", "classic", "premium",
               "sitewide", "voucher")
COLUMNS = ("campaign_id", "status", "source_file", "source_row", "source", "brand_ids",
           "country_codes", "markets", "period_start", "period_end", "theme")


# -- input


def generate(rows: int, seed: int, id_prefix: str = "", n_brands: int | None = None):
    """``rows`` campaigns rows (the stitcher's columns, ``source_file``/``source_row`` left
    for :func:`write_partitions`) and their ``dt`` (int32 days since 1970-01-01), sorted
    by ``dt``. Deterministic for ``(rows, seed, n_brands)``; ``n_brands``: fold the brands
    onto the first that many seen (one advertiser's or agency's data)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ner_model.normalize.brand import slug
    from ner_model.stitch.theme import theme_words
    from ner_model.synthetic.stitching import MARKETS, REGIONS, SOURCES, stitching_concepts

    n_concepts = rows // 3 + rows // 50 + 8  # 2-4 rows each, 3 on average
    concepts = stitching_concepts(n_concepts, seed, split="test")
    brands: dict[str, int] = {}
    themes: dict[str, int] = {}
    markets = {m: i for i, m in enumerate(MARKETS)}
    c_brand, c_theme, c_market, c_start, c_span = [], [], [], [], []
    for c in concepts:
        c_brand.append(brands.setdefault(c.brand.canonical, len(brands)))
        c_theme.append(themes.setdefault(c.theme, len(themes)))
        c_market.append(markets[c.market])
        c_start.append((c.period.start - EPOCH).days)
        c_span.append((c.period.end - c.period.start).days)
    c_start_a, c_span_a = np.array(c_start, np.int64), np.array(c_span, np.int64)
    if n_brands:
        c_brand = [b % n_brands for b in c_brand]

    rng = np.random.default_rng([seed, rows])
    k = rng.integers(2, 5, len(concepts))
    if k.sum() < rows:
        raise RuntimeError(f"{len(concepts)} concepts give {k.sum()} rows, not {rows}")
    concept = np.repeat(np.arange(len(concepts)), k)[:rows]
    first = np.concatenate([[0], np.cumsum(k)[:-1]])
    nth = np.arange(rows) - first[concept]  # the row's place among its concept's rows
    order = np.argsort(rng.random((len(concepts), len(SOURCES))), axis=1)  # distinct sources
    source = order[concept, nth]
    day = c_start_a[concept] + rng.integers(-14, c_span_a[concept] + 1)
    no_period = rng.random(rows) >= PERIOD_P
    has_theme = rng.random(rows) < THEME_P
    noise = np.where(rng.random(rows) < NOISE_P, rng.integers(0, len(NOISE_WORDS), rows) + 1, 0)

    # small tables of the distinct list values, taken by index per row
    noise_words = [theme_words(w) for w in NOISE_WORDS]
    theme_lists = [[]] + [theme_words(t) for t in themes]
    theme_table = pa.array([t + [w for w in n if w not in t]
                            for t in theme_lists for n in [[], *noise_words]],
                           pa.list_(pa.string()))
    theme_ix = np.where(has_theme, np.array(c_theme)[concept] + 1, 0) * (len(NOISE_WORDS) + 1)
    places = [market_places(m, REGIONS) for m in MARKETS]
    country_table = pa.array([c for c, _ in places], pa.list_(pa.string()))
    market_table = pa.array([m for _, m in places], pa.list_(pa.string()))
    brand_table = pa.array([[slug(b)] for b in brands], pa.list_(pa.string()))
    sources = pa.array(SOURCES).take(pa.array(source))
    start = c_start_a[concept] * 86400
    end = (c_start_a[concept] + c_span_a[concept] + 1) * 86400  # exclusive
    ts = pa.timestamp("s")
    table = pa.table({
        "campaign_id": pc.binary_join_element_wise(
            sources, pc.cast(pa.array(np.arange(rows)), pa.string()), id_prefix + "-"),
        "status": pa.array(np.full(rows, "ok", object), pa.string()),
        "source": sources,
        "brand_ids": brand_table.take(pa.array(np.array(c_brand)[concept])),
        "country_codes": country_table.take(pa.array(np.array(c_market)[concept])),
        "markets": market_table.take(pa.array(np.array(c_market)[concept])),
        "period_start": pa.array(start, ts, mask=no_period),
        "period_end": pa.array(end, ts, mask=no_period),
        "theme": theme_table.take(pa.array(theme_ix + noise)),
    })
    by_day = np.argsort(day, kind="stable")
    return table.take(pa.array(by_day)), day[by_day].astype(np.int32)


def market_places(market: str, regions: dict) -> tuple[list[str], list[str]]:
    """``(country_codes, markets)`` as extraction gives them for a market of the generator:
    a country -> ``([code], [])`` (the generator's UK is GB); a region -> its member
    countries in the normalizer's ``markets.csv`` (``[]`` for one without a fixed list,
    LATAM) or else the generator's ``REGIONS``, and ``[region]``."""
    import csv

    from ner_model.normalize.location import DATA

    if market not in regions:
        return ["GB" if market == "UK" else market], []
    with open(DATA / "markets.csv", newline="", encoding="utf-8") as f:
        known = {r["code"]: r["countries"].split() for r in csv.DictReader(f)}
    return known.get(market, list(regions[market])), [market]


def write_partitions(output: Path, table, days) -> list[str]:
    """One ``output/campaigns/dt=D/part-0.parquet`` per date of ``days`` (sorted); returns
    the dates."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from flows.batch.tables import CAMPAIGNS, partition_path

    cuts = np.flatnonzero(np.diff(days)) + 1
    starts, ends = np.concatenate([[0], cuts]), np.concatenate([cuts, [len(days)]])
    dates = []
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        d = (EPOCH + dt.timedelta(days=int(days[a]))).isoformat()
        part = table.slice(a, b - a)
        part = part.append_column("source_file", pa.array([f"input/dt={d}/campaigns.parquet"]
                                                          * (b - a), pa.string()))
        part = part.append_column("source_row", pa.array(np.arange(b - a), pa.int64()))
        path = partition_path(output, CAMPAIGNS, d)
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(part.select(list(COLUMNS)), path, compression="zstd")
        dates.append(d)
    return dates


def nightly_day(table, days, rows: int, seed: int, n_brands: int | None = None):
    """The nightly step's new day: ``rows`` rows dated the day after the last, half of
    new concepts, half rows of existing concepts (new ids)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    fresh, _ = generate(rows - rows // 2, seed + 1, id_prefix="-new", n_brands=n_brands)
    rng = np.random.default_rng([seed, rows, 2])
    again = table.take(pa.array(rng.integers(0, table.num_rows, rows // 2)))
    again = again.set_column(0, "campaign_id", pc.binary_join_element_wise(
        again.column("source"), pc.cast(pa.array(np.arange(rows // 2)), pa.string()), "-again-"))
    return (pa.concat_tables([fresh, again.select(fresh.column_names)]),
            np.full(rows, days[-1] + 1, np.int32))


def link_tree(src: Path, dst: Path) -> None:
    """``dst`` holds the files of ``src``, hard-linked (copied across file systems)."""
    for path in sorted(src.rglob("*.parquet")):
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


# -- one repeat, in a child process


def baseline_read(files: list[str]) -> dict:
    """Read the stitcher's columns of ``files`` as it does and aggregate every column."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"set threads = {max(1, os.cpu_count() or 1)}")
    listing = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    t0 = time.perf_counter()
    n, *_ = con.execute(f"""
        select count(*), count(campaign_id), count(status), count(source_file),
            sum(source_row), count(source), sum(len(brand_ids)), sum(len(country_codes)),
            sum(len(markets)), count(period_start), count(period_end), sum(len(theme)),
            count(distinct dt)
        from read_parquet({listing}, hive_partitioning = true, hive_types = {{'dt': DATE}},
                          union_by_name = true)
    """).fetchone()
    return {"seconds": time.perf_counter() - t0, "rows": n}


def child(spec: dict) -> dict:
    import resource

    from flows.batch.stitching import stitch_output
    from ner_model.stitch.settings import StitchSettings

    out = Path(spec["output"])
    link_tree(Path(spec["input"]), out)
    settings = StitchSettings(window_days=spec["window_days"])
    files = [str(p) for p in sorted((out / "campaigns").glob("dt=*/part-0.parquet"))]
    res: dict = {"baseline": baseline_read(files)}
    prof = Profiler() if spec.get("profile") else None
    if prof:
        prof.install()

    def timed(name: str) -> None:
        t0 = time.perf_counter()
        summary = stitch_output(out, settings)
        res[name] = {"seconds": time.perf_counter() - t0, "summary": summary,
                     "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}

    timed("full")
    if prof:
        res["profile"] = {"full": prof.report(res["full"]["seconds"])}
        prof.events.clear()
    link_tree(Path(spec["nightly"]), out)
    timed("nightly")
    if prof:
        res["profile"]["nightly"] = prof.report(res["nightly"]["seconds"])
        return res
    timed("no_change")
    return res


class Profiler:
    """Times the stages of one ``stitch_output`` run and each DuckDB statement in them, by
    wrapping module attributes (nothing in the stitcher is changed)."""

    STAGES = (("flows.batch.stitching", ("plan", "read_state", "_rows_view", "prepare_rows",
                                         "assign", "_write_campaign_stitches", "_write_stitches",
                                         "_brand_names", "_write_state")),
              ("ner_model.stitch.stitcher", ("register_functions", "_register_place_words",
                                             "_fuzzy_themes", "_resolve_stitches",
                                             "theme_similarity")))

    def __init__(self) -> None:
        self.events: list[tuple[str, float, float]] = []  # (label, start, seconds)
        self.stack: list[str] = []
        self.cons: list = []

    def install(self) -> None:
        import importlib

        import duckdb

        prof = self
        for mod_name, names in self.STAGES:
            mod = importlib.import_module(mod_name)
            for name in names:
                if hasattr(mod, name):
                    setattr(mod, name, self._wrap(name, getattr(mod, name)))

        class Con:
            def __init__(self, con) -> None:
                self._con = con

            def __getattr__(self, name):
                return getattr(self._con, name)

            def execute(self, sql, *args):
                t0 = time.perf_counter()
                out = self._con.execute(sql, *args)
                prof.events.append(("/".join([*prof.stack, "sql " + _label(sql)]), t0,
                                    time.perf_counter() - t0))
                return out

        class DuckDB:
            def __getattr__(self, name):
                return getattr(duckdb, name)

            def connect(self, *args, **kwargs):
                con = Con(duckdb.connect(*args, **kwargs))
                prof.cons.append(con)
                return con

        import flows.batch.stitching as fs
        fs.duckdb = DuckDB()

    def _wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            self.stack.append(name)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.events.append(("/".join(self.stack), t0, time.perf_counter() - t0))
                self.stack.pop()
        return timed

    def report(self, total: float) -> dict:
        stages: dict[str, list[float]] = {}  # in the order they started
        for label, _, secs in sorted(self.events, key=lambda e: e[1]):
            entry = stages.setdefault(label, [0.0, 0])
            entry[0] += secs
            entry[1] += 1
        import duckdb

        counts = {}
        if self.cons:
            con = self.cons[-1]._con
            for t in ("_rows", "_sig", "_node", "_node_c", "_cand", "_fuzzy", "_pair",
                      "_choice", "_signatures", "_assigned"):
                try:
                    counts[t] = con.execute(f"select count(*) from {t}").fetchone()[0]
                except duckdb.Error:  # a table the stitcher no longer makes
                    pass
        return {"total": total,
                "stages": {k: {"seconds": s, "calls": n} for k, (s, n) in stages.items()},
                "table_rows": counts}


def _label(sql: str) -> str:
    words = " ".join(sql.split()).split(" ")
    if words[:4] == ["create", "or", "replace", "temp"]:
        return " ".join(words[4:6])
    return " ".join(words[:3])[:48]


def run_child(spec: dict) -> dict:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"stitch_speed child failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the parent


def cpu_name() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def code_version() -> str:
    """The commit, and a hash of the stitching code and its data files as they are in the
    working tree (the stitcher may be uncommitted while it is being worked on)."""
    import hashlib

    stitch = ROOT / "ner_model" / "stitch"
    files = [*sorted(stitch.glob("*.py")), *sorted(stitch.glob("data/*")),
             ROOT / "flows" / "batch" / "stitching.py"]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file()))
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *map(str, files)],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        head, dirty = "?", ""
    return f"{head}{'+changes' if dirty else ''}, stitch code {digest.hexdigest()[:12]}"


def bench_size(rows: int, args, work: Path) -> dict:
    t0 = time.perf_counter()
    table, days = generate(rows, args.seed, n_brands=args.brands)
    inp = work / f"input-{rows}"
    dates = write_partitions(inp, table, days)
    extra_rows = max(1, rows // 1000)
    extra, extra_days = nightly_day(table, days, extra_rows, args.seed, args.brands)
    write_partitions(work / f"nightly-{rows}", extra, extra_days)
    gen = time.perf_counter() - t0
    print(f"rows {rows:,}: generated {rows:,} rows in {len(dates):,} partitions "
          f"({dates[0]} .. {dates[-1]}) in {gen:.1f} s; nightly day {extra_rows:,} rows",
          flush=True)
    del table
    runs = []
    for r in range(args.repeats):
        out = work / f"out-{rows}-{r}"
        spec = {"input": str(inp), "nightly": str(work / f"nightly-{rows}"), "output": str(out),
                "window_days": args.window_days}
        runs.append(run_child(spec))
        shutil.rmtree(out, ignore_errors=True)
        f = runs[-1]
        print(f"  run {r + 1}: read {f['baseline']['seconds']:.2f} s, full "
              f"{f['full']['seconds']:.2f} s, nightly {f['nightly']['seconds']:.2f} s, "
              f"no change {f['no_change']['seconds']:.3f} s", flush=True)

    def med(step: str) -> float:
        return statistics.median(f[step]["seconds"] for f in runs)

    full = runs[0]["full"]["summary"]
    res = {
        "rows": rows, "partitions": len(dates), "generate_seconds": gen,
        "nightly_rows": extra_rows, "repeats": args.repeats,
        "read_seconds": med("baseline"), "full_seconds": med("full"),
        "nightly_seconds": med("nightly"), "no_change_seconds": med("no_change"),
        "full_peak_rss_mb": max(f["full"]["peak_rss_mb"] for f in runs),
        "peak_rss_mb": max(f["no_change"]["peak_rss_mb"] for f in runs),
        "stitches": full.get("stitches"), "stitched_rows": full.get("stitched"),
        "nightly_status": runs[0]["nightly"]["summary"].get("status"),
        "no_change_status": runs[0]["no_change"]["summary"].get("status"),
        "runs": [{k: v["seconds"] for k, v in f.items()} for f in runs],
    }
    res["rows_per_second"] = rows / res["full_seconds"]
    res["ratio_to_read"] = res["full_seconds"] / res["read_seconds"]
    if args.profile:
        out = work / f"out-{rows}-profile"
        res["profile"] = run_child({**spec, "output": str(out), "profile": True})["profile"]
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(inp, ignore_errors=True)
    shutil.rmtree(work / f"nightly-{rows}", ignore_errors=True)
    return res


def print_table(results: list[dict]) -> None:
    print("\nstep         " + "".join(f"{r['rows']:>16,} rows" for r in results))
    lines = [
        ("partitions", lambda r: f"{r['partitions']:,}"),
        ("read (base)", lambda r: f"{r['read_seconds']:.2f} s"),
        ("full build", lambda r: f"{r['full_seconds']:.2f} s"),
        ("  rows/s", lambda r: f"{r['rows_per_second']:,.0f}"),
        ("  x read", lambda r: f"{r['ratio_to_read']:.1f}x"),
        ("  peak RSS", lambda r: f"{r['full_peak_rss_mb']:,.0f} MB"),
        ("  stitches", lambda r: f"{r['stitches']:,}"),
        ("nightly", lambda r: f"{r['nightly_seconds']:.2f} s ({r['nightly_rows']:,} rows)"),
        ("no change", lambda r: f"{r['no_change_seconds']:.3f} s"),
    ]
    for name, cell in lines:
        print(f"{name:<13}" + "".join(f"{cell(r):>21}" for r in results))
    print("(medians of the repeats; baseline 'read': DuckDB reading and aggregating the "
          "stitcher's columns of the same files; 'x read': full build / read)")
    for r in results:
        if "profile" not in r:
            continue
        for step, p in r["profile"].items():
            print(f"\nprofile of one {step} step, {r['rows']:,} rows: {p['total']:.2f} s")
            for label, e in p["stages"].items():
                *outer, name = label.split("/")
                if e["seconds"] >= 0.05 or not name.startswith("sql"):
                    print(f"  {e['seconds']:8.2f} s {e['calls']:>7,}x  {'  ' * len(outer)}{name}")
            rest = p["total"] - sum(e["seconds"] for k, e in p["stages"].items() if "/" not in k)
            print(f"  {rest:8.2f} s           (the rest: lock, logging, the summary)")
            print("  table rows: " + ", ".join(f"{t} {n:,}" for t, n in p["table_rows"].items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--window-days", type=int, default=28)
    ap.add_argument("--brands", type=int, default=None,
                    help="fold the concepts onto this many brands (default: all of the "
                         "generator's test brands, 416)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where input and outputs go (default: a temp dir, removed after)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--profile", action="store_true",
                    help="add one instrumented full build and nightly step per size: time "
                         "per stage and per DuckDB statement")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child)), default=str))
        return
    code = code_version()
    print(f"{os.cpu_count()} CPU cores ({cpu_name()}); code {code}; seed {args.seed}; window "
          f"{args.window_days} days; brands {args.brands or 'all'}; {args.repeats} repeat(s)",
          flush=True)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.workdir, prefix="stitch-speed-") as tmp:
        results = [bench_size(rows, args, Path(tmp)) for rows in args.rows]
    print_table(results)
    if code_version().split()[-1] != code.split()[-1]:
        print(f"WARNING: the stitching code changed during the run ({code} -> "
              f"{code_version()}): the figures mix versions")
    if args.json:
        meta = {"cpu_count": os.cpu_count(), "cpu": cpu_name(), "code": code,
                "seed": args.seed, "window_days": args.window_days, "brands": args.brands}
        args.json.write_text(json.dumps({**meta, "results": results}, indent=2, default=str))


if __name__ == "__main__":
    main()
