"""The digest's commentary section shows AI commentary whose headline or lead makes work its
subject (issue 16, session 20). On ten days of a real stream the tagger filed ~30 items a
day as AI commentary and nine in ten named a work word only in passing (AI how-tos, papers,
products); the section shows the latest five, so it showed AI news, not AI and work. The
tags are unchanged: the stricter test is the digest's choice of what to show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.digests import run_due_digests
from bot.models import Kind
from bot.outbox import Dispatcher
from bot.render import to_text
from bot.store import Store
from bot.tagging.work_subject import story_about_ai_and_work
from tests.conftest_social import Clock, FakeAdapter
from tests.test_digests import DAY, _enable

ABOUT_WORK = (
    ("AI is coming for entry-level jobs, economists warn", "Economists say AI will replace "
     "many entry-level white-collar roles by 2030."),
    ("Will AI take your job? What a new survey of workers says", "Half of workers fear AI."),
    ("Why can't Dutch harbours get automated?", "Officials say harbours struggle to add "
     "robots in the face of organised labour."),
)  # fmt: skip
AI_NEWS = (
    ("How does an AI chatbot actually work?", "I keep reading that chatbots only repeat "
     "their training data. Can anyone explain?"),
    ("I built an AI CV builder that tailors your resume to every job", "It reads the job "
     "description and rewrites your resume in one click."),
    ("Graph memory architecture for AI agents", "Memory-augmented generation extends large "
     "language models with external memory."),
)  # fmt: skip


def test_a_story_is_about_ai_and_work_when_its_headline_or_lead_says_so() -> None:
    for headline, summary in ABOUT_WORK:
        assert story_about_ai_and_work(headline, summary), headline
    for headline, summary in AI_NEWS:
        assert not story_about_ai_and_work(headline, summary), headline


async def test_the_digest_shows_ai_commentary_about_work_not_ai_news(
    store: Store, make_story: Any
) -> None:
    await _enable(store)
    seen = DAY + timedelta(hours=3)
    make_story("Zentrix", headcount=300, first_seen=seen)  # one AI-driven action
    for n, (headline, summary) in enumerate(ABOUT_WORK + AI_NEWS):
        make_story(
            None,
            kind=Kind.ANALYSIS,
            title=headline,
            summary=summary,
            first_seen=seen + timedelta(minutes=n),
        )
    now = DAY + timedelta(hours=9, minutes=1)
    assert run_due_digests(store, now) == 1
    adapter = FakeAdapter()
    await Dispatcher(store, {"slack": adapter}, "w", Clock(now)).run_once()
    head = to_text(adapter.sent[0].message)
    assert "Analysis and commentary" in head and "the latest" not in head, head
    for headline, _ in ABOUT_WORK:
        assert headline in head, head
    for headline, _ in AI_NEWS:
        assert headline not in head, head
