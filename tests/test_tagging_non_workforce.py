"""Issue 16, session 20 (stream-kind-2026.tune): what a real stream reads as layoffs that are
not (shared/spec/tagging.md: a layoff is job cuts; non-job uses of 'cut', 'axe' and a player
cut from a team are other). Sport, one person leaving a post, a takeover called a buyout,
'dismiss' of a claim, people 'hit' by what is no cut, and a sentence's capitalised first word.
Each rule next to the real cut it must leave alone; an AI word is put near most decoys,
since that is what would carry them into the digest. Headlines written for the tests, names
made up."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger

NOW = datetime(2026, 1, 9, tzinfo=UTC)


def tag(title: str, text: str = "") -> Tags:
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_sports_transfers_and_sackings_are_not_layoffs_even_next_to_ai() -> None:
    for title, text in (
        ("Harbor Hawks Lose Free Agent Infielder to Rivals", "An AI model picked the move."),
        ("Ridge Wolves Predicted to Replace Star Free Agent", "AI-driven scouting says so."),
        ("Bay Owls Lose Hometown Top Prospect to NL Team", ""),
        ("Coach Could Lose Top Coordinator to NFL Job", "AI tools track coaching moves."),
        ("NFL firing wave leaves a quarter of teams without head coaches", "AI predicts more."),
        (
            "Mara Quill joins celebrations over boss's sacking as NINE team-mates stay silent",
            "",
        ),
        ("Tom Vale sacked as Riverside United manager", "AI analytics had flagged results."),
        ("Harbor Hawks Lose Two Staffers Days Before Playing in Fiesta Bowl", ""),
    ):
        t = tag(title, text)
        assert t.kind is Kind.OTHER and not t.in_digest, title


def test_a_clubs_or_leagues_own_job_cuts_stay_layoffs() -> None:
    t = tag("Riverside United to cut 250 jobs as AI replaces ticketing staff")
    assert t.kind is Kind.LAYOFF and t.headcount == 250 and t.in_digest
    assert tag("NFL Films to lose 100 jobs as the league turns to AI editing").kind is (Kind.LAYOFF)
    assert tag("NFL lays off 50 staff at its league office").kind is Kind.LAYOFF


def test_one_person_leaving_a_post_is_not_a_workforce_cut() -> None:
    for title in (
        "Premier taps spy chief to replace powerful chief of staff",
        "Chancellor Dismisses Chief of Staff After Series of Blunders",
        "Professor Reinstated After Being Fired For Social Media Post",
        "Council member calls for arrest and firing of ICE agent who shot driver",
        "The Long Road Season 3 Loses Another Person, Role To Be Recast",
    ):
        t = tag(title, "An AI assistant now drafts the office's letters.")
        assert not t.kind.is_action and not t.in_digest, title
    # a count, or the jobs of a role in the plural, is a cut
    assert tag("Zentrix cuts 40 agent roles as AI answers calls").kind is Kind.LAYOFF
    assert tag("Zentrix is the latest studio to cut developer jobs").kind is Kind.LAYOFF


def test_a_takeover_called_a_buyout_is_not_staff_buyouts() -> None:
    for title in (
        "Harbor Bank shareholders approve Zentrix's $13.6 billion buyout proposal",
        "Board Rebuffs Quorra's Latest Buyout Offer",
        "Zentrix and Quorra hold buyout talks to create AI mega-group",
        "Zentrix rejects revised Quorra bid as risky leveraged buyout",
    ):
        assert tag(title).kind is Kind.OTHER, title
    assert tag("Daily Ledger offers buyouts to newsroom staff as AI tools spread").kind is (
        Kind.LAYOFF
    )


def test_dismissing_claims_or_videos_and_hitting_people_are_no_cut() -> None:
    for title, text in (
        ("Administration says there are ways to lift output", "It dismissed analysts' estimates."),
        ("Mayor dismisses new shooting video, says agent 'walked away'", ""),
        ("Leader to 'hit Iran hard' if protestors are killed", "He will hit hard if people die."),
        ("Offshore wind freeze hit with lawsuits from states and developers", ""),
        ("Data breach hits 3.5M people", "An AI chatbot leaked the records."),
        ("Rhythm may affect a person's risk of dementia. People with weak clocks", ""),
        ("Tax Cut for Millions of Drivers", "AI tools help file it."),
    ):
        assert tag(title, text).kind is Kind.OTHER, title
    # cuts that hit or affect people are still cuts
    assert tag("Layoffs hit 300 workers at Zentrix as AI takes over support").kind is Kind.LAYOFF
    assert tag("Zentrix has been hit with a round of layoffs, former employees say").kind is (
        Kind.LAYOFF
    )


def test_an_abbreviation_is_no_sentence_break_between_verb_and_jobs() -> None:
    assert tag("Nippon to cut U.S. Steel jobs as AI runs the mills").kind is Kind.LAYOFF
    assert tag("Acme to cut U.K. Operations staff").kind is Kind.LAYOFF


def test_quoted_counts_and_as_many_as_stay_cuts() -> None:
    assert tag("Zentrix 'plans to cut 10,000 jobs' this week").headcount == 10000
    assert tag("Zentrix to cut 'as many as 8,000 jobs' under pressure").headcount == 8000


def test_closures_of_places_or_of_talk_are_not_workplaces() -> None:
    for title in (
        "City Council closes Corsair Bay beach after sewage-like smell reported",
        "Owner Shuts Down Trade Idea Involving Star Guard",
        "Coordinator Shuts Down NFL Interest, Commits to Coach",
    ):
        assert tag(title, "Staff jobs are unaffected.").kind is Kind.OTHER, title
    assert tag("Zentrix is shutting down a studio 16 days after it unionized").kind is (Kind.LAYOFF)


def test_not_filling_or_replacing_what_is_no_job_is_no_freeze() -> None:
    assert tag("Toymaker Says Smart Brick Won't Replace Traditional Play").kind is Kind.OTHER
    assert tag("Zentrix will not replace departing engineers as AI writes code").kind is (
        Kind.HIRING_FREEZE
    )


def test_letting_go_of_a_thing_is_no_dismissal() -> None:
    assert tag("432Hz Deep Healing — Let Go of Pain (Meditation)").kind is Kind.OTHER
    assert tag("Zentrix lets go of 200 staff as AI takes over").kind is Kind.LAYOFF


def test_the_fire_service_and_steve_jobs_are_no_sacking() -> None:
    assert tag("City's Largest Fire Department Is Now Led By A New Chief").kind is Kind.OTHER
    assert tag("Steve Jobs' Early Apple Items Are Going Up for Auction").kind is Kind.OTHER


def test_a_sentence_opening_on_an_imperative_or_without_an_action_names_no_employer() -> None:
    t = tag(
        "Huskers Past and Present Ride the QB Transfer Portal Roller Coaster",
        "The offseason is busy. Explore the latest player changes affecting the team.",
    )
    assert "Explore" not in t.companies
