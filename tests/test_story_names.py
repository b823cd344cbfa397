"""Commentary and other news naming one thing (a game, a studio, a study's subject): the
names its wording gives (bot/story_names.py), the index keys they give and the join of two
takes on one thing, and look-alikes kept apart. Headlines and openings from real coverage
(tests/data/eval/real-dev.tune.jsonl, fresh-2025.tune.jsonl, fresh-commentary.jsonl)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.models import Article, Kind, Tags
from bot.stories import StoryCandidate, index_keys, match_story
from bot.story_names import item_names, item_people, name_keys, named_score, shared_names

T0 = datetime(2023, 10, 30, 12, tzinfo=UTC)
ANALYSIS = Tags(kind=Kind.ANALYSIS, ai_cause=True)
OTHER = Tags(kind=Kind.OTHER, ai_cause=False)

FINALS_1 = (
    "The Finals uses AI text-to-speech because it can produce lines 'in just a matter of "
    "hours rather than months', baffles actual voice actors",
    '"Why the f**k do AI voice people act like hiring voice actors is some kind of ritual."',
)
FINALS_2 = (
    "The Finals criticised by actors and designers for use of AI commentator voiceovers",
    "Forthcoming team shooter The Finals has been criticised for using AI for its commentator "
    "voiceovers. Developed by Embark Studios, comprising former DICE employees",
)


def _same_named(item: Article, tags: Tags, candidate: StoryCandidate) -> float | None:
    action = tags.kind.is_action or candidate.tags.kind.is_action
    return named_score(item, candidate.titles, candidate.summaries, action)


def art(title: str, text: str = "", when: datetime = T0) -> Article:
    return Article(title=title, text=text, link=f"https://x/{title}", published=when)


def story(title: str, text: str, tags: Tags, when: datetime = T0) -> StoryCandidate:
    return StoryCandidate(1, "s", title, tags, when, (title,), (text,))


def test_names_come_where_capitals_mean_a_name() -> None:
    assert item_names(*FINALS_1) == {"finals"}  # 'The Finals' opens the headline
    assert {"finals", "embark", "dice"} <= item_names(*FINALS_2)
    # A Title Case headline capitalises every word: none of them is taken for a name.
    assert item_names("Office Overachievers Won't Be Happy About ChatGPT, Study Says", "") == set()
    # A sentence's first word alone is not a name; words every story gives are none.
    assert item_names("x", "Customer support agents using ChatGPT. Researchers from MIT") == {"mit"}


def test_commentary_is_filed_under_the_headlines_name_first() -> None:
    # Only names its headline gives: 'Embark', 'DICE' are in the opening only.
    assert name_keys(*FINALS_2) == ["n:finals"]
    assert "n:finals" in index_keys(art(*FINALS_1), ANALYSIS)
    assert "n:finals" in index_keys(art(*FINALS_2), ANALYSIS)
    named = Tags(kind=Kind.ANALYSIS, ai_cause=True, companies=("Embark",))
    assert not any(k.startswith("n:") for k in index_keys(art(*FINALS_2), named))


def test_two_takes_on_one_games_ai_voices_are_one_story() -> None:
    earlier = story(*FINALS_1, ANALYSIS)
    assert shared_names(*FINALS_2, earlier.titles, earlier.summaries) == {"finals"}
    assert match_story(art(*FINALS_2, when=T0 + timedelta(days=1)), ANALYSIS, [earlier])


def test_one_studios_leads_let_go_told_twice_is_one_story() -> None:
    earlier = story(
        "Subnautica 2 Developer's Entire Leadership Team Replaced in Shock Move",
        "Former Striking Distance CEO, Steve Papoutsis, is joining Subnautica 2 developer "
        "Unknown Worlds as CEO amid the shock announcement that the previous leadership team "
        "— Ted Gill, Charlie Cleveland, and Max McGuire — have been replaced",
        OTHER,
    )
    item = art(
        "Subnautica 2 Development Leads Let Go By Publisher In Dramatic Shakeup",
        "Unknown Worlds’ Subnautica 2 is due to release into early access soon, which makes "
        "the news that its development team’s bosses have just been apparently ousted even "
        "more shocking. Charlie Cleveland, the director, is gone, along with CEO Ted Gill",
    )
    assert match_story(item, OTHER, [earlier])


def test_a_name_and_a_word_every_headline_uses_are_not_one_story() -> None:
    # A studio shut down, and a store's sale of its old games the next day: 'game' beside
    # the names is no subject in common.
    earlier = story(
        "Warner Bros. Cancels Wonder Woman Game And Shuts Down Shadow Of Mordor Studio",
        "Monolith Productions revealed it was making a Wonder Woman game back in 2021.",
        OTHER,
    )
    item = art(
        "Incredible Horror Shooter F.E.A.R. Just $1 As GOG Races To Save Monolith's Old Games",
        "Following the news that Warner Bros is closing video game developer Monolith "
        "Productions, digital storefront GOG has stepped in.",
        T0 + timedelta(days=1),
    )
    assert _same_named(item, OTHER, earlier) is None


def test_one_persons_name_alone_is_not_one_story() -> None:
    earlier = story(
        "We should listen to Elon Musk’s concerns about AI, says Rishi Sunak", "", ANALYSIS
    )
    item = art("AI may take away all jobs: Elon Musk tells UK PM Rishi Sunak")
    assert _same_named(item, ANALYSIS, earlier) is None


def test_names_beyond_three_days_or_beside_an_action_do_not_join() -> None:
    late = art(*FINALS_2, when=T0 + timedelta(days=5))
    assert match_story(late, ANALYSIS, [story(*FINALS_1, ANALYSIS)]) is None
    action = Tags(kind=Kind.LAYOFF, ai_cause=True)
    assert match_story(art(*FINALS_2), ANALYSIS, [story(*FINALS_1, action)]) is None


def test_a_title_case_headlines_names_are_keys_when_its_opening_gives_them() -> None:
    text = (
        "A national helpline ditched a chatbot named Tessa. The National Eating Disorders "
        "Association (NEDA) announced on Tuesday that it had shut it down. Sam Altman said."
    )
    title = "Eating Disorder Helpline Forced To Ditch Chatbot, Altman Says"
    # Headline words the opening gives as names, outside the dictionary first; not a
    # person's ('Sam Altman'); 'Tessa' is in the opening only.
    assert name_keys(title, text) == ["n:disorders", "n:eating"]
    assert "altman" not in {k[2:] for k in name_keys(title, text)}


def test_a_name_in_the_openings_only_is_not_one_story() -> None:
    # One speech's reactions (tests/data/eval/fresh-tags.jsonl labels each its own story):
    # 'Biden' is in both openings but one headline only.
    earlier = story(
        "McCarthy defends 'passionate' GOPers who heckled Biden during State of the Union",
        "House Speaker Kevin McCarthy (R-Calif.) on Wednesday dismissed a question on whether he "
        "was trying to quell a number of outbursts from members of his caucus during President "
        "Biden's State of the Union Address.",
        OTHER,
    )
    item = art(
        "Harris chides GOP for 'theatrics' at State of the Union",
        "Vice President Harris early Wednesday dismissed the frequent jeers and boos among "
        "Republican lawmakers during Tuesday night's State of the Union address as theatrics, "
        "arguing President Biden's record of bipartisanship speaks for itself.",
    )
    assert "biden" in shared_names(item.title, item.text, earlier.titles, earlier.summaries)
    assert _same_named(item, OTHER, earlier) is None


def test_a_persons_name_is_no_subject_in_common() -> None:
    # Two takes on one person's words (tests/data/eval/real-headlines.tune.jsonl labels
    # such takes apart): 'Sam Altman' opens on a given name, so neither word is a shared
    # name, nor a word beyond the names.
    earlier = story("Sam Altman says AI is displacing jobs, but some companies are", "", ANALYSIS)
    item = art("Sam Altman just said what everyone is thinking about AI layoffs")
    assert {"sam", "altman"} <= item_people(item.title, "")
    assert shared_names(item.title, item.text, earlier.titles, earlier.summaries) == set()
    assert _same_named(item, ANALYSIS, earlier) is None


def test_an_employers_name_is_left_to_the_employer_rules() -> None:
    # Two items of one platform's week (tests/data/eval/fresh-2025.tune.jsonl labels them
    # apart): 'Xbox' is a listed company's (Microsoft's), not a shared subject.
    earlier = story(
        "Xbox Reportedly Cancels That Cool-Looking Perfect Dark Reboot",
        "The studio behind it, The Initiative, is closing, according to an internal Xbox memo.",
        OTHER,
    )
    item = art(
        "Xbox Execs Reportedly Raved About the Perfect Dark Reboot",
        "Before the cuts, Xbox leaders praised the game, according to a report.",
    )
    assert "xbox" not in shared_names(item.title, item.text, earlier.titles, earlier.summaries)
    assert not any(k == "n:xbox" for k in name_keys(item.title, item.text))
