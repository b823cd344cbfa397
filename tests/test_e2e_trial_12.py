"""Trial, session 12: the bot used as its users use it (HR teams and journalists on Slack
and Discord, a developer at the console), each rough edge found driven through a real
`layoffbot` process."""

from __future__ import annotations

import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from tests.discord.fake_discord import MANAGE_GUILD
from tests.e2e import BotProcess, assert_no_traceback, bot_env, bot_process, bots, cli, discord_env
from tests.slack.fake_slack import FakeSlackThread, dm_event
from tests.test_e2e_discord import FakeDiscordThread
from tests.test_e2e_slack import connected_bot, slash_payload

__all__ = ["bots"]  # a fixture, used by name


def _discord_replies(tmp_path: Path, *commands: tuple[str, dict[str, Any]]) -> list[str]:
    """The embeds the bot answered each `/layoffs` interaction with on (the fake)
    Discord, sent by a member who may manage the server."""
    replies = []
    with FakeDiscordThread() as discord:
        fake = discord.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            for sub, options in commands:
                payload = fake.command_interaction(sub, options, permissions=MANAGE_GUILD)
                discord.call(fake.interact(payload))
                bot.wait_for("the reply", lambda p=payload: bool(fake.followups_for(p)))
                replies.append(" ".join(str(c.json["embeds"]) for c in fake.followups_for(payload)))
            bot.stop(signal.SIGTERM)
    assert_no_traceback(bot.stderr + bot.stdout)
    return replies


def test_discord_help_shows_commands_as_discord_takes_them_and_code_as_code(
    tmp_path: Path,
) -> None:
    """Discord's help showed `\\`here\\`` (escaped backticks, shown as typed) and typed-text
    syntax (`/layoffs Amazon`) that Discord cannot take: it shows its options now."""
    [help_text] = _discord_replies(tmp_path, ("help", {}))
    assert "\\\\`" not in help_text and "`here`" in help_text, help_text
    assert "/layoffs company company:Amazon" in help_text, help_text
    assert "/layoffs subscribe company:Amazon where:here" in help_text, help_text
    assert "e.g. /layoffs Amazon" not in help_text, help_text


def test_discord_digest_quiet_without_a_choice_says_which_option_to_pick(tmp_path: Path) -> None:
    """`digest action:quiet` with no `quiet:` said "Say `digest quiet on`", words nobody can
    type on Discord; the replies that work name the channel, as the console's do not."""
    missing, on = _discord_replies(
        tmp_path,
        ("digest", {"action": "quiet"}),
        ("digest", {"action": "quiet", "quiet": "on"}),
    )
    assert "Say " not in missing and "Choose quiet: on or off" in missing, missing
    assert "Quiet day" in on and "posted in this channel" in on, on


def _ask(tmp_path: Path, text: str) -> str:
    done = cli("ask", text, tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_no_traceback(done.stdout + done.stderr)
    return done.stdout


def test_the_console_words_its_digest_and_alerts_for_a_terminal_not_a_channel(
    tmp_path: Path,
) -> None:
    """At the console, replies said "This channel gets the digest" and "This channel
    follows": a terminal has no channel."""
    replies = {
        text: _ask(tmp_path, f"/layoffs {text}")
        for text in (
            "digest settings",
            "digest on",
            "digest quiet on",
            "digest off",
            "subscribe IBM here",
            "IBM",
        )
    }
    everything = " ".join(replies.values())
    assert "this channel" not in everything.lower(), everything
    assert "printed at the console every day" in replies["digest on"], replies
    assert "No digest at the console. Turn it on" in replies["digest settings"], replies
    assert "No more daily digests at the console" in replies["digest off"], replies
    assert "The console follows IBM: /layoffs unsubscribe IBM here to stop." in replies["IBM"], (
        replies
    )


def _feed(tmp_path: Path, items: list[tuple[str, str, str, str]]) -> Path:
    """An RSS file of (slug, title, description, publisher) items from the last hours."""
    now = datetime.now(UTC)
    body = "".join(
        f"<item><title>{title}</title><link>https://{slug}.example/a</link><guid>{slug}</guid>"
        f"<pubDate>{format_datetime(now - timedelta(hours=len(items) - i))}</pubDate>"
        f"<description>{text}</description>"
        f'<source url="https://{slug}.example/">{publisher}</source></item>'
        for i, (slug, title, text, publisher) in enumerate(items)
    )
    path = tmp_path / "feed.rss"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News'
        f"</title><link>https://news.example/</link>{body}</channel></rss>",
        encoding="utf-8",
    )
    return path


KLARNA = (
    "a",
    "Klarna cuts 700 jobs as AI assistant takes over &lt;engineering&gt; work",
    "Klarna said its AI assistant now does the work of 700 customer service agents.",
    "Outlet A",
)


def test_tag_says_the_alerts_it_planned_wait_for_the_running_bot(tmp_path: Path) -> None:
    """`poll` said its alerts wait for `layoffbot run`; `tag`, which plans them too, said
    nothing, and a user waited for an alert no process was there to send."""
    _ask(tmp_path, "/layoffs subscribe Klarna")
    done = cli("tag", str(_feed(tmp_path, [KLARNA])), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 alert is waiting for the bot to deliver it" in done.stderr, done.stderr
    assert "layoffbot run" in done.stderr
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("{"), done.stdout  # jsonl


def test_words_in_angle_brackets_in_a_plain_title_are_kept(tmp_path: Path) -> None:
    """A title saying "&lt;engineering&gt;" (the text `<engineering>`) lost the word: it was
    read as an HTML tag."""
    assert cli("tag", str(_feed(tmp_path, [KLARNA])), tmp_path=tmp_path).returncode == 0
    assert "takes over <engineering> work" in _ask(tmp_path, "/layoffs latest")


def test_a_quote_from_another_article_than_the_headline_says_whose_it_is(tmp_path: Path) -> None:
    """A story's headline, link and summary came from one article and its AI quote from
    another, shown under the first as if the first outlet said it."""
    blamed = ("a", "Klarna cuts 700 jobs, blames AI", "Klarna is cutting 700 jobs.", "Outlet A")
    longer = (
        "b",
        "Klarna to lay off 700 customer service staff in Stockholm and Berlin",
        "Klarna will lay off 700 customer service staff in Stockholm and Berlin, according to"
        " an internal memo seen by reporters on Thursday. The company declined to comment"
        " further on the cuts, which follow a year of restructuring across its European"
        " offices and a hiring freeze announced in the spring.",
        "Outlet B",
    )
    assert cli("tag", str(_feed(tmp_path, [blamed, longer])), tmp_path=tmp_path).returncode == 0
    latest = _ask(tmp_path, "/layoffs latest")
    assert "Klarna to lay off 700 customer service staff" in latest.splitlines()[2], latest
    assert '> "Klarna cuts 700 jobs, blames AI" (from Outlet A)' in latest, latest


def test_a_password_holding_an_at_sign_is_never_shown(tmp_path: Path) -> None:
    """`postgresql+psycopg://postgres:se@cret@127.0.0.1/test` split inside the password and
    the driver's error named "cret@127.0.0.1" as the host it could not resolve."""
    for url in (
        "postgresql+psycopg://postgres:se@cret@127.0.0.1:5432/test",
        "postgresql+psycopg://postgres:se/cret@127.0.0.1:5432/test",
        "postgresql+psycopg://postgres:se#cret@127.0.0.1:5432/test",
    ):
        done = cli(
            "ask", "latest", tmp_path=tmp_path, env=bot_env(tmp_path, LAYOFFBOT_DATABASE_URL=url)
        )
        assert done.returncode != 0
        assert "cret" not in done.stdout + done.stderr, done.stderr
        assert "LAYOFFBOT_DATABASE_URL" in done.stderr and "%40" in done.stderr, done.stderr
        assert_no_traceback(done.stderr)


def test_slack_subscribe_to_a_mention_is_refused_with_what_to_type(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """`subscribe <@U123>` (a person pasted as the company; Slack sends `<@U123>` in a
    direct message, `@ana` in a slash command) followed a company named "@U123"."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        slack.send_envelope("slash_commands", slash_payload(slack.fake, "subscribe @ana"))
        slack.wait_for(lambda: len(slack.fake.responses) == 1)
        slack.send_envelope("events_api", dm_event("subscribe <@U123>", ts="1.0", event_ts="1.0"))
        slack.wait_for(lambda: any(p.channel == "D1" for p in slack.fake.posted))
        bot.stop()
    answers = [str(slack.fake.responses[0])] + [
        p.text + str(p.blocks) for p in slack.fake.posted if p.channel == "D1"
    ]
    for answer in answers:
        assert "mention of a person" in answer and "like Amazon" in answer, answer
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT company FROM subscriptions").fetchall() == []
    assert_no_traceback(bot.output)


def test_a_flood_of_autocompletes_is_bounded_and_others_still_get_theirs(tmp_path: Path) -> None:
    """Commands were limited per user, autocomplete (every keystroke) was not: one member
    could keep the worker threads matching names. Past a burst, no suggestions for them;
    another member typing still gets theirs."""
    with FakeDiscordThread() as discord:
        fake = discord.fake
        with bot_process(tmp_path, discord_env(tmp_path, fake)) as bot:
            bot.wait_for("discord ready", lambda: "discord ready" in bot.stderr, 45)
            follow = fake.command_interaction(
                "subscribe", {"company": "OpenAI", "where": "here"}, permissions=MANAGE_GUILD
            )
            discord.call(fake.interact(follow))
            bot.wait_for("the reply", lambda: bool(fake.followups_for(follow)))
            options = {"company": "o", "where": "here"}
            started = time.monotonic()
            flood = [
                fake.command_interaction("unsubscribe", options, focused="company")
                for _ in range(120)
            ]
            for payload in flood:
                discord.call(fake.interact(payload))
            bot.wait_for("every answer", lambda: all(fake.callbacks_for(p) for p in flood), 60)
            elapsed = time.monotonic() - started
            other = fake.command_interaction(
                "unsubscribe", options, focused="company", user_id="2000000000000000002"
            )
            discord.call(fake.interact(other))
            bot.wait_for("their answer", lambda: bool(fake.callbacks_for(other)))
            bot.stop(signal.SIGTERM)
    answered = [bool(fake.callbacks_for(p)[0]["data"]["choices"]) for p in flood]
    assert sum(answered) <= 40 + 5 * elapsed + 1, (sum(answered), elapsed)
    assert answered[0] and not all(answered), answered
    assert [c["value"] for c in fake.callbacks_for(other)[0]["data"]["choices"]] == ["OpenAI"]
    assert_no_traceback(bot.stderr + bot.stdout)


def test_a_chat_command_typed_as_a_layoffbot_command_says_how_to_run_it(tmp_path: Path) -> None:
    """`layoffbot latest 5` (the README's `/layoffs latest`, typed at the shell) said only
    "No such command 'latest'"; it names the `layoffbot ask` that runs it, which works."""
    done = cli("latest", "5", tmp_path=tmp_path)
    assert done.returncode == 2 and done.stdout == "", done.stdout
    assert "layoffbot ask '/layoffs latest 5'" in done.stderr, done.stderr
    assert "No such command" not in done.stderr
    assert cli("ask", "/layoffs latest 5", tmp_path=tmp_path).returncode == 0


def test_a_greeting_is_answered_with_what_to_try_not_looked_up_as_a_company(
    tmp_path: Path,
) -> None:
    """ "hi" (a direct message's first word to a bot) answered "No stories yet about Hi. To
    be told when there is one: /layoffs subscribe Hi"."""
    for greeting in ("hi", "Hello!", "thanks"):
        reply = _ask(tmp_path, greeting)
        assert "/layoffs latest" in reply and "/layoffs help" in reply, reply
        assert "subscribe Hi" not in reply and "No stories" not in reply, reply


def test_app_home_opened_again_and_again_is_read_a_bounded_number_of_times(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """Each `app_home_opened` read the user's subscriptions and digests from the database
    and published the Home, with no limit like the commands'; past a burst, the Home
    shown last stays."""
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        started = time.monotonic()
        for n in range(30):
            event = {"type": "app_home_opened", "user": "U2", "channel": "D1", "tab": "home"}
            envelope = {"team_id": "T1", "api_app_id": "A1", "type": "event_callback"}
            slack.send_envelope("events_api", envelope | {"event_id": f"Ev{n}", "event": event})
        slack.wait_for(lambda: len(slack.fake.views) >= 10)
        time.sleep(2)  # the rest, had they been published
        elapsed = time.monotonic() - started
        bot.stop()
    assert 10 <= len(slack.fake.views) <= 10 + elapsed / 2 + 1, (len(slack.fake.views), elapsed)
    assert_no_traceback(bot.output)
