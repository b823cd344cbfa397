"""The store leaves out candidate stories an item naming an employer could never join
(bot.stories.EmployerFilter, #14). It must never leave out one `match_story` would accept:
checked here on every pair of labelled items of the dev and story sets, each as the other's
candidate, a day apart."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta
from pathlib import Path

from bot.models import Article, Kind, Tags
from bot.store.candidates import _text, story_digest
from bot.stories import StoryCandidate, _score, candidate_scope
from bot.story_employers import _names_in, may_name

EVAL = Path(__file__).parent / "data" / "eval"
SETS = ("dev.jsonl", "fresh-stories.jsonl")


def _labelled() -> list[tuple[Article, Tags]]:
    out = []
    for name in SETS:
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            labels = row["labels"]
            article = Article(
                title=row["title"],
                text=row.get("summary") or "",
                link=row["link"],
                published=datetime.fromisoformat(row["published"].replace("Z", "+00:00")),
            )
            tags = Tags(
                kind=Kind(labels["kind"]),
                companies=tuple(labels.get("companies") or ()),
                headcount=labels.get("headcount"),
                percent=labels.get("percent"),
                functions=tuple(labels.get("functions") or ()),
            )
            out.append((article, tags))
    return out


def _row_text(titles: list[str], headline: str) -> str:
    """What the store gives the filter for a story holding these titles."""
    row = (1, "key", headline, "{}", None, story_digest(titles, [""] * len(titles)))
    return _text(row)


def test_the_employer_filter_keeps_every_story_an_item_could_join() -> None:
    items = _labelled()
    checked = 0
    for (article, tags), (other, other_tags) in itertools.permutations(items, 2):
        scope = candidate_scope(article, tags)
        if scope.employers is None:
            continue
        candidate = StoryCandidate(
            1,
            "key",
            other.title,
            other_tags,
            article.published + timedelta(days=1),
            (other.title,),
            (other.text,),
        )
        if _score(article, tags, candidate) is not None:
            checked += 1
            text = _row_text([other.title], other.title)
            assert scope.employers.keeps(other_tags.companies, text), (article.title, other.title)
    assert checked > 100


def test_a_headline_naming_an_employer_is_never_ruled_out_by_its_text() -> None:
    items = _labelled()
    names = {c for _, tags in items for c in tags.companies}
    names |= {"X", "Meta", "Alphabet", "Marlow & Finch", "Embracer Group", "Société Générale"}
    titles = [a.title for a, _ in items] + [
        "Twitter lays off 200",
        "Facebook parent cuts jobs",
        "Google's cloud unit trims staff",
        "Marlow & Finch cuts 40 roles",
        "Embracer to shed studios",
        'Societe Generale "restructures" again',
    ]
    named = 0
    for name, title in itertools.product(names, titles):
        if _names_in([name], [title]):
            named += 1
            assert may_name(name, title), (name, title)
            assert may_name(name, _row_text(["An earlier headline", title], title)), (name, title)
    assert named > 50


def test_a_headline_naming_the_items_employer_is_kept_and_another_employer_is_not() -> None:
    when = datetime(2025, 3, 1)
    article = Article("Twitter lays off 200 engineers", "", "https://a.example/1", when)
    scope = candidate_scope(article, Tags(kind=Kind.LAYOFF, companies=("X",)))
    assert scope.employers is not None
    assert scope.employers.keeps((), _row_text(["Twitter's layoffs hit its sales team"], ""))
    assert not scope.employers.keeps((), _row_text(["Tech jobs market cools in March"], ""))
    assert not scope.employers.keeps(("Acme",), _row_text(["Acme cuts 300 jobs"], ""))
    assert scope.employers.keeps(("X", "Acme"), _row_text(["Acme cuts 300 jobs"], ""))
