"""The summarizer's lazy ranking (`bot.summarize._Ranking`) picks what sorting every
sentence's full score picks: the lead and the next sentence that fits after it."""

import json
import random
from pathlib import Path

from bot.summarize import MAX_CHARS, _names_company, _points, _Ranking
from bot.tagging import has_quantity, mentions_ai, states_action
from bot.tagging.document import sentences_of

DEV = Path(__file__).parent / "data" / "eval" / "dev.jsonl"
NAMES = ("Acme", "Globex")


def _score(sentence: str, index: int, names: tuple[str, ...]) -> float:
    """A sentence's full score, every term asked (what the summarizer sorted by before)."""
    action = states_action(sentence)
    named = _names_company(sentence, names)
    quantity = action and has_quantity(sentence)
    return _points(action, named, quantity, mentions_ai(sentence), len(sentence) > MAX_CHARS, index)


def _sorted_first(sentences: list[str], among: list[int], names: tuple[str, ...]) -> int:
    """The order the summarizer used before: `sorted` by score, every score computed."""
    scored = sorted(((_score(sentences[i], i, names), i) for i in among), key=lambda x: -x[0])
    return scored[0][1]


def _check(sentences: list[str], names: tuple[str, ...]) -> None:
    ranking = _Ranking(sentences, names)
    everything = list(range(len(sentences)))
    lead = ranking.first(everything)
    assert lead == _sorted_first(sentences, everything, names)
    fits = [
        i
        for i in everything[lead + 1 :]
        if len(sentences[lead]) + 1 + len(sentences[i]) <= MAX_CHARS
    ]
    if fits:
        assert ranking.first(fits) == _sorted_first(sentences, fits, names)


def test_same_choice_as_sorting_every_score_on_dev_texts():
    rng = random.Random(7)
    pool = []
    for line in DEV.read_text(encoding="utf-8").splitlines()[:400]:
        record = json.loads(line)
        text = f"{record.get('title', '')}. {record.get('summary', '')} {record.get('content', '')}"
        pool += sentences_of(text)
    assert len(pool) > 200
    for _ in range(400):
        _check(rng.sample(pool, rng.randint(1, 25)), NAMES)


def test_ties_across_ten_places_keep_the_earlier_sentence():
    # 1.0 more score ten places later is an exact tie (4 - 0.0 == 5 - 1.0): the earlier wins.
    plain = "The company said on Tuesday that results were in line with forecasts today."
    ai = "The company said AI tools would change how the team works over the next year."
    cut = "Acme will cut 300 jobs across its offices this year, the company said today."
    for sentences in (
        [plain] * 10 + [ai] * 5,
        [ai] + [plain] * 9 + [ai, ai],
        [cut] + [plain] * 9 + [cut.replace("300 jobs", "jobs")] * 3,
        [plain] * 3 + [cut] * 2 + [ai] * 12,
        [ai] * 25,
    ):
        _check(sentences, NAMES)
        _check(sentences, ())
