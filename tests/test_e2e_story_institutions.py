"""`layoffbot tag` on one institution's news worded apart by outlets (issue 16, session 16):
four outlets report on 31 May 2023 that the National Eating Disorders Association took its
chatbot down; NPR that evening reports its helpline staff replaced by the chatbot (another
event by the labels, filed with them on main too; the tagger takes the association for the
employer, and the story with it). The next day The Washington Post's 'Eating-disorder
group's AI chatbot gave weight loss tips, activist says' and The Wall Street Journal's 'A
Chatbot Was Designed to Help Prevent Eating Disorders. Then It Gave Dieting Tips.' share
only the subject with those headlines, but their openings name the association as the
others' do: one story. A column that day naming the association under a headline sharing
only the week's subject ('chatbot') stays apart. Headlines and opening texts from real
coverage (tests/data/eval/fresh-commentary.jsonl; the column written for the test), dates
kept; a real SQLite file; no network. On main the Post's and the Journal's items were a
story of their own (the story naming an employer, the openings were not compared)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e import tag_items

ITEMS = [
    ('gizmodo', 'Wed, 31 May 2023 14:55',
     'Eating Disorder Helpline Takes Down Chatbot After Its Advice Goes Horribly Wrong',
     'AI chatbots aren’t much good at offering emotional support being—you know— not a human , and—it can’t be stated enough— not actually intelligent . That didn’t stop The National Eating Disorder Association from trying to foist a chatbot onto folks requesting aid in times of crisis. Things went about '),
    ('dailywire', 'Wed, 31 May 2023 15:39',
     '‘This Robot Causes Harm’: Eating Disorder Helpline Forced To Ditch Chatbot That Made Eating Disorders Worse',
     'A national helpline ditched an artificial intelligence chatbot named Tessa after the advice it gave made things worse for those suffering from eating disorders. The National Eating Disorders Association (NEDA) announced on Tuesday that it had shut down the chatbot over “harmful” comments it provided'),
    ('engadget', 'Wed, 31 May 2023 17:34',
     'Eating disorder helpline takes down chatbot after it dispenses dangerous advice',
     'The National Eating Disorder Association (NEDA) was forced to take down its Tessa chatbot after it “may have given information that was harmful and unrelated to the program”, according to an official social media post. Simply put, the AI chatbot was intended to help people dealing with emotional dis'),
    ('guardian', 'Wed, 31 May 2023 18:55',
     'US eating disorder helpline takes down AI chatbot over harmful advice',
     'National Eating Disorder Association has also been under criticism for firing four employees in March who formed a union The National Eating Disorder Association (Neda) has taken down an artificial intelligence chatbot, “Tessa”, after reports that the chatbot was providing harmful advice. Neda has b'),
    ('npr', 'Wed, 31 May 2023 21:08',
     'National Eating Disorders Association phases out human helpline, pivots to chatbot',
     'In recent years, the demands on the NEDA helpline, and the humans who ran it, escalated. The organization says it was unsustainable. But some have worries about new plans for an online chatbot.'),
    ('wapo', 'Thu, 01 Jun 2023 08:19',
     'Eating-disorder group’s AI chatbot gave weight loss tips, activist says',
     'The National Eating Disorders Association suspended use of its Tessa chatbot after a complaint that it suggested taking body measurements and regular weigh-ins.'),
    ('wsj', 'Thu, 01 Jun 2023 13:00',
     'A Chatbot Was Designed to Help Prevent Eating Disorders. Then It Gave Dieting Tips.',
     'The National Eating Disorders Association shut down the bot after it recommended cutting calories'),
    ("column", "Thu, 01 Jun 2023 16:10",
     "Why every AI chatbot needs a human in the loop",
     "Last week the National Eating Disorders Association shut down its chatbot; it will not be the last organisation to learn that lesson, our columnist writes."),
]  # fmt: skip


def _tag(tmp_path: Path, entries: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    return tag_items(tmp_path, entries, channel="Health")


def test_one_institutions_news_worded_apart_is_one_story(tmp_path: Path) -> None:
    got = _tag(tmp_path, ITEMS)
    assert got["npr"]["companies"] == ["National Eating Disorders Association"], got
    assert got["gizmodo"]["story"] == got["wapo"]["story"] == got["wsj"]["story"], got
    assert got["column"]["story"] != got["gizmodo"]["story"], got
