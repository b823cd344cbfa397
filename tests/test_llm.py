import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.llm import LLMSummarizer, LLMTagger, endpoint
from bot.models import Article, Kind
from bot.summarize import ExtractiveSummarizer
from bot.tagging import RuleTagger

ARTICLE = Article(
    title="Acme Robotics to cut 240 jobs as AI route planning takes over",
    text="Acme Robotics will cut 240 dispatch jobs in Leeds after rolling out AI software.",
    link="https://x.example/a",
    published=datetime(2025, 5, 1, tzinfo=UTC),
    publisher="Wire",
)
GOOD_TAGS = {
    "kind": "layoff",
    "ai_cause": True,
    "ai_evidence": "AI route planning takes over",
    "companies": ["Acme Robotics", "Wire"],
    "headcount": 240,
    "headcount_text": None,
    "percent": None,
    "functions": ["logistics"],
    "location": "United Kingdom",
}


class FakeLLM(BaseHTTPRequestHandler):
    mode = "good"
    requests: list[dict[str, object]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeLLM.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), **body}
        )
        if FakeLLM.mode == "500":
            self.send_response(500)
            self.end_headers()
            return
        if FakeLLM.mode == "slow":
            time.sleep(1.0)
        system = body["messages"][0]["content"]
        if FakeLLM.mode == "garbage":
            content = "I think this is about layoffs!"
        elif FakeLLM.mode == "invalid":
            content = json.dumps({**GOOD_TAGS, "kind": "massacre", "functions": ["wizards"]})
        elif "summary" in system.lower() and "Summarize" in system:
            content = json.dumps({"summary": "Acme Robotics cuts 240 jobs as AI plans routes."})
        else:
            content = json.dumps(GOOD_TAGS)
        payload = json.dumps({"choices": [{"message": {"content": content}}]}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    FakeLLM.requests = []
    FakeLLM.mode = "good"
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_endpoint_url_forms():
    assert endpoint("http://h/v1") == "http://h/v1/chat/completions"
    assert endpoint("http://h/v1/chat/completions/") == "http://h/v1/chat/completions"


def test_good_answer_is_used_and_validated(server):
    tags = LLMTagger(server, "m", "secret", timeout=2).tag(ARTICLE)
    assert tags.kind == Kind.LAYOFF and tags.headcount == 240 and tags.ai_cause
    assert tags.companies == ("Acme Robotics",)  # the publisher is never the employer
    assert FakeLLM.requests[0]["path"] == "/v1/chat/completions"
    assert FakeLLM.requests[0]["auth"] == "Bearer secret"
    summary = LLMSummarizer(server, "m", timeout=2).summarize(ARTICLE)
    assert summary == "Acme Robotics cuts 240 jobs as AI plans routes."


@pytest.mark.parametrize("mode", ["garbage", "invalid", "500", "slow"])
def test_failures_fall_back_to_rules(server, mode):
    FakeLLM.mode = mode
    assert LLMTagger(server, "m", timeout=0.3).tag(ARTICLE) == RuleTagger().tag(ARTICLE)
    assert LLMSummarizer(server, "m", timeout=0.3).summarize(
        ARTICLE
    ) == ExtractiveSummarizer().summarize(ARTICLE)


def test_unreachable_endpoint_falls_back():
    tagger = LLMTagger("http://127.0.0.1:9/v1", "m", timeout=0.3)
    assert tagger.tag(ARTICLE) == RuleTagger().tag(ARTICLE)
