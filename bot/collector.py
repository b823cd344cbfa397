"""How often the cyclic garbage collector runs in the bot's processes (#14).

The bot process (bot/cli/terminal.py `collect_again`) and its workers (the judges' pool,
bot/judging.py `_start_worker`; the parse worker, feeds/parse_child.py) each load what
they use once and then create thousands of short-lived tracked objects per item. Both
freeze what start-up loaded and collect young objects less often than CPython does.
"""

from __future__ import annotations

import gc

# The collector's first threshold once start-up is done (CPython's default is 700). An
# item's judging, clustering and storing create thousands of short-lived tracked objects
# and keep many for the batch (drafts, candidates, votes) or longer (caches): at 700 a cold
# ingest of 2,500 items (bench.writer) ran ~270 young, 24 middle and 2 full collections, the
# full ones walking what the caches had gathered ("perf-burst-11", docs/performance.md);
# at 10,000, 13, 1 and 0. What waits to be collected is at most 10,000 container objects
# (~1-2 MB). The other two thresholds stay CPython's.
YOUNG_THRESHOLD = 10_000


def collect_less_often() -> None:
    """Freeze what exists now (start-up's modules, classes, loaded rules: no collection
    walks them again) and collect young objects every YOUNG_THRESHOLD allocations."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
