"""Which partition a scheduled run processes: the local day before its scheduled time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def check_timezone(tz: str) -> ZoneInfo:
    """The IANA time zone ``tz`` (e.g. ``Europe/London``); a clear error when unknown."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {tz!r} (use an IANA name such as Europe/London)"
        ) from None


def partition_for(scheduled: datetime, tz: str, lag_days: int = 1) -> str:
    """The partition date a run scheduled at ``scheduled`` processes.

    The scheduled instant is converted to ``tz`` and its local calendar date minus
    ``lag_days`` is returned (``YYYY-MM-DD``). Working on the local date, never on UTC or
    on a fixed offset, keeps the answer right across daylight-saving changes.

    Raises:
        ValueError: ``scheduled`` is naive, ``tz`` unknown or ``lag_days`` negative.
    """
    if scheduled.tzinfo is None or scheduled.utcoffset() is None:
        raise ValueError(f"scheduled time {scheduled} has no time zone")
    if lag_days < 0:
        raise ValueError(f"lag_days must be >= 0, got {lag_days}")
    local = scheduled.astimezone(check_timezone(tz))
    return (local.date() - timedelta(days=lag_days)).isoformat()
