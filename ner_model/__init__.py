"""campaign-ner's library: find brands, times and locations in marketing-campaign text.

The public API, importable from here (each name is loaded on first use, so importing the
package is cheap)::

    from ner_model import Predictor, predict          # tag texts
    from ner_model import train_model, TrainOptions   # train a tagger
    from ner_model import load_model, save_model      # model directories

The folders, one idea each (``docs/architecture.md`` has the whole picture):

* ``text/``       tokenizer with character offsets, span <-> IOB2 conversions, vocabularies
* ``model/``      the tagger's config, the BiLSTM tagger, its CRF, its fast inference view
* ``inference/``  the predictor, power-of-two batching, encoding, the worker-process pool
* ``training/``   labeled data, the training loop, metrics, embeddings, the promotion rule
* ``storage/``    model directories, registries, quantization formats, atomic writes
* ``normalize/``  normalized values: TIME intervals, brand ids, location codes
* ``synthetic/``  the generator of labeled campaign text and its lexicons
* ``default_model/`` the model shipped with the package

This package never imports Prefect; ``flows/`` wires it into Prefect flows.
"""

from __future__ import annotations

from ner_model._lazy import lazy_exports

_EXPORTS = {
    "Predictor": "ner_model.inference.predictor",
    "Entity": "ner_model.inference.predictor",
    "Annotation": "ner_model.inference.predictor",
    "predict": "ner_model.inference.predictor",
    "PredictorPool": "ner_model.inference.pool",
    "Tagger": "ner_model.model",
    "TaggerConfig": "ner_model.model",
    "load_model": "ner_model.storage.model_dir",
    "save_model": "ner_model.storage.model_dir",
    "model_version": "ner_model.storage.model_dir",
    "ModelLoadError": "ner_model.storage.model_dir",
    "resolve_model_dir": "ner_model.storage.registry",
    "set_champion": "ner_model.storage.registry",
    "current_champion": "ner_model.storage.registry",
    "train_model": "ner_model.training.loop",
    "TrainOptions": "ner_model.training.options",
    "decide_promotion": "ner_model.training.promotion",
    "read_labeled": "ner_model.training.data",
    "LabeledDataError": "ner_model.training.data",
    "evaluate_tags": "ner_model.training.metrics",
    "tokenize": "ner_model.text.tokenizer",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports("ner_model", _EXPORTS, globals())
