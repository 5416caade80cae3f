"""Campaign-stitching benchmark data: campaign *concepts* (brand, theme, period, market),
each written as 2-4 rows in the conventions of different platforms, with gold cluster ids.

One concept appears as ``Puma_FR_SummerSale2025_Prospecting`` (Meta),
``puma-fr-ss25-retargeting`` (Google Ads), ``PUMA | Summer Sale | France | Jun25``
(DV360) and "Puma summer sale: up to 40% off in France" (e-mail). Hard negatives are
concepts of their own: the same brand in another year (``other_year``), the same brand
and period in an incompatible market (``other_market``), and another brand in the same
market and period (``other_brand``). Brands come from one split's pools
(:func:`~ner_model.synthetic.pools.pools`), so concepts are held out by brand between
train, dev and test. Output is deterministic for ``(n_concepts, seed, split)``.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from random import Random

from ner_model.synthetic.campaign_names import style_field
from ner_model.synthetic.holdout import Group
from ner_model.synthetic.lexicons import brands as _brands
from ner_model.synthetic.lexicons import naming as _naming
from ner_model.synthetic.lexicons import places as _places
from ner_model.synthetic.lexicons import times as _times
from ner_model.synthetic.pools import pools

SOURCES = ("meta", "google_ads", "dv360", "tiktok", "email", "sms", "push")
NEGATIVE_KINDS = ("other_year", "other_market", "other_brand")
YEARS = (2023, 2024, 2025, 2026)
# Multi-country markets and their member countries (a region is compatible with them).
REGIONS = {
    "DACH": ("DE", "AT", "CH"),
    "NORDICS": ("SE", "NO", "DK", "FI"),
    "BENELUX": ("BE", "NL"),
    "ANZ": ("AU", "NZ"),
    "LATAM": ("MX", "BR", "AR", "CL", "CO", "PE"),
}
_REGION_NAMES = {"NORDICS": "Nordics", "BENELUX": "Benelux"}
_COUNTRY_NAMES = {"US": "the US", "UK": "the UK", "NL": "the Netherlands", "AE": "the UAE"}
MARKETS = {
    **{code: _COUNTRY_NAMES.get(code, name) for name, code in _places.MARKET_CODES.items()},
    **{code: _REGION_NAMES.get(code, code) for code in REGIONS},
}
# Season -> (first month, codes); events -> (first (month, day), last (month, day)).
SEASONS = {
    "Spring": (3, ("sp", "ss")),
    "Summer": (6, ("su", "ss")),
    "Fall": (9, ("fa", "aw")),
    "Winter": (12, ("wi", "aw")),
}
EVENTS = {
    "Black Friday": ((11, 20), (12, 2)),
    "Back to School": ((8, 1), (9, 15)),
    "Holiday Season": ((12, 1), (12, 31)),
    "Christmas": ((12, 1), (12, 26)),
    "Valentine's Day": ((2, 1), (2, 14)),
    "Mother's Day": ((4, 25), (5, 12)),
    "Easter": ((3, 20), (4, 21)),
    "Prime Day": ((7, 8), (7, 17)),
    "Cyber Monday": ((11, 28), (12, 3)),
    "Singles' Day": ((11, 1), (11, 11)),
}
_SEASON_SUFFIXES = ("Sale", "Refresh", "Collection", "Launch", "Edit")
_EVENT_THEMES = {"Holiday Season": "Holiday", "Black Friday": "Black Friday Deals"}
_MONTH_THEMES = (
    "Flash Sale",
    "New Arrivals",
    "Clearance",
    "Loyalty Push",
    "Friends & Family",
    "Free Shipping",
    "Members Week",
    "Product Drop",
    "Mega Sale",
    "Sitewide Sale",
)


@dataclass(frozen=True)
class Period:
    """A season, month or event of one year, with the dates it runs."""

    kind: str  # "season", "month" or "event"
    name: str  # "Summer", "Jun", "Black Friday"
    year: int
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Concept:
    """One campaign: the gold cluster every row written from it belongs to."""

    cluster: str
    brand: Group
    theme: str
    period: Period
    market: str  # a key of MARKETS
    kind: str = "anchor"  # or one of NEGATIVE_KINDS
    anchor: str | None = None  # the cluster this concept is a hard negative of


def markets_compatible(a: str, b: str) -> bool:
    """Whether two market codes can hold the same campaign (equal, or region and member)."""
    return a == b or b in REGIONS.get(a, ()) or a in REGIONS.get(b, ())


def generate_stitching(n_concepts: int, seed: int = 0, split: str = "test") -> list[dict]:
    """Rows ``{"campaign_id", "dt", "source", "text", "cluster"}`` of ``n_concepts``
    concepts (anchors and their hard negatives), each written in 2-4 distinct sources;
    ``dt`` (``YYYY-MM-DD``) falls in the concept's period or up to two weeks before it.
    Rows are shuffled; ``cluster`` is the gold concept id."""
    r = Random(f"campaign-ner/stitching/{split}/{seed}/rows")
    rows = [
        {
            "dt": _dt(c.period, r).isoformat(),
            "source": src,
            "text": RENDER[src](c, r),
            "cluster": c.cluster,
        }
        for c in stitching_concepts(n_concepts, seed, split)
        for src in r.sample(SOURCES, r.randint(2, 4))
    ]
    r.shuffle(rows)
    return [{"campaign_id": f"{row['source']}-{i:06d}", **row} for i, row in enumerate(rows)]


def stitching_concepts(n_concepts: int, seed: int = 0, split: str = "test") -> list[Concept]:
    """The concepts behind :func:`generate_stitching`: anchors, each followed by some of
    its hard negatives (each kind with probability 1/2), truncated to ``n_concepts``."""
    r = Random(f"campaign-ner/stitching/{split}/{seed}/concepts")
    brands = _brand_pool(split)
    out: list[Concept] = []
    seen: set[tuple] = set()
    while len(out) < n_concepts:
        anchor = _anchor(r, brands, f"c{len(out):05d}")
        group = [anchor] + [
            _negative(kind, anchor, r, brands) for kind in NEGATIVE_KINDS if r.random() < 0.5
        ]
        for c in group:
            key = (c.brand.canonical, c.theme, c.period, c.market)
            if key in seen:  # an indistinguishable twin would make the gold wrong
                continue
            seen.add(key)
            out.append(replace(c, cluster=f"c{len(out):05d}"))
    out = out[:n_concepts]
    kept = {c.cluster for c in out}
    # a negative whose anchor was dropped as a twin keeps pointing at a missing cluster
    return [c if c.anchor is None or c.anchor in kept else replace(c, anchor=None) for c in out]


def _brand_pool(split: str) -> list[Group]:
    """The split's real and invented company brands (no product lines)."""
    p = pools(split)
    groups = [g for v in (*p.brands.values(), *p.invented.values()) for g in v]
    return [g for g in groups if g.canonical not in _brands.PRODUCT_LINES]


def _anchor(r: Random, brands: list[Group], cluster: str) -> Concept:
    kind = r.choice(("season", "season", "event", "event", "month"))
    period = _period(kind, r.choice(_period_names(kind)), r.choice(YEARS))
    return Concept(cluster, r.choice(brands), _theme(period, r), period, r.choice(list(MARKETS)))


def _negative(kind: str, a: Concept, r: Random, brands: list[Group]) -> Concept:
    if kind == "other_year":
        p = a.period
        neg = replace(a, period=_period(p.kind, p.name, p.year + r.choice((-1, 1))))
    elif kind == "other_market":
        far = [m for m in MARKETS if not markets_compatible(m, a.market)]
        neg = replace(a, market=r.choice(far))
    else:
        neg = replace(a, brand=r.choice([b for b in brands if b is not a.brand]))
    return replace(neg, kind=kind, anchor=a.cluster)


def _period_names(kind: str) -> list[str]:
    if kind == "season":
        return list(SEASONS)
    if kind == "event":
        return list(EVENTS)
    return list(calendar.month_abbr)[1:]


def _period(kind: str, name: str, year: int) -> Period:
    d = datetime.date
    if kind == "season":
        m0 = SEASONS[name][0]
        start = d(year, m0, 1)
        m2, y2 = (m0 + 2 - 1) % 12 + 1, year + (m0 + 2 > 12)
        end = d(y2, m2, calendar.monthrange(y2, m2)[1])
    elif kind == "event":
        (m1, d1), (m2, d2) = EVENTS[name]
        start, end = d(year, m1, d1), d(year, m2, d2)
    else:
        m = list(calendar.month_abbr).index(name)
        start, end = d(year, m, 1), d(year, m, calendar.monthrange(year, m)[1])
    return Period(kind, name, year, start, end)


def _theme(p: Period, r: Random) -> str:
    if p.kind == "season":
        return f"{p.name} {r.choice(_SEASON_SUFFIXES)}"
    if p.kind == "event":
        return _EVENT_THEMES.get(p.name, p.name)
    return r.choice(_MONTH_THEMES)


def _dt(p: Period, r: Random) -> datetime.date:
    return p.start + datetime.timedelta(days=r.randint(-14, (p.end - p.start).days))


# -- surfaces


def _styled(text: str, style: str, inner: str = "") -> str:
    """``text`` in a naming style of :mod:`~ner_model.synthetic.campaign_names`."""
    return "".join(t for t, _ in style_field([[text, None]], style, inner))


def _brand(c: Concept, r: Random, code_p: float = 0.0) -> str:
    if c.brand.codes and r.random() < code_p:
        return r.choice(c.brand.codes)
    return c.brand.pick_form(r, 0.2)


def _time_code(p: Period, r: Random) -> str:
    """``ss25``, ``bf24``, ``jun25``: the period as a short code."""
    yy = f"{p.year % 100:02d}"
    if p.kind == "season":
        return r.choice(SEASONS[p.name][1]) + yy
    if p.kind == "event":
        codes = _times.HOLIDAY_CODES.get(p.name) or ["".join(w[0] for w in p.name.split())]
        return codes[0].lower() + yy
    return p.name.lower() + yy


def _mon_yy(p: Period) -> str:
    return f"{calendar.month_abbr[p.start.month]}{p.start.year % 100:02d}"


def _objective(r: Random) -> str:
    return r.choice(_naming.CN_FIELDS["objective"])


def _meta(c: Concept, r: Random) -> str:  # Puma_FR_SummerSale2025_Prospecting
    theme = _styled(c.theme, "pascal") + str(c.period.year)
    fields = [_styled(_brand(c, r, 0.35), "pascal"), c.market, theme, _objective(r)]
    return "_".join(_styled(f, "pascal") for f in fields)


def _google_ads(c: Concept, r: Random) -> str:  # puma-fr-ss25-retargeting
    fields = [_brand(c, r, 0.35), c.market, _time_code(c.period, r), _objective(r)]
    return "-".join(_styled(f, "lower", "-") for f in fields)


def _dv360(c: Concept, r: Random) -> str:  # PUMA | Summer Sale | France | Jun25
    brand = _brand(c, r, 0.35)
    brand = brand.upper() if r.random() < 0.5 else brand
    market = MARKETS[c.market].removeprefix("the ")
    return " | ".join((brand, c.theme, market, _mon_yy(c.period)))


def _tiktok(c: Concept, r: Random) -> str:  # 2025-06_Puma_FR_TikTok_Awareness_9x16
    fields = [
        f"{c.period.start:%Y-%m}",
        _brand(c, r),
        c.market,
        _styled(c.theme, "pascal"),
        "TikTok",
        _objective(r),
        r.choice(_naming.CN_FIELDS["format"]),
    ]
    return "_".join(f.replace(" ", "-") for f in fields)


_EMAIL = (
    "{brand} {theme_l}: up to {pct}% off in {market}",
    "The {brand} {theme} is here, {market}!",
    "Your early access to the {brand} {theme} ({market_s}) starts now",
    "{theme} {year} at {brand} – {market_s} only",
)
_SMS = (
    "{BRAND}: {theme} is ON in {market}! {pct}% off sitewide. Reply STOP to opt out",
    "{brand} {market_s}: our {theme_l} ends soon. {pct}% off, today only. STOP to end",
)
_PUSH = (
    "{theme} 🔥 {pct}% off at {brand} {market_s}",
    "{brand}: the {theme_l} just dropped in {market} 🛍️",
)


def _prose(templates: tuple[str, ...]) -> Callable[[Concept, Random], str]:
    def render(c: Concept, r: Random) -> str:
        brand = _brand(c, r)
        market = MARKETS[c.market]
        return r.choice(templates).format(
            brand=brand,
            BRAND=brand.upper(),
            theme=c.theme,
            theme_l=c.theme.lower(),
            market=market,
            market_s=market.removeprefix("the "),
            year=c.period.year,
            pct=r.choice((15, 20, 25, 30, 40, 50)),
        )

    return render


RENDER: dict[str, Callable[[Concept, Random], str]] = {
    "meta": _meta,
    "google_ads": _google_ads,
    "dv360": _dv360,
    "tiktok": _tiktok,
    "email": _prose(_EMAIL),
    "sms": _prose(_SMS),
    "push": _prose(_PUSH),
}
