"""What a poll of one feed gave, and the error that carries a cycle's outcomes.

Apart from feeds.poller, which imports the pipeline (the tagger, clustering): `layoffbot
poll` with no feed due needs these two names and none of that (tests/test_e2e_perf.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import DatabaseUnavailable
from bot.hints import enable_hint


class PollNotStored(DatabaseUnavailable):
    """The database failed during a cycle (a full disk, a locked or unreachable database):
    what the cycle fetched for some feeds was not stored. Raised after the cycle with every
    feed's outcome, so the caller says it once (`layoffbot poll` prints the outcomes, the
    scheduler logs one `poll_job_failed` line) instead of a traceback per feed."""

    def __init__(self, message: str, outcomes: list[FeedOutcome]) -> None:
        super().__init__(message)
        self.outcomes = outcomes


@dataclass(frozen=True)
class FeedOutcome:
    """What one poll of one feed gave, for `layoffbot poll` and the logs."""

    url: str
    name: str
    status: str  # "new", "not_modified", "error", "disabled", "not_stored" (the database's fault)
    new_items: int = 0
    error: str | None = None
    held_back: int = 0  # new items past the workspace's hourly budget (feeds/budget.py)
    workspace: str = ""  # the feed's tenant ('' the operator's), for a disabled one's hint
    refused: int = 0  # new items the database refused, skipped (bot/pipeline.py)

    def describe(self) -> str:
        if self.status == "new":
            said = f"{self.new_items} new item{'s' if self.new_items != 1 else ''}"
            if self.held_back:
                said += (
                    f"; {self.held_back} more held back: this workspace's feeds brought as many"
                    " new items as an hour allows (LAYOFFBOT_MAX_WORKSPACE_ITEMS_PER_HOUR);"
                    " later polls store them"
                )
            if self.refused:
                said += (
                    f"; {self.refused} item{'s' if self.refused != 1 else ''} the database"
                    " refused, skipped (the log's event=item_refused says which and why)"
                )
            return said
        if self.status == "not_modified":
            return "not modified"
        if self.status == "disabled":
            return f"disabled: {self.error}; {enable_hint(self.url, self.workspace)}"
        if self.status == "not_stored":
            return f"not stored, the database failed: {self.error}"
        return f"error: {self.error}"
