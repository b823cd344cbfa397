"""`finalize.standalone_in` finds what its regex (`_standalone`) finds, without compiling it."""

from __future__ import annotations

import random

from bot.tagging.finalize import _standalone, standalone_in

_ALPHABET = "Ab &'’.-_x1²Ⅻé  ,"


def _by_regex(name: str, texts: tuple[str, ...]) -> list[tuple[str, int, int]]:
    return [(t, m.start(), m.end()) for t in texts for m in _standalone(name).finditer(t)]


def test_borders_as_the_regex_reads_them() -> None:
    texts = (
        "Ab cuts jobs; xAb, Ab&Co, Ab's, ’Ab, .Ab, -Ab, _Ab, Ab_, Ab1, 1Ab, ²Ab, Abé, Ab",
        "AbAb Ab Ab",
        "",
    )
    for name in ("Ab", "AbAb", "b A", "Ab Ab"):
        assert list(standalone_in(name, texts)) == _by_regex(name, texts)


def test_random_texts() -> None:
    rng = random.Random(14)
    for _ in range(3000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 30)))
        name = "".join(rng.choice("Ab") for _ in range(rng.randint(1, 3)))
        texts = (text, text[::-1])
        assert list(standalone_in(name, texts)) == _by_regex(name, texts), (name, text)
