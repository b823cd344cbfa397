"""What a `run` on PostgreSQL says when the lead (polling, digest planning) changes hands
after it started: it says at start whether it leads or stands by (bot/cli/run.py), and a
console-only standby printed nothing when it took over from a leader that died."""

from __future__ import annotations

import logging

from bot.cli.terminal import out

log = logging.getLogger("bot.cli")


class LeadSaid:
    """The scheduler's `on_leader_change`: each change said on the console (stdout) and
    logged. A process that led before and lost the lead (its database connection lost)
    takes it back; one that never led takes over from a leader that stopped."""

    def __init__(self) -> None:
        self._led = False  # known to have led (changes only are told, not the start)

    def __call__(self, leading: bool) -> None:
        if leading and not self._led:
            log.warning("event=leader_taken_over")
            out.print(
                "layoffbot: the process that polled the feeds stopped: this one takes over,"
                " polling the feeds and planning the digests."
            )
        elif leading:
            log.warning("event=leader_taken_back")
            out.print("layoffbot: polling the feeds and planning the digests again.")
        else:
            log.warning("event=leader_lost")
            out.print(
                "layoffbot: no longer polling the feeds: the database did not answer, or"
                " another process took the lead; this one answers commands, delivers, and"
                " takes the lead again when it can."
            )
        self._led = True  # a lead lost was held: from the start, or taken since
