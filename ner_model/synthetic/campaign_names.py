"""Structured campaign names in ad-platform naming conventions
(``Nike_US_BlackFriday2024_Prospecting``, ``COKE | Summer Refresh | London | Jun25``,
``nike-us-bf24-retargeting``): fields, their styles, and the decorations people add."""

from __future__ import annotations

import re

from ner_model.synthetic.grammar import Seg
from ner_model.synthetic.lexicons import naming as _naming
from ner_model.synthetic.near_brand import line_pair
from ner_model.synthetic.rows import Row
from ner_model.synthetic.time_patterns import holiday

_DIGIT_APOS = re.compile(r"(?<=\d)['’](?=\d)")
_APOS = re.compile(r"['’]")


def campaign_name(row: Row) -> list[Seg]:
    """One campaign name for ``row``'s brand, in a convention of
    :data:`~ner_model.synthetic.lexicons.naming.CONVENTIONS`."""
    r = row.r
    fields_spec, join, style, inner = r.choice(_naming.CONVENTIONS)
    fields: list[list[Seg]] = []
    for fname, prob in fields_spec:
        if r.random() >= prob:
            continue
        fields.append(_field(row, fname))
    if r.random() < 0.15:  # shuffle a pair: conventions drift between teams
        i = r.randrange(len(fields))
        j = r.randrange(len(fields))
        fields[i], fields[j] = fields[j], fields[i]
    rendered = [style_field(f, style, inner) for f in fields]
    out: list[Seg] = []
    for i, f in enumerate(rendered):
        if i:
            out.append([join, None])
        out += f
    return _decorate(row, out, style)


def _decorate(row: Row, out: list[Seg], style: str) -> list[Seg]:
    """Decorations ad platforms and people add: copy suffixes, a ``[market]`` prefix, or
    the whole name as a ``utm_campaign`` value."""
    r = row.r
    x = r.random()
    if x < 0.06:
        out.append([r.choice((" - Copy", " (copy)", " – Copy 2", " (2)", "_copy")), None])
    elif x < 0.10 and style != "lower":
        market = _field(row, "market")
        out[:0] = [["[", None], *style_field(market, "as_is", " "), ["] ", None]]
    elif x < 0.13:
        out = [["utm_campaign=", None], *_utm(out)]
    return out


def _field(row: Row, fname: str) -> list[Seg]:
    """The segments of one field (``brand``, ``market``, ``time``, ``theme`` ...)."""
    special = _FIELDS.get(fname)
    if special is not None:
        return special(row)
    return [[row.r.choice(_naming.CN_FIELDS[fname]), None]]


def _brand_field(row: Row) -> list[Seg]:
    r = row.r
    g = row.brand
    if g.codes and r.random() < 0.35:
        return [[r.choice(g.codes), "BRAND"]]
    return [[row.brand_text, "BRAND"]]


def _market_field(row: Row) -> list[Seg]:
    """A market code or name; sometimes ``TX-Austin`` or a locale code (``en-GB``)."""
    r = row.r
    if r.random() < 0.12 and row.p.citystate:
        city, admin = r.choice(row.p.citystate)
        if admin.codes:
            return [
                [r.choice(admin.codes), "LOCATION"],
                ["-", None],
                [city.pick_form(r, 0.3), "LOCATION"],
            ]
    form = r.choices(row.p.markets, cum_weights=row.p.markets_cum)[0][0]
    if r.random() < 0.08 and form.isupper() and len(form) == 2:  # locale code: en-GB, es-MX
        lang = r.choice(("en", "es", "fr", "de", "pt")) + r.choice(("-", "_"))
        return [[lang, None], [form, "LOCATION"]]
    return [[form, "LOCATION"]]


def _time_field(row: Row) -> list[Seg]:
    x = row.r.random()
    slot = "code" if x < 0.6 else ("holiday" if x < 0.75 else ("season" if x < 0.85 else "period"))
    return [[row.time(slot), "TIME"]]


def _theme_field(row: Row) -> list[Seg]:
    """A theme: a plain one, or one built on a season, holiday, product, city or partner."""
    r = row.r
    x = r.random()
    if x < 0.45:
        return [[r.choice(_naming.CN_FIELDS["theme"]), None]]
    if x < 0.6:
        season = row.time("season")
        suffix = r.choice(("Refresh", "Sale", "Collection", "Launch", "Campaign", "Promo"))
        return [[season, "TIME"], [" " + suffix, None]]
    if x < 0.75:
        hol = row.time("holiday")
        suffix = r.choice(("Gifting", "Sale", "Promo", "Push", "Deals", "Campaign"))
        return [[hol, "TIME"], [" " + suffix, None]]
    if x < 0.85:
        suffix = [" " + r.choice(("Launch", "Push", "Promo", "Drop")), None]
        if r.random() < 0.5:
            return [[line_pair(row)[1], "BRAND"], suffix]
        return [[row.filler("Product"), None], suffix]
    if x < 0.92:
        out: list[Seg] = []
        row.location("city", out)
        suffix = r.choice(("Opening", "Store Launch", "Expansion", "Market Entry"))
        return [*out, [" " + suffix, None]]
    return [
        [row.brand2, "BRAND"],
        [" " + r.choice(("Collab", "x Collab", "Partnership")), None],
    ]


def _product_field(row: Row) -> list[Seg]:
    """A generic product (O) or, as often, the brand's named product line (BRAND)."""
    if row.r.random() < 0.5:
        return [[line_pair(row)[1], "BRAND"]]
    return [[row.filler("Product"), None]]


def _id_field(row: Row) -> list[Seg]:
    r = row.r
    prefix = r.choice(("CMP", "ID", "C", "cid", "CAMP", "IO", "PO", "MKT"))
    return [[prefix + r.choice(("", "-", "#")) + str(r.randint(10000, 9999999)), None]]


def _holiday_field(row: Row) -> list[Seg]:
    """A holiday or event name without a year (the year is its own field)."""
    return [[holiday(row.r, row.p.lex), "TIME"]]


def _year_field(row: Row) -> list[Seg]:
    return [[row.time("year"), "TIME"]]


_FIELDS = {
    "brand": _brand_field,
    "holiday": _holiday_field,
    "year": _year_field,
    "market": _market_field,
    "time": _time_field,
    "theme": _theme_field,
    "product": _product_field,
    "id": _id_field,
}


def _utm(segs: list[Seg]) -> list[Seg]:
    """A campaign name as a ``utm_campaign`` value: lower case, no spaces."""
    out = []
    for text, label in segs:
        if label is None:
            text = re.sub(r"\s*[|/:]+\s*|\s+-\s+", "_", text)
        out.append([text.lower().replace(" ", "_"), label])
    return out


def style_field(segs: list[Seg], style: str, inner: str) -> list[Seg]:
    """Render one field's segments in a naming style; spaces inside the field become
    ``inner`` (a lower/upper field never glues words without a separator)."""
    out = []
    multi = len(segs) > 1 or " " in segs[0][0]
    sep = inner if (inner or style not in ("lower", "upper")) else ("-" if multi else "")
    for text, label in segs:
        if style != "as_is":  # Q3'24 -> Q3-24, St. Patrick's -> St. Patricks
            text = _APOS.sub("", _DIGIT_APOS.sub("-", text))
        if style == "pascal":  # "Q3 2024" -> "Q3-2024", not "Q32024"
            text = re.sub(r"(?<=\d) (?=\d)", "-", text)
            text = "".join(w[:1].upper() + w[1:] for w in text.split(" "))
        elif style == "upper":
            text = text.upper().replace(" ", sep)
        elif style == "lower":
            text = text.lower().replace(" ", sep)
        elif style == "title" and label != "BRAND":
            text = " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
        out.append([text, label])
    return out
