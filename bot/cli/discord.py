"""`layoffbot discord invite`: the link that adds the bot to a server."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from bot.cli.terminal import discord_app, fail, out, say, settings_or_exit


@discord_app.command("invite")
def discord_invite(
    client_id: Annotated[
        str | None,
        typer.Option(help="The application id (default: read with DISCORD_TOKEN)"),
    ] = None,
) -> None:
    """Print the link that adds the bot to a server, with exactly the permissions it needs."""
    from adapters.discord.invite import invite_url, parse_application_id

    if client_id is None:
        settings = settings_or_exit()
        if not settings.discord_token:
            _discord_error("Pass --client-id (the application id) or set DISCORD_TOKEN.")
        from bot.cli.run import discord_token_slip

        slip = discord_token_slip(settings.discord_token)
        if slip:
            _discord_error(slip + ".")
        client_id = _application_id_from_token(settings.discord_token)
    else:
        try:
            client_id = parse_application_id(client_id)
        except ValueError as exc:
            _discord_error(f"--client-id: {exc}.")
    say(out, invite_url(client_id))


def _discord_error(message: str) -> NoReturn:
    fail(message, 2)


def _application_id_from_token(token: str) -> str:
    """A bot token starts with the base64 of its user id, which is the application id."""
    import base64
    import binascii

    from adapters.discord.invite import parse_application_id

    head = token.strip().split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True)
        return parse_application_id(decoded.decode("ascii"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        _discord_error(
            "DISCORD_TOKEN does not look like a bot token (its first part is not a base64 "
            "application id); pass --client-id, the Application ID from General Information "
            "at https://discord.com/developers/applications."
        )
