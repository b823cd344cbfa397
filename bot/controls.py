"""The characters a terminal reads as commands, dropped from feed text shown on one."""

from __future__ import annotations

# Every C0 control but tab and line feed, DEL, and the C1 controls: an ESC or CSI in a feed
# name or headline would move the cursor, clear the screen or set the clipboard. No import
# beyond the standard library: every command's start loads this (bot.cli.terminal).
_CONTROLS = dict.fromkeys(c for c in (*range(32), *range(127, 160)) if c not in (9, 10))


def drop_controls(text: str) -> str:
    """`text` without terminal control characters (tabs and newlines kept)."""
    return text.translate(_CONTROLS)
