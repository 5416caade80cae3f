"""Crash and fault trials for every writer (fast versions), and a table of bad inputs.

Trials, with real processes (``bench/crash_trials.py`` runs the long versions and prints
figures): a backfill SIGKILLed at random moments leaves no torn partition file and a
consistent ledger, and its rerun does exactly the partitions not done; a nightly extraction
and a backfill on the same output at the same time do every partition exactly once; a write
past the file size limit (EFBIG) fails with one line and leaves the previous output intact.

Bad inputs through the public command line (``flows.cli.main``), each either exit status 2
with exactly one stderr line naming the file, column, row or option (nothing written); or,
for a bad file in one partition beside a good one (the bad partition fails alone, as
documented), exit status 1 with exactly one ``dt=D failed:`` line naming the file and a
failed ledger row; or a row status in ``campaigns``. Cases tested elsewhere
(tests/flows/test_extract.py, test_backfill.py, test_cli.py, test_retrain.py,
tests/training/test_data.py, tests/storage/test_model_dir.py) are not repeated here. A case
that does not behave so is ``xfail(strict=True)``, its reason saying what it does.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.backfill import run_backfill
from flows.batch.tables import CAMPAIGNS, ENTITIES, RUNS, TABLES, partition_path, read_table
from flows.cli import main
from flows.extract import extract_entities
from tests.flows.conftest import REPO

VARYING = ["run_id", "extracted_at"]  # the only columns two runs of the same input differ in
PLAN_LINE = b"partition(s) from"  # the backfill flow's first log line, before any partition
DATES = [f"2024-05-{d:02d}" for d in range(1, 9)]
ROWS = 300

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def write_texts(path: Path, ids: list[str], texts: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"campaign_id": pa.array(ids, pa.string()),
                             "text": pa.array(texts, pa.string())}), path)
    return path


def summary_of(state) -> dict:
    s = state.result(raise_on_failure=False)
    assert isinstance(s, dict), s
    return s


def sorted_tables(out: Path) -> dict[str, pa.Table]:
    """entities and campaigns, rows sorted, without the columns that vary between runs."""
    got = {}
    for name in (ENTITIES, CAMPAIGNS):
        t = read_table(out, name)
        t = t.drop_columns([c for c in VARYING if c in t.column_names])
        keys = [("dt", "ascending"), ("source_file", "ascending"), ("source_row", "ascending")]
        got[name] = t.sort_by(keys + ([("start_char", "ascending")] if name == ENTITIES else []))
    return got


def committed(out: Path, rows: int = ROWS) -> set[str]:
    """Check every published file and the ledger of ``out``; returns the partitions done.

    No file is torn (each reads completely); every ledger row is ok and well formed (a
    SIGKILL never writes a failed row) and no partition was done twice; a partition with a
    ledger row has both tables, ``campaigns`` holds every input row once and both tables
    carry the ledger row's run id."""
    for t in TABLES:
        for f in (out / t).glob("dt=*/part-0.parquet"):
            assert pq.read_table(f).num_rows == pq.ParquetFile(f).metadata.num_rows, f
    done = set()
    for f in sorted((out / RUNS).glob("dt=*/part-0.parquet")):
        dt = f.parent.name[3:]
        (row,) = pq.read_table(f).to_pylist()  # exactly one: nothing done twice
        assert row["status"] == "ok" and row["error"] is None, row
        assert row["rows_in"] == row["rows_out"] == rows and row["n_ok"] == rows
        assert row["input_fingerprint"] and row["model_version"]
        assert row["finished_at"] >= row["started_at"]
        camps = pq.read_table(partition_path(out, CAMPAIGNS, dt))
        ents = pq.read_table(partition_path(out, ENTITIES, dt))
        assert sorted(camps.column("source_row").to_pylist()) == list(range(rows)), dt
        assert set(camps.column("run_id").to_pylist()) == {row["run_id"]}
        assert set(ents.column("run_id").to_pylist()) <= {row["run_id"]}
        assert ents.num_rows == row["n_entities"]
        done.add(dt)
    return done


@pytest.fixture(scope="module")
def trial_input(prefect_harness, tiny_model_dir, tmp_path_factory):
    """``len(DATES)`` partitions of ``ROWS`` generated texts, and a clean backfill of them:
    ``(input, clean output)``."""
    from ner_model.synthetic import generate_unlabeled

    root = tmp_path_factory.mktemp("trials")
    texts = generate_unlabeled(len(DATES) * ROWS, seed=3)
    for i, dt in enumerate(DATES):
        write_texts(root / "in" / f"dt={dt}" / "part-0.parquet",
                    [f"{dt}-{j}" for j in range(ROWS)], texts[i * ROWS : (i + 1) * ROWS])
    clean = summary_of(run_backfill(root / "in", root / "clean", DATES[0], DATES[-1],
                                    model=tiny_model_dir))
    assert clean["done"] == len(DATES)
    return root / "in", root / "clean"


def cli_process(argv: list[str], log: Path) -> subprocess.Popen:
    """``campaign-ner ARGV`` in a new process reporting to the test harness's API; its
    stdout goes to ``log.out``, its stderr to ``log``."""
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "OMP_NUM_THREADS": "1",
           "PYTHONPATH": str(REPO)}
    with open(log, "wb") as err, open(log.with_suffix(".out"), "wb") as out:
        return subprocess.Popen([sys.executable, "-m", "flows.cli", *argv], env=env, cwd=REPO,
                                stdout=out, stderr=err)


def wait_for(proc: subprocess.Popen, log: Path, needle: bytes = PLAN_LINE,
             timeout: float = 150) -> None:
    """Until ``needle`` is in the process's stderr ``log`` (by default the backfill flow's
    plan, logged just before its first partition) or the process ends."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and needle not in log.read_bytes():
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.002)


# ---------------------------------------------------------------- trials


@pytest.mark.slow
def test_backfill_killed_at_random_moments_resumes_exactly(trial_input, tiny_model_dir,
                                                            tmp_path):
    inp, clean = trial_input
    out = tmp_path / "out"
    argv = ["backfill", str(inp), str(out), "--start", DATES[0], "--end", DATES[-1],
            "--model", str(tiny_model_dir)]
    rng = random.Random(20261204)
    n, kills, done = len(DATES), 0, set()
    for k in range(4):
        log = tmp_path / f"kill-{k}.err"
        proc = cli_process(argv, log)
        try:
            # A random moment of the partition work, whatever the machine's speed: after 0 or
            # 1 more partition results than the done ones (which come first, skipped), plus
            # up to about one tiny-model partition's time; so some are left for the rerun.
            wait_for(proc, log)
            results = len(done) + rng.randrange(min(2, n - len(done)))
            if results:
                wait_for(proc, log, f"[{results}/{n}] dt=".encode())
            moment = time.monotonic() + rng.uniform(0.0, 0.1)
            while proc.poll() is None and time.monotonic() < moment:
                time.sleep(0.002)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            else:  # it finished before the moment
                assert proc.returncode == 0, log.read_text()[-3000:]
        finally:
            proc.kill()
            proc.wait()
        now = committed(out)
        assert now >= done  # a kill never undoes a done partition
        done = now
        if len(done) == n:
            break
    assert kills >= 1

    again = summary_of(run_backfill(inp, out, DATES[0], DATES[-1], model=tiny_model_dir))
    assert (again["done"], again["skipped"], again["failed"]) == (
        len(DATES) - len(done), len(done), 0)
    assert {r["dt"] for r in again["results"] if r["status"] == "ok"} == set(DATES) - done
    assert committed(out) == set(DATES)
    assert not list(out.glob("*/dt=*/.*.tmp"))  # stale temp files removed by the rewrites
    got, want = sorted_tables(out), sorted_tables(clean)
    for name in got:
        assert got[name].equals(want[name]), name


def test_nightly_run_and_backfill_at_once_do_each_partition_once(trial_input, tiny_model_dir,
                                                                  tmp_path):
    inp, clean = trial_input
    out = tmp_path / "out"
    log = tmp_path / "backfill.err"
    proc = cli_process(["backfill", str(inp), str(out), "--start", DATES[0], "--end",
                        DATES[-1], "--model", str(tiny_model_dir)], log)
    try:
        wait_for(proc, log)
        nightly = [summary_of(extract_entities(str(inp), str(out), date=dt,
                                               model=str(tiny_model_dir), return_state=True))
                   for dt in reversed(DATES)]  # towards the backfill, which goes forward
        proc.wait(timeout=120)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0, log.read_text()[-3000:]
    backfill_line = log.with_suffix(".out").read_text().strip().splitlines()[-1]
    by_nightly = sum(s["done"] for s in nightly)
    assert sum(s["failed"] for s in nightly) == 0
    assert f"{len(DATES) - by_nightly} done, {by_nightly} skipped, 0 failed" in backfill_line
    assert committed(out) == set(DATES)  # one ok ledger row per partition: none done twice
    got, want = sorted_tables(out), sorted_tables(clean)
    for name in got:
        assert got[name].equals(want[name]), name


def _file_size_limit(limit: int) -> Callable[[], None]:
    def pre() -> None:  # in the child, before exec: writes past ``limit`` fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return pre


def test_a_write_past_the_file_size_limit_fails_in_one_line_and_keeps_the_old_output(
    prefect_harness, tiny_model_dir, tmp_path
):
    from prefect.settings import PREFECT_API_URL

    from ner_model.synthetic import generate_unlabeled

    dt, n = "2024-06-01", 2000
    inp, out = tmp_path / "in", tmp_path / "out"
    write_texts(inp / f"dt={dt}" / "part-0.parquet", [f"r{i}" for i in range(n)],
                generate_unlabeled(n, seed=5))
    model = ["--model", str(tiny_model_dir)]
    assert summary_of(extract_entities(str(inp), str(out), date=dt, model=str(tiny_model_dir),
                                       return_state=True))["done"] == 1
    paths = {t: partition_path(out, t, dt) for t in TABLES}
    old = {t: p.read_bytes() for t, p in paths.items()}
    limit = len(old[RUNS]) + 8192  # room for the ledger's failed row, not for the tables
    assert len(old[CAMPAIGNS]) > limit and len(old[ENTITIES]) > limit

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "OMP_NUM_THREADS": "1",
           "PYTHONPATH": str(REPO)}
    p = subprocess.run([sys.executable, "-m", "flows.cli", "extract", str(inp), str(out),
                        "--date", dt, "--force", *model], env=env, cwd=REPO, capture_output=True,
                       text=True, preexec_fn=_file_size_limit(limit), timeout=300)
    # stderr also holds Prefect's log of the run; the command's own lines start so:
    lines = [ln for ln in p.stderr.splitlines() if ln.startswith("campaign-ner")]
    assert p.returncode != 0 and len(lines) == 1, p.stderr[-3000:]
    assert lines[0].startswith(f"campaign-ner extract: dt={dt} failed: ")
    assert "File too large" in lines[0] and f"while writing dt={dt} under {out}" in lines[0]
    assert paths[ENTITIES].read_bytes() == old[ENTITIES]
    assert paths[CAMPAIGNS].read_bytes() == old[CAMPAIGNS]
    runs = pq.read_table(paths[RUNS]).to_pylist()
    assert runs[0]["status"] == "ok"  # the old row, then one failed row: a full disk or a
    assert [r["status"] for r in runs[1:]] == ["failed"]  # size limit is not retried
    assert all("File too large" in r["error"] for r in runs[1:])
    assert not list(out.glob("*/dt=*/.*.tmp"))

    rerun = summary_of(extract_entities(str(inp), str(out), date=dt, model=str(tiny_model_dir),
                                        return_state=True))
    assert (rerun["done"], rerun["rows"]) == (1, n)  # the failed run is not "done": redone
    assert pq.read_table(paths[CAMPAIGNS]).num_rows == n


# ---------------------------------------------------------------- bad inputs: the cases

D, GOOD_D = "2024-07-01", "2024-07-02"
GOOD = {"tokens": ["Nike", "in", "Paris"], "tags": ["B-BRAND", "O", "B-LOCATION"]}
# "refused": exit 2, one line, nothing written. "partition": a bad file in partition D, run
# beside a good partition: D fails alone (exit 1, one line); alone, it is also "refused".
CASES: dict[str, list] = {"refused": [], "partition": []}


def case(kind: str, case_id: str, *fragments: str, xfail: str | None = None,
         alone: bool = True):
    """Register a setup ``fn(tmp, model) -> argv`` as a case of table ``kind``; the error
    line must contain every fragment. A ``partition`` case with ``alone`` is also a
    ``refused`` case (its partition is the only one: nothing can run)."""

    def deco(fn):
        marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
        CASES[kind].append(pytest.param(fn, fragments, id=case_id, marks=marks))
        if kind == "partition" and alone:
            CASES["refused"].append(pytest.param(fn, fragments, id=f"{case_id}-alone",
                                                 marks=marks))
        return fn

    return deco


def part(tmp: Path, table: pa.Table | None = None, raw: bytes | None = None,
         name: str = "a.parquet", dt: str = D) -> Path:
    path = tmp / "in" / f"dt={dt}" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        path.write_bytes(raw)
    else:
        pq.write_table(table if table is not None else pa.table(
            {"campaign_id": ["c0", "c1"], "text": ["Nike in Paris", "Zara sale"]}), path)
    return path


def extract(tmp: Path, model: Path, *extra: str, inp: Path | None = None) -> list[str]:
    return ["extract", str(inp or tmp / "in"), str(tmp / "out"), "--model", str(model), *extra]


def backfill(tmp: Path, model: Path, *extra: str) -> list[str]:
    return ["backfill", str(tmp / "in"), str(tmp / "out"), "--model", str(model), *extra]


def changed_model(tmp: Path, model: Path, change: Callable[[Path], None]) -> Path:
    d = tmp / "model"
    shutil.copytree(model, d)
    change(d)
    return d


def edit_config(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def change(d: Path) -> None:
        cfg = json.loads((d / "config.json").read_text())
        edit(cfg)
        (d / "config.json").write_text(json.dumps(cfg))

    return change


def labeled(tmp: Path, content, name: str = "d.jsonl") -> Path:
    path = tmp / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in content))
    return path


def evaluate(tmp: Path, model: Path, content, *extra: str, name: str = "d.jsonl") -> list[str]:
    return ["evaluate", str(model), str(labeled(tmp, content, name)), *extra]


def train(tmp: Path, content, *extra: str) -> list[str]:
    return ["train", str(labeled(tmp, content)), "--out", str(tmp / "reg"), "--no-pretrained",
            "--max-epochs", "1", *extra]


# input files and options


@case("refused", "input-directory-without-partitions", "holds no dt=YYYY-MM-DD partitions")
def _empty_input(tmp, model):
    (tmp / "in").mkdir()
    return extract(tmp, model)


@case("refused", "stray-file-beside-the-partitions", "notes.txt", "outside dt=YYYY-MM-DD")
def _stray_file(tmp, model):
    part(tmp)
    (tmp / "in" / "notes.txt").write_text("x")
    return extract(tmp, model)


@case("refused", "dt-name-not-yyyy-mm-dd", "'dt=2024-1-1'", "not a dt=YYYY-MM-DD")
def _dt_format(tmp, model):
    part(tmp, dt="2024-1-1")
    return extract(tmp, model)


@case("refused", "dt-date-that-does-not-exist", "dt=2024-02-30", "not a valid date")
def _dt_no_date(tmp, model):
    part(tmp, dt="2024-02-30")
    return extract(tmp, model)


@case("refused", "date-option-that-does-not-exist", "--date", "'2024-02-30'", "not a valid date")
def _date_option(tmp, model):
    part(tmp)
    return extract(tmp, model, "--date", "2024-02-30")


@case("refused", "badly-named-partition-as-input", "'dt=latest'", "not a dt=YYYY-MM-DD")
def _dt_input(tmp, model):
    part(tmp, dt="latest")
    return extract(tmp, model, inp=tmp / "in" / "dt=latest")


@case("refused", "output-is-a-file", "out", "exists and is not a directory")
def _output_file(tmp, model):
    part(tmp)
    (tmp / "out").write_text("x")
    return extract(tmp, model)


@case("refused", "input-inside-the-output-tables", "a.parquet", "inside the output tables")
def _input_in_output(tmp, model):
    path = tmp / "out" / "campaigns" / f"dt={D}" / "a.parquet"
    path.parent.mkdir(parents=True)
    shutil.move(part(tmp), path)
    return extract(tmp, model, inp=path)


# model directories


@case("refused", "model-is-a-file", "model", "is not a directory")
def _model_file(tmp, model):
    part(tmp)
    (tmp / "model").write_text("x")
    return extract(tmp, tmp / "model")


@case("refused", "model-config-missing", "model", "config.json is missing")
def _config_missing(tmp, model):
    part(tmp)
    return extract(tmp, changed_model(tmp, model, lambda d: (d / "config.json").unlink()))


@case("refused", "model-config-not-json", "config.json is not valid JSON")
def _config_not_json(tmp, model):
    part(tmp)
    return extract(tmp, changed_model(tmp, model,
                                      lambda d: (d / "config.json").write_text("{oops")))


@case("refused", "model-config-unknown-key", "config.json is invalid", "'hiden'")
def _config_unknown_key(tmp, model):
    part(tmp)
    return extract(tmp, changed_model(tmp, model, edit_config(lambda c: c.update(hiden=3))))


@case("refused", "model-vocab-and-config-sizes-differ", "config.json says n_words=", "vocab.json")
def _vocab_size(tmp, model):
    part(tmp)
    more_words = edit_config(lambda c: c.update(n_words=c["n_words"] + 5))
    return extract(tmp, changed_model(tmp, model, more_words))


@case("refused", "model-vocab-not-json", "vocab.json is not valid JSON")
def _vocab_not_json(tmp, model):
    part(tmp)
    return extract(tmp, changed_model(tmp, model, lambda d: (d / "vocab.json").write_text("[1")))


@case("refused", "model-weights-truncated", "weights.safetensors is corrupt")
def _weights_truncated(tmp, model):
    def cut(d: Path) -> None:
        w = d / "weights.safetensors"
        w.write_bytes(w.read_bytes()[: w.stat().st_size // 2])

    part(tmp)
    return extract(tmp, changed_model(tmp, model, cut))


@case("refused", "model-weights-missing", "weights.safetensors is missing")
def _weights_missing(tmp, model):
    part(tmp)
    return extract(tmp, changed_model(tmp, model, lambda d: (d / "weights.safetensors").unlink()))


@case("refused", "registry-current-names-a-missing-model", "registry",
      "current points to missing model 'abc123'")
def _registry_missing(tmp, model):
    part(tmp)
    (tmp / "reg").mkdir()
    (tmp / "reg" / "current").write_text("abc123\n")
    return extract(tmp, tmp / "reg")


@case("refused", "registry-current-empty", "registry", "points to missing model ''")
def _registry_empty(tmp, model):
    part(tmp)
    (tmp / "reg").mkdir()
    (tmp / "reg" / "current").write_text("")
    return extract(tmp, tmp / "reg")


# backfill options (--start after --end, a bad date, --workers 0, --workers with
# --dask-address: tests/flows/test_backfill.py)


@case("refused", "backfill-max-concurrency-0", "--max-concurrency must be at least 1")
def _max_concurrency(tmp, model):
    part(tmp)
    return backfill(tmp, model, "--start", D, "--end", D, "--max-concurrency", "0")


@case("refused", "backfill-start-not-yyyy-mm-dd", "--start", "'2024/07/01'", "YYYY-MM-DD")
def _start_format(tmp, model):
    part(tmp)
    return backfill(tmp, model, "--start", "2024/07/01", "--end", D)


@case("refused", "backfill-input-missing", "in", "does not exist")
def _backfill_no_input(tmp, model):
    return backfill(tmp, model, "--start", D, "--end", D)


# labeled data (evaluate and train)


@case("refused", "evaluate-tokens-and-tags-differ", "d.jsonl row 1", "differ in length (2 vs 1)")
def _eval_lengths(tmp, model):
    return evaluate(tmp, model, [{"tokens": ["a", "b"], "tags": ["O"]}])


@case("refused", "evaluate-missing-fields", "d.jsonl row 1", "found columns ['text']")
def _eval_fields(tmp, model):
    return evaluate(tmp, model, [{"text": "Nike in Paris"}])


@case("refused", "evaluate-span-out-of-range", "d.jsonl row 1", "entity 0:40 (BRAND) runs outside")
def _eval_span(tmp, model):
    return evaluate(tmp, model,
                    [{"text": "Nike", "entities": [{"start": 0, "end": 40, "label": "BRAND"}]}])


@case("refused", "evaluate-entity-without-label", "d.jsonl row 1", "needs start, end and label")
def _eval_no_label(tmp, model):
    return evaluate(tmp, model, [{"text": "Nike", "entities": [{"start": 0, "end": 4}]}])


@case("refused", "evaluate-empty-file", "evaluation set is empty", "d.jsonl")
def _eval_empty(tmp, model):
    return evaluate(tmp, model, "")


@case("refused", "evaluate-line-not-json", "d.jsonl line 2", "not valid JSON")
def _eval_not_json(tmp, model):
    return evaluate(tmp, model, json.dumps(GOOD) + "\nnot json\n")


@case("refused", "evaluate-line-not-an-object", "d.jsonl line 1", "expected a JSON object")
def _eval_array(tmp, model):
    return evaluate(tmp, model, '["Nike", "B-BRAND"]\n')


@case("refused", "evaluate-unknown-format", "d.csv", "unknown labeled-data format")
def _eval_csv(tmp, model):
    return evaluate(tmp, model, "tokens,tags\n", name="d.csv")


@case("refused", "evaluate-file-missing", "nope.jsonl", "no such file")
def _eval_missing(tmp, model):
    return ["evaluate", str(model), str(tmp / "nope.jsonl")]


@case("refused", "evaluate-parquet-truncated", "d.parquet", "not a readable Parquet file")
def _eval_truncated(tmp, model):
    pq.write_table(pa.table({"tokens": [GOOD["tokens"]] * 50, "tags": [GOOD["tags"]] * 50}),
                   tmp / "x.parquet")
    data = (tmp / "x.parquet").read_bytes()
    return evaluate(tmp, model, data[: len(data) // 2], name="d.parquet")


@case("refused", "evaluate-parquet-tokens-are-strings", "d.parquet row 0", "must be lists")
def _eval_types(tmp, model):
    pq.write_table(pa.table({"tokens": ["Nike in Paris"], "tags": ["B-BRAND O B-LOCATION"]}),
                   tmp / "d.parquet")
    return ["evaluate", str(model), str(tmp / "d.parquet")]


@case("refused", "evaluate-label-map-malformed", "'corporation'", "source=TARGET")
def _eval_map_form(tmp, model):
    return evaluate(tmp, model, [GOOD], "--label-map", "corporation")


@case("refused", "evaluate-jsonl-not-utf8", "d.jsonl line 1: not valid UTF-8")
def _eval_latin1(tmp, model):
    return evaluate(tmp, model, b'{"tokens": ["caf\xe9"], "tags": ["O"]}\n')


@case("refused", "evaluate-label-map-typo", "'corporaton'", "labels present")
def _eval_map_typo(tmp, model):
    rows = [{"tokens": ["Nike", "in", "Paris"], "tags": ["B-corporation", "O", "B-loc"]}]
    return evaluate(tmp, model, rows, "--label-map", "corporaton=BRAND,loc=LOCATION")


@case("refused", "train-label-map-typo", "'corporaton'", "labels present: ['corporation']")
def _train_map_typo(tmp, model):
    return train(tmp, [{"tokens": ["Nike", "rocks"], "tags": ["B-corporation", "O"]}],
                 "--label-map", "corporaton=BRAND")


@case("refused", "train-empty-file", "training set is empty", "d.jsonl")
def _train_empty(tmp, model):
    return train(tmp, "")


@case("refused", "train-dev-file-missing", "nodev.jsonl", "no such file")
def _train_no_dev(tmp, model):
    return [*train(tmp, [GOOD]), "--dev", str(tmp / "nodev.jsonl")]


# bad files and columns (a "partition" case is also run beside a good partition)



@case("partition", "empty-file", "a.parquet", "not a readable Parquet file", "0 bytes")
def _empty_file(tmp, model):
    part(tmp, raw=b"")
    return extract(tmp, model)


@case("partition", "corrupt-data-pages", "a.parquet", "cannot read rows from 0 on", alone=False)
def _corrupt_pages(tmp, model):
    pq.write_table(pa.table({"campaign_id": [f"c{i}" for i in range(3000)],
                             "text": [f"Nike store {i} in Paris" for i in range(3000)]}),
                   tmp / "x.parquet", compression="zstd")
    data = bytearray((tmp / "x.parquet").read_bytes())
    for i in range(200, 2000):  # inside the first data pages; the footer stays intact
        data[i] ^= 0x5A
    part(tmp, raw=bytes(data))
    return extract(tmp, model)


@case("partition", "subdirectory-in-a-partition", f"dt={D}", "unexpected subdirectory 'sub'")
def _subdirectory(tmp, model):
    part(tmp)
    (tmp / "in" / f"dt={D}" / "sub").mkdir()
    return extract(tmp, model)


@case("partition", "id-column-missing", "a.parquet", "no column 'campaign_id'",
      "choose one with --id-column")
def _no_id(tmp, model):
    part(tmp, pa.table({"id": ["a"], "text": ["Nike"]}))
    return extract(tmp, model)


@case("refused", "id-column-option-typo", "a.parquet", "no column 'campain_id'",
      "(columns: campaign_id, text)")
def _id_typo(tmp, model):
    part(tmp)
    return extract(tmp, model, "--id-column", "campain_id")


@case("refused", "text-column-option-typo", "a.parquet", "no column 'bdy'", "--text-column")
def _text_typo(tmp, model):
    part(tmp, pa.table({"campaign_id": ["a"], "body": ["Nike"]}))
    return extract(tmp, model, "--text-column", "bdy")


@case("partition", "text-column-list", "text column 'text' has type list<", "expected string")
def _text_list(tmp, model):
    part(tmp, pa.table({"campaign_id": ["a"], "text": [["Nike", "Paris"]]}))
    return extract(tmp, model)


@case("partition", "text-column-struct", "text column 'text' has type struct<")
def _text_struct(tmp, model):
    part(tmp, pa.table({"campaign_id": ["a"], "text": [{"en": "Nike"}]}))
    return extract(tmp, model)


@case("partition", "id-column-float", "id column 'campaign_id' has type double",
      "expected string or integer")
def _id_float(tmp, model):
    part(tmp, pa.table({"campaign_id": [1.5], "text": ["Nike"]}))
    return extract(tmp, model)


@case("partition", "id-column-struct", "id column 'campaign_id' has type struct<")
def _id_struct(tmp, model):
    part(tmp, pa.table({"campaign_id": [{"a": 1}], "text": ["Nike"]}))
    return extract(tmp, model)


@case("partition", "id-column-bool", "id column 'campaign_id' has type bool")
def _id_bool(tmp, model):
    part(tmp, pa.table({"campaign_id": [True], "text": ["Nike"]}))
    return extract(tmp, model)


@pytest.mark.parametrize(("setup", "fragments"), CASES["refused"])
def test_bad_input_is_refused_in_one_line(prefect_harness, tiny_model_dir, tmp_path, capsys,
                                          setup, fragments):
    argv = setup(tmp_path, tiny_model_dir)
    rc = main(argv)
    captured = capsys.readouterr()
    lines = [ln for ln in captured.err.splitlines() if ln.strip()]
    assert (rc, len(lines)) == (2, 1), (rc, captured.err[-3000:])
    assert lines[0].startswith(f"campaign-ner {argv[0]}: error: ")
    for f in fragments:
        assert f in lines[0], lines[0]
    if argv[0] in ("extract", "backfill") and not (tmp_path / "out").is_file():
        assert not (tmp_path / "out" / "runs").exists()  # refused before writing anything


def test_invalid_iob2_in_evaluation_data_is_repaired_and_reported(tiny_model_dir, tmp_path,
                                                                  prefect_harness, capsys):
    rows = [{"tokens": ["Nike", "in", "Paris"], "tags": ["I-BRAND", "O", "I-LOCATION"]}]
    rc = main([*evaluate(tmp_path, tiny_model_dir, rows), "--report", str(tmp_path / "r")])
    assert rc == 0 and not capsys.readouterr().err.strip()
    (data,) = json.loads((tmp_path / "r" / "metrics.json").read_text())["data"]
    assert data["repaired_tags"] == 2 and data["repaired_rows"] == [1]


@pytest.mark.parametrize(("setup", "fragments"), CASES["partition"])
def test_bad_file_fails_its_partition_alone_in_one_line(prefect_harness, tiny_model_dir, tmp_path,
                                                  capsys, setup, fragments):
    argv = setup(tmp_path, tiny_model_dir)
    part(tmp_path, dt=GOOD_D)
    rc = main(argv)
    captured = capsys.readouterr()
    lines = [ln for ln in captured.err.splitlines() if ln.strip()]
    assert (rc, len(lines)) == (1, 1), (rc, captured.err[-3000:])
    head = f"campaign-ner extract: dt={D} failed: "
    assert lines[0].startswith(head)
    for f in fragments:
        assert f in lines[0], lines[0]
    runs = {r["dt"].isoformat(): r for r in read_table(tmp_path / "out", RUNS).to_pylist()}
    assert runs[GOOD_D]["status"] == "ok"
    assert runs[D]["status"] == "failed" and runs[D]["error"] == lines[0][len(head):]
    assert not partition_path(tmp_path / "out", CAMPAIGNS, D).exists()


# ---------------------------------------------------- bad inputs: row statuses in campaigns


def _string_array_of(values: list[bytes]) -> pa.Array:
    """A ``string`` array holding these bytes unchecked, as a writer that skips UTF-8
    validation leaves them (pyarrow reads such files without complaint)."""
    offsets = np.cumsum([0, *map(len, values)]).astype(np.int32)
    return pa.Array.from_buffers(pa.string(), len(values),
                                 [None, pa.py_buffer(offsets.tobytes()),
                                  pa.py_buffer(b"".join(values))])


ROWS_DT, BAD_STRING_TEXT_DT, BAD_STRING_ID_DT = "2024-08-01", "2024-08-02", "2024-08-03"
ROW_FILES = {
    (ROWS_DT, "control.parquet"): pa.table({
        "campaign_id": ["k0", "k1"],
        "text": ["\x00\x07\x1b\x7f", "\u200d\ufeff\u2060"]}),
    (ROWS_DT, "latin1.parquet"): pa.table({
        "campaign_id": ["l0", "l1"],
        "text": pa.array([b"Nike in Paris", b"caf\xe9 in Paris"], pa.large_binary())}),
    (ROWS_DT, "binary_ids.parquet"): pa.table({
        "campaign_id": pa.array([b"\xffid", None], pa.binary()), "text": ["Nike", "Zara"]}),
    (ROWS_DT, "int_ids.parquet"): pa.table({
        "campaign_id": pa.array([7, None, 7], pa.int64()), "text": ["Nike", "Zara", "Adidas"]}),
    (ROWS_DT, "null_type.parquet"): pa.table({
        "campaign_id": ["n0"], "text": pa.array([None], pa.null())}),
    (ROWS_DT, "dictionary.parquet"): pa.table({
        "campaign_id": ["d0", "d1"], "text": pa.array(["Nike", None]).dictionary_encode()}),
    (ROWS_DT, "view.parquet"): pa.table({
        "campaign_id": ["v0"], "text": pa.array(["Nike in Paris"], pa.string_view())}),
    (ROWS_DT, "giant_token.parquet"): pa.table({"campaign_id": ["g0"], "text": ["x" * 100_000]}),
    (BAD_STRING_TEXT_DT, "a.parquet"): pa.table({
        "campaign_id": ["s0", "s1"], "text": _string_array_of([b"Nike", b"\xff\xfe Paris"])}),
    (BAD_STRING_ID_DT, "a.parquet"): pa.table({
        "campaign_id": _string_array_of([b"\xffid", b"ok"]), "text": ["Nike", "Zara"]}),
}

@pytest.fixture(scope="module")
def row_statuses(prefect_harness, tiny_model_dir, tmp_path_factory) -> dict[tuple, dict]:
    """``(dt, file, row) -> campaigns row`` of one extraction of ``ROW_FILES``."""
    root = tmp_path_factory.mktemp("rows")
    for (dt, name), table in ROW_FILES.items():
        path = root / "in" / f"dt={dt}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path)
    extract_entities(str(root / "in"), str(root / "out"), model=str(tiny_model_dir),
                     return_state=True)
    return {(r["dt"].isoformat(), r["source_file"], r["source_row"]): r
            for r in read_table(root / "out", CAMPAIGNS).to_pylist()}


@pytest.mark.parametrize(("where", "status", "campaign_id", "n_tokens"), [
    pytest.param(("control.parquet", 0), "empty", "k0", 0, id="text-of-control-characters"),
    pytest.param(("control.parquet", 1), "empty", "k1", 0, id="text-of-zero-width-characters"),
    pytest.param(("latin1.parquet", 1), "error", "l1", None, id="large-binary-text-not-utf8"),
    pytest.param(("latin1.parquet", 0), "ok", "l0", 3, id="large-binary-text-utf8"),
    pytest.param(("binary_ids.parquet", 0), "ok", "\\xffid", 1, id="binary-id-not-utf8"),
    pytest.param(("binary_ids.parquet", 1), "null_id", None, 1, id="binary-id-null"),
    pytest.param(("int_ids.parquet", 1), "null_id", None, 1, id="integer-id-null"),
    pytest.param(("int_ids.parquet", 2), "duplicate_id", "7", 1, id="integer-id-duplicate"),
    pytest.param(("null_type.parquet", 0), "empty", "n0", 0, id="text-column-of-null-type"),
    pytest.param(("dictionary.parquet", 1), "empty", "d1", 0, id="dictionary-text-null"),
    pytest.param(("view.parquet", 0), "ok", "v0", 3, id="string-view-text"),
    pytest.param(("giant_token.parquet", 0), "ok", "g0", 1, id="one-100k-character-token"),
    pytest.param((BAD_STRING_TEXT_DT, "a.parquet", 1), "error", "s1", None,
                 id="string-text-not-utf8"),
    pytest.param((BAD_STRING_ID_DT, "a.parquet", 0), "ok", "\\xffid", 1,
                 id="string-id-not-utf8"),
])
def test_bad_row_gets_a_status(row_statuses, where, status, campaign_id, n_tokens):
    key = where if len(where) == 3 else (ROWS_DT, *where)
    assert key in row_statuses, f"no campaigns row for {key}"
    r = row_statuses[key]
    assert (r["status"], r["campaign_id"], r["n_tokens"]) == (status, campaign_id, n_tokens)
    if status == "error":
        assert r["brands"] is None and r["times"] is None and r["locations"] is None
