"""Made-up brand names (``Zentrova``, ``Luma Labs``, ``Oak & Ember``): a row that names
one cannot be tagged from a memorised list of brands, only from its context."""

from __future__ import annotations

import re
from random import Random

from ner_model.synthetic.lexicons import naming as _naming

_UNPRONOUNCEABLE = re.compile(r"[aeiouyú]{3}|[^aeiouyú]{3}|([aeiou])\1|yx.|[aeiou]yx")


def coined(r: Random) -> str:
    """A pronounceable made-up word: onset + optional middle + ending (``Zentrova``)."""
    for _ in range(20):
        name = (
            r.choice(_naming.ONSETS) + r.choice(_naming.MIDS) + r.choice(_naming.ENDINGS)
        ).lower()
        if not _UNPRONOUNCEABLE.search(name, 2):
            break
    return name[0].upper() + name[1:]


def invented_brand(r: Random, sector: str) -> str:
    """A plausible made-up brand: ``Zentrova``, ``Luma Labs``, ``Brightleaf Co.``,
    ``Oak & Ember``, ``TrueNorth``, ``Nova9``, ``KXT``."""
    style = r.randrange(12)
    desc = r.choice(_naming.DESCRIPTORS[sector])
    w1, w2 = r.choice(_naming.WORD1), r.choice(_naming.WORD2)
    if style <= 2:
        return coined(r)
    if style <= 4:
        name = coined(r)
        return f"{name}{desc}" if desc.startswith(".") else f"{name} {desc}"
    if style == 5:
        return w1 + w2
    if style == 6:
        return f"{w1}{w2} {r.choice(('Co.', desc, desc))}".replace(" .", ".")
    if style == 7:
        a, b = r.sample(_naming.WORD1, 2)
        return f"{a} & {b}"
    if style == 8:
        return f"{w1} {w2.capitalize()} {desc}".replace(" .", ".")
    if style == 9:
        return w1 + w2.capitalize()  # CamelCase: TrueNorth
    if style == 10:
        return coined(r).lower() if r.random() < 0.5 else coined(r) + str(r.randint(1, 9))
    return "".join(r.sample("BCDFGHJKLMNPRSTVXZ", 3)) if r.random() < 0.5 else coined(r).upper()
