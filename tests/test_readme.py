"""The README keeps its promises to a new user: every output column is documented, the
commands it shows bare work after the one activation line, and what its examples write is
not committed by accident."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flows.batch.stitching import (
    CAMPAIGN_STITCHES,
    CAMPAIGN_STITCHES_SCHEMA,
    STITCHES,
    STITCHES_SCHEMA,
)
from flows.batch.tables import SCHEMAS as TABLE_SCHEMAS

SCHEMAS = {**TABLE_SCHEMAS, CAMPAIGN_STITCHES: CAMPAIGN_STITCHES_SCHEMA,
           STITCHES: STITCHES_SCHEMA}

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_every_output_column_is_documented(table):
    section = README[README.index("## Output tables"):README.index("## Retraining")]
    part = section[section.index(f"- `{table}`"):]
    nxt = re.search(r"\n- `\w+`", part[3:])
    part = part[: nxt.start() + 3] if nxt else part
    documented = set(re.findall(r"`(\w+)`", part))
    missing = [f.name for f in SCHEMAS[table] if f.name not in documented]
    assert not missing, f"README does not document {table} columns {missing}"


def test_commands_shown_bare_come_after_the_activation_line():
    activate = README.index("source .venv/bin/activate")
    first_bare = README.index("\ncampaign-ner ")
    assert activate < first_bare


@pytest.mark.parametrize("path", ["out", "registry", "report", "corpus", "registry13"])
def test_the_readme_examples_outputs_are_ignored_by_git(path):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs a git checkout")
    assert f" {path}" in README or f"--out {path}" in README or f"{path}/" in README
    proc = subprocess.run(["git", "check-ignore", "-q", f"{path}/x"], cwd=REPO)
    assert proc.returncode == 0, f"{path}/ is not in .gitignore"
