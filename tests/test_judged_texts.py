"""The worker's judgements kept by text (bot.judged_texts): a repeat's judgement and
filing are the ones it would have had on its own, whatever it shares with the earlier
item; the memory stays bounded."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.judged_texts import JudgedTexts, Kept
from bot.judging import judge_and_file
from bot.models import RawItem
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
JUDGES = (ExtractiveSummarizer(), RuleTagger())
WIRE = (
    "Acme Robotics to cut 1,200 jobs as AI takes over support",
    "<p>Acme Robotics said on Tuesday it would cut 1,200 jobs, about 8% of its workforce, "
    "in Ohio, as AI tools take over customer support.</p>",
)


def _item(n: int, title: str, summary: str, **more: object) -> RawItem:
    return RawItem(
        guid=f"g{n}",
        title=title,
        link=f"https://news{n}.example/story?id={n}&utm_source=x",
        summary_html=summary,
        published=datetime(2026, 5, 20 + n % 5, 9, n, tzinfo=UTC),
        **more,  # type: ignore[arg-type]
    )


def test_a_repeated_text_is_judged_and_filed_as_on_its_own() -> None:
    items = [
        _item(0, *WIRE),
        _item(1, *WIRE),  # another outlet's link and date
        _item(2, WIRE[0], f"<div>{WIRE[1]}</div>"),  # other markup, the same text
        _item(3, f"{WIRE[0]} - Daily Wire", WIRE[1], source="Daily Wire"),
        _item(4, *WIRE, author="Jo Reporter"),
        _item(5, WIRE[0], ""),
        _item(6, *WIRE),
    ]
    kept = JudgedTexts()
    with_kept = [judge_and_file(*JUDGES, raw, NOW, kept) for raw in items]
    alone = [judge_and_file(*JUDGES, raw, NOW) for raw in items]
    assert with_kept == alone
    assert [f.vote.rank for *_, f in with_kept] == [f.vote.rank for *_, f in alone]  # type: ignore[union-attr]
    assert len(kept.judged) == 3  # the wire text, the one with a publisher, the headline alone
    assert len(kept.cleaned) == 5  # items 0, 1 and 6 are one raw text


def test_kept_drops_the_oldest_past_its_entries_or_characters() -> None:
    kept: Kept[str, int] = Kept(entries=3, chars=90)
    for n in range(5):
        kept.put(f"k{n}", n, 10)
    assert [kept.get(f"k{n}") for n in range(5)] == [None, None, 2, 3, 4]
    kept.put("big", 9, 80)  # 90 characters at most: k2 and k3 go
    assert [kept.get(k) for k in ("k2", "k3", "k4", "big")] == [None, None, 4, 9]
    kept.put("huge", 0, 91)  # larger than the whole: never kept
    assert kept.get("huge") is None and len(kept) == 2
