from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.html_text import html_to_text, plain_line
from bot.models import RawItem
from bot.text import clean_text, prepare_article, split_publisher, split_sentences

DATA = Path(__file__).parent / "data" / "shared"
FURNITURE = [
    "leave a reply",
    "subscribe",
    "sign in",
    "share post",
    "cookie",
    "newsletter",
    "more like this",
    "please enter your",
    "you may also like",
    "read more",
]
NOW = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)


def test_html_keeps_paragraph_boundaries_and_unescapes():
    text = html_to_text("<p>One &amp; two.</p><p>Three<br>four.</p><script>x()</script>")
    assert text == "One & two.\n\nThree\nfour."


def test_plain_text_passes_through_with_paragraphs():
    assert html_to_text("Para one.\n\n\nPara   two.") == "Para one.\n\nPara two."


def test_sentences_survive_abbreviations_and_quotes():
    text = 'The U.S. firm said Jan. 5 it will cut 1,000 jobs. Mr. Smith agreed! "Quote."\n\nNext'
    assert split_sentences(text) == [
        "The U.S. firm said Jan. 5 it will cut 1,000 jobs.",
        "Mr. Smith agreed!",
        '"Quote."',
        "Next",
    ]


def test_a_title_ending_in_an_exclamation_mark_stays_inside_its_sentence():
    text = "The studio behind Destroy Every Robot! 1 and 2 remakes cut staff. Wow! 500 went."
    assert split_sentences(text) == [
        "The studio behind Destroy Every Robot! 1 and 2 remakes cut staff.",
        "Wow!",
        "500 went.",
    ]


@pytest.mark.parametrize("name", ["seed-tiktok-news", "seed-tiktok-analysis"])
def test_seed_pages_lose_their_furniture(name):
    cleaned = clean_text((DATA / f"{name}.txt").read_text()).lower()
    assert "tiktok" in cleaned
    for phrase in FURNITURE:
        assert phrase not in cleaned
    assert "zelensky" not in cleaned  # the "related" headline list is gone


def test_publisher_split_with_known_source():
    assert split_publisher("Duolingo to limit hires - Granary Times", "Granary Times") == (
        "Duolingo to limit hires",
        "Granary Times",
    )


def test_publisher_split_guesses_publisher_shaped_suffix():
    title = "Block to cut nearly 4,000 jobs as Jack Dorsey pushes AI-led restructuring - HR Katha"
    assert split_publisher(title, None) == (
        "Block to cut nearly 4,000 jobs as Jack Dorsey pushes AI-led restructuring",
        "HR Katha",
    )


def test_publisher_split_leaves_headline_dashes_alone():
    title = "AI isn't showing up in the unemployment numbers - yet"
    assert split_publisher(title, None) == (title, None)
    assert split_publisher("Jobs - Reuters.com", None)[1] is None  # too short a headline


def test_publisher_split_only_last_segment():
    head, pub = split_publisher(
        "AI providing cover for job cuts - Oxford Economics - Seeking Alpha", None
    )
    assert (head, pub) == ("AI providing cover for job cuts - Oxford Economics", "Seeking Alpha")


def test_prepare_article_dedupes_summary_and_defaults_time():
    raw = RawItem(
        guid="g",
        title="UPDATE 1-Acme cuts 50 jobs - Wire",
        summary_html="<p>Acme will cut 50 jobs in Leeds.</p>",
        content_html="Acme cuts 50 jobs\n\nAcme will cut 50 jobs in Leeds.\n\nMore detail.",
        source="Wire",
    )
    article = prepare_article(raw, fetched_at=NOW)
    assert article.title == "Acme cuts 50 jobs"
    assert article.publisher == "Wire"
    assert article.text.count("Acme will cut 50 jobs in Leeds.") == 1
    assert "Acme cuts 50 jobs" not in article.text  # the headline repeated above the body
    assert article.published == NOW
    assert article.link == "g"


def test_prepare_article_converts_to_utc():
    when = datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    article = prepare_article(RawItem(guid="g", title="t", published=when), fetched_at=NOW)
    assert article.published == datetime(2025, 1, 1, 10, tzinfo=UTC)


def test_publisher_with_separator_inside_is_stripped_whole():
    title = "4,000 jobs cut as Block goes all in on AI - Information Age | ACS"
    expected = ("4,000 jobs cut as Block goes all in on AI", "Information Age | ACS")
    assert split_publisher(title, "Information Age | ACS") == expected
    assert split_publisher(title, None, author="Information Age | ACS") == expected
    assert split_publisher(title, None) == expected
    dashed = "Artificial Intelligence tied to 50,000 layoffs - Straight Arrow News - SAN"
    assert split_publisher(dashed, None, author="Straight Arrow News - SAN") == (
        "Artificial Intelligence tied to 50,000 layoffs",
        "Straight Arrow News - SAN",
    )


def test_publisher_in_feed_author_is_used_only_when_the_title_ends_with_it():
    raw = RawItem(guid="g", title="Acme cuts 50 jobs in Leeds - Leeds Post", author="Leeds Post")
    article = prepare_article(raw, fetched_at=NOW)
    assert (article.title, article.publisher) == ("Acme cuts 50 jobs in Leeds", "Leeds Post")
    byline = RawItem(guid="g", title="Acme cuts 50 jobs in Leeds", author="Jane Smith")
    assert prepare_article(byline, fetched_at=NOW).title == "Acme cuts 50 jobs in Leeds"


def test_truncated_publisher_suffix_matches_its_source():
    title = "Amazon Cuts 14,000 Corporate Jobs - The San Diego Voice & View"
    assert split_publisher(title, "The San Diego Voice & Viewpoint")[0] == (
        "Amazon Cuts 14,000 Corporate Jobs"
    )


def test_pipe_section_without_dash_publisher_stays_in_headline():
    title = "“Necessary” adjustment | Microsoft announces up to 1,500 layoffs - HR Grapevine"
    assert split_publisher(title, None) == (
        "“Necessary” adjustment | Microsoft announces up to 1,500 layoffs",
        "HR Grapevine",
    )


GOOGLE_NEWS_DESCRIPTION = (
    '<a href="https://news.google.com/rss/articles/CBMi?oc=5" target="_blank">Block to cut nearly'
    " 4,000 jobs as Jack Dorsey pushes AI-led restructuring</a>&nbsp;&nbsp;"
    '<font color="#6f6f6f">HR Katha</font>'
)


def test_google_news_font_publisher_is_not_text():
    assert html_to_text(GOOGLE_NEWS_DESCRIPTION) == (
        "Block to cut nearly 4,000 jobs as Jack Dorsey pushes AI-led restructuring"
    )


def test_google_news_item_text_carries_no_publisher():
    raw = RawItem(
        guid="g",
        title="Block to cut nearly 4,000 jobs as Jack Dorsey pushes AI-led restructuring - HR Katha",
        summary_html=GOOGLE_NEWS_DESCRIPTION,
        source="HR Katha",
    )
    art = prepare_article(raw, fetched_at=datetime(2026, 3, 3, tzinfo=UTC))
    assert art.publisher == "HR Katha"
    assert "Katha" not in art.text


def test_known_publisher_ending_plain_description_is_cut():
    raw = RawItem(
        guid="g",
        title="Ocado job cuts the result of rivals catching up - BBC",
        summary_html="Ocado job cuts the result of rivals catching up and using AI BBC",
        source="BBC",
    )
    art = prepare_article(raw, fetched_at=datetime(2026, 3, 3, tzinfo=UTC))
    assert not art.text.endswith("BBC")


def test_related_and_continue_reading_lines_are_furniture():
    markup = (
        "<p>Meridian Freight will cut 300 warehouse jobs over the next year as automated\n"
        "sorting lines replace manual work, the company said on Tuesday.</p>"
        '<p> <span>Related:\n</span><a href="https://x/o">Port strike enters its third week'
        "</a> </p> <a href='https://x/m'>Continue\nreading...</a>"
    )
    text = clean_text(markup)
    assert "Port strike" not in text and "Related" not in text and "reading" not in text
    assert text.startswith("Meridian Freight will cut 300 warehouse jobs over the next year as")


def test_a_line_break_in_html_source_is_a_space():
    assert html_to_text("<p>one\ntwo</p><p>three</p>") == "one two\n\nthree"


def test_a_title_in_markup_reads_as_one_plain_line():
    assert plain_line("<b>Acme</b> &amp; Co<br/>cut\n 300 <p>jobs</p>") == "Acme & Co cut 300 jobs"
    assert plain_line("Q&amp;A: 5 < 6 \u202eevil") == "Q&A: 5 < 6 evil"


# The furniture rule as one alternation, before it was split for speed (bot.text).
_FURNITURE_LINE_WHOLE = (
    r"(?:cookie|privacy policy|terms of (?:use|service)|all rights reserved|^\(c\)|^©|"
    r"please enter your|sign in\b|log in to|subscribe\b|newsletters?\b|^advertisement$|^ad$|"
    r"^sponsored|^share(?: this article)?\b|^\[?share\]?|\[(?:accept|decline|ok|subscribe|"
    r"share|email|print|post comment)[^\]]*\]|^(?:tags|topics|filed under|categories)\s*:|"
    r"^by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,.*)?$|^published\b|^updated\b|^date:?$|"
    r"^\d+ min(?:ute)? read$|\bmin read$|^(?:facebook|twitter|x|linkedin|whatsapp|telegram|"
    r"email|print|copy link|save)$|^#\w+(?:\s+#\w+)+$|^home\s*[|>]|save my name, email|"
    r"community guidelines|delivered to your inbox|^\W+$|"
    r"^related(?: stories| coverage| articles| posts| content| news| reading)?\s*:|"
    r"^continue reading\b|^view full coverage\b)"
)


def test_furniture_rule_split_matches_as_one() -> None:
    import json
    import re

    import bot.text
    from bot.tagging.prefilter import keys

    whole = re.compile(_FURNITURE_LINE_WHOLE, re.IGNORECASE)
    assert keys(bot.text._FURNITURE_ANYWHERE) == bot.text._ANYWHERE_KEYS
    lines = ["(c) 2024", "© Acme", "Ad", "ad", "By Jane Doe, Reuters", "by jane doe", "3 min read",
             "A 3 min read", "Share this article", "[Accept all]", "ſubscribe", "SIGN IN now",
             "Tags: layoffs", "#ai #jobs", "Home | News", "...", "Related: more", "x", "Email",
             "We use cookies", "Save my name, email and site", "Book of the year"]  # fmt: skip
    eval_dir = Path(__file__).parent / "data" / "eval"
    for line in (eval_dir / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        lines += [record["title"], *(record.get("summary") or "").split("\n")]
    for line in lines:
        stripped = line.strip()
        assert bot.text._furniture_line(stripped) == bool(whole.search(stripped)), stripped


def test_a_run_on_text_is_split_in_linear_time_into_bounded_sentences() -> None:
    """200 KB of abbreviations took minutes to split (each candidate end re-read the
    sentence so far); a sentence longer than MAX_SENTENCE is cut at spaces."""
    import time

    from bot.text import MAX_SENTENCE

    for run in ("U.S. ", "J. R. ", "layoff ", "x" * 3000 + " "):
        text = run * (200_000 // len(run))
        started = time.process_time()
        sentences = split_sentences(text)
        assert time.process_time() - started < 2.0, run[:10]
        assert max(len(s) for s in sentences) <= MAX_SENTENCE
        assert "".join(sentences).replace(" ", "") == text.replace(" ", "")
    assert split_sentences("He met U.S. officials. Then he left.") == [
        "He met U.S. officials.",
        "Then he left.",
    ]


def test_bros_ends_a_sentence_unless_the_name_goes_on() -> None:
    from bot.text import split_sentences

    assert split_sentences("Warner Bros. Discovery cut 1,000 jobs. It said so.") == [
        "Warner Bros. Discovery cut 1,000 jobs.",
        "It said so.",
    ]
    assert split_sentences("The show moved to Warner Bros. It was cut.") == [
        "The show moved to Warner Bros.",
        "It was cut.",
    ]


def test_a_description_cut_inside_a_character_reference_keeps_its_paragraphs():
    # lxml reads '&#3' as U+0003 and refuses it when the text is set back (ValueError).
    text = html_to_text("<p>Acme cut 300 jobs.</p> <p>AI does the work.</p> &#32; by &#3")
    assert text == "Acme cut 300 jobs.\n\nAI does the work.\n\nby"
    assert html_to_text("<p>x &#x1F600; &#128512; y</p>") == "x \U0001f600 \U0001f600 y"


def test_a_whole_html_page_gives_its_body_text():
    page = (
        "<!DOCTYPE html><html><head><title>Mail</title><style>p{}</style></head>"
        "<body><p>Acme cut 40 jobs.</p><p>More soon.</p></body></html>"
    )
    assert html_to_text(page) == "Acme cut 40 jobs.\n\nMore soon."
    assert html_to_text("<!DOCTYPE html><html><head><title>Cut short") == "Cut short"


def test_the_accent_fold_is_one_helper_that_every_folding_module_uses():
    """NFKD with combining marks dropped, written once (bot.text.fold_accents): company keys,
    the gazetteer's fold, names' sort order, employer forms and city names all read it."""
    import re

    from bot.companies import _fold, company_key
    from bot.store.social import natural_key
    from bot.text import fold_accents
    from bot.typed_time import _folded

    assert fold_accents("São Paulo") == "Sao Paulo"
    assert fold_accents("Ｔｉｋ Ｔｏｋ") == "Tik Tok"  # compatibility forms decompose too
    assert fold_accents("Nestlé") == "Nestle" and fold_accents("Яндекс") == "Яндекс"
    assert fold_accents("plain ascii") == "plain ascii"
    assert _fold("Société Générale") == "societegenerale"
    assert company_key("Åkerlund & Rausing") == "akerlund-rausing"
    assert natural_key("Åkerlund") == natural_key("akerlund")
    assert _folded("São  Paulo") == "sao paulo"
    root = Path(__file__).resolve().parents[1]
    writers = [
        str(p.relative_to(root))
        for p in sorted((root / "bot").rglob("*.py"))
        if re.search(r"normalize\(\s*\"NFKD\"", p.read_text(encoding="utf-8"))
    ]
    assert writers == ["bot/text.py"]
