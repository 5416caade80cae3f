"""Errors of a batch run: the user's input errors, their one-line form, what is retried."""

from __future__ import annotations

import errno

from ner_model.errors import one_line


class ExtractInputError(ValueError):
    """Input the user must fix; the message names the file, directory, column or row."""


def error_line(e: BaseException | str) -> str:
    """One line for the ledger, the summary and the terminal: the message alone for errors
    the user fixes (bad input, a missing file), prefixed by the type name otherwise."""
    user_error = isinstance(e, str | ExtractInputError | FileNotFoundError)
    return one_line(e, with_type=not user_error)


# a full disk or a file-size limit does not go away in seconds: report it, do not retry
_LASTING = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS}


def retry_transient(task, task_run, state) -> bool:  # Prefect's retry_condition_fn signature
    """Retry only transient I/O failures, never bad input, a full disk or a bug."""
    exc = state.result(raise_on_failure=False)
    return isinstance(exc, OSError) and exc.errno not in _LASTING and not isinstance(
        exc, FileNotFoundError | PermissionError | IsADirectoryError | NotADirectoryError
    )
