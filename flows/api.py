"""The Prefect API a command talks to: a configured server, or Prefect's embedded mode.

Commands check the server before any work starts, so a server that is down is one line
naming its URL and how to run without it, not a traceback from deep inside a flow run.
"""

from __future__ import annotations

from ner_model.errors import one_line

HOW_TO_RUN_WITHOUT = (
    "run without a server by unsetting it (`prefect config unset PREFECT_API_URL`, or "
    "`PREFECT_API_URL= campaign-ner ...` for one command)"
)


class PrefectApiUnreachable(ValueError):
    """The configured Prefect server does not answer; the message names its URL."""


def check_prefect_api(required: bool = False) -> str | None:
    """The configured server's API URL once it answers its health check; None in embedded
    mode (no ``PREFECT_API_URL``: each command starts a temporary server of its own).

    Args:
        required: the command needs a real server (``serve``); embedded mode is an error.

    Raises:
        PrefectApiUnreachable: the server does not answer, or none is configured and
            ``required``.
    """
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        if required:
            raise PrefectApiUnreachable(
                "no Prefect server configured: start one with `prefect server start` and run "
                "`prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api`"
            )
        return None
    with get_client(sync_client=True) as client:
        err = client.api_healthcheck()
    if err is not None:
        raise PrefectApiUnreachable(unreachable_message(url, err, required))
    return url


def unreachable_message(url: str, err: BaseException | str, required: bool = False) -> str:
    """One line: which server failed, why, and what to do."""
    fix = "start it with `prefect server start`"
    if not required:
        fix += f", or {HOW_TO_RUN_WITHOUT}"
    return f"the Prefect server at {url} is not reachable ({one_line(err)}); {fix}"


def is_unreachable_api(e: BaseException) -> bool:
    """Whether ``e`` (or what caused it) is a failure to reach the Prefect API: the server
    went away during a run."""
    import httpx

    seen: set[int] = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, httpx.TransportError):
            return True
        if isinstance(e, RuntimeError) and str(e).startswith("Failed to reach API at"):
            return True
        e = e.__cause__ or e.__context__
    return False
