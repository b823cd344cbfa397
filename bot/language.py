"""Which language an item is in: offline, small, and biased to English on purpose.

Marking an English item foreign drops it from the digest, while a foreign item taken for
English is only tagged badly, so English wins ties and weak evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from bot.ignorecase import twins_for

__all__ = ["detect_language", "english_words"]

# bot/data, next to this package. Not `importlib.resources.files`: its import loads
# zipfile and tempfile, ~1% of the start of a company lookup (`ask tiktok`), which is
# the first to read the dictionary (as bot/store/migrate.py finds its migrations).
_DATA = Path(__file__).resolve().parent / "data"


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
    text = (_DATA / "english_words.txt").read_text(encoding="utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


@lru_cache(maxsize=1)
def _foreign_stop_words() -> dict[str, tuple[str, ...]]:
    """Each language's function words less any English word (only those are evidence), as
    word -> the languages it is evidence for, in _STOP_WORDS' order (the first of equals
    wins): one dict look-up per word instead of one set per language."""
    english = english_words() | _STOP_WORDS["en"]
    shared = _words("de la le van von del die da dos son come tan pan art")
    index: dict[str, tuple[str, ...]] = {}
    for code, stop in _STOP_WORDS.items():
        if code != "en":
            for word in stop - english - shared:
                index[word] = (*index.get(word, ()), code)
    return index


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
_FIRST_SCRIPT = "\u0370"  # every script above starts here or later
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u036f]")  # a _LETTER from U+0370 on
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CODES = tuple(code for code in _STOP_WORDS if code != "en")


def _script_language(text: str) -> str | None:
    """The language a non-Latin script shows by itself (over 30% of the letters), or None.

    Latin-only text (nearly all items) is settled by one max(); otherwise each script is
    counted with one findall over the non-Latin letters. Running every letter through
    every script's pattern was a seventh of the time it took to ingest an item (issue 14).
    """
    if not text or max(text) < _FIRST_SCRIPT:
        return None
    non_latin = "".join(_NON_LATIN_LETTER.findall(text))
    if not non_latin:
        return None
    letters = len(_LETTER.findall(text))
    for regex, code in _SCRIPT_RES:
        if len(regex.findall(non_latin)) / letters > 0.3:
            if code == "ru" and re.search("[іїєґ]", text, re.I):
                return "uk"
            if code == "zh" and re.search("[\u3040-\u30ff]", text):
                return "ja"
            return code
    return None


_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language, "en" unless another is clearly shown.

    A non-Latin script decides by itself; Latin text is judged by function words, which
    short headlines still carry ("Mãe de utente é a nova presidente da ...").
    """
    script = _script_language(text)
    if script is not None:
        return script
    low = text.lower()
    twin = twins_for(text)  # plain ASCII (nearly every item): the rules' re.ASCII twins
    # Every _URL match holds 'http' or 'www.' (no other character matches their letters
    # under IGNORECASE): without them the substitution, ~1/3 of this function, is skipped.
    if "http" in low or "www." in low:
        text = twin(_URL).sub(" ", text)  # an address's parts are words of no language
    raw = twin(_WORDS).findall(text)
    if not raw:
        return "en"
    # Lowered in one piece: no word holds a space, and str.lower reads a word's letters
    # alike whether a space or the text's end borders it (even a final sigma).
    words = " ".join(raw).lower().replace("’", "'").split(" ")
    index = _foreign_stop_words()
    evidence = list(filter(index.__contains__, words))  # in C: few words are evidence
    if not evidence:
        # No function word of another language ('Guatemalská polícia použila slzotvorný
        # plyn proti migrantom'): letters only that language writes, on words no English
        # dictionary lists, still show it.
        return _by_letters(text, words, raw) or "en"
    english_stop = _STOP_WORDS["en"]
    english = sum(map(english_stop.__contains__, words))
    hits = Counter(code for w in evidence for code in index[w])
    best, best_hits = "en", 0
    for code in _CODES:
        if hits[code] > best_hits:
            best, best_hits = code, hits[code]
    if best_hits == 0 or best_hits <= english:
        return _by_letters(text, words, raw) or "en"
    if best_hits >= 2 and best_hits > 2 * english and best_hits >= 0.15 * len(words):
        return best
    # Short headlines: few function words, but their ordinary (lower-case) words are
    # not English ones. Capitalised words are left out, as names are in no dictionary.
    vocabulary = english_words()
    plain = [w for w, r in zip(words, raw, strict=True) if r[0].islower() and len(w) > 1]
    if len(plain) >= 3:
        foreign = sum(1 for w in plain if w not in vocabulary and w not in english_stop)
        if foreign / len(plain) >= 0.6:
            return best
    return "en"


# Letters that only some languages write (Latin script), as evidence when function words are
# missing: 'ľ' or 'ž' is Slovak (or a neighbour: any is not English), 'ř' Czech, 'ł' Polish, 'ã' Portuguese, 'ñ' Spanish, 'ß' German.
_LETTER_LANGUAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("[řůě]", re.I), "cs"),
    (re.compile("[ľĺŕôäčšžťďň]", re.I), "sk"),
    (re.compile("[ąęłńśźż]", re.I), "pl"),
    (re.compile("[ãõ]", re.I), "pt"),
    (re.compile("[ñ]", re.I), "es"),
    (re.compile("[ß]"), "de"),
)


def _by_letters(text: str, words: list[str], raw: list[str]) -> str | None:
    """The language some of its own letters show, when most lower-case words are not
    English; None otherwise (English wins weak evidence: 'São Paulo' in an English line)."""
    if max(text) < "\u00c0":
        return None
    vocabulary = english_words()
    plain = [w for w, r in zip(words, raw, strict=True) if r[0].islower() and len(w) > 1]
    if len(plain) < 4 or sum(w not in vocabulary for w in plain) < 0.6 * len(plain):
        return None
    found = [code for regex, code in _LETTER_LANGUAGES if regex.search(text)]
    return found[0] if found else None
