"""Durable delivery: every message the bot owes a channel goes through here.

Planning (alerts, digests) inserts rows keyed on what they are about; the `Dispatcher`
claims due rows, sends each through its platform's adapter and marks it sent the moment
the platform confirms, with no await in between, so a crash re-sends only a message the
platform never confirmed. Adapters that can (`IdempotentChatAdapter`) carry the delivery
key with the post and, on a retry whose first try may have been posted without an
answer, look for it on the platform first, so a lost answer does not double the post.
Transient failures retry with exponential backoff and jitter (never sooner than the
platform's retry-after); only a permanent failure gives up, and then disables the
subscription or digest with the reason so users can see why.

Many workspaces share one dispatcher, so one tenant's trouble must not hold the others:
a target (channel or user) that fails transiently is not tried again in the same sweep
(its other deliveries wait for its retry time, uncounted), and a delivery still failing
`max_age` after it was planned is given up (failed, nothing disabled), never retried
for ever.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot.errors import LONGEST_DELIVERY_WAIT, PermanentDeliveryError, TransientDeliveryError
from bot.models import DeliveryReceipt, Message, Target
from bot.ports import ChatAdapter, IdempotentChatAdapter, Outbox, SendAttempt
from bot.serialize import (
    message_from_json,
    message_to_json,
    receipt_from_json,
    receipt_to_json,
    target_from_json,
    target_to_json,
)
from bot.timeutil import utcnow

if TYPE_CHECKING:
    from bot.store.social import Delivery

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

# A delivery still failing this long after it was planned is given up: a digest or an
# alert two days late is news no more, and a dead target is not retried for ever.
MAX_AGE = timedelta(hours=48)


def enqueue_message(
    store: Outbox,
    *,
    key: str,
    target: Target,
    message: Message,
    source: str,
    now: datetime,
    source_id: int | None = None,
    parent_key: str | None = None,
) -> bool:
    """Plan one delivery (insert-if-absent on `key`). True when it was new."""
    return store.enqueue(
        key=key,
        platform=target.platform,
        target=target_to_json(target),
        message=message_to_json(message),
        source=source,
        source_id=source_id,
        parent_key=parent_key,
        now=now,
    )


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: base * 2**(attempt-1), capped, +-jitter."""

    base: float = 5.0
    cap: float = 3600.0
    jitter: float = 0.2

    def delay(
        self, attempt: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        raw = min(self.cap, self.base * 2.0 ** max(0, attempt - 1))
        spread: float = (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        wait = raw * spread
        if retry_after is not None and retry_after > 0:
            wait = max(wait, float(retry_after))
        return min(wait, LONGEST_DELIVERY_WAIT.total_seconds())


class Liveness(Protocol):
    """This process's liveness lock (bot.store.liveness.WorkerLiveness): claims made
    under `worker_id` while `hold()` is true come back to others at once if it dies."""

    worker_id: str
    epoch: int

    def hold(self) -> bool: ...


@dataclass
class DispatchStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0  # not tried: their target had just failed in the same sweep


class Dispatcher:
    """Claims due deliveries and sends them through the adapters.

    `adapters` maps platform name to adapter; deliveries for other platforms are left to
    the process that runs them. `should_deliver(target)` lets a process take only its own
    targets (a Discord shard its guilds). `on_sent(delivery, receipt)` is called right
    after a delivery is recorded as sent (tests and metrics). `max_age`: how long after
    it was planned a delivery that keeps failing transiently is given up. `liveness`
    (PostgreSQL): claims are made under its worker id while it holds its lock, and a
    delivery is sent only while the lock it was claimed under is still held.
    """

    def __init__(
        self,
        store: Outbox,
        adapters: Mapping[str, ChatAdapter],
        worker_id: str,
        clock: Clock = utcnow,
        *,
        should_deliver: Callable[[Target], bool] | None = None,
        lease: timedelta = timedelta(minutes=2),
        send_timeout: float = 60.0,
        batch_size: int = 20,
        backoff: Backoff | None = None,
        on_sent: Callable[[Delivery, DeliveryReceipt], None] | None = None,
        max_age: timedelta = MAX_AGE,
        liveness: Liveness | None = None,
    ) -> None:
        if send_timeout >= lease.total_seconds():
            raise ValueError("send_timeout must be shorter than the claim lease")
        self.store = store
        self.adapters = dict(adapters)
        self.worker_id = worker_id
        self.clock = clock
        self.should_deliver = should_deliver
        self.lease = lease
        self.send_timeout = send_timeout
        self.batch_size = batch_size
        self.backoff = backoff or Backoff()
        self.on_sent = on_sent
        self.max_age = max_age
        self.liveness = liveness
        self._epoch: int | None = None  # the lock's taking the current batch was claimed in
        self._lock = asyncio.Lock()

    def _accept(self, delivery: Delivery) -> bool:
        if self.should_deliver is None:
            return True
        try:
            return self.should_deliver(target_from_json(delivery.target))
        except Exception:
            log.exception("event=should_deliver_failed key=%s", delivery.key)
            return False

    def claim(self) -> list[Delivery]:
        """A batch, claimed under the live worker id while its lock is held (else the
        plain id: the lease alone brings the claims back)."""
        live = self.liveness
        self._epoch = live.epoch if live is not None and live.hold() else None
        claimer = live.worker_id if live is not None and self._epoch is not None else None
        return self.store.claim_deliveries(
            worker_id=claimer or self.worker_id,
            now=self.clock(),
            lease=self.lease,
            limit=self.batch_size,
            platforms=self.adapters.keys(),
            accept=self._accept if self.should_deliver else None,
        )

    async def run_once(self) -> DispatchStats:
        """Claim and send what is due until nothing is; one sweep. Never raises for a
        delivery's failure. Concurrent calls in one process are serialized."""
        stats = DispatchStats()
        # Targets that failed transiently in this sweep, and when they may be tried again.
        stalled: dict[tuple[str, str], datetime] = {}
        async with self._lock:
            while True:
                batch = await asyncio.to_thread(self.claim)
                if not batch:
                    return stats
                for index, delivery in enumerate(batch):
                    if not self._still_ours(delivery):
                        # Claimed under the liveness lock, lost since: another process
                        # may have taken them meanwhile. Given back (those still ours);
                        # the next sweep claims again.
                        for rest in batch[index:]:
                            self.store.release_claim(rest.id, worker_id=self._claimer(rest))
                        stats.deferred += len(batch) - index
                        return stats
                    try:
                        await self._deliver(delivery, stats, stalled)
                    except asyncio.CancelledError:
                        for rest in batch[index:]:
                            self.store.release_claim(rest.id, worker_id=self._claimer(rest))
                        raise

    async def _deliver(
        self,
        delivery: Delivery,
        stats: DispatchStats,
        stalled: dict[tuple[str, str], datetime],
    ) -> None:
        adapter = self.adapters[delivery.platform]
        try:
            target, message = _unpack(delivery)
        except Exception as exc:  # a corrupt row will never send: say so and move on
            log.exception("event=delivery_corrupt key=%s", delivery.key)
            self.store.mark_failed(
                delivery.id, error=f"unreadable delivery: {exc}", now=self.clock()
            )
            stats.failed += 1
            return
        where = _where(target)
        if where in stalled:
            # Its target just failed: waiting its turn costs other tenants nothing, where
            # trying would hold the sweep for another timeout or rate-limit wait.
            self.store.release_claim(
                delivery.id, worker_id=self._claimer(delivery), until=stalled[where]
            )
            stats.deferred += 1
            return
        try:
            if isinstance(adapter, IdempotentChatAdapter):
                send_attempt = SendAttempt(
                    key=delivery.key,
                    since=delivery.created_at,
                    # Any earlier try may have been posted without us hearing back.
                    unsure=delivery.attempts > 0 or delivery.reclaimed,
                )
                sending = adapter.send_once(target, message, send_attempt)
            else:
                sending = adapter.send(target, message)
            receipt = await asyncio.wait_for(sending, self.send_timeout)
        except PermanentDeliveryError as exc:
            keys = self.store.mark_failed(
                delivery.id, error=str(exc) or type(exc).__name__, now=self.clock()
            )
            log.warning(
                "event=delivery_failed key=%s error=%r failed=%d", delivery.key, str(exc), len(keys)
            )
            stats.failed += 1
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            stalled[where] = self._retry_later(delivery, exc, stats)
            return
        # Confirmed by the platform: record it before anything else can happen.
        self.store.mark_sent(delivery.id, receipt=receipt_to_json(receipt), now=self.clock())
        stats.sent += 1
        if self.on_sent is not None:
            self.on_sent(delivery, receipt)

    def _claimer(self, delivery: Delivery) -> str:
        """The id `delivery` was claimed under (the live id or the plain one)."""
        return delivery.claimed_by or self.worker_id

    def _still_ours(self, delivery: Delivery) -> bool:
        """A claim made under the liveness lock is sent only while the lock is held
        since then (the same taking of it): otherwise others saw it free."""
        live = self.liveness
        if live is None or delivery.claimed_by != live.worker_id:
            return True
        return live.hold() and live.epoch == self._epoch

    def _retry_later(self, delivery: Delivery, exc: Exception, stats: DispatchStats) -> datetime:
        """A failure that may pass: back off (never sooner than the platform's
        retry-after) and give the delivery back for a later sweep; or, `max_age` after it
        was planned, give it up. When its target may be tried again."""
        retry_after = exc.retry_after if isinstance(exc, TransientDeliveryError) else None
        attempt = delivery.attempts + 1
        wait = self.backoff.delay(attempt, retry_after)
        now = self.clock()
        if now - delivery.created_at >= self.max_age:
            error = f"gave up after {attempt} attempts over {_hours(now - delivery.created_at)}"
            self.store.mark_failed(
                delivery.id, error=f"{error}: {exc or type(exc).__name__}", now=now, disable=False
            )
            log.warning("event=delivery_given_up key=%s error=%r", delivery.key, str(exc))
            stats.failed += 1
            return now + timedelta(seconds=wait)
        stats.retried += 1
        if not isinstance(exc, TransientDeliveryError | TimeoutError):
            log.exception("event=delivery_error key=%s", delivery.key)
        else:
            log.info(
                "event=delivery_retry key=%s attempt=%d wait=%.0f error=%r",
                delivery.key,
                attempt,
                wait,
                str(exc),
            )
        next_attempt = now + timedelta(seconds=wait)
        self.store.mark_retry(
            delivery.id,
            worker_id=self._claimer(delivery),
            error=str(exc) or type(exc).__name__,
            next_attempt=next_attempt,
        )
        return next_attempt


def _where(target: Target) -> tuple[str, str]:
    """The place a delivery goes (its thread aside): one channel, or one user's DMs."""
    if target.channel_id:
        return target.platform, target.channel_id
    return target.platform, f"user:{target.user_id}"


def _hours(age: timedelta) -> str:
    return f"{age.total_seconds() / 3600:.0f} h"


def _unpack(delivery: Delivery) -> tuple[Target, Message]:
    """The delivery's target (in its parent's thread, for a reply) and message."""
    target = target_from_json(delivery.target)
    message = message_from_json(delivery.message)
    if delivery.parent_key and delivery.parent_receipt:
        parent = receipt_from_json(delivery.parent_receipt)
        target = replace(target, thread_id=parent.message_id)
    return target, message
