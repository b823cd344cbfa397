"""Company lookups a new user typed that answered another company, driven through the real
`layoffbot tag` (to file a story) and `layoffbot ask` on a fresh database.

Found by trying the bot as a user: with only Hewlett Packard Enterprise in the news,
`/layoffs hp` answered HPE's story as if it were HP's, and `/layoffs subscribe hp`
followed HPE, so HP's own layoffs would never have been announced to that user.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli, rss

HPE_STORY = {
    "title": "Hewlett Packard Enterprise to lay off 2,500 workers",
    "link": "https://news.example/hpe-cuts",
    "description": "Hewlett Packard Enterprise (HPE) will cut 2,500 jobs, about 5% of staff, "
    "citing automation and AI tools in its operations.",
    "published": datetime.now(UTC) - timedelta(hours=2),
}


def ask(tmp_path: Path, text: str) -> str:
    done = cli("ask", text, tmp_path=tmp_path, env=bot_env(tmp_path))
    assert_no_traceback(done.stdout + done.stderr)
    return done.stdout


def test_a_listed_company_with_no_stories_is_not_answered_with_a_similar_name(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "hpe.rss"
    feed.write_bytes(rss("Tech news", [HPE_STORY]))
    tagged = cli("tag", str(feed), tmp_path=tmp_path)
    assert tagged.returncode == 0, tagged.stdout + tagged.stderr
    assert "HPE" in ask(tmp_path, "/layoffs hpe")
    for query in ("hp", "HP Inc"):
        reply = ask(tmp_path, f"/layoffs {query}")
        assert "No stories yet about HP" in reply, reply
        assert "Did you mean HPE?" in reply, reply
        assert "2,500" not in reply, reply
    followed = ask(tmp_path, "/layoffs subscribe hp")
    assert "Following HP ==" in followed and "Did you mean HPE?" in followed, followed
    assert "• HP" in ask(tmp_path, "/layoffs subscriptions")


def test_a_command_cut_short_is_offered_as_the_command(tmp_path: Path) -> None:
    """'/layoffs subscr Klarna' (three letters short of 'subscribe') was looked up as the
    company 'subscr Klarna', with no hint of the command."""
    reply = ask(tmp_path, "/layoffs subscr Klarna")
    assert "Did you mean the command /layoffs subscribe Klarna?" in reply, reply
    reply = ask(tmp_path, "/layoffs subs")
    assert "/layoffs subscribe or /layoffs subscriptions?" in reply, reply


def test_a_company_you_follow_is_not_offered_to_you_again(tmp_path: Path) -> None:
    """`/layoffs hpe` after `/layoffs subscribe hpe` still ended "/layoffs subscribe HPE
    for alerts.", and a company with no stories "To be told when there is one: /layoffs
    subscribe ...": a trial user took it for a subscription the bot had lost."""
    feed = tmp_path / "hpe.rss"
    feed.write_bytes(rss("Tech news", [HPE_STORY]))
    tagged = cli("tag", str(feed), tmp_path=tmp_path)
    assert tagged.returncode == 0, tagged.stdout + tagged.stderr
    assert "/layoffs subscribe HPE for alerts." in ask(tmp_path, "/layoffs hpe")
    ask(tmp_path, "/layoffs subscribe hpe")
    reply = ask(tmp_path, "/layoffs hpe")
    # At the console (`ask`), where alerts are printed rather than sent as a DM.
    assert "You follow HPE: /layoffs unsubscribe HPE to stop." in reply, reply
    assert "/layoffs subscribe" not in reply, reply
    ask(tmp_path, "/layoffs subscribe Initech")
    reply = ask(tmp_path, "/layoffs initech")
    assert "No stories yet about Initech" in reply, reply
    assert "You follow Initech: /layoffs unsubscribe Initech" in reply, reply
    assert "/layoffs subscribe" not in reply, reply


def test_a_misspelt_listed_company_with_no_stories_yet_is_offered_by_its_name(
    tmp_path: Path,
) -> None:
    """On a fresh database `/layoffs subscribe Amazn` followed "Amazn" without a word,
    so Amazon's layoffs were never alerted; the README promises `Amazn` is understood."""
    reply = ask(tmp_path, "/layoffs Amazn")
    assert "Did you mean Amazon?" in reply, reply
    followed = ask(tmp_path, "/layoffs subscribe Amazn")
    assert "Did you mean Amazon? To follow it instead:" in followed, followed
    assert "Did you mean" not in ask(tmp_path, "/layoffs Initech")


def test_a_misspelt_company_is_offered_to_follow_by_the_name_it_is_close_to(
    tmp_path: Path,
) -> None:
    """`/layoffs Amazn` answered "Did you mean Amazon? To be told when there is one:
    /layoffs subscribe Amazn": a new user who pasted it followed the typo."""
    reply = ask(tmp_path, "/layoffs Amazn")
    assert "Did you mean Amazon? To be told when there is one: /layoffs subscribe Amazon" in (
        " ".join(reply.split())
    ), reply
    assert "subscribe Amazn" not in reply, reply
    ask(tmp_path, "/layoffs subscribe Amazon")
    reply = ask(tmp_path, "/layoffs Amazn")
    assert "You follow Amazon" in reply and "/layoffs subscribe" not in reply, reply
