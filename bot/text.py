"""Turning feed markup into clean article text the summarizer and tagger can trust.

Feeds ship HTML fragments, plain text with blank-line paragraphs, or whole captured pages
with their furniture (cookie banners, share bars, comment forms, "related" lists). Every
later judgement reads sentences, so paragraph and sentence boundaries are kept and the
furniture is removed here, once. Markup to text is bot.html_text's job and the language
bot.language's; callers import those from there.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime

from bot.feed_boilerplate import strip_boilerplate
from bot.html_text import BLANK_LINES, INLINE_SPACE, html_to_text, strip_invisible, strip_tags
from bot.ignorecase import any_key, lower_is_ignorecase
from bot.models import Article, RawItem
from bot.regex_free import only

__all__ = [
    "clean_text",
    "clean_title",
    "fold_accents",
    "is_furniture",
    "prepare_article",
    "split_publisher",
    "split_sentences",
    "strip_furniture",
]

# A line at which the article is over: everything after it is page furniture.
_END_MARKERS = re.compile(
    r"^(?:leave a (?:reply|comment)|comments?(?: \(\d+\))?:?|\d+ comments?|related(?: stories| "
    r"coverage| articles| posts| content| news)?:?|read more:?|more like this|you may also like|"
    r"you might also like|recommended(?: for you| stories)?|most (?:read|popular|viewed)|popular|"
    r"more from .{0,40}|more in .{0,40}|like this article\??|insights from the community|"
    r"others also viewed|explore topics|about the author:?.*|share post:?|sign up for .{0,60}|"
    r"trending(?: now)?|latest (?:news|stories)|also read:?|see also:?|further reading:?|"
    r"comments are closed\.?|this article is for informational purposes only\.?|"
    r"view full coverage(?: on google news)?)$",
    re.IGNORECASE,
)

# A single line that is furniture wherever it appears: `_furniture_line`. The rule is one
# alternation; split in two, as searching it whole tried every alternative at every
# position of every line (~4% of the judgement): what may start only the line (matched
# there once) and what may be anywhere (searched only when the line holds one of its words).
_FURNITURE_START = re.compile(
    r"(?:^\(c\)|^©|^advertisement$|^ad$|"
    r"^sponsored|^share(?: this article)?\b|^\[?share\]?|"
    r"^(?:tags|topics|filed under|categories)\s*:|"
    r"^by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,.*)?$|^published\b|^updated\b|^date:?$|"
    r"^\d+ min(?:ute)? read$|^(?:facebook|twitter|x|linkedin|whatsapp|telegram|"
    r"email|print|copy link|save)$|^#\w+(?:\s+#\w+)+$|^home\s*[|>]|^\W+$|"
    r"^related(?: stories| coverage| articles| posts| content| news| reading)?\s*:|"
    r"^continue reading\b|^view full coverage\b)",
    re.IGNORECASE,
)
_FURNITURE_ANYWHERE = re.compile(
    r"(?:cookie|privacy policy|terms of (?:use|service)|all rights reserved|"
    r"please enter your|sign in\b|log in to|subscribe\b|newsletters?\b|"
    r"\[(?:accept|decline|ok|subscribe|share|email|print|post comment)[^\]]*\]|"
    r"\bmin read$|save my name, email|community guidelines|delivered to your inbox)",
    re.IGNORECASE,
)
# Words one of which every _FURNITURE_ANYWHERE match holds (tests/test_text.py checks them
# against bot.tagging.prefilter's derivation): IGNORECASE is str.lower (bot.ignorecase).
_ANYWHERE_KEYS = (
    "accept", "all rights reserved", "community guidelines", "cookie", "decline",
    "delivered to your inbox", "email", "log in to", "min read", "newsletter", "ok",
    "please enter your", "post comment", "print", "privacy policy", "save my name, email",
    "share", "sign in", "subscribe", "terms of ",
)  # fmt: skip
_HOLDS_ANYWHERE_KEY = any_key(_ANYWHERE_KEYS)


def fold_accents(text: str) -> str:
    """'São Paulo' -> 'Sao Paulo', 'Ｔｉｋ' -> 'Tik': NFKD (compatibility forms too), then every
    combining mark dropped. Case is kept: callers lower or casefold as they need. The one
    accent fold of the bot (company keys, names' sort order, employer forms, city names)."""
    if text.isascii():  # NFKD leaves ASCII as it is, and no ASCII character combines
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _furniture_line(line: str) -> bool:
    """Whether the line matches the furniture rule (one alternation, split in two)."""
    if _FURNITURE_START.match(line):
        return True
    if lower_is_ignorecase(line):  # accents and curly quotes too (bot.ignorecase)
        low = line.lower()
        if not _HOLDS_ANYWHERE_KEY(low):
            return False
    return _FURNITURE_ANYWHERE.search(line) is not None


# Long banners that read like prose but are not the story.
_BANNER = re.compile(
    r"(?:we use cookies|use of cookies|cookie (?:policy|settings|notice)|by continuing to browse|"
    r"we value your privacy|subscribe to (?:our|the)|sign up for our|please enter your)",
    re.IGNORECASE,
)
# Words one of which every _BANNER match holds (tests/test_prefilter.py checks them against
# bot.tagging.prefilter's derivation): a long line holding none of them is not searched.
_BANNER_KEYS = (
    "by continuing to browse", "cookie ", "please enter your", "sign up for our",
    "subscribe to ", "use of cookies", "we use cookies", "we value your privacy",
)  # fmt: skip
_HOLDS_BANNER_KEY = any_key(_BANNER_KEYS)
_MENU_SEP = re.compile(r"\s[|>]\s")
_DATELINE = re.compile(
    r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8},? \d{4}|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .{0,30}\d{4}).{0,40}$"
)

_ABBREVIATIONS = [
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Sr",
    "Jr",
    "St",
    "Mt",
    "Inc",
    "Ltd",
    "Corp",
    "Co",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "vs",
    "etc",
    "No",
    "approx",
    "Gov",
    "Sen",
    "Rep",
    "Gen",
    "Lt",
    "Col",
    "U.S",
    "U.K",
    "U.N",
    "E.U",
]
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV_TAIL = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")|\b[A-Z])\.$"
)

_PUBLISHER_SEP = re.compile(r"\s+[-–—|]\s+(?=[^-–—|]+$)")
_DOMAIN = re.compile(r"\.(?:com|org|net|co|io|news|info|in|uk|au|ca|de|st)\b", re.IGNORECASE)
_TITLE_PREFIX = re.compile(
    r"^(?:(?:UPDATE|REFILE|CORRECTED|WRAPUP|RPT)(?:\s+\d+)?\s*-\s*|(?:BREAKING|EXCLUSIVE)\s*:\s*)+",
    re.IGNORECASE,
)
_LOWER_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs",
        "via",
        "de",
        "la",
        "le",
        "du",
        "der",
        "und",
    ]
)


def _is_menu(line: str) -> bool:
    """Navigation bars: several short items joined by pipes or chevrons."""
    parts = _MENU_SEP.split(line)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def _banner(line: str) -> bool:
    """`_BANNER.search(line)`, as a truth: a paragraph is searched (at every position) only
    when it holds one of the rule's words (in lower case: IGNORECASE, bot.ignorecase)."""
    if lower_is_ignorecase(line):
        low = line.lower()
        if not _HOLDS_BANNER_KEY(low):
            return False
    return _BANNER.search(line) is not None


def is_furniture(line: str) -> bool:
    """A line that belongs to the page, not the story (share bars, banners, bylines...)."""
    stripped = line.strip()
    if not stripped:
        return True
    if len(stripped) > 200 and _is_prose(stripped):
        return _banner(stripped)
    if _furniture_line(stripped) or _is_menu(stripped) or _DATELINE.match(stripped):
        return True
    return len(stripped) < 12 and not stripped.endswith((".", "!", "?"))


def strip_furniture(text: str) -> str:
    """Drop furniture lines and cut the trailing 'related / comments' block of a page.

    Short heading-like lines are dropped too: they are section titles or menus, and a
    summary must be built from full sentences only. What a feed adds to every item
    (aggregators' link lines, syndication footers, photo credits) is cut from each line
    first: bot.feed_boilerplate.
    """
    kept: list[str] = []
    prose_seen = False
    for raw_line in text.split("\n"):
        line = strip_boilerplate(raw_line.strip())  # (bot.feed_boilerplate)
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if prose_seen and _END_MARKERS.match(line.rstrip(" :")):
            break
        if _END_MARKERS.match(line) and not prose_seen:
            continue
        if is_furniture(line):
            continue
        kept.append(line)
        prose_seen = prose_seen or _is_prose(line)
    return BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()


_STOP_MARK = re.compile(r"[.!?]")


def _is_prose(line: str) -> bool:
    return len(line) >= 80 and bool(_STOP_MARK.search(line))


def clean_text(markup: str) -> str:
    """html_to_text then strip_furniture: what every consumer of feed text wants."""
    return strip_furniture(html_to_text(markup))


# 'the studio behind Destroy All Humans! 1 and 2 remakes': a '!' ending a capitalised title,
# with a number and a lowercase word after it, is part of the title, not a sentence's end.
_TITLE_BANG = re.compile(r"(?:[A-Z][\w'’-]*\s+)+[A-Z][\w'’-]*!$")
_NUMBER_THEN_LOWER = re.compile(r"\d+(?:\s+(?:and|or|&)\s+\d+)?\s+[a-z]")


def _titled_bang(para: str, start: int, end: int, match: re.Match[str]) -> bool:
    return (
        para[end - 1 : end] == "!"
        and _NUMBER_THEN_LOWER.match(para, match.end()) is not None
        and _TITLE_BANG.search(para, max(start, end - 80), end) is not None
    )


# A feed's text is untrusted: one run of 200 KB without a sentence end ('U.S. U.S. ...',
# 'layoff layoff ...') cost the tagger minutes per item, on rules that look back over the
# sentence for each hit, and the poll of every feed waited. A sentence longer than this
# (real ones stay under 500 characters) is cut at spaces into pieces of at most this.
MAX_SENTENCE = 1000
_CLOSERS = "\"'”’)]"


def _abbreviation_ends(para: str, start: int, end: int) -> bool:
    """para[start:end] ends in an abbreviation ('U.S.', 'Inc.') or an initial, closing
    quotes aside. Read by index, near the end only: slicing the sentence so far for each
    candidate end made a run of abbreviations quadratic."""
    while end > start and para[end - 1] in _CLOSERS:
        end -= 1
    return _ABBREV_TAIL.search(para, max(start, end - 12), end) is not None


# "Bros." ends a sentence ("... sold to Warner Bros. It ...") except inside a name that
# goes on: "Warner Bros. Discovery to cut 1,000 jobs" was split after "Bros." and the
# employer lost (listing "Bros" as an abbreviation joined real sentence ends instead).
_BROS_NAME_GOES_ON = re.compile(
    r"(?:Discovery|Pictures|Games|Entertainment|Television|Studios|Animation|Interactive)\b"
)


def _name_goes_on(para: str, end: int, after: int) -> bool:
    return para.endswith("Bros.", 0, end) and _BROS_NAME_GOES_ON.match(para, after) is not None


def _capped(sentence: str) -> list[str]:
    """The sentence, or its pieces of at most MAX_SENTENCE characters, cut at spaces."""
    pieces: list[str] = []
    while len(sentence) > MAX_SENTENCE:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE + 1)
        cut = cut if cut > 0 else MAX_SENTENCE
        pieces.append(sentence[:cut].rstrip())
        sentence = sentence[cut:].lstrip()
    if sentence:
        pieces.append(sentence)
    return pieces


def split_sentences(text: str) -> list[str]:
    """Sentences in order; paragraph breaks always end a sentence.

    Abbreviations ('U.S.', 'Inc.', 'Jan.') and initials do not end one, so a sentence that
    names an employer stays whole (up to MAX_SENTENCE characters).
    """
    out: list[str] = []
    for para in BLANK_LINES.split(text or ""):
        para = INLINE_SPACE.sub(" ", para.replace("\n", " ")).strip()
        if not para:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(para):
            end = match.start() + len(match.group(1))
            while end > start and para[end - 1].isspace():
                end -= 1
            if _abbreviation_ends(para, start, end) or _titled_bang(para, start, end, match):
                continue
            if _name_goes_on(para, end, match.end()):
                continue
            if end > start:
                out.extend(_capped(para[start:end]))
            start = match.end()
        tail = para[start:].strip()
        if tail:
            out.extend(_capped(tail))
    return out


def clean_title(title: str) -> str:
    """Unescaped, tag-free, single-spaced title without wire prefixes ('UPDATE 1-')."""
    text = strip_invisible(html.unescape(strip_tags(title or "")))
    text = INLINE_SPACE.sub(" ", text.replace("\n", " ")).strip()
    return _TITLE_PREFIX.sub("", text).strip()


def _norm_name(name: str) -> str:
    return only(name.lower())


def _looks_like_publisher(tail: str) -> bool:
    """' - Yet' is part of a headline, ' - HR Katha' is a publisher: judge by its shape."""
    words = tail.split()
    if not words or len(words) > 7 or len(tail) > 60 or tail.endswith(("?", "!")):
        return False
    if _DOMAIN.search(tail):
        return True
    first = words[0]
    if not (first[0].isupper() or first[0].isdigit()):
        return False
    return all(
        w[0].isupper() or w[0].isdigit() or not w[0].isalpha() or w.lower() in _LOWER_FUNCTION_WORDS
        for w in words
    )


_SEP_BEFORE_END = re.compile(r"\s+[-–—|]\s*$")
_DASH_SEP = re.compile(r"\s+[-–—]\s+(?=[^-–—]+$)")
_PIPE_SEP = re.compile(r"\s+\|\s+")


def _strip_named_suffix(text: str, name: str) -> str | None:
    """`text` without a trailing ' - {name}' (or ' | ', ' – ', ' — '), else None.

    The name is compared whole, case- and space-insensitively, so publishers that contain
    separators themselves ('Information Age | ACS', 'Straight Arrow News - SAN') come off
    in one piece.
    """
    want = INLINE_SPACE.sub(" ", name).strip()
    if not want or len(want) >= len(text):
        return None
    tail = text[-len(want) :]
    if tail.lower() != want.lower():
        return None
    sep = _SEP_BEFORE_END.search(text[: -len(want)])
    if sep is None or sep.start() == 0:
        return None
    return text[: sep.start()].strip()


def _shaped_suffix(text: str) -> tuple[str, str] | None:
    """(headline, publisher) judged by shape: Google News joins them with ' - '.

    The publisher is what follows the last dash separator; it may carry a ' | Site' part
    of its own. Feeds without a dash use ' | Site'.
    """
    match = _DASH_SEP.search(text)
    if match is not None:
        head, tail = text[: match.start()].strip(), text[match.end() :].strip()
        parts = _PIPE_SEP.split(tail)
        if len(head.split()) >= 3 and all(_looks_like_publisher(p) for p in parts):
            return head, tail
        if len(parts) == 1:
            return None
    match = _PUBLISHER_SEP.search(text)
    if match is None:
        return None
    head, tail = text[: match.start()].strip(), text[match.end() :].strip()
    if len(head.split()) >= 3 and _looks_like_publisher(tail):
        return head, tail
    return None


def split_publisher(
    title: str, source: str | None, *, author: str | None = None
) -> tuple[str, str | None]:
    """Split Google News' trailing ' - Publisher' off a headline.

    A known source (or a feed author the title ends with, as aggregators put the publisher
    in dc:creator) is stripped exactly; without one the suffix is removed only when it is
    shaped like a publisher name and the headline left is still a headline.
    """
    text = clean_title(title)
    source = strip_invisible(source) if source else None
    author = strip_invisible(author) if author else None
    src = source.strip() if source and source.strip() else None
    for name in (src, author):
        if name:
            head = _strip_named_suffix(text, name)
            if head:
                return head, name.strip()
    if src is not None:
        match = _PUBLISHER_SEP.search(text)
        if match is not None:
            head, tail = text[: match.start()].strip(), text[match.end() :].strip()
            folded_src, folded_tail = _norm_name(src), _norm_name(tail)
            if folded_src and (
                folded_tail.startswith(folded_src)
                or (len(folded_tail) >= 6 and folded_src.startswith(folded_tail))
            ):
                return head, src
        return text, src
    shaped = _shaped_suffix(text)
    if shaped is not None:
        return shaped
    return text, None


def _dedupe(summary: str, content: str) -> str:
    """Content usually repeats the summary; keep it once so sentences are not double-counted."""
    if not summary:
        return content
    if not content:
        return summary
    key = _norm_name(summary)[:200]
    if key and key in _norm_name(content):
        return content
    return summary + "\n\n" + content


def _drop_repeated_title(text: str, title: str) -> str:
    """Captured pages repeat the headline (often twice) above the body."""
    norm_title = _norm_name(title)
    lines = [ln for ln in text.split("\n") if not (ln.strip() and _norm_name(ln) == norm_title)]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _drop_publisher_tail(text: str, publisher: str) -> str:
    """Headline-only feeds end their description with the outlet ('... restructuring HR
    Katha'); when the markup did not mark it, the known publisher name is cut off here."""
    want = INLINE_SPACE.sub(" ", publisher).strip()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        if len(stripped) > len(want) and stripped.lower().endswith(want.lower()):
            head = stripped[: -len(want)]
            if head.endswith((" ", "\u00a0", "-", "–", "—", "|")):
                lines[i] = head.rstrip(" \u00a0-–—|")
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def prepare_article(raw: RawItem, *, fetched_at: datetime) -> Article:
    """Everything the summarizer and tagger read: title without publisher, clean text, UTC.

    The publisher comes from the feed (or the title suffix) and is kept apart so that it is
    never mistaken for the employer.
    """
    return article_of(raw, cleaned(raw), fetched_at=fetched_at)


Cleaned = tuple[str, str, str | None]


def cleaned(raw: RawItem) -> Cleaned:
    """The article's headline, text and publisher: what `prepare_article` reads of the
    item's title, summary, content, source and author (and nothing else)."""
    title, publisher = split_publisher(raw.title or "", raw.source, author=raw.author)
    summary = clean_text(raw.summary_html or "")
    content = clean_text(raw.content_html or "")
    text = _dedupe(summary, content)
    if publisher:
        text = _drop_publisher_tail(text, publisher)
    if not title:
        title = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")[:200]
    text = _drop_repeated_title(text, title)
    return title or summary[:120] or "(untitled)", text, publisher


def article_of(raw: RawItem, parts: Cleaned, *, fetched_at: datetime) -> Article:
    """`prepare_article` of the item whose `cleaned` parts are `parts`."""
    published = raw.published or fetched_at
    published = (
        published.replace(tzinfo=UTC) if published.tzinfo is None else published.astimezone(UTC)
    )
    title, text, publisher = parts
    return Article(
        title=title, text=text, link=raw.link or raw.guid, published=published, publisher=publisher
    )
