"""Real headlines (shared/data/realworld) the tagger used to get wrong, one rule each."""

from datetime import UTC, datetime

from bot.models import Article, Kind
from bot.tagging import RuleTagger

NOW = datetime(2026, 3, 1, tzinfo=UTC)
TAGGER = RuleTagger()


def tag(title: str):
    return TAGGER.tag(Article(title=title, text="", link="https://x.example/a", published=NOW))


def test_ai_in_the_employers_name_is_not_a_cause():
    tags = tag("Pecan AI parts ways with a third of its workforce in second round of layoffs")
    assert tags.kind is Kind.LAYOFF
    assert tags.companies == ("Pecan AI",)
    assert tags.ai_cause is False
    assert tags.percent == 33.3


def test_ai_in_the_employers_name_does_not_hide_a_stated_ai_cause():
    tags = tag("AI startup Pecan AI cuts jobs after automating support")
    assert tags.ai_cause is True
    assert tags.ai_evidence == "AI startup Pecan AI cuts jobs after automating support"


def test_unlisted_brand_ending_in_ai_is_the_employer():
    tags = tag("Scale AI lays off 14% of staff as Meta deal reshapes it")
    assert tags.kind is Kind.LAYOFF
    assert tags.companies == ("Scale AI",)
    assert tags.percent == 14.0


def test_ai_adjective_is_not_a_brand():
    assert tag("Generative AI cuts 5,000 jobs at banks").companies == ()


def test_pronoun_contraction_is_never_a_company():
    tags = tag("Don’t be afraid of AI: You’re not as replaceable as you think")
    assert tags.companies == ()


def test_layoffs_total_gives_the_headcount():
    tags = tag("Zoom Layoffs Total 150 As Video Giant Turns Attention To 'Critical' Areas")
    assert tags.kind is Kind.LAYOFF
    assert tags.headcount == 150


def test_cutting_a_listed_company_by_a_share_is_a_layoff():
    tags = tag(
        "CEO Jack Dorsey issues a dire warning about AI's impact as he cuts Block by almost half"
    )
    assert tags.kind is Kind.LAYOFF
    assert tags.companies == ("Block",)
    assert tags.ai_cause is True


def test_cutting_a_product_by_a_share_is_not_a_layoff():
    assert tag("Acme cuts Widget Pro by half").kind is Kind.OTHER


def test_workforce_cut_by_a_fraction_gives_the_percent():
    assert tag("Block cuts staff by nearly half as AI takes over").percent == 50.0


def test_possessive_ai_still_counts_as_ai():
    tags = tag("In recent layoffs, AI's role may be bigger than companies are letting on")
    assert tags.kind is Kind.ANALYSIS
    assert tags.ai_cause is True
