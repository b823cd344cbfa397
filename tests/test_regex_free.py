"""Tests for exactly what a regex found, done without it or only where it can match (session 20)."""

from __future__ import annotations

import random
import re

from bot.regex_free import LOWER_ALNUM_HYPHEN, only

_CHARS = "abzAZ09-_ .,\n\t’é\u0130\u0131\u017f\u212a\udc80\x00\x7f\u00a0ǅ"


def test_only_is_the_regex_substitution() -> None:
    rng = random.Random(20)
    plain, hyphen = re.compile(r"[^a-z0-9]+"), re.compile(r"[^a-z0-9-]")
    texts = ["", "Acme Corp.", "l’Oréal S.A.", "AT&T - news", "x" * 500]
    texts += ["".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 16))) for _ in range(5000)]
    for text in texts:
        for t in (text, text.lower()):
            assert only(t) == plain.sub("", t), repr(t)
            assert only(t, LOWER_ALNUM_HYPHEN) == hyphen.sub("", t), repr(t)


def test_word_shapes_are_the_regexes_they_replace() -> None:
    from bot.story_names import ends_sentence, opens_capital

    opens, ends = re.compile(r"^[\"'‘“(\[]*[A-Z]"), re.compile(r"[.!?:;][\"'”’)]*$")
    rng = random.Random(20)
    marks = "aZAzé.!?:;\"'‘“([”’)]x9É"
    for _ in range(20000):
        word = "".join(rng.choice(marks) for _ in range(rng.randint(0, 7)))
        assert opens_capital(word) == bool(opens.match(word)), repr(word)
        assert ends_sentence(word) == bool(ends.search(word)), repr(word)


def test_research_sources_keys_are_the_derived_ones() -> None:
    from bot import headlines
    from bot.tagging.prefilter import keys

    patterns = (*headlines._RESEARCH_PATTERNS, *headlines._SAYS_PATTERNS)
    assert len(patterns) == len(headlines._PATTERN_KEYS) == len(headlines._FILTERED)
    for pattern, listed in zip(patterns, headlines._PATTERN_KEYS, strict=True):
        derived = keys(pattern)
        assert derived is None if listed is None else sorted(listed) == list(derived or ())


def test_research_sources_found_as_without_the_keys() -> None:
    from bot import headlines

    texts = [
        "Jobs data: AI cuts 10,000 roles, says UN report",
        "A report from employment firm Challenger, Gray & Christmas finds cuts",
        "ECB paper finds AI lifts jobs – Oxford Economics",
        "Microsoft’s new survey: workers fear AI",
        "According to the IMF, 40% of jobs are exposed",
        "IMF ESTIMATES job losses",
        "Researchers at Stanford University say",
        "Acme cuts 200 jobs - Reuters",
        "The Kelvin \u212a report by OECD",
    ]
    for text in texts:
        found = headlines.research_sources.__wrapped__(text)
        expected: set[str] = set()
        for pattern in headlines._RESEARCH_PATTERNS:
            for m in pattern.finditer(text):
                expected |= headlines._source_keys(m.group(1))
        for pattern in headlines._SAYS_PATTERNS:
            for m in pattern.finditer(text):
                if headlines._institution(m.group(1)):
                    expected |= headlines._source_keys(m.group(1))
        assert found == frozenset(expected), text


def test_each_boilerplate_rule_is_searched_where_its_derived_keys_are() -> None:
    from bot import feed_boilerplate as fb
    from bot.tagging.prefilter import keys

    tested = {fb._HN: fb._HN_KEY, fb._FOOTER: fb._FOOTER_KEY, fb._MORE_LINE: fb._MORE_KEY}
    tested |= {fb._SUBMITTER: fb._SUBMITTER_KEY}
    tested |= {rule: fb._CREDIT_KEY for rule in (fb._CREDIT_LINE, fb._CREDIT_START, fb._CREDIT_BAR)}
    for rule, holds in tested.items():
        derived = keys(rule)
        assert derived and all(holds(d) for d in derived), rule.pattern


def test_without_possessive_is_the_regex_substitution() -> None:
    from bot.regex_free import without_possessive

    regex = re.compile(r"['’]s?$")
    rng = random.Random(20)
    for _ in range(30000):
        word = "".join(rng.choice("as'’\nS") for _ in range(rng.randint(0, 6)))
        assert without_possessive(word) == regex.sub("", word), repr(word)


def test_strip_invisible_is_the_substitution() -> None:
    import sys

    from bot.html_text import _INVISIBLE, strip_invisible

    invisible = [chr(c) for c in range(sys.maxunicode + 1) if _INVISIBLE.match(chr(c))]
    assert all(not c.isprintable() for c in invisible)  # what the quick exit rests on
    rng = random.Random(20)
    pool = "ab Z9.\n\t’é\x00\x1b\x7f\x85\u200b\u202e\ufeff\udc80" + "".join(invisible[:8])
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        assert strip_invisible(text) == _INVISIBLE.sub("", text), repr(text)
