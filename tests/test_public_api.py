"""The library's public API: every name ``ner_model`` exports resolves, importing the package
loads nothing heavy, and the library never imports Prefect."""

import subprocess
import sys
from pathlib import Path

import ner_model


def test_every_exported_name_resolves():
    for name in ner_model.__all__:
        assert getattr(ner_model, name) is not None, name


def test_importing_the_package_is_cheap_and_the_library_never_imports_prefect():
    code = (
        "import sys, ner_model; assert 'torch' not in sys.modules, 'torch at import';"
        "import ner_model.inference.predictor, ner_model.training.loop, ner_model.synthetic;"
        "import ner_model.storage.registry, ner_model.inference.pool;"
        "assert not any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])
