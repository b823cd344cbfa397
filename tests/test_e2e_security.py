"""Issue 13's low findings, as an attacker or a user meets them: the real `layoffbot`
process (subprocess, real SQLite database in tmp_path, feeds and platform fakes on
127.0.0.1). Each test failed before its fix.
"""

from __future__ import annotations

import hashlib
import hmac
import signal
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e import (
    STOP_WITHIN,
    BotProcess,
    bot_env,
    bot_process,
    bots,
    cli,
    closed_port,
    discord_env,
    patience,
    rss,
    start_bot,
)
from tests.e2e_filed import file_an_ai_story
from tests.feedserver import FeedServer

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC).replace(microsecond=0)


def _story(title: str, link: str, description: str = "") -> dict[str, object]:
    return {"title": title, "link": link, "description": description, "published": NOW}


def test_a_redirect_to_javascript_is_a_clear_feed_error_every_poll_not_a_crash(
    tmp_path: Path,
) -> None:
    """httpx raises InvalidURL (no HTTPError) while building a redirect to `javascript:`;
    it used to escape as `feed_poll_crashed` with a traceback on every poll."""
    with FeedServer() as server:
        server.route(
            "/feed.xml", body=rss("Desk", [_story("Acme cuts 10 jobs", "https://a.example/1")])
        )
        server.route("/bad.xml", body=rss("Bad", [_story("Initech cuts 5", "https://b.example/1")]))
        env = bot_env(tmp_path)
        for path in ("/feed.xml", "/bad.xml"):
            added = cli("feeds", "add", server.url(path), tmp_path=tmp_path, env=env)
            assert added.returncode == 0, added.stderr
        server.redirect("/feed.xml", "javascript:alert(1)")
        server.redirect("/bad.xml", "http://[::1")
        for _ in range(2):
            polled = cli("poll", "--all", tmp_path=tmp_path, env=env)
            out = polled.stdout + polled.stderr
            assert "Traceback" not in out and "feed_poll_crashed" not in out, out
            assert "unexpected error" not in out, out
            assert "redirected to an invalid URL" in out, out
        assert (
            "redirected to an unusable URL"
            in cli("feeds", "list", tmp_path=tmp_path, env=env).stdout + out
        )


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=patience(10)) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "9" * 5000, "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=\u00e9\u00e9"},
        {"X-Slack-Request-Timestamp": "NOW"},
        {},
    ],
    ids=["timestamp-abc", "timestamp-5000-digits", "non-ascii-signature", "no-signature", "none"],
)
def test_malformed_slack_signature_headers_get_401_and_one_quiet_line(
    tmp_path: Path, bots: list[BotProcess], headers: dict[str, str]
) -> None:
    """slack_sdk's verifier raised on `int("abc")` and non-ASCII signatures: HTTP 500 and
    an ERROR traceback per unauthenticated request."""
    port = closed_port()
    bot = start_bot(
        tmp_path,
        {
            "SLACK_BOT_TOKEN": "xoxb-e2e",
            "SLACK_SIGNING_SECRET": "e2e-signing-secret",
            "LAYOFFBOT_SLACK_PORT": str(port),
            "LAYOFFBOT_SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/",
        },
    )
    bots.append(bot)
    bot.wait_for_lines(r"slack: listening on")
    sent = {
        k: (str(int(time.time())) if v == "NOW" else v).encode("utf-8").decode("latin-1")
        for k, v in headers.items()
    }
    body = b"command=%2Flayoffs&text=latest&team_id=T1&channel_id=C1&user_id=U1"
    url = f"http://127.0.0.1:{port}/slack/events"
    sent["Content-Type"] = "application/x-www-form-urlencoded"
    for _ in range(3):
        assert _post(url, body, sent) == 401
    bot.wait_for_lines(r"slack: refused a request", count=3)
    assert bot.stop() < STOP_WITHIN
    assert "Traceback" not in bot.output and "level=ERROR" not in bot.output, bot.output
    refusals = [line for _, line in bot.lines if "refused a request" in line]
    assert len(refusals) == 3 and all("level=INFO" in line for line in refusals), bot.output


RLO = "\u202e"
EVIL_LINK = "https://news.example/cuts)**[Verify-your-account](https://evil.example/login)**"
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = [*BIDI, "\u200e", "\u200f", "\u061c", "\u200c", "\u200d", "\u2060", "\ufeff"]


def _hostile_feed() -> bytes:
    """A job-cut story whose link tries to escape `[label](url)` and whose text, feed
    name and publisher carry bidi controls and invisible joiners."""
    return rss(
        f"Layoffs {RLO}Desk",
        [
            {
                **_story(
                    f"Initech to cut 300 support jobs as AI chatbot takes over {RLO}exe.gnp",
                    EVIL_LINK,
                    f"Initech said its AI chatbot{chr(0x2066)} now handles the work of "
                    f"300 support{chr(0x200D)} agents{chr(0x200F)}.",
                ),
                "source": f"Wire{chr(0x2067)} News",
            }
        ],
    )


def _assert_inert(text: str) -> None:
    assert "](https://evil.example" not in text, text
    assert not [ch for ch in INVISIBLE if ch in text], [hex(ord(c)) for c in INVISIBLE if c in text]


def test_discord_embeds_keep_a_hostile_feed_link_inside_its_label_and_drop_bidi_controls(
    tmp_path: Path,
) -> None:
    from tests.discord.fake_discord import MANAGE_GUILD
    from tests.test_e2e_discord import (
        FakeDiscordThread,
        _add_primed_feed,
        _stored_items,
    )

    with FeedServer() as server:
        server.route("/feed.xml", body=_hostile_feed())
        _add_primed_feed(tmp_path, server.url("/feed.xml"))
        with FakeDiscordThread() as discord:
            fake = discord.fake
            env = discord_env(tmp_path, fake)
            with bot_process(tmp_path, env) as bot:
                bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
                bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) == 1)
                payloads = [
                    fake.command_interaction("latest"),
                    fake.command_interaction("company", {"company": "Initech"}),
                    fake.command_interaction("feeds", {"action": "list"}, permissions=MANAGE_GUILD),
                ]
                for payload in payloads:
                    discord.call(fake.interact(payload))
                    bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
                bot.stop(signal.SIGTERM)
    replies = [str(c.json) for p in payloads for c in fake.followups_for(p)]
    assert "Initech" in replies[0] and "Sorry" not in " ".join(replies), replies
    # The link is there, whole and percent-encoded: one link, to news.example.
    assert "https://news.example/cuts%29%2A%2A%5BVerify-your-account%5D%28" in replies[0]
    for reply in replies:
        _assert_inert(reply)


def test_slack_replies_keep_a_hostile_feed_link_inside_its_label_and_drop_bidi_controls(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    from tests.slack.fake_slack import FakeSlackThread
    from tests.test_e2e_discord import _add_primed_feed, _stored_items
    from tests.test_e2e_slack import slash

    with FeedServer() as server, FakeSlackThread() as slack:
        server.route("/feed.xml", body=_hostile_feed())
        _add_primed_feed(tmp_path, server.url("/feed.xml"))
        bot = start_bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_APP_TOKEN": "xapp-e2e",
                "LAYOFFBOT_SLACK_API_URL": slack.fake.api_url,
                "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES": "true",
            },
        )
        bots.append(bot)
        bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=15)
        bot.wait_for("the feed polled", lambda: _stored_items(tmp_path) >= 1)
        for text in ("latest", "Initech", "feeds list"):
            slash(slack, text)
        assert bot.stop() < STOP_WITHIN
    replies = [str(r) for r in slack.fake.responses]
    assert "Initech" in replies[0] and "Sorry" not in " ".join(replies), replies
    assert "<https://news.example/cuts%29%2A%2A%5BVerify-your-account%5D%28" in replies[0]
    for reply in replies:
        _assert_inert(reply)
        assert "|Verify" not in reply, reply


def test_fetch_errors_name_no_resolved_address_and_logs_hide_signed_url_parameters(
    tmp_path: Path,
) -> None:
    """A name resolving to a private address is refused without saying what it resolved
    to, in `poll`, `feeds list` and the chat command alike; the log lines about a feed
    whose URL is signed (`?key=`, `&sig=`, `X-Amz-Signature=`) keep those values out."""
    secrets = ("K3Y-VALUE", "S1G-VALUE", "AMZ-VALUE")
    query = f"?key={secrets[0]}&sig={secrets[1]}&X-Amz-Signature={secrets[2]}"
    with FeedServer() as server:
        server.route("/feed.xml", body=rss("Desk", [_story("Acme cuts 10", "https://a.example/")]))
        url = f"http://localhost:{server.port}/feed.xml{query}"
        env = bot_env(tmp_path, LAYOFFBOT_LOG_LEVEL="INFO", COLUMNS="400")
        assert cli("feeds", "add", url, tmp_path=tmp_path, env=env).returncode == 0
        server.route("/feed.xml", status=500)
        failing = cli("poll", "--all", tmp_path=tmp_path, env=env)
        assert "feed_failed" in failing.stderr, failing.stderr
        guarded = {k: v for k, v in env.items() if k != "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES"}
        refused = cli("poll", "--all", tmp_path=tmp_path, env=guarded)
        listed = cli("feeds", "list", tmp_path=tmp_path, env=guarded)
        asked = cli("ask", "/layoffs feeds list", tmp_path=tmp_path, env=guarded)
    logs = failing.stderr + refused.stderr + listed.stderr + asked.stderr
    for secret in secrets:
        assert secret not in logs, logs
    for shown in (refused.stdout + refused.stderr, listed.stdout, asked.stdout):
        assert "refused: localhost is a loopback address" in " ".join(shown.split()), shown
        assert "127.0.0.1" not in shown, shown


def _signed(body: str, secret: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def test_a_replayed_digest_now_request_posts_one_digest_and_says_when_the_next_is_allowed(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """The same signed `/layoffs digest now` sent three times within Slack's 5-minute
    window (a replay, or a double click) used to queue three digests."""
    from tests.slack.fake_slack import FakeSlackThread
    from tests.test_e2e_slack import slash_payload

    secret = "e2e-signing-secret"
    port = closed_port()
    with FakeSlackThread() as slack:
        fake = slack.fake
        bot = start_bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_SIGNING_SECRET": secret,
                "LAYOFFBOT_SLACK_PORT": str(port),
                "LAYOFFBOT_SLACK_API_URL": fake.api_url,
                "LAYOFFBOT_MANAGERS": "U1",
            },
        )
        bots.append(bot)
        bot.wait_for_lines(r"slack: listening on")
        body = urllib.parse.urlencode(slash_payload(fake, "digest now"))
        headers = _signed(body, secret)
        url = f"http://127.0.0.1:{port}/slack/events"
        for _ in range(3):
            assert _post(url, body.encode(), headers) == 200
        slack.wait_for(lambda: len(fake.responses) >= 3)
        slack.wait_for(lambda: any(p.channel == "C1" for p in fake.posted))
        time.sleep(2.5)  # room for a second digest to go out, were one queued
        assert bot.stop() < STOP_WITHIN
    digests = [p for p in fake.posted if p.channel == "C1" and not p.thread_ts]
    assert len(digests) == 1, digests
    answers = [str(r) for r in fake.responses]
    assert sum("on its way" in a for a in answers) == 1, answers
    assert sum("A digest was just posted" in a and "is allowed from" in a for a in answers) == 2
    assert "Traceback" not in bot.output, bot.output


def _many_subscriptions(tmp_path: Path, platform: str, workspace: str, user: str, n: int) -> None:
    """`n` direct-message subscriptions, as one member made 10,000 before the cap."""
    from bot.store import Store

    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    for i in range(n):
        store.subscribe(
            platform=platform,
            workspace_id=workspace,
            user_id=user,
            channel_id="",
            company=f"Company{i:03d}",
            company_key=f"company{i:03d}",
            now=NOW,
        )
    store.close()


def test_discord_subscriptions_are_paged_in_one_follow_up_and_capped(tmp_path: Path) -> None:
    """120 subscriptions once meant one embed, and so one follow-up per ten of them, on
    every `/layoffs subscriptions`; and nothing stopped a member from adding more."""
    from tests.test_e2e_discord import FakeDiscordThread

    with FakeDiscordThread() as discord:
        fake = discord.fake
        user = "2000000000000000001"
        _many_subscriptions(tmp_path, "discord", fake.guild_id, user, 120)
        env = bot_env(tmp_path, DISCORD_TOKEN="fake-token", LAYOFFBOT_DISCORD_API_URL=fake.api_url)
        with bot_process(tmp_path, env) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr)
            payloads = [
                fake.command_interaction("subscriptions", user_id=user),
                fake.command_interaction("subscriptions", {"page": 3}, user_id=user),
                fake.command_interaction("subscribe", {"company": "Initech"}, user_id=user),
            ]
            for payload in payloads:
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
            time.sleep(0.5)  # any further follow-up of the first reply would be here by now
            bot.stop(signal.SIGTERM)
    first, third, subscribe = ([str(c.json) for c in fake.followups_for(p)] for p in payloads)
    assert len(first) == 1, first
    assert "Showing 1-50 of 120; next: /layoffs subscriptions page:2" in first[0]  # Discord form
    assert "Company000" in first[0] and "Company049" in first[0] and "Company050" not in first[0]
    assert len(third) == 1 and "Showing 101-120 of 120" in third[0] and "Company119" in third[0]
    assert "Subscription limit reached" in subscribe[0] and "the most allowed (100)" in subscribe[0]
    assert "Traceback" not in bot.stderr


def test_slack_subscriptions_are_paged_whole_typed_pages_work_and_the_cap_holds(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """A long list was silently cut on Slack; the next page must work when typed."""
    from tests.slack.fake_slack import FakeSlackThread
    from tests.test_e2e_slack import slash

    _many_subscriptions(tmp_path, "slack", "T1", "U1", 98)
    with FakeSlackThread() as slack:
        bot = start_bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_APP_TOKEN": "xapp-e2e",
                "LAYOFFBOT_SLACK_API_URL": slack.fake.api_url,
                "LAYOFFBOT_MAX_SUBSCRIPTIONS": "100",
            },
        )
        bots.append(bot)
        bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=15)
        commands = [
            "subscribe Initech",
            "subscribe Hooli",
            "subscribe Umbrella",
            "subscriptions",
            "/layoffs subscriptions 2",
            "subscriptions 9",
        ]
        for text in commands:
            slash(slack, text)
            time.sleep(0.2)
        assert bot.stop() < STOP_WITHIN
    replies = [str(r) for r in slack.fake.responses]
    assert "Subscribed" in replies[0] and "Subscribed" in replies[1]
    assert "Subscription limit reached" in replies[2] and "Umbrella" in replies[2]
    first = " ".join(replies[3:-2])
    assert "Showing 1-50 of 100; next: /layoffs subscriptions 2" in first
    for i in range(50):
        assert f"Company{i:03d}" in first  # every one of the page, none cut
    assert "Showing 51-100 of 100; last page" in replies[-2] and "Initech" in replies[-2]
    assert "only 2 pages" in replies[-1]
    assert "Traceback" not in bot.output


def test_the_trends_chart_follows_the_reply_private_on_slack_and_discord(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """An ephemeral `/layoffs trends` used to upload its chart into the Slack channel for
    everyone. Slack cannot attach a file to an ephemeral reply: the chart waits for Share
    to channel. On Discord the chart rides in the ephemeral follow-up itself."""
    from tests.slack.fake_slack import FakeSlackThread
    from tests.test_e2e_discord import FakeDiscordThread
    from tests.test_e2e_slack import slash

    file_an_ai_story(tmp_path)  # with none, trends draws no chart
    with FakeSlackThread() as slack:
        bot = start_bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_APP_TOKEN": "xapp-e2e",
                "LAYOFFBOT_SLACK_API_URL": slack.fake.api_url,
            },
        )
        bots.append(bot)
        bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=15)
        slash(slack, "trends")
        time.sleep(1.0)  # an upload would have been made by now
        assert bot.stop() < STOP_WITHIN
    files = [c for c in slack.fake.calls if c.method.startswith("files.")]
    assert files == [] and slack.fake.uploads == [], files
    assert all(r.get("response_type") == "ephemeral" for r in slack.fake.responses)
    assert "Share to channel posts both" in str(slack.fake.responses)

    with FakeDiscordThread() as discord:
        fake = discord.fake
        env = bot_env(tmp_path, DISCORD_TOKEN="fake-token", LAYOFFBOT_DISCORD_API_URL=fake.api_url)
        with bot_process(tmp_path, env) as running:
            running.wait_for("discord ready", lambda: "discord ready" in running.stderr)
            payload = fake.command_interaction("trends")
            discord.call(fake.interact(payload))
            running.wait_for("the reply", lambda: bool(fake.followups_for(payload)))
            running.stop(signal.SIGTERM)
    [followup] = fake.followups_for(payload)
    assert followup.files and followup.files[0].filename.endswith(".png")
    assert followup.json.get("flags", 0) & 64, followup.json  # EPHEMERAL
    assert not [m for m in fake.messages if m.get("attachments") and not m.get("flags", 0) & 64]


def _home_opened(user: str, event_id: str) -> dict[str, object]:
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"},
    }


def test_app_home_lists_a_digest_only_to_members_of_its_channel_or_managers(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """App Home listed every digest channel of the workspace, private ones included, to
    any member who opened it."""
    from bot.store import Store
    from tests.slack.fake_slack import FakeSlackThread

    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    for channel in ("GPRIVATE1", "CPUBLIC2", "CPUBLIC3"):
        store.set_digest(
            platform="slack",
            workspace_id="T1",
            channel_id=channel,
            now=NOW,
            updated_by="U1",
            enabled=True,
            time="08:15",
        )
    store.close()
    with FakeSlackThread() as slack:
        fake = slack.fake
        fake.memberships = {"U2": ["CGENERAL", "CPUBLIC2", "CRANDOM"], "U4": []}
        bot = start_bot(
            tmp_path,
            {
                "SLACK_BOT_TOKEN": "xoxb-e2e",
                "SLACK_APP_TOKEN": "xapp-e2e",
                "LAYOFFBOT_SLACK_API_URL": fake.api_url,
                "LAYOFFBOT_MANAGERS": "U1",
            },
        )
        bots.append(bot)
        bot.wait_for_lines(r"slack: connected over Socket Mode", timeout=15)
        for number, user in enumerate(("U2", "U1", "U4"), start=1):
            slack.send_envelope("events_api", _home_opened(user, f"Ev{number}"))
            slack.wait_for(lambda n=number: len(fake.views) >= n)
        assert bot.stop() < STOP_WITHIN
    seen = {v["user_id"]: str(v["view"]) for v in fake.views}
    assert "CPUBLIC2" in seen["U2"], seen["U2"]
    assert "GPRIVATE1" not in seen["U2"] and "CPUBLIC3" not in seen["U2"], seen["U2"]
    assert all(c in seen["U1"] for c in ("GPRIVATE1", "CPUBLIC2", "CPUBLIC3")), seen["U1"]
    assert "GPRIVATE1" not in seen["U4"] and "CPUBLIC" not in seen["U4"], seen["U4"]
    assert "Traceback" not in bot.output


DISCORD_MARKUP = ["</layoffs:1>", "<t:0:R>", "<:verified:1>", "<a:alarm:2>"]


def test_discord_replies_show_feed_text_that_looks_like_discord_markup_as_text(
    tmp_path: Path,
) -> None:
    """Only mentions were neutralised: a feed could put a clickable slash-command chip
    (`</layoffs:1>`), a timestamp shown in each reader's zone (`<t:0:R>`) or the custom
    emoji of any server (`<:verified:1>`) into a story's embed."""
    from tests.test_e2e_discord import discord_company_reply

    feed = rss(
        "Layoffs Desk <:verified:1>",
        [
            _story(
                "Initech to cut 300 support jobs as AI chatbot takes over <:verified:1>",
                "https://news.example/initech",
                # Escaped once more: the feed's HTML text holds the markup as text.
                "Initech said its AI chatbot now handles the work of 300 support agents "
                + " ".join(m.replace("<", "&lt;").replace(">", "&gt;") for m in DISCORD_MARKUP)
                + ".",
            )
        ],
    )
    reply = discord_company_reply(tmp_path, feed, "Initech")
    assert "Initech" in reply and "t:0:R>" in reply, reply
    for markup in DISCORD_MARKUP:
        assert markup not in reply, (markup, reply)


ESC = "\x1b"
CLIPBOARD = f"{ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"  # OSC 52: set the clipboard
TERMINAL_CONTROLS = [ESC, "\x07", "\x9b", "\x90", "\x00"]


def _terminal_hostile_feed(company: str = "Initech") -> bytes:
    return rss(
        f"Desk{CLIPBOARD}{ESC}]0;pwned\x07",
        [
            _story(
                f"{company} to cut 300 support jobs as AI chatbot takes over{ESC}[2J{ESC}[8m",
                f"https://news.example/{company.lower()}",
                f"{company} said its AI chatbot now handles the work{chr(0x9B)}31m of 300 agents"
                f"{CLIPBOARD}.",
            )
        ],
    )


def _assert_no_terminal_controls(text: str) -> None:
    assert not [c for c in TERMINAL_CONTROLS if c in text], repr(text)


def test_a_feed_cannot_send_terminal_escapes_to_whoever_reads_it_in_a_terminal(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """A feed's name and headlines reached the terminal with their ESC sequences (`feeds
    add`, `feeds list`, `poll`, `tag`, the console): a retitled or cleared screen, hidden
    text, or (OSC 52) a command put on the operator's clipboard."""
    from tests.test_e2e_discord import _add_primed_feed

    with FeedServer() as server:
        server.route("/feed.xml", body=_terminal_hostile_feed())
        server.route("/new.xml", body=_terminal_hostile_feed("Globex"))
        url = server.url("/feed.xml")
        outputs = []
        added = cli("feeds", "add", url, tmp_path=tmp_path)
        assert "Added Desk" in added.stdout, added.stdout + added.stderr
        for args in (("feeds", "list"), ("poll", "--all"), ("tag", "--format", "table", url)):
            done = cli(*args, tmp_path=tmp_path)
            assert done.returncode == 0, done.stdout + done.stderr
            outputs.append(done.stdout + done.stderr)
        assert "Initech" in outputs[-1] and "Desk" in outputs[0], outputs
        # The console announces what a poll finds: a primed feed's story, its headline.
        _add_primed_feed(tmp_path, server.url("/new.xml"))
        bot = start_bot(tmp_path)
        bots.append(bot)
        bot.wait_for_lines(r"\[new\].*Globex", timeout=30)
        assert bot.stop() < STOP_WITHIN
    for text in [added.stdout + added.stderr, *outputs, bot.output]:
        _assert_no_terminal_controls(text)


def test_feed_names_stored_before_controls_were_dropped_cannot_reach_the_terminal(
    tmp_path: Path,
) -> None:
    from bot.store import Store

    store = Store.open(f"sqlite:///{tmp_path}/bot.db")
    store.add_feed("https://news.example/rss", f"Old desk{CLIPBOARD}")
    store.engine.dispose()
    done = cli("feeds", "list", tmp_path=tmp_path)
    assert "Old desk" in done.stdout, done.stdout + done.stderr
    _assert_no_terminal_controls(done.stdout)
