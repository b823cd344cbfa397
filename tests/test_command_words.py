"""The words people type for a subcommand (trial-chat 15): `/layoffs follow TikTok` was
looked up as a company ("No stories yet about follow TikTok", or TikTok's stories) and
followed nothing; 'folow tiktok' showed TikTok's stories without the hint a slip in
'subscribe' gets ("Did you mean the command /layoffs subscribe tiktok?")."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app


async def test_follow_unfollow_and_following_are_subscribe_unsubscribe_and_subscriptions(
    store: Store, make_story: Any
) -> None:
    make_story("TikTok")
    app = make_app(store)
    followed = await app.handle(cmd("follow TikTok"))
    assert followed.title == "Following TikTok", to_text(followed)
    listed = to_text(await app.handle(cmd("following")))
    assert "TikTok" in listed and "topic" not in listed, listed
    stopped = to_text(await app.handle(cmd("unfollow tiktok")))
    assert "No more alerts about TikTok" in stopped, stopped


async def test_follow_with_no_stories_yet_follows(store: Store) -> None:
    reply = await make_app(store).handle(cmd("/layoffs follow TikTok"))
    assert reply.title == "Following TikTok", to_text(reply)
    assert "follow TikTok" not in to_text(reply)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("folow tiktok", "/layoffs subscribe tiktok"),
        ("unfolow Klarna", "/layoffs unsubscribe Klarna"),
        ("follwing", "/layoffs subscriptions"),
    ],
)
async def test_a_slip_in_follow_points_to_the_command_it_means(
    store: Store, make_story: Any, typed: str, meant: str
) -> None:
    make_story("TikTok")
    reply = to_text(await make_app(store).handle(cmd(typed)))
    assert f"Did you mean the command {meant}?" in reply, reply


async def test_feeds_in_a_discord_dm_name_no_server_and_offer_no_refused_command(
    store: Store,
) -> None:
    """`/layoffs feeds` in the DM with the bot listed "This server's feeds (0). A manager
    can add one: /layoffs feeds action:add url:<url>", a command refused in a DM."""
    store.add_feed("https://wire.example/rss", "Wire")
    in_dm = replace(cmd("feeds", platform="discord", workspace="", channel="D1"), is_direct=True)
    reply = to_text(await make_app(store).handle(in_dm))
    assert "Global feeds (1)" in reply and "Wire" in reply, reply
    assert "This server's feeds" not in reply and "action:add" not in reply, reply
    assert "A direct message belongs to no server" in reply, reply
    in_server = to_text(await make_app(store).handle(cmd("feeds", platform="discord")))
    assert "This server's feeds (0)" in in_server, in_server


@pytest.mark.parametrize(
    ("typed", "note"),
    [
        ("feeds add https://a.example/rss", "Checking the feed first"),
        ("/layoffs feeds enable https://a.example/rss", "Checking the feed first"),
        ("feeds add https://a.example/rss https://b.example/rss", "Checking the 2 feeds first"),
        ("feeds list", None),
        ("feeds remove https://a.example/rss", None),
        ("feeds add", None),
        ("latest", None),
        ("x" * 2000, None),
    ],
)
def test_a_feed_add_is_announced_before_its_feeds_are_fetched(typed: str, note: str | None) -> None:
    from bot.commands.parse import waiting_note

    said = waiting_note(typed)
    assert (said is None) if note is None else (said or "").startswith(note), said


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("digest time 10:00", "/layoffs digest on 10:00"),
        ("/layoffs digest at 8:30 pm Europe/Berlin", "/layoffs digest on 8:30 pm Europe/Berlin"),
        ("digest 10:00", "/layoffs digest on 10:00"),
    ],
)
async def test_a_digest_time_without_on_names_the_command_meant(
    store: Store, typed: str, meant: str
) -> None:
    """`/layoffs digest time 10:00` answered only with the usage (trial 15)."""
    reply = to_text(await make_app(store).handle(cmd(typed)))
    assert f"Did you mean `{meant}`?" in reply, reply
    assert store.get_digest("slack", "C1") is None


async def test_an_unknown_digest_word_without_a_time_gets_no_guess(store: Store) -> None:
    reply = to_text(await make_app(store).handle(cmd("digest sometimes")))
    assert "Unknown digest option “sometimes”." in reply and "Did you mean" not in reply


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("trends 1w", "last 7 days"),
        ("trends 1 week", "last 7 days"),
        ("trends 3m", "last 90 days"),
        ("trends 3 months", "last 90 days"),
        ("trends 12 months", "last year"),
        ("trends 52 weeks", "last year"),
        ("trends 1 year", "last year"),
    ],
)
async def test_trends_takes_its_periods_in_other_units(
    store: Store, typed: str, title: str
) -> None:
    reply = await make_app(store).handle(cmd(typed))
    assert reply.title.endswith(title), to_text(reply)


@pytest.mark.parametrize("typed", ["trends 2w", "trends 2 weeks", "trends 5d"])
async def test_trends_refuses_another_span_saying_what_works(store: Store, typed: str) -> None:
    """`/layoffs trends 2w` was refused with "“2w” is not a period." alone."""
    reply = to_text(await make_app(store).handle(cmd(typed)))
    assert "is not a period trends shows: 7d (a week), 30d (a month)" in reply, reply


async def test_a_digest_in_a_direct_message_is_this_conversations(store: Store) -> None:
    """`/layoffs digest on` in Slack's DM with the bot said the digest "is posted in this
    channel" (trial 15)."""
    app = make_app(store)

    async def in_dm(text: str) -> str:
        return to_text(await app.handle(replace(cmd(text, channel="D1"), is_direct=True)))

    on = await in_dm("digest on")
    assert "The digest is posted in this conversation every day" in on, on
    assert "this conversation's digest now" in await in_dm("digest now")
    assert "No more daily digests in this conversation." in await in_dm("digest off")
    assert "in this channel" not in on + await in_dm("digest quiet on")
    channel = to_text(await app.handle(cmd("digest on")))
    assert "The digest is posted in this channel every day" in channel, channel
