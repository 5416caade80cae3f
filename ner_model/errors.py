"""How errors are shown to users: one line, never a traceback."""

from __future__ import annotations


def one_line(e: BaseException | str, with_type: bool = False) -> str:
    """An error as one line of at most 500 characters: its message with whitespace runs
    collapsed (``with_type``: prefixed by the exception's type name, for errors that are
    not the user's to fix), or its type name when the message is empty."""
    if isinstance(e, str):
        s = e
    else:
        s = f"{type(e).__name__}: {e}" if with_type else str(e)
    s = " ".join(s.split())
    return s[:500] if s else type(e).__name__
