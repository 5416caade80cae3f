"""Non-entity slots of the grammar (``{product}``, ``{pct}``, ``{url}``, ``{promo}`` ...):
the text around the entities, which must never be tagged."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ner_model.synthetic.lexicons import templates as _tpl

if TYPE_CHECKING:
    from ner_model.synthetic.rows import Row

_PROMO_WORDS = "SAVE GET TREAT WELCOME EXTRA VIP HELLO FREESHIP THANKS APP FIRST LOVE".split()
_CODE_CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def fill(row: Row, name: str) -> str:
    """The text of non-entity slot ``name`` for ``row``."""
    try:
        fn = FILLERS[name]
    except KeyError:
        raise KeyError(f"unknown slot {name!r}") from None
    return fn(row)


def _product(row: Row) -> str:
    return row.r.choice(_tpl.PRODUCTS[row.sector])


def _product_title(row: Row) -> str:
    p = row.r.choice(_tpl.PRODUCTS[row.sector])
    return " ".join(w if w[:1].isupper() else w.capitalize() for w in p.split())


def _pct(row: Row) -> str:
    return f"{row.r.choice((10, 15, 20, 25, 30, 30, 40, 50, 50, 60, 70))}%"


def _money(row: Row) -> str:
    r = row.r
    cur = r.choice(("$", "$", "$", "£", "€", "$", "£"))
    amt = r.choice((5, 10, 15, 20, 25, 29, 35, 49, 50, 75, 99, 100, 150, 199, 250, 1299))
    cents = ".99" if amt < 100 and r.random() < 0.25 else ""
    return f"{cur}{amt - 1 if cents else amt:,}{cents}"


def _first_name(row: Row) -> str:
    return row.r.choice(row.p.first_names)


def _url(row: Row) -> str:
    r = row.r
    h = row.handle(row.brand_text).lower() or "shop"
    # Every candidate is drawn (codes included) before the choice.
    return r.choice(
        (
            f"https://bit.ly/{_code(row, 6)}",
            f"https://{h}.com/{r.choice(('sale', 'deals', 'app', 'offer'))}",
            f"https://www.{h}.com",
            f"https://{h}.co/{_code(row, 4)}",
            f"https://go.{h}.com/{_code(row, 5)}",
            f"bit.ly/{_code(row, 7)}",
        )
    )


def _promo(row: Row) -> str:
    r = row.r
    word = r.choice(_PROMO_WORDS)
    return word + r.choice(("", "10", "15", "20", "25", "30", "50"))


def _emoji(row: Row) -> str:
    r = row.r
    pool = _tpl.EMOJI_SECTOR[row.sector] if r.random() < 0.5 else _tpl.EMOJI_GENERIC
    return r.choice(pool)


def _hashtags(row: Row) -> str:
    r = row.r
    return " ".join(r.sample(_tpl.GENERIC_HASHTAGS, r.randint(1, 3)))


def _crowd(row: Row) -> str:
    return row.r.choice(("10,000+", "50K+", "1M+", "250,000+", "2 million", "100k", "500,000+"))


def _num(row: Row) -> str:
    return str(row.r.choice((2, 3, 4, 5, 6, 10, 12, 20, 50, 100, 250, 500, 1200)))


def _ordernum(row: Row) -> str:
    return str(row.r.randint(100000, 99999999))


def _digits(row: Row) -> str:
    return f"{row.r.randint(0, 999999):06d}"


def _email(row: Row) -> str:
    user = row.r.choice(("events", "rsvp", "hello", "team"))
    return f"{user}@{row.handle(row.brand_text).lower() or 'brand'}.com"


def _code(row: Row, n: int) -> str:
    """``n`` random characters of a short link (no look-alike characters)."""
    return "".join(row.r.choice(_CODE_CHARS) for _ in range(n))


FILLERS: dict[str, Callable[[Row], str]] = {
    "product": _product,
    "Product": _product_title,
    "pct": _pct,
    "money": _money,
    "name": _first_name,
    "url": _url,
    "promo": _promo,
    "emoji": _emoji,
    "hashtags": _hashtags,
    "crowd": _crowd,
    "num": _num,
    "ordernum": _ordernum,
    "digits": _digits,
    "email": _email,
}
