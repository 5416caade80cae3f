"""BRAND spans -> brand ids: a stable slug, the display name and the parent brand's id.

The alias table is ``data/brands.csv`` (one row per brand: canonical name, aliases, campaign
codes, optional parent, optional Wikidata id); a user file of the same format extends it and
overrides shipped rows with the same canonical name (``BrandTable.load(extra=...)``).

Matching a surface (``BrandTable.link``), first hit wins:

1. exact lookup of the surface's match key (accents stripped, casefolded, apostrophes and
   dots dropped, other punctuation a space, ``and`` -> ``&``, ``+`` -> ``plus``), then of
   its compact key (spaces removed: ``Coca Cola`` = ``CocaCola`` = ``Coca-Cola``);
2. the same for the surface without a possessive, a legal suffix (``cleanco``) or a leading
   "the";
3. a parent brand followed by one of its own sub-brands (``Sony PlayStation 5``), a known
   name followed by model tokens only (``iPhone 16 Pro Max``, ``Galaxy S24 Ultra``) or by a
   descriptor (``Nike Store``, ``Amazon.com``);
4. ``rapidfuzz`` on the compact keys, only for keys of 5+ characters and never against a
   short alias or a campaign code, with a strict cutoff.

Anything else is ``unlinked`` with the compact key of its own cleaned surface as its id, so
``Acme Widgets``, ``ACME widgets``, ``acme-widgets`` and ``AcmeWidgets Inc.`` group.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cleanco import basename
from cleanco.clean import normalized, prepare_default_terms, strip_punct, strip_tail
from rapidfuzz import fuzz, process

SHIPPED_BRANDS = Path(__file__).parent / "data" / "brands.csv"
REQUIRED_COLUMNS = ("name", "aliases")
OPTIONAL_COLUMNS = ("codes", "parent", "wikidata")
FUZZY_MIN_LEN = 5
FUZZY_CUTOFF = 92.0
RULES_VERSION = "brand-rules-1"  # part of BrandTable.version: bump when matching changes
_CACHE_MAX = 200_000

# Tokens that may follow a product line without making it another product (iPhone 16 Pro).
_MODEL_TOKEN = re.compile(
    r"^(?:[a-z]{0,4}\d+[a-z]*|pro|max|plus|ultra|mini|air|se|lite|fe|fold|flip|edge|xl|xs"
    r"|x|s|z|series|gen|edition|new|oled|slim|one)$"
)
# Words after a brand name that still mean the brand itself (Nike Store, Amazon.com).
_DESCRIPTORS = frozenset(
    "store stores shop shops app official online brand brands com usa us uk".split()
)
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_POSSESSIVE = re.compile(r"(?:'s|s')$", re.IGNORECASE)
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")


class BrandTableError(ValueError):
    """A brand CSV that cannot be used; the message is one line naming the file and row."""


@dataclass(frozen=True)
class BrandValue:
    """A linked (or unlinked) BRAND span.

    ``status`` is ``linked`` (found in the table) or ``unlinked`` (``brand_id`` is then the
    compact slug of the surface itself); ``parent_brand_id`` is set for product lines and
    sub-brands (``playstation`` -> ``sony``)."""

    status: str
    brand_id: str
    brand_name: str
    parent_brand_id: str | None


@dataclass(frozen=True)
class BrandRow:
    """One row of a brand CSV, as read (``line`` is its 1-based line in ``source``)."""

    name: str
    aliases: tuple[str, ...]
    codes: tuple[str, ...]
    parent: str | None
    wikidata: str | None
    source: str
    line: int

    @property
    def brand_id(self) -> str:
        """The row's stable id: the slug of its canonical name."""
        return slug(self.name)


# ---------------------------------------------------------------------------------------
# Text keys


def fold(text: str) -> str:
    """Casefolded ``text`` without accents, with typographic quotes as ``'``."""
    if text.isascii():
        return text.casefold().replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold().translate(_LETTERS)


def match_key(text: str) -> str:
    """The key a surface and an alias are compared by: ``Coca-Cola`` -> ``coca cola``,
    ``McDonald's`` -> ``mcdonalds``, ``Ben and Jerry's`` -> ``ben&jerrys``."""
    t = fold(text).strip().lstrip("#@")
    t = re.sub(r"\.com\b", " com", t)
    t = re.sub(r"\band\b", "&", t)
    t = t.replace("+", " plus ")
    t = re.sub(r"['.]", "", t)
    t = re.sub(r"[^0-9a-z&]+", " ", t)
    t = re.sub(r"\s*&\s*", "&", t).strip("& ")
    return " ".join(t.split())


def compact_key(key: str) -> str:
    """``key`` without spaces: ``coca cola`` -> ``cocacola``."""
    return key.replace(" ", "")


def slug(name: str) -> str:
    """The stable id of a canonical name: ``Coca-Cola`` -> ``coca-cola``, ``H&M`` ->
    ``h-and-m``, ``Disney+`` -> ``disney-plus``, ``McDonald's`` -> ``mcdonalds``."""
    t = fold(name).replace("&", " and ").replace("+", " plus ")
    t = re.sub(r"['.]", "", t)
    return "-".join(re.findall(r"[0-9a-z]+", t))


def unlinked_slug(surface: str) -> str:
    """The id of a brand that is not in the table: the compact key of its cleaned surface
    (``Acme Widgets Inc.``, ``acme-widgets``, ``#AcmeWidgets`` -> ``acmewidgets``)."""
    key = compact_key(match_key(_variants(surface)[-1]))
    return key.replace("&", "and") or "unknown"


# the last word of every legal suffix cleanco knows: a name ending otherwise has none, and
# cleanco's own test of every suffix is the slow part of linking a new brand
_LEGAL_LAST = frozenset(parts[-1] for _, parts in prepare_default_terms())


def _may_have_legal_suffix(text: str) -> bool:
    words = normalized(strip_tail(text)).split()
    return bool(words) and strip_punct(words[-1]) in _LEGAL_LAST


def _strip_legal(text: str) -> str:
    """``text`` without legal suffixes (``Acme Widgets, Inc.`` -> ``Acme Widgets``)."""
    for _ in range(4):
        if not _may_have_legal_suffix(text):
            break
        stripped = basename(text).strip().rstrip(",").strip()
        if not stripped or stripped == text:
            break
        text = stripped
    return text


def _strip_possessive(text: str) -> str:
    """``text`` without a trailing possessive (``Nike's`` -> ``Nike``)."""
    return _POSSESSIVE.sub("", text)


def _strip_the(text: str) -> str:
    """``text`` without a leading "the" (``The Home Depot`` -> ``Home Depot``)."""
    return _THE.sub("", text)


def _variants(surface: str) -> list[str]:
    """The surface and its cleaner forms, most literal first: without a possessive, a legal
    suffix or a leading "the" (in every combination); the last is the cleanest."""
    text = " ".join(surface.translate(_QUOTES).split()).strip().lstrip("#@")
    out = [text]
    for clean in (_strip_possessive, _strip_legal, _strip_the):
        for v in list(out):
            cleaned = clean(v).strip()
            if cleaned and cleaned not in out:
                out.append(cleaned)
    return out


# ---------------------------------------------------------------------------------------
# Reading CSVs


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def read_rows(path: Path) -> list[BrandRow]:
    """The rows of one brand CSV, checked row by row (``BrandTableError`` names the file
    and the line: a missing or unknown column, an empty name, a bad Wikidata id, a name or
    alias used by two brands of the file)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = [h.strip() for h in (reader.fieldnames or [])]
            _check_header(path, header)
            reader.fieldnames = header
            rows = [_row(path, reader.line_num, rec) for rec in reader]
    except OSError as e:
        raise BrandTableError(f"{path}: cannot read brand table: {e.strerror or e}") from e
    except (csv.Error, UnicodeDecodeError) as e:
        raise BrandTableError(f"{path}: not a readable CSV: {e}") from e
    _check_keys(rows)
    return rows


def _check_header(path: Path, header: list[str]) -> None:
    for col in REQUIRED_COLUMNS:
        if col not in header:
            raise BrandTableError(f"{path}: row 1: missing column {col!r} (need name,aliases;"
                                  f" optional codes,parent,wikidata)")
    for col in header:
        if col not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            raise BrandTableError(f"{path}: row 1: unknown column {col!r}")


def _row(path: Path, line: int, rec: dict) -> BrandRow:
    if None in rec:
        raise BrandTableError(f"{path}: row {line}: more cells than columns")
    name = (rec.get("name") or "").strip()
    if not name or not slug(name):
        raise BrandTableError(f"{path}: row {line}: empty canonical name")
    wikidata = (rec.get("wikidata") or "").strip() or None
    if wikidata and not _WIKIDATA.match(wikidata):
        raise BrandTableError(f"{path}: row {line}: wikidata {wikidata!r} is not a Q-id")
    return BrandRow(name, _split(rec.get("aliases")), _split(rec.get("codes")),
                    (rec.get("parent") or "").strip() or None, wikidata, str(path), line)


def _row_keys(row: BrandRow) -> Iterator[str]:
    for text in (row.name, *row.aliases, *row.codes):
        key = match_key(text)
        if key:
            yield key


def _check_keys(rows: list[BrandRow]) -> None:
    """Within one file, a canonical name appears once and a key points at one brand."""
    owner: dict[str, BrandRow] = {}
    ids: dict[str, BrandRow] = {}
    for row in rows:
        first = ids.setdefault(row.brand_id, row)
        if first is not row:
            raise BrandTableError(f"{row.source}: row {row.line}: brand {row.name!r} is "
                                  f"already defined on row {first.line}")
        for key in _row_keys(row):
            other = owner.setdefault(key, row)
            if other.brand_id != row.brand_id:
                raise BrandTableError(
                    f"{row.source}: row {row.line}: alias {key!r} of {row.name!r} already "
                    f"points at {other.name!r} (row {other.line})")


# ---------------------------------------------------------------------------------------
# The table


class BrandTable:
    """The brand rows in use (shipped + user) and the lookup built from them."""

    def __init__(self, rows: Iterable[BrandRow]):
        self.rows: dict[str, BrandRow] = {r.brand_id: r for r in rows}
        self._exact: dict[str, str] = {}
        self._compact: dict[str, str | None] = {}
        self._fuzzy: dict[str, str] = {}
        self._by_length: dict[int, list[str]] = {}  # the fuzzy keys by length, made on first use
        self._cache: dict[str, BrandValue] = {}
        self._index()
        self._check_parents()
        self.version = self._hash()

    @classmethod
    def load(cls, extra: Path | None = None) -> BrandTable:
        """The shipped table, extended and overridden by the user CSV ``extra``: a user row
        replaces the shipped row with the same canonical name, and a user alias wins over a
        shipped alias of another brand."""
        shipped = read_rows(SHIPPED_BRANDS)
        if extra is None:
            return cls(shipped)
        user = read_rows(Path(extra))
        user_ids = {r.brand_id for r in user}
        user_keys = {k for r in user for k in _row_keys(r)}
        kept = [_without_keys(r, user_keys) for r in shipped if r.brand_id not in user_ids]
        return cls([*kept, *user])

    # -- building ---------------------------------------------------------------------

    def _index(self) -> None:
        """Keys -> brand ids. Rows come shipped first, user rows last: a user row's key
        wins over a shipped one; a compact key two brands of one file share matches none."""
        compact_source: dict[str, str] = {}
        for bid, row in self.rows.items():
            for text in (row.name, *row.aliases, *row.codes):
                key = match_key(text)
                if not key:
                    continue
                self._exact[key] = bid
                ck = compact_key(key)
                owner = self._compact.get(ck, bid)
                same_file = compact_source.get(ck, row.source) == row.source
                self._compact[ck] = None if owner != bid and same_file else bid
                compact_source[ck] = row.source
                if text not in row.codes and len(ck) >= FUZZY_MIN_LEN:
                    self._fuzzy[ck] = bid
        for ck in list(self._fuzzy):
            if self._compact.get(ck) is None:
                del self._fuzzy[ck]

    def _check_parents(self) -> None:
        for bid, row in self.rows.items():
            if row.parent is None:
                continue
            parent = self._parent_id(row)
            if parent is None:
                raise BrandTableError(f"{row.source}: row {row.line}: parent {row.parent!r} "
                                      f"of {row.name!r} is not in the brand table")
            seen = {bid}
            while parent is not None:
                if parent in seen:
                    raise BrandTableError(f"{row.source}: row {row.line}: parent "
                                          f"{row.parent!r} of {row.name!r} makes a cycle")
                seen.add(parent)
                parent = self._parent_id(self.rows[parent])

    def _parent_id(self, row: BrandRow) -> str | None:
        if row.parent is None:
            return None
        pid = slug(row.parent)
        return pid if pid in self.rows else None

    def _hash(self) -> str:
        rows = sorted(
            [r.name, list(r.aliases), list(r.codes), r.parent, r.wikidata]
            for r in self.rows.values())
        blob = json.dumps([RULES_VERSION, rows], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    # -- lookup -----------------------------------------------------------------------

    def link(self, surface: str) -> BrandValue:
        """The brand a BRAND span names (cached per distinct surface)."""
        hit = self._cache.get(surface)
        if hit is None:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            hit = self._cache[surface] = self._link(surface)
        return hit

    def value(self, brand_id: str) -> BrandValue | None:
        """The linked value of a brand id in the table (None when it is not there)."""
        row = self.rows.get(brand_id)
        if row is None:
            return None
        return BrandValue("linked", brand_id, row.name, self._parent_id(row))

    def _link(self, surface: str) -> BrandValue:
        variants = _variants(surface)
        keys = [k for k in (match_key(v) for v in variants) if k]
        for find in (self._exact_id, self._composed_id, self._fuzzy_id):
            for key in keys:
                bid = find(key)
                if bid is not None:
                    return self.value(bid)  # type: ignore[return-value]
        return BrandValue("unlinked", unlinked_slug(surface), variants[-1], None)

    def _exact_id(self, key: str) -> str | None:
        bid = self._exact.get(key)
        return bid if bid is not None else self._compact.get(compact_key(key))

    def _composed_id(self, key: str) -> str | None:
        """A parent followed by its own sub-brand, or a name followed by model tokens or a
        descriptor."""
        tokens = key.split()
        for k in range(1, len(tokens)):
            head = self._exact_id(" ".join(tokens[:k]))
            if head is None:
                continue
            tail = " ".join(tokens[k:])
            if all(t in _DESCRIPTORS for t in tokens[k:]):
                return head
            sub = self._exact_id(tail) or self._model_id(tail)
            if sub is not None and head in self._ancestors(sub):
                return sub
        return self._model_id(key)

    def _model_id(self, key: str) -> str | None:
        tokens = key.split()
        for k in range(len(tokens) - 1, 0, -1):
            if all(_MODEL_TOKEN.match(t) for t in tokens[k:]):
                bid = self._exact_id(" ".join(tokens[:k]))
                if bid is not None:
                    return bid
            else:
                break
        return None

    def _ancestors(self, bid: str) -> list[str]:
        out = [bid]
        parent = self._parent_id(self.rows[bid])
        while parent is not None and parent not in out:
            out.append(parent)
            parent = self._parent_id(self.rows[parent])
        return out

    def _fuzzy_candidates(self, n: int) -> list[str]:
        """The fuzzy keys whose length allows a ratio of ``FUZZY_CUTOFF`` with a key of
        length ``n``: ``ratio = 2 M / (a + b) <= 2 min / (a + b)``, so the shorter length is
        at least ``c / (2 - c)`` of the longer (``c`` the cutoff as a fraction)."""
        if not self._by_length:
            for k in self._fuzzy:
                self._by_length.setdefault(len(k), []).append(k)
        c = FUZZY_CUTOFF / 100.0
        r = c / (2.0 - c)
        lo, hi = math.ceil(n * r), math.floor(n / r)
        return [k for m in range(lo, hi + 1) for k in self._by_length.get(m, ())]

    def _fuzzy_id(self, key: str) -> str | None:
        ck = compact_key(key)
        if len(ck) < FUZZY_MIN_LEN or not self._fuzzy:
            return None
        best = process.extract(ck, self._fuzzy_candidates(len(ck)), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF, limit=2)
        if not best:
            return None
        if len(best) == 2 and best[1][1] == best[0][1]:
            if self._fuzzy[best[1][0]] != self._fuzzy[best[0][0]]:
                return None  # a tie between two brands: do not guess
        return self._fuzzy[best[0][0]]


def _without_keys(row: BrandRow, keys: set[str]) -> BrandRow:
    """``row`` without the aliases and codes whose keys a user row took over."""
    aliases = tuple(a for a in row.aliases if match_key(a) not in keys)
    codes = tuple(c for c in row.codes if match_key(c) not in keys)
    if (aliases, codes) == (row.aliases, row.codes):
        return row
    return BrandRow(row.name, aliases, codes, row.parent, row.wikidata, row.source, row.line)
