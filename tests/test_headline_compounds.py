"""Outlets write one compound with or without its hyphen ('eating-disorder group', 'Eating
Disorder Helpline', 'voice-assistant unit'): headline wording compares them as the same
words (issue 16, story recall), while generic compounds ('white-collar') still weigh little."""

from __future__ import annotations

from bot.headlines import title_tokens


def test_a_hyphenated_compound_and_its_spaced_form_are_the_same_words() -> None:
    hyphen = title_tokens("Eating-disorder group's chatbot gave weight loss tips")
    spaced = title_tokens("Eating Disorder Helpline takes down its chatbot")
    assert {"eating", "disorder"} <= hyphen & spaced


def test_ai_and_generic_compounds_stay_whole() -> None:
    tokens = title_tokens("AI-driven layoffs hit white-collar workers, mass lay-offs follow")
    assert {"ai-driven", "white-collar", "lay-off"} <= tokens
    assert "collar" not in tokens
