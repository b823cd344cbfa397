"""The real ingest pipeline as the tests build it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.models import Story
from bot.pipeline import Pipeline
from bot.store import Store
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger


def rule_pipeline(
    store: Store, on_new_stories: Callable[[list[Story]], None] | None = None, **options: Any
) -> Pipeline:
    """The pipeline on `store` with the extractive summarizer and the rule tagger,
    announcing news of any age (test feeds carry old dates); `options` are Pipeline's."""
    return Pipeline(
        store,
        ExtractiveSummarizer(),
        RuleTagger(),
        on_new_stories=on_new_stories,
        announce_max_age=None,
        **options,
    )
