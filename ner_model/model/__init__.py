"""The network: its config, the BiLSTM tagger, its CRF and its fast inference view.

``TaggerConfig`` is imported eagerly (it needs no torch, so the CLI can read its defaults
cheaply); ``Tagger`` and ``TaggerBatch`` on first use.
"""

from ner_model.model.config import TaggerConfig

__all__ = ["Tagger", "TaggerBatch", "TaggerConfig"]


def __getattr__(name: str):
    if name in ("Tagger", "TaggerBatch"):
        from ner_model.model import tagger

        return getattr(tagger, name)
    raise AttributeError(f"module 'ner_model.model' has no attribute {name!r}")
