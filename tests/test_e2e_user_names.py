"""Company names a new user types that are not plain Latin letters, driven through the real
`layoffbot ask` on a fresh database.

Found by trying the bot as a user: every name without an a-z letter or digit (Сбербанк,
Яндекс, 华为, but also `%` or `_`) had the same company key, `unknown`, so following one
"already" followed all the others, and a name of punctuation alone was followed as if it
were a company.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e import assert_no_traceback, bot_env, cli


def ask(tmp_path: Path, text: str) -> str:
    done = cli("ask", text, tmp_path=tmp_path, env=bot_env(tmp_path))
    assert_no_traceback(done.stdout + done.stderr)
    return done.stdout


def test_companies_with_non_latin_names_are_followed_separately(tmp_path: Path) -> None:
    first = ask(tmp_path, "/layoffs subscribe Сбербанк")
    assert "Subscribed" in first, first
    for name in ("Яндекс", "华为"):
        reply = ask(tmp_path, f"/layoffs subscribe {name}")
        assert "Already subscribed" not in reply, reply
        assert "Subscribed" in reply, reply
    listing = ask(tmp_path, "/layoffs subscriptions")
    for name in ("Сбербанк", "Яндекс", "华为"):
        assert name in listing, listing
    gone = ask(tmp_path, "/layoffs unsubscribe Яндекс")
    assert "Unsubscribed" in gone, gone
    listing = ask(tmp_path, "/layoffs subscriptions")
    assert "Сбербанк" in listing and "华为" in listing and "Яндекс" not in listing, listing


def test_a_name_of_punctuation_alone_is_not_followed(tmp_path: Path) -> None:
    for name in ("%", "_", "'; --"):
        done = cli("ask", f"/layoffs subscribe {name}", tmp_path=tmp_path, env=bot_env(tmp_path))
        assert_no_traceback(done.stdout + done.stderr)
        assert done.returncode != 0, done.stdout
        assert "not a company name" in done.stdout, done.stdout
    listing = ask(tmp_path, "/layoffs subscriptions")
    assert "%" not in listing and "•" not in listing, listing


def test_a_name_too_long_for_a_company_is_not_followed(tmp_path: Path) -> None:
    """The company key column holds 200 characters (PostgreSQL enforces it): a pasted
    paragraph is refused with a reason instead of failing there with an apology."""
    name = "Acme " * 60
    done = cli("ask", f"/layoffs subscribe {name}", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert_no_traceback(done.stdout + done.stderr)
    assert done.returncode != 0, done.stdout
    assert "too long for a company name" in done.stdout, done.stdout
    assert "Did you mean" not in done.stdout, done.stdout
    assert "•" not in ask(tmp_path, "/layoffs subscriptions")


def test_a_lookup_offers_to_follow_only_names_subscribe_takes(tmp_path: Path) -> None:
    """'No stories yet about %' ended 'To be told when there is one: /layoffs subscribe %',
    a command then refused; so did a mention and a pasted paragraph."""
    for name in ("%", "<@U123>", "Acme " * 60):
        reply = ask(tmp_path, f"/layoffs {name}")
        assert "No stories yet" in reply, reply
        assert "/layoffs subscribe" not in reply, reply
    reply = ask(tmp_path, "/layoffs Яндекс")
    assert "/layoffs subscribe Яндекс" in reply, reply


def test_a_time_zone_typed_in_lower_case_is_taken(tmp_path: Path) -> None:
    """'digest on 08:00 utc' worked and 'digest on 08:00 europe/berlin' was refused."""
    reply = ask(tmp_path, "/layoffs digest on 08:00 europe/berlin")
    assert "every day at 08:00 (Europe/Berlin)" in reply, reply
    done = cli(
        "ask", "/layoffs digest on 08:00 mars/olympus", tmp_path=tmp_path, env=bot_env(tmp_path)
    )
    assert done.returncode != 0 and "neither a time" in done.stdout, done.stdout


def test_an_impossible_digest_time_is_refused_in_the_words_of_the_other_refusals(
    tmp_path: Path,
) -> None:
    """'digest on 25:99' answered "'25:99' is not a time of day like 09:00": Python's
    quotes, no full stop, and none of the forms (8am, 8:30pm) the command takes."""
    done = cli("ask", "/layoffs digest on 25:99", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert done.returncode != 0, done.stdout
    assert "“25:99” is not a time of day like 09:00, 8am or 8:30pm." in done.stdout, done.stdout
    assert "'25:99'" not in done.stdout, done.stdout


def test_a_digest_turned_on_after_its_time_today_says_it_goes_now_not_at_a_past_time(
    tmp_path: Path,
) -> None:
    """At 17:00 in Berlin, 'digest on 08:30 europe/berlin' answered 'Next digest: Wed 02
    Dec 08:30', a time already past, while today's digest was in fact about to be posted."""
    from datetime import UTC, datetime

    hour = datetime.now(UTC).hour
    offset = 12 - hour  # a zone where it is now 12:00-12:59 (the Etc names flip the sign)
    zone = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
    reply = ask(tmp_path, f"/layoffs digest on 00:00 {zone}")
    assert "Next digest: today's, within a minute (00:00 midnight has passed" in reply, reply


def test_a_digest_time_and_zone_are_taken_as_people_write_them(tmp_path: Path) -> None:
    """'8am', '8:30pm', 'PST', 'CET' and 'London' were all refused ('neither a time like
    09:00 nor a time zone like Europe/Berlin'); a fixed offset now says what to type."""
    for typed, meant in (
        ("8am London", "every day at 08:00 (Europe/London)"),
        ("8:30pm PST", "every day at 20:30 (America/Los_Angeles)"),
        ("CET 9", "every day at 09:00 (Europe/Berlin)"),
        ("12am tokyo", "every day at 00:00 midnight (Asia/Tokyo)"),
    ):
        reply = ask(tmp_path, f"/layoffs digest on {typed}")
        assert meant in reply, (typed, reply)
    done = cli("ask", "/layoffs digest on 08:30 UTC+2", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert done.returncode != 0 and "name a place instead, like Europe/Berlin" in done.stdout
    done = cli("ask", "/layoffs digest on 13pm", tmp_path=tmp_path, env=bot_env(tmp_path))
    assert done.returncode != 0 and "not a time of day" in done.stdout, done.stdout


def test_a_link_is_not_followed_as_a_company(tmp_path: Path) -> None:
    """'subscribe https://example.com' followed 'Https://example.com', which no story
    would ever name; '/layoffs <link>' offered to follow it too."""
    for link in ("https://example.com/news", "<https://example.com>", "www.example.com"):
        done = cli("ask", f"/layoffs subscribe {link}", tmp_path=tmp_path, env=bot_env(tmp_path))
        assert_no_traceback(done.stdout + done.stderr)
        assert done.returncode != 0, done.stdout
        assert "That is a link, not a company name" in done.stdout, done.stdout
    assert "/layoffs subscribe" not in ask(tmp_path, "/layoffs https://example.com/news")
    assert "•" not in ask(tmp_path, "/layoffs subscriptions")
