"""Shared helpers for the social tests (commands, outbox, digests, alerts, scheduler).

Imported by those test modules (`from conftest_social import ...`); the fixtures they
need (`store`, `make_story`) come from tests/conftest.py.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.app import App
from bot.config import Settings
from bot.errors import PermanentDeliveryError, TransientDeliveryError
from bot.models import Command, DeliveryReceipt, Message, Target
from bot.ports import CoreApp
from bot.store import Store

NOW = datetime(2025, 1, 20, 12, 0, tzinfo=UTC)


class Clock:
    """A settable clock: tests move time by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def settings(**overrides: object) -> Settings:
    return Settings(_env_file=None, **overrides)  # type: ignore[call-arg]


def make_app(store: Store, clock: Clock | None = None, feed_service: object = None) -> App:
    return App(store, settings(), feed_service, clock or Clock())  # type: ignore[arg-type]


def cmd(
    text: str,
    *,
    manager: bool = True,
    user: str = "U1",
    channel: str | None = "C1",
    platform: str = "slack",
    workspace: str = "T1",
) -> Command:
    return Command(
        text=text,
        platform=platform,
        user_id=user,
        channel_id=channel,
        workspace_id=workspace,
        is_manager=manager,
    )


@dataclass
class Sent:
    target: Target
    message: Message
    receipt: DeliveryReceipt


@dataclass
class FakeAdapter:
    """Records what it sends; `fail` maps a channel (or user) id to an exception to
    raise (each entry is used once when it is a list)."""

    name: str = "slack"
    sent: list[Sent] = field(default_factory=list)
    fail: dict[str, list[Exception]] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def start(self, app: CoreApp) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        where = target.channel_id or target.user_id or ""
        errors = self.fail.get(where)
        if errors:
            raise errors.pop(0)
        receipt = DeliveryReceipt(message_id=f"m{next(self.ids)}")
        self.sent.append(Sent(target, message, receipt))
        return receipt


__all__ = [
    "NOW",
    "Clock",
    "FakeAdapter",
    "PermanentDeliveryError",
    "Sent",
    "TransientDeliveryError",
    "cmd",
    "make_app",
    "settings",
]
