"""The one logger of the batch code: Prefect's run logger inside a run, else a plain one."""

from __future__ import annotations

import logging

from prefect import get_run_logger
from prefect.exceptions import MissingContextError

log = logging.getLogger("flows.batch")


def run_logger() -> logging.Logger | logging.LoggerAdapter:
    """The current flow or task run's logger (shown in the Prefect UI), or ``flows.batch``'s
    when no run is active (a plain function call, a test, a benchmark)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return log
