"""bot.tagging.branded: the plain scan before an employer's 'Name AI' pattern skips no match."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.tagging.branded import written_with_ai

DEV = Path(__file__).parent / "data" / "eval" / "dev.jsonl"


def _pattern(name: str, text: str) -> bool:
    return re.search(re.escape(name) + r"[ .-]?(?-i:AI)\b", text, re.I) is not None


def test_same_answer_as_the_pattern() -> None:
    names = ["SoundHound", "Character.ai", "C3", "Acme", "", "Ünlü", "Sıgn", "Kelvin", "ſtudio"]
    texts = [
        "SoundHound AI cuts 10% of staff", "soundhound.AI trims", "SOUNDHOUND-AI", "SoundHound AIs",
        "SoundHoundAI lays off", "Character.AI cuts jobs", "C3 AI and C3AI", "Acme  AI", "AI",
        "Ünlü AI", "ünlü AI", "Sign AI", "sign AI", "\u212aelvin AI", "studio AI", "Studio AI",
        "Café Acme AI", "Acme’s AI plan", "Acme AI’s plan", "no ai here", "İAcme AI",
    ]  # fmt: skip
    for line in DEV.read_text(encoding="utf-8").splitlines()[:400]:
        record = json.loads(line)
        texts.append(" ".join((record["title"], record.get("summary") or "")))
        names += re.findall(r"\b[A-Z][\w.&-]+(?= AI\b)", texts[-1])
    for name in dict.fromkeys(names):
        for text in texts:
            assert written_with_ai(name, text) == _pattern(name, text), (name, text)


def test_branded_names() -> None:
    assert written_with_ai("SoundHound", "SoundHound AI to cut jobs")
    assert written_with_ai("C3", "c3.AI cuts")
    assert not written_with_ai("SoundHound", "SoundHound ai to cut jobs")  # 'AI' as written
    assert written_with_ai("studio", "ſtudio AI")  # 'ſ' is an 's' under IGNORECASE
