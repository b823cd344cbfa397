"""Closures (issue 16): an employer closing a studio, office or plant cuts jobs when the item
speaks of them, and (session 19) when it names none: the labels' ruling, which held on every
tune set; a product or service shut down closes no workplace and is other
(tests/data/eval/README.md). Headlines here are written for the tests; none is copied from a
labelled set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.models import Article, Kind
from bot.tagging import RuleTagger, parse_number

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = ""):
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_a_studio_closure_is_a_layoff_when_the_item_speaks_of_jobs() -> None:
    tags = tag(
        "Quorvel Games Shuts Down Its Austin Studio",
        "Quorvel Games is closing its Austin studio this week; about 80 staff are affected.",
    )
    assert tags.kind is Kind.LAYOFF
    assert tags.companies[:1] in (("Quorvel Games",), ("Quorvel",))


def test_a_studio_closure_with_no_job_word_is_a_layoff() -> None:
    assert tag("Quorvel closes three studios in restructuring").kind is Kind.LAYOFF
    assert tag("Quorvel is shutting down a studio 16 days after it unionized").kind is Kind.LAYOFF


def test_named_units_closed_are_a_layoff_when_the_item_speaks_of_jobs() -> None:
    tags = tag(
        "Zentrix Shuts Down Orbit Works, Lantern Forge, and More",
        "The publisher is closing two of its studios; 200 staff are affected.",
    )
    assert tags.kind is Kind.LAYOFF
    assert tags.companies[:1] == ("Zentrix",)


def test_a_product_or_service_shut_down_is_other() -> None:
    assert tag("Zentrix shuts down Orbit", "The cloud gaming service will close in May.").kind is (
        Kind.OTHER
    )
    assert (
        tag(
            "Zentrix To Shut Down Its Orbit App Next Month",
            "Zentrix plans to shut down its standalone Orbit app in August.",
        ).kind
        is Kind.OTHER
    )


def test_a_second_title_case_verb_shares_the_first_ones_subject() -> None:
    tags = tag(
        "Zentrix Cancels Orbit Game, Closes Two Studios",
        "Zentrix is closing two studios this week; some 90 staff are affected.",
    )
    assert tags.kind is Kind.LAYOFF
    assert tags.companies[:1] == ("Zentrix",)


def test_a_long_digit_run_is_a_timestamp_not_a_count() -> None:
    assert parse_number("1680487949") is None
    assert parse_number("10,000") == 10000


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Games</title><link>https://news.example/</link>
<item><title>Zentrix Shuts Down Orbit Works Studio</title><link>https://news.example/a</link>
<guid>a</guid><pubDate>Tue, 14 Jan 2025 08:00:00 GMT</pubDate>
<description>The publisher is closing the studio behind Skyreach; its 80 staff are
affected.</description></item>
<item><title>Zentrix To Shut Down Its Orbit App Next Month</title>
<link>https://news.example/b</link><guid>b</guid><pubDate>Tue, 14 Jan 2025 09:00:00 GMT</pubDate>
<description>The standalone app will stop working in August.</description></item>
</channel></rss>"""


def test_layoffbot_tag_reads_a_studio_closure_with_staff_as_a_layoff_an_app_shutdown_as_other(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "games.rss"
    feed.write_text(FEED, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        LAYOFFBOT_DATABASE_URL=f"sqlite:///{tmp_path}/t.db",
        LAYOFFBOT_ENV_FILE=os.devnull,
        LAYOFFBOT_DEFAULT_FEEDS="false",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "tag", str(feed), "--format", "jsonl"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    kinds = {r["title"]: r["kind"] for r in map(json.loads, proc.stdout.splitlines())}
    assert kinds == {
        "Zentrix Shuts Down Orbit Works Studio": "layoff",
        "Zentrix To Shut Down Its Orbit App Next Month": "other",
    }


def test_a_cancelled_game_told_as_layoffs_sweep_is_a_follow_up() -> None:
    assert tag("Orbit Quest Reportedly Canceled as Layoffs Sweep Across Zentrix").kind is (
        Kind.OTHER
    )
    assert (
        tag(
            "Zentrix Cancels That Cool-Looking Orbit Reboot",
            "The reboot has been canceled as part of the ongoing layoffs at Zentrix.",
        ).kind
        is Kind.OTHER
    )


def test_a_cancellation_with_its_own_cut_or_closure_stays_a_layoff() -> None:
    assert tag("Zentrix cancels game and lays off 50 staff").kind is Kind.LAYOFF
    assert (
        tag("Orbit Reboot Canceled and Studio Lantern Closed as Part of Zentrix Layoffs").kind
        is Kind.LAYOFF
    )


def test_a_team_gutted_is_a_cut_with_no_job_word() -> None:
    assert tag("The Team Working on Orbit Was Seemingly Gutted Amid Zentrix Layoffs").kind is (
        Kind.LAYOFF
    )
    assert tag("Zentrix guts its newsroom").kind is Kind.LAYOFF
    assert tag("Fire guts warehouse in Ohio").kind is Kind.OTHER


def test_people_inside_a_relative_clause_are_not_the_cut() -> None:
    assert (
        tag(
            "Zentrix Ends Shared Free Shipping",
            "Zentrix is axing the program that lets Plus members share their shipping perk.",
        ).kind
        is Kind.OTHER
    )
    assert tag("Zentrix is axing 200 staff who run its shipping program").kind is Kind.LAYOFF


def test_a_workplace_closure_only_wondered_about_is_no_layoff() -> None:
    assert tag("Quorvel may close its Austin studio").kind is Kind.OTHER
    assert tag("Quorvel closes its Austin studio").kind is Kind.LAYOFF
