"""Trial, session 16: rough edges earlier trials left, each driven through a real
`layoffbot` process (console at a pty, `layoffbot ask`, or the fake Slack and Discord)."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e import (
    BotProcess,
    assert_no_traceback,
    bot_env,
    bots,
    cli,
    cli_ok,
    news_item,
    rss,
)
from tests.feedserver import FeedServer
from tests.slack.fake_slack import FakeSlackThread
from tests.test_e2e_slack import connected_bot, send_dm
from tests.test_e2e_trial_14 import _fresh, _polled

__all__ = ["bots"]  # a fixture, used by name

NOW = datetime.now(UTC)


def test_slack_feeds_add_in_a_dm_says_at_once_that_it_is_checking_the_feed(
    tmp_path: Path, bots: list[BotProcess], server: FeedServer
) -> None:
    """In the DM with the bot, `feeds add` of a slow feed showed nothing for the seconds
    its fetch took (a slash command's acknowledgement says "Checking the feed first"),
    then "Feed added"."""
    old = news_item("Acme opens an office in Lisbon", "lisbon", "An office.", NOW)
    server.route("/slow.xml", body=rss("Slow", [old]), delay=4)
    with FakeSlackThread() as slack:
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        send_dm(slack, "feeds add " + server.url("/slow.xml"))
        slack.wait_for(lambda: len([p for p in slack.fake.posted if p.channel == "D1"]) >= 2)
        bot.stop()
    note, answer = [p for p in slack.fake.posted if p.channel == "D1"]
    assert "Checking the feed first" in note.text, note
    assert answer.at - note.at > 1, (note, answer)
    assert "Feed added" in answer.text + str(answer.blocks), answer
    assert_no_traceback(bot.output)


def test_slack_a_double_click_on_share_posts_the_reply_once(
    tmp_path: Path, bots: list[BotProcess]
) -> None:
    """Two quick clicks on a reply's "Share to channel" (two click events, two action_ts,
    before the first click deleted the reply) posted it twice in the channel."""
    with FakeSlackThread() as slack:
        fake = slack.fake
        bot = connected_bot(tmp_path, slack)
        bots.append(bot)
        reply = {"type": "message", "channel_id": "C1", "is_ephemeral": True}
        for n in (1, 2):
            click = {
                "type": "block_actions",
                "team": {"id": "T1"},
                "user": {"id": "U1", "team_id": "T1"},
                "container": reply | {"message_ts": "1700000000.000100"},
                "channel": {"id": "C1", "name": "news"},
                "trigger_id": f"1.2.{n}",
                "response_url": fake.response_url(f"share{n}"),
                "actions": [
                    {
                        "type": "button",
                        "action_id": "layoffs_share",
                        "value": "trends 7d",
                        "action_ts": f"1700000001.{n}",
                    }
                ],
            }
            slack.send_envelope("interactive", click)
        slack.wait_for(lambda: fake.posted and len(fake.responses) == 2)
        time.sleep(1.5)  # a second post would have come by now
        bot.stop()
    assert len(fake.posted) == 1 and fake.posted[0].channel == "C1", fake.posted
    assert all(r.get("delete_original") is True for r in fake.responses), fake.responses
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT key FROM deliveries WHERE source = 'share'").fetchall()
    assert rows == [("share:C1:1700000000.000100",)], rows
    assert_no_traceback(bot.output)


def test_search_job_cuts_lists_the_stories_holding_the_words_together_first(
    tmp_path: Path, server: FeedServer
) -> None:
    """`/layoffs search job cuts` listed 'Retailer's price cuts lift sales as jobs data
    looms' (newest) among the job cuts, as if one of them."""
    env = _polled(
        tmp_path,
        server,
        [
            _fresh("Klarna to cut 2,000 jobs as AI handles customer service", "klarna", 3),
            _fresh("Initech announces job cuts in its AI push", "initech", 2),
            _fresh("Retailer's price cuts lift sales as jobs data looms", "price", 1),
        ],
    )
    shown = cli_ok(env, tmp_path, "ask", "/layoffs search job cuts")
    assert "3 stories matching “job cuts”" in shown, shown
    apart = shown.index("Also matching, with the words further apart:")
    assert shown.index("Klarna to cut 2,000 jobs") < apart, shown
    assert shown.index("Initech announces job cuts") < apart, shown
    assert shown.index("price cuts lift sales") > apart, shown
    alone = cli_ok(env, tmp_path, "ask", "/layoffs search price cuts")  # nothing set apart
    assert "1 story matching" in alone and "further apart" not in alone, alone


def test_a_feed_titled_with_an_undefined_entity_is_listed_by_its_host(
    tmp_path: Path, server: FeedServer
) -> None:
    """A feed whose <title> was an entity its XML never defined ('&lol9;') was added and
    listed as '&lol9;'; another's expanded entity ('lollollol...') likewise."""
    old = news_item("Acme opens an office in Lisbon", "lisbon", "An office.", NOW)
    junk = rss("JUNK", [old]).replace(b"<title>JUNK</title>", b"<title>&lol9;</title>")
    server.route("/junk.xml", body=junk)
    server.route("/mixed.xml", body=rss("Tech &lol9; Jobs", [old]).replace(b"&amp;", b"&"))
    env = bot_env(tmp_path)
    added = cli_ok(env, tmp_path, "feeds", "add", server.url("/junk.xml"))
    cli_ok(env, tmp_path, "feeds", "add", server.url("/mixed.xml"))
    listed = cli_ok(env, tmp_path, "ask", "/layoffs feeds list")
    for shown in (added, listed, cli_ok(env, tmp_path, "feeds", "list")):
        assert "&lol9;" not in shown and "lol9" not in shown, shown
    assert "Added 127.0.0.1 (" in added, added
    assert "127.0.0.1" in listed and "Tech Jobs" in listed, listed


def test_subscribe_refuses_code_for_a_company_name_and_keeps_names_with_marks(
    tmp_path: Path,
) -> None:
    """`subscribe ' OR 1=1 --` followed "OR 1=1 --", and `subscribe <script>` followed
    "<script>": names no story ever has, followed without a word."""
    env = bot_env(tmp_path)
    for typed in ("' OR 1=1 --", "<script>", "{{7*7}}"):
        shown = cli(*("ask", f"/layoffs subscribe {typed}"), tmp_path=tmp_path, env=env).stdout
        assert f"“{typed}” cannot be a company name: company names hold no" in shown, shown
        assert "Type the company's name, like Amazon." in shown, shown
    shown = cli(*("ask", "/layoffs subscribe <Amazon>"), tmp_path=tmp_path, env=env).stdout
    assert "Did you mean Amazon? /layoffs subscribe Amazon" in shown, shown
    for name in ("AT&T", "Yahoo!", "3M", "H&M", 'Toys "R" Us', "343 Industries", "E*Trade"):
        assert "Following " in cli_ok(env, tmp_path, "ask", f"/layoffs subscribe {name}"), name
    with sqlite3.connect(tmp_path / "bot.db") as db:
        followed = {row[0] for row in db.execute("SELECT company FROM subscriptions")}
    assert followed == {"AT&T", "Yahoo", "3M", "H&M", 'Toys "R" Us', "343 Industries", "E*Trade"}


def test_microsoft_with_only_linkedins_story_is_answered_and_followed_as_microsoft(
    tmp_path: Path, server: FeedServer
) -> None:
    """With LinkedIn's story the only one stored, `/layoffs microsft` answered "LinkedIn
    (for “microsft”), with Microsoft" and `subscribe microsoft` followed LinkedIn, whose
    alerts leave out Microsoft's own news."""
    env = _polled(
        tmp_path, server, [_fresh("LinkedIn cuts 600 jobs as AI reshapes recruiting", "li", 1)]
    )
    shown = cli_ok(env, tmp_path, "ask", "/layoffs microsft")
    assert shown.startswith("== Microsoft (for “microsft”): recent job actions =="), shown
    assert "No stories name Microsoft itself; LinkedIn, part of Microsoft:" in shown, shown
    assert "Company: LinkedIn" in shown and "/layoffs subscribe Microsoft for alerts" in shown
    unit = cli_ok(env, tmp_path, "ask", "/layoffs linkedin")  # the unit asked: as before
    assert unit.startswith("== LinkedIn, with Microsoft: recent job actions =="), unit
    followed = cli_ok(env, tmp_path, "ask", "/layoffs subscribe microsoft")
    assert "== Following Microsoft ==" in followed, followed
    assert "Microsoft's alerts include LinkedIn's stories" in followed, followed
    assert "LinkedIn cuts 600 jobs" in followed, followed
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT company FROM subscriptions").fetchall()
    assert rows == [("Microsoft",)], rows


def test_digest_time_never_offers_a_time_that_is_none(tmp_path: Path) -> None:
    """`digest time 25:00` answered "Did you mean `/layoffs digest on 25:00`?", which is
    refused in turn; '24:00' and '7pm-ish' got no word of what to type."""
    env = bot_env(tmp_path)

    def answer(typed: str) -> str:
        return cli(*("ask", f"/layoffs {typed}"), tmp_path=tmp_path, env=env).stdout

    for typed in ("digest time 25:00", "digest time 24:60", "digest on 25:00"):
        shown = answer(typed)
        assert "Did you mean" not in shown, shown
        assert "Hours run from 00 to 23 and minutes from 00 to 59." in shown, shown
    assert "Midnight is 00:00." in answer("digest time 24:00")
    for typed in ("digest time 7pm-ish", "digest on 7pm-ish"):
        assert "Did you mean 7pm (19:00)?" in answer(typed)
    assert "Did you mean `/layoffs digest on 7pm`?" in answer("digest time 7pm")
    assert "every day at 19:00" in cli_ok(env, tmp_path, "ask", "/layoffs digest on 7pm")
