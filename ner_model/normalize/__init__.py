"""Normalized values of extracted spans: keys a data team can join on.

* TIME -> a half-open local calendar interval, a grain and the written time zone
  (:mod:`.time`, relative to a reference date);
* BRAND -> a stable brand id, display name and parent brand (:mod:`.brand`, an alias table
  shipped in ``data/brands.csv`` that a user extends);
* LOCATION -> ISO 3166-1 country, ISO 3166-2 subdivision, GeoNames id, market countries
  (:mod:`.location`).

Conventions: ``docs/normalization.md``. Every function returns a value with a ``status``
instead of raising on text it cannot read. Names load on first use.
"""

from __future__ import annotations

from ner_model._lazy import lazy_exports

_EXPORTS = {
    "TimeOptions": "ner_model.normalize.time",
    "TimeValue": "ner_model.normalize.time",
    "normalize_time": "ner_model.normalize.time",
    "normalize_times": "ner_model.normalize.time",
    "BrandTable": "ner_model.normalize.brand",
    "BrandTableError": "ner_model.normalize.brand",
    "BrandValue": "ner_model.normalize.brand",
    "LocationValue": "ner_model.normalize.location",
    "PlaceTableError": "ner_model.normalize.location",
    "link_location": "ner_model.normalize.location",
    "link_locations": "ner_model.normalize.location",
    "location_table_version": "ner_model.normalize.location",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports("ner_model.normalize", _EXPORTS, globals())
