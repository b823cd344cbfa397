"""A fake OpenAI-compatible chat-completions server on 127.0.0.1, with recorded answers.

Each answer is chosen by a marker found in the request's user message (the item's title
and text), so one server serves a whole feed: `FakeLLM.answers[marker] = Answer(...)`.
Run it in-process (`with FakeLLM() as llm: llm.url`) or as a process for end-to-end
tests (`python tests/fake_llm.py ANSWERS.json`, which prints its URL on one line).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass
class Answer:
    """What the server says: `content` is the model's message text (any string, so
    broken JSON can be recorded); `status`, `headers`, `delay` shape the HTTP answer."""

    content: str = "{}"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    times: int | None = None  # answer this way this many times, then fall through


def tags_answer(**fields: Any) -> Answer:
    base: dict[str, Any] = {
        "kind": "other",
        "ai_cause": False,
        "ai_evidence": None,
        "companies": [],
        "headcount": None,
        "headcount_text": None,
        "percent": None,
        "functions": [],
        "location": None,
    }
    return Answer(json.dumps({**base, **fields}))


class FakeLLM:
    def __init__(self, answers: dict[str, Answer] | None = None) -> None:
        self.answers: dict[str, Answer] = dict(answers or {})
        self.default = Answer(json.dumps({"summary": ""}))
        self.requests: list[dict[str, Any]] = []
        self.redirect_to: str | None = None
        self.redirect_status = 307
        self.on_request: Callable[[dict[str, Any]], None] | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = json.loads(raw or b"{}")
                entry = {"path": self.path, "auth": self.headers.get("Authorization"), **body}
                fake.requests.append(entry)
                if fake.on_request is not None:
                    fake.on_request(entry)
                if fake.redirect_to is not None:
                    self.send_response(fake.redirect_status)
                    self.send_header("Location", fake.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                fake.answer(self, body)

            def do_GET(self) -> None:  # a client that turned a redirected POST into a GET
                entry = {"path": self.path, "auth": self.headers.get("Authorization")}
                fake.requests.append(entry)
                if fake.on_request is not None:
                    fake.on_request(entry)
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def pick(self, body: dict[str, Any]) -> Answer:
        messages = body.get("messages") or [{}, {}]
        system = str(messages[0].get("content", ""))
        user = str(messages[-1].get("content", ""))
        summary = system.startswith("Summarize")
        for marker, answer in self.answers.items():
            want_summary = marker.startswith("summary:")
            key = marker.removeprefix("summary:")
            if key in user and want_summary == summary:
                if answer.times is not None:
                    if answer.times <= 0:
                        continue
                    answer.times -= 1
                return answer
        return self.default

    def answer(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        answer = self.pick(body)
        if answer.delay:
            time.sleep(answer.delay)
        payload = json.dumps({"choices": [{"message": {"content": answer.content}}]}).encode()
        try:
            handler.send_response(answer.status)
            for name, value in answer.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
        except OSError:
            pass

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def main(path: str) -> None:
    """Serve the answers of a JSON file {marker: {content|tags, status, ...}} until killed;
    every request is appended as one JSON line to PATH + '.requests'."""
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    answers = {}
    for marker, a in spec.items():
        content = json.dumps(a["tags"]) if "tags" in a else a.get("content", "{}")
        answers[marker] = Answer(content, a.get("status", 200), a.get("headers", {}))
    with FakeLLM(answers) as llm:
        log = open(path + ".requests", "a", encoding="utf-8")  # noqa: SIM115

        def record(entry: dict[str, Any]) -> None:
            log.write(json.dumps(entry) + "\n")
            log.flush()

        llm.on_request = record
        print(llm.url, flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv[1])
