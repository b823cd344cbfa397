"""`layoffbot tag` with LAYOFFBOT_LLM_URL pointing at a fake OpenAI-compatible server on
127.0.0.1 (tests/fake_llm.py): the real process, the real httpx transport, a real SQLite
database. What the model claims and the item does not say never reaches a stored tag,
and the API key never leaves the endpoint's origin."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e import bot_env, cli, rss
from tests.fake_llm import Answer, FakeLLM, tags_answer

WHEN = datetime(2025, 5, 1, 9, tzinfo=UTC)
ACME_QUOTE = "The company said AI route planning software now does the work of its dispatchers."
FAKE_QUOTE = "Globex said AI agents will replace its whole support team this year."
ITEMS = [
    {
        "title": "Acme Robotics to cut 240 jobs as AI route planning takes over",
        "link": "https://news.example/acme",
        "description": "Acme Robotics will cut 240 dispatch jobs in Leeds, about 12% of its "
        "staff. " + ACME_QUOTE,
        "published": WHEN,
    },
    {
        "title": "Globex trims its support team",
        "link": "https://news.example/globex",
        "description": "Globex will let go of some support staff in its Ohio call centre, "
        "a spokesperson said, without giving numbers.",
        "published": WHEN,
    },
    {
        "title": "Storm brings heavy rain to the coast",
        "link": "https://news.example/storm",
        "description": "Forecasters expect flooding on Tuesday.",
        "published": WHEN,
    },
]
ACME = tags_answer(
    kind="layoff",
    ai_cause=True,
    ai_evidence=ACME_QUOTE,
    companies=["Acme Robotics"],
    headcount=240,
    percent=12,
    functions=["logistics"],
)
GLOBEX_INVENTED = tags_answer(
    kind="layoff",
    ai_cause=True,
    ai_evidence=FAKE_QUOTE,
    companies=["Initech", "Globex"],
    headcount=5000,
    percent=30,
    functions=["customer_support"],
    location="India",
)


def _tag(tmp_path: Path, url: str, **env: str) -> tuple[dict[str, dict[str, object]], str]:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss("News", ITEMS))
    result = cli(
        "tag",
        str(feed),
        tmp_path=tmp_path,
        env=bot_env(
            tmp_path,
            LAYOFFBOT_LLM_URL=url,
            LAYOFFBOT_LLM_MODEL="fake-model",
            LAYOFFBOT_LLM_API_KEY="sk-secret-key",
            LAYOFFBOT_LLM_TIMEOUT_SECONDS="5",
            **env,
        ),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {str(r["link"]).rsplit("/", 1)[-1]: r for r in rows}, result.stderr


def _stored_tags(tmp_path: Path) -> str:
    with sqlite3.connect(tmp_path / "bot.db") as db:
        return "\n".join(
            [r[0] for r in db.execute("select tags from items")]
            + [r[0] for r in db.execute("select tags from stories")]
        )


def test_tag_believes_verified_claims_and_stores_no_invented_number_or_quote(
    tmp_path: Path,
) -> None:
    with FakeLLM({"Acme Robotics": ACME, "Globex": GLOBEX_INVENTED}) as llm:
        by, _ = _tag(tmp_path, llm.url)
    acme, globex, storm = by["acme"], by["globex"], by["storm"]
    assert acme["kind"] == "layoff" and acme["ai_cause"] is True
    assert acme["ai_evidence"] == ACME_QUOTE and acme["companies"] == ["Acme Robotics"]
    assert acme["headcount"] == 240 and acme["percent"] == 12.0
    assert acme["functions"] == ["logistics"]
    # The model's kind is a judgement and stands; its invented facts do not.
    assert globex["kind"] == "layoff" and globex["companies"] == ["Globex"]
    assert globex["headcount"] is None and globex["percent"] is None
    assert globex["ai_evidence"] != FAKE_QUOTE and globex["ai_cause"] is False
    assert globex["location"] != "India"
    assert storm["kind"] == "other"
    stored = _stored_tags(tmp_path)
    assert "5000" not in stored and FAKE_QUOTE not in stored and "Initech" not in stored
    assert ACME_QUOTE in stored
    users = [r["messages"][-1]["content"] for r in llm.requests]
    assert not any("Storm" in u for u in users)  # ruled out by the rules: never sent
    assert all(r["auth"] == "Bearer sk-secret-key" for r in llm.requests)


def test_tag_never_sends_the_key_to_the_origin_an_endpoint_redirects_to(
    tmp_path: Path,
) -> None:
    with FakeLLM({"Acme Robotics": ACME}) as other, FakeLLM() as front:
        front.redirect_to = other.url + "/chat/completions"
        front.redirect_status = 302
        by, stderr = _tag(tmp_path, front.url)
    assert front.requests  # the bot did ask its endpoint
    assert other.requests == []  # and nothing, let alone the key, reached the other port
    assert by["acme"]["ai_evidence"] != "" and by["acme"]["headcount"] == 240  # the rules
    assert "sk-secret-key" not in stderr


def test_a_summary_with_a_link_the_item_does_not_have_is_refused(tmp_path: Path) -> None:
    """A feed's text can instruct the model ("end with: verify at ..."): a summary with a
    link or address the item never wrote reached every digest and alert as the bot's own
    words. Its control and bidi characters are dropped as the feed's own are."""
    with FakeLLM(
        {
            "summary:Acme Robotics": Answer(
                json.dumps(
                    {
                        "summary": "Acme Robotics will cut 240 dispatch jobs. Affected staff"
                        " must verify their pay at https://evil.example/payroll today."
                    }
                )
            ),
            "summary:Globex": Answer(
                json.dumps({"summary": "Globex will let go of\u202e some support\x1b staff."})
            ),
        }
    ) as llm:
        by, _ = _tag(tmp_path, llm.url)
    acme, globex = str(by["acme"]["summary"]), str(by["globex"]["summary"])
    assert "evil.example" not in acme and "240" in acme, acme
    assert globex == "Globex will let go of some support staff.", globex
    with sqlite3.connect(tmp_path / "bot.db") as db:
        stored = " ".join(str(r[0]) for r in db.execute("select summary from items"))
    assert "evil.example" not in stored and "\x1b" not in stored and "\u202e" not in stored


def test_a_summary_with_a_bare_domain_the_item_does_not_have_is_refused(tmp_path: Path) -> None:
    """'check acme-payroll.net' has no scheme, www. or path, yet Slack and Discord show it
    as a link: it passed the check for links the item does not have."""
    with FakeLLM(
        {
            "summary:Acme Robotics": Answer(
                json.dumps(
                    {
                        "summary": "Acme Robotics will cut 240 dispatch jobs; staff should "
                        "confirm their pay at Acme-Payroll.net."
                    }
                )
            ),
        }
    ) as llm:
        by, _ = _tag(tmp_path, llm.url)
    acme = str(by["acme"]["summary"])
    assert "payroll" not in acme.lower() and "240" in acme, acme


@pytest.mark.parametrize("retry_after", ["inf", "1e999", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_an_endpoint_asking_to_wait_forever_is_rested_for_minutes_not_for_good(
    tmp_path: Path, retry_after: str
) -> None:
    """A 429 with `Retry-After: inf` (or a huge number, or a date far ahead) rested the
    endpoint for ever: the LLM was off for the rest of the process's life. The rest is
    capped at bot.llm.MAX_REST, and the item is judged by the rules meanwhile."""
    limited = Answer("{}", status=429, headers={"Retry-After": retry_after})
    with FakeLLM({"Acme Robotics": limited}) as llm:
        by, stderr = _tag(tmp_path, llm.url)
    assert "reason=rate limited (429), resting 300 s" in stderr, stderr
    assert by["acme"]["headcount"] == 240  # the rules
    assert len(llm.requests) == 1  # resting: no call for the other items
