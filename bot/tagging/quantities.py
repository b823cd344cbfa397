"""Headcount, vague quantities and workforce percent of a job action."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.companies import known
from bot.ignorecase import twins_for
from bot.models import MAX_HEADCOUNT
from bot.tagging.lexicon import _JOBS, _LAYOFF_VERB, _NUM, _WORD, _WORD_NUM
from bot.tagging.merged_search import Alternatives
from bot.tagging.prefilter import Prefilter, lowered
from bot.tagging.vocabulary import FRACTIONS, NUMBER_WORDS

_QUAL = (
    r"(?:(?:about|around|roughly|approximately|nearly|almost|some|more than|over|up to|"
    r"as many as|at least|close to|just over|just under|fewer than|less than|an estimated|"
    r"a further|another|a total of|a combined|an additional|a)\s+)?"
)
_HEAD_NOUN = (
    r"(?:jobs?|roles?|positions?|posts|employees|workers|staff(?:ers)?|people|personnel|agents|"
    r"moderators|translators|recruiters|engineers|developers|administrators|paralegals|"
    r"journalists|reporters|editors|artists|designers|programmers|analysts|clerks|cashiers|"
    r"drivers|managers|representatives|contractors|redundancies|layoffs|job cuts|proofreaders|"
    r"planners|technicians|specialists|writers|copywriters|nurses|teachers|officers|"
    r"associates|members|professionals|lawyers|accountants|directors|executives|"
    r"FTEs|full-time equivalent positions|(?:civil|public) servants)"
)
_STOP_GAP = r"(?!(?:of|in|at|on|to|by|for|from|with|as|and\s+\d)\b)"
# Words that cannot sit between a number and its noun either (checked on a match, cheaper
# than in the regex): a preposition or a verb starts another phrase ('four podcasts amid
# layoffs', 'two games and lays off staff', 'two months before the layoffs'), and 'former'
# counts people who already left ('three former employees').
_OTHER_PHRASE = re.compile(
    r"\b(?:amid|amidst|after|before|during|following|despite|ahead|while|lay|lays|laid|off|"
    r"cut|cuts|is|are|was|were|will|has|have|former)\b",
    re.I,
)
_HEADCOUNT = re.compile(
    r"(?P<q>" + _QUAL + r")(?:between\s+)?(?P<n>" + _NUM + r")"
    # '200-plus jobs', '600+ workers': at least the number (v2: '200-plus' -> 200)
    r"(?:\+|-plus\b)?"
    r"(?:\s*(?:to|and|-|–)\s*(?P<m>" + _NUM + r"))?"
    r"(?:\s+of\s+(?:its|their|the company's|the firm's)(?:\s+[\d,.]+)?)?"
    # 'at least 1,000 contract, salaried workers': a comma between the job's qualifiers
    r"(?:\s+" + _STOP_GAP + r"(?![\d])[\w.'’/&-]+,?){0,4}?\s+(?P<head>" + _HEAD_NOUN + r")\b"
    r"(?!\s+(?:familiar|close to|with knowledge|briefed|who spoke|said|told))",
    re.I,
)
_HEADCOUNT_BY = re.compile(
    r"\b(?:headcount|workforce|staff|jobs|employees|roles)\s+by\s+(?P<q>" + _QUAL + r")"
    r"(?:between\s+)?(?P<n>" + _NUM + r")(?:\s*(?:to|and|-|–)\s*(?P<m>" + _NUM + r"))?"
    r"(?!\s*(?:%|percent|per cent|\d|times\b|-?fold\b))",  # 'by three times': a ratio
    re.I,
)
_HEADCOUNT_VERB = re.compile(
    r"\b(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|ax(?:e|es|ed|ing)|shed(?:s|ding)?|"
    r"eliminat(?:e|es|ed|ing)|lay(?:s|ing)?[- ]?off|laid off|fir(?:e|es|ed|ing))\s+"
    r"(?P<q>" + _QUAL + r")(?P<n>" + _NUM + r")(?P<m>)"
    r"(?=\s*(?:$|[,.;:]|\s(?:in|as|at|from|after|amid|across|over|this|by|globally|"
    r"worldwide|more|under|—|-)\b))",
    re.I,
)
# 'over 200 of them were laid off', 'about 50 were let go': the number is the subject.
_HEADCOUNT_PASSIVE = re.compile(
    r"(?P<q>" + _QUAL + r")(?P<n>" + _NUM + r")(?P<m>)"
    r"\s+(?:of\s+(?:them|those|the\s+[\w-]+)\s+)?(?:were|was|have\s+been|had\s+been|"
    r"are\s+being|will\s+be)\s+(?:laid\s+off|let\s+go|made\s+redundant|fired)\b",
    re.I,
)
_PASSIVE_HINT = re.compile(r"\b(?:were|was|been|being|be)\s+(?:laid|let|made|fired)\b", re.I)
_NOT_A_CUT_BEFORE = re.compile(
    r"(?:\b(?:bringing|brings|taking|takes)\s+(?:the\s+|its\s+)?(?:total|tally|count)\s+"
    r"(?:\w+\s+)?to(?:\s+(?:about|around|nearly|over|more than|some))?|\bof (?:its|their|the company's|the firm's)|\bits|\btheir|\bemploys?|\bemploying|"
    r"\bemployed|\bhas|\bhave|\bhad|\bwith|\bhir(?:e|es|ing)|\badd(?:s|ing)?|\bcreat(?:e|es|ing)|"
    r"\brecruit(?:s|ing|ed)?|\btotal of|\bworkforce of|\bteam of|\bnew|\bthan|"
    # 'after Acme added 5,000 workers in 2021', 'had hired 3,000': growth, not a cut
    r"\badded|\bhired|\bcreated|"
    # 'reduce its workforce to 8,000', 'from 10,000 to 8,000 employees': the size before or
    # after the cut, not the cut
    r"\b(?:workforce|work force|headcount|staff|employees|employee base|team)\s+(?:down\s+)?"
    r"(?:from|to)(?:\s+(?:about|around|roughly|some|just|under|over|fewer than|less than|"
    r"more than|nearly|approximately))?|"
    # 'replaced by 688,000 foreign-born workers': the newcomers, not the cut
    r"\breplaced\s+by|"
    # 'expanding its staff by 300': growth, not a cut
    r"\b(?:expand|grow|grew|increas|boost|doubl|tripl|rais)\w*\s+(?:[\w’'-]+\s+){0,2}by|"
    # 'a staff of 800', not 'warns staff of 800 job cuts'
    r"\b(?:a|an|its|the|their|global|whole|entire|current)\s+staff of|"
    # 'one in 20 staff': a share, not a count of 20
    r"\b(?:one|1|a)\s+(?:in|out of)|\bin every)\s*$",
    re.I,
)
# 'the company’s 7,500 employees have been bracing', 'reported over 87,000 employees': a
# workforce owned or reported, unless a cut follows ('Meta's 11,000 employees laid off').
_OWNED_BEFORE = re.compile(
    # not "That's 1,300 employees": a contraction, no owner
    r"(?<!cut )(?<!cuts )(?<!axe )(?<!off )(?:\b(?!(?:that|it|this|here|there|what|which|who)['’]s)"
    r"[\w-]+['’]s|\breported)\s+$",
    re.I,
)
_STAFF_SIZE_AFTER = re.compile(
    r"[\d,.]*\s+(?:employees|staff|staffers|workers|people)\b"
    r"(?![^.;:]{0,30}\b(?:laid|let go|fired|cut|axed|los[et]|losing|redundant)\b)",
    re.I,
)
_MONEY_BEFORE = re.compile(r"[$€£¥]\s*$|\b(?:US|A|C)\$\s*$")
_PART_OF_WHOLE = re.compile(
    r"(?<![\d,.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:out\s+)?of\s+"
    r"(?:its|their|the|the company's|the firm's)?\s*$",
    re.I,
)
_SHARE_AFTER = re.compile(r"\s+(?:in|out of)\s+(?:every\s+)?(?:\d|" + _WORD + ")", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CUT_VERB_BEFORE = re.compile(
    r"\b(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|ax(?:e|es|ed|ing)|shed(?:s|ding)?|"
    r"eliminat(?:e|es|ed|ing)|lay(?:s|ing)?[- ]off|laid off)\s+$",
    re.I,
)
_PERCENT = re.compile(
    r"(?P<v>\d+(?:\.\d+)?\s*(?:%|percent|per cent)|" + _WORD_NUM + r"\s+(?:percent|per cent)|"
    r"(?:a|one)[\s-]+(?:quarter|fourth|third|fifth|tenth|half)|half(?! a dozen)|two[- ]thirds|"
    r"three[- ]quarters|"
    r"one in (?:four|five|ten|three))"
    r"\s+(?:of\s+)?(?:(?:its|their|the (?:company|firm|group|business)['’]s|his|her|our|the|"
    # 'of Twitter's vastly reduced workforce', 'of its 23,000-member workforce'
    r"(?-i:[A-Z])[\w&.-]*['’]s)\s+)?"
    r"(?P<part>(?:(?:[\w-]|,(?=\d))+\s+){0,2}?)(?P<noun>workforce|work force|staff|employees|headcount|jobs|"
    r"workers|employee base|people|roles|team|personnel|company(?!['’]))\b",
    re.I,
)
# Words that make 'N% of its ... workforce' a share of a part of it (v2: whole workforce only).
_PART_OF = re.compile(
    r"\b(?:corporate|salaried|office|tech|technology|sales|engineering|product|marketing|"
    r"leadership|management|support|u\.?s\.?|us|uk|china|india|european|global tech|"
    r"unit|division|team|newsroom|editorial|recruiting|hr|retail|store|"
    r"warehouse|factory|plant|hourly|contract|temporary|open|non-union|union|"
    # a business line: '8% of its gaming workforce', '8% of Videogaming Staff'
    r"gaming|videogaming|video[- ]?games?|games|cloud|hardware|devices|streaming|advertising)\b",
    re.I,
)
# 'a third of its video team': a team named by what it does is a unit; its own team ('half
# its team', 'its entire team') is the workforce of a small employer.
_A_NAMED_TEAM = re.compile(
    r"(?!(?:entire|whole|global|total|full|current|remaining|own|worldwide|core|small|"
    r"\d[\d,.]*(?:-\w+)?)\b)[\w-]+\s+(?:[\w-]+\s+)?team$",
    re.I,
)
_IN_A_UNIT = re.compile(
    r"\s+(?:in|at|from|within|across)\s+(?:its|the|their)\s+(?:[\w-]+\s+){0,2}?(?:unit|division|"
    r"team|department|business|arm|segment|studio|newsroom|branch|subsidiary)\b|"
    # '25% of employees across the Showtime, MTV and Paramount Media Networks groups'
    r"\s+(?:in|at|within|across)\s+the\s+[^.;]{0,80}?\b(?:groups|units|divisions|brands|"
    r"businesses|studios)\b|"
    # '75 percent of employees within EPA's Office of Research and Development'
    r"\s+(?:in|at|from|within)\s+[\w&.-]+['’]s\s+(?:[\w-]+\s+){0,3}?(?:office|unit|division|"
    r"team|department|bureau|business|arm|segment|studio|lab|laboratory|branch)\b",
    re.I,
)
_OF_A_COUNT = re.compile(r"\s+of\s+(?:the\s+)?\d")
# 'as he cuts Block by almost half': the employer itself shrunk by a share.
_PERCENT_OF_EMPLOYER = re.compile(
    r"\b(?:cut(?:s|ting)?|slash(?:es|ed|ing)?|shr(?:ink|inks|inking|ank)|trim(?:s|med|ming)?)\s+"
    r"(?-i:[A-Z][\w&.'’-]*)(?:\s+(?-i:[A-Z][\w&.'’-]*)){0,2}\s+by\s+(?:almost |nearly |about |"
    r"around |roughly |more than |over |some )?(?P<v>half\b|a (?:third|quarter|fourth|fifth|tenth)\b|"
    r"\d+(?:\.\d+)?\s*(?:%|percent|per cent))",
    re.I,
)
_PERCENT_BY = re.compile(
    # 'cut staff of health sciences unit Verily by 15%': the unit is the acting employer
    r"\b(?:workforce|headcount|staff|employees)\s+(?:of\s+[^,;:%]{0,50}?\s+)?"
    r"(?:by\s+[‘'\"“]?|(?<=headcount )|"
    r"(?<=workforce ))(?:about |around |roughly |nearly |"
    r"some |more than |almost |over |approximately |up to )?(?P<v>\d+(?:\.\d+)?\s*(?:%|percent|"
    r"per cent)|half\b|a (?:quarter|fourth|third|fifth|tenth)\b|two[- ]thirds\b)",
    re.I,
)
# 'GitHub to Layoff 10%', 'to layoff 10% and closing all offices': a bare share cut, at the
# end of its clause (not '10% of costs', '10% of its sales team').
_PERCENT_BARE = re.compile(
    r"\b(?:" + _LAYOFF_VERB + r"|layoff)\s+(?:(?:about|around|roughly|nearly|almost|some|"
    r"approximately|up to|more than|over)\s+)?(?P<v>\d+(?:\.\d+)?\s*(?:%|percent|per cent))"
    r"(?=\s*(?:$|[,;:]|\s[-–—]\s|\s(?:and|amid|as|after|"
    r"in\s+(?:(?:the|its)\s+)?(?:latest|new|another))\b))",
    re.I,
)
# '5% to 6% of its workforce': a range's share is its lower bound (as for headcounts).
_RANGE_START = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)?\s*(?:to|-|–)\s*$", re.I
)
_VAGUE = re.compile(
    r"\b(?P<v>tens of thousands|several hundred|several thousand|a few hundred|a few thousand|"
    r"many hundreds|dozens|scores|hundreds|thousands)\b",
    re.I,
)
_VAGUE_AFTER = re.compile(r"^\s+(?:of\s+)?(?:[\w'’-]+\s+){0,3}?" + _JOBS + r"\b", re.I)
_VAGUE_BEFORE = re.compile(r"\b" + _LAYOFF_VERB + r"\s+$", re.I)


def _word_number(text: str) -> int | None:
    if text.lower().split() == ["half", "a", "dozen"]:
        return 6
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word == "dozen":
            current = max(current, 1) * 12
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif word != "and":
            return None
    value = total + current
    return value or None


_LONG_DIGITS = re.compile(r"\d{8,}")
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:['’]\d{3})+|\d+(?:\.\d+)?")
_THOUSANDS_MARK = re.compile(r"[,'’]")


def parse_number(text: str) -> int | None:
    """'1,350' / '1.35k' / 'two thousand' -> int; None for anything else, a figure above
    MAX_HEADCOUNT included (no employer has that many jobs to cut)."""
    raw = text.strip().lower().replace(" ", "")
    if not raw:
        return None
    if raw.endswith("k"):
        try:
            value = float(raw[:-1]) * 1000
        except ValueError:
            return None
        return round(value) if value <= MAX_HEADCOUNT else None  # inf too: '999…9k'
    if _LONG_DIGITS.fullmatch(raw):
        return None  # '1680487949': a timestamp or an id glued to the text, never a count
    if _FIGURE.fullmatch(raw):
        # '20'000': the thousands written with an apostrophe (Swiss style)
        value = float(_THOUSANDS_MARK.sub("", raw))
        if value > MAX_HEADCOUNT or value != int(value):
            return None
        return round(value)
    words = _word_number(text)  # 'nine hundred hundred hundred ...' multiplies on
    return words if words is not None and words <= MAX_HEADCOUNT else None


_NUMBER_HINT = re.compile(
    r"\d|hundred|thousand|dozen|score|percent|per cent|quarter|fourth|third|half|tenth|fifth|"
    + _WORD,
    re.I,
)


_DIGIT = re.compile(r"\d")


# Without a digit, only the alternatives whose prefilter keys the sentence holds are
# searched (bot.tagging.merged_search): 2x faster on the sentences that get that far.
_NUMBER_HINT_PARTS = Alternatives(_NUMBER_HINT)


def _number_hinted(sentence: str) -> bool:
    """`_NUMBER_HINT.search(sentence)`, as a truth: a digit (its first alternative) settles
    it with a scan for one character class instead of the word alternation at each place."""
    return _DIGIT.search(sentence) is not None or _NUMBER_HINT_PARTS.found(sentence)


_HEADCOUNT_TOTAL = re.compile(
    r"\b(?:layoffs|lay-offs|job cuts|job losses|redundancies)\s+"
    r"(?:(?:now\s+)?(?:expected|set|likely|poised)\s+to\s+)?(?:total(?:s|ed|ing|ling)?|"
    r"(?:reach|hit|top)(?:es|s|ed)?|(?:climb|rise|grow|mount|swell)s? to)\s+(?P<q>" + _QUAL + r")"
    r"(?P<n>" + _NUM + r")(?P<m>)(?!\s*(?:%|percent|per cent|million|billion))",
    re.I,
)


_GLUED = re.compile(r"[A-Za-z][-‐]?$")
# 'over 30 GTA 6 developers': after a count and an acronym, a number is a title's ('GTA 6').
_ACRONYM_BEFORE = re.compile(r"\d\s+(?-i:[A-Z]{2,5})\s$")
# 'anywhere from 4,400 to 5,500 workers', 'ranging from': a range, its lower bound counts.
_FROM = re.compile(
    r"(?<!anywhere )(?<!somewhere )(?<!range )(?<!ranges )(?<!ranging )"
    r"\bfrom\s+(?:about\s+|around\s+|some\s+)?$",
    re.I,
)


_NUMBERED_SHAPE = re.compile(r"\d[\w.&-]*(?:\s+[A-Z][\w.&'’-]*){0,2}")


def _numbered_name(text: str, pos: int) -> bool:
    """Whether a listed employer's name starts at `pos` with a number ('100 Thieves')."""
    m = _NUMBERED_SHAPE.match(text, pos)
    words = m.group().split() if m else []
    return any(known(" ".join(words[:n])) for n in range(len(words), 1, -1))


# Each number rule's prefilter keys (bot.tagging.prefilter), looked up once.
_KEYS = {
    id(r): Prefilter(r)
    for r in (_HEADCOUNT, _HEADCOUNT_BY, _HEADCOUNT_VERB, _HEADCOUNT_TOTAL, _HEADCOUNT_PASSIVE)
    + (_PERCENT, _PERCENT_BY, _PERCENT_OF_EMPLOYER, _PERCENT_BARE)
}


@lru_cache(maxsize=4096)
def _headcounts_at(sentence: str) -> tuple[tuple[int, int], ...]:
    """Every number the sentence states as a count of jobs, with where it starts, in reading
    order: the caller decides which one (if any) is the acting employer's cut."""
    if not _number_hinted(sentence):
        return ()
    found: list[tuple[int, int]] = []
    passive = _PASSIVE_HINT.search(sentence) is not None
    regexes = (_HEADCOUNT, _HEADCOUNT_BY, _HEADCOUNT_VERB, _HEADCOUNT_TOTAL)
    low, twin = lowered(sentence), twins_for(sentence)  # bot.ignorecase
    for regex in (*regexes, _HEADCOUNT_PASSIVE) if passive else regexes:
        if not _KEYS[id(regex)].holds(low):
            continue  # it cannot match: no number found by it (bot.tagging.prefilter)
        for m in twin(regex).finditer(sentence):
            before = sentence[: m.start("q") if m.group("q") else m.start("n")]
            part = twin(_PART_OF_WHOLE).search(before)
            if part:  # '10 of its 40 newsroom jobs': the cut is the part, the whole is the team
                value = parse_number(part.group("n"))
                if value:
                    found.append((value, part.start("n")))
                continue
            if twin(_NOT_A_CUT_BEFORE).search(before) or twin(_MONEY_BEFORE).search(before):
                continue
            if _OWNED_BEFORE.search(before) and _STAFF_SIZE_AFTER.match(sentence, m.end("n")):
                continue  # "the company's 7,500 employees have been bracing": its size
            if _YEAR.match(m.group("n")) and not (
                "head" in m.re.groupindex and _CUT_VERB_BEFORE.search(before)
            ):
                continue  # '2024 job cuts' is a year; 'to lay off 1900 people' is a count
            if _SHARE_AFTER.match(sentence[m.end("n") :]):
                continue
            after = sentence[m.end("n") : m.end("n") + 12].lower()
            if re.match(
                r"\s*(?:%|percent|per cent|million|billion|bn\b|-(?!\d[\d,.]*\s|plus\b))", after
            ):
                # '10-year', '40-hour', not a range ('40-45 jobs' is 40, the lower bound)
                continue
            if "head" in m.re.groupindex and _OTHER_PHRASE.search(
                sentence, m.end("n"), m.start("head")
            ):
                continue
            if (
                _numbered_name(sentence, m.start("n"))
                or _GLUED.search(sentence, 0, m.start("n"))
                or _ACRONYM_BEFORE.search(sentence, 0, m.start("n"))
            ):
                continue  # '100 Thieves', 'Team17', 'GTA 6 developers': part of a name
            if m.group("m") and _FROM.search(sentence, 0, m.start("n")):
                # 'expands layoffs from 10,000 to 18,000 jobs': a change, the new figure counts
                value = parse_number(m.group("m"))
            else:
                value = parse_number(m.group("n"))
            if value:
                found.append((value, m.start("n")))
    # One regex's finds before the next's keeps the first regex's number first; a number
    # two regexes find is kept once.
    kept: list[tuple[int, int]] = []
    for hit in found:
        if all(at != hit[1] for _, at in kept):
            kept.append(hit)
    return tuple(kept)


def _headcount_in(sentence: str) -> int | None:
    hits = _headcounts_at(sentence)
    return hits[0][0] if hits else None


@lru_cache(maxsize=4096)
def _percent_at(sentence: str) -> tuple[float, int] | None:
    """The workforce share the sentence states, with where it starts."""
    if not _number_hinted(sentence):
        return None
    low, twin = lowered(sentence), twins_for(sentence)  # bot.ignorecase
    for regex in (_PERCENT, _PERCENT_BY, _PERCENT_OF_EMPLOYER, _PERCENT_BARE):
        if not _KEYS[id(regex)].holds(low):
            continue
        for m in twin(regex).finditer(sentence):
            if regex is _PERCENT and (
                _PART_OF.search(m.group("part"))
                or _IN_A_UNIT.match(sentence[m.end() :])
                or _A_NAMED_TEAM.match(m.group("part") + m.group("noun"))
            ):
                # '15% of its corporate workforce', '12% of employees in its cloud division':
                # a unit's share, not the whole; a later share of the whole may follow
                continue
            if (
                regex is _PERCENT
                and m.group("part")
                and not sentence[m.end("v") : m.start("part")].strip()
            ):
                continue  # '12% after the company': words with no 'of' or 'its' tie no share
            if regex is _PERCENT and _OF_A_COUNT.match(sentence, m.end("v")):
                continue  # 'a third of 1,400 staff at its head office': a counted group's share
            value = _share(m.group("v").lower())
            if value is not None:
                low_end = _RANGE_START.search(sentence, max(0, m.start("v") - 16), m.start("v"))
                if low_end:
                    return float(low_end.group("low")), low_end.start()
                return value, m.start("v")
    return None


def _share(raw: str) -> float | None:
    for phrase, value in FRACTIONS.items():
        if re.search(rf"\b{phrase}\b", raw):
            return value
    num = re.match(r"[\d.]+", raw)
    if num:
        value = float(num.group(0))
        return value if value <= 100 else None  # '250% of its staff': no share of a whole
    parsed = _word_number(re.sub(r"\s+(?:percent|per cent)$", "", raw))
    return float(parsed) if parsed is not None else None


def _percent_in(sentence: str) -> float | None:
    found = _percent_at(sentence)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def _vague_in(sentence: str) -> str | None:
    for m in _VAGUE.finditer(sentence):
        after = sentence[m.end() :]
        before = sentence[: m.start()]
        if _VAGUE_AFTER.match(after) or _VAGUE_BEFORE.search(before):
            word = m.group("v").lower()
            if "thousand" in word:
                return "thousands"
            if "hundred" in word:
                return "hundreds"
            return "dozens"
    return None
