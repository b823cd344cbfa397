"""Session 13's trial, unit level: digest times typed with a space, a question typed to the
bot, which alerts `unsubscribe` stopped, and `here` in a direct message. Each is driven
through the real process too (tests/test_e2e_trial_13.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.commands.lookup import asked_about
from bot.commands.parse import split
from bot.commands.spec import Usage
from bot.errors import file_problem
from bot.render import to_text
from bot.store import Store
from bot.typed_time import zone_as_typed
from tests.conftest_social import NOW, cmd, make_app


@pytest.mark.parametrize(
    ("typed", "bound"),
    [
        ("digest on 8:30 pm", {"time": "20:30"}),
        ("digest on 7:15 am America/New_York", {"time": "07:15", "timezone": "America/New_York"}),
        ("digest on 8am New York", {"time": "08:00", "timezone": "America/New_York"}),
        ("digest on at 8 a.m. in London", {"time": "08:00", "timezone": "Europe/London"}),
        ("digest on Berlin 8 PM", {"time": "20:00", "timezone": "Europe/Berlin"}),
        ("digest on 08:30 Europe/Berlin", {"time": "08:30", "timezone": "Europe/Berlin"}),
    ],
)
def test_digest_on_reads_a_time_and_a_city_as_people_type_them(
    typed: str, bound: dict[str, str]
) -> None:
    """'8:30 pm' (with a space, as Discord's time option took it) was refused in typed
    text: "“pm” is neither a time ..." or "Too many words after `digest on`"."""
    parsed = split(typed)
    assert parsed.spec.bind(parsed.raw_args()) == {"action": "on", **bound}


@pytest.mark.parametrize(
    "typed", ["digest on 08:30 Europe/Berlin extra", "digest on 8 9", "digest on 8am 9pm"]
)
def test_digest_on_still_refuses_words_that_are_no_time_and_zone(typed: str) -> None:
    parsed = split(typed)
    with pytest.raises(Usage) as raised:
        parsed.spec.bind(parsed.raw_args())
    assert raised.value.problem == "Too many words after `digest on`."


@pytest.mark.parametrize(
    ("typed", "company"),
    [
        ("what about amazon?", "amazon"),
        ("So what about tik tok?", "tik tok"),
        ("any news on Klarna?", "Klarna"),
        ("what's new at IBM?", "IBM"),
        ("tell me about IBM!", "IBM"),
        ("Klarna?", "Klarna"),
        ("Klarna", None),
        ("show meta", None),  # no frame: 'show me' needs its own word
        ("what about ?", None),
    ],
)
def test_a_question_names_the_company_it_asks_about(typed: str, company: str | None) -> None:
    assert asked_about(typed) == company


async def test_a_question_about_a_company_is_answered_as_its_lookup(
    store: Store, make_story: Any
) -> None:
    """A direct message "what about klarna?" was looked up whole: "No stories yet about
    What About Klarna?"."""
    make_story("Klarna", headcount=700)
    app = make_app(store)
    found = await app.handle(cmd("what about klarna?"))
    assert found.title == "Klarna: recent job actions", to_text(found)
    missing = await app.handle(cmd("any news on Initech?"))
    assert missing.title == "No stories yet about Initech", to_text(missing)
    assert "/layoffs subscribe Initech" in to_text(missing)


async def test_unsubscribe_says_which_alerts_stopped_and_which_go_on(store: Store) -> None:
    """`unsubscribe Duolingo` (the user's own alerts) typed in a channel that follows
    Duolingo too answered "No more alerts about it here" while the channel's went on."""
    app = make_app(store)
    for text in ("subscribe Duolingo", "subscribe Duolingo here"):
        assert not (await app.handle(cmd(text))).is_error
    own = to_text(await app.handle(cmd("unsubscribe Duolingo")))
    assert "No more alerts about Duolingo by direct message." in own, own
    assert "This channel still follows Duolingo (/layoffs unsubscribe Duolingo here" in own, own
    channel = to_text(await app.handle(cmd("unsubscribe Duolingo here")))
    assert "No more alerts about Duolingo in this channel." in channel, channel
    assert "still" not in channel, channel


async def test_here_in_a_direct_message_is_the_users_own_alerts(store: Store) -> None:
    """In a DM `subscribe X here` followed X for the DM as a channel besides the user's
    own: two alerts per story in one conversation; and a member was refused it."""
    app = make_app(store)
    direct = replace(cmd("x", channel="D1", manager=False), is_direct=True)
    for text in ("subscribe Duolingo", "subscribe Duolingo here"):
        reply = await app.handle(replace(direct, text=text))
        assert not reply.is_error and "by direct message" in to_text(reply), to_text(reply)
    subs = store.subscriptions_of(
        platform="slack", workspace_id="T1", user_id="U1", channel_id="D1"
    )
    assert [(s.company, s.channel_id) for s in subs] == [("Duolingo", "")]
    gone = await app.handle(replace(direct, text="unsubscribe Duolingo here"))
    assert not gone.is_error, to_text(gone)


async def test_a_dm_outside_any_workspace_says_digests_and_feeds_are_a_servers(
    store: Store,
) -> None:
    """A Discord DM (no server): a server's manager asking for `digest on` there was told
    only members with Manage Server may, and `digest settings` that a manager can."""
    app = make_app(store)
    dm = replace(cmd("x", channel="D9", platform="discord"), is_direct=True, workspace_id=None)
    for text in ("digest on", "digest now", "feeds add https://example.com/feed.xml"):
        reply = await app.handle(replace(dm, text=text))
        assert reply.is_error and "belongs to no server" in to_text(reply), to_text(reply)
    settings = to_text(await app.handle(replace(dm, text="digest settings")))
    assert "No digest in a direct message" in settings and "A manager" not in settings
    assert store.get_digest("discord", "D9") is None


def test_a_file_that_cannot_be_read_is_named_in_words(tmp_path: Path) -> None:
    """`feeds import` and `tag` showed "[Errno 2] No such file or directory: 'x.opml'"."""
    problems = []
    for path in (tmp_path / "missing.opml", tmp_path):
        try:
            path.read_bytes()
        except OSError as exc:
            problems.append(file_problem(exc))
    assert problems == ["no such file", "that is a folder, not a file"]


async def test_the_console_help_names_no_channel(store: Store) -> None:
    """The console's replies were worded for a terminal (session 12), its help still said
    "`here` in this channel" and "This channel's daily digest"."""
    app = make_app(store)
    shown = to_text(await app.handle(cmd("help", platform="console", workspace="")))
    assert "this channel" not in shown.lower(), shown
    assert "The console's daily digest" in shown and "printed at the console" in shown, shown
    slack = to_text(await app.handle(cmd("help")))
    assert "This channel's daily digest (managers change it)" in slack, slack


async def test_digest_off_when_it_is_off_says_nothing_changed(store: Store) -> None:
    """`digest off` in a channel with no digest answered "No more daily digests in this
    channel", as if one had been stopped."""
    app = make_app(store)
    never = to_text(await app.handle(cmd("digest off")))
    assert "was already off: nothing changed" in never, never
    assert not (await app.handle(cmd("digest on"))).is_error
    stopped = to_text(await app.handle(cmd("digest off")))
    assert "No more daily digests in this channel." in stopped, stopped
    again = to_text(await app.handle(cmd("digest off")))
    assert "The daily digest in this channel was already off" in again, again


async def test_a_name_in_quotes_is_looked_up_without_them(store: Store, make_story: Any) -> None:
    """`/layoffs “Salesforce”` answered "Salesforce (for ““Salesforce””)"."""
    make_story("Salesforce", headcount=4000)
    app = make_app(store)
    for typed in ("“Salesforce”", '"salesforce"', "'Salesforce'"):
        reply = await app.handle(cmd(typed))
        assert reply.title == "Salesforce: recent job actions", to_text(reply)
    followed = to_text(await app.handle(cmd("subscribe “Salesforce”")))
    assert "““" not in followed and "Following Salesforce" in followed, followed


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("San Francisco", "America/Los_Angeles"),
        ("Bangalore", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("Washington D.C.", "America/New_York"),
        ("Pacific", "America/Los_Angeles"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("London", "Europe/London"),
        ("PST", "America/Los_Angeles"),
    ],
)
def test_a_zone_is_read_from_the_place_people_name(typed: str, zone: str) -> None:
    """“Mumbai”, “San Francisco”, “São Paulo” (accented) and “Buenos Aires” (a city two
    names in the zone database share) were "neither a time nor a time zone"."""
    assert zone_as_typed(typed) == zone


def test_an_abbreviation_of_several_zones_names_the_places_it_may_mean() -> None:
    with pytest.raises(ValueError, match="India's, Ireland's or Israel's.*Asia/Kolkata"):
        zone_as_typed("IST")


async def test_a_dm_followed_as_a_channel_before_is_stopped_with_the_users_own(
    store: Store,
) -> None:
    """Before trial 13 `subscribe X here` in a DM followed the DM as a channel; `here` now
    means the user's own there, so `unsubscribe X` in the DM must stop that one too."""
    from bot.companies import company_key

    app = make_app(store)
    direct = replace(cmd("x", channel="D1", manager=False), is_direct=True)
    for channel in ("", "D1"):  # the user's own, and the DM followed as a channel
        store.subscribe(
            platform="slack",
            workspace_id="T1",
            user_id="U1",
            channel_id=channel,
            company="Duolingo",
            company_key=company_key("Duolingo"),
            now=NOW,
            limit=100,
        )
    gone = await app.handle(replace(direct, text="unsubscribe Duolingo"))
    assert not gone.is_error, to_text(gone)
    assert (
        store.subscriptions_of(platform="slack", workspace_id="T1", user_id="U1", channel_id="D1")
        == []
    )


async def test_digest_on_after_its_time_says_a_quiet_day_is_skipped(store: Store) -> None:
    """ "Next digest: today's, within a minute" and nothing came: nothing new, quiet days
    skipped."""
    app = make_app(store)  # its clock: 12:00 UTC
    shown = to_text(await app.handle(cmd("digest on 08:00 UTC")))
    assert "today's, within a minute (08:00 has passed; skipped if nothing is new)" in shown
    assert not (await app.handle(cmd("digest quiet on"))).is_error
    shown = to_text(await app.handle(cmd("digest on 08:00 UTC")))
    assert "today's, within a minute (08:00 has passed), then" in shown, shown


async def test_discord_unsubscribe_names_the_other_alerts_with_discord_options(
    store: Store,
) -> None:
    app = make_app(store)
    typed = replace(cmd("x", platform="discord"), name="subscribe")
    for where in ("me", "here"):
        reply = await app.handle(replace(typed, args={"company": "Klarna", "where": where}))
        assert not reply.is_error, to_text(reply)
    stop = replace(typed, name="unsubscribe", args={"company": "Klarna", "where": "me"})
    shown = to_text(await app.handle(stop))
    assert "(/layoffs unsubscribe company:Klarna where:here stops its alerts)" in shown, shown
