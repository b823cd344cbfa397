"""Session 18's leftovers from the last trial, unit level: `layoffbot eval` of a named pipe
or `-`; digest settings saying "12:00" for noon; Discord's time option described as
"HH:MM (24-hour)"; channel alerts telling every member to unsubscribe the channel;
full-width search words; company autocomplete's order. Each is driven through the real
process too (tests/test_e2e_polish_18.py)."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.alerts import alert_message
from bot.commands.index import typed_first
from bot.render import to_text
from bot.store import Store
from bot.store.social import Subscription
from tests.conftest_social import NOW, cmd, make_app

LABELLED = (
    '{"title": "Acme cuts 100 jobs as AI takes over support", "link": "https://n.example/a",'
    ' "labels": {"kind": "layoff", "ai_cause": true, "companies": ["Acme"], "headcount": 100,'
    ' "percent": null, "functions": [], "story": "acme"}}\n'
)


def test_eval_reads_its_labelled_set_from_a_named_pipe(tmp_path: Path) -> None:
    """`layoffbot eval PIPE` read the pipe with Path.read_text: with no writer it hung
    silently; it now opens it as `tag` does (bot/cli/infile.py)."""
    from bot.cli.news import _read_labels

    pipe = tmp_path / "labels.pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=(LABELLED,))
    writer.start()
    records = _read_labels(str(pipe))
    writer.join(5)
    assert [r["link"] for r in records] == ["https://n.example/a"]


def test_labels_from_standard_input_are_named_so_in_errors() -> None:
    from bot import eval as scoring

    with pytest.raises(scoring.LabelsError, match=r"^standard input:1: not JSON"):
        scoring.labels_in(b"not json\n", "standard input")
    with pytest.raises(scoring.LabelsError, match="not UTF-8"):
        scoring.labels_in(b"\xff\xfe", "standard input")
    assert scoring.labels_in(LABELLED.encode(), "x")[0]["title"].startswith("Acme")


def test_a_labelled_record_lacking_a_label_the_scorer_reads_is_refused_by_line() -> None:
    """A record without 'percent' ran the whole set, then ended in a traceback."""
    from bot import eval as scoring

    partial = LABELLED.replace(' "percent": null,', "")
    with pytest.raises(scoring.LabelsError, match=r"^in:2: its labels lack 'percent'"):
        scoring.labels_in((LABELLED + partial).encode(), "in")
    other = LABELLED.replace('"layoff"', '"other"').replace(' "percent": null,', "")
    assert scoring.labels_in(other.encode(), "in")  # read only of layoffs and freezes
    with pytest.raises(scoring.LabelsError, match="'kind' is one of layoff, hiring_freeze"):
        scoring.labels_in(LABELLED.replace('"layoff"', '"Layoff"').encode(), "in")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("noon", "12:00 noon UTC"), ("midnight", "00:00 midnight UTC"), ("5:30pm", "17:30 UTC")],
)
async def test_digest_settings_say_noon_and_midnight_as_the_reply_did(
    store: Store, typed: str, shown: str
) -> None:
    """The reply to `digest on noon` said "12:00 noon", its settings "Time: 12:00"."""
    app = make_app(store)
    said = to_text(await app.handle(cmd(f"digest on {typed} UTC")))
    assert f"every day at {shown.removesuffix(' UTC')} (UTC)" in said, said
    settings = to_text(await app.handle(cmd("digest settings")))
    assert f"Time: {shown} |" in settings, settings


async def test_a_digest_due_at_midnight_says_midnight_has_passed(store: Store) -> None:
    app = make_app(store)  # its clock: 12:00 UTC, so midnight has passed
    said = to_text(await app.handle(cmd("digest on midnight UTC")))
    assert "(00:00 midnight has passed" in said, said


def test_the_digest_time_and_zone_options_describe_what_they_accept() -> None:
    """Discord described `time` as "HH:MM (24-hour)" while '9am' and 'noon' are taken:
    every example the descriptions give is taken, and each fits Discord's 100 characters."""
    from bot.commands.table import SPECS
    from bot.typed_time import time_as_typed, zone_as_typed

    digest = next(s for s in SPECS if s.name == "digest")
    for name, read in (("time", time_as_typed), ("timezone", zone_as_typed)):
        described = digest.arg(name).help
        assert len(described) <= 100 and "24-hour" not in described and "HH:MM" not in described
        examples = re.split(r", | or ", described.split(": ", 1)[1])
        assert len(examples) >= 5, described
        for example in examples:
            read(example)  # raises ValueError if not taken
    assert "noon" in digest.arg("time").help and "8am" in digest.arg("time").help


def _sub(platform: str, channel: str) -> Subscription:
    return Subscription(1, platform, "T1", "Klarna", "klarna", "U1", channel, NOW)


def test_a_channel_alerts_footer_says_a_channel_manager_can_stop_it(make_story: Any) -> None:
    """Every member read "/layoffs unsubscribe Klarna here to stop." under a channel's
    alert, and was refused when they did: only its managers may."""
    story = make_story("Klarna")
    footer = {
        (p, c): alert_message(story, _sub(p, c)).footer
        for p in ("slack", "discord", "console")
        for c in ("", "C1")
    }
    assert footer[("slack", "C1")] == (
        "This channel follows Klarna: a channel manager can stop it with "
        "/layoffs unsubscribe Klarna here."
    )
    assert footer[("discord", "C1")] == (
        "This channel follows Klarna: a channel manager can stop it with "
        "/layoffs unsubscribe company:Klarna where:here."
    )
    # One's own alerts, and the console's (its user is its manager), stay one's own to stop.
    assert footer[("slack", "")] == "You follow Klarna: /layoffs unsubscribe Klarna to stop."
    assert footer[("console", "C1")] == (
        "The console follows Klarna: /layoffs unsubscribe Klarna here to stop."
    )


async def test_search_reads_full_width_words_as_their_plain_letters(
    store: Store, make_story: Any
) -> None:
    """`search ＡＩ` found nothing while `latest ２５` and `ｋｌａｒｎａ` worked: search
    words are read as the other commands read theirs (shown as typed)."""
    make_story("Klarna", title="Klarna cuts 700 jobs as AI assistant takes over")
    app = make_app(store)
    found = to_text(await app.handle(cmd("search ＡＩ ａｓｓｉｓｔａｎｔ")))
    assert "1 story matching “ＡＩ ａｓｓｉｓｔａｎｔ”" in found and "Klarna cuts 700" in found, (
        found
    )
    common = await app.handle(cmd("search ｔｈｅ"))
    assert common.is_error and "only common words" in to_text(common)


async def test_a_full_width_company_name_is_the_company_as_typed(
    store: Store, make_story: Any
) -> None:
    """'ｋｌａｒｎａ' was answered "Klarna (for “ｋｌａｒｎａ”)", and `subscribe Ｋｌａｒｎａ`
    "Klarna (the company that matches “Ｋｌａｒｎａ”)", as if a different name."""
    make_story("Klarna")
    app = make_app(store)
    looked = await app.handle(cmd("ｋｌａｒｎａ"))
    assert looked.title is not None and looked.title.startswith("Klarna"), looked.title
    assert "(for" not in looked.title, looked.title
    followed = to_text(await app.handle(cmd("subscribe Ｋｌａｒｎａ")))
    assert "Following Klarna" in followed and "matches" not in followed, followed


def test_autocomplete_puts_names_starting_with_the_typed_text_first() -> None:
    """A server's own companies came after the operator's, whatever they started with,
    and 'eBay' after 'Zoom'; names with a word starting with it come next, then the rest."""
    operators, own = ("OpenAI", "Scale AI", "Zoom", "eBay"), ("Airtable", "AI21 Labs")
    assert typed_first(operators + own, "ai") == ["AI21 Labs", "Airtable", "Scale AI", "OpenAI"]
    assert typed_first(operators + own, "ＡＩ") == typed_first(operators + own, "ai")
    assert typed_first(operators, "") == ["eBay", "OpenAI", "Scale AI", "Zoom"]
    assert typed_first(operators, "xyz") == []


async def test_company_autocomplete_offers_prefix_matches_first(
    store: Store, make_story: Any
) -> None:
    for name in ("OpenAI", "Scale AI", "Airbnb", "eBay", "Zoom"):
        make_story(name)
    app = make_app(store)
    assert await app.complete_company("ai") == ["Airbnb", "Scale AI", "OpenAI"]
    assert (await app.complete_company(""))[:2] == ["Airbnb", "eBay"]


class _RefusingFeeds:
    """A feed service whose every feed is on a loopback address, refused as a workspace's."""

    async def add_feed(self, url: str, **_: object) -> object:
        from bot.errors import PrivateAddressError
        from feeds.guard import WORKSPACE_HINT

        raise PrivateAddressError(f"refused: 127.0.0.1 is a loopback address{WORKSPACE_HINT}")


@pytest.mark.parametrize("allowed", [False, True])
async def test_a_private_feed_added_at_the_console_says_how_the_operator_adds_it(
    store: Store, allowed: bool
) -> None:
    """With LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true already set, the console's `feeds add`
    of a local feed was told to set it: the setting opens the operator's own feeds, which
    `layoffbot feeds add` adds, not the console's."""
    from bot.app import App
    from tests.conftest_social import Clock, settings

    app = App(store, settings(allow_private_addresses=allowed), _RefusingFeeds(), Clock())  # type: ignore[arg-type]
    said = to_text(
        await app.handle(cmd("feeds add http://127.0.0.1:8765/feed.rss", platform="console"))
    )
    assert "the console's feeds must be on the public internet" in said, said
    assert "layoffbot feeds add" in said, said
    assert ("set LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true" in said) is not allowed, said
    if allowed:
        assert "opens the operator's own feeds, not the console's" in said, said


async def test_a_feed_disabled_by_the_guard_says_how_it_is_polled_again(store: Store) -> None:
    """Disabled for a loopback address, the operator's feed said only "set
    LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true": set, it stayed disabled, still saying so; the
    poll's line, the console's and `feeds list` say how it is enabled."""
    from bot.cli.feeds import _status
    from bot.hints import enable_hint
    from bot.pipeline import Pipeline
    from bot.summarize import ExtractiveSummarizer
    from bot.tagging import RuleTagger
    from feeds.fetch import Fetcher
    from feeds.poller import Poller

    url = "http://127.0.0.1:9/feed.xml"
    store.add_feed(url, "Local")
    pipeline = Pipeline(store, ExtractiveSummarizer(), RuleTagger(), announce_max_age=None)
    async with Fetcher(allow_private_addresses=False) as fetcher:
        [outcome] = await Poller(store, pipeline, fetcher).poll_due()
    assert outcome.status == "disabled", outcome
    assert outcome.describe().endswith(f"; layoffbot feeds enable {url} polls it again")
    [feed] = store.list_feeds()
    assert _status(feed).endswith("; layoffbot feeds enable polls it again"), _status(feed)
    assert enable_hint(url, "console:local") == f"/layoffs feeds enable {url} polls it again"
    assert "manager of its workspace" in enable_hint(url, "slack:T1")


def test_a_bad_setting_is_said_without_pydantics_value_error_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "invalid setting: LAYOFFBOT_DIGEST_TIMEZONE: Value error, unknown time zone ...":
    the words of a library the user never chose."""
    from bot.config import ConfigError, load_settings

    monkeypatch.setenv("LAYOFFBOT_DIGEST_TIMEZONE", "Mars/Phobos")
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert str(refused.value).startswith(
        "invalid setting: LAYOFFBOT_DIGEST_TIMEZONE: unknown time zone 'Mars/Phobos'"
    ), refused.value
    assert "Value error" not in str(refused.value)


async def test_unsubscribe_without_here_names_the_channels_subscription(store: Store) -> None:
    """A manager who followed Klarna `here` typed `unsubscribe Klarna` and read "Not
    subscribed to Klarna by direct message. Subscribed by direct message: nothing.", no
    word of the channel's alerts going on."""
    app = make_app(store)
    await app.handle(cmd("subscribe Klarna here"))
    manager = to_text(await app.handle(cmd("unsubscribe klarna")))
    assert "This channel follows Klarna: /layoffs unsubscribe Klarna here stops its alerts." in (
        manager
    ), manager
    member = to_text(await app.handle(cmd("unsubscribe klarna", manager=False, user="U2")))
    assert "This channel follows Klarna: a channel manager can stop its alerts." in member, member
    await app.handle(cmd("subscribe IBM"))
    mine = to_text(await app.handle(cmd("unsubscribe ibm here")))
    assert "You follow IBM by direct message: /layoffs unsubscribe IBM stops those alerts." in (
        mine
    ), mine
    neither = to_text(await app.handle(cmd("unsubscribe Foo")))
    assert "Not subscribed to Foo by direct message. Subscribed by direct message: IBM." in (
        neither
    ), neither


@pytest.mark.parametrize("typed", ["notaurl", "news", "rss/feed"])
def test_a_word_given_as_a_feed_url_is_not_offered_as_a_host(typed: str) -> None:
    """`layoffbot feeds add notaurl` was asked "did you mean https://notaurl?"."""
    from bot.errors import InvalidFeedURL
    from feeds.fetch import validate_feed_url

    with pytest.raises(InvalidFeedURL) as refused:
        validate_feed_url(typed)
    assert f"'{typed}' is not a link" in str(refused.value), refused.value
    assert "did you mean" not in str(refused.value)
    with pytest.raises(InvalidFeedURL, match=r"did you mean https://example\.com/feed\?"):
        validate_feed_url("example.com/feed")
