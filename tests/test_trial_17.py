"""Session 17's trial, unit level: `feeds add URL words` said it takes one address (it
takes up to 5), `subscribe Amazon here here` followed "Amazon here", and `subscribe
Amazon Google` followed one of them (or neither, as "Amazon Google"); Ctrl-C during
`feeds import` said nothing of what it had added; an untitled feed showed the secret in
its address to every workspace; an arrow key at the console prompt ran "[A" as a
company; a search holding a common word ("jobs or") found nothing on SQLite. Each is
driven through the real process too (tests/test_e2e_trial_17.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands.parse import split
from bot.render import to_text
from bot.store import Store
from tests.conftest import StoryFactory
from tests.conftest_social import cmd, make_app


async def test_feeds_add_with_words_after_the_address_names_them_and_the_five_it_takes(
    store: Store,
) -> None:
    reply = await make_app(store).handle(cmd("feeds add https://a.example/rss my feed"))
    shown = to_text(reply)
    assert reply.is_error and "“my”, “feed” are not feed addresses" in shown, shown
    assert "up to 5" in shown and "takes one feed address" not in shown, shown
    one = to_text(await make_app(store).handle(cmd("feeds remove Labor https://a.example/rss")))
    assert "“Labor” is not a feed address: `feeds remove`" in one, one


@pytest.mark.parametrize(
    ("typed", "company"),
    [
        ("subscribe Amazon here here", "Amazon"),
        ("subscribe Amazon here Here", "Amazon"),
        ("unsubscribe Amazon here here", "Amazon"),
        ("subscribe HERE here", "HERE"),  # a company named HERE, followed in the channel
        ("subscribe Amazon here", "Amazon"),
    ],
)
def test_here_typed_twice_is_this_channel_not_part_of_the_name(typed: str, company: str) -> None:
    raw = split(typed).raw_args()
    assert raw == {"company": company, "where": "here"}, raw


@pytest.mark.parametrize(
    ("typed", "steps"),
    [
        ("subscribe Amazon Google", "/layoffs subscribe Amazon, then /layoffs subscribe Google"),
        (
            "subscribe Amazon and Google here",
            "/layoffs subscribe Amazon here, then /layoffs subscribe Google here",
        ),
    ],
)
async def test_two_listed_companies_typed_apart_are_refused_one_at_a_time(
    store: Store, typed: str, steps: str
) -> None:
    app = make_app(store)
    reply = await app.handle(cmd(typed))
    assert reply.is_error and f"One company at a time: {steps}." in to_text(reply), to_text(reply)
    assert "Amazon" not in to_text(await app.handle(cmd("subscriptions")))


@pytest.mark.parametrize(
    "typed",
    [
        "subscribe Microsoft LinkedIn",  # a unit beside its parent: one company
        "subscribe Johnson & Johnson",  # listed whole
        "subscribe Google Cloud",  # a word that is no company of its own
    ],
)
async def test_one_company_in_several_words_is_still_followed(store: Store, typed: str) -> None:
    reply = await make_app(store).handle(cmd(typed))
    assert not reply.is_error and (reply.title or "").startswith("Following"), to_text(reply)


def test_an_import_cut_short_names_what_it_added_and_how_to_go_on(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    from bot.cli.feeds import _import_cut_short

    store.add_feed("https://a.example/rss", "A", "")
    urls = ["https://a.example/rss", "https://b.example/rss", "https://c.example/rss"]
    with pytest.raises(typer.Exit) as stopped:
        _import_cut_short(store, Path("team.opml"), urls)
    assert stopped.value.exit_code == 130
    said = " ".join(capsys.readouterr().err.split())
    assert "Stopped: 1 of 3 new feed(s) added before Ctrl-C; they stay." in said, said
    assert "feeds import team.opml again to check the other 2" in said, said
    with pytest.raises(typer.Exit):
        _import_cut_short(store, Path("team.opml"), urls[1:])
    said = " ".join(capsys.readouterr().err.split())
    assert (
        "Stopped: no feed added yet. Run layoffbot feeds import team.opml again to check them"
        in said
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("https://feeds.example/rss?api_key=S3CRET&x=1", "https://feeds.example/rss?…"),
        ("https://feeds.example/rss#top", "https://feeds.example/rss"),
        ("https://feeds.example/rss", "https://feeds.example/rss"),
        ("AI layoffs - Google News", "AI layoffs - Google News"),  # a title stays as it is
        ("Jobs news: see https://a.example/?q=1", "Jobs news: see https://a.example/?q=1"),
    ],
)
def test_a_feed_named_by_its_address_is_named_without_its_query(name: str, shown: str) -> None:
    from bot.links import feed_name

    assert feed_name(name, "https://feeds.example/rss?api_key=S3CRET&x=1") == shown


def test_a_feed_stored_with_no_title_is_named_without_the_secret_in_its_address(
    store: Store,
) -> None:
    url = "https://feeds.example/rss?api_key=S3CRET"
    feed, _created = store.add_feed(url, url, "")
    assert feed.url == url and "S3CRET" not in feed.name, feed
    [listed] = store.list_feeds("")
    assert listed.url == url and listed.name == "https://feeds.example/rss?…", listed


async def test_a_line_holding_an_arrow_key_is_not_run_at_the_console_and_says_why() -> None:
    from tests.test_console import _session

    typed = "\x1b[A\n/layoffs tiktok\x1b[D\x1b[D\n/layoffs latest\x1bOH\n/layoffs help\nquit\n"
    shown = await _session(typed)
    assert shown.count("Not run: arrow keys and other editing keys") == 3, shown
    assert "Reply to /layoffs help" in shown, shown  # the next line typed whole still runs
    assert "Reply to" in shown and shown.count("Reply to") == 1, shown


def test_a_search_finds_the_same_stories_with_or_without_common_words(
    store: Store, make_story: StoryFactory
) -> None:
    """SQLite required every word, `or` and `the` too: `search jobs or` found nothing there
    and every story about jobs on PostgreSQL, which drops its English stop words."""
    make_story("Klarna", title="Klarna to cut 2,000 jobs as AI handles support", summary="S.")
    make_story("Globex", title="Globex cuts 300 call-centre jobs", summary="Citing automation.")
    make_story("Initech", title="Initech AI layoffs hit support staff", summary="More.")
    jobs = {"Klarna", "Globex"}
    for query in ("jobs or", "jobs and the", "the jobs", "jobs at"):
        assert {s.company for s in store.search_stories(query)} == jobs, query
        assert {s.company for s in store.search_stories(query, together=True)} == jobs, query
    assert {s.company for s in store.search_stories("AI and jobs")} == {"Klarna"}
    assert {s.company for s in store.search_stories("layoffs at the")} == {"Initech"}
    assert store.search_stories("nor whom") == []  # stop words alone pick nothing out
    assert {s.company for s in store.search_stories("laid off")} == set()
