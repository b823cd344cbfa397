"""What `/layoffs <company>` offers for a listed company that has no story yet.

Found by trying the bot as a user: `/layoffs subscribe Amazon here` answered 'Did you
mean Porn?' (a name a misread headline had left in the store), in a work channel.
"""

from __future__ import annotations

from typing import Any

from bot.render import to_text
from bot.store import Store
from tests.conftest_social import cmd, make_app


async def test_a_listed_company_without_stories_is_offered_only_names_spelled_like_it(
    store: Store, make_story: Any
) -> None:
    make_story("Porn")
    make_story("HPE")
    app = make_app(store)
    amazon = to_text(await app.handle(cmd("Amazon")))
    assert "No stories yet about Amazon" in amazon and "Porn" not in amazon, amazon
    followed = to_text(await app.handle(cmd("subscribe Amazon here")))
    assert "Following Amazon" in followed and "Porn" not in followed, followed
    hp = to_text(await app.handle(cmd("hp")))
    assert "No stories yet about HP" in hp and "Did you mean HPE?" in hp, hp
