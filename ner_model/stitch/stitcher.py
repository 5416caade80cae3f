"""Campaign stitching in DuckDB: which rows of the ``campaigns`` table are one campaign.

The rule (``docs/stitching.md`` explains it for users):

* A row's **brand key** is the sorted set of its brand ids without ad platforms
  (:data:`PLATFORM_BRAND_IDS`: ``TikTok`` in ``2025-06_Puma_FR_TikTok_Awareness``), unless
  platforms are all it names. A row with no brand is never stitched.
* Two rows can be one campaign when their brand keys are equal, their **periods** overlap (a
  row without a period counts from its date: within ``window_days`` of the other's period, or
  of the other's date), their **markets** are compatible (equal country sets, or one contains
  the other: DE in DACH), and their **themes** do not disagree (both have theme words and
  fewer than :data:`THEME_MIN` of the shorter theme's words are shared).
* Rows are grouped into **signatures** (equal brand key, countries, period and theme; a row
  without a period also by its ``source`` and ``campaign_id``), seen first on the earliest
  ``dt`` of their rows. Signatures are taken in order (first ``dt``, then the most specific:
  with a period, with a market; then their id). A signature joins the stitch of the
  best-scoring earlier signature it can be one campaign with; if there is none it founds a
  stitch. A signature with a market never joins one without (through it, the FR and DE rows
  of one brand and period would become one stitch), and one without a market joins only on
  an agreeing theme.
* ``score`` ranks the candidates: ``0.5 theme + 0.25 market + 0.25 time`` against the
  earlier signature, each part in ``[0, 1]`` (:data:`SCORE_SQL`).

Because a signature's stitch depends only on signatures seen before it, stitching day by day
gives exactly what stitching all days at once gives, and ids never change once given:
a stitch id is the founder signature's id, a hash of its key (never a counter).

All set work is SQL over the connection's tables (the signatures' candidate pairs, the
choice of each one's best match, the stitch ids by pointer jumping); Python only
fuzzy-compares the distinct theme pairs that exact word overlap cannot decide
(:func:`~ner_model.stitch.theme.theme_similarity`).
"""

from __future__ import annotations

import functools
import re

import duckdb
import pyarrow as pa

from ner_model.stitch.settings import StitchSettings
from ner_model.stitch.theme import FUZZY_MIN_LETTERS, theme_similarity

# Ad platforms and channels: not the advertiser when another brand is named.
PLATFORM_BRAND_IDS = (
    "meta", "facebook", "instagram", "messenger", "whatsapp", "threads", "google", "googleads",
    "adwords", "youtube", "dv360", "displayandvideo360", "sa360", "cm360", "tiktok",
    "snapchat", "snap", "pinterest", "linkedin", "twitter", "x", "reddit", "bing",
    "microsoftads", "microsoftadvertising", "amazonads", "criteo", "taboola", "outbrain",
    "tradedesk", "thetradedesk", "klaviyo", "mailchimp", "braze", "iterable", "salesforce",
)
# An id without a hyphen (every unlinked id, and one-word linked ones) is compared without
# a trailing country or market name and then one trailing legal form or web suffix, when
# MIN_ROOT letters remain: the model writes one brand as ``Rustbird Co.``, ``RustbirdCo.``,
# ``rustbird-co`` and ``Rustbird DACH`` (see brand_root).
LEGAL_SUFFIXES = ("andco", "co", "inc", "ltd", "llc", "gmbh", "corp", "company", "group",
                  "stores", "store", "shops", "shop", "plc", "hq", "ai", "io", "app", "online")
MIN_ROOT = 4
# Markets a brand id may end with (Rustbird DACH): their countries, or the market itself.
_NORDICS = ("DK", "FI", "IS", "NO", "SE")
GLUED_MARKETS = {"dach": ("AT", "CH", "DE"), "benelux": ("BE", "LU", "NL"),
                 "nordics": _NORDICS, "nordic": _NORDICS, "anz": ("AU", "NZ"),
                 "latam": ("LATAM",), "emea": ("EMEA",), "apac": ("APAC",), "mena": ("MENA",),
                 "turkey": ("TR",), "usa": ("US",), "uae": ("AE",)}
LONG_PERIOD_DAYS = 93  # a period longer than this (a year) matches only dates inside it
THEME_MIN = 0.5  # two themes agree when more than this share of the shorter one's words match
_WORDS = re.compile(r"[^\W\d_]+")
# The score of signature u joining the stitch of the earlier signature v (parts in [0, 1]).
SCORE_SQL = "round(0.5 * theme_part + 0.25 * market_part + 0.25 * time_part, 4)"


# The state kept between runs: one row per signature (see the module docstring).
SIGNATURES_SCHEMA = pa.schema([
    pa.field("sig_id", pa.string(), nullable=False),
    pa.field("brand_key", pa.list_(pa.string()), nullable=False),
    pa.field("bkey", pa.string(), nullable=False),  # the brand key as compared (brand_root)
    pa.field("brand_first", pa.string()),  # the first brand id in the text of its first row
    pa.field("countries", pa.list_(pa.string()), nullable=False),
    pa.field("ps", pa.timestamp("s")),
    pa.field("pe", pa.timestamp("s")),
    pa.field("theme", pa.list_(pa.string()), nullable=False),  # sorted, distinct
    pa.field("theme_text", pa.list_(pa.string())),  # in the text order of its first row
    pa.field("first_dt", pa.date32(), nullable=False),
    pa.field("founder", pa.bool_(), nullable=False),
    pa.field("stitch_id", pa.string(), nullable=False),
    pa.field("score", pa.float64(), nullable=False),
    pa.field("reason", pa.string(), nullable=False),
])


def _platforms_sql() -> str:
    return "[" + ", ".join(f"'{p}'" for p in PLATFORM_BRAND_IDS) + "]"


def prepare_rows(con: duckdb.DuckDBPyConnection, rows: str) -> None:
    """Table ``_rows``: the campaign rows of relation ``rows`` (columns ``dt, source_file,
    source_row, campaign_id, source, status, brand_ids, country_codes, markets,
    period_start, period_end, theme``) with their stitching features and signature id."""
    plat = _platforms_sql()
    _register_place_words(con)
    ids = [r[0] for r in con.execute(
        f"select distinct unnest(brand_ids) from {rows} where brand_ids is not null").fetchall()]
    roots = [brand_root(b) for b in ids]
    con.register("_brand_roots_arrow", pa.table({
        "id": pa.array(ids, pa.string()), "root": pa.array([r for r, _ in roots], pa.string()),
        "cc": pa.array([list(c) for _, c in roots], pa.list_(pa.string()))}))
    con.execute("create or replace temp table _brand_roots as select * from _brand_roots_arrow")
    con.unregister("_brand_roots_arrow")
    con.execute(f"""
        create or replace temp table _rows as
        with f0 as (
            select row_number() over () as rid, dt, source_file, source_row, campaign_id,
                source, status,
                list_distinct(coalesce(brand_ids, [])) as all_brands,
                list_filter(all_brands, lambda b: not list_contains({plat}, b)) as own,
                list_sort(case when len(own) > 0 then own else all_brands end) as brand_key,
                case when len(own) > 0 then own[1] else all_brands[1] end as brand_first,
                -- a market without a fixed country list (LATAM) stands for itself
                list_sort(list_distinct(case when len(coalesce(country_codes, [])) > 0
                                             then country_codes
                                             else coalesce(markets, []) end)) as countries,
                case when period_start < period_end then period_start end as ps,
                case when period_start < period_end then period_end end as pe,
                coalesce(theme, []) as theme_text
            from {rows}
        ), roots as (  -- brand ids as compared, and a country glued to one (puma-fr)
            select rid, array_to_string(list_sort(list_distinct(list(r.root))), '+') as bkey,
                list_sort(list_distinct(flatten(list(r.cc)))) as glued
            from (select rid, unnest(brand_key) as id from f0) join _brand_roots r using (id)
            group by rid
        ), places as (  -- a country the tagger missed, read from the theme words
            select rid, list_sort(list_distinct(list(code))) as codes,
                flatten(list(string_split(key, ' '))) as words
            from (select rid, unnest(list_concat(theme_text, list_transform(
                        range(1, len(theme_text)),
                        lambda i: theme_text[i] || ' ' || theme_text[i + 1]))) as key
                  from f0 where len(countries) = 0) join _place_words using (key)
            where rid not in (select rid from roots where len(glued) > 0)
            group by rid
        ), f as (
            select f0.* replace (
                    case when len(f0.countries) > 0 then f0.countries
                         when len(r.glued) > 0 then r.glued
                         else coalesce(p.codes, []) end as countries,
                    list_filter(f0.theme_text,
                                lambda w: not list_contains(coalesce(p.words, []), w))
                        as theme_text),
                list_sort(list_distinct(list_filter(f0.theme_text,
                    lambda w: not list_contains(coalesce(p.words, []), w)))) as theme_set,
                coalesce(r.bkey, '') as bkey
            from f0 left join places p using (rid) left join roots r using (rid)
        )
        select *, case when status = 'error' then 'not_tagged'
                       when len(brand_key) = 0 then 'no_brand' end as unstitched,
            md5(concat_ws('|', array_to_string(brand_key, '+'), array_to_string(countries, ','),
                          coalesce(strftime(ps, '%Y-%m-%dT%H:%M'), ''),
                          coalesce(strftime(pe, '%Y-%m-%dT%H:%M'), ''),
                          array_to_string(theme_set, ' '),
                          case when ps is null then concat(coalesce(source, ''), '/',
                                                           coalesce(campaign_id, '')) end)
            )[1:16] as sig_id
        from f
    """)


def assign(con: duckdb.DuckDBPyConnection, settings: StitchSettings, prior: str | None) -> None:
    """Stitch ``_rows`` (from :func:`prepare_rows`) after the signatures of relation
    ``prior`` (:data:`SIGNATURES_SCHEMA`, all first seen before every row of ``_rows``;
    None: no history). Makes two tables: ``_signatures``, the whole new state, and
    ``_assigned``, one row per row of ``_rows`` with ``stitch_id, score, reason`` (null
    stitch id and score for rows that cannot be stitched)."""
    w = settings.window_days
    register_functions(con)
    prior_sql = prior or "(select * from _empty_signatures)"
    if prior is None:
        con.register("_empty_signatures", SIGNATURES_SCHEMA.empty_table())
    con.execute(f"""
        create or replace temp table _sig as
        select sig_id, any_value(brand_key) as brand_key, any_value(bkey) as bkey,
            arg_min(brand_first, dt) as brand_first,
            any_value(countries) as countries, any_value(ps) as ps, any_value(pe) as pe,
            any_value(theme_set) as theme, arg_min(theme_text, dt) as theme_text,
            min(dt) as first_dt
        from _rows where unstitched is null and sig_id not in (select sig_id from {prior_sql})
        group by sig_id
    """)
    # every signature in order: the old ones (settled), then the new ones
    con.execute(f"""
        create or replace temp table _node as
        select row_number() over (order by first_dt, ps is null, len(countries) = 0, sig_id)
                   as ord, *
        from (select sig_id, bkey, countries, ps, pe, theme, first_dt, true as old, stitch_id
              from {prior_sql}
              union all
              select sig_id, bkey, countries, ps, pe, theme, first_dt, false, null::varchar
              from _sig)
    """)
    # [lo, hi): the days a node's time can match, with its slack: a cheap prefilter that
    # keeps exactly the pairs time_ok below can accept
    con.execute(f"""
        create or replace temp table _node_c as
        select ord, old, bkey, unnest(countries) as country,
            coalesce(ps::date, first_dt) - slack as lo, coalesce(pe::date, first_dt) + slack + 1
                as hi
        from (select *, case when ps is null or pe - ps <= interval {LONG_PERIOD_DAYS} day
                             then {w} else 0 end as slack from _node)
        where len(countries) > 0
    """)
    # a date matches a period it is within ``w`` days of; a period longer than a season
    # ("2025") gets no such slack, or it would reach into the next year's campaign
    time_ok = f"""case
        when u.ps is not null and v.ps is not null then (u.ps < v.pe and v.ps < u.pe)
            or (least(u.pe - u.ps, v.pe - v.ps) <= interval 1 day
                and greatest(u.ps::date - v.pe::date, v.ps::date - u.pe::date) <= {w})
        when u.ps is not null then _gap(v.first_dt, u.ps, u.pe) <= _slack(u.ps, u.pe, {w})
        when v.ps is not null then _gap(u.first_dt, v.ps, v.pe) <= _slack(v.ps, v.pe, {w})
        else abs(u.first_dt - v.first_dt) <= {w} end"""
    # candidate pairs (u may join the stitch of v): u new, v earlier, same brand,
    # compatible markets (u with a market: through a shared country; u without: any v),
    # overlapping times
    con.execute(f"""
        create or replace temp table _cand as
        with by_country as (
            select distinct a.ord as u, b.ord as v
            from _node_c a join _node_c b on a.bkey = b.bkey and a.country = b.country
            where not a.old and b.ord < a.ord and a.lo < b.hi and b.lo < a.hi
        ), no_market as (
            select u.ord as u, v.ord as v
            from _node u join _node v on u.bkey = v.bkey
            where not u.old and v.ord < u.ord and len(u.countries) = 0
        )
        select u.ord as u, v.ord as v,
            case when u.ps < v.pe and v.ps < u.pe then 'period' else 'window' end as time_key,
            case when u.countries = v.countries and len(u.countries) > 0 then 'market'
                 when len(u.countries) = 0 or len(v.countries) = 0 then 'no_market'
                 else 'market_contains' end as market_key,
            array_to_string(u.theme, ' ') as ut, array_to_string(v.theme, ' ') as vt,
            case when len(u.theme) = 0 or len(v.theme) = 0 then null
                 else len(list_intersect(u.theme, v.theme)) / least(len(u.theme), len(v.theme))
            end as exact_sim,
            case when u.ps is not null and v.ps is not null then
                    greatest(0, epoch(least(u.pe, v.pe) - greatest(u.ps, v.ps)))
                    / epoch(greatest(u.pe, v.pe) - least(u.ps, v.ps))
                 when u.ps is not null then 1 - _gap(v.first_dt, u.ps, u.pe) / ({w} + 1)
                 when v.ps is not null then 1 - _gap(u.first_dt, v.ps, v.pe) / ({w} + 1)
                 else 1 - abs(u.first_dt - v.first_dt) / ({w} + 1) end as time_part
        from (select * from by_country union all select * from no_market) p
        join _node u on u.ord = p.u join _node v on v.ord = p.v
        where ({time_ok})
          and (len(u.countries) = 0 or list_has_all(u.countries, v.countries)
               or list_has_all(v.countries, u.countries))
    """)
    _fuzzy_themes(con)
    con.execute(f"""
        create or replace temp table _pair as
        select u, v, {SCORE_SQL} as score,
            concat_ws('+', 'brand', time_key, market_key,
                      case when sim is null then 'no_theme' else 'theme' end) as reason
        from (
            select c.*, coalesce(greatest(c.exact_sim, f.sim), c.exact_sim) as sim,
                coalesce(sim, 0.5) as theme_part,
                case market_key when 'market' then 1.0 when 'market_contains' then 0.75
                                else 0.5 end as market_part
            from _cand c left join _fuzzy f on c.ut = f.ut and c.vt = f.vt
        )
        where (sim is null or sim > {THEME_MIN})
          -- a row without a market joins only on an agreeing theme: a market the tagger
          -- missed must not make it join another country's campaign
          and (market_key <> 'no_market' or sim is not null)
    """)
    con.execute("""
        create or replace temp table _choice as
        select u, v, score, reason from (
            select *, row_number() over (partition by u order by score desc, v) as k from _pair)
        where k = 1
    """)
    _resolve_stitches(con)
    con.execute(f"""
        create or replace temp table _signatures as
        select * from {prior_sql}
        union all
        select s.sig_id, s.brand_key, s.bkey, s.brand_first, s.countries, s.ps, s.pe, s.theme,
            s.theme_text, s.first_dt, c.u is null as founder, n.stitch_id,
            coalesce(c.score, 1.0) as score, coalesce(c.reason, 'founder') as reason
        from _sig s join _node n using (sig_id)
        left join _choice c on c.u = n.ord
    """)
    con.execute("""
        create or replace temp table _assigned as
        select r.dt, r.source_file, r.source_row, r.campaign_id, r.source, s.stitch_id,
            s.score, coalesce(r.unstitched, s.reason) as reason
        from _rows r left join _signatures s
            on s.sig_id = r.sig_id and r.unstitched is null
    """)


def _fuzzy_themes(con: duckdb.DuckDBPyConnection) -> None:
    """Table ``_fuzzy (ut, vt, sim)``: :func:`theme_similarity` of the distinct theme pairs
    of ``_cand`` whose exact overlap does not already pass and that have unmatched words
    long enough to match fuzzily."""
    m = FUZZY_MIN_LETTERS
    pairs = con.execute(f"""
        select ut, vt from (
            select distinct ut, vt, string_split(ut, ' ') as a, string_split(vt, ' ') as b
            from _cand where exact_sim is not null and exact_sim <= {THEME_MIN})
        where len(list_filter(a, lambda x: length(x) >= {m} and not list_contains(b, x))) > 0
          and len(list_filter(b, lambda x: length(x) >= {m} and not list_contains(a, x))) > 0
    """).fetchall()
    table = pa.table({"ut": pa.array([a for a, _ in pairs], pa.string()),
                      "vt": pa.array([b for _, b in pairs], pa.string()),
                      "sim": pa.array([theme_similarity(a.split(), b.split()) for a, b in pairs],
                                      pa.float64())})
    con.register("_fuzzy_arrow", table)
    con.execute("create or replace temp table _fuzzy as select * from _fuzzy_arrow")
    con.unregister("_fuzzy_arrow")


def _resolve_stitches(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``_node.stitch_id`` of the new signatures: a signature with no candidate in
    ``_choice`` founds a stitch (its own id); any other takes the stitch of the earlier
    signature it chose. Chains of choices among new signatures are followed by pointer
    jumping (each round halves them) until every pointer reaches a settled signature."""
    con.execute("""
        update _node set stitch_id = sig_id
        where not old and ord not in (select u from _choice)
    """)
    con.execute("create or replace temp table _ptr as select u, v as p from _choice")
    while con.execute(
            "select count(*) from _ptr a join _ptr b on a.p = b.u").fetchone()[0]:
        con.execute("""
            create or replace temp table _ptr as
            select a.u, coalesce(b.p, a.p) as p from _ptr a left join _ptr b on a.p = b.u
        """)
    con.execute("""
        update _node set stitch_id = t.stitch_id
        from _ptr x join _node t on t.ord = x.p
        where _node.ord = x.u
    """)


def _register_place_words(con: duckdb.DuckDBPyConnection) -> None:
    """Table ``_place_words (key, code)``: country names as theme words spell them
    (folded, plural ``s`` dropped; two-word names joined by a space)."""
    keys = _place_words()
    table = pa.table({"key": list(keys), "code": list(keys.values())})
    con.register("_place_words_arrow", table)
    con.execute("create or replace temp table _place_words as select * from _place_words_arrow")
    con.unregister("_place_words_arrow")


@functools.cache
def _place_words() -> dict[str, str]:
    """``theme-word key -> ISO code`` of :func:`_country_names` (see _register_place_words)."""
    from ner_model.normalize.brand import fold
    from ner_model.stitch.theme import _stem

    keys: dict[str, str] = {}
    for name, code in _country_names():
        words = [_stem(fold(w)) for w in _WORDS.findall(name)]
        if 1 <= len(words) <= 2 and all(len(w) >= 3 for w in words):
            keys.setdefault(" ".join(words), code)
    return keys


@functools.cache
def _country_names() -> tuple[tuple[str, str], ...]:
    """``(name, ISO code)`` of every country: pycountry's name and common name."""
    import pycountry

    return tuple((name, c.alpha_2) for c in pycountry.countries
                 for name in sorted({c.name, getattr(c, "common_name", c.name)}))


def brand_root(brand_id: str) -> tuple[str, tuple[str, ...]]:
    """A brand id as brand keys compare it, and the countries of a market glued to it.

    The hyphen-less spelling of a shipped id is that id (``newbalance`` -> ``new-balance``).
    An unlinked-looking id (no hyphen, not a brand of the shipped table) loses a trailing
    country or market name (:data:`GLUED_MARKETS`, country names), then one trailing legal
    form or web suffix (:data:`LEGAL_SUFFIXES`), each only when :data:`MIN_ROOT` letters
    remain (one fewer before a place name). The tagger writes one brand as
    ``Rustbird Co.``, ``RustbirdCo.`` and ``rustbird``, and sometimes takes the market into
    it (``Gasoix Australia``, ``Galrioni App Benelux``): ``rustbirdco`` -> ``("rustbird", ())``,
    ``gasoixaustralia`` -> ``("gasoix", ("AU",))``. Two-letter codes are not stripped: too
    many names end in one (``adidas``, ``meroana``).
    """
    if "-" in brand_id or brand_id in _shipped_ids():
        return brand_id, ()
    shipped = _shipped_compact().get(brand_id)
    if shipped:  # NewBalance: the unlinked spelling of a shipped brand's id
        return shipped, ()
    root, codes = brand_id, ()
    for name, place in _glued_places():
        if root.endswith(name) and len(root) - len(name) >= MIN_ROOT - 1:
            root, codes = root[: -len(name)], place
            break
    for suffix in LEGAL_SUFFIXES:
        if root.endswith(suffix) and len(root) - len(suffix) >= MIN_ROOT:
            root = root[: -len(suffix)]
            break
    return root, codes


@functools.cache
def _shipped_compact() -> dict[str, str]:
    """Shipped ids with hyphens, by their hyphen-less spelling (``newbalance``)."""
    return {i.replace("-", ""): i for i in sorted(_shipped_ids()) if "-" in i}


@functools.cache
def _shipped_ids() -> frozenset[str]:
    from ner_model.normalize.brand import SHIPPED_BRANDS, read_rows

    return frozenset(r.brand_id for r in read_rows(SHIPPED_BRANDS))


@functools.cache
def _glued_places() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(compact lower-case country or market name, its codes)``, longest first."""
    out: dict[str, tuple[str, ...]] = dict(GLUED_MARKETS)
    for name, code in _country_names():
        key = "".join(_WORDS.findall(name.lower()))
        if key.isascii() and len(key) >= 4:
            out.setdefault(key, (code,))
    return tuple(sorted(out.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """SQL macros :func:`assign` uses: ``_slack`` (the window a period gives a date) and
    ``_gap`` (days from a date to an interval)."""
    con.execute(f"""
        create or replace temp macro _slack(s, e, w) as
            case when e - s > interval {LONG_PERIOD_DAYS} day then 0 else w end
    """)
    con.execute("""
        create or replace temp macro _gap(d, s, e) as
            case when d < s::date then s::date - d
                 when d > e::date then d - e::date else 0 end
    """)
