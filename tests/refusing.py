"""A database that refuses the items whose title holds a mark, by a trigger of its own:
the store's code meets a real IntegrityError on either database, unpatched (the tests of
per-item isolation in the write path, session 19)."""

from __future__ import annotations

from sqlalchemy import Connection, text


def refuse_titles_holding(conn: Connection, mark: str) -> None:
    """From now on an INSERT into `items` whose title holds `mark` is refused."""
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "CREATE TRIGGER refuse_marked BEFORE INSERT ON items "
                f"WHEN NEW.title LIKE '%{mark}%' "
                "BEGIN SELECT RAISE(ABORT, 'refused by a check'); END"
            )
        )
        return
    conn.execute(
        text(
            "CREATE FUNCTION refuse_marked() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.title LIKE '%{mark}%' THEN RAISE EXCEPTION 'refused by a check' "
            "USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
    )
    conn.execute(
        text(
            "CREATE TRIGGER refuse_marked BEFORE INSERT ON items "
            "FOR EACH ROW EXECUTE FUNCTION refuse_marked()"
        )
    )
