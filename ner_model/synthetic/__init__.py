"""Seeded, reproducible generator of labeled marketing-campaign text (BRAND, TIME, LOCATION).

No public corpus labels brands, times and places in campaign text, so the default model
trains on this plus real corpora. Rows imitate what marketing teams actually have: ad
headlines and body copy, e-mail subject lines, SMS and push messages, social posts
(hashtags, @mentions, emoji), event promos and structured campaign names in ad-platform
naming conventions (``Nike_US_BlackFriday2024_Prospecting``,
``COKE | Summer Refresh | London | Jun25``, ``nike-us-bf24-retargeting``). Casing (as
written, Title Case, ALL CAPS, lower case), punctuation, emoji, typos and spacing vary; many
rows hold zero or one entity; capitalized non-entities (``Free Shipping``, ``Prospecting``,
``Gen Z``, product nouns, first names) appear everywhere so that capitals alone mean nothing.
What is and is not an entity, and where a span starts and ends, is the annotation
guideline in ``docs/annotation.md``; how surface forms are held out between
train, dev and test is in :mod:`ner_model.synthetic.holdout`.

Public API: :func:`generate`, :func:`generate_unlabeled`, :func:`holdout_pools`.

Modules, one concern each: :mod:`~ner_model.synthetic.api` (the public functions),
:mod:`~ner_model.synthetic.holdout` (splits, surface keys, the registry of forms),
:mod:`~ner_model.synthetic.world` (every brand, place and time item, built once),
:mod:`~ner_model.synthetic.pools` (what one split may use),
:mod:`~ner_model.synthetic.grammar` (template parsing and expansion),
:mod:`~ner_model.synthetic.time_patterns` (TIME formats),
:mod:`~ner_model.synthetic.invented_brands` (made-up brand names),
:mod:`~ner_model.synthetic.rows` (the row builder and its entity slots),
:mod:`~ner_model.synthetic.fillers` (non-entity slots),
:mod:`~ner_model.synthetic.campaign_names` (naming conventions),
:mod:`~ner_model.synthetic.noise` (casing, typos, emoji, spacing);
the hand-curated data is in :mod:`ner_model.synthetic.lexicons`.
"""

from __future__ import annotations

from ner_model.synthetic.api import generate, generate_unlabeled, holdout_pools
from ner_model.synthetic.holdout import LABELS, SHARED, SPLITS, surface_key
from ner_model.synthetic.rows import KINDS

__all__ = [
    "KINDS",
    "LABELS",
    "SHARED",
    "SPLITS",
    "generate",
    "generate_unlabeled",
    "holdout_pools",
    "surface_key",
]
