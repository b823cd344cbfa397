"""Optional LLM judge (any OpenAI-compatible chat endpoint) for summaries and tags.

The model is a second opinion, never a source of facts. The rules tag every item first;
only items they cannot rule out (an employer action, commentary, anything with job words)
go to the model; its answer must be JSON in the spec's schema, and every claim in it is
checked against the item's own text before it is believed:

- `ai_evidence` must be a verbatim quote of the item (whitespace and quote marks aside),
  and `ai_cause` true needs that quote;
- a `headcount` or `percent` must be written in the item;
- each company must be named in the item (or be an alias of a company named in it);
- a `location` must be named in the item.

A field that fails its check takes the rules' value, so an invented number or quote never
reaches a stored tag. Any failure of the endpoint (timeout, refusal, 429, broken JSON,
wrong types) falls back to the rules for the whole item: turning the model on can change
judgement, never break ingestion.

HTTP goes through a `ChatTransport` given by the composition root (bot/cli.py builds
feeds.llm_http.HttpxChatTransport): bot/ does not import an HTTP client, and the
transport decides what a redirect may carry (credentials never leave the origin).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from bot.companies import canonical, company_key, find_known
from bot.html_text import strip_invisible
from bot.models import FUNCTIONS, MAX_HEADCOUNT, Article, Kind, Tags
from bot.summarize import MAX_CHARS, ExtractiveSummarizer, addresses, is_clean
from bot.tagging import RuleTagger

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0
CACHE_SIZE = 2048
MAX_RETRY_WAIT = 10.0  # a 429 asking longer: the rules judge, the endpoint rests till then
# Failures in a row before COOL_DOWN seconds of rest: a dead endpoint must not add a
# timeout to every item of every poll.
FAILURES_BEFORE_COOL_DOWN = 3
COOL_DOWN = 60.0
# The longest rest a 429's Retry-After may set: "inf" turned the LLM off for good (s. 12).
MAX_REST = 300.0
_MAX_INPUT_CHARS = 6000
_VAGUE = frozenset({"dozens", "hundreds", "thousands"})

_SCHEMA = {
    "kind": '"layoff" | "hiring_freeze" | "analysis" | "other"',
    "ai_cause": "true | false",
    "ai_evidence": "string copied word for word from the item, or null",
    "companies": "[string] employers taking the action, main first, plain brand names",
    "headcount": "integer or null",
    "headcount_text": '"dozens" | "hundreds" | "thousands" | null',
    "percent": "number or null",
    "functions": "[string] from: " + ", ".join(FUNCTIONS),
    "location": "string (country) or null",
}
_TAG_PROMPT = (
    "You tag one news item about jobs. Reply with one JSON object only, exactly these "
    "keys:\n"
    + json.dumps(_SCHEMA, indent=1)
    + "\nRules: layoff = an employer announced, carried out or is reported to plan job "
    "cuts; hiring_freeze = stops hiring or shrinks by attrition, no cuts; analysis = "
    "commentary, research, surveys, forecasts, an employer's statement with no action; "
    "other = anything else, including non-job cuts (prices, features, output). ai_cause "
    "is true only when the item says AI or automation drove the change (not when AI is "
    "merely mentioned near it, and false when AI is denied as a cause); always false for "
    "other. ai_evidence is the exact sentence of the item that says so. headcount is the "
    "number of jobs cut as written in the item (lower bound of a range), null when vague "
    "or only a percent; never a workforce size, revenue or year. percent is a share of "
    "the whole workforce as written, else null. companies never include the publisher, "
    "analysts, unions or report authors; a unit before its parent. Use only facts written "
    "in the item."
)
_SUMMARY_PROMPT = (
    "Summarize this news item in at most 2 sentences and 300 characters. Lead with the "
    "sentence that states the action: who, what, how many. Use only facts written in the "
    "item. Never include website text such as subscribe prompts or cookie notices. Reply "
    'with JSON: {"summary": "..."}'
)
# Items whose text has none of these words, and which the rules judge `other`, are not
# worth a call: the spec's kinds are all about jobs.
_JOB_WORDS = re.compile(
    r"\b(?:lay(?:s|ing)?[ -]?offs?|laid[ -]off|jobs?|job[ -]cuts?|workforce|staff(?:ers)?|"
    r"employees?|workers?|redundanc\w*|hiring|headcount|roles|positions|fired|firing|"
    r"furlough\w*|buyouts?|attrition|automation|automate[ds]?|unemployment|careers?)\b",
    re.IGNORECASE,
)


class LLMError(Exception):
    """The endpoint failed or answered something unusable."""


class TransportError(Exception):
    """The request did not complete: connection, timeout, refused redirect."""


@dataclass(frozen=True)
class TransportResponse:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes


class ChatTransport(Protocol):
    """POSTs one JSON body and returns the answer, whatever its status.

    Implementations must not send `headers` (they carry the API key) to any origin but
    the URL's own, and raise TransportError for anything that is not an HTTP answer.
    """

    def post(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> TransportResponse: ...


def endpoint(url: str) -> str:
    """POST target: the URL as given if it already names chat/completions."""
    base = url.rstrip("/")
    return base if base.endswith("/chat/completions") else base + "/chat/completions"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds (a number of seconds or an HTTP date), at most MAX_REST;
    None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds):
        return None
    return min(MAX_REST, max(0.0, seconds))


class _LRU:
    """A bounded, thread-safe cache of answers by content hash."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


class ChatClient:
    """Chat-completions client: one JSON request, one JSON object back, cached.

    Answers are cached by a hash of (model, prompt, item text), so the same item seen in
    two feeds, or re-polled, costs one call. A 429 is retried once after its Retry-After
    when that is short; failures in a row rest the endpoint for a while.
    """

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        transport: ChatTransport,
        cache_size: int = CACHE_SIZE,
        max_retry_wait: float = MAX_RETRY_WAIT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = endpoint(url)
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.transport = transport
        self.cache = _LRU(cache_size)
        self.max_retry_wait = max_retry_wait
        self.calls = 0
        self._clock = clock
        self._sleep = sleep
        self._failures = 0
        self._resting_until = 0.0
        self._lock = threading.Lock()

    def complete_json(self, system: str, user: str) -> dict[str, Any]:
        user = user[:_MAX_INPUT_CHARS]
        key = hashlib.sha256(f"{self.model}\0{system}\0{user}".encode()).hexdigest()
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if self._clock() < self._resting_until:
            raise LLMError("endpoint resting after failures")
        try:
            answer = self._call(system, user)
        except LLMError:
            self._failed()
            raise
        with self._lock:
            self._failures = 0
        self.cache.put(key, answer)
        return answer

    def _failed(self, rest: float | None = None) -> None:
        with self._lock:
            self._failures += 1
            if rest is not None or self._failures >= FAILURES_BEFORE_COOL_DOWN:
                self._resting_until = self._clock() + (COOL_DOWN if rest is None else rest)

    def _call(self, system: str, user: str) -> dict[str, Any]:
        body = json.dumps(
            {
                "model": self.model,
                "temperature": 0,
                "response_format": {"type": "json_object"},
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
            }
        ).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        for attempt in range(2):
            self.calls += 1
            try:
                response = self.transport.post(self.url, body, headers, self.timeout)
            except TransportError as exc:
                raise LLMError(str(exc)) from exc
            if response.status == 429:
                wait = retry_after_seconds(response.headers.get("retry-after"))
                if attempt == 0 and wait is not None and wait <= self.max_retry_wait:
                    self._sleep(wait)
                    continue
                rest = wait if wait is not None else COOL_DOWN
                self._failed(rest=rest)
                raise LLMError(f"rate limited (429), resting {rest:.0f} s")
            if response.status != 200:
                raise LLMError(f"HTTP {response.status}")
            try:
                payload = json.loads(response.body.decode("utf-8"))
            except ValueError as exc:
                raise LLMError("answer is not JSON") from exc
            return _content_json(payload)
        raise LLMError("rate limited (429)")


def _content_json(payload: Any) -> dict[str, Any]:
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise LLMError("no message content") from exc
    if not isinstance(content, str):
        raise LLMError("content is not text")
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LLMError("content is not JSON") from exc
    if not isinstance(data, dict):
        raise LLMError("content is not a JSON object")
    return data


def _article_prompt(article: Article) -> str:
    return f"Title: {article.title}\n\n{article.text}"


# ---------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class Claims:
    """An answer that has the spec's shape (`validate_claims`), not yet believed."""

    kind: Kind
    ai_cause: bool
    ai_evidence: str | None
    companies: tuple[str, ...]
    headcount: int | None
    headcount_text: str | None
    percent: float | None
    functions: tuple[str, ...]
    location: str | None


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise LLMError("headcount is not a number")
    if value > MAX_HEADCOUNT or (isinstance(value, float) and not value.is_integer()):
        raise LLMError("headcount is out of range or not a whole number")
    return int(value)


def _opt_float(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        raise LLMError("percent out of range")
    return float(value)


def _opt_str(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise LLMError(f"{name} is not a string")
    return value.strip() or None


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LLMError("expected a list of strings")
    return [v.strip() for v in value if v.strip()]


def validate_claims(data: dict[str, Any]) -> Claims:
    """The answer in the spec's schema, or LLMError when any field has the wrong shape."""
    try:
        kind = Kind(str(data.get("kind")))
    except ValueError as exc:
        raise LLMError("unknown kind") from exc
    ai_cause = data.get("ai_cause", False)
    if not isinstance(ai_cause, bool):
        raise LLMError("ai_cause is not a bool")
    functions = _str_list(data.get("functions"))
    if any(f not in FUNCTIONS for f in functions):
        raise LLMError("function outside the vocabulary")
    vague = data.get("headcount_text")
    if vague is not None and vague not in _VAGUE:
        raise LLMError("headcount_text outside the vocabulary")
    return Claims(
        kind=kind,
        ai_cause=ai_cause,
        ai_evidence=_opt_str(data.get("ai_evidence"), "ai_evidence"),
        companies=tuple(dict.fromkeys(_str_list(data.get("companies")))),
        headcount=_opt_int(data.get("headcount")),
        headcount_text=vague,
        percent=_opt_float(data.get("percent")),
        functions=tuple(dict.fromkeys(functions)),
        location=_opt_str(data.get("location"), "location"),
    )


# ---------------------------------------------------------------------------- checks

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """Text for verbatim comparison: Unicode, quote marks, dashes and spacing folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().lower()


def quote_in_text(quote: str, text: str) -> bool:
    """Whether `quote` is written in `text` word for word (a short quote does not count)."""
    q = _plain(quote).strip(" .\"'")
    return len(q) >= 12 and q in _plain(text)


def _number_forms(n: int) -> list[str]:
    forms = {f"{n:,}", str(n), f"{n:,}".replace(",", " "), f"{n:,}".replace(",", ".")}
    if n >= 1000 and n % 100 == 0:
        k = n / 1000
        short = f"{k:g}"
        forms |= {f"{short}k", f"{short} thousand"}
    if n >= 1_000_000 and n % 100_000 == 0:
        forms.add(f"{n / 1_000_000:g} million")
    return sorted(forms, key=len, reverse=True)


def number_in_text(n: int, text: str) -> bool:
    """Whether the number is written in `text` ('1,800', '1800', '1.8k', '14 thousand')."""
    plain = _plain(text)
    return any(
        re.search(r"(?<![\d.,])" + re.escape(f) + r"(?![\d]|[.,]\d)", plain)
        for f in _number_forms(n)
    )


def percent_in_text(p: float, text: str) -> bool:
    """Whether the percent is written in `text` ('10%', '10 percent', '10 per cent')."""
    plain = _plain(text)
    number = f"{p:g}"
    return bool(
        re.search(
            r"(?<![\d.])" + re.escape(number) + r"(?:\.0+)?\s*(?:%|percent|per cent|pc\b)", plain
        )
    )


def _name_in_text(name: str, text: str) -> bool:
    return bool(re.search(r"(?<!\w)" + re.escape(_plain(name)) + r"(?!\w)", _plain(text)))


def company_in_text(name: str, text: str, known_keys: frozenset[str]) -> bool:
    """Named in the text as written, or an alias of a listed company the text names."""
    return _name_in_text(name, text) or company_key(canonical(name)) in known_keys


def believe(claims: Claims, rules: Tags, article: Article) -> Tags:
    """Tags from the model's claims, each checked against the item; the rules' value
    wherever a claim cannot be verified."""
    text = f"{article.title}\n{article.text}"
    kind = claims.kind
    evidence = claims.ai_evidence
    if evidence is not None and not quote_in_text(evidence, text):
        evidence = None
    if claims.ai_cause and kind != Kind.OTHER:
        # The model's judgement, but only with the item's own words to show for it.
        if evidence is not None:
            ai_cause = True
        else:
            ai_cause, evidence = rules.ai_cause, rules.ai_evidence
    else:
        ai_cause = False  # an explicit denial keeps its (verified) quote
        evidence = evidence if not claims.ai_cause else None
    known_keys = frozenset(company_key(n) for _, n in find_known(text))
    named = tuple(
        c
        for c in claims.companies
        if c != article.publisher and company_in_text(c, text, known_keys)
    )
    companies = named if named or not claims.companies else rules.companies
    headcount: int | None = None
    headcount_text: str | None = None
    percent: float | None = None
    if kind.is_action:
        if claims.headcount is not None:
            if number_in_text(claims.headcount, text):
                headcount = claims.headcount
            else:
                headcount, headcount_text = rules.headcount, rules.headcount_text
        elif claims.headcount_text and re.search(
            r"\b" + claims.headcount_text + r"\b", text, re.IGNORECASE
        ):
            headcount_text = claims.headcount_text
        if claims.percent is not None:
            percent = claims.percent if percent_in_text(claims.percent, text) else rules.percent
    location = claims.location
    if location is not None and not _name_in_text(location, text):
        location = rules.location
    return Tags(
        kind=kind,
        ai_cause=ai_cause,
        ai_evidence=evidence,
        companies=companies,
        headcount=headcount,
        headcount_text=headcount_text,
        headcount_at_least=rules.headcount_at_least and headcount == rules.headcount,
        percent=percent,
        functions=claims.functions if kind != Kind.OTHER else (),
        location=location,
        language=rules.language,
    )


def worth_asking(article: Article, rules: Tags) -> bool:
    """Whether the model could change the rules' verdict: English (the rules judge other
    languages `other`, and so would a check against English words), and either judged
    something other than `other` or written with job words."""
    if rules.language not in (None, "en"):
        return False
    if rules.kind != Kind.OTHER:
        return True
    return bool(_JOB_WORDS.search(f"{article.title}\n{article.text}"))


# ---------------------------------------------------------------------------- ports


class LLMTagger:
    """Tagger port: the rules first, then the model for items they cannot rule out, each
    of its claims verified against the item (`believe`)."""

    def __init__(self, client: ChatClient, fallback: RuleTagger | None = None) -> None:
        self._client = client
        self._fallback = fallback or RuleTagger()

    def tag(self, article: Article) -> Tags:
        rules = self._fallback.tag(article)
        if not worth_asking(article, rules):
            return rules
        try:
            data = self._client.complete_json(_TAG_PROMPT, _article_prompt(article))
            tags = believe(validate_claims(data), rules, article)
        except LLMError as exc:
            log.warning("event=llm_fallback part=tagger reason=%s", exc)
            return rules
        except Exception:  # noqa: BLE001 - never break ingestion on an LLM answer
            log.exception("event=llm_failed part=tagger; using the rules")
            return rules
        return tags


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


class LLMSummarizer:
    """Summarizer port backed by the model, falling back to ExtractiveSummarizer.

    Only items with job words are sent (the rest get the extractive summary), and a
    summary with a number, a link, an address or a host name the item does not have is
    refused (a feed's text can instruct the model: "add: verify your account at ...").
    """

    def __init__(self, client: ChatClient, fallback: ExtractiveSummarizer | None = None) -> None:
        self._client = client
        self._fallback = fallback or ExtractiveSummarizer()

    def summarize(self, article: Article, tags: Tags | None = None) -> str:
        if not _JOB_WORDS.search(f"{article.title}\n{article.text}"):
            return self._fallback.summarize(article, tags)
        try:
            data = self._client.complete_json(_SUMMARY_PROMPT, _article_prompt(article))
            summary = data.get("summary")
            if (
                isinstance(summary, str)
                and 0 < len(summary.strip()) <= MAX_CHARS
                and is_clean(summary)
                and _numbers(summary) <= _numbers(f"{article.title} {article.text}")
                and addresses(summary) <= addresses(f"{article.title} {article.text}")
            ):
                return strip_invisible(summary).strip()
            log.warning("event=llm_fallback part=summarizer reason=summary refused")
        except LLMError as exc:
            log.warning("event=llm_fallback part=summarizer reason=%s", exc)
        except Exception:  # noqa: BLE001 - never break ingestion on an LLM answer
            log.exception("event=llm_failed part=summarizer; using the extractive summary")
        return self._fallback.summarize(article, tags)


def with_summary_and_tags(
    url: str,
    model: str,
    api_key: str | None,
    timeout: float,
    transport: ChatTransport,
) -> tuple[LLMSummarizer, LLMTagger]:
    """The two ports sharing one client (one cache, one rest after failures)."""
    client = ChatClient(url, model, api_key, timeout, transport=transport)
    return LLMSummarizer(client), LLMTagger(client)


__all__ = [
    "ChatClient",
    "ChatTransport",
    "Claims",
    "LLMError",
    "LLMSummarizer",
    "LLMTagger",
    "TransportError",
    "TransportResponse",
    "believe",
    "endpoint",
    "validate_claims",
    "worth_asking",
]
