"""The Slack adapter: slack-bolt AsyncApp over Socket Mode or HTTP, and outbound delivery.

Inbound: `/layoffs ...` slash commands, direct messages, the "Share to channel" button,
the App Home tab and its "Unsubscribe" buttons become `Command`s for the core. Outbound:
`send()` / `send_once()` post the core's `Message`s for the outbox dispatcher. What a
payload means is decided in `adapters.slack.translate` (pure); the Web API calls, their
retries and their failures are `adapters.slack.client`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import replace
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.client import SlackClient, Standing
from adapters.slack.mention import answer_typed, mention_listener
from adapters.slack.replies import reply_messages
from adapters.slack.scopes import resume_granted
from adapters.slack.socket import BoltNoise, SocketModeConnection
from adapters.slack.translate import (
    SHARE_ACTION_ID,
    UNSUBSCRIBE_ACTION_ID,
    bot_user_of,
    channel_of,
    delivery_metadata,
    dm_text,
    escape,
    fallback_text,
    first_action_value,
    is_direct,
    keyed_filename,
    listen_error,
    malformed_signature_headers,
    part_text,
    render_home,
    render_messages,
    share_button,
    share_key,
    team_of,
)
from bot.commands.parse import waiting_note
from bot.config import SlackSettings
from bot.errors import AdapterStartError, PermanentDeliveryError, TransientDeliveryError
from bot.models import ArgValue, Command, DeliveryReceipt, Message, Target
from bot.ports import CoreApp, SendAttempt

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DM_NOTE_AFTER = 1.0  # seconds before a slow direct message's waiting note is posted
APOLOGY = "Sorry, something went wrong on my side. Please try again in a minute."
INVITE_ME = "I can't post in this channel. Invite me first: `/invite @layoffbot`."
NOT_IN_DM_SHARE = "I can't post in a direct message I am not part of: share it in a channel."
# A digest or a channel's alerts set up where the bot cannot post: they were paused at the
# first post ("paused: slack: not_in_channel") and nobody was told why (trial 13).
NOT_IN_CHANNEL = (
    "I am not in this channel, so nothing can be posted here: invite me with `/invite @layoffbot`."
)
# The same in a direct message between people (a slash command works there; the bot is no
# member, and cannot be invited): "Daily digest on" there, and nothing said (trial-chat 15).
NOT_IN_DM = (
    "I am not in this conversation, so nothing can be posted here: a digest goes in a "
    "channel I am in, or in your direct message with me (my Messages tab)."
)
CHART_ON_SHARE = (
    "Only you can see this reply, so its chart is not posted here: Share to channel posts both."
)


class SlackAdapter:
    """ChatAdapter for Slack. Socket Mode when `app_token` is given, else HTTP mode on
    `host:port` at `/slack/events` (requests verified with `signing_secret`).

    `managers`: Slack user ids always treated as managers; workspace admins and owners
    (users.info) are managers too. `api_url` points the Web API elsewhere (tests, proxies).
    `reconnect_delays`: the first and the largest wait between Socket Mode connect attempts.
    Direct messages to the bot are answered like `/layoffs` commands.
    """

    name = "slack"

    def __init__(
        self,
        bot_token: str,
        *,
        app_token: str | None = None,
        signing_secret: str | None = None,
        port: int = 3000,
        host: str = "0.0.0.0",
        api_url: str | None = None,
        managers: frozenset[str] = frozenset(),
        min_interval_per_channel: float = 1.0,
        reconnect_delays: tuple[float, float] = (2.0, 120.0),
    ) -> None:
        if not bot_token:
            raise ValueError("SLACK_BOT_TOKEN is required")
        if not app_token and not signing_secret:
            raise ValueError("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET")
        self.app_token = app_token or None
        self.signing_secret = signing_secret or None
        self.host = host
        self.port = port
        self.managers = frozenset(managers)
        self.reconnect_delays = reconnect_delays
        self.api = SlackClient(bot_token, api_url, min_interval_per_channel)
        self._core: CoreApp | None = None
        self._bolt: AsyncApp | None = None
        self._socket: SocketModeConnection | None = None
        self._runner: web.AppRunner | None = None
        self._scopes: asyncio.Future[None] | None = None  # HTTP mode's read of its scopes

    @classmethod
    def from_settings(cls, settings: SlackSettings, **options: Any) -> SlackAdapter:
        """The adapter for the SLACK_* settings group; `options` as for the constructor."""
        return cls(
            settings.bot_token,
            app_token=settings.app_token,
            signing_secret=settings.signing_secret,
            port=settings.port,
            api_url=settings.api_url,
            managers=settings.managers,
            **options,
        )

    # --- lifecycle -------------------------------------------------------------------

    @property
    def client(self) -> AsyncWebClient:
        """slack_sdk's client (bolt and Socket Mode share it)."""
        return self.api.web

    @property
    def bolt_app(self) -> AsyncApp:
        if self._bolt is None:
            raise RuntimeError("SlackAdapter.start() has not been called")
        return self._bolt

    @property
    def bound_port(self) -> int | None:
        """The HTTP port actually listened on (useful with port=0)."""
        if self._runner is None:
            return None
        for address in self._runner.addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                return int(address[1])
        return None

    async def start(self, app: CoreApp) -> None:
        """Register the listeners and start receiving; returns at once in Socket Mode.

        Socket Mode connects in the background (with backoff, one log line per failed
        attempt), so a Slack outage or a wrong app token never holds up the bot's start or
        its shutdown. HTTP mode fails here with a AdapterStartError when the port is taken.
        """
        if self._bolt is not None:
            return
        self._core = app
        socket_mode = self.app_token is not None
        bolt_logger = logging.getLogger("adapters.slack.bolt")
        if not any(isinstance(f, BoltNoise) for f in bolt_logger.filters):
            bolt_logger.addFilter(BoltNoise())
        bolt = AsyncApp(
            client=self.client,
            signing_secret=self.signing_secret or "",
            request_verification_enabled=not socket_mode,
            process_before_response=False,
            logger=bolt_logger,
        )
        bolt.command("/layoffs")(self._on_command)
        bolt.action(SHARE_ACTION_ID)(self._on_share)
        bolt.action(UNSUBSCRIBE_ACTION_ID)(self._on_unsubscribe)
        bolt.event("app_home_opened")(self._on_home_opened)
        bolt.event("message")(self._on_message)
        bolt.event("app_mention")(mention_listener(self))
        bolt.event("app_uninstalled")(self._on_removed)
        bolt.event("tokens_revoked")(self._on_removed)
        if socket_mode:
            assert self.app_token is not None
            self._socket = SocketModeConnection(
                bolt,
                self.app_token,
                self.client,
                first_delay=self.reconnect_delays[0],
                max_delay=self.reconnect_delays[1],
                on_connected=lambda: resume_granted(self.client, app),
            )
            self._socket.start()
            self._bolt = bolt
            return
        web_app = web.Application()
        web_app.router.add_post(EVENTS_PATH, self._on_http)
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as exc:
            await runner.cleanup()
            raise AdapterStartError(listen_error(self.host, self.port, exc)) from None
        self._runner, self._bolt = runner, bolt
        log.info("slack: listening on %s:%s%s", self.host, self.bound_port, EVENTS_PATH)
        self._scopes = asyncio.ensure_future(resume_granted(self.client, app))  # once, at start

    @property
    def connected(self) -> asyncio.Event | None:
        """Set while the Socket Mode connection is open (None in HTTP mode)."""
        return self._socket.connected if self._socket is not None else None

    async def stop(self) -> None:
        """Prompt: stops reconnecting and closes the connection or the HTTP listener."""
        socket, runner = self._socket, self._runner
        self._socket = self._runner = None
        self._bolt = None
        if self._scopes is not None:
            self._scopes.cancel()
        if socket is not None:
            await socket.close()
        if runner is not None:
            await runner.cleanup()

    async def _on_http(self, request: web.Request) -> web.Response:
        """Refuse malformed signature headers before bolt sees them.

        slack_sdk's verifier calls `int()` on the timestamp and `hmac.compare_digest` on
        the signature, so `X-Slack-Request-Timestamp: abc` or a non-ASCII signature raised
        inside bolt: HTTP 500 and an ERROR traceback per unauthenticated request (a
        log-flood lever). Such a request cannot be Slack's: 401 and one INFO line.
        """
        problem = malformed_signature_headers(request.headers)
        if problem is None:
            body = await request.read()
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                problem = "a body that is not UTF-8"
        if problem is not None:
            log.info("slack: refused a request from %s with %s (401)", request.remote, problem)
            return web.Response(status=401, text="invalid request signature")
        bolt_response = await self.bolt_app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    def _core_app(self) -> CoreApp:
        if self._core is None:
            raise RuntimeError("SlackAdapter.start() has not been called")
        return self._core

    # --- inbound: slash command, buttons, App Home ------------------------------------

    async def _on_command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        text = dm_text(str(command.get("text") or ""))
        # Slack shows nothing until the answer: a slow one is announced with the ack.
        note = waiting_note(text)
        await (ack(text=note) if note else ack())
        try:
            cmd = await self._to_command(
                text=text,
                user_id=str(command.get("user_id") or ""),
                channel_id=command.get("channel_id"),
                team_id=command.get("team_id"),
                channel_name=command.get("channel_name"),
            )
            message = await self._core_app().handle(cmd)
            if message.image is not None:
                # The reply is ephemeral and Slack cannot attach a file to an ephemeral
                # message: uploading the chart into the channel showed it to everyone.
                # It goes out with the reply when the user shares it.
                footer = f"{message.footer}\n{CHART_ON_SHARE}" if message.footer else CHART_ON_SHARE
                message = replace(message, image=None, footer=footer)
            if await self._cannot_post_where_it_set_up(message, cmd):
                note = NOT_IN_DM if cmd.is_direct else NOT_IN_CHANNEL
                message = replace(message, footer=f"{message.footer or ''}\n{note}".strip())
            await self._respond(respond, message, share_text=cmd.text)
        except Exception:
            log.exception("slack: /layoffs failed")
            await _safe_respond(respond, APOLOGY)

    async def _cannot_post_where_it_set_up(self, message: Message, cmd: Command) -> bool:
        """The reply set up posts in its channel (a digest, a channel's alerts) where
        Slack says the bot cannot post."""
        if not message.posts_here or not cmd.channel_id:
            return False
        return not await self.api.can_post(cmd.channel_id, with_file=False)

    async def _on_share(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        """Share to channel: re-run the command and hand its answer, chart included, to the
        outbox, which posts it at most once (the click is the delivery key) and retries
        Slack's transient failures. What Slack can tell before posting is asked first: a
        channel the bot cannot post in gets "invite me" instead of a post that would fail
        where nobody can be told."""
        await ack()
        try:
            channel_id = channel_of(body)
            if channel_id is None:
                await _safe_respond(respond, "I can only share into a channel.")
                return
            cmd = await self._to_command(
                text=first_action_value(body),
                user_id=str((body.get("user") or {}).get("id") or ""),
                channel_id=channel_id,
                team_id=team_of(body),
                shared=True,
            )
            # The core runs only lookups for a shared command (Command.shared): a button
            # never subscribes or changes a digest or a feed on its way to the channel.
            message = await self._core_app().handle(cmd)
            if message.is_error or not message.shareable:
                await self._respond(respond, message)
                return
            if not await self.api.can_post(channel_id, with_file=message.image is not None):
                await _safe_respond(respond, NOT_IN_DM_SHARE if cmd.is_direct else INVITE_ME)
                return
            target = Target(self.name, channel_id=channel_id, workspace_id=cmd.workspace_id)
            key = share_key(body, channel_id) or f"share:{channel_id}:{uuid.uuid4().hex}"
            await self._core_app().deliver(target, replace(message, ephemeral=False), key=key)
            await respond(delete_original=True)
        except Exception:
            log.exception("slack: share failed")
            await _safe_respond(respond, APOLOGY)

    async def _on_home_opened(
        self, ack: AsyncAck, event: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        if event.get("tab", "home") != "home":
            return
        user_id = str(event.get("user") or "")
        try:
            await self._publish_home(user_id, team_of(body))
        except Exception:
            log.exception("slack: publishing the App Home failed")

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A direct message to the bot (the Messages tab) is answered like `/layoffs TEXT`.

        The answer is posted in the DM (in the thread, when the message was in one). Edits,
        bots' messages (the bot's own answers included) and channel messages are ignored.
        """
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        channel_id = str(event.get("channel") or "")
        user_id = str(event.get("user") or "")
        if not channel_id or not user_id:
            return
        target = Target(
            platform=self.name,
            channel_id=channel_id,
            thread_id=str(event["thread_ts"]) if event.get("thread_ts") else None,
        )
        text = dm_text(str(event.get("text") or ""), bot_user_of(body))
        await answer_typed(
            self,
            target,
            text=text,
            user_id=user_id,
            team_id=team_of(body) or event.get("team"),
            what="direct message",
            channel_name="directmessage",
        )

    async def _noting_a_wait(self, cmd: Command, target: Target, note: str | None) -> Message:
        """A DM's answer; the core's waiting note (`feeds add` of a slow feed) is posted
        first if it is still running after DM_NOTE_AFTER s, as a slash command's ack says it."""
        task = asyncio.ensure_future(self._core_app().handle(cmd))
        if note is not None and not (await asyncio.wait({task}, timeout=DM_NOTE_AFTER))[0]:
            try:
                await self.send(target, Message(title=note))
            except (PermanentDeliveryError, TransientDeliveryError) as exc:
                log.warning("slack: could not post the waiting note: %s", exc)
        return await task

    async def _on_removed(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """The app was uninstalled from a workspace, or its bot token revoked: nothing
        can reach the workspace any more, so the core pauses what it set up. A revoked
        user token (`tokens.oauth` alone) changes nothing for the bot."""
        if event.get("type") == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
            return
        team = team_of(body)
        if team:
            log.info("slack: %s in %s", event.get("type"), team)
            await self._core_app().workspace_removed(self.name, team)

    async def _on_unsubscribe(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = str((body.get("user") or {}).get("id") or "")
        team_id = team_of(body)
        company = first_action_value(body)
        try:
            # Typed, not text: a company whose name ends in "here" stays that company.
            cmd = await self._home_command(
                f"unsubscribe {company}",
                user_id,
                team_id,
                name="unsubscribe",
                args={"company": company},
            )
            result = await self._core_app().handle(cmd)
            await self._publish_home(user_id, team_id, notice=result)
        except Exception:
            log.exception("slack: unsubscribe from the App Home failed")

    async def _publish_home(
        self, user_id: str, team_id: str | None, *, notice: Message | None = None
    ) -> None:
        cmd = await self._home_command("home", user_id, team_id)
        channels = None if cmd.is_manager else await self.api.member_channels(user_id)
        home = await self._core_app().home(cmd, channels)
        if home.quiet:  # opened again and again: the Home shown last stays
            return
        view = {"type": "home", "blocks": render_home(home, notice=notice)}
        await self.client.views_publish(user_id=user_id, view=view)

    async def _home_command(
        self,
        text: str,
        user_id: str,
        team_id: str | None,
        *,
        name: str | None = None,
        args: dict[str, ArgValue] | None = None,
    ) -> Command:
        """Commands from the App Home: no channel; private to the user like a DM. A
        button's command is typed (`name`, `args` per bot.commands.table)."""
        standing = await self._standing(user_id, team_id)
        return Command(
            text=text,
            name=name,
            args=args or {},
            platform=self.name,
            user_id=user_id,
            channel_id=None,
            workspace_id=team_id,
            is_manager=standing.admin,
            is_direct=True,
            guest=not standing.member,
            unplaced=standing.unsure,
        )

    async def _to_command(
        self,
        *,
        text: str,
        user_id: str,
        channel_id: Any,
        team_id: Any,
        channel_name: Any = None,
        shared: bool = False,
    ) -> Command:
        channel = str(channel_id) if channel_id else None
        team = str(team_id) if team_id else None
        standing = await self._standing(user_id, team)
        return Command(
            text=text.strip(),
            platform=self.name,
            user_id=user_id,
            channel_id=channel,
            workspace_id=team,
            is_manager=standing.admin,
            is_direct=is_direct(channel, channel_name),
            shared=shared,
            guest=not standing.member,
            unplaced=standing.unsure,
        )

    async def _standing(self, user_id: str, team_id: str | None) -> Standing:
        """A user's standing where a command comes from: configured managers are managers
        and members; others per users.info (cached): another organisation's are guests."""
        if user_id in self.managers:
            return Standing(member=True, admin=True)
        if not user_id:
            return Standing(member=False, admin=False)
        return await self.api.standing(user_id, team_id)

    async def _respond(
        self,
        respond: AsyncRespond,
        message: Message,
        *,
        share_text: str | None = None,
    ) -> None:
        """Ephemeral reply through response_url (at most 4 messages: adapters.slack.replies)."""
        chunks = reply_messages(message)
        last = chunks[-1]
        if share_text and message.shareable and not message.is_error:
            button = share_button(share_text)
            if button is not None and len(last) < 50:
                last.append(button)
        text = fallback_text(message) or "layoffbot"
        for blocks in chunks:
            await respond(
                text=text,
                blocks=blocks,
                response_type="ephemeral",
                replace_original=False,
                unfurl_links=False,
                unfurl_media=False,
            )

    # --- outbound ----------------------------------------------------------------------

    async def send(self, target: Target, message: Message) -> DeliveryReceipt:
        """Post `message` to a channel, a thread (`thread_id` = parent ts) or a user's DM.

        For answers posted at once (a direct message's reply); the outbox uses `send_once`.
        Long messages go out as several messages in order; the first ts is the receipt's
        message_id. Raises TransientDeliveryError / PermanentDeliveryError.
        """
        channel = await self._channel_for(target)
        chunks = render_messages(message)
        text = fallback_text(message) or "layoffbot"
        posted = [
            await self.api.post(channel, target.thread_id, part_text(text, i, len(chunks)), blocks)
            for i, blocks in enumerate(chunks)
        ]
        if message.image is not None:
            await self.api.upload(message.image, channel, thread_ts=target.thread_id)
        thread_ids = (target.thread_id,) if target.thread_id else ()
        return DeliveryReceipt(message_id=posted[0], thread_ids=thread_ids)

    async def send_once(
        self, target: Target, message: Message, attempt: SendAttempt
    ) -> DeliveryReceipt:
        """Post an outbox delivery at most once (bot.ports.IdempotentChatAdapter).

        Every part carries message metadata (`layoffbot_delivery`: the delivery key, the
        part and the number of parts), so the record of which parts are posted lives in
        Slack itself and survives a crash of the bot. When `attempt.unsure`, the channel's
        (or thread's) messages since shortly before the delivery was planned are read
        first, with their metadata: parts found there are not posted again, and the first
        part's ts is the receipt either way. A chart goes up under a file name made from
        the key, found the same way.
        """
        channel = await self._channel_for(target)
        chunks = render_messages(message)
        text = fallback_text(message) or "layoffbot"
        image = message.image
        if image is not None:
            image = replace(image, filename=keyed_filename(image.filename, attempt.key))
        found: dict[int, str] = {}
        image_found = False
        if attempt.unsure:
            found, image_found = await self.api.find_posted(
                channel, target.thread_id, attempt, image.filename if image else None
            )
        posted: list[str] = []
        for index, blocks in enumerate(chunks):
            ts = found.get(index)
            if ts is None:
                ts = await self.api.post(
                    channel,
                    target.thread_id,
                    part_text(text, index, len(chunks)),
                    blocks,
                    metadata=delivery_metadata(attempt.key, index, len(chunks)),
                )
            posted.append(ts)
        if image is not None and not image_found:
            await self.api.upload(image, channel, thread_ts=target.thread_id)
        thread_ids = (target.thread_id,) if target.thread_id else ()
        return DeliveryReceipt(message_id=posted[0], thread_ids=thread_ids)

    async def _channel_for(self, target: Target) -> str:
        if target.channel_id is not None:
            return target.channel_id
        if target.user_id is None:
            raise PermanentDeliveryError("slack: target has neither channel nor user")
        return await self.api.open_dm(target.user_id)


async def _safe_respond(respond: AsyncRespond, text: str) -> None:
    try:
        await respond(text=escape(text), response_type="ephemeral", replace_original=False)
    except Exception:  # noqa: BLE001 - nothing more to tell the user
        log.exception("slack: could not reply to the user")
