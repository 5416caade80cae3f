"""The network: its config, the BiLSTM tagger, its CRF and its fast inference view."""

from ner_model.model.config import TaggerConfig
from ner_model.model.tagger import Tagger, TaggerBatch

__all__ = ["Tagger", "TaggerBatch", "TaggerConfig"]
