"""Capitalised name runs: the raw material of employer names, Title Case aware."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.companies import (
    common_words,
    company_for_person,
    gazetteer,
    known,
    listed_exactly,
)
from bot.language import english_words
from bot.regex_free import only, without_possessive
from bot.tagging.lexicon import _CONTRACTED_IS, _UPPER, _WORD
from bot.tagging.location import _PLACE_TABLE
from bot.tagging.name_parts import _given_names, _middle_initial, _numbered_name, and_listed
from bot.tagging.public_bodies import find_known_spans
from bot.tagging.vocabulary import (
    AI_ADJECTIVES,
    AUXILIARIES,
    DESCRIPTORS,
    GENERIC_SUBJECTS,
    NAME_SUFFIXES,
    NUMBER_WORDS,
)

_AT_EMPLOYER = re.compile(
    r"\b(?i:at|from|within|inside)\s+((?:"
    + _UPPER
    + r"[\w&'’.-]*|&)(?:\s+(?:"
    + _UPPER
    + r"[\w&'’.-]*|&)){0,3})"
)
_OWNED = re.compile(
    r"("
    + _UPPER
    + r"[\w.&'’]*(?:\s+"
    + _UPPER
    + r"[\w.&'’]*)*)(?:-(?i:owned|backed|controlled)|\s(?:Owned|Backed|owned)(?=\s+[A-Z]))"
    + r"\s+(.+)"
)  # 'Sony Owned Bungie', 'Amazon owned Zappos': the hyphen left out, as headlines do
_TOKEN = re.compile(r"[\w$&'’.-]+|,")
# Patterns of the name rules' hottest calls, compiled once (a `re.sub(str, ...)` looks
# its pattern up in re's cache at every call: ~70,000 times per 5,000 items).
_POSSESSIVE_S = re.compile(r"['’]s$")
_APOSTROPHE_S = re.compile(r"['’]s?$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_FIGURE_WORD = re.compile(r"[\d.,$%+]+[kKmMbB]?")
_AI_WORD = re.compile(r"(?:^|\s)(?:AI|GenAI)(?:-\w+)?(?:\s|$)|^AI-")


def _clean_token(token: str) -> str:
    return token.strip(".,;:'\"“”‘’()[]")


def _is_cap(token: str) -> bool:
    word = _clean_token(token)
    return bool(word) and (word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word))


def _place(name: str) -> str | None:
    key = _POSSESSIVE_S.sub("", name).strip().lower()
    return (
        _PLACE_TABLE.get(key)
        or _PLACE_TABLE.get(key + ".")
        or _PLACE_TABLE.get(key.removeprefix("the "))
    )


_CONTRACTION = re.compile(
    r"^[a-z]+['’](?:re|ve|ll|d|m)$|^(?:it|that|there|here|what|who|he|she)['’]s$"
)


# 'Post-Cyberpunk', 'Mid-Year', 'Anti-AI': a prefixed word is a time or a stance, no name;
# 'S.F', 'L.A': a place's initials; 'Q2', 'FY23': a period; 'Scandal-': a cut compound.
_NOT_A_NAME = re.compile(
    r"^(?:(?:post|pre|mid|anti|non|ex|pro|re|over|under|multi)-[\w'’]+|(?:[a-z]\.){1,3}[a-z]?\.?|"
    r"[qh][1-4]|fy\d{2,4}|[\w'’]+-)$",
    re.I,
)


def _generic(name: str) -> bool:
    if _CONTRACTION.match(name.lower()):  # "You’re not as replaceable as you think"
        return True
    if _NOT_A_NAME.match(name) or _NOT_A_NAME.match(name.split()[0] if name.split() else ""):
        return True
    low = _POSSESSIVE_S.sub("", name.lower()).strip()
    if low in GENERIC_SUBJECTS or _place(name):
        return True
    if _OFFICE.search(name) and company_for_person(name) is None:
        return True  # 'PM Modi-Xi Jinping', 'Iceland PM', 'Judge': a person or an office
    words = low.split()
    if len(words) > 1 and _WORKERS.fullmatch(words[-1]):
        # 'Apex Legends Playtesters', 'Amazon Warehouse Workers': the staff, not their employer
        return True
    return all(w in GENERIC_SUBJECTS or w in AUXILIARIES or w in DESCRIPTORS for w in words)


# A public office or a person's title opening or closing a run: the run names a person or
# an office holder, not an employer ('President Biden', 'Iceland PM', 'Singer Amira Sol').
# Not 'Sir', 'Mr' or 'Dr': bosses ('Sir Richard Branson') and brands ('Mr Kipling') wear them.
_OFFICE = re.compile(
    r"^(?:PM|Prime Minister|President|Vice President|Minister|Senator|Sen\.|Rep\.|Gov\.|"
    r"Governor|Judge|Mayor|Chancellor|Pope|"
    r"Singer|Actor|Actress|Rapper|DJ)(?:\s|$)|\s(?:PM|President|Minister)$"
)


def _person(name: str) -> bool:
    """'Larry Nassar', 'Gene Sharp', 'Michael Haneke': a common given name and one or two
    capitalised surnames, neither a listed employer nor a known boss, names a person. Only
    news that reports no job action falls back on such a subject, so only there is it read
    (a 'John Lewis' cutting jobs is still found as the actor)."""
    words = name.split()
    return (
        1 < len(words) <= 3
        and words[0].lower() in _given_names()
        and all(w[:1].isupper() and w.isalpha() for w in words[1:])
        and words[-1].lower() not in NAME_SUFFIXES
        and words[-1].lower() not in DESCRIPTORS
        and known(name) is None
        and company_for_person(name) is None
    )


# 'Glee actor Mark Salling found dead', 'Oscar-winning director Michael Haneke to ...': a
# headline opening on what a person does and their name is about that person.
_PERSON_OPENING = re.compile(
    r"^\W*(?:[A-Z][\w'’-]*\s+){1,2}(?:actor|actress|singer|rapper|director|star|player|"
    r"coach|veteran|scholar|author|writer|novelist|comedian|host|presenter|DJ|athlete|"
    r"footballer|golfer|boxer|musician|artist|model|influencer|politician|activist)\s+[A-Z]"
)


def people(title: str, subject: list[str]) -> bool:
    """Whether news with no job action is about a person, not an employer: its headline
    opens on what a person does and their name, or its subject is a person's name."""
    return _PERSON_OPENING.match(title) is not None or any(_person(n) for n in subject)


_WORKERS = re.compile(
    r"(?:play)?testers|workers|employees|staffers|staff|engineers|developers|moderators|"
    r"contractors|drivers|nurses|teachers|journalists|reporters|artists|writers|agents|"
    r"cashiers|technicians|programmers|designers|translators|recruiters"
)


def _strip_tail(tokens: list[str]) -> list[str]:
    while tokens and (_clean_token(tokens[-1]).lower() in AUXILIARIES or tokens[-1] == ","):
        tokens = tokens[:-1]
    return tokens


_COMMON = common_words()
# Unicode words: an accented letter is part of its word ('Mãe', 'Não'), never a break.
_WORD_TOKEN = re.compile(r"[\w$&'’.\-]+")
_BREAK_BETWEEN = re.compile(r"[,:;()\[\]|—–]|\s-\s")
_PREPOSITION_GAP = re.compile(
    r"\b(?:for|of|about|on|in|to|with|from|amid|over|after|behind|into|like|than|as|by|"
    r"despite|against|around)\b",
    re.I,
)
_QUANTITY = re.compile(
    r"^(?:[\d.,]+[kK]?|hundreds|thousands|dozens|scores|millions|" + _WORD + r")$", re.I
)


@dataclass
class _Run:
    name: str
    start: int
    end: int
    possessor: bool = False
    known: str | None = None


_PERIOD = re.compile(r"(?:Q[1-4]|H[12]|FY-?\d{2,4})(?:['’]s)?")


def _breaks(word: str) -> bool:
    low = without_possessive(word.lower())
    if not _is_cap(word) or _FIGURE_WORD.fullmatch(word):
        return True
    if _PERIOD.fullmatch(word):
        return True  # 'Zalando Q3 earnings', 'Acme FY25 results': a period, not a name
    return low in _COMMON or low in AUXILIARIES or low in DESCRIPTORS or low.endswith("maker")


_BRAND_VERB = re.compile(
    r"\s+(?i:will|would|could|may|might|to|is|are|was|were|has|had|have|says|said|plans|"
    r"announces|announced|confirms|confirmed|reportedly|temporarily|quietly|should|can|"
    r"prepares|considers|begins|starts|lays|laid|slashes|sheds|shuts|closes|eliminates)\b"
)
_UNIT_WORDS = re.compile(
    r"(?:\s+(?=[A-Z])(?i:"
    + "|".join(sorted(NAME_SUFFIXES, key=lambda d: (-len(d), d)))
    + r")\b(?![’'-]))+"
)
_DESCRIPTOR_BEFORE = re.compile(
    r"(?:\b(?:owner|parent|developer|firm|company|giant|group|rival|startup|chain|retailer|"
    r"publisher|operator|lender|insurer|carrier|airline|bank|broadcaster|studio)|maker)\s+$"
)


def _named_by_descriptor(text: str, start: int, word: str) -> bool:
    """'Mirror owner Reach', 'retailer Next': a capitalised dictionary word right after a
    lowercase descriptor is the name the descriptor introduces."""
    return (
        word[:1].isupper()
        and word.lower() not in AUXILIARIES
        and word.lower() not in GENERIC_SUBJECTS
        and not word.isupper()
        and bool(_DESCRIPTOR_BEFORE.search(text, max(0, start - 20), start))
    )


# 'Seattle-based', 'Russia-backed', 'Oscar-winning': a word qualifying the name, not part of it.
_COMPOUND_ADJECTIVE = re.compile(
    r"-(?:based|hit|strapped|stricken|struck|plagued|listed|backed|winning|born|led)$", re.I
)
_NEXT_CAPITAL = re.compile(r"\s+[A-Z]")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{4,}\b")


def _inner_word(text: str, m: re.Match[str], bare: str) -> bool:
    """'Seattle Public Schools', 'Human Rights Watch': in prose, a capitalised common word
    between two capitalised words is part of one name (in Title Case every word is
    capitalised, so there it ends the run as usual: prose has lowercase words). A
    capitalised number word after a name ends it: 'studio Deck Nine lays off'."""
    if not bare[:1].isupper() or bare.isupper() or _LOWER_WORD.search(text) is None:
        return False
    if bare.lower() in NUMBER_WORDS:
        return True
    return (
        len(bare) > 3 and bare.lower() in _COMMON and _NEXT_CAPITAL.match(text, m.end()) is not None
    )


_OPENING = re.compile(r"(?:^|[.!?:;|—–\"“‘(\[])\s*$")


def _the_opens_name(text: str, m: re.Match[str]) -> bool:
    """'Developer The Game Band announced': in prose, a capitalised 'The' mid-sentence
    before capitalised words opens a name ('The Molasses Flood', 'The Initiative')."""
    return (
        _OPENING.search(text, max(0, m.start() - 3), m.start()) is None
        and _NEXT_CAPITAL.match(text, m.end()) is not None
        and _LOWER_WORD.search(text) is not None
    )


def _opens_described_name(text: str, m: re.Match[str], bare: str) -> bool:
    """'developer New World Interactive': in prose, a capitalised common word right after a
    lowercase descriptor and before another capitalised word opens the name it introduces."""
    return (
        bare[:1].isupper()
        and not bare.isupper()
        and _NEXT_CAPITAL.match(text, m.end()) is not None
        and _LOWER_WORD.search(text) is not None
        and bool(_DESCRIPTOR_BEFORE.search(text, max(0, m.start() - 20), m.start()))
    )


def _qualifier(word: str) -> bool:
    return "-" in word and _COMPOUND_ADJECTIVE.search(word) is not None


def _ends_run(text: str, m: re.Match[str], bare: str, inside: bool) -> bool:
    """Whether a word that breaks runs (`_breaks`) ends this one (or, 'The', opens one)."""
    if not inside and bare == "The" and _the_opens_name(text, m):
        return False
    if not inside and _opens_described_name(text, m, bare):
        return False
    return not _named_by_descriptor(text, m.start(), bare) and not (
        inside and _inner_word(text, m, bare)
    )


def _run_ends_at(text: str, m: re.Match[str], bare: str, current: _Run | None) -> bool:
    """Whether the word `bare` (at `m`) ends the current run, or cannot open one."""
    if current is None and _numbered_name(text, m.start()):
        return False
    if _middle_initial(text, m.end(), bare, current.name if current else None):
        return False
    if bare[:1].isupper() and _listed_with(text, m, bare, current):
        return False  # 'Western Digital', 'General Mills': a listed name's common word
    return _breaks(bare) and _ends_run(text, m, bare, current is not None)


_NEXT_WORD = re.compile(r"\s+([A-Z][\w&.-]*?)(?:['’]s?)?(?![\w&.'’-])")


def _listed_with(text: str, m: re.Match[str], bare: str, current: _Run | None) -> bool:
    """Whether `bare` belongs to a listed name: the run so far and it, or it and the next
    capitalised word ("General Mills's layoffs": 'General' opens the name)."""
    if current is not None:
        return listed_exactly(f"{current.name} {bare}")
    following = _NEXT_WORD.match(text, m.end())
    return following is not None and listed_exactly(f"{bare} {following.group(1)}")


def _runs(text: str) -> list[_Run]:
    """Capitalised name runs, with listed companies and known bosses resolved.

    Common words, descriptors ('agency', 'maker') and numbers end a run, so Title Case
    headlines split into their names too.
    """
    spans = find_known_spans(text)
    runs: list[_Run] = []
    current: _Run | None = None
    last_end = 0

    def flush() -> None:
        nonlocal current
        if current is not None:
            current.name = current.name.strip(" &")
            if current.name and current.name != "The":
                current.known = current.known or company_for_person(current.name)
                runs.append(current)
        current = None

    pos = 0
    for start, end, name in [*spans, (len(text), len(text), "")]:
        for m in _WORD_TOKEN.finditer(text, pos, start):
            if _BREAK_BETWEEN.search(text, last_end, m.start()):
                flush()
            last_end = m.end()
            word = m.group().strip("'\".,;:“”‘’()")
            if not word or _qualifier(word) or (word == "&" and current is None):
                flush()
                continue
            possessive = (bare := without_possessive(word)) != word and len(word) > 2
            bare = bare if possessive else word
            if word != "&" and _run_ends_at(text, m, bare, current):
                flush()
                continue
            if current is None:
                current = _Run(bare, m.start(), m.end())
            else:
                current.name += " " + bare
                current.end = m.end()
            if possessive:
                _mark_possessive(text, m.end(), current)
                flush()
        if not name:
            break
        if _BREAK_BETWEEN.search(text, last_end, start):
            flush()
        flush()
        unit = _NEXT_CAPITAL.match(text, end) and _UNIT_WORDS.match(text, end)  # 'Amazon Games'
        end = unit.end() if unit else end
        possessive = bool(_POSSESSIVE_AFTER.match(text[end : end + 2]))
        runs.append(_Run(name, start, end, possessor=possessive, known=name))
        pos = last_end = end + (2 if possessive else 0)
    flush()
    return _join_known(text, _join_of(text, runs))


# 'League of Geeks', 'Bank of Nova Scotia': a lowercase 'of' between capitalised words
# inside one name; 'CEO of Acme', 'President of Acme' are a title and its employer.
_OF_TITLE = re.compile(
    r"(?:president|head|chief|secretary|minister|director|mayor|governor|ceo|cfo|cto|boss|"
    r"vp|vice|member|leader|chair\w*|founder|co-founder|owner|king|queen|prince|princess|"
    r"lord|lady|duke|duchess|friends?|days?|years?|end|start|rest|most|all|some|one|none|"
    r"both|each|many|part|half|makers?|creators?|developers?|publishers?|studios?|fans|staff|"
    r"workers|employees|players|users|victims|families|members)$",
    re.I,
)
_OF_GAP = re.compile(r"\s+of\s+$")


def _join_of(text: str, runs: list[_Run]) -> list[_Run]:
    """'League of Geeks': two unlisted runs joined by a lowercase 'of' are one name, unless
    the first is a title or a generic word ('CEO of Acme', 'Makers of Widget')."""
    out: list[_Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _OF_GAP.fullmatch(text, prev.end, run.start)
            and not (prev.known or run.known or prev.possessor)
            and len(prev.name.split()) <= 2
            and not (_generic(prev.name) or _place(prev.name) or _generic(run.name))
            and not _OF_TITLE.match(prev.name.split()[-1])
        ):
            out[-1] = _Run(f"{prev.name} of {run.name}", prev.start, run.end, run.possessor)
        else:
            out.append(run)
    return out


# 'Ford of Europe', 'Ford Of Britain': a listed employer's regional arm is the employer.
_REGIONS = frozenset(
    ["europe", "asia", "africa", "americas", "north america", "latin america", "asia pacific"]
)
_OF_ONLY = re.compile(r"\s+(?i:of)\s+")
_SPACE_ONLY = re.compile(r"\s+")


def _join_known(text: str, runs: list[_Run]) -> list[_Run]:
    """'Paramount Skydance', 'Sony Interactive Entertainment': a run that a capitalised
    dictionary word broke ('Paramount' is a word, and a listed name of its own) is joined
    to the words after it when together they spell a name the gazetteer lists; the tail
    alone ('Skydance') is no better answer. 'Ford of Europe' is Ford's regional arm."""
    out: list[_Run] = []
    for run in runs:
        prev = out[-1] if out else None
        joined = None if prev is None or prev.possessor else _known_join(text, prev, run)
        if joined is None:
            out.append(run)
        else:
            out[-1:] = joined
    return _widened(text, out)


def _widened(text: str, runs: list[_Run]) -> list[_Run]:
    """Each run widened over the words around it to a listed name (`_over_words`); a
    widening that would cut another run in two is not taken, one it covers is dropped."""
    out: list[_Run] = []
    for run in runs:
        if out and run.end <= out[-1].end:
            continue  # covered by the run before, widened over it
        wide = _over_words(text, run)
        if any(_cuts_into(wide, other) for other in runs):
            wide = run
        if out and wide.start < out[-1].end:
            out.pop()  # 'Royal Bank of Canada' from 'Canada': 'Royal' is inside it
        out.append(wide)
    return out


def _cuts_into(wide: _Run, other: _Run) -> bool:
    overlaps = other.start < wide.end and wide.start < other.end
    return overlaps and not (wide.start <= other.start and other.end <= wide.end)


# Up to two capitalised words (an 'of' or '&' between) right before or after a run.
_WORDS_BEFORE = re.compile(r"(?:[A-Z][\w&'’.-]*\s+(?:(?i:of|&)\s+)?){1,2}$")
_WORDS_AFTER = re.compile(r"(?:\s+(?:(?i:of|&)\s+)?[A-Z][\w&'’-]*){1,2}")


def _over_words(text: str, run: _Run) -> _Run:
    """'General Electric', 'Capital One', 'Dollar General': capitalised dictionary words
    end a run, so a listed name that opens or closes on one ('General', 'One') is cut to
    its other word; the words around the run (not another run's) that together with it
    spell a name the gazetteer lists are that name."""
    if run.possessor:
        return run
    # Most runs have no capitalised word beside them: a look at two characters says so.
    near_before = run.start > 1 and text[run.start - 1] == " " and text[run.start - 2].isalnum()
    near_after = text[run.end : run.end + 1] == " " and text[run.end + 1 : run.end + 2] in _OPENERS
    before = near_before and _WORDS_BEFORE.search(text, max(0, run.start - 30), run.start)
    after = near_after and _WORDS_AFTER.match(text, run.end)
    if not before and not after:
        return run
    starts = _cuts(text, before.start(), run.start) if before else [run.start]
    ends = _cuts(text, run.end, after.end(), right=True) if after else [run.end]
    for start in starts:
        for end in ends:
            listed = _listed(text[start:end]) if (start, end) != (run.start, run.end) else None
            if listed is not None and listed != run.known:
                return _Run(" ".join(text[start:end].split()), start, end, known=listed)
    return run


_LEGAL_WORDS = frozenset(["co", "inc", "corp", "corporation", "company", "ltd", "plc", "llc"])


def _listed(name: str) -> str | None:
    """`known(name)` read exactly (no plural, no legal suffix), and for plain ASCII without
    its Unicode folding: most words around a run spell no name, and each is new text."""
    if not name.isascii() or name.rsplit(None, 1)[-1].strip(".,").lower() in _LEGAL_WORDS:
        return known(name)  # 'Ford Motor Co.': known() strips the legal form
    return gazetteer().canonical_by_alias.get(only(name.lower().replace("&", " and ")))


_OPENERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZo&")
_CAPITAL_WORD = re.compile(r"(?<!\S)[A-Z][\w&'’-]*")


def _cuts(text: str, start: int, end: int, *, right: bool = False) -> list[int]:
    """Where a name may begin in text[start:end] (or end, with `right`), widest first:
    at a capitalised word, the run's own edge last."""
    words = list(_CAPITAL_WORD.finditer(text, start, end))
    if right:
        return [*(m.end() for m in reversed(words)), start]
    return [*(m.start() for m in words), end]


def _known_join(text: str, prev: _Run, run: _Run) -> list[_Run] | None:
    if prev.known and _OF_ONLY.fullmatch(text, prev.end, run.start):
        if run.name.lower() in _REGIONS or _place(run.name):
            name = f"{prev.name} of {run.name}"
            return [_Run(name, prev.start, run.end, run.possessor, prev.known)]
        return None
    if (listed := and_listed(text, prev.name, prev.end, run.start, run.name)) is not None:
        return [_Run(f"{prev.name} and {run.name}", prev.start, run.end, run.possessor, listed)]
    if not _SPACE_ONLY.fullmatch(text, prev.end, run.start):
        return None
    tokens = list(_WORD_TOKEN.finditer(text, run.start, run.end))
    words = run.name.split()
    if len(tokens) != len(words):
        return None
    if _names_its_unit(prev, run, words):
        # 'Sony Music', 'Intel Foundry': the listed parent's unit, named with dictionary
        # words; the word alone ('Music') is no employer, the parent is the listed name.
        name = f"{prev.name} {run.name}"
        return [_Run(name, prev.start, run.end, run.possessor, prev.known)]
    for n in range(len(words), 0, -1):
        name = f"{prev.name} {' '.join(words[:n])}"
        listed = known(name)
        if listed is None or listed == prev.known:
            continue
        if n == len(words):
            return [_Run(name, prev.start, run.end, run.possessor, listed)]
        rest = _Run(" ".join(words[n:]), tokens[n].start(), run.end, run.possessor, run.known)
        return [_Run(name, prev.start, tokens[n - 1].end(), False, listed), rest]
    return None


_VERB_FORM = re.compile(r"(?:[^s]s|ed|ing)$")


def _names_its_unit(prev: _Run, run: _Run, words: list[str]) -> bool:
    if not prev.known or known(prev.name) is None or run.known or len(words) > 2:
        return False
    vocabulary = english_words()
    low = [w.lower() for w in words]
    return (
        all(w in vocabulary for w in low)
        and not _VERB_FORM.search(low[0])  # 'Microsoft Hosts Sting Concert': its predicate
        and not any(w in GENERIC_SUBJECTS or w in AUXILIARIES for w in low)
        and known(run.name) is None
        and _place(run.name) is None
    )


def _mark_possessive(text: str, end: int, run: _Run) -> None:
    """What a run's closing 's makes it: a listed brand ("McDonald's Cuts Pay"), the verb
    'is' ("Meta’s reportedly planning": the bare name), a brand's own name before its verb
    ("Wendy's announces job cuts"), or an owner ("Google's layoffs", "Sony's Bungie")."""
    brand = _brand_with_s(text[run.start : end], run.name)
    if brand is not None or _CONTRACTED_IS.match(text, end):
        run.name, run.known = brand or run.name, brand or run.known
    elif _BRAND_VERB.match(text, end) and not _owner(run.name):
        run.name = text[run.start : end].strip('"“”‘(')
    else:
        run.possessor = True


def _brand_with_s(written: str, bare: str) -> str | None:
    """The listed name `written` is when the gazetteer lists it with its 's ("McDonald's")
    and not without it (`bare`): a brand, not a possessive."""
    listed = known(written.strip('"“”‘(').replace("’", "'"))
    if listed is None or not listed.endswith("'s") or (bare and _owner(bare)):
        return None
    return listed


def _owner(name: str) -> bool:
    """Whether a listed company is called `name` itself (not `name`'s, as McDonald's is)."""
    listed = known(name)
    return listed is not None and _fold(listed) == _fold(name)


def _ai_word(name: str) -> bool:
    return bool(_AI_WORD.search(name)) and not (_ai_company_name(name))


_AI_COMPANY_NAME = re.compile(r"^[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)? AI$")


def _ai_company_name(name: str) -> bool:
    """'Scale AI', 'Stability AI': a brand ending in AI, not 'Generative AI'."""
    return bool(_AI_COMPANY_NAME.match(name)) and name.split()[0].lower() not in AI_ADJECTIVES


def _fold(name: str) -> str:
    return only(name.lower())


# "Meta's Reality Labs to cut": capitalised dictionary words between an owner and the name
# before the verb are the start of the unit's name (they end a run by themselves).
_UNIT_WORDS_GAP = re.compile(r"['’]s?\s+((?:[A-Z][a-z]+\s+){1,2})")


def _owned_unit_words(subject: str, owner: _Run, unit: _Run, names: list[str]) -> bool:
    m = _UNIT_WORDS_GAP.fullmatch(subject, owner.end, unit.start)
    if not owner.possessor or m is None or unit.known or names[-1:] != [unit.name]:
        return False
    if any(w.lower() in GENERIC_SUBJECTS or w.lower() in DESCRIPTORS for w in m.group(1).split()):
        return False  # "Meta's Gaming Division": a descriptor, the owner's own cut
    names[-1] = f"{m.group(1)}{unit.name}"
    return True
