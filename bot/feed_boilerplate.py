"""What feeds add around an item's words, cut from a line of its text: part of
bot.text's `strip_furniture` (the one place feed text loses what is not the story).

Aggregators and syndication put the same words in every item: Hacker News' "Article URL:
... Comments URL: ... Points: 12 # Comments: 3", Slashdot's "An anonymous reader quotes
a report from CNBC:", WordPress' "The post ... appeared first on ...", "Continue
reading...", and the credit of the photo above the story ("Illustration by Alex Castro /
The Verge", "(Bill Pugliano/Getty Images)"). The rules that compare two items' openings
(bot.story_wording, bot.story_takes) counted these as words the two shared: two Hacker
News links of the same days with one headline word in common were one story. Summaries
picked them too ("Illustration by Alex Castro / The Verge Lyft is laying off...").

Each rule cuts a feed's own shape, never a sentence: whole lines of it, a lead-in ending
in a colon, a footer at a line's end, a credit beside a caption. The rules are searched
only in a line holding one of their words (`_KEYS`); none ignores case.
"""

from __future__ import annotations

import re

from bot.ignorecase import any_key

__all__ = ["strip_boilerplate"]

# Hacker News (hnrss) descriptions: a line of these fields alone, or from a URL field to
# the line's end. A "Points: 3" within other words is not cut.
# (A capture cut short ends in "Points:".)
_HN_FIELD = r"(?:(?:Article|Comments) URL:\s*\S+|Points:\s*\d*|#\s*Comments:\s*\d*)"
_HN = re.compile(
    rf"^{_HN_FIELD}(?:\s+{_HN_FIELD})*$|\s+(?:Article|Comments) URL:\s*\S+(?:\s+{_HN_FIELD})*$"
)
# Slashdot's lead-in, the submitter and what they send: "An anonymous reader shares a
# report:", "Longtime reader theodp writes:".
_SUBMITTER = re.compile(
    r"^(?:An anonymous (?:reader|Slashdot reader)|(?:(?:Longtime|Frequent) )?(?:Slashdot )?"
    r"reader [\w.-]+(?: \(\d+\))?) (?:writes|shares|quotes|submits|points out|notes)"
    r"[^:.!?]{0,80}:\s+"
)
# Syndication footers at a line's end: WordPress' "The post <headline> appeared first on
# <site>.", Engadget's "This article originally appeared on Engadget at <link>", the links on
# to the page ("... Read more...", "Continue reading at GameSpot", IDG's "To read this
# article in full, please click here").
_FOOTER = re.compile(
    r"(?:^|\s+)(?:The post \S.{0,300}? appeared first on [^.]{1,80}?\.?"
    r"|This (?:article|story|post) (?:originally|first) appeared on [^.]{1,60}?"
    r"(?: at \S+)?\.?"
    r"|(?:Read [Mm]ore|Continue [Rr]eading(?: (?:at|on) [^.…]{1,40})?)\s*(?:\.{1,3}|…|»|→)?"
    r"|To read this article in full,? please click here\.?)$"
)
# A whole line the feed made of "read more" alone, in any case ("READ MORE »").
_MORE_LINE = re.compile(r"^(?:[Rr]ead [Mm]ore|READ MORE|[Cc]ontinue [Rr]eading)\W*$")
# Reddit's footer, on lines of their own: "submitted by /u/NAME" (cut short too: "/u/Buildw")
# and "[link] [comments]". Every post of every subreddit carries it: two posts of the same
# days sharing it share nothing of their story.
_REDDIT_LINE = re.compile(r"^(?:submitted by /u/[\w-]*|\[link\]\s*\[comments\])$")
# A credit for the picture above the story: who made it, for which outlet or agency.
_CREDIT_WORD = (
    r"(?:Photo(?:graph)?(?: [Ii]llustration)?|Illustration|Image|Graphic|Picture|Screenshot|"
    r"Photo [Cc]redit|Image [Cc]redits?|Credits?)(?: by|:)"
)
# Where a credit ends when words follow it on its line: the outlet or agency it names last
# (a lazy match: "Jakub Porzycki/NurPhoto via Getty Images" runs to Getty Images).
_AGENCY = (
    r"(?:The Verge|Getty Images|AFP|Reuters|AP|Bloomberg|Shutterstock|Unsplash|iStock|Alamy|EPA)"
)
_CREDIT_TO = rf"[^.!?|]{{0,80}}?(?:/ ?|\bfor |\bvia ){_AGENCY}(?: via {_AGENCY})?"
# A credit to its line's end is names only ("Kristen Radtke / The Verge; Getty Images",
# "top Google; second Brian Shih"): "Image: Bungie The full scope of the layoffs is unclear"
# is a credit and the story's first words, not a credit.
_NAME = r"[A-Z0-9][\w.'’&-]*"
_JOIN = r"(?:\s*[/;]\s*|\s+)(?:(?:via|for|and|of|the|de|van|von|second|third)\s+)*"
_NAMES = rf"(?:(?:top|courtesy(?: of)?)\s+)?{_NAME}(?:{_JOIN}{_NAME}){{0,12}}"
_CREDIT_LINE = re.compile(rf"^{_CREDIT_WORD}\s{_NAMES}\.?$")
# At the line's start before the story ("Image: The Verge Warner Bros. ..."), or the
# credited name the story then opens with ("Image: Bungie Bungie is laying off ...").
_CREDIT_START = re.compile(
    rf"^{_CREDIT_WORD}\s(?:(?:{_CREDIT_TO}|{_AGENCY})\s+(?=\S)"
    r"|([A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3}) (?=\1\b))"
)
# After a caption, behind a bar ("... this week. | Image: Jakub Porzycki/NurPhoto via Getty
# Images"), to the agency, to the line's end or to the credited name the story opens with
# ("| Image: Arrival Arrival, an electric vehicle startup"); or in brackets ending the caption ("(Bill
# Pugliano/Getty Images)", "(AP Photo/Cliff Owen)").
_CREDIT_BAR = re.compile(
    rf"\s*\|\s+{_CREDIT_WORD}\s(?:{_CREDIT_TO}(?=\s|$)|{_NAMES}$"
    r"|([A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,3})(?= \1\b))"
)
_CREDIT_BRACKETS = re.compile(
    rf"\s*\((?:{_CREDIT_WORD} ?)?[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)+ ?/ ?[A-Z][^()]{{0,60}}\)$"
)
# Words one of which every match of a rule but _CREDIT_BRACKETS (a line ending in ")")
# holds in lower case (tests/test_feed_boilerplate.py checks them against
# bot.tagging.prefilter's derivation); the rules keep their case, which lowers to these.
_KEYS = (
    "anonymous", "appeared", "article", "comments", "credit", "ead ", "graphic",
    "illustration", "image", "ontinue", "photo", "picture", "points:", "reader", "screenshot",
    "submitted by",
)  # fmt: skip
_HOLDS_KEY = any_key(_KEYS)
# Each rule's own keys among them, tested before it runs (~2x less of the rules' time on
# lines holding a common key: 'article', 'image', 'read '); the line's lower case is made
# again after a cut, which could join a key's letters.
_HN_KEY = any_key(("article", "comments", "points:"))
_FOOTER_KEY = any_key(("appeared", "ontinue", "ead "))
_MORE_KEY = any_key(("ead ", "ontinue"))
_CREDIT_KEY = any_key(
    ("credit", "graphic", "illustration", "image", "photo", "picture", "screenshot")
)
_SUBMITTER_KEY = any_key(("anonymous", "reader"))


def strip_boilerplate(line: str) -> str:
    """The line without the feed's boilerplate in it (stripped); "" when it was all that."""
    low = line.lower()
    if not line.endswith(")") and not _HOLDS_KEY(low):
        return line
    if _HN_KEY(low) and _HN.search(line) is not None:
        line, low = _cut(_HN, line, low, 0)
    if _FOOTER_KEY(low):
        line, low = _cut(_FOOTER, line, low)
    if (
        (_MORE_KEY(low) and _MORE_LINE.match(line))
        or (_CREDIT_KEY(low) and _CREDIT_LINE.match(line))
        or _REDDIT_LINE.match(line)
    ):
        return ""
    if _SUBMITTER_KEY(low):
        line, low = _cut(_SUBMITTER, line, low)
    if _CREDIT_KEY(low):
        line, low = _cut(_CREDIT_START, line, low)
        line, low = _cut(_CREDIT_BAR, line, low)
    return _CREDIT_BRACKETS.sub("", line, count=1).strip()


def _cut(rule: re.Pattern[str], line: str, low: str, count: int = 1) -> tuple[str, str]:
    """The line and its lower case with the rule's match cut (`count` of them, 0: all)."""
    cut = rule.sub("", line, count=count)
    return (line, low) if cut == line else (cut, cut.lower())
