"""Session 19's leftovers at unit level (the real process: tests/test_e2e_polish_19.py):
stored full-width text found by search, on SQLite and PostgreSQL, when a story opens and
when it grows; full-width links read as the plain ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.commands.spec import Arg, Usage
from bot.store import Store
from tests.conftest import StoryFactory
from tests.test_store_batch_rewrites import _grow

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_search_finds_words_a_feed_wrote_in_full_width(
    store: Store, make_story: StoryFactory
) -> None:
    """`search pickers` found no story whose feed wrote 'ｐｉｃｋｅｒｓ': the words typed
    were read as plain letters (polish 18), the stored text was not."""
    make_story(
        "Acme",
        title="Ａｃｍｅ cuts 500 warehouse jobs as ｒｏｂｏｔｓ take over",
        summary="Ａｃｍｅ said ｒｏｂｏｔｓ now do the work of 500 ｐｉｃｋｅｒｓ.",
    )
    make_story("Globex", title="Globex cuts 300 jobs", summary="Nothing full-width here.")
    for typed in ("pickers", "robots", "acme"):
        assert [s.company for s in store.search_stories(typed)] == ["Acme"], typed


def test_a_grown_storys_full_width_title_is_searchable(store: Store) -> None:
    """A story's later items add their titles to its search text: as plain letters too."""
    _grow(store, 1, "Acme cuts 100 support jobs as AI takes over", NOW - timedelta(hours=2))
    _grow(store, 2, "Acme ｃｈａｔｂｏｔ replaces 100 support staff", NOW - timedelta(hours=1))
    assert [s.company for s in store.search_stories("chatbot")] == ["Acme"]


@pytest.mark.parametrize(
    "typed",
    [
        "ｈｔｔｐｓ：／／ｎ．ｅｘａｍｐｌｅ／ａ",
        "<ｈｔｔｐｓ：／／ｎ．ｅｘａｍｐｌｅ／ａ>",
        "https://n.example/ａ",
    ],
)
def test_a_full_width_link_reads_as_the_plain_one(typed: str) -> None:
    """`why ｈｔｔｐｓ：／／…` was "not a link" while `search ＡＩ` read as AI."""
    assert Arg("link", "link", "Link").convert(typed) == "https://n.example/a"


def test_a_link_with_letters_of_its_own_is_kept_as_pasted() -> None:
    link = "https://例え.jp/ニュース/ａ"
    assert Arg("link", "link", "Link").convert(link) == link
    with pytest.raises(Usage):
        Arg("link", "link", "Link").convert("ｎｏｔ－ａ－ｌｉｎｋ")


def test_migration_0013_makes_stories_stored_before_searchable(
    database_url: str, store: Store, make_story: StoryFactory
) -> None:
    """Stories stored before the ingest batch wrote plain text kept their feeds' full-width
    words: the upgrade rewrites their search text (and SQLite's full-text index row)."""
    from sqlalchemy import select, text, update

    from bot.store.tables import stories
    from tests.test_trends_rollup import _migrate

    wide = make_story("Acme", title="Acme cuts 500 jobs", summary="Acme said so.")
    plain = make_story(
        "Globex", title="Globex cuts 300 jobs", summary="Ｇｌｏｂｅｘ ｓａｉｄ ｓｏ."
    )
    old = "Acme cuts 500 jobs as ｒｏｂｏｔｓ replace ｐｉｃｋｅｒｓ\nAcme said so."
    with store.tx() as conn:  # as an older layoffbot stored it
        conn.execute(update(stories).where(stories.c.id == wide.id).values(search_text=old))
        if store.is_sqlite:
            conn.execute(
                text("INSERT OR REPLACE INTO stories_fts (rowid, search_text) VALUES (:i, :t)"),
                {"i": wide.id, "t": old},
            )
    assert store.search_stories("pickers") == []
    _migrate(database_url, "0012")
    _migrate(database_url, "head")
    assert [s.id for s in store.search_stories("pickers robots")] == [wide.id]
    assert [s.id for s in store.search_stories("globex said")] == [plain.id]
    with store.tx() as conn:
        texts = dict(conn.execute(select(stories.c.id, stories.c.search_text)).all())
    assert texts[wide.id] == "Acme cuts 500 jobs as robots replace pickers\nAcme said so."


def test_a_claim_and_its_step_are_stored_together_or_not_at_all(store: Store) -> None:
    """The default feeds were claimed in one transaction and added in others: a Ctrl-C
    between them (the first `db upgrade` interrupted) left a database that had decided its
    default feeds and held none, for good."""
    sources = [("https://a.example/feed", "A"), ("https://b.example/feed", "B")]

    def interrupted() -> None:
        store.add_feed(*sources[0])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.claim_once("default_feeds_seeded", then=interrupted)
    assert store.list_feeds() == []
    assert store.claim_once("default_feeds_seeded", then=lambda: store.seed_default_feeds(sources))
    assert sorted(f.name for f in store.list_feeds()) == ["A", "B"]
    ran: list[bool] = []
    assert not store.claim_once("default_feeds_seeded", then=lambda: ran.append(True))
    assert ran == []
