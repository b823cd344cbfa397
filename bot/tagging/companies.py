"""The acting employer: the subject of the action verb, units before parents."""

from __future__ import annotations

import re

from bot.companies import (
    common_words,
    display_name,
    find_known,
    known,
    plausible_company,
)
from bot.language import english_words
from bot.tagging.actions import _Hit
from bot.tagging.document import _Doc
from bot.tagging.lexicon import _UPPER, _WORD_NUM
from bot.tagging.name_heads import named_by_head
from bot.tagging.name_parts import _NUMBERED_NAME
from bot.tagging.names import (
    _AT_EMPLOYER,
    _OWNED,
    _PREPOSITION_GAP,
    _QUANTITY,
    _TOKEN,
    _ai_word,
    _generic,
    _owned_unit_words,
    _place,
    _Run,
    _runs,
)
from bot.tagging.pointers import person_like, refine_subject, speaker_employer
from bot.tagging.subject_cues import (
    announced_unit,
    fronted,
    passed_over,
    place_named,
    region,
    without_site,
)
from bot.tagging.title_case import predicate, qualifies, title_runs
from bot.tagging.unit_hit import _unit_hit, jobs_owner
from bot.tagging.vocabulary import AUXILIARIES, DESCRIPTORS, GENERIC_SUBJECTS

_QUANTITY_PHRASE = re.compile(  # and a plan's: 'Disney's Bob Iger sets out timeline for 7,000'
    r"\b(?:up to|close to|as many as|more than|(?:plans?|timeline|timetable|roadmap)\s+for)\b", re.I
)
_SECTION = re.compile(r":|\s\|\s")
_INFINITIVE = re.compile(
    r"\b(?:said|set|expected|poised|likely|going|plans?|planning)\s+to\b", re.I
)
# 'Beamdog hit with big layoffs': the name undergoes the layoffs it is attached to.
_UNDERGOES = re.compile(
    r"\b(?i:hit|struck|rocked|plagued|affected|impacted)\s+(?i:hard\s+)?(?i:by|with)\b"
)


def _subject_names(subject: str, *, title_case: bool, attached: bool = False) -> list[str]:
    """Employer names in the words before an action verb, nearest the verb first.

    Walks back from the verb: places and quantities are skipped, and a generic subject
    ('AI', 'companies', 'executives') ends the search: the action is not an employer's.
    With `attached` (a noun like 'layoffs'), the name must qualify it directly: 'Block
    layoffs', not 'a warning about layoffs'.
    """
    subject = _SECTION.split(subject)[-1]
    owned = _OWNED.search(subject)
    if owned:
        unit = _subject_names(owned.group(2), title_case=title_case)
        return [*unit, owned.group(1)] if unit else [owned.group(1)]
    runs = _runs(subject)
    if title_case:
        runs = title_runs(runs)
    names: list[str] = []
    previous: _Run | None = None
    qualifier_end = len(subject)
    for i in range(len(runs) - 1, -1, -1):
        run = runs[i]
        if title_case and not names and i and predicate(subject, runs[i - 1], run):
            continue  # 'Microsoft Hosts Sting Concert Before Laying Off': the verb's object
        if passed_over(subject, runs, i, nearest=not names):
            continue  # 'Xerox to buy Lexmark, cut jobs', 'Wolfspeed, Inc.': no subject
        if title_case and not names and i and qualifies(subject, runs, i, qualifier_end, attached):
            qualifier_end = run.start
            continue  # 'Spotify Podcast Layoffs', 'Coinbase Crypto Exchange to Cut'
        if qualifier_end < len(subject) and _generic_between(subject[run.end : qualifier_end]):
            return []  # 'More Cyber Companies Announce Layoffs': companies, no one employer
        if previous is not None and _owned_unit_words(subject, run, previous, names):
            pass  # "Meta's Reality Labs": the unit's name took its capitalised words
        elif previous is not None and not _joined(subject, run, previous):
            break
        if run.known is None and _names_a_thing(subject, run):
            # 'Port Talbot Decarbonization Plan means job losses': a plan, not an employer;
            # 'publisher of the Mirror': the title names what the employer owns.
            return names[::-1]
        if run.known is None:
            if (
                _place(run.name)
                or region(run.name)
                or _QUANTITY.match(run.name)
                or (_ai_word(run.name) and run.name not in {"AI", "GenAI"})
            ):
                continue
            if _generic(run.name) or run.name in {"AI", "GenAI"}:
                if names:
                    break
                return []
            if len(run.name.split()) > 5 or (run.name[0].isdigit() and not _digit_led(run.name)):
                continue
        if not names and attached and _detached(subject[run.end :]):
            return []
        run.name = without_site(subject, run)  # 'Zalando Warehouse Workers': Zalando's
        _add_name(names, run, owns=previous is not None and run.possessor)
        previous = run
    names.reverse()
    return names


# '3D Realms', '2K Games': a figure run into letters opens a name; a count
# ('10 Companies'), an ordinal ('3rd Round') or an amount ('10K Jobs') does not.
_DIGIT_LED = re.compile(r"\d+(?!(?i:st|nd|rd|th|s|k|m|bn|b)\b)[A-Za-z][\w&'’.-]*\s+[A-Z]").match


def _digit_led(name: str) -> bool:
    return bool(_DIGIT_LED(name) or _NUMBERED_NAME.fullmatch(name))  # '343 Industries'


def _add_name(names: list[str], run: _Run, *, owns: bool) -> None:
    """Add the run walked back to (names are nearest the verb first). An owner ("ByteDance's
    TikTok") comes after its unit; a person who owns ("Elon Musk's xAI") is no employer of
    the action; a boss the employer owns ("Disney's Bob Iger will lay off") speaks for it."""
    name = run.known or run.name
    if not owns:
        names.append(name)
    elif person_like(names[-1]) and not place_named(names[-1]) and not person_like(run.name):
        names[-1] = name
    elif not person_like(run.name):
        names.insert(len(names) - 1, name)


def _generic_between(gap: str) -> bool:
    return any(w.lower() in GENERIC_SUBJECTS for w in gap.split())


def _detached(gap: str) -> bool:
    """'a warning about layoffs': a preposition between the name and the noun it would
    qualify ('up to', 'hit with' do not count: 'Beamdog hit with big layoffs')."""
    gap = _INFINITIVE.sub(" ", gap)  # 'Quillon Is Said to Plan Job Cuts': no preposition
    return bool(_PREPOSITION_GAP.search(_UNDERGOES.sub(" ", _QUANTITY_PHRASE.sub(" ", gap))))


def _names_a_thing(subject: str, run: _Run) -> bool:
    return bool(
        _THING_AFTER.match(subject[run.end :]) or _PRODUCT_BEFORE.search(subject[: run.start])
    )


_THING_AFTER = re.compile(
    r"^\s+(?i:plan(?!\s+to\b)|deal|move|policy|strategy|bill|law|review|scheme|project|program(?:me)?|"
    r"crisis|decision|merger|takeover|shake-?up|overhaul|ruling|vote|budget|rules?|boom|"
    r"slump|downturn|fallout|woes|closure|shutdown)\b"
)
_PRODUCT_BEFORE = re.compile(
    r"\b(?:owner|publisher|parent|maker|operator|developer)s?\s+of\s+(?:the\s+)?$|"
    r"\b(?:firm|company|startup|studio|team|group|maker|developer)s?\s+behind\s+(?:the\s+)?"
    r"(?:[a-z][\w-]*\s+)?$",
    re.I,
)


def _joined(text: str, earlier: _Run, later: _Run) -> bool:
    """'Intel, Microsoft', 'AT&T and Verizon', "ByteDance's TikTok": names sharing a verb."""
    gap = text[earlier.end : later.start].strip().lower()
    if earlier.possessor:
        return gap in {"", "'s", "’s"}
    if gap == "," and fronted(text, earlier.start):
        return False  # 'After Vimeo, Zalando cuts jobs': the earlier one is no subject
    return gap in {",", "&", "and", "and the"}


_CLAUSE = re.compile(
    r"\b(?:that|which|who|as|after|before|while|when|because|but|since|although|though|so|if|"
    r"whether|what|unless|(?i:prior\s+to|ahead\s+of))\b|;"
)
# 'Acme warned staff of a drop in sales prior to layoffs': the cuts the time phrase ends on
# are the subject's own.
_TIME_BEFORE = re.compile(r"\b(?:before|prior\s+to|ahead\s+of)\s*$", re.I)
# '... that the district is being forced to lay off': the verb chain after a back reference.
_REF_VERB = frozenset(["being", "forced", "going", "poised", "about", "having", "able"])
_READIES = re.compile(r"\s(?:prepar|brac)\w*\s+for\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_BACK_REFERENCE = re.compile(r"^(?:it|they|he|she|the (?:[\w-]+ ){0,2}[\w-]+)$", re.I)


def _action_subject(sentence: str, hit: _Hit, *, title_case: bool) -> list[str]:
    """The employer acting in the sentence: the clause's subject, or the sentence's own
    subject when the clause refers back to it ('... after the company announced ...'),
    refined where the subject only points at the employer (see `refine_subject`)."""
    names = _clause_subject(sentence, hit, title_case=title_case)
    if not names:
        return speaker_employer(sentence, hit)
    if hit.noun and not title_case:
        names = _maker_over_product(sentence[: hit.start], names)
    names = refine_subject(sentence, hit, names, title_case=title_case)
    if hit.noun and names:
        names = _undergoing_unit(sentence[: hit.start], names, title_case=title_case)
    return _unit_after(sentence, hit, jobs_owner(sentence, hit, names))


# 'Insurgency developer New World Interactive has been affected by Embracer layoffs': the
# name undergoing the parent's cuts is the unit that loses the jobs.
_UNDERGOES_BY = re.compile(
    r"^(?P<unit>.+?)\s+(?:(?:has|have)\s+been\s+|(?:was|were|is|are|gets?|got)\s+)?"
    r"(?i:hit|affected|impacted|struck|rocked)(?:\s+(?i:hard))?\s+(?i:by)\s+(?:(?i:the)\s+)?"
    r"(?:[\w'’.&-]+\s+){1,3}$"
)


def _undergoing_unit(before: str, names: list[str], *, title_case: bool) -> list[str]:
    """The unit the parent's cuts hit, before the parent (v2: units before parents); a
    product's maker ('Fall Guys developer hit by Epic layoffs') is left to the lead."""
    m = _UNDERGOES_BY.match(before)
    if m is None:
        return names
    words = m.group("unit").rsplit(":", 1)[-1].split()
    if not words or words[-1].lower() in DESCRIPTORS:
        return names
    unit = _first_subject(" ".join(words), title_case=title_case)
    described = any(w.lower() in DESCRIPTORS for w in words[:-1])
    if not unit or unit[0] in names or known(unit[0]) in names:
        return names
    if person_like(unit[0]) and not described:
        return names  # 'Jane Doe affected by Zentrix layoffs': a person, no unit
    return [display_name(unit[0]), *names]


# The sentence opens on a name and a lowercase verb: 'Amazon plans ...', 'Activision cites'.
_OPENING_SUBJECT = re.compile(r"^[\s\"'‘“]*$")
_VERB_AFTER = re.compile(r"\s+(?:[a-z]+ly\s+)?(?-i:[a-z]+s)\b(?<!\bis)(?<!\bhas)(?<!\bwas)")


# Between a name and the cuts it qualifies: more of the name, or the unit it names.
_QUALIFIES_CUTS = re.compile(
    r"(?:\s+(?:(?-i:[A-Z][\w'’-]*)|division|unit|team|arm|business|department|group|studio))*"
    r"\s*",
    re.I,
)


def _maker_over_product(before: str, names: list[str]) -> list[str]:
    """'Amazon plans Alexa division layoffs', 'Activision cites changes as the reason for
    Hearthstone layoffs': an unlisted name qualifying the cuts is a product or a division
    of the sentence's subject, the employer acting (a listed unit, 'Xbox', is kept)."""
    if known(names[0]) or person_like(names[0]):
        return names  # "Elon Musk's layoffs": a person's, not a product's
    at = before.rfind(names[0])
    if at < 0 or not _QUALIFIES_CUTS.fullmatch(before, at + len(names[0])):
        return names  # 'Quillworks shares rise before Zentrix announces layoffs': its verb
    runs = _runs(before)
    if len(runs) < 2 or not _OPENING_SUBJECT.match(before[: runs[0].start]):
        return names
    first = runs[0]
    name = first.known or first.name
    if name in names or first.possessor or not _VERB_AFTER.match(before, first.end):
        return names
    plain = first.known or (
        plausible_company(name) and not all(w in english_words() for w in name.lower().split())
    )
    if not plain or _generic(name) or _place(name) or person_like(first.name):
        return names
    return [name]


def _unit_after(sentence: str, hit: _Hit, names: list[str]) -> list[str]:
    """'Sony lays off 220 at Destiny 2 maker Bungie': a listed employer named after 'at'
    is the unit that acts; it comes before the parent (v2: units before parents)."""
    unit = _unit_hit(sentence, hit) if names and hit.noun else None
    if unit is not None and unit not in names:
        return [unit, *names]
    if not names:
        return names
    tail = sentence[hit.end : hit.end + 60]
    described = _AT_DESCRIBED.match(tail)
    if described is not None and not _PART_OF_CUT.search(tail, 0, described.start("name")):
        # 'EA confirms layoffs at F1 developer Codemasters': the studio the descriptor names,
        # listed or not, is the unit that acts (v2: units before parents).
        unit = _described_unit(described.group("name"))
        return [unit, *names] if unit and unit not in names else names
    if not known(names[0]):
        return names
    at = _AT_EMPLOYER.search(tail)
    if at is None or _PART_OF_CUT.search(tail, 0, at.start(1)):
        return names  # '9,000 more jobs, including at AWS': a part of the parent's cut
    phrase = re.split(r"[,;:]|\s(?i:as|after|amid|while)\s", tail[at.start(1) :])[0]
    units = [r.known or r.name for r in _runs(phrase) if r.known or known(r.name)]
    if len(units) > 1:
        return names  # 'cuts 1,900 jobs at Activision Blizzard and Xbox': the parent acts
    unit = display_name(units[-1]) if units else None
    if unit is None or unit in names or _place(unit):
        return names
    return [unit, *names]


def _described_unit(name: str) -> str | None:
    name = re.sub(r"['’]s$", "", name.rstrip(".'’"))
    if _place(name) or _generic(name) or not plausible_company(name):
        return None
    return display_name(name)


_PART_OF_CUT = re.compile(r"\b(?:including|includes|among them|such as)\b", re.I)


def _refers_back(clause: str, before: str) -> bool:
    """Whether a clause with no name of its own acts for the sentence's subject: 'as it
    cuts', 'as the chain prepares for', or a gerund or time clause with no subject."""
    ref_tokens = _TOKEN.findall(_READIES.sub(" ", clause))  # 'as the chain prepares for'
    while len(ref_tokens) > 1 and (
        ref_tokens[-1].lower() in AUXILIARIES or ref_tokens[-1].lower() in _REF_VERB
    ):
        ref_tokens.pop()
    # '... hours before announcing layoffs', '... before announcing it would cut': the
    # gerund has the sentence's subject.
    gerund = bool(ref_tokens) and ref_tokens[0].lower().endswith("ing")
    while ref_tokens and ref_tokens[0].lower().endswith("ing"):
        ref_tokens.pop(0)
    ref = " ".join(ref_tokens)
    timed = not ref and _TIME_BEFORE.search(before) is not None
    # 'as Chain Prepares for Layoffs': Title Case drops the 'the' of a back reference.
    back = _BACK_REFERENCE.match(ref) is not None or ref.lower() in DESCRIPTORS
    return back or ((gerund or timed) and not ref)


# 'According to a memo seen by Reuters, Intel will lay off': the outlet a leading phrase
# cites is no employer (v2: never publishers); the clause after it names the one acting.
_CITED_FIRST = re.compile(
    r"^\W*(?:according\s+to|as\s+(?:first\s+)?reported\s+by|(?:in|per)\s+(?:a|an|the)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:memo|report|note|email|filing|letter|statement)"
    r"(?:\s+(?:seen|obtained|reviewed|viewed)\s+by|\s+(?:from|to))?)\b[^,;:]{0,80},\s+(?=\S)",
    re.I,
)


def _clause_subject(sentence: str, hit: _Hit, *, title_case: bool) -> list[str]:
    # 'Bungie, the Sony-owned Destiny developer, lays off 220': the appositive describes
    # the subject before it.
    before = _CITED_FIRST.sub("", sentence[: hit.start], count=1)
    before = _without_aside(_APPOSITIVE.sub(r" \g<tail> ", before))
    clauses = [m.end() for m in _CLAUSE.finditer(before)]
    if clauses:
        clause = before[clauses[-1] :]
        names = _subject_names(clause, title_case=title_case, attached=hit.noun)
        if names:
            return names
        if not _refers_back(clause, before):
            return []
        return _first_subject(before[: clauses[0]], title_case=title_case)
    if title_case and not hit.noun and _coordinated_title(before):
        # 'Warner Bros. Cancels Wonder Woman Game, Closes Three Studios': the second verb
        # shares the first one's subject; the first verb's object is not the one acting.
        return _first_subject(before, title_case=title_case)
    names = (
        _announcer(before, title_case=title_case) if hit.noun else _latest(before, title_case)
    ) or _subject_names(before, title_case=title_case, attached=hit.noun)
    if names:
        return names
    if not hit.noun and _COORDINATED.search(before):
        # 'Acme closes AI lab, lays off 50': the second verb shares the first one's subject;
        # the first verb's object (an AI noun) is not the one acting.
        return _first_subject(before, title_case=title_case)
    after = _AFTER_EMPLOYER.match(sentence[hit.end :])
    bare = before.strip(" ,.'\"‘’“”")
    if after and (
        _BARE_QUANTITY.fullmatch(bare)
        or (after.group("verb") and _generic(bare) and " " not in bare and not _ai_word(bare))
    ):
        found = [n for _, n in find_known(after.group(2))]
        if not found and after.group("verb"):  # 'Layoffs hit Zentrix': its first name
            runs = _runs(after.group(2))
            while len(runs) > 1 and _describes_next(after.group(2)[runs[0].end : runs[1].start]):
                runs = runs[1:]  # 'Layoffs hit staff at Destiny maker Bungie': Bungie's
            found = [r.name for r in runs[:1] if not _generic(r.name)]
        if found:
            return found[:1]
    at = _AT_EMPLOYER.search(sentence[hit.start : hit.end + 40])
    if at and not _AI_MAY.search(before):  # 'AI could replace 7,800 roles at IBM': a forecast
        # 'Layoffs reported at Hello Neighbor publisher TinyBuild': the descriptor's name
        # ('at Destiny 2 developer Bungie': the game names what the studio makes).
        described = _DESCRIBED.match(sentence, hit.start + at.start(1) - 1)
        phrase = described.group("name") if described else at.group(1)
        found = [r.known or r.name for r in _runs(phrase) if r.known or not _generic(r.name)]
        head = named_by_head(sentence[hit.start + at.start(1) :])
        if head and not (found and known(found[0])):
            return [head]  # 'Layoffs at Epic': Epic Games
        return found[:1]
    return []


# The descriptors as alternatives, the longest first and alike lengths in a fixed order: a
# set iterates in the order PYTHONHASHSEED gives it, and a pattern should not depend on it.
_DESCRIPTOR_WORDS = "|".join(
    sorted((re.escape(d) for d in DESCRIPTORS if d.isalpha()), key=lambda d: (-len(d), d))
)
# A descriptor, then the name it describes (up to three words).
_DESCRIPTOR_THEN_NAME = (
    r"(?:"
    + _DESCRIPTOR_WORDS
    + r")\s+(?P<name>"
    + _UPPER
    + r"[\w&'’.-]*(?:\s+"
    + _UPPER
    + r"[\w&'’.-]*){0,2})"
)
_DESCRIBED = re.compile(
    r"\s+(?:[a-z][\w-]*\s+|(?:(?:[A-Z][\w'’:.!-]*|\d+)\s+){1,4})?" + _DESCRIPTOR_THEN_NAME
)

# 'layoffs at Insurgency developer New World Interactive': the cut's own 'at', then a
# described studio (the descriptor ends the phrase before the name).
_AT_DESCRIBED = re.compile(
    r"(?:\s+(?:[a-z][\w-]*|\d[\d,]*)){0,4}?\s+at(?:\s+(?:the|its))?\s+"
    r"(?:[a-z][\w-]*\s+){0,2}(?:(?:[A-Z][\w'’:.!-]*|\d+)\s+){0,4}" + _DESCRIPTOR_THEN_NAME
)

# 'Microsoft Plans to Announce Layoffs', 'Zoom becomes the latest tech giant to announce
# major job cuts', 'Unity Conducts Its Third Round of Layoffs', 'Disney braces for a layoff
# bloodbath': the noun is the object of the employer's own verb.
_ANNOUNCE_VERBS = (
    r"announc|conduct|enact|confirm|begin|began|start|unveil|launch|order|implement|"
    r"plan|weigh|mull|consider|eye"  # 'Intel planning hundreds of job cuts': its own plan
)
# The verb as a whole word, inflected ('announces', 'beginning', 'announcement'): 'startup'
# is no 'start', so 'Zoom becomes the latest startup to announce job cuts' finds 'announce'.
_ANNOUNCE_VERB = (
    rf"(?P<verb>(?:{_ANNOUNCE_VERBS})(?:e|es|ed|d|s|ing|ning|ned|ements?)?"
    r"|carr(?:y|ies|ied|ying)\s+out|(?<=\bto\s)make"  # 'Acme to make job cuts' (no 'makes')
    # 'Meta Said to Be Preparing For Mass Layoffs': the employer readies its own cuts
    r"|(?:prepar(?:e|es|ed|ing)|brac(?:e|es|ed|ing))\s+for)\b"
)
_ANNOUNCES = re.compile(
    r"(?:\b(?:becomes?|is|are)\s+(?:the\s+)?(?:latest|newest|next)\b[^,;:]{0,40}?\s)?"
    r"(?:\b(?:plans?|set|poised|expected|prepares?|looks?)\s+to\s+)?"
    rf"\b(?:to\s+)?{_ANNOUNCE_VERB}\s+(?:[\w'’.,%-]+\s+){{0,6}}$",
    re.I,
)


# 'Bungie Becomes the Latest PlayStation Studio to Lay Off Workers': the name before the
# verb ('PlayStation Studio') is the class the subject joins, not the employer.
_LATEST_TO = re.compile(
    r"\s+(?:becomes?|is|are)\s+(?:the\s+)?(?:latest|newest|next)\b[^,;:]{0,40}?\s+to\s*$", re.I
)


def _latest(before: str, title_case: bool) -> list[str]:
    m = _LATEST_TO.search(before)
    return _subject_names(before[: m.start()], title_case=title_case) if m else []


_BOSS_AFTER = re.compile(r"\s+(?:CEO|boss|chief executive|chief|founder|president)\s*$", re.I)
_ROUND_OF = re.compile(r"\b(?:round|wave|series|hundreds|thousands|dozens)\s+of\b", re.I)


def _announcer(before: str, *, title_case: bool) -> list[str]:
    """The employer whose own verb the layoffs are the object of, or none."""
    m = _ANNOUNCES.search(before)
    if m is None:
        return []
    head = _BOSS_AFTER.sub(" ", before[: m.start()])  # 'Zentrix CEO announces': for Zentrix
    if not head.strip() or head.split()[-1].lower() in GENERIC_SUBJECTS:
        return []  # 'More Cyber Companies Announce Layoffs': no one employer
    tail = _ROUND_OF.sub(" ", before[m.end("verb") : m.end()])  # the verb's object
    if _PREPOSITION_GAP.search(tail):
        return []  # 'Senator announces probe into layoffs': the layoffs are not its own
    if head.rstrip().endswith(("'s", "’s")):
        head = before[: m.start() + len(m.group().split()[0])]  # "Jolene's announces": a brand
    names = _subject_names(head, title_case=title_case)
    if not all(plausible_company(n) for n in names):
        return []
    return announced_unit(tail, names)


_AI_MAY = re.compile(
    r"\b(?:AI|A\.I\.|automation|robots|chatbots|artificial intelligence)\s+(?:\w+\s+)?"
    r"(?:could|might|may|will|would|can)\b[^,;]*$"
)
# A headline of two predicates on one subject: 'X <verb>s <object>, <action>' (or 'and').
_COORDINATED = re.compile(r"^\s*\S.*?\s(?-i:[a-z]+s)\b[^,;:]*?(?:,|\band)\s*$")
_COORDINATED_TITLE = re.compile(
    r"^\s*\S.*?\s(?P<verb>(?-i:[A-Z][a-z]+s))\s+\S[^,;:]*?(?:,|\s(?i:and))\s*$"
)


def _coordinated_title(before: str) -> bool:
    """A title-case headline's first clause 'Name Verbs Object,' (or '... And'): the verb is
    one the vocabulary knows, so a name ending in s ('Warner Bros') is not taken for it."""
    m = _COORDINATED_TITLE.search(before)
    verb = m.group("verb").lower() if m else ""
    return verb in AUXILIARIES or verb in _FIRST_VERBS


# "McDonald's Cuts Pay Packages, Closes Offices": verbs whose object is no employer.
_FIRST_VERBS = frozenset(["cuts", "slashes", "trims", "freezes", "halts", "pauses", "sells"])


# 'Bungie, the Sony-owned Destiny developer, lays off 220'; 'Frontier, the developer behind
# F1 Manager, Planet Zoo and other games, has announced layoffs': a descriptor's phrase may
# list products; a few words ('has', 'said it will') may stand between it and the action.
_APPOSITIVE = re.compile(
    r",\s+(?:the|a|an)\s+(?:[^,]{1,60}|(?:[\w-]+\s+){0,3}?(?:"
    + _DESCRIPTOR_WORDS
    + r")\s+(?:behind|of)\b[^;:]{1,120}?),(?P<tail>(?:\s+[\w’'-]+){0,3}?)\s*$",
    re.I,
)
# 'Qualcomm, Stung by Sluggish Smartphone Market, Plans Layoffs': an aside between the
# subject and its verb (auxiliaries after it), not a list of names sharing the verb.
_ASIDE = re.compile(r",\s+(?P<aside>[^,]{3,60}),(?P<tail>(?:\s+[\w’']+){0,2})\s*$")


def _without_aside(before: str) -> str:
    m = _ASIDE.search(before)
    if m is None or not all(w.lower() in AUXILIARIES for w in m.group("tail").split()):
        return before
    words = m.group("aside").split()
    if len(words) < 2 or not any(w.lower() in common_words() for w in words):
        return before  # 'Intel, Goldman Sachs, lay off': names
    return before[: m.start()] + " " + m.group("tail") + " "


_BARE_QUANTITY = re.compile(
    r"(?:(?:about|around|nearly|almost|some|over|more than|up to|another|roughly)\s+)?"
    r"(?:[\d,.]+[kK]?|" + _WORD_NUM + r")?",
    re.I,
)
_AFTER_EMPLOYER = re.compile(
    r"^\s+(?i:as|at|by|from|(?P<verb>hit|hits|strike|strikes|rock|rocks|reach|reaches|"
    r"come to|coming to|loom at|looming at|continue at))\s+(.{2,40})"
)


def _first_subject(text: str, *, title_case: bool) -> list[str]:
    """The sentence's grammatical subject: its first name that is not a place or quantity
    (nor the outlet a leading 'According to Bloomberg,' cites)."""
    text = _CITED_FIRST.sub("", text.rsplit(":", 1)[-1], count=1)
    runs = title_runs(_runs(text)) if title_case else _runs(text)
    for i, run in enumerate(runs):
        owned = runs[i + 1] if run.possessor and i + 1 < len(runs) else None
        if owned is not None and _joined(text, run, owned) and not person_like(owned.name):
            unit = owned.known or owned.name  # "Microsoft's LinkedIn", "Elon Musk's xAI"
            return [unit] if person_like(run.name) else [unit, run.known or run.name]
        if run.known:
            return [run.known]
        if i + 1 < len(runs) and _describes_next(text[run.end : runs[i + 1].start]):
            continue  # 'Crypto exchange Binance': the first word only qualifies the descriptor
        if _place(run.name) or region(run.name) or _QUANTITY.match(run.name) or _ai_word(run.name):
            continue
        return [] if _generic(run.name) else [run.name]
    return []


def _describes_next(gap: str) -> bool:
    words = gap.split()
    return 0 < len(words) <= 2 and words[-1].lower() in DESCRIPTORS and words[-1].islower()


def _gazetteer_names(text: str, *, title_case: bool) -> list[str]:
    return [name for _, name in find_known(text, title_case=title_case)]


# 'Gap will cut more than 500 workers ... as the struggling retailer tries': a headline opened
# by one capitalised dictionary word, the subject of a counted cut, which the item goes on to
# call 'the retailer' (or the lead opens on it too): an employer named by a common word.
_WORD_SUBJECT = re.compile(
    r"^\W*(?P<w>(?-i:[A-Z][a-z]{2,}))\s+(?:(?:will|to|is|reportedly|plans\s+to|says\s+it\s+will)"
    r"\s+)?$",
    re.I,
)
_REFERS_AS_EMPLOYER = re.compile(
    r"\b(?:the|its|struggling|embattled)\s+(?:[a-z][\w-]*\s+){0,2}?(?:retailer|company|firm|"
    r"chain|brand|group|bank|lender|insurer|carmaker|airline|studio|startup|publisher|"
    r"broadcaster|maker)\b"
)


def _word_named_subject(doc: _Doc, hit: _Hit, counted: bool) -> list[str]:
    m = _WORD_SUBJECT.match(doc.title[: hit.start])
    if m is None or doc.title_case or not counted or hit.noun:
        return []
    word = m.group("w")
    if _generic(word) or _place(word) or word.lower() in AUXILIARIES or known(word):
        return []
    texts = (doc.title, *doc.lead[:2])
    if not any(_REFERS_AS_EMPLOYER.search(t) for t in texts):
        return []
    return [word]
