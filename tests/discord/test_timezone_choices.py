"""Session 17 (platforms): Discord's timezone autocomplete and what `digest on` reads.

The command takes PST, CET, Bangalore or San Francisco (bot.typed_time), which the zone
database does not name: typed in Discord's timezone option, they were offered nothing
("no options match"), as if refused. And "+2" offered Etc/GMT+2, which is two hours
behind UTC (its sign is the reverse of what it reads)."""

from __future__ import annotations

import pytest

from tests.discord.fake_discord import FakeDiscord, running_bot


async def _offered(fake: FakeDiscord, typed: str) -> list[str]:
    payload = fake.command_interaction(
        "digest", {"action": "on", "timezone": typed}, focused="timezone"
    )
    await fake.interact(payload)
    await fake.wait_for(lambda: bool(fake.callbacks_for(payload)))
    [callback] = fake.callbacks_for(payload)
    return [c["value"] for c in callback["data"]["choices"]]


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("PST", "America/Los_Angeles"),
        ("cet", "Europe/Berlin"),
        ("Bangalore", "Asia/Kolkata"),
        ("san francisco", "America/Los_Angeles"),
        ("london", "Europe/London"),
    ],
)
async def test_a_zone_the_command_reads_is_offered_first(typed: str, zone: str) -> None:
    async with running_bot() as (fake, _, _core):
        offered = await _offered(fake, typed)
    assert offered[:1] == [zone], offered


async def test_no_fixed_offset_zone_with_its_sign_reversed_is_offered() -> None:
    async with running_bot() as (fake, _, _core):
        offered = [*await _offered(fake, "+2"), *await _offered(fake, "GMT+2")]
        etc = await _offered(fake, "etc/")
    assert offered == [] and etc == [], (offered, etc)
