"""Tenancy: a workspace's own feeds reach that workspace only; the operator's reach all.

Two Slack workspaces (T1, T2) and two Discord servers (G1, G2) share one store. T1 adds
a feed of its own carrying a phishing headline and link about Acme; the operator's feed
reports the same Acme event with a real link. Every read path of every other tenant must
show the operator's story only, and T1 must see one story, not two.
"""

from __future__ import annotations

from datetime import timedelta

from bot.alerts import plan_alerts
from bot.digests import plan_digest
from bot.models import Command, RawItem, Story
from bot.outbox import Dispatcher
from bot.pipeline import Pipeline
from bot.render import to_text
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from tests.conftest_social import NOW, Clock, FakeAdapter, cmd, make_app

EVIL_LINK = "https://evil.example/acme-verify-your-account"
EVIL_TITLE = "Acme to cut 500 jobs as AI takes over support - verify your account here"
REAL_LINK = "https://news.example/acme-500"
REAL_TITLE = "Acme to cut 500 customer support jobs as AI assistant takes over"
TENANTS = [("slack", "T1"), ("slack", "T2"), ("discord", "G1"), ("discord", "G2")]


def _item(title: str, link: str, hours: int) -> RawItem:
    return RawItem(
        guid=link,
        title=title,
        link=link,
        summary_html=f"<p>{title}. The company said its AI assistant now handles support.</p>",
        published=NOW - timedelta(hours=hours),
    )


def _pipeline(store: Store, clock: Clock) -> Pipeline:
    return Pipeline(
        store,
        ExtractiveSummarizer(),
        RuleTagger(),
        on_new_stories=lambda stories: plan_alerts(store, stories, clock()),
        clock=clock,
    )


def _cmd(text: str, platform: str, workspace: str) -> Command:
    """A member's command in a channel of the workspace (ids are unique per platform)."""
    return cmd(
        text,
        platform=platform,
        workspace=workspace,
        channel=f"C-{workspace}",
        user=f"U-{workspace}",
    )


async def _everything_seen_by(store: Store, platform: str, workspace: str) -> str:
    """Every reply a member of this workspace can get about Acme, as text."""
    app = make_app(store, Clock(NOW + timedelta(hours=1)))
    texts = []
    for text in (
        "latest 25",
        "search acme",
        "search verify account",
        "acme",
        "trends 7d",
        f"why {EVIL_LINK}",
        f"why {REAL_LINK}",
        "subscriptions",
    ):
        reply = to_text(await app.handle(_cmd(text, platform, workspace)))
        if text == f"why {EVIL_LINK}" and "I have not seen that link" in reply:
            reply = "(not seen)"  # the reply quotes the user's own link back: no leak
        texts.append(reply)
    texts.append(", ".join(await app.complete_company("ac", tenant=f"{platform}:{workspace}")))
    return "\n".join(texts)


async def test_a_workspace_feed_never_reaches_another_workspace(store: Store) -> None:
    clock = Clock(NOW)
    app = make_app(store, clock)
    for platform, workspace in TENANTS:  # everyone follows Acme, by DM and in a channel
        for here in ("", " here"):
            reply = await app.handle(_cmd(f"subscribe Acme{here}", platform, workspace))
            assert not reply.is_error, to_text(reply)
    glob, _ = store.add_feed("https://operator.example/rss", "Operator")
    own, _ = store.add_feed("https://t1.example/rss", "T1's feed", workspace="slack:T1")
    for feed in (glob, own):
        store.mark_primed(feed.url)
    pipeline = _pipeline(store, clock)
    pipeline.ingest([_item(EVIL_TITLE, EVIL_LINK, 2)], feed_id=own.id)
    pipeline.ingest([_item(REAL_TITLE, REAL_LINK, 3)], feed_id=glob.id)

    t1 = await _everything_seen_by(store, "slack", "T1")
    assert EVIL_LINK in t1  # T1 sees its own feed's story
    for platform, workspace in TENANTS[1:]:
        seen = await _everything_seen_by(store, platform, workspace)
        assert EVIL_LINK not in seen and "verify your account" not in seen, (workspace, seen)
        assert "(not seen)" in seen
        assert REAL_LINK in seen, (workspace, seen)

    # Alerts: T1 is told once (its own story); the others get the operator's story only.
    deliveries = store.list_deliveries()
    t1_alerts = [d for d in deliveries if '"T1"' in d.target]
    assert len(t1_alerts) == 2, [d.key for d in t1_alerts]  # a DM and a channel, once each
    for d in t1_alerts:
        assert EVIL_LINK in d.message and REAL_LINK not in d.message
    others = [d for d in deliveries if '"T1"' not in d.target]
    assert len(others) == 6, [d.key for d in others]
    for d in others:
        assert REAL_LINK in d.message and EVIL_LINK not in d.message and "verify" not in d.message

    # Digests: each channel's digest holds what its workspace may see.
    for platform, workspace in TENANTS:
        await app.handle(_cmd("digest on", platform, workspace))
        row = store.get_digest(platform, f"C-{workspace}")
        assert row is not None
        plan_digest(store, row, NOW + timedelta(hours=1), manual=True)
    adapters = {"slack": FakeAdapter(), "discord": FakeAdapter(name="discord")}
    await Dispatcher(store, adapters, "w", Clock(NOW + timedelta(hours=1))).run_once()
    sent = [(s.target, to_text(s.message)) for a in adapters.values() for s in a.sent]
    assert sum("AI layoffs digest" in text for _, text in sent) == 4
    for target, text in sent:
        if target.workspace_id != "T1":
            assert EVIL_LINK not in text and "verify your account" not in text, text


async def test_the_operator_story_arriving_second_is_one_story_for_the_workspace(
    store: Store,
) -> None:
    clock = Clock(NOW)
    app = make_app(store, clock)
    await app.handle(cmd("subscribe Acme"))
    glob, _ = store.add_feed("https://operator.example/rss", "Operator")
    own, _ = store.add_feed("https://t1.example/rss", "T1's feed", workspace="slack:T1")
    for feed in (glob, own):
        store.mark_primed(feed.url)
    pipeline = _pipeline(store, clock)
    pipeline.ingest([_item(REAL_TITLE, REAL_LINK + "?t1", 2)], feed_id=own.id)
    pipeline.ingest([_item(REAL_TITLE, REAL_LINK, 3)], feed_id=glob.id)
    latest = to_text(await app.handle(cmd("latest 25")))
    assert "Latest 1 story" in latest and "?t1" in latest, latest  # one story: its own
    alerts = [d for d in store.list_deliveries() if d.key.startswith("alert:")]
    assert len(alerts) == 1, [d.key for d in alerts]  # told once
    other = to_text(await app.handle(cmd("latest 25", workspace="T2")))
    assert REAL_LINK in other and "?t1" not in other


async def test_the_same_link_in_a_workspace_feed_does_not_hide_it_from_the_operator_feed(
    store: Store,
) -> None:
    clock = Clock(NOW)
    glob, _ = store.add_feed("https://operator.example/rss", "Operator")
    own, _ = store.add_feed("https://t1.example/rss", "T1's feed", workspace="slack:T1")
    pipeline = _pipeline(store, clock)
    pipeline.ingest([_item(REAL_TITLE, REAL_LINK, 2)], feed_id=own.id)
    result = pipeline.ingest([_item(REAL_TITLE, REAL_LINK, 2)], feed_id=glob.id)
    assert result.new_items == 1  # stored for everyone, not skipped as known
    other = to_text(await make_app(store).handle(cmd("latest", workspace="T2")))
    assert REAL_LINK in other


async def test_feeds_list_shows_operator_feeds_without_their_query_strings(store: Store) -> None:
    store.add_feed("https://operator.example/rss?token=s3cret", "Operator")
    store.add_feed("https://t1.example/rss?key=mine", "T1's feed", workspace="slack:T1")
    app = make_app(store)
    t2 = to_text(await app.handle(cmd("feeds list", workspace="T2")))
    assert "s3cret" not in t2 and "https://operator.example/rss?…" in t2
    assert "t1.example" not in t2
    t1 = to_text(await app.handle(cmd("feeds list", workspace="T1")))
    assert "https://t1.example/rss?key=mine" in t1 and "s3cret" not in t1


async def test_trends_and_company_totals_count_a_shadowed_operator_story_once(
    store: Store,
) -> None:
    """The roll-ups (bot/store/rollup.py) count each story for its own tenant; a
    workspace's view takes out the operator's stories its own stand in for."""
    clock = Clock(NOW)
    glob, _ = store.add_feed("https://operator.example/rss", "Operator")
    own, _ = store.add_feed("https://t1.example/rss", "T1's feed", workspace="slack:T1")
    pipeline = _pipeline(store, clock)
    hours_ago = 24 * 45  # inside a whole month: read from the roll-up, not the stories
    pipeline.ingest([_item(REAL_TITLE, REAL_LINK + "?t1", hours_ago)], feed_id=own.id)
    initech = "Initech to cut 80 jobs as AI assistant takes over support"
    pipeline.ingest([_item(initech, "https://t1.example/initech", hours_ago)], feed_id=own.id)
    pipeline.ingest([_item(REAL_TITLE, REAL_LINK, hours_ago + 1)], feed_id=glob.id)
    app = make_app(store, clock)
    for workspace, expected in (("T1", 2), ("T2", 1)):
        trends = to_text(await app.handle(_cmd("trends 1y", "slack", workspace)))
        assert f"AI-attributed stories: {expected}" in trends, (workspace, trends)
        assert "Acme: 1 story, 500 jobs" in trends, (workspace, trends)
        acme = to_text(await app.handle(_cmd("acme", "slack", workspace)))
        assert "Stories: 1" in acme and "Jobs cut or not filled (where stated): 500" in acme, acme
    assert "Initech" not in to_text(await app.handle(_cmd("trends 1y", "slack", "T2")))


async def test_a_workspace_the_bot_was_removed_from_is_paused_and_no_other(store: Store) -> None:
    """Before, its own feeds were polled for good and its digests and subscriptions
    stopped only when a delivery there failed. Now all of it pauses at once, with the
    reason, its pending deliveries are dropped, and a manager can resume."""
    from bot.alerts import alert_message, subscription_target
    from bot.outbox import enqueue_message

    app = make_app(store)
    for platform, workspace in TENANTS[:2]:
        for text in ("digest on", "subscribe Acme", "subscribe Acme here"):
            assert not (await app.handle(_cmd(text, platform, workspace))).is_error
        store.add_feed(f"https://{workspace}.example/rss", "own", workspace=f"slack:{workspace}")
        for sub in store.subscriptions_of(
            platform=platform, workspace_id=workspace, user_id=f"U-{workspace}", channel_id=None
        ):
            story = _item(REAL_TITLE, REAL_LINK, 1)
            message = alert_message(_story(story.title), sub)
            enqueue_message(
                store,
                key=f"k{sub.id}",
                target=subscription_target(sub),
                message=message,
                source="alert",
                now=NOW,
            )
    await app.workspace_removed("slack", "T1")

    t1_reason = "the bot was removed from this workspace"
    for workspace, paused in (("T1", True), ("T2", False)):
        digest = store.get_digest("slack", f"C-{workspace}")
        assert digest is not None and digest.enabled is not paused
        subs = store.subscriptions_of(
            platform="slack",
            workspace_id=workspace,
            user_id=f"U-{workspace}",
            channel_id=f"C-{workspace}",
        )
        assert len(subs) == 2 and all(s.disabled is paused for s in subs)
        [feed] = [f for f in store.list_feeds(f"slack:{workspace}") if f.workspace]
        assert feed.disabled is paused
        if paused:
            assert t1_reason in (digest.disabled_reason or "") and t1_reason in (
                feed.disabled_reason or ""
            )
    states = {d.key: d.state for d in store.list_deliveries()}
    assert sorted(states.values()) == ["failed", "pending"]
    assert [f.workspace for f in store.due_feeds(NOW)] == ["slack:T2"]
    # Re-added: the managers turn things on again as after any pause.
    assert not (await app.handle(_cmd("digest on", "slack", "T1"))).is_error
    digest = store.get_digest("slack", "C-T1")
    assert digest is not None and digest.enabled and digest.disabled_reason is None


async def test_a_removed_workspaces_settings_say_how_to_resume_each_paused_thing(
    store: Store,
) -> None:
    """The docs promise a re-added bot resumes with `digest on`, `subscribe` and `feeds
    enable`; subscriptions and feeds said so, a paused digest showed only who last
    changed it."""
    app = make_app(store)
    for text in ("digest on", "subscribe Acme here"):
        assert not (await app.handle(_cmd(text, "slack", "T1"))).is_error
    store.add_feed("https://t1.example/rss", "own", workspace="slack:T1")
    await app.workspace_removed("slack", "T1")
    # Paused by a version that kept no removal mark (a command from the workspace now
    # resumes what the removal paused: tests/test_removed_workspaces.py): by hand.
    from sqlalchemy import text as sql

    with store.tx() as conn:
        conn.execute(sql("DELETE FROM meta WHERE key LIKE 'removed:%'"))
    app = make_app(store)

    settings = to_text(await app.handle(_cmd("digest settings", "slack", "T1")))
    assert "paused: the bot was removed from this workspace" in settings, settings
    assert "/layoffs digest on" in settings, settings
    subs = to_text(await app.handle(_cmd("subscriptions", "slack", "T1")))
    assert "subscribe again to resume" in subs, subs
    listed = to_text(await app.handle(_cmd("feeds list", "slack", "T1")))
    assert "/layoffs feeds enable https://t1.example/rss" in listed, listed


def _story(title: str) -> Story:
    from bot.models import Kind, Tags

    return Story(
        id=1,
        key="s1",
        headline=title,
        summary=title,
        tags=Tags(kind=Kind.LAYOFF),
        published=NOW,
        first_seen=NOW,
        updated=NOW,
    )


def test_a_removal_pause_reads_server_on_discord_and_workspace_on_slack() -> None:
    from bot.commands.surface import paused_because
    from bot.tenancy import REMOVED_REASON

    assert paused_because("discord", REMOVED_REASON) == "the bot was removed from this server"
    assert paused_because("slack", REMOVED_REASON) == REMOVED_REASON
    assert paused_because("discord", "delivery failed") == "delivery failed"
