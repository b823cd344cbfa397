"""Optional LLM-backed Summarizer and Tagger for any OpenAI-compatible endpoint.

The rule-based implementations stay the source of truth for availability: every error,
timeout, refusal or answer outside the spec's vocabulary falls back to them, so turning
an LLM on can only change wording and judgement, never break ingestion. Only the standard
library is used for HTTP (httpx belongs to feeds/fetch.py).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any

from bot.models import FUNCTIONS, Article, Kind, Tags
from bot.summarize import MAX_CHARS, ExtractiveSummarizer, is_clean
from bot.tagging import RuleTagger

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0
_MAX_INPUT_CHARS = 6000
_VAGUE = frozenset({"dozens", "hundreds", "thousands"})

_SUMMARY_PROMPT = (
    "Summarize this news item in at most 2 sentences and 300 characters. Lead with the "
    "sentence that states the action: who, what, how many. Never include website text "
    'such as subscribe prompts or cookie notices. Reply with JSON: {"summary": "..."}'
)
_TAG_PROMPT = (
    "Tag this news item. Reply with JSON only, with keys: kind (one of layoff, "
    "hiring_freeze, analysis, other), ai_cause (bool: the item attributes the workforce "
    "change at least in part to AI or automation; always false for other), ai_evidence "
    "(the exact sentence from the item that says so, or null), companies (employers taking "
    "the action, main first, plain brand names, never the publisher), headcount (int jobs "
    "cut as stated, lower bound of a range, null if vague or only a percent), "
    "headcount_text (dozens, hundreds, thousands or null), percent (number or null), "
    "functions (list from: " + ", ".join(FUNCTIONS) + "), location (country or null)."
)


class LLMError(Exception):
    """The endpoint failed or answered something unusable."""


def endpoint(url: str) -> str:
    """POST target: the URL as given if it already names chat/completions."""
    base = url.rstrip("/")
    return base if base.endswith("/chat/completions") else base + "/chat/completions"


class ChatClient:
    """Minimal chat-completions client: one JSON request, one JSON object back."""

    def __init__(
        self, url: str, model: str, api_key: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.url = endpoint(url)
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def complete_json(self, system: str, user: str) -> dict[str, Any]:
        body = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user[:_MAX_INPUT_CHARS]},
            ],
        }
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise LLMError(str(exc)) from exc
        return _content_json(payload)


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


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise LLMError("headcount is not a number")
    return int(value)


def _opt_float(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        raise LLMError("percent out of range")
    return float(value)


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LLMError("expected a list of strings")
    return [v.strip() for v in value if v.strip()]


def validate_tags(data: dict[str, Any], article: Article) -> Tags:
    """Tags from an LLM answer, or LLMError when anything is outside the spec."""
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
    evidence = data.get("ai_evidence")
    evidence = evidence if isinstance(evidence, str) and evidence.strip() else None
    location = data.get("location")
    companies = [c for c in _str_list(data.get("companies")) if c != article.publisher]
    headcount = _opt_int(data.get("headcount"))
    action = kind.is_action
    return Tags(
        kind=kind,
        ai_cause=ai_cause and kind != Kind.OTHER,
        ai_evidence=evidence,
        companies=tuple(dict.fromkeys(companies)),
        headcount=headcount if action else None,
        headcount_text=str(vague) if action and vague and headcount is None else None,
        percent=_opt_float(data.get("percent")) if action else None,
        functions=tuple(dict.fromkeys(functions)) if kind != Kind.OTHER else (),
        location=location.strip() if isinstance(location, str) and location.strip() else None,
    )


class LLMTagger:
    """Tagger port backed by an LLM, falling back to RuleTagger on any failure."""

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        fallback: RuleTagger | None = None,
    ) -> None:
        self._client = ChatClient(url, model, api_key, timeout)
        self._fallback = fallback or RuleTagger()

    def tag(self, article: Article) -> Tags:
        from dataclasses import replace

        from bot.tagging import language_of

        language = language_of(article)
        if language != "en":  # the same rule as the rules: a language not handled is `other`
            return self._fallback.tag(article)
        try:
            data = self._client.complete_json(_TAG_PROMPT, _article_prompt(article))
            return replace(validate_tags(data, article), language=language)
        except LLMError as exc:
            log.warning("LLM tagger fell back to rules: %s", exc)
        except Exception:  # noqa: BLE001 - never break ingestion on an LLM answer
            log.exception("LLM tagger failed; falling back to rules")
        return self._fallback.tag(article)


class LLMSummarizer:
    """Summarizer port backed by an LLM, falling back to ExtractiveSummarizer."""

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        fallback: ExtractiveSummarizer | None = None,
    ) -> None:
        self._client = ChatClient(url, model, api_key, timeout)
        self._fallback = fallback or ExtractiveSummarizer()

    def summarize(self, article: Article, tags: Tags | None = None) -> str:
        try:
            data = self._client.complete_json(_SUMMARY_PROMPT, _article_prompt(article))
            summary = data.get("summary")
            if (
                isinstance(summary, str)
                and 0 < len(summary.strip()) <= MAX_CHARS
                and is_clean(summary)
            ):
                return summary.strip()
            log.warning("LLM summary rejected; falling back to extractive")
        except LLMError as exc:
            log.warning("LLM summarizer fell back to extractive: %s", exc)
        except Exception:  # noqa: BLE001 - never break ingestion on an LLM answer
            log.exception("LLM summarizer failed; falling back to extractive")
        return self._fallback.summarize(article, tags)
