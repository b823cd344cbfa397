"""`/layoffs digest on|off|now|settings|quiet`: a channel's daily digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.commands.context import error_message
from bot.commands.permits import may_run
from bot.commands.spec import Args, Usage
from bot.commands.surface import (
    CONSOLE,
    at_console,
    digest_appears,
    digest_place,
    digest_posting,
    how_to,
    named_options,
    paused_because,
)
from bot.errors import PermissionDenied
from bot.hints import DISCORD, typed_or_options
from bot.models import Command, Field, Message, Section
from bot.timeutil import parse_hhmm, shown_time, zone
from bot.typed_time import time_said

if TYPE_CHECKING:
    from bot.commands.context import Context
    from bot.store import Store
    from bot.store.social import DigestSettings

# A channel shared by two workspaces (Slack Connect, a Grid channel in several
# workspaces) has one digest, set up by one of them with its own feeds: the other's
# admins are not its managers.
OTHER_WORKSPACE = (
    "This channel's digest was set up from another workspace that shares the channel; "
    "only that workspace's managers can change it."
)
# `digest now` at most once a minute per channel: a replayed request or a double click
# must not queue several digests.
MANUAL_DIGEST_INTERVAL = timedelta(minutes=1)
# How far back `digest settings` looks for the last digest posted before skipped days.
LOOKBACK_DAYS = 14


def digest(ctx: Context, command: Command, args: Args) -> Message:
    """The router has checked the channel, the manager and each argument; what is left
    is which options go with which action."""
    action = str(args["action"])
    if action != "on" and ("time" in args or "timezone" in args):
        raise Usage()
    if (action == "quiet") != ("quiet" in args):
        raise Usage(_quiet_usage(command) if action == "quiet" else None)
    assert command.channel_id is not None  # spec.channel_only
    now = ctx.clock()
    current = ctx.store.get_digest(command.platform, command.channel_id)
    if action == "settings":
        return _settings(ctx, current, now, command)
    if current is not None and current.workspace_id not in ("", ctx.workspace(command)):
        raise PermissionDenied(OTHER_WORKSPACE)
    common: dict[str, Any] = dict(
        platform=command.platform,
        workspace_id=ctx.workspace(command),
        channel_id=command.channel_id,
        now=now,
        updated_by=command.user_id,
        default_time=ctx.settings.digest_time,
        default_timezone=ctx.settings.digest_timezone,
    )
    if action == "on":
        time, tz = _text(args, "time"), _text(args, "timezone")
        if time is None and tz is None and current is not None:
            time, tz = current.time, current.timezone
        row = ctx.store.set_digest(enabled=True, time=time, timezone=tz, **common)
        row = _reopen_skipped_today(ctx, row, now)
        return Message(
            title="Daily digest on",
            sections=(
                Section(
                    text=f"The digest {digest_appears(command)} every day at {time_said(row.time)}"
                    f" ({row.timezone})."
                ),
            ),
            footer=_next_digest_text(row, now),
            posts_here=True,
        )
    if action == "off":
        if current is None or not current.enabled:  # it said "No more daily digests" (trial 13)
            return Message(
                title="Daily digest off",
                sections=(
                    Section(
                        text=f"The daily digest {digest_place(command)} was already off: "
                        f"nothing changed. {_turn_on(command)} turns it on."
                    ),
                ),
            )
        ctx.store.set_digest(enabled=False, **common)
        return Message(
            title="Daily digest off",
            sections=(Section(text=f"No more daily digests {digest_place(command)}."),),
        )
    if action == "quiet":
        return _quiet(ctx, args["quiet"] == "on", common, command, current)
    return _now(ctx, command, current or ctx.store.set_digest(**common), now)


def _reopen_skipped_today(ctx: Context, row: DigestSettings, now: datetime) -> DigestSettings:
    """A time later today, today's digest skipped as quiet (nothing posted: at the first
    start, its time already past, or nothing new then): today's comes at the new time. It
    was put off to tomorrow "as already planned" (trial 15: an HR admin set 23:19 at
    23:17, two new stories waiting, and no digest came that day). A day posted stays done:
    never two daily digests in one day."""
    from bot.digests import local_date

    today = local_date(row, now).isoformat()
    local = now.astimezone(zone(row.timezone))
    if row.last_sent_date != today or (local.hour, local.minute) >= parse_hhmm(row.time):
        return row
    posted = posted_days(ctx.store, row)
    if today in posted:
        return row
    if not ctx.store.reopen_digest_day(row.id, today, max(posted, default=None)):
        return row
    return ctx.store.get_digest(row.platform, row.channel_id) or row


def _text(args: Args, name: str) -> str | None:
    value = args.get(name)
    return None if value is None else str(value)


def _quiet_usage(command: Command) -> str:
    if named_options(command):
        return "Choose quiet: on or off, with action: quiet."
    return "Say `digest quiet on` or `digest quiet off`."


def _turn_on(command: Command) -> str:
    return how_to(command, "digest", action="on")


def _quiet(
    ctx: Context,
    on: bool,
    common: dict[str, Any],
    command: Command,
    current: DigestSettings | None,
) -> Message:
    """`digest quiet on|off`: kept for when the digest is on; with the digest off, a
    reply worded as if one would post misled (trial 13): it says the digest is off."""
    ctx.store.set_digest(post_quiet_days=on, **common)
    appears = digest_appears(command)
    text = (
        f"On days with nothing new, a short 'Quiet day' note {appears} instead."
        if on
        else f"On days with nothing new, no digest {appears}."
    )
    if current is None or not current.enabled:
        text = (
            f"Saved for when the digest is on, but the daily digest {digest_place(command)} "
            f"is off: nothing is posted until it is turned on ({_turn_on(command)}). "
            f"Then: {text[0].lower()}{text[1:]}"
        )
    return Message(title=f"Quiet days {'on' if on else 'off'}", sections=(Section(text=text),))


def _now(ctx: Context, command: Command, row: DigestSettings, now: datetime) -> Message:
    """`digest now`: plan this channel's digest at once (at most once a minute in chat)."""
    from bot.digests import plan_digest

    assert command.channel_id is not None
    # The operator's own terminal (console, `layoffbot ask`) cannot be replayed or
    # double-clicked by anyone else: only chat channels are limited.
    next_allowed = (
        None
        if command.platform == "console"
        else ctx.store.claim_manual_digest(
            command.platform, command.channel_id, now=now, interval=MANUAL_DIGEST_INTERVAL
        )
    )
    if next_allowed is not None:
        return _digest_just_posted(row, next_allowed, digest_place(command))
    planned = plan_digest(ctx.store, row, now, manual=True)
    if planned and ctx.kick_outbox is not None:
        ctx.kick_outbox()
    return Message(
        title="Digest on its way" if planned else "Digest not posted",
        sections=(
            Section(
                text=digest_posting(command)
                if planned
                else "Another digest was being planned at the same moment; try again in a minute."
            ),
        ),
        posts_here=planned,
    )


def _settings(ctx: Context, row: DigestSettings | None, now: datetime, command: Command) -> Message:
    if row is None and command.is_direct and not command.workspace_id:  # a Discord DM
        return Message(
            title="Daily digest: off",
            sections=(
                Section(
                    text="No digest in a direct message: digests are posted in a server's "
                    f"channel, turned on there by its managers ({_turn_on(command)}). Here: "
                    f"{how_to(command, 'subscribe', company='<company>')} for alerts by "
                    "direct message."
                ),
            ),
        )
    if row is None:
        return Message(
            title="Daily digest: off",
            sections=(
                Section(
                    text=f"No digest {digest_place(command)}. "
                    + (
                        ("Turn it on" if at_console(command) else "A manager can turn it on")
                        + f": {_turn_on(command)} "
                        if may_run(ctx, command, "digest", action="on")
                        else "A manager can turn it on "
                    )
                    + f"(default {time_said(ctx.settings.digest_time)} {ctx.settings.digest_timezone})."
                ),
            ),
        )
    manages = may_run(ctx, command, "digest", action="now")
    section = digest_section(row, now, ctx.store, manages=manages)
    return Message(title="Daily digest settings", sections=(section,))


def _row_hint(row: DigestSettings, action: str) -> str:
    """`/layoffs digest <action>` as the digest's platform takes it (Discord: options)."""
    return typed_or_options(row.platform == DISCORD, "digest", action=action)


def _next_digest_text(row: DigestSettings, now: datetime, *, manages: bool = True) -> str:
    from bot.digests import is_due, local_date

    if not row.enabled:
        return "Off."
    local = now.astimezone(ZoneInfo(row.timezone))
    h, m = parse_hhmm(row.time)
    when = local.replace(hour=h, minute=m, second=0, microsecond=0)
    if is_due(row, now):  # today's time has passed and today's is not sent: it goes now
        then = when + timedelta(days=1)
        # Nothing new today and quiet days skipped: nothing comes "within a minute", and a
        # user waiting for it was not told why (trial 13).
        skipped = "" if row.post_quiet_days else "; skipped if nothing is new"
        return (
            f"Next digest: today's, within a minute ({time_said(row.time)} has passed{skipped}), "
            f"then {then:%a %d %b %H:%M} {row.timezone}."
        )
    if (local.hour, local.minute) < (h, m) and local_date(row, now).isoformat() == (
        row.last_sent_date
    ):
        # A time later today, but today's digest was already planned (at the old time, or
        # at start): a user expecting it in a minute was told "tomorrow" with no reason.
        when += timedelta(days=1)
        return (
            f"Next digest: {when:%a %d %b %H:%M} {row.timezone}. Today's was already"
            " planned, so the new time starts tomorrow; nothing is missed: the next digest"
            " covers everything since today's"
            + (f" ({_row_hint(row, 'now')} shows it so far)." if manages else ".")
        )
    if (local.hour, local.minute) >= (h, m):
        when += timedelta(days=1)
    return f"Next digest: {when:%a %d %b %H:%M} {row.timezone}."


def _digest_just_posted(row: DigestSettings, next_allowed: datetime, place: str) -> Message:
    """The answer to a second `digest now` within MANUAL_DIGEST_INTERVAL."""
    zone = ZoneInfo(row.timezone)
    posted = (next_allowed - MANUAL_DIGEST_INTERVAL).astimezone(zone)
    allowed = next_allowed.astimezone(zone)
    return error_message(
        f"A digest was just posted {place} (at {posted:%H:%M:%S} {row.timezone}). "
        f"The next {_row_hint(row, 'now')} is allowed from {allowed:%H:%M:%S} {row.timezone}.",
        title="Digest already posted",
    )


def posted_days(store: Store, row: DigestSettings) -> set[str]:
    """The days, of the fortnight up to the last one planned, whose daily digest was posted:
    a quiet day skipped moves `last_sent_date` too but plans no delivery under its key."""
    from bot.digests import digest_key

    if row.last_sent_date is None:
        return set()
    last = date.fromisoformat(row.last_sent_date)
    days = [last - timedelta(days=n) for n in range(LOOKBACK_DAYS)]
    by_key = {digest_key(row, day): day.isoformat() for day in days}
    return {by_key[key] for key in store.planned_keys(by_key)}


def last_digest_text(row: DigestSettings, now: datetime, posted: set[str]) -> str:
    """'Last digest' as it happened: said the day of a digest skipped as quiet as if one
    had been posted (trial, session 10)."""
    from bot.digests import local_date

    if row.last_sent_date is None:
        return "none yet"
    if row.last_sent_date in posted:
        return row.last_sent_date
    before = max(posted, default=None)
    if _due_before_set_up(row):
        return before or "none yet"
    today = local_date(row, now).isoformat()
    which = "today's" if row.last_sent_date == today else f"{row.last_sent_date}'s"
    skipped = f"{which} was skipped: nothing new"
    return f"{before} ({skipped})" if before else f"none in {LOOKBACK_DAYS} days ({skipped})"


def _due_before_set_up(row: DigestSettings) -> bool:
    """The day last planned is the day the digest was set up (or last changed), and its
    time came before that: "today's was skipped" was said of a 09:00 digest on a database
    created at 18:00 (session 12): nothing was skipped, no digest was due yet."""
    set_up = row.updated_at.astimezone(zone(row.timezone))
    if row.last_sent_date != set_up.date().isoformat():
        return False
    try:
        hour, minute = parse_hhmm(row.time)
    except ValueError:
        return False
    return (hour, minute) <= (set_up.hour, set_up.minute)


def digest_section(
    row: DigestSettings, now: datetime, store: Store, *, manages: bool = True
) -> Section:
    status = "on" if row.enabled else "off"
    if row.disabled_reason:
        status = f"paused: {paused_because(row.platform, row.disabled_reason)}"
    return Section(
        heading=f"Daily digest: {status}",
        fields=(
            Field("Time", f"{time_said(row.time)} {row.timezone}"),
            Field("Quiet days", "posted" if row.post_quiet_days else "skipped"),
            Field("Last digest", last_digest_text(row, now, posted_days(store, row))),
            Field(
                "Covers stories since",
                shown_time(row.last_covered, zone(row.timezone)) if row.last_covered else "—",
            ),
        ),
        context=_digest_context(row, now, manages=manages),
    )


def _digest_context(row: DigestSettings, now: datetime, *, manages: bool) -> str:
    """When the next digest comes; for a paused one (the bot removed, the channel gone),
    how to resume it, as subscriptions and feeds say theirs: the command only to whom
    `manages` the digest (a member was offered `digest on`, trial 17)."""
    if row.enabled:
        return _next_digest_text(row, now, manages=manages)
    if row.disabled_reason:
        again = f": {_row_hint(row, 'on')}" if manages else "."
        return f"A manager can turn it on again{again}"
    # "Changed by console" after nothing but `digest now` (which stores the row): the
    # console's user changed nothing, and was not told how to turn it on.
    who = "" if row.platform == CONSOLE or not row.updated_by else f"Changed by {row.updated_by}. "
    return f"{who}Turn it on: {_row_hint(row, 'on')}" if manages else f"{who}Off."
