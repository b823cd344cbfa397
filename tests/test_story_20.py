"""Story clustering on real coverage (issue 16, session 20): what aggregators add around an
item is not its words, and one event's coverage reworded by outlets. Each rule is checked
on both sides: what it joins, and what it still keeps apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, match_story
from bot.story_openings import opening
from bot.text import clean_text

T0 = datetime(2026, 1, 8, 12, tzinfo=UTC)
REDDIT = (
    "submitted by /u/{}<br/> <span><a href='https://x'>[link]</a></span> <span>[comments]</span>"
)


def art(title: str, text: str = "", when: datetime = T0) -> Article:
    return Article(title=title, text=text, link=f"https://x/{title}", published=when)


def story(article: Article, tags: Tags) -> StoryCandidate:
    return StoryCandidate(
        1, "s", article.title, tags, article.published, (article.title,), ("",),
        frozenset(), None, 1, (opening(article.text),),
    )  # fmt: skip


def test_reddits_footer_is_not_a_posts_words() -> None:
    assert clean_text(REDDIT.format("dheber")) == ""
    text = clean_text("Yes, I will take some fries.<br/><br/>" + REDDIT.format("NotAnOwl_"))
    assert text == "Yes, I will take some fries."
    # Cut short by the feed: the submitter's name in part.
    assert clean_text("Search and compare.\n\nsubmitted by /u/Buildw") == "Search and compare."
    # The words in a sentence stay.
    kept = "The post was submitted by /u/someone to the forum and got [comments] quickly."
    assert clean_text(kept) == kept


def test_two_reddit_posts_of_the_same_days_sharing_only_the_footer_are_two_stories() -> None:
    analysis, other = Tags(kind=Kind.ANALYSIS), Tags(kind=Kind.OTHER)
    ice = art(
        "ICE agent was not in the vehicle's path when he fired at driver, video shows",
        clean_text(REDDIT.format("dheber")),
    )
    agents = art(
        "The simplest way to build AI agents in 2026",
        clean_text(REDDIT.format("Minute-Conference-33")),
        T0 + timedelta(days=1),
    )
    assert match_story(agents, analysis, [story(ice, other)]) is None
