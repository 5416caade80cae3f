"""How rows are stitched: the settings a user chooses, and the rule's version.

Kept apart from :mod:`ner_model.stitch.stitcher` (which needs DuckDB) so the command line
can show the defaults without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass

STITCH_VERSION = "stitch-v1"  # bump when the rule changes: stored outputs are then rebuilt


@dataclass(frozen=True)
class StitchSettings:
    """How rows are stitched (stored with the outputs: other settings rebuild them)."""

    window_days: int = 28  # a row without a period matches dates this many days away

    def __post_init__(self) -> None:
        if not 0 <= self.window_days <= 3660:
            raise ValueError(f"--window-days must be between 0 and 3660, not {self.window_days}")

    @property
    def version(self) -> str:
        """What the outputs depend on besides the input rows."""
        return f"{STITCH_VERSION};window_days={self.window_days}"


__all__ = ["STITCH_VERSION", "StitchSettings"]
