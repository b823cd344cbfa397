from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import Article, RawItem
from bot.summarize import ExtractiveSummarizer
from bot.text import prepare_article
from tests.test_text import FURNITURE

NOW = datetime(2025, 3, 1, tzinfo=UTC)
S = ExtractiveSummarizer()


def article(title: str, text: str) -> Article:
    return Article(title=title, text=text, link="https://x.example", published=NOW)


def test_empty_article_gives_title():
    assert S.summarize(article("Acme cuts 50 jobs", "")) == "Acme cuts 50 jobs"
    assert S.summarize(article("", "")) == "(untitled)"


def test_leads_with_the_action_sentence_and_stays_short():
    text = (
        "The weather was mild on Tuesday in the city centre. Analysts had expected a quiet "
        "quarter for the sector overall. Acme Robotics will cut 240 jobs as AI route planning "
        "takes over, the company said. Subscribe to our newsletter for more updates today."
    )
    summary = S.summarize(article("Acme to shed jobs", text))
    assert summary.startswith("Acme Robotics will cut 240 jobs")
    assert len(summary) <= 300 and summary.count(". ") <= 1
    assert "newsletter" not in summary.lower()


@pytest.mark.parametrize("name", ["seed-tiktok-news", "seed-tiktok-analysis"])
def test_seed_summaries_name_employer_without_furniture(name):
    raw = RawItem(
        guid=name,
        title="",
        content_html=(Path(__file__).parent / "data" / "shared" / f"{name}.txt").read_text(),
    )
    summary = S.summarize(prepare_article(raw, fetched_at=NOW))
    assert "TikTok" in summary and 0 < len(summary) <= 300
    assert not any(p in summary.lower() for p in FURNITURE)


def test_long_sentence_is_truncated_on_a_word():
    summary = S.summarize(article("T", "Acme will cut 100 jobs " + "and more words " * 40 + "."))
    assert len(summary) <= 300 and summary.endswith("…")


def test_no_company_prefix_when_the_company_is_a_guess():
    text = (
        "I noted yesterday that even if Trump had come to hate the inquiry, he could not end it. "
        "Here is something else that needs to be flagged about the whole affair this week."
    )
    summary = ExtractiveSummarizer().summarize(article("Whose Team Is He On?", text))
    assert not summary.startswith("Whose")


def test_non_english_summary_has_no_company_prefix():
    text = "O ministro do Interior alemão defendeu a realização de testes médicos aos jovens."
    summary = ExtractiveSummarizer().summarize(
        article("Ministro alemão defende testes médicos sobre idade de jovens migrantes", text)
    )
    assert not summary.startswith("Ministro:")


def test_google_news_summary_does_not_end_with_publisher():
    raw = RawItem(
        guid="g",
        title="Ketanji Brown Jackson criticizes supreme court’s handling of emergency docket - The Guardian",
        summary_html=(
            '<a href="https://news.google.com/rss/articles/CBMiogFBVV95cUxQZ3MtNXd1?oc=5" '
            'target="_blank">Ketanji Brown Jackson criticizes supreme court’s handling of '
            'emergency docket</a>&nbsp;&nbsp;<font color="#6f6f6f">The Guardian</font>'
        ),
        source="The Guardian",
    )
    art = prepare_article(raw, fetched_at=datetime(2026, 9, 25, tzinfo=UTC))
    assert not ExtractiveSummarizer().summarize(art).endswith("The Guardian")


def test_a_hacker_news_description_of_links_and_points_is_no_summary():
    """Trial 14: `/layoffs tiktok` showed "Article URL: https://… Comments URL: https://…
    # Comments: 10" as the story's summary (hnrss.org, one of the default feeds)."""
    raw = RawItem(
        guid="hn1",
        title="TikTok lays off all employees in India",
        link="https://www.moneycontrol.com/news/tiktok-lays-off-all-40-employees-in-india.html",
        published=NOW,
        summary_html=(
            "Article URL: https://www.moneycontrol.com/news/tiktok-lays-off-all-40-employees"
            "-in-india.html\nComments URL: https://news.ycombinator.com/item?id=34745216\n"
            "Points: 12\n# Comments: 5"
        ).replace("\n", "<br>\n"),
    )
    summary = S.summarize(prepare_article(raw, fetched_at=NOW))
    assert summary == "TikTok lays off all employees in India", summary
