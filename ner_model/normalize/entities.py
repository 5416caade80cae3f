"""The normalized value of every entity of one text: what the output tables and ``tag`` show.

One :class:`Normalizer` per run: it holds the brand table (the shipped one plus a user's
``--brands`` file) and the TIME options, and its :attr:`Normalizer.version` names everything
that changes its output, so a partition made with other tables or rules is made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from pathlib import Path

from ner_model.normalize.brand import BrandTable
from ner_model.normalize.location import link_locations, location_table_version
from ner_model.normalize.time import TimeOptions, normalize_times

# bump when the way values are chosen changes (the tables' own versions are added to it)
NORMALIZER_VERSION = "normalize-v2"


@dataclass(frozen=True)
class Normalized:
    """The value of one entity; fields that do not apply to its label are None.

    ``norm_status``: TIME ``ok``, ``unresolved``, ``out_of_range`` or ``no_reference`` (the
    row has no reference date); BRAND ``linked`` or ``unlinked``; LOCATION ``linked``,
    ``ambiguous`` or ``unlinked``; ``none`` for a label no normalizer knows.
    """

    norm_status: str
    value_start: datetime | None = None  # TIME: naive local, inclusive
    value_end: datetime | None = None  # TIME: naive local, exclusive
    grain: str | None = None  # TIME: minute ... year
    tz: str | None = None  # TIME: the time zone as written (not applied)
    brand_id: str | None = None  # BRAND: a stable slug
    brand_name: str | None = None
    parent_brand_id: str | None = None
    country_code: str | None = None  # LOCATION: ISO 3166-1 alpha-2
    subdivision_code: str | None = None  # LOCATION: ISO 3166-2 (first level)
    geonames_id: int | None = None
    market: str | None = None  # LOCATION: a market code (DACH, EMEA ...)
    market_countries: tuple[str, ...] | None = None

    def to_json(self) -> dict:
        """JSON-ready fields (ISO ``YYYY-MM-DDTHH:MM`` times, lists for tuples)."""
        out = asdict(self)
        for k in ("value_start", "value_end"):
            if out[k] is not None:
                out[k] = out[k].isoformat(timespec="minutes")
        if out["market_countries"] is not None:
            out["market_countries"] = list(out["market_countries"])
        return out


FIELDS = tuple(f.name for f in fields(Normalized))
_NONE = Normalized("none")


class Normalizer:
    """Normalizes the entities of one text at a time (every step cached per distinct span).

    Args:
        brands: the brand table (default: the shipped one).
        time_options: how to read ambiguous numeric dates and fiscal years.
    """

    def __init__(self, brands: BrandTable | None = None,
                 time_options: TimeOptions | None = None) -> None:
        self.brands = brands or BrandTable.load()
        self.time_options = time_options or TimeOptions()
        h = hashlib.sha256()
        for part in (NORMALIZER_VERSION, self.brands.version, location_table_version(),
                     repr(self.time_options)):
            h.update(part.encode())
            h.update(b"\0")
        self.version = f"{NORMALIZER_VERSION}-{h.hexdigest()[:12]}"

    @classmethod
    def load(cls, brands: Path | str | None = None, day_first: bool = False) -> Normalizer:
        """The normalizer of a run: the shipped brand table plus ``brands`` (a user's CSV).

        Raises:
            BrandTableError: the CSV is unreadable (the message names file and row).
        """
        table = BrandTable.load(Path(brands) if brands else None)
        return cls(table, TimeOptions(day_first=day_first))

    def normalize(self, labels: Sequence[str], texts: Sequence[str],
                  reference: date | None) -> list[Normalized]:
        """The values of the entities of ONE input text, in text order.

        Args:
            labels: each entity's label (``BRAND``, ``TIME``, ``LOCATION`` or another).
            texts: each entity's surface text.
            reference: the date relative times are read against (the row's partition
                date or reference column); None makes every TIME ``no_reference``.
        """
        out = [_NONE] * len(labels)
        times = [i for i, lab in enumerate(labels) if lab == "TIME"]
        places = [i for i, lab in enumerate(labels) if lab == "LOCATION"]
        if times:
            if reference is None:
                for i in times:
                    out[i] = Normalized("no_reference")
            else:
                values = normalize_times([texts[i] for i in times], reference, self.time_options)
                for i, v in zip(times, values, strict=True):
                    out[i] = Normalized(v.status, v.start, v.end, v.grain, v.tz)
        if places:
            for i, v in zip(places, link_locations([texts[i] for i in places]), strict=True):
                out[i] = Normalized(
                    v.status, country_code=v.country_code, subdivision_code=v.subdivision_code,
                    geonames_id=v.geonames_id, market=v.market,
                    market_countries=v.market_countries,
                )
        for i, lab in enumerate(labels):
            if lab == "BRAND":
                b = self.brands.link(texts[i])
                out[i] = Normalized(b.status, brand_id=b.brand_id, brand_name=b.brand_name,
                                    parent_brand_id=b.parent_brand_id)
        return out
