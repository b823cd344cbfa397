"""The judges' worker processes (bot.judging)."""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from bot.judging import _start_worker


def _sigint_handler() -> str:
    return str(signal.getsignal(signal.SIGINT))


def test_the_judges_worker_leaves_ctrl_c_to_the_parent() -> None:
    # Ctrl-C in a terminal reaches the worker too: it printed a KeyboardInterrupt traceback.
    spawn = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=_start_worker) as pool:
        assert pool.submit(_sigint_handler).result(timeout=120) == str(signal.SIG_IGN)
