"""Issue 12, bug 6: names in non-English and Title Case headlines, and the item language."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.language import detect_language
from bot.models import Article, Kind, Tags
from bot.tagging import RuleTagger, acting_employers

NOW = datetime(2025, 3, 1, tzinfo=UTC)
TAGGER = RuleTagger()
LABELLED = Path(__file__).parent / "data" / "eval"  # copies of the shared labelled sets


def article(title: str, text: str = "") -> Article:
    return Article(title=title, text=text, link="https://x.example/a", published=NOW)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Mãe de utente é a nova presidente da Raríssimas", "pt"),
        ('Daniela Ruah declara-se ao marido: "Não te podia amar mais do que amo"', "pt"),
        ("El gobierno anuncia que la empresa despedirá a 500 trabajadores este año", "es"),
        ("Le groupe va supprimer des postes dans ses usines en France cette année", "fr"),
        ("Der Konzern will in Deutschland mehr als 500 Stellen abbauen, sagt der Chef", "de"),
        ("Il governo ha detto che la società taglierà 500 posti di lavoro", "it"),
        ("Het bedrijf schrapt dit jaar meer dan 500 banen in Nederland", "nl"),
        ("В Бузулуке главные стройплощадки – детсад и Ледовый дворец", "ru"),
        ("Block to cut nearly 4,000 jobs as Jack Dorsey pushes AI-led restructuring", "en"),
        ("Food for fungi", "en"),
        ("Banco do Brasil cuts 500 jobs as AI takes over call centres", "en"),
        ("Whose Team Is He On?", "en"),
        ("", "en"),
    ],
)
def test_detect_language_names_the_language_and_keeps_english_english(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("name", sorted(p.name for p in LABELLED.glob("*.jsonl")))
def test_no_labelled_english_item_is_taken_for_foreign(name: str) -> None:
    for line in (LABELLED / name).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = "\n".join([record["summary"] or "", record.get("content") or ""])
        assert TAGGER.tag(article(record["title"], text)).language == "en", record["title"]


def test_web_addresses_in_an_item_say_nothing_of_its_language() -> None:
    # A news aggregator's summary of links only ('Article URL: https://...?v=...'): the
    # pieces of the addresses are no words of Portuguese or any language.
    text = (
        "Article URL: https://www.youtube.com/watch?v=AQeGBHxIyHw Comments URL: "
        "https://news.ycombinator.com/item?id=37493845 Points: 55 # Comments: 12"
    )
    assert detect_language(f"Zentrix's Union-Busting Training Video\n{text}") == "en"
    assert detect_language("Le groupe va supprimer des postes https://x.example/a") == "fr"


def test_accented_capitals_are_letters_not_one_letter_companies() -> None:
    for title in [
        "Mãe de utente é a nova presidente da Raríssimas",
        'Daniela Ruah declara-se ao marido: "Não te podia amar mais do que amo"',
        "Ørsted to cut 800 jobs as it scales back offshore wind plans",
        "Škoda Auto to cut 500 jobs as AI takes over planning",
    ]:
        tags = TAGGER.tag(article(title))
        assert not [c for c in tags.companies if len(c) <= 1], (title, tags.companies)


def test_an_employer_with_an_accented_capital_keeps_its_whole_name() -> None:
    assert TAGGER.tag(article("Ørsted to cut 800 jobs in Denmark")).companies == ("Ørsted",)
    assert TAGGER.tag(article("Škoda Auto cuts 500 jobs")).companies[0].startswith("Škoda")


def test_foreign_items_are_other_with_their_language_and_only_listed_companies() -> None:
    tags = TAGGER.tag(
        article(
            "Microsoft vai cortar 500 empregos em Portugal, diz o governo",
            "A empresa não comentou os cortes, que são os maiores do ano.",
        )
    )
    assert tags.kind is Kind.OTHER
    assert tags.language == "pt"
    assert tags.companies == ("Microsoft",)
    assert not tags.in_digest


def test_english_items_record_english() -> None:
    tags = TAGGER.tag(article("Klarna to cut 700 customer service roles as AI takes over"))
    assert tags.kind is Kind.LAYOFF and tags.language == "en"


@pytest.mark.parametrize(
    "title",
    [
        "Whose Team Is He On?",
        "Food for fungi",
        "Preparing for the feast during the fast",
        "Silently taking up the slack",
        "Climate change threatens half of US bases worldwide",
    ],
)
def test_ordinary_words_are_never_companies(title: str) -> None:
    assert TAGGER.tag(article(title)).companies == ()


def test_title_case_verbs_are_not_companies() -> None:
    tags = TAGGER.tag(article("Quayside Expands AI Translation, Cuts 200 Translator Jobs"))
    assert "Expands" not in tags.companies
    assert not [c for c in tags.companies if c.split()[-1] == "Expands"]


def test_a_dictionary_word_capitalised_mid_sentence_is_still_a_name() -> None:
    tags = TAGGER.tag(article("Layoffs at Chime hit 150 support staff as AI bots take over"))
    assert tags.companies == ("Chime",)


def test_company_prefix_is_only_claimed_for_a_job_action() -> None:
    assert acting_employers(article("Acme Robotics to cut 300 jobs as AI takes over")) == (
        "Acme Robotics",
    )
    assert acting_employers(article("Whose Team Is He On?")) == ()
    assert acting_employers(article("Mãe de utente é a nova presidente da Raríssimas")) == ()


def test_tags_round_trip_language_and_old_rows_without_it_still_load() -> None:
    tags = Tags(kind=Kind.OTHER, language="pt")
    assert tags.to_json()["language"] == "pt"
    assert Tags.from_json(tags.to_json()) == tags
    old = {"kind": "layoff", "ai_cause": True, "companies": ["Block"], "functions": []}
    assert Tags.from_json(old).language is None
    assert Tags.from_json(old).companies == ("Block",)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Компанія скорочує 500 працівників у Києві", "uk"),
        ("Η εταιρεία απολύει 500 εργαζόμενους", "el"),
        ("החברה מפטרת 500 עובדים", "he"),
        ("الشركة تسرح 500 موظف", "ar"),
        ("कंपनी 500 कर्मचारियों की छंटनी करेगी", "hi"),
        ("บริษัทเลิกจ้างพนักงาน 500 คน", "th"),
        ("東京の会社が500人を削減", "ja"),
        ("삼성전자 500명 감원", "ko"),
        ("公司裁员五百人", "zh"),
        # Curly quotes, dashes and a Greek letter are not a script's evidence.
        ("“Apple’s Δ team” — 200 roles cut as AI takes over support", "en"),
        ("Nestlé’s café unit cuts 300 jobs — “AI is not the reason”", "en"),
    ],
)
def test_a_script_names_its_language_and_only_letters_count(text: str, code: str) -> None:
    assert detect_language(text) == code
