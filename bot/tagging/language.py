"""The item's language: the rules read English; other items are told apart, not guessed at."""

from __future__ import annotations

from bot.language import detect_language
from bot.models import Article
from bot.tagging.companies import _gazetteer_names
from bot.tagging.document import _Doc

# The language the rules are written for; items in any other are kind other.
HANDLED_LANGUAGE = "en"
# How much of an item's text is read to tell its language.
_LANGUAGE_SAMPLE = 1500


def language_of(article: Article) -> str:
    """ISO 639-1 code of the item's language, from its headline and first paragraphs."""
    return detect_language(f"{article.title}\n{article.text[:_LANGUAGE_SAMPLE]}")


def _foreign_companies(doc: _Doc) -> tuple[str, ...]:
    """Only listed companies: in a language the rules do not read, capitals prove nothing."""
    names = [
        n for n in _gazetteer_names(doc.title, title_case=doc.title_case) if n != doc.publisher
    ]
    return tuple(dict.fromkeys(names))[:4]
