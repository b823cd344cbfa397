"""Feed markup to plain text: the one HTML-to-text of the bot, for feed titles and bodies.

Feeds ship HTML fragments or plain text with blank-line paragraphs, often in the same
field. Every later judgement reads sentences, so block tags become paragraph breaks here
and line breaks of the HTML source do not. The feed parser (feeds/) uses `plain_line` for
titles, so a title and a body that carry the same markup read the same.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from bot.ignorecase import any_key

if TYPE_CHECKING:
    import lxml.html
    from lxml import etree

__all__ = [
    "BLANK_LINES",
    "INLINE_SPACE",
    "html_to_text",
    "plain_line",
    "strip_tags",
    "strip_invisible",
]

# The elements of HTML (and the `<o:p>` kind of namespaced tag Word leaves in feeds): only
# these are markup. A plain-text title's "<engineering>" or "<AI>" is words in brackets,
# which were dropped as an unknown tag (trial, session 12).
_HTML_NAMES = (  # noqa: SIM905 (120 names read better as words)
    "a abbr acronym address area article aside audio b base basefont bdi bdo big blink "
    "blockquote body br button canvas caption center cite code col colgroup data datalist dd "
    "del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer "
    "form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins "
    "kbd label legend li link main map mark marquee menu meta meter nav nobr noscript object "
    "ol optgroup option output p param picture pre progress q rp rt ruby s samp script "
    "section select small source span strike strong style sub summary sup svg table tbody td "
    "template textarea tfoot th thead time title tr track tt u ul var video wbr"
).split()
_HTML_ELEMENTS = frozenset(_HTML_NAMES)
# A tag's shape; `_is_tag` says whether it names an element (one regex of 120 names cost
# 6 times the CPU per title of this shape and a set lookup).
_TAG_SHAPE = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)(:[a-zA-Z]+)?[^<>]*>")


def _is_tag(match: re.Match[str]) -> bool:
    return match.group(2) is not None or match.group(1).lower() in _HTML_ELEMENTS


def strip_tags(text: str, replacement: str = " ") -> str:
    """`text` with its HTML tags replaced; words in angle brackets that name no HTML
    element ("<engineering>") stay."""
    return _TAG_SHAPE.sub(lambda m: replacement if _is_tag(m) else m.group(0), text)


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
INLINE_SPACE = re.compile(r"[ \t\u00a0\u2009\u200b\r\f\v]+")
# Whether INLINE_SPACE.sub(" ", line) can change the line: only a run of two spaces or one
# of the other characters it replaces (a single space becomes itself). Most lines have
# neither, and a few `in` tests cost a fraction of the regex's pass.
_odd_space = any_key(("  ", "\t", "\u00a0", "\u2009", "\u200b", "\r", "\f", "\v"))
# Invisible formatting characters a feed can use to spoof what a reader sees: the
# directional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the
# directional marks (U+200E, U+200F, U+061C), the joiners and non-joiners (U+200C, U+200D,
# U+2060, invisible operators U+2061-U+2064) and the BOM used as a zero-width no-break
# space (U+FEFF). A ZWJ inside an emoji sequence goes too: the emoji then shows as its
# parts, which is harmless. And the control characters (C0 but tab and line breaks, DEL,
# C1): an ESC in a title moved the cursor, retitled or cleared a terminal, or (OSC 52)
# set the clipboard of whoever read it there (`layoffbot feeds list`, the console).
_INVISIBLE = re.compile(
    "[\u061c\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0e-\x1f\x7f-\x9f]"
)
# _INVISIBLE's ASCII characters, for `bytes.translate` on an ASCII text.
_ASCII_INVISIBLE = bytes(b for b in range(128) if _INVISIBLE.match(chr(b)))
BLANK_LINES = re.compile(r"\n\s*\n+")
_SOURCE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def _looks_like_html(text: str) -> bool:
    return any(_is_tag(m) for m in _TAG_SHAPE.finditer(text))


def _html_fragment_text(markup: str) -> str:
    # lxml is imported on the first markup to read, not with the module: commands that
    # never clean feed text (`ask`, most of `run`'s start) start faster (issue 14).
    from lxml import etree

    # Words in angle brackets are text, not elements lxml would drop the name of.
    markup = _TAG_SHAPE.sub(lambda m: m.group(0) if _is_tag(m) else "&lt;" + m.group(0)[1:], markup)
    try:
        return _tree_text(_parsed(markup))
    except ValueError:
        # Text lxml parses but will not hold when it is set back: a control character,
        # e.g. from a description cut inside a character reference ('... &#3').
        markup = _NUMERIC_REFERENCE.sub(_printable_reference, markup)
    except etree.ParserError:
        return html.unescape(strip_tags(markup))
    try:
        return _tree_text(_parsed(markup))
    except (etree.ParserError, ValueError):
        return html.unescape(strip_tags(markup))


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _printable_reference(match: re.Match[str]) -> str:
    """The reference as written when it names a character text may hold, else nothing."""
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(digits)
    if code in (9, 10, 13) or (32 <= code < 0xD800 and not 0x7F <= code <= 0x9F):
        return match.group(0)
    if 0xE000 <= code <= 0x10FFFF and code not in (0xFFFE, 0xFFFF):
        return match.group(0)
    return ""


def _parsed(markup: str) -> lxml.html.HtmlElement:
    import lxml.html

    try:
        return lxml.html.fragment_fromstring(markup, create_parent="div")
    except AssertionError:
        # A whole page ('<!DOCTYPE html><html>...<body>'), e.g. an e-mail sent as the
        # item: its body is the text; lxml's fragment parser asserts on a second body.
        page = lxml.html.document_fromstring(markup)
        body = page.find("body")
        return page if body is None else body


def _tree_text(root: lxml.html.HtmlElement) -> str:
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    for font in list(root.iter("font")):
        if _is_publisher_label(font):
            font.drop_tree()
    for el in root.iter():
        # A line break in HTML source is a space; only tags make lines (and paragraphs).
        if el.tag != "pre":
            el.text = el.text and _one_line(el.text)
        el.tail = el.tail and _one_line(el.tail)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return str(root.text_content())


def _one_line(text: str) -> str:
    """`_SOURCE_BREAK.sub(" ", text)`, searched only when there is a break to find."""
    return _SOURCE_BREAK.sub(" ", text) if "\n" in text or "\r" in text else text


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
    """Drop bidi controls, invisible joiners and control characters (see `_INVISIBLE`):
    feed text reaches Slack and Discord, where a U+202E would reverse what follows it on
    screen, and terminals, where an ESC starts a command to the terminal."""
    # The same as the substitution, ~3-10x faster: on ASCII by `bytes.translate`; a text
    # `str.isprintable` passes holds none (each of them is a control or format character).
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_INVISIBLE).decode("ascii")
    return text if text.isprintable() else _INVISIBLE.sub("", text)


def _normalize_whitespace(text: str) -> str:
    text = strip_invisible(text)
    lines = [
        (INLINE_SPACE.sub(" ", line) if _odd_space(line) else line).strip()
        for line in text.split("\n")
    ]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """Plain text with paragraphs separated by blank lines; plain-text input passes through.

    Feeds mix both: RSS descriptions are HTML fragments, while captured pages and
    content:encoded are often plain text whose blank lines are the only structure left.
    """
    if not markup or not markup.strip():
        return ""
    text = _html_fragment_text(markup) if _looks_like_html(markup) else html.unescape(markup)
    return _normalize_whitespace(text)


def plain_line(markup: str) -> str:
    """`html_to_text` on one line: feed and item titles are shown and matched as one line,
    whatever markup or line breaks the feed put in them."""
    return " ".join(html_to_text(markup).split())
