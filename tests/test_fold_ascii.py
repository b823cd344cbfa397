"""`companies._fold` skips the Unicode decomposition on ASCII text: the same keys as the
decomposition gives, on every name of the gazetteer and on random ASCII."""

import random
import re
import string
import unicodedata

from bot.companies import _fold, gazetteer


def _decomposed(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]", "", text.replace("&", " and "))


def test_same_key_as_the_decomposition():
    gaz = gazetteer()
    names = [*gaz.names, *gaz.surface_forms, *gaz.people, "Nestlé", "L'Oréal", "Ｓｏｎｙ", "AT&T"]
    rng = random.Random(3)
    names += ["".join(rng.choices(string.printable, k=rng.randint(0, 20))) for _ in range(2000)]
    for name in names:
        assert _fold(name) == _decomposed(name), name
