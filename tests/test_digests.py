"""Daily digests: due times in the channel's zone, the window, grouping, threads, quiet days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.digests import due_digests, plan_digest, run_due_digests
from bot.models import Kind
from bot.outbox import Dispatcher
from bot.render import to_text
from bot.store import Store
from tests.conftest_social import Clock, FakeAdapter, cmd, make_app

DAY = datetime(2025, 1, 20, tzinfo=UTC)


async def _enable(
    store: Store, text: str = "digest on", channel: str = "C1", at: datetime | None = None
) -> None:
    app = make_app(store, Clock(at or DAY - timedelta(days=1)))
    assert not (await app.handle(cmd(text, channel=channel))).is_error


async def test_due_in_the_channel_time_zone(store: Store) -> None:
    await _enable(store, "digest on 09:00 Europe/Berlin")
    assert due_digests(store, DAY.replace(hour=7, minute=59)) == []
    [row] = due_digests(store, DAY.replace(hour=8, minute=0))  # 09:00 in Berlin (UTC+1)
    assert row.channel_id == "C1"


async def test_digest_content_threads_and_once_a_day(store: Store, make_story: Any) -> None:
    await _enable(store)
    seen = DAY + timedelta(hours=3)
    make_story("TikTok", headcount=500, first_seen=seen)
    make_story("TikTok", headcount=200, first_seen=seen)
    make_story("Klarna", headcount=700, first_seen=seen)
    make_story("Intel", ai_cause=False, first_seen=seen)  # not AI: not in the digest
    make_story(
        "Someone", kind=Kind.ANALYSIS, title="What AI means for call centre jobs", first_seen=seen
    )
    make_story("Quiet Co", announce=False, first_seen=seen)  # silent first poll
    make_story("Old Co", first_seen=DAY - timedelta(days=3))  # before the window
    now = DAY + timedelta(hours=9, minutes=1)
    assert run_due_digests(store, now) == 1
    assert run_due_digests(store, now + timedelta(minutes=5)) == 0  # once a day
    deliveries = store.list_deliveries()
    parent = deliveries[0]
    assert parent.key == "digest:slack:C1:2025-01-20" and parent.parent_key is None
    children = deliveries[1:]
    assert len(children) == 3 and all(d.parent_key == parent.key for d in children)
    adapter = FakeAdapter()
    await Dispatcher(store, {"slack": adapter}, "w", Clock(now)).run_once()
    head = to_text(adapter.sent[0].message)
    assert "3 new AI-driven job actions at 2 companies, 1,400 jobs cut" in head
    assert head.index("TikTok: 2 stories, 700 jobs") < head.index("Klarna: 1 story, 700 jobs")
    assert "Analysis and commentary" in head and "What AI means for call centre jobs" in head
    for name in ("Intel", "Quiet Co", "Old Co"):
        assert name not in head
    threads = adapter.sent[1:]
    assert [s.message.title for s in threads] == ["TikTok", "TikTok", "Klarna"]
    assert all(
        s.message.discussion and s.target.thread_id == adapter.sent[0].receipt.message_id
        for s in threads
    )
    # the next day covers only what is new since
    make_story("Amazon", first_seen=now + timedelta(hours=2))
    assert run_due_digests(store, now + timedelta(days=1)) == 1
    newest = [d for d in store.list_deliveries() if d.key.startswith("digest:slack:C1:2025-01-21")]
    assert len(newest) == 2 and newest[1].key.endswith(":story:" + store.latest_stories(1)[0].key)


async def test_empty_day_is_skipped_or_quiet(store: Store) -> None:
    await _enable(store, channel="C1")
    await _enable(store, "digest quiet on", channel="C1")
    await _enable(store, channel="C2")
    now = DAY + timedelta(hours=10)
    assert run_due_digests(store, now) == 1
    [d] = store.list_deliveries()
    assert d.key == "digest:slack:C1:2025-01-20" and "Quiet day" in d.message
    assert due_digests(store, now) == []  # C2 skipped but marked as done for today


async def test_planning_twice_from_a_stale_row_does_nothing(store: Store, make_story: Any) -> None:
    await _enable(store)
    make_story("TikTok", first_seen=DAY + timedelta(hours=1))
    now = DAY + timedelta(hours=9, minutes=30)
    [row] = due_digests(store, now)
    assert plan_digest(store, row, now)
    assert not plan_digest(store, row, now)  # a second scheduler with the same stale row
    assert len(store.list_deliveries()) == 2


async def test_digest_now_posts_even_when_quiet_and_keeps_schedule(store: Store) -> None:
    await _enable(store)
    app = make_app(store, Clock(DAY + timedelta(hours=8)))
    reply = await app.handle(cmd("digest now"))
    assert not reply.is_error
    [d] = store.list_deliveries()
    assert ":now:" in d.key and "Quiet day" in d.message
    row = store.get_digest("slack", "C1")
    assert row is not None and row.last_sent_date is None


async def test_digest_now_is_an_extra_look_and_the_evening_digest_still_comes(
    store: Store, make_story: Any
) -> None:
    # The user trial: `digest on 8:30pm PST`, then `digest now` at 10 am: the evening
    # digest never came (digest now had moved the window; nothing new since was quiet).
    await _enable(store, "digest on 8:30pm PST")
    morning = DAY + timedelta(hours=17)  # 09:00 PST
    make_story("TikTok", headcount=500, first_seen=morning)
    before = store.get_digest("slack", "C1")
    assert before is not None
    app = make_app(store, Clock(DAY + timedelta(hours=18)))  # 10:00 PST
    assert not (await app.handle(cmd("digest now"))).is_error
    [extra, _thread] = store.list_deliveries()
    assert ":now:" in extra.key and "TikTok" in extra.message
    assert "the daily digest still comes at 20:30 America/Los_Angeles" in extra.message
    after = store.get_digest("slack", "C1")
    assert after is not None and after.last_covered == before.last_covered  # moved nothing
    assert after.last_sent_date is None
    make_story("Klarna", headcount=700, first_seen=DAY + timedelta(hours=23))  # 15:00 PST
    evening = DAY + timedelta(days=1, hours=4, minutes=30)  # 20:30 PST
    assert run_due_digests(store, evening - timedelta(minutes=1)) == 0
    assert run_due_digests(store, evening) == 1
    [daily] = [d for d in store.list_deliveries() if d.key == "digest:slack:C1:2025-01-20"]
    assert "TikTok" in daily.message and "Klarna" in daily.message  # its whole window
    assert "digest now" not in daily.message
    assert run_due_digests(store, evening + timedelta(hours=12)) == 0  # once that day


async def test_digest_counts_a_hiring_freezes_roles_apart_from_jobs_cut(
    store: Store, make_story: Any
) -> None:
    await _enable(store)
    seen = DAY + timedelta(hours=3)
    make_story("Klarna", headcount=700, first_seen=seen)
    make_story("IBM", kind=Kind.HIRING_FREEZE, headcount=7800, first_seen=seen)
    now = DAY + timedelta(hours=9, minutes=1)
    assert run_due_digests(store, now) == 1
    adapter = FakeAdapter()
    await Dispatcher(store, {"slack": adapter}, "w", Clock(now)).run_once()
    head = to_text(adapter.sent[0].message)
    assert "700 jobs cut, 7,800 roles not filled (where stated)" in head
    assert "IBM: 1 story, 7,800 roles not filled" in head


async def test_a_quiet_digest_after_a_first_read_says_how_many_stories_latest_shows(
    store: Store, make_story: Any
) -> None:
    await _enable(store)
    app = make_app(store, Clock(DAY + timedelta(hours=8)))
    seen = DAY + timedelta(hours=7)
    make_story("Klarna", announce=False, first_seen=seen)  # a new feed's silent first read
    make_story("Chegg", announce=False, first_seen=seen)
    make_story("Intel", ai_cause=False, announce=False, first_seen=seen)  # not AI: not counted
    assert not (await app.handle(cmd("digest now"))).is_error
    [d] = store.list_deliveries()
    assert "Quiet day" in d.message
    assert "2 AI-driven job actions were already in feeds when they were first read" in d.message
    assert "/layoffs latest shows them" in d.message


async def test_a_digest_time_skipped_or_repeated_by_a_dst_change_posts_once_that_day(
    store: Store,
) -> None:
    await _enable(store, "digest on 02:30 Europe/Berlin", at=datetime(2025, 3, 1, tzinfo=UTC))
    await _enable(store, "digest quiet on", at=datetime(2025, 3, 1, tzinfo=UTC))
    spring = datetime(2025, 3, 30, tzinfo=UTC)  # 02:00 local became 03:00 (at 01:00 UTC)
    assert run_due_digests(store, spring.replace(hour=0, minute=59)) == 0  # 01:59 CET
    assert run_due_digests(store, spring.replace(hour=1, minute=0)) == 1  # 03:00 CEST
    assert run_due_digests(store, spring.replace(hour=12)) == 0
    autumn = datetime(2025, 10, 26, tzinfo=UTC)  # 02:30 local came twice
    assert run_due_digests(store, autumn.replace(hour=0, minute=29)) == 0
    assert run_due_digests(store, autumn.replace(hour=0, minute=30)) == 1  # 02:30 CEST
    assert run_due_digests(store, autumn.replace(hour=1, minute=30)) == 0  # 02:30 CET
    days = sorted(d.key.rsplit(":", 1)[-1] for d in store.list_deliveries())
    assert days == ["2025-03-30", "2025-10-26"]


async def test_a_bot_asleep_for_three_days_posts_one_digest_with_all_their_news(
    store: Store, make_story: Any
) -> None:
    await _enable(store)
    for day in range(3):
        make_story("TikTok", first_seen=DAY + timedelta(days=day, hours=12))
    woke = DAY + timedelta(days=3, hours=10)
    assert run_due_digests(store, woke) == 1
    assert run_due_digests(store, woke + timedelta(minutes=1)) == 0
    assert len(store.list_deliveries()) == 1 + 3  # the overview and each story's thread


async def test_a_clock_set_back_after_a_digest_posts_no_empty_one_and_skips_no_day(
    store: Store, make_story: Any
) -> None:
    """The clock set back half a day after the 09:00 digest (NTP after a boot ahead):
    "today" was yesterday, not sent: a digest of nothing went out at once under
    yesterday's key, and the real day's ... was the one already posted. Now nothing goes
    until the clock passes the last digest; the next day's covers everything since."""
    await _enable(store)
    make_story("Klarna", first_seen=DAY + timedelta(hours=3))
    posted = DAY + timedelta(hours=9, minutes=30)
    assert run_due_digests(store, posted) == 1
    set_back = posted - timedelta(hours=12)  # 21:30 the day before, as the clock now says
    assert due_digests(store, set_back) == []
    assert due_digests(store, set_back + timedelta(hours=6)) == []
    make_story("TikTok", first_seen=DAY + timedelta(hours=15))
    next_day = DAY + timedelta(days=1, hours=9)
    assert run_due_digests(store, next_day) == 1
    keys = [d.key for d in store.list_deliveries() if d.parent_key is None]
    assert keys == ["digest:slack:C1:2025-01-20", "digest:slack:C1:2025-01-21"]


def test_a_digested_story_grown_by_fresh_coverage_leads_with_that_coverage() -> None:
    # As its alert does: the digest told of "Acme cuts 1,200 jobs" (the silent first read's
    # headline) while the alert for the same story led with the 250 Dublin jobs that were news.
    from bot.alerts import new_coverage
    from bot.digests import build_digest
    from bot.models import Item, Story, Tags

    filed, seen = DAY - timedelta(hours=5), DAY + timedelta(hours=1)
    old_tags = Tags(kind=Kind.LAYOFF, companies=("Acme",), headcount=1200, ai_cause=True)
    new_tags = Tags(kind=Kind.LAYOFF, companies=("Acme",), headcount=250, ai_cause=True)
    old = Item(1, 1, "g1", "https://n.example/1200", "Acme cuts 1,200 jobs", None, filed, "",
               old_tags, 7, filed)  # fmt: skip
    dublin = Item(2, 2, "g2", "https://n.example/dublin", "Acme to close Dublin, 250 jobs go",
                  "Wire", seen, "", new_tags, 7, seen)  # fmt: skip
    story = Story(7, "acme", old.title, "", old_tags, filed, seen, seen, item_count=2)
    coverage = new_coverage(story, [old, dublin])
    assert coverage is not None
    content = build_digest(
        [story], day=DAY.date(), since=DAY, quiet_ok=False, coverage={7: coverage}
    )
    assert content is not None
    [(_, thread)] = content.children
    text = to_text(thread)
    assert text.index("Acme to close Dublin, 250 jobs go") < text.index(
        "The story so far: Acme cuts"
    )
    assert "New coverage (Wire) of a story first seen" in text
    plain = build_digest([story], day=DAY.date(), since=DAY, quiet_ok=False)
    assert plain is not None and "Dublin" not in to_text(plain.children[0][1])  # no coverage


async def test_stories_naming_no_employer_are_no_company_and_come_last(
    store: Store, make_story: Any
) -> None:
    """Trial 14: three stories naming no employer were one "Unnamed employer", counted as
    a company ("at 37 companies") and listed first, above Oracle's 21,000 jobs."""
    await _enable(store)
    seen = DAY + timedelta(hours=3)
    for n in (1750, None, 80):
        make_story(None, headcount=n, first_seen=seen)
    make_story("Oracle", headcount=21000, first_seen=seen)
    now = DAY + timedelta(hours=9, minutes=1)
    assert run_due_digests(store, now) == 1
    adapter = FakeAdapter()
    await Dispatcher(store, {"slack": adapter}, "w", Clock(now)).run_once()
    head = to_text(adapter.sent[0].message)
    assert "4 new AI-driven job actions at 1 company and 3 employers not named" in head, head
    assert head.index("Oracle: 1 story") < head.index("Employers not named: 3 stories, 1,830")
    assert [s.message.title for s in adapter.sent[1:]][0] == "Oracle"


async def test_the_digest_says_how_many_analyses_it_leaves_out(
    store: Store, make_story: Any
) -> None:
    """Trial 14: 20 analyses of AI and jobs came in a day; the digest listed 5 under
    "Analysis and commentary" as if they were all."""
    await _enable(store)
    seen = DAY + timedelta(hours=3)
    for n in range(7):
        make_story(
            None,
            kind=Kind.ANALYSIS,
            title=f"What AI means for jobs, part {n}",
            first_seen=seen + timedelta(minutes=n),
        )
    now = DAY + timedelta(hours=9, minutes=1)
    assert run_due_digests(store, now) == 1
    adapter = FakeAdapter()
    await Dispatcher(store, {"slack": adapter}, "w", Clock(now)).run_once()
    head = to_text(adapter.sent[0].message)
    assert "Analysis and commentary: the latest 5 of 7" in head, head
    assert "part 6" in head and "part 1" not in head, head
