"""Issue 16: what is and is not an AI cause (shared/spec/tagging.md, 'Juxtaposition is not
cause'), one behaviour per test. Headlines are written for the tests, in the shapes real
coverage takes; none is copied from a labelled set."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Article, Kind
from bot.tagging import RuleTagger

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def tag(title: str, text: str = ""):
    return RuleTagger().tag(Article(title=title, text=text, link="https://x/a", published=NOW))


def test_cuts_at_an_ai_or_robotics_subsidiary_are_not_ai_caused() -> None:
    for title in (
        "Zentrix robotics subsidiary Corvo lays off 20% of staff",
        "Zentrix AI spinoff Corvo cuts 40 jobs",
    ):
        t = tag(title)
        assert t.kind == Kind.LAYOFF and not t.ai_cause, title


def test_machines_laid_off_are_no_ai_cause() -> None:
    t = tag("Zentrix reportedly lays off robots that cleaned its offices")
    assert not t.ai_cause


def test_a_leading_after_clause_naming_ai_is_a_time_not_a_cause() -> None:
    t = tag("After chatbot disruption, Zentrix lays off 28 percent of staff")
    assert t.kind == Kind.LAYOFF and not t.ai_cause


def test_a_leading_clause_saying_ai_took_the_work_is_still_the_cause() -> None:
    assert tag("After replacing support agents with AI, Zentrix lays off 300 staff").ai_cause


def test_staff_told_not_to_use_a_chatbot_or_leaking_data_to_it_is_other_news() -> None:
    for title in (
        "Zentrix bans employees from using ChatGPT over data concerns",
        "Zentrix warns its staff about pasting code into AI chatbots",
        "Zentrix workers leaked confidential files to an AI chatbot",
    ):
        t = tag(title, "Employees had shared internal documents with the chatbot.")
        assert (t.kind, t.ai_cause) == (Kind.OTHER, False), title


def test_a_readers_job_hunt_done_with_ai_is_other_news() -> None:
    t = tag("Use ChatGPT to rehearse for your next job interview")
    assert (t.kind, t.ai_cause) == (Kind.OTHER, False)


def test_ai_taking_a_persons_place_at_work_stays_commentary() -> None:
    for title in (
        "Your next job interview could be run by AI instead of a person",
        "Zentrix warns staff that chatbots will replace their jobs",
    ):
        t = tag(title)
        assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, True), title


def test_a_boss_under_fire_is_criticised_not_sacking_staff() -> None:
    t = tag("Zentrix boss comes under fire after telling staff AI will take their jobs")
    assert t.kind == Kind.ANALYSIS
    assert tag("Zentrix fires 200 staff").kind == Kind.LAYOFF


def test_surveys_of_ai_and_employee_trust_skills_or_interviewers_are_commentary() -> None:
    for title in (
        "Global study finds trusting AI remains a major employee confidence gap",
        "Skills gap slows business adoption of generative AI, poll finds",
        "AI might replace human interviewers, survey reveals",
    ):
        t = tag(title)
        assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, True), title


def test_staff_addressed_by_a_memo_about_ai_plans_are_no_ai_cause_of_the_cut() -> None:
    t = tag(
        "Zentrix to cut 12,000 jobs",
        "Zentrix is cutting 12,000 jobs, a memo shows. In an email, the CEO told employees "
        "the company has a big opportunity with its investments in artificial intelligence.",
    )
    assert t.kind == Kind.LAYOFF and not t.ai_cause
    t = tag(
        "Zentrix to cut 300 jobs",
        "Zentrix is cutting 300 jobs. The CEO told staff their roles will be replaced by AI.",
    )
    assert t.ai_cause


def test_cuts_said_not_to_be_planned_are_no_action() -> None:
    from bot.tagging.tagger import states_action

    assert not states_action("While job cuts are not currently planned, employees may move teams.")
    assert states_action("Support job cuts are not about AI, Zentrix says.")


def test_a_commentary_headline_with_only_a_possible_cut_in_the_lead_stays_commentary() -> None:
    t = tag(
        "How AI may end up a threat to these Zentrix employees",
        "Zentrix is considering a restructuring that could impact up to 3,000 employees in "
        "its sales team. The company aims to automate sales with AI tools.",
    )
    assert (t.kind, t.ai_cause) == (Kind.ANALYSIS, True)


def test_robots_laid_off_are_no_layoff() -> None:
    t = tag("Zentrix reportedly lays off robots that cleaned its cafeterias")
    assert (t.kind, t.ai_cause) == (Kind.OTHER, False)
    assert tag("Zentrix lays off robotics engineers").kind == Kind.LAYOFF


def test_a_layoff_to_refocus_on_ai_is_in_the_digest_with_no_learned_veto() -> None:
    # The rules alone decide the digest (session 14: the learned veto, removed, cleared this
    # cause: 'Restructuring to focus on AI counts', shared/spec/tagging.md, ai_cause).
    tags = RuleTagger().tag(
        Article(
            title="Quillo lays off 16% of staff to refocus on AI, as sales growth slows",
            text="Facing a slowdown in revenue growth, file-sharing company Quillo announced "
            "today that it is laying off 500 employees, or 16% of its workforce, mainly in "
            "order to be able to hire staff with AI expertise. Revenue for the last quarter "
            "was up 5.8% year over year, but sales have slowed recently.",
            link="https://x.example/refocus",
            published=datetime.now(UTC),
        )
    )
    assert tags.kind is Kind.LAYOFF and tags.ai_cause and tags.headcount == 500
