"""Session 13's trial, second round, unit level: hints Discord could not take (typed
syntax in alerts, digests and replies), `digest quiet` while the digest is off, several
feeds in one `feeds add`, and a search of only stopwords. Each is driven through the real
process too (tests/test_e2e_trial_13b.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.alerts import alert_message
from bot.app import App
from bot.hints import typed_or_options
from bot.render import to_text
from bot.store import Store
from bot.store.social import Subscription
from tests.conftest_social import NOW, Clock, cmd, make_app, settings


def test_a_hint_is_typed_words_or_discords_named_options() -> None:
    assert typed_or_options(False, "unsubscribe", company="X", where="here") == (
        "/layoffs unsubscribe X here"
    )
    assert typed_or_options(True, "unsubscribe", company="X", where="here") == (
        "/layoffs unsubscribe company:X where:here"
    )
    assert typed_or_options(False, "company", company="Amazon") == "/layoffs Amazon"
    assert typed_or_options(True, "company", company="Amazon") == (
        "/layoffs company company:Amazon"
    )
    assert typed_or_options(True, "digest", action="now") == "/layoffs digest action:now"


def _sub(platform: str, channel: str) -> Subscription:
    return Subscription(1, platform, "T1", "Klarna", "klarna", "U1", channel, NOW)


def test_an_alerts_footer_is_the_command_its_platform_takes(make_story: Any) -> None:
    """Discord alerts said "/layoffs unsubscribe Klarna here to stop.", which Discord's
    slash commands cannot take."""
    story = make_story("Klarna")
    footers = {
        (p, c): alert_message(story, _sub(p, c)).footer
        for p in ("slack", "discord")
        for c in ("", "C1")
    }
    assert footers[("discord", "")] == (
        "You follow Klarna: /layoffs unsubscribe company:Klarna to stop."
    )
    assert footers[("discord", "C1")] == (
        "This channel follows Klarna: a channel manager can stop it with "
        "/layoffs unsubscribe company:Klarna where:here."
    )
    assert footers[("slack", "")] == "You follow Klarna: /layoffs unsubscribe Klarna to stop."
    assert footers[("slack", "C1")] == (
        "This channel follows Klarna: a channel manager can stop it with "
        "/layoffs unsubscribe Klarna here."
    )


async def test_discord_replies_give_hints_as_named_options(store: Store, make_story: Any) -> None:
    """`subscribe`'s footer, the lookup's, `digest settings` and an empty subscriptions
    list said typed syntax on Discord."""
    app = make_app(store)
    make_story("Klarna")  # the lookup below shows it, with how to stop its alerts
    discord = replace(cmd("x", platform="discord"), name="subscribe")

    async def run(name: str, **args: str) -> str:
        return to_text(await app.handle(replace(discord, name=name, args=args)))

    assert "No subscriptions" in (empty := await run("subscriptions")), empty
    assert "/layoffs subscribe company:<company> [where:here]" in empty, empty
    followed = await run("subscribe", company="Klarna", where="here")
    assert "/layoffs unsubscribe company:Klarna where:here to stop." in followed, followed
    settings = await run("digest", action="settings")
    assert "/layoffs digest action:on" in settings, settings
    lookup = await run("company", company="Klarna")
    assert "/layoffs unsubscribe company:Klarna where:here to stop" in lookup, lookup
    for shown in (empty, followed, settings, lookup):
        assert "unsubscribe Klarna" not in shown and "digest on " not in shown, shown
    # Slack keeps typed words.
    typed = to_text(await app.handle(cmd("subscribe Klarna")))
    assert "/layoffs unsubscribe Klarna to stop." in typed, typed


async def test_digest_quiet_while_the_digest_is_off_says_it_is_off(store: Store) -> None:
    """`digest quiet on` with no digest answered "a short 'Quiet day' note is posted in
    this channel instead", as if one would post."""
    app = make_app(store)
    for words in ("on", "off"):
        shown = to_text(await app.handle(cmd(f"digest quiet {words}")))
        assert "the daily digest in this channel is off" in shown, shown
        assert "(/layoffs digest on)" in shown, shown
    assert store.get_digest("slack", "C1") is not None  # kept for when it is turned on
    assert not (await app.handle(cmd("digest on"))).is_error
    on = to_text(await app.handle(cmd("digest quiet on")))
    assert "is off" not in on and "'Quiet day' note is posted" in on, on
    discord = replace(cmd("x", platform="discord", channel="C7"), name="digest")
    off = await app.handle(replace(discord, args={"action": "quiet", "quiet": "on"}))
    assert "(/layoffs digest action:on)" in to_text(off), to_text(off)


async def test_feeds_add_of_several_adds_each_and_says_how_each_went(store: Store) -> None:
    """`feeds add URL1 URL2` was refused whole: "takes one feed address; got 2 words"."""
    from tests.test_commands import FakeFeeds

    app = make_app(store, feed_service=FakeFeeds(store))
    text = "feeds add https://a.example/rss <https://b.example/rss> https://broken.example/"
    reply = await app.handle(cmd(text))
    shown = to_text(reply)
    assert reply.title == "2 of 3 feeds added" and not reply.is_error, shown
    assert "Feed not added: https://broken.example/" in shown and "not a feed" in shown, shown
    own = sorted(f.url for f in store.list_feeds("slack:T1") if f.workspace)
    assert own == ["https://a.example/rss", "https://b.example/rss"]
    # The workspace's most feeds hold for each one added.
    full = App(store, replace(settings(), max_feeds=3), FakeFeeds(store), Clock())
    more = to_text(await full.handle(cmd("feeds add https://c.example/rss https://d.example/rss")))
    assert "1 of 2 feeds added" in more and "the most allowed (3)" in more, more
    # Words that are no link are still refused (several removed: test_feeds_remove_...).
    refused = await app.handle(cmd("feeds add https://a.example/rss my feed"))
    assert refused.is_error, to_text(refused)
    many = " ".join(f"https://{n}.example/rss" for n in "efghij")
    refused = to_text(await app.handle(cmd(f"feeds add {many}")))
    assert "At most 5 feeds at a time; got 6." in refused, refused


async def test_feeds_remove_and_enable_of_several_do_each_and_say_how_each_went(
    store: Store,
) -> None:
    """`feeds remove URL1 URL2` (and `enable`) was refused whole ("takes one feed address
    at a time") while `feeds add` took up to 5: each is now done in turn, as `add` does."""
    from tests.test_commands import FakeFeeds

    app = make_app(store, feed_service=FakeFeeds(store))
    await app.handle(cmd("feeds add https://a.example/rss https://b.example/rss"))
    from sqlalchemy import update

    from bot.store.tables import feeds

    with store.tx() as conn:  # as the poller leaves a feed that is gone
        conn.execute(
            update(feeds)
            .where(feeds.c.url == "https://a.example/rss")
            .values(disabled=True, disabled_reason="gone (HTTP 410)")
        )
    enabled = await app.handle(cmd("feeds enable https://a.example/rss https://b.example/rss"))
    shown = to_text(enabled)
    assert enabled.title == "1 of 2 feeds enabled (1 already enabled)", shown
    assert not enabled.is_error, shown
    assert "Feed enabled: " in shown and "Feed already enabled: " in shown, shown
    assert "It is already enabled, polled at every cycle: nothing to do" in shown, shown
    removed = await app.handle(
        cmd("feeds remove https://a.example/rss <https://b.example/rss> https://c.example/rss")
    )
    shown = to_text(removed)
    assert removed.title == "2 of 3 feeds removed" and not removed.is_error, shown
    assert "This workspace has no feed https://c.example/rss" in shown, shown
    assert not [f for f in store.list_feeds("slack:T1") if f.workspace]
    none = await app.handle(cmd("feeds remove https://a.example/rss https://b.example/rss"))
    assert none.title == "0 of 2 feeds removed" and none.is_error, to_text(none)
    many = " ".join(f"https://{n}.example/rss" for n in "efghij")
    refused = to_text(await app.handle(cmd(f"feeds remove {many}")))
    assert "At most 5 feeds at a time; got 6." in refused, refused


async def test_a_search_of_only_common_words_says_so(store: Store, make_story: Any) -> None:
    """`search the` listed every story holding "the": noise."""
    make_story("Klarna", title="Klarna cuts the support team as AI takes over")
    app = make_app(store)
    for words in ("the", "The of and", "“the”"):
        reply = await app.handle(cmd(f"search {words}"))
        assert reply.title == "Nothing to search for", to_text(reply)
        assert "holds only common words" in to_text(reply), to_text(reply)
    found = to_text(await app.handle(cmd("search the support team")))
    assert "Klarna" in found, found
    discord = replace(cmd("x", platform="discord"), name="search", args={"words": "the"})
    shown = to_text(await app.handle(discord))
    assert "/layoffs search words:customer service" in shown, shown


async def test_discord_feeds_lookups_and_a_dm_give_hints_as_named_options(store: Store) -> None:
    """The feeds list ("/layoffs feeds add <url>"), a topic looked up as a company, and a
    Discord DM's refusal named typed commands."""
    app = make_app(store)
    discord = replace(cmd("x", platform="discord"), name="feeds", args={"action": "list"})
    feeds = to_text(await app.handle(discord))
    assert "/layoffs feeds action:add url:<url>" in feeds, feeds
    topic = to_text(await app.handle(replace(discord, name="company", args={"company": "AI"})))
    assert "/layoffs search words:AI" in topic, topic
    dm = replace(discord, is_direct=True, workspace_id=None, channel_id="D9")
    refused = to_text(await app.handle(replace(dm, name="digest", args={"action": "on"})))
    assert "/layoffs subscribe company:<company>" in refused, refused
    for shown in (feeds, topic, refused):
        assert "feeds add <url>" not in shown and "search AI" not in shown, shown
