"""One event, one alert per channel, across the workspaces that share it.

A Slack Connect channel (one channel id, shared by two organisations that both installed
the bot) following a company through each workspace got the event's alert twice when it
reached the bot as two stories: workspace A's own feeds' story first, then the operator's
story of the same event (stories.same_as), alerting B's subscription in the same channel.
Alert planning asks for the event's other stories and for the alerts a channel already
has of them (bot/alerts.py)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, or_, select

from bot.store.base import StoreBase
from bot.store.tables import deliveries, stories

_SAME_EVENT = select(stories.c.key).where(
    or_(stories.c.id == bindparam("b_root"), stories.c.same_as == bindparam("b_root")),
    stories.c.id != bindparam("b_id"),
)


class SharedPlacesMixin(StoreBase):
    def same_event_story_keys(self, story_id: int, same_as: int | None) -> list[str]:
        """The keys of the other stories of a story's event: the operator's story
        (`same_as`, or the story itself) and the workspaces' stories linked to it."""
        root = same_as if same_as is not None else story_id
        with self.tx() as conn:
            found = conn.execute(_SAME_EVENT, {"b_root": root, "b_id": story_id}).scalars()
            return list(found)

    def planned_delivery_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` the outbox holds (planned, sent or given up)."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self.tx() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = select(deliveries.c.key).where(deliveries.c.key.in_(chunk))
                found.update(conn.execute(query).scalars())
        return found
