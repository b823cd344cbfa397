"""Session 17's second trial, unit level: `digest on noon` (and 'midnight', '9.30pm')
was refused, and a suggestion said the time twice ('Did you mean 09:00 (09:00)?');
`latest ２５` (full-width digits) was refused; `subscribe energy` followed a made-up
"Energys"; with private addresses allowed, a feed could lead to a cloud's metadata
endpoint; `layoffbot tag` of a named pipe hung. Each is driven through the real process
too (tests/test_e2e_trial_17b.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.render import to_text
from bot.store import Store
from bot.typed_time import time_as_typed
from tests.conftest_social import cmd, make_app


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("noon", "12:00"),
        ("Midnight", "00:00"),
        ("midday", "12:00"),
        ("at noon", "12:00"),
        ("12 noon", "12:00"),
        ("12pm", "12:00"),
        ("12 am", "00:00"),
        ("9am", "09:00"),
        ("9.30pm", "21:30"),
        ("9.30 p.m.", "21:30"),
        ("21h", "21:00"),
        ("21h30", "21:30"),
        ("21.30", "21:30"),
        ("９ａｍ", "09:00"),
        ("２１：３０", "21:30"),
    ],
)
def test_a_time_said_as_people_say_it_is_read(typed: str, meant: str) -> None:
    assert time_as_typed(typed) == meant


def test_a_suggested_24_hour_time_is_said_once() -> None:
    for typed, said in [("09:00ish", "Did you mean 09:00?"), ("0900", "Did you mean 09:00?")]:
        with pytest.raises(ValueError) as refused:
            time_as_typed(typed)
        assert str(refused.value).endswith(said), refused.value
    with pytest.raises(ValueError) as refused:
        time_as_typed("9pm-ish")
    assert str(refused.value).endswith("Did you mean 9pm (21:00)?"), refused.value


@pytest.mark.parametrize(
    ("typed", "confirmed"),
    [
        ("digest on noon", "every day at 12:00 noon (UTC)"),
        ("digest on at noon", "every day at 12:00 noon (UTC)"),
        ("digest on midnight Europe/Berlin", "every day at 00:00 midnight (Europe/Berlin)"),
        ("digest on 12 am", "every day at 00:00 midnight (UTC)"),
        ("digest on 12 noon London", "every day at 12:00 noon (Europe/London)"),
        ("digest on 9.30pm", "every day at 21:30 (UTC)"),
        ("digest on 21h", "every day at 21:00 (UTC)"),
    ],
)
async def test_digest_on_a_spoken_time_confirms_it_unambiguously(
    store: Store, typed: str, confirmed: str
) -> None:
    reply = await make_app(store).handle(cmd(typed))
    assert not reply.is_error and confirmed in to_text(reply), to_text(reply)


async def test_discord_digest_time_option_reads_noon_as_typed_text_does(store: Store) -> None:
    discord = replace(cmd("x", platform="discord", channel="C7"), name="digest")
    reply = await make_app(store).handle(replace(discord, args={"action": "on", "time": "noon"}))
    assert "every day at 12:00 noon" in to_text(reply), to_text(reply)


async def test_digest_with_a_spoken_time_but_no_on_offers_the_command(store: Store) -> None:
    shown = to_text(await make_app(store).handle(cmd("digest at noon")))
    assert "Did you mean `/layoffs digest on noon`?" in shown, shown


@pytest.mark.parametrize(
    ("typed", "raw"),
    [
        ("latest ２５", {"n": "２５"}),
        ("ｌａｔｅｓｔ ５", {"n": "５"}),
        ("digest quiet ｏｎ", {"action": "quiet", "quiet": "ｏｎ"}),
        ("digest ｏｎ ９ ｐｍ", {"action": "on", "time": "９ ｐｍ"}),
    ],
)
def test_full_width_words_name_the_command_and_its_parts(typed: str, raw: dict[str, str]) -> None:
    from bot.commands.parse import split

    assert split(typed).raw_args() == raw


async def test_full_width_numbers_and_times_are_read_and_a_company_is_shown_as_typed(
    store: Store,
) -> None:
    app = make_app(store)
    latest = await app.handle(cmd("latest ２５"))
    assert not latest.is_error, to_text(latest)
    assert not (await app.handle(cmd("trends ３０ｄ"))).is_error
    quiet = to_text(await app.handle(cmd("digest quiet ｏｎ")))
    assert "Quiet days on" in quiet, quiet
    on = to_text(await app.handle(cmd("digest on ２１：３０")))
    assert "every day at 21:30" in on, on
    unknown = to_text(await app.handle(cmd("Ｚｙｘｏｒａ")))
    assert "Ｚｙｘｏｒａ" in unknown, unknown  # a name is not a number: kept as typed


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("energy", None),  # not "Energys", a listed company of its own
        ("duo", None),  # not "Duos"
        ("Energys", "Energys"),
        ("Domino", "Domino's"),  # a brand's possessive, typed without it
        ("Moody", "Moody's"),
        ("Macy", "Macy's"),
        ("Atlas Energy Solution", "Atlas Energy Solutions"),
    ],
)
def test_an_english_word_is_not_folded_into_a_listed_name_with_an_s(
    typed: str, listed: str | None
) -> None:
    from bot.companies import known

    assert known(typed) == listed


async def test_subscribe_to_a_common_word_follows_it_as_typed_and_says_none_is_listed(
    store: Store,
) -> None:
    app = make_app(store)
    shown = to_text(await app.handle(cmd("subscribe energy")))
    assert "Following Energy ==" in shown and "Energys" not in shown, shown
    assert "no company I list is called that: it is followed as typed" in shown, shown
    listed = to_text(await app.handle(cmd("subscribe domino")))
    assert "Following Domino's" in listed and "no company I list" not in listed, listed
    plural = to_text(await app.handle(cmd("subscribe Amazons")))
    assert "Did you mean Amazon? To follow it instead" in plural, plural  # offered, not taken


@pytest.mark.parametrize(
    ("address", "metadata"),
    [
        ("169.254.169.254", True),
        ("169.254.170.2", True),
        ("fd00:ec2::254", True),
        ("fd20:ce::254", True),
        ("100.100.100.200", True),
        ("::ffff:169.254.169.254", True),
        ("metadata.google.internal", True),
        ("Metadata.Google.Internal.", True),
        ("127.0.0.1", False),
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("fd00::5", False),
        ("100.100.100.201", False),
        ("feeds.example.com", False),
    ],
)
def test_metadata_endpoints_are_told_from_the_private_network(address: str, metadata: bool) -> None:
    from feeds.guard import is_metadata_address

    assert is_metadata_address(address) is metadata


async def test_the_console_is_not_offered_the_setting_for_a_metadata_address(
    store: Store,
) -> None:
    from bot.errors import MetadataAddressError

    class Refusing:
        async def add_feed(self, url: str, **_: object) -> None:
            raise MetadataAddressError(f"refused: {url} is a cloud metadata address")

    app = make_app(store, feed_service=Refusing())
    shown = to_text(await app.handle(cmd("feeds add http://169.254.169.254/", platform="console")))
    assert "cloud metadata address" in shown, shown
    assert "LAYOFFBOT_ALLOW_PRIVATE_ADDRESSES=true" not in shown, shown


def test_a_named_pipe_with_no_writer_is_refused_after_the_wait(tmp_path: Path) -> None:
    import os
    import time

    from bot.cli.infile import open_input
    from bot.errors import PipeWithoutWriter, file_problem

    pipe = tmp_path / "feed.pipe"
    os.mkfifo(pipe)
    started = time.monotonic()
    with pytest.raises(PipeWithoutWriter) as refused:
        open_input(str(pipe), wait=0.3)
    assert time.monotonic() - started < 5
    assert "named pipe and no program opened it for writing" in file_problem(refused.value)


def test_a_named_pipe_a_program_writes_to_is_read(tmp_path: Path) -> None:
    import os
    import threading

    from bot.cli.infile import open_input

    pipe = tmp_path / "feed.pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_bytes, args=(b"<rss/>",))
    writer.start()
    with open_input(str(pipe), wait=5) as file:
        assert file.read() == b"<rss/>"
    writer.join()
    regular = tmp_path / "feed.rss"
    regular.write_bytes(b"<rss/>")
    with open_input(str(regular)) as file:
        assert file.read() == b"<rss/>"
