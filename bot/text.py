"""Turning feed markup into clean article text the summarizer and tagger can trust.

Feeds ship HTML fragments, plain text with blank-line paragraphs, or whole captured pages
with their furniture (cookie banners, share bars, comment forms, "related" lists). Every
later judgement reads sentences, so paragraph and sentence boundaries are kept and the
furniture is removed here, once.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources

import lxml.html
from lxml import etree

from bot.models import Article, RawItem

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[^<>]*>")
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "aside",
        "nav",
        "main",
        "details",
        "summary",
        "hr",
    ]
)
_DROP_TAGS = ("script", "style", "noscript", "form", "nav", "footer", "aside", "iframe", "svg")
_INLINE_WS = re.compile(r"[ \t\u00a0\u2009\u200b\r\f\v]+")
# Invisible formatting characters a feed can use to spoof what a reader sees: the
# directional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the
# directional marks (U+200E, U+200F, U+061C), the joiners and non-joiners (U+200C, U+200D,
# U+2060, invisible operators U+2061-U+2064) and the BOM used as a zero-width no-break
# space (U+FEFF). A ZWJ inside an emoji sequence goes too: the emoji then shows as its
# parts, which is harmless.
_INVISIBLE = re.compile("[\u061c\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_BLANKS = re.compile(r"\n\s*\n+")
_SOURCE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")

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

# A single line that is furniture wherever it appears.
_FURNITURE_LINE = re.compile(
    r"(?:cookie|privacy policy|terms of (?:use|service)|all rights reserved|^\(c\)|^©|"
    r"please enter your|sign in\b|log in to|subscribe\b|newsletters?\b|^advertisement$|^ad$|"
    r"^sponsored|^share(?: this article)?\b|^\[?share\]?|\[(?:accept|decline|ok|subscribe|"
    r"share|email|print|post comment)[^\]]*\]|^(?:tags|topics|filed under|categories)\s*:|"
    r"^by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,.*)?$|^published\b|^updated\b|^date:?$|"
    r"^\d+ min(?:ute)? read$|\bmin read$|^(?:facebook|twitter|x|linkedin|whatsapp|telegram|"
    r"email|print|copy link|save)$|^#\w+(?:\s+#\w+)+$|^home\s*[|>]|save my name, email|"
    r"community guidelines|delivered to your inbox|^\W+$|"
    r"^related(?: stories| coverage| articles| posts| content| news| reading)?\s*:|"
    r"^continue reading\b|^view full coverage\b)",
    re.IGNORECASE,
)
# Long banners that read like prose but are not the story.
_BANNER = re.compile(
    r"(?:we use cookies|use of cookies|cookie (?:policy|settings|notice)|by continuing to browse|"
    r"we value your privacy|subscribe to (?:our|the)|sign up for our|please enter your)",
    re.IGNORECASE,
)
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


def _looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def _html_fragment_text(markup: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.unescape(_TAG.sub(" ", markup))
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    for font in list(root.iter("font")):
        if _is_publisher_label(font):
            font.drop_tree()
    for el in root.iter():
        # A line break in HTML source is a space; only tags make lines (and paragraphs).
        if el.tag != "pre":
            el.text = el.text and _SOURCE_BREAK.sub(" ", el.text)
        el.tail = el.tail and _SOURCE_BREAK.sub(" ", el.tail)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return str(root.text_content())


def _is_publisher_label(font: etree._Element) -> bool:
    """Google News puts the publisher in a `<font>` right after the headline's link
    (`<a ...>Headline</a>&nbsp;&nbsp;<font color="#6f6f6f">HR Katha</font>`): it is the
    outlet's name, never part of the story, and would end every summary."""
    previous = font.getprevious()
    if previous is None or previous.tag != "a":
        return False
    if (previous.tail or "").strip(" \t\n\u00a0"):
        return False
    label = (font.text_content() if hasattr(font, "text_content") else font.text) or ""
    return 0 < len(label.strip()) <= 80


def strip_invisible(text: str) -> str:
    """Drop bidi controls and invisible joiners (see `_INVISIBLE`): feed text reaches
    Slack and Discord, where a U+202E would reverse what follows it on screen."""
    return _INVISIBLE.sub("", text)


def _normalize_whitespace(text: str) -> str:
    text = strip_invisible(text)
    lines = [_INLINE_WS.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """Plain text with paragraphs separated by blank lines; plain-text input passes through.

    Feeds mix both: RSS descriptions are HTML fragments, while captured pages and
    content:encoded are often plain text whose blank lines are the only structure left.
    """
    if not markup or not markup.strip():
        return ""
    text = _html_fragment_text(markup) if _looks_like_html(markup) else html.unescape(markup)
    return _normalize_whitespace(text)


def _is_menu(line: str) -> bool:
    """Navigation bars: several short items joined by pipes or chevrons."""
    parts = _MENU_SEP.split(line)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def is_furniture(line: str) -> bool:
    """A line that belongs to the page, not the story (share bars, banners, bylines...)."""
    stripped = line.strip()
    if not stripped:
        return True
    if len(stripped) > 200 and _is_prose(stripped):
        return bool(_BANNER.search(stripped))
    if _FURNITURE_LINE.search(stripped) or _is_menu(stripped) or _DATELINE.match(stripped):
        return True
    return len(stripped) < 12 and not stripped.endswith((".", "!", "?"))


def strip_furniture(text: str) -> str:
    """Drop furniture lines and cut the trailing 'related / comments' block of a page.

    Short heading-like lines are dropped too: they are section titles or menus, and a
    summary must be built from full sentences only.
    """
    kept: list[str] = []
    prose_seen = False
    for raw_line in text.split("\n"):
        line = raw_line.strip()
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
    return _BLANKS.sub("\n\n", "\n".join(kept)).strip()


def _is_prose(line: str) -> bool:
    return len(line) >= 80 and bool(re.search(r"[.!?]", line))


def clean_text(markup: str) -> str:
    """html_to_text then strip_furniture: what every consumer of feed text wants."""
    return strip_furniture(html_to_text(markup))


def split_sentences(text: str) -> list[str]:
    """Sentences in order; paragraph breaks always end a sentence.

    Abbreviations ('U.S.', 'Inc.', 'Jan.') and initials do not end one, so a sentence that
    names an employer stays whole.
    """
    out: list[str] = []
    for para in _BLANKS.split(text or ""):
        para = _INLINE_WS.sub(" ", para.replace("\n", " ")).strip()
        if not para:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(para):
            piece = para[start : match.start() + len(match.group(1))].rstrip()
            if _ABBREV_TAIL.search(piece.rstrip("\"'”’)]")):
                continue
            if piece:
                out.append(piece)
            start = match.end()
        tail = para[start:].strip()
        if tail:
            out.append(tail)
    return out


def clean_title(title: str) -> str:
    """Unescaped, tag-free, single-spaced title without wire prefixes ('UPDATE 1-')."""
    text = strip_invisible(html.unescape(_TAG.sub(" ", title or "")))
    text = _INLINE_WS.sub(" ", text.replace("\n", " ")).strip()
    return _TITLE_PREFIX.sub("", text).strip()


def _norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


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
    want = _INLINE_WS.sub(" ", name).strip()
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
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _drop_publisher_tail(text: str, publisher: str) -> str:
    """Headline-only feeds end their description with the outlet ('... restructuring HR
    Katha'); when the markup did not mark it, the known publisher name is cut off here."""
    want = _INLINE_WS.sub(" ", publisher).strip()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        if len(stripped) > len(want) and stripped.lower().endswith(want.lower()):
            head = stripped[: -len(want)]
            if head.endswith((" ", "\u00a0", "-", "–", "—", "|")):
                lines[i] = head.rstrip(" \u00a0-–—|")
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def prepare_article(raw: RawItem, *, fetched_at: datetime) -> Article:
    """Everything the summarizer and tagger read: title without publisher, clean text, UTC.

    The publisher comes from the feed (or the title suffix) and is kept apart so that it is
    never mistaken for the employer.
    """
    title, publisher = split_publisher(raw.title or "", raw.source, author=raw.author)
    summary = clean_text(raw.summary_html or "")
    content = clean_text(raw.content_html or "")
    text = _dedupe(summary, content)
    if publisher:
        text = _drop_publisher_tail(text, publisher)
    if not title:
        title = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")[:200]
    text = _drop_repeated_title(text, title)
    published = raw.published or fetched_at
    published = (
        published.replace(tzinfo=UTC) if published.tzinfo is None else published.astimezone(UTC)
    )
    return Article(
        title=title or summary[:120] or "(untitled)",
        text=text,
        link=raw.link or raw.guid,
        published=published,
        publisher=publisher,
    )


# ---------------------------------------------------------------------------------------
# Language
# ---------------------------------------------------------------------------------------


# Function words that are frequent in each language and rare in English headlines. Words
# that are also English ("a", "die", "son", "come", "in", "over") or common in English
# names ("de", "la", "van", "von", "del") are left out of the others' lists, so an English
# headline about "Banco de Portugal" or "La Liga" stays English.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to in is for on with that by from at as are was has have be it its this "
        "will after over its their his her they you we not but or an who what how why new "
        "says said about more than into up out jobs job could would can may amid"
    ),
    "pt": _words(
        "não são também uma uns umas dos das nos nas pelo pela pelos pelas ao aos à às "
        "mais foi está estão ser ter tem têm é muito já seu sua seus suas quando sobre "
        "entre após até porque isso este esta esse essa pode vai será ainda como mas ou "
        "em do da no na que para com por os as um se diz contra governo anos"
    ),
    "es": _words(
        "el los las una unos unas del al es está están son fue ser por para con sin sobre "
        "entre pero más muy ya su sus cuando porque este esta estos estas ese esa puede "
        "será también hasta desde según tras lo le les se que en y ha han hay año años "
        "dice contra gobierno"
    ),
    "fr": _words(
        "le les des une du au aux est sont été être avoir pour avec sans sur dans par "
        "mais plus très déjà leur leurs quand parce cette ces qui que ne pas ou et "
        "il elle ils elles nous vous se sa ses son aussi après avant selon contre "
        "entre chez être fait ans"
    ),
    "de": _words(
        "der das und den dem des ein eine einen einem einer ist sind war wird werden "
        "nicht mit für auf von zu im bei nach aus auch sich noch nur wie über oder aber "
        "wenn als am vom zum zur dass gegen mehr schon jetzt jahre neue neuen"
    ),
    "it": _words(
        "il gli lo della delle dei degli del nel nella nei alla alle al dal dalla è sono "
        "stato essere non per con su tra fra più anche già suo sua quando perché questo "
        "questa che di da una uno ha hanno ma dopo contro anni governo"
    ),
    "nl": _words(
        "het een en van de is zijn was wordt worden niet met voor op bij naar uit ook "
        "nog maar wel als dat deze dit er om tot over door tegen meer jaar nieuwe"
    ),
    "sk": _words(
        "je sa na že ako pre aj ale do od po pri by bol bola boli sú ktorý ktorá ktoré "
        "už len ešte tak alebo keď zo so vo sme"
    ),
    "cs": _words(
        "je se na že jako pro ale do od po při by byl byla byli jsou který která které "
        "už jen ještě tak nebo když ze se ve jsme"
    ),
    "pl": _words(
        "się nie na że jak dla ale do od po przy był była były są który która które "
        "już tylko jeszcze tak lub gdy ze we jest oraz roku"
    ),
    "sv": _words(
        "och att det som är för på med av till den har inte om ett de var sig från "
        "men eller när också efter"
    ),
    "da": _words(
        "og at det som er for på med af til den har ikke om et de var sig fra men "
        "eller når også efter"
    ),
}


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English dictionary (bot/data/english_words.txt, lower case), loaded once."""
    text = resources.files("bot").joinpath("data/english_words.txt").read_text(encoding="utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


@lru_cache(maxsize=1)
def _foreign_stop_words() -> dict[str, frozenset[str]]:
    """Each language's function words less any English word: only those are evidence."""
    english = english_words() | _STOP_WORDS["en"]
    shared = _words("de la le van von del die da dos son come tan pan art")
    return {c: w - english - shared for c, w in _STOP_WORDS.items() if c != "en"}


# Scripts that name their language (or a family the tagger does not read either way).
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("\u0400-\u04ff", "ru"),
    ("\u0370-\u03ff", "el"),
    ("\u0590-\u05ff", "he"),
    ("\u0600-\u06ff", "ar"),
    ("\u0900-\u097f", "hi"),
    ("\u0e00-\u0e7f", "th"),
    ("\u3040-\u30ff", "ja"),
    ("\uac00-\ud7af", "ko"),
    ("\u4e00-\u9fff", "zh"),
)
_SCRIPT_RES = tuple((re.compile(f"[{chars}]"), code) for chars, code in _SCRIPTS)
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language, "en" unless another is clearly shown.

    Offline and small on purpose: a non-Latin script decides by itself; Latin text is
    judged by function words, which short headlines still carry ("Mãe de utente é a nova
    presidente da ..."). English wins ties and weak evidence, because marking an English
    item foreign drops it from the digest, while a foreign item taken for English is only
    tagged badly.
    """
    letters = _LETTER.findall(text)
    if not letters:
        return "en"
    # Every script below starts at U+0370: Latin-only text (nearly all items) skips the
    # per-letter count, which was a seventh of the time it takes to ingest an item.
    non_latin = [c for c in letters if c >= "\u0370"] if max(letters) >= "\u0370" else []
    for regex, code in _SCRIPT_RES if non_latin else ():
        share = sum(1 for c in non_latin if regex.match(c)) / len(letters)
        if share > 0.3:
            if code == "ru" and re.search("[іїєґ]", text, re.I):
                return "uk"
            if code == "zh" and re.search("[\u3040-\u30ff]", text):
                return "ja"
            return code
    raw = _WORDS.findall(text)
    words = [w.lower().replace("’", "'") for w in raw]
    if not words:
        return "en"
    english = sum(1 for w in words if w in _STOP_WORDS["en"])
    best, best_hits = "en", 0
    for code, stop in _foreign_stop_words().items():
        hits = sum(1 for w in words if w in stop)
        if hits > best_hits:
            best, best_hits = code, hits
    if best_hits == 0 or best_hits <= english:
        return "en"
    if best_hits >= 2 and best_hits > 2 * english and best_hits >= 0.15 * len(words):
        return best
    # Short headlines: few function words, but their ordinary (lower-case) words are
    # not English ones. Capitalised words are left out, as names are in no dictionary.
    vocabulary = english_words()
    plain = [w for w, r in zip(words, raw, strict=True) if r[0].islower() and len(w) > 1]
    if len(plain) >= 3:
        foreign = sum(1 for w in plain if w not in vocabulary and w not in _STOP_WORDS["en"])
        if foreign / len(plain) >= 0.6:
            return best
    return "en"
