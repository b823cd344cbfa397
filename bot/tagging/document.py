"""The item as the rules read it: headline, lead sentences, body, Title Case or not."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Article
from bot.tagging.country_bodies import listed_case
from bot.text import split_sentences

LEAD_SENTENCES = 4
# Wire-service slugs before a headline ('UPDATE 2-', 'EXCLUSIVE-'): not part of any name.
_WIRE_PREFIX = re.compile(
    r"^(?:UPDATE|REFILE|CORRECTED|RPT|WRAPUP|EXCLUSIVE|BREAKING|BUZZ)(?:\s*\d+)?\s*-\s*"
)


@dataclass(frozen=True)
class _Doc:
    title: str
    lead: tuple[str, ...]
    body: tuple[str, ...]
    title_case: bool
    publisher: str | None


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _is_title_case(title: str) -> bool:
    words: list[str] = [w for w in _TITLE_WORD.findall(title) if len(w) > 3]
    if len(words) < 3:
        return False
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals / len(words) > 0.7


def _prose(sentence: str) -> bool:
    return len(sentence.split()) >= 6 and (
        sentence[-1:] in ".!?\"'”’)" or len(sentence) > 120 or _unpunctuated_prose(sentence)
    )


# A feed's description often ends without a full stop ('Telecoms group plans to axe as many
# as 55,000 roles, including third-party contractors'): prose all the same when most of its
# words are lower-case ones and it carries no links or read-more furniture.
_FURNITURE = re.compile(r"https?://|www\.|\b(?:Comments URL|Read more|Continue reading)\b", re.I)


def _unpunctuated_prose(sentence: str) -> bool:
    words = sentence.split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(words) >= 8 and lower >= 0.6 * len(words) and not _FURNITURE.search(sentence)


@lru_cache(maxsize=256)
def sentences_of(text: str) -> tuple[str, ...]:
    """`split_sentences(text)`, split once for both the tagger and the summary."""
    return tuple(split_sentences(text))


# Spellings the rules read in one form: 'work force' (older US style) is the workforce, and
# '10pc' (UK press) is 10%.
_WORK_FORCE = re.compile(r"\b([Ww])ork[ -]force\b")
_PC = re.compile(r"(?<=\d)\s?pc\b")
# 'Facebook-owner Meta', 'TikTok-parent ByteDance': a brand joined to the descriptor that
# introduces the name after it reads as 'Facebook owner Meta', whose name the rules know to
# take (the owner acts), known or not; joined, the compound ran into one name.
_OWNER_COMPOUND = re.compile(r"(?<=[\w.])-((?i:owner|parent))(?=\s+[A-Z0-9])")
# A word a title keeps in angle brackets ('700 <engineering> roles', not HTML: see
# bot/html_text.strip_tags) reads as the word.
_BRACKETED_WORDS = re.compile(r"<([A-Za-z][\w .&'-]{0,40})>")


# An entity left by a feed that escaped its text twice ('company&#8217;s', '&quot;'): the
# character it stands for.
_ENTITY = re.compile(r"&(?:#\d{2,5}|#x[0-9a-fA-F]{2,4}|[a-zA-Z]{2,8});")


# A stock ticker after a name ('Wolfspeed (NYSE: WOLF)', 'Vimeo (VMEO)') is no second name
# and its colon no section break; an initialism ('National Public Radio (NPR)') stays.
_TICKER = re.compile(
    r"(?<=[\w.])\s*\((?P<exchange>(?:NYSE(?: American)?|NASDAQ|Nasdaq|NasdaqGS|NasdaqGM|AMEX|"
    r"LSE|LON|TSX|TSXV|ASX|NSE|BSE|OTC(?:QX|QB|PK)?|ETR|FRA|HKEX|HKG|SGX|KRX|TYO|EPA|AMS|SIX)"
    r"\s*:\s*)?(?P<symbol>[A-Z]{2,5}(?:[.-][A-Z]{1,2})?)"
    r"(?:\s*[,;/]\s*(?:[A-Za-z]+\s*:\s*)?[A-Z]{1,5}(?:[.-][A-Z]{1,2})?)*\)"
)
_NOT_TICKERS = frozenset(["AI", "CEO", "UK", "US", "USA", "EU", "HR", "IT", "PR", "QA", "TV"])


def _without_ticker(m: re.Match[str]) -> str:
    symbol = m.group("symbol")
    if m.group("exchange"):
        return ""
    words = re.findall(r"[A-Za-z][\w&'’-]*", m.string[max(0, m.start() - 80) : m.start()])
    initials = "".join(w[0] for w in words if w[0].isupper()).upper()
    if symbol in _NOT_TICKERS or initials.endswith(symbol.upper()):
        return m.group()
    return ""


def _plain(text: str) -> str:
    if "(" in text:
        text = _TICKER.sub(_without_ticker, text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    if "<" in text:
        text = _BRACKETED_WORDS.sub(r"\1", text)
    if "ork" in text:
        text = _WORK_FORCE.sub(r"\1orkforce", text)
    if "wner " in text or "arent " in text:  # the compound's words, before any regex
        text = _OWNER_COMPOUND.sub(r" \1", text)
    return _PC.sub("%", text) if "pc" in text else text


@lru_cache(maxsize=256)
def _document(article: Article) -> _Doc:
    sentences = [_plain(s) for s in sentences_of(article.text) if _prose(s)]
    return _Doc(
        title=listed_case(_plain(_WIRE_PREFIX.sub("", article.title.strip()))),
        lead=tuple(sentences[:LEAD_SENTENCES]),
        body=tuple(sentences),
        title_case=_is_title_case(article.title),
        publisher=article.publisher,
    )
