"""Figures of one report as outlets write them, and what keeps two reports apart."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.story_sources import figure_keys, figures, item_sources, same_report

T0 = datetime(2023, 7, 12, tzinfo=UTC)


def _item(title: str, text: str, kind: Kind = Kind.ANALYSIS) -> tuple[Article, Tags]:
    return Article(title=title, link="https://news.example/a", text=text, published=T0), Tags(
        kind=kind
    )


def test_one_figure_written_apart_reads_as_one() -> None:
    assert figures("$4.4T a year") == figures("$4.4 Trillion in value") == ("4400000000000",)
    assert figures("80% of the U.S. workforce") == figures("80 percent of US workers")
    assert figures("300mn jobs") == figures("300 million jobs") == ("300000000",)


def test_years_small_numbers_and_link_ids_are_no_figures() -> None:
    assert figures("top 10 skills by 2027, item?id=36434185 Points: 17") == ()


def test_an_employers_action_is_not_filed_under_its_figures() -> None:
    article, _ = _item("Acme cuts 900 jobs", "")
    assert figure_keys(article, Tags(kind=Kind.LAYOFF, companies=("Acme",))) == []
    assert figure_keys(*_item("Indian CEO fired 90% of support staff", "")) == ["fig:90%"]


def test_one_figure_and_a_word_beyond_it_join_two_authors_do_not() -> None:
    article, tags = _item(
        "CEO fires 90% of support staff and replaces it with AI chatbot", "Dukaan's founder."
    )
    other = Tags(kind=Kind.ANALYSIS)
    titles = ("Indian developer fired 90 percent of tech support team",)
    assert same_report(article, tags, other, titles, ("",))
    assert not same_report(article, tags, other, ("Survey: 90% of staff use AI",), ("",))
    article, tags = _item("AI could affect 80% of jobs, says Goldman Sachs report", "")
    assert not same_report(article, tags, other, ("AI could affect 80% of jobs: IMF study",), ("",))


def test_news_naming_no_employer_reports_its_research_author() -> None:
    # 'These are the top 10 most in-demand job skills right now, according to the World
    # Economic Forum' (news) beside commentary on the same report.
    article, _ = _item("Top 10 job skills, according to the World Economic Forum", "")
    news = Tags(kind=Kind.OTHER)
    assert item_sources(article, news) >= {"economicforum"}
    assert not item_sources(article, Tags(kind=Kind.OTHER, companies=("Acme",)))
