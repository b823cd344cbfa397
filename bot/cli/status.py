"""The exit statuses `layoffbot` shares with the shell's conventions.

Imports nothing: `bot.cli` needs them while its own modules are still loading (a Ctrl-C
in the first ~0.5 s), and every command module can import them without a cycle.
"""

from __future__ import annotations

# A command stopped by Ctrl-C: a shell's status for a process ended by SIGINT, 128 + 2.
CTRL_C_STATUS = 130
# A Unix tool whose reader went away dies of SIGPIPE: its shell status is 128 + 13.
CLOSED_PIPE_STATUS = 141
