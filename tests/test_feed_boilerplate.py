"""What feeds add to every item, cut before openings, leads and summaries are taken
(bot.feed_boilerplate, through bot.text's `strip_furniture`). Two Hacker News links of the
same day that share one headline word were one story on the words of hnrss' description
("Article URL ... Comments URL ... Points ... # Comments"); Verge credits opened summaries.
Texts from real feeds (tests/data/eval/fresh-2022.tune.jsonl f22-160, real-dev.tune.jsonl
real-124, fresh-2025.tune.jsonl, fresh-tags-2.jsonl; ../shared/data/feeds-real/)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot import feed_boilerplate
from bot.feed_boilerplate import strip_boilerplate
from bot.models import Kind, RawItem, Tags
from bot.stories import StoryCandidate, match_story
from bot.story_openings import opening
from bot.summarize import ExtractiveSummarizer
from bot.tagging.prefilter import keys
from bot.text import clean_text, prepare_article

T0 = datetime(2023, 3, 29, 14, tzinfo=UTC)
# Two Hacker News items, both commentary, sharing "jobs" (three months apart in the feed:
# put on one day here, as two such links often are).
WSJ = (
    "Laid off tech workers quickly find new jobs",
    "https://www.wsj.com/articles/laid-off-tech-workers-quickly-find-new-jobs-11672097730",
    "Article URL: https://www.wsj.com/articles/laid-off-tech-workers-quickly-find-new-jobs-"
    "11672097730 Comments URL: https://news.ycombinator.com/item?id=34161528 Points: 9 "
    "# Comments: 1",
)
BLOOMBERG = (
    "$335,000 Pay for ‘AI Whisperer’ Jobs Appears in Red-Hot Market",
    "https://www.bloomberg.com/news/articles/2023-03-29/ai-chatgpt-related-prompt-engineer-jobs-pay-up-to-335-000",
    "Article URL: https://www.bloomberg.com/news/articles/2023-03-29/ai-chatgpt-related-prompt-"
    "engineer-jobs-pay-up-to-335-000\nComments URL: https://news.ycombinator.com/item?id=35357978"
    "\nPoints: 35\n# Comments: 30",
)  # fmt: skip
ANALYSIS = Tags(kind=Kind.ANALYSIS, ai_cause=True)


def _hn(item: tuple[str, str, str], when: datetime) -> StoryCandidate:
    title, link, text = item
    raw = RawItem(guid=link, title=title, link=link, summary_html=text, source="Hacker News")
    article = replace(prepare_article(raw, fetched_at=when), published=when)
    return StoryCandidate(
        1, "s", title, ANALYSIS, when, (title,), (article.text,), openings=(opening(article.text),)
    )


def test_two_hacker_news_links_sharing_one_headline_word_are_two_stories() -> None:
    first = _hn(WSJ, T0)
    assert first.openings == ("",)  # the description is hnrss' fields only
    title, link, text = BLOOMBERG
    raw = RawItem(guid=link, title=title, link=link, summary_html=text, source="Hacker News")
    later = replace(prepare_article(raw, fetched_at=T0), published=T0 + timedelta(hours=3))
    assert later.text == ""
    assert match_story(later, ANALYSIS, [first]) is None


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Article URL: https://x.example/a Comments URL: https://news.ycombinator.com/item?id=1 "
         "Points: 17 # Comments: 1", ""),
        ("Points: 32", ""),
        ("# Comments: 25", ""),
        ("Ask HN body. Comments URL: https://news.ycombinator.com/item?id=2 Points: 4", "Ask HN body."),
        ("An anonymous reader quotes a report from CNBC: There's a new warehouse robot at Amazon.",
         "There's a new warehouse robot at Amazon."),
        ("An anonymous reader shares a report: Nissan looks set to step back from merger talks.",
         "Nissan looks set to step back from merger talks."),
        ("AI is used to monitor employees. The post Fox News Is Accused of Using AI appeared first "
         "on Reclaim The Net.", "AI is used to monitor employees."),
        ("Engadget has contacted Spotify for comment. This article originally appeared on Engadget "
         "at https://www.engadget.com/spotify", "Engadget has contacted Spotify for comment."),
        ("There’s a strong chance that you’re going… Read more...", "There’s a strong chance that you’re going…"),
        ("Read more...", ""),
        ("has forced it to choose cost and headcount cuts. Continue reading...",
         "has forced it to choose cost and headcount cuts."),
        ("troubleshooting a bit more difficult going forward. Continue Reading at GameSpot",
         "troubleshooting a bit more difficult going forward."),
        ("To read this article in full, please click here", ""),
        ("Illustration by Alex Castro / The Verge", ""),
        ("Image credits: top Google; second Brian Shih", ""),
        ("Illustration by Alex Castro / The Verge Lyft is laying off 13 percent of its workforce.",
         "Lyft is laying off 13 percent of its workforce."),
        ("Image: Bungie Bungie is laying off an unspecified number of staffers.",
         "Bungie is laying off an unspecified number of staffers."),
        ("ChatGPT launched on iOS this week. | Image: Jakub Porzycki/NurPhoto via Getty Images",
         "ChatGPT launched on iOS this week."),
        ("Arrival said it would cut half its staff. | Image: Arrival Arrival, an EV startup, said",
         "Arrival said it would cut half its staff. Arrival, an EV startup, said"),
        ("It hasn’t been a good day. | Illustration by Alex Castro / The Verge This morning’s news",
         "It hasn’t been a good day. This morning’s news"),
        ("headquarters in Midland, Michigan, on Dec. 10, 2015. (Bill Pugliano/Getty Images)",
         "headquarters in Midland, Michigan, on Dec. 10, 2015."),
        ("at George Mason University, Tuesday, Nov. 7, 2017. (AP Photo/Cliff Owen)",
         "at George Mason University, Tuesday, Nov. 7, 2017."),
    ],
)  # fmt: skip
def test_a_feeds_boilerplate_is_cut(line: str, kept: str) -> None:
    assert strip_boilerplate(line) == kept


@pytest.mark.parametrize(
    "line",
    [
        "The team scored. Points: 3",
        "Analysts who read more than 100 filings said the cuts were deep.",
        "The post office will cut 10,000 jobs, a union said on Tuesday.",
        "Image: Bungie The full scope of the layoffs is unclear",  # a credit and the story
        "Engineers working on AI/ML (Machine Learning/AI) were spared.",
        "The company will continue reading applications until March.",
        "The story first appeared in the Financial Times.",
        "Square offers an easy to use, free credit card reader that plugs into a phone or iPad.",
        "WASHINGTON (AP) — President Donald Trump’s choice to head the Department",
    ],
)
def test_real_sentences_stay(line: str) -> None:
    assert strip_boilerplate(line) == line


def test_html_credits_and_link_lines_go_too() -> None:
    markup = (
        '<figure><img src="x.jpg"><figcaption>Photo by Chris Welch / The Verge</figcaption>'
        "</figure><p>Roku plans to lay off an additional 200 employees.</p>"
        '<p>Article URL: <a href="https://x.example/a">https://x.example/a</a></p>'
        "<p>Points: 1234</p><p>Continue reading…</p>"
    )
    assert clean_text(markup) == "Roku plans to lay off an additional 200 employees."


def test_summaries_leave_credits_and_footers_out() -> None:
    raw = RawItem(
        guid="g", title="Lyft to lay off 13 percent of its workforce", link="https://x/l",
        summary_html="Illustration by Alex Castro / The Verge Lyft is laying off 13 percent of "
        "its workforce in the second round of major cuts. The post Lyft cuts 13 percent appeared "
        "first on The Verge.",
    )  # fmt: skip
    article = prepare_article(raw, fetched_at=T0)
    summary = ExtractiveSummarizer().summarize(article)
    assert summary.startswith("Lyft is laying off 13 percent"), summary
    assert "Verge" not in summary and "appeared first" not in summary, summary


def test_hand_listed_keys_cover_the_derived_ones() -> None:
    # A line holding none of the keys (in lower case) is not searched: each rule's derived
    # keys must hold a listed one. _CREDIT_BRACKETS is searched in lines ending in ")".
    rules = [v for k, v in vars(feed_boilerplate).items() if k.isupper() and hasattr(v, "sub")]
    assert len(rules) == 9
    for rule in rules:
        if rule is feed_boilerplate._CREDIT_BRACKETS:
            continue
        derived = keys(rule)
        listed = feed_boilerplate._KEYS
        assert derived and all(any(k in d for k in listed) for d in derived), rule.pattern
