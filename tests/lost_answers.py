"""Lost answers, as the fake platforms (tests/slack/fake_slack.py,
tests/discord/fake_discord.py) play them: a message is posted, its answer never reaches
the bot."""

from __future__ import annotations

import random


class LostAnswers:
    """Which successful posts' answers a fake drops: those `lose` planned first, else a
    share `lose_answers` (0..1) of them, drawn from `_lose_rng`. `_hang_next` says whether
    the one just chosen hangs `lose_hang` seconds before its connection drops."""

    lose_answers: float
    _lose_rng: random.Random
    _lose_plan: list[list[int]]
    _hang_next: bool

    def lose(self, *, times: int = 1, after: int = 0, hang: bool = False) -> None:
        """Lose the answers of `times` successful message posts once `after` more have
        passed (dropping the connection at once, or after `lose_hang` seconds with `hang`)."""
        self._lose_plan.append([after, times, hang])

    def _should_lose(self) -> bool:
        if self._lose_plan:
            plan = self._lose_plan[0]
            if plan[0] > 0:
                plan[0] -= 1
                return False
            plan[1] -= 1
            if plan[1] <= 0:
                self._lose_plan.pop(0)
            self._hang_next = bool(plan[2])
            return True
        if not self.lose_answers:
            return False
        self._hang_next = self._lose_rng.random() < 0.5
        return self._lose_rng.random() < self.lose_answers
