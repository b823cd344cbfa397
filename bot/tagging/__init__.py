"""Rule-based tagger: the spec's judgement (shared/spec/tagging.md) from words alone.

Works on headline-only items (Google News) and on full articles. The headline and the
first few sentences (the "lead") carry the news; later paragraphs of a long page are
background, so they are consulted only for job functions stated next to the cuts.
Everything is decided from sentence structure, never from a list of expected stories:
employers no list knows are found as the subject of the action verb.

One module per extractor, run in this order by `tagger.RuleTagger`:
`language` (is it English?), `kind` (action, commentary or other, with the acting
`companies`), `ai_cause`, `headcount` (which stated number, if any, is the acting employer's
own cut; `quantities` finds the numbers), `functions`, `location`. `document` is the item as
they read it, `actions` the action phrases, `names` capitalised name runs, `lexicon` and
`vocabulary` (bot/data/tagging.json) the words, `cancellations` a cancelled game as the news.
"""

from __future__ import annotations

from bot.tagging.document import LEAD_SENTENCES
from bot.tagging.language import HANDLED_LANGUAGE, language_of
from bot.tagging.quantities import parse_number
from bot.tagging.tagger import (
    RuleTagger,
    acting_employers,
    employers,
    has_quantity,
    mentions_ai,
    states_action,
)

__all__ = [
    "HANDLED_LANGUAGE",
    "LEAD_SENTENCES",
    "RuleTagger",
    "acting_employers",
    "employers",
    "has_quantity",
    "language_of",
    "mentions_ai",
    "parse_number",
    "states_action",
]
