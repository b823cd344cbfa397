"""The LLM judge against a fake OpenAI-compatible server on 127.0.0.1 (tests/fake_llm.py),
through the real httpx transport: recorded answers, invented numbers, fake quotes, wrong
types, broken JSON, timeouts, 429s and redirects."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.llm import (
    MAX_REST,
    ChatClient,
    LLMSummarizer,
    LLMTagger,
    endpoint,
    number_in_text,
    percent_in_text,
    quote_in_text,
    retry_after_seconds,
)
from bot.models import Article, Kind
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger
from feeds.llm_http import HttpxChatTransport
from tests.fake_llm import Answer, FakeLLM, tags_answer

ARTICLE = Article(
    title="Acme Robotics to cut 240 jobs as AI route planning takes over",
    text=(
        "Acme Robotics will cut 240 dispatch jobs in Leeds, United Kingdom, about 12% of "
        "its staff. The company said AI route planning software now does the work of its "
        "dispatchers."
    ),
    link="https://x.example/a",
    published=datetime(2025, 5, 1, tzinfo=UTC),
    publisher="Wire",
)
QUOTE = "The company said AI route planning software now does the work of its dispatchers."
GOOD = {
    "kind": "layoff",
    "ai_cause": True,
    "ai_evidence": QUOTE,
    "companies": ["Acme Robotics", "Wire"],
    "headcount": 240,
    "percent": 12,
    "functions": ["logistics"],
    "location": "United Kingdom",
}
MARK = "Acme Robotics to cut"


@pytest.fixture()
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as fake:
        yield fake


def client(url: str, timeout: float = 5.0, **kw: object) -> ChatClient:
    return ChatClient(url, "m", "sk-test", timeout, transport=HttpxChatTransport(), **kw)  # type: ignore[arg-type]


def tagger(url: str, **kw: object) -> LLMTagger:
    return LLMTagger(client(url, **kw))


def test_endpoint_url_forms() -> None:
    assert endpoint("http://h/v1") == "http://h/v1/chat/completions"
    assert endpoint("http://h/v1/chat/completions/") == "http://h/v1/chat/completions"


def test_verified_answer_is_used_with_schema_in_the_prompt(llm: FakeLLM) -> None:
    llm.answers[MARK] = tags_answer(**GOOD)
    tags = tagger(llm.url).tag(ARTICLE)
    assert tags.kind == Kind.LAYOFF and tags.ai_cause and tags.ai_evidence == QUOTE
    assert tags.companies == ("Acme Robotics",)  # the publisher is never the employer
    assert tags.headcount == 240 and tags.percent == 12.0
    assert tags.functions == ("logistics",) and tags.location == "United Kingdom"
    request = llm.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["response_format"] == {"type": "json_object"}
    system = request["messages"][0]["content"]
    assert '"headcount"' in system and '"ai_evidence"' in system and "hiring_freeze" in system


def test_invented_number_never_reaches_the_tags(llm: FakeLLM) -> None:
    llm.answers[MARK] = tags_answer(**{**GOOD, "headcount": 2400, "percent": 40})
    rules = RuleTagger().tag(ARTICLE)
    tags = tagger(llm.url).tag(ARTICLE)
    assert tags.headcount != 2400 and tags.headcount == rules.headcount
    assert tags.percent != 40.0 and tags.percent == rules.percent
    assert tags.ai_evidence == QUOTE  # the verified fields are still believed


def test_fake_quote_is_not_believed_and_the_rules_decide_the_cause(llm: FakeLLM) -> None:
    plain = Article(
        title="Acme Robotics to cut 240 jobs",
        text="Acme Robotics will cut 240 dispatch jobs in Leeds as orders fall.",
        link="https://x.example/b",
        published=ARTICLE.published,
    )
    invented = "Acme Robotics said AI now does the work of 240 dispatchers."
    llm.answers["Acme Robotics to cut 240 jobs"] = tags_answer(
        **{**GOOD, "ai_evidence": invented, "percent": None}
    )
    tags = tagger(llm.url).tag(plain)
    assert tags.kind == Kind.LAYOFF and tags.headcount == 240
    assert tags.ai_evidence != invented and not tags.ai_cause


def test_companies_not_named_in_the_item_are_dropped(llm: FakeLLM) -> None:
    llm.answers[MARK] = tags_answer(**{**GOOD, "companies": ["Globex", "Acme Robotics"]})
    assert tagger(llm.url).tag(ARTICLE).companies == ("Acme Robotics",)
    llm.answers[MARK] = tags_answer(**{**GOOD, "companies": ["Globex"]})
    assert tagger(llm.url).tag(ARTICLE).companies == RuleTagger().tag(ARTICLE).companies


def test_location_not_in_the_item_falls_back(llm: FakeLLM) -> None:
    llm.answers[MARK] = tags_answer(**{**GOOD, "location": "Germany"})
    assert tagger(llm.url).tag(ARTICLE).location == RuleTagger().tag(ARTICLE).location


@pytest.mark.parametrize(
    "content",
    [
        "I think this is about layoffs!",
        '{"kind": "layoff", "headcount": 240',  # cut off
        json.dumps([GOOD]),
        json.dumps({**GOOD, "kind": "massacre"}),
        json.dumps({**GOOD, "headcount": "240"}),
        json.dumps({**GOOD, "headcount": 240.5}),
        json.dumps({**GOOD, "ai_cause": "yes"}),
        json.dumps({**GOOD, "companies": "Acme Robotics"}),
        json.dumps({**GOOD, "functions": ["wizards"]}),
        json.dumps({**GOOD, "percent": 250}),
        json.dumps({**GOOD, "headcount": 10**21}),  # more than any employer has: out of range
        json.dumps({**GOOD, "headcount": 1e300}),
        json.dumps({**GOOD, "ai_evidence": ["a", "list"]}),
    ],
)
def test_malformed_or_wrongly_typed_answers_fall_back_to_the_rules(
    llm: FakeLLM, content: str
) -> None:
    llm.answers[MARK] = Answer(content)
    assert tagger(llm.url).tag(ARTICLE) == RuleTagger().tag(ARTICLE)


def test_server_error_and_timeout_fall_back(llm: FakeLLM) -> None:
    llm.answers[MARK] = Answer(json.dumps(GOOD), status=500)
    assert tagger(llm.url).tag(ARTICLE) == RuleTagger().tag(ARTICLE)
    llm.answers[MARK] = Answer(json.dumps(GOOD), delay=1.0)
    assert tagger(llm.url, timeout=0.2).tag(ARTICLE) == RuleTagger().tag(ARTICLE)


def test_unreachable_endpoint_falls_back_and_rests() -> None:
    c = client("http://127.0.0.1:9/v1", timeout=0.5)
    t = LLMTagger(c)
    for _ in range(5):
        assert t.tag(ARTICLE) == RuleTagger().tag(ARTICLE)
    assert c.calls == 3  # after three failures in a row the endpoint is left alone


def test_429_with_short_retry_after_is_retried_once(llm: FakeLLM) -> None:
    llm.answers = {
        MARK: Answer("{}", status=429, headers={"Retry-After": "0"}, times=1),
        "Acme": tags_answer(**GOOD),
    }
    slept: list[float] = []
    c = client(llm.url, sleep=slept.append)
    tags = LLMTagger(c).tag(ARTICLE)
    assert tags.headcount == 240 and tags.ai_evidence == QUOTE
    assert slept == [0.0] and len(llm.requests) == 2


def test_429_with_long_retry_after_falls_back_and_waits_that_long(llm: FakeLLM) -> None:
    llm.answers[MARK] = Answer("{}", status=429, headers={"Retry-After": "120"})
    now = [1000.0]
    c = client(llm.url, clock=lambda: now[0], sleep=lambda s: pytest.fail("must not sleep"))
    t = LLMTagger(c)
    assert t.tag(ARTICLE) == RuleTagger().tag(ARTICLE)
    assert t.tag(ARTICLE) == RuleTagger().tag(ARTICLE)
    assert len(llm.requests) == 1  # resting as asked
    now[0] += 121
    llm.answers[MARK] = tags_answer(**GOOD)
    assert t.tag(ARTICLE).headcount == 240 and len(llm.requests) == 2


def test_retry_after_as_http_date() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds("3") == 3.0


def test_answers_are_cached_by_content_and_the_cache_is_bounded(llm: FakeLLM) -> None:
    llm.answers["Acme"] = tags_answer(**GOOD)
    c = client(llm.url, cache_size=2)
    t = LLMTagger(c)
    t.tag(ARTICLE)
    t.tag(ARTICLE)
    assert c.calls == 1
    for i in range(3):
        t.tag(
            Article(
                title=f"Acme Robotics cuts jobs, part {i}",
                text=ARTICLE.text,
                link=f"https://x.example/{i}",
                published=ARTICLE.published,
            )
        )
    assert len(c.cache) == 2 and c.calls == 4
    t.tag(ARTICLE)  # pushed out of the bounded cache: asked again
    assert c.calls == 5


def test_items_the_rules_rule_out_are_not_sent(llm: FakeLLM) -> None:
    weather = Article(
        title="Storm brings heavy rain to the coast",
        text="Forecasters expect flooding on Tuesday.",
        link="https://x.example/w",
        published=ARTICLE.published,
    )
    c = client(llm.url)
    assert LLMTagger(c).tag(weather).kind == Kind.OTHER
    assert LLMSummarizer(c).summarize(weather) == ExtractiveSummarizer().summarize(weather)
    assert c.calls == 0 and llm.requests == []


def test_redirect_to_another_origin_never_receives_the_key(llm: FakeLLM) -> None:
    llm.answers["Acme"] = tags_answer(**GOOD)
    with FakeLLM() as front:
        front.redirect_to = llm.url + "/chat/completions"
        for status in (307, 308, 302):
            front.redirect_status = status
            assert tagger(front.url).tag(ARTICLE) == RuleTagger().tag(ARTICLE)
        assert front.requests and front.requests[0]["auth"] == "Bearer sk-test"
    assert llm.requests == []  # the other port never saw a request, let alone the key


def test_same_origin_redirect_keeps_working() -> None:
    # A server that redirects /old/chat/completions to /v1/chat/completions on itself.
    with FakeLLM() as same:
        same.answers["Acme"] = tags_answer(**GOOD)
        real = same.answer

        def answer(handler, body):  # type: ignore[no-untyped-def]
            if handler.path.startswith("/old/"):
                handler.send_response(308)
                handler.send_header("Location", "/v1/chat/completions")
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            real(handler, body)

        same.answer = answer  # type: ignore[method-assign]
        url = same.url.removesuffix("/v1") + "/old"
        assert tagger(url).tag(ARTICLE).headcount == 240
        assert [r["path"] for r in same.requests] == [
            "/old/chat/completions",
            "/v1/chat/completions",
        ]
        assert all(r["auth"] == "Bearer sk-test" for r in same.requests)


def test_summary_with_an_invented_number_is_refused(llm: FakeLLM) -> None:
    llm.answers["summary:Acme"] = Answer(json.dumps({"summary": "Acme cuts 2,400 jobs."}))
    s = LLMSummarizer(client(llm.url))
    assert s.summarize(ARTICLE) == ExtractiveSummarizer().summarize(ARTICLE)
    llm.answers["summary:Acme"] = Answer(
        json.dumps({"summary": "Acme Robotics cuts 240 dispatch jobs as AI plans routes."})
    )
    s = LLMSummarizer(client(llm.url))
    assert s.summarize(ARTICLE) == "Acme Robotics cuts 240 dispatch jobs as AI plans routes."


def test_text_checks() -> None:
    text = "It will cut 1,800 jobs, or 10 per cent of staff; 14K more roles go by 2030."
    assert number_in_text(1800, text) and number_in_text(14000, text)
    assert not number_in_text(180, text) and not number_in_text(2030 + 1, text)
    assert percent_in_text(10.0, text) and not percent_in_text(1.0, text)
    assert quote_in_text("it will cut 1,800 jobs", text)
    assert not quote_in_text("It will cut 1,900 jobs", text)
    assert not quote_in_text("jobs", text)  # too short to be a quote


def test_summary_with_a_bare_domain_is_refused_unless_the_item_names_it(llm: FakeLLM) -> None:
    said = "Acme Robotics cuts 240 dispatch jobs; details at acme-robotics.com."
    llm.answers["summary:Acme"] = Answer(json.dumps({"summary": said}))
    assert LLMSummarizer(client(llm.url)).summarize(ARTICLE) == (
        ExtractiveSummarizer().summarize(ARTICLE)
    )
    named = replace(ARTICLE, text=ARTICLE.text + " Details are on acme-robotics.com.")
    assert LLMSummarizer(client(llm.url)).summarize(named) == said


def test_retry_after_is_capped_at_a_few_minutes() -> None:
    """'inf', a number too big for a float, or a date years ahead rested the endpoint for
    the process's life; 'nan' is no wait at all."""
    for value in ("inf", "1e999", "99999999", "Fri, 31 Dec 9999 23:59:59 GMT"):
        assert retry_after_seconds(value, now=0.0) == MAX_REST, value
    assert retry_after_seconds("nan") is None and retry_after_seconds("-inf") == 0.0
