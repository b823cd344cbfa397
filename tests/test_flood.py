"""Command floods: each chat user gets a burst, then one command every few seconds."""

from __future__ import annotations

from bot.flood import CommandLimiter
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_command_every_interval_per_user() -> None:
    clock = Ticks()
    limiter = CommandLimiter(burst=3, every=2.0, clock=clock)
    assert [limiter.wait("slack", "T1", "U1") for _ in range(4)] == [0, 0, 0, 2.0]
    assert limiter.wait("slack", "T1", "U2") == 0  # another user
    assert limiter.wait("slack", "T2", "U1") == 0  # the same id in another workspace
    clock.now += 1.0
    assert limiter.wait("slack", "T1", "U1") == 1.0  # refused, not counted
    clock.now += 1.0
    assert limiter.wait("slack", "T1", "U1") == 0


def test_the_least_recently_seen_users_are_forgotten_beyond_the_cap() -> None:
    limiter = CommandLimiter(burst=1, every=60.0, clock=Ticks(), max_users=2)
    for user in ("U1", "U2", "U3"):
        assert limiter.wait("slack", "T1", user) == 0
    assert len(limiter._buckets) == 2
    assert limiter.wait("slack", "T1", "U3") > 0


async def test_one_users_flood_is_refused_and_others_and_the_console_run(store: Store) -> None:
    """Before: every one of a user's 100 commands ran (worker threads and database)."""
    app = make_app(store)
    replies = [await app.handle(cmd("latest", user="U1")) for _ in range(100)]
    slowed = [r for r in replies if r.title == "Slow down"]
    assert len(slowed) == 80 and "Try again in 2 s" in to_text(slowed[0])
    assert (await app.handle(cmd("latest", user="U2"))).title != "Slow down"
    console = cmd("latest", user="U1", platform="console", workspace="")
    titles = [(await app.handle(console)).title for _ in range(50)]
    assert "Slow down" not in titles


def test_a_refusal_is_a_repeat_until_a_command_runs_again() -> None:
    clock = Ticks()
    limiter = CommandLimiter(burst=1, every=2.0, clock=clock)
    assert limiter.check("slack", "T1", "U1") == (0, False)
    assert limiter.check("slack", "T1", "U1") == (2.0, False)  # told
    assert limiter.check("slack", "T1", "U1") == (2.0, True)  # already told
    clock.now += 2.0
    assert limiter.check("slack", "T1", "U1") == (0, False)
    assert limiter.check("slack", "T1", "U1") == (2.0, False)  # a new flood: told again
