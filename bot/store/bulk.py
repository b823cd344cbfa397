"""Executemany of the ingest's hot writes on the sqlite3 connection itself (#14).

A cold batch writes every item, every grown story and their index keys with one
executemany per statement. Through `Connection.execute` SQLAlchemy built, per row, its
parameters (`construct_params`) and ran each value's processor by name: about as much
CPU as SQLite's own insert, in the one writer that is a cold poll's critical path.
Here the statement is the one SQLAlchemy compiles for the rows' keys (once per
statement and keys), each value goes through the same bind processor, and the rows go
to the DBAPI connection in the caller's transaction: the same SQL and the same values,
so the same rows. PostgreSQL, or a connection outside a transaction, goes through
`Connection.execute` as before. A driver error is raised as SQLAlchemy's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement


@dataclass(frozen=True)
class _Many:
    """A statement compiled for one set of row keys: its SQL, and per position the
    row key and the value's processor (None: passed as is)."""

    statement: Executable  # kept, so the id in the cache key stays its own
    sql: str
    columns: tuple[tuple[str, Callable[[Any], Any] | None], ...]


_COMPILED: dict[tuple[str, int, tuple[str, ...]], _Many] = {}


def _compiled(dialect: Dialect, statement: Executable, keys: tuple[str, ...]) -> _Many:
    cache_key = (dialect.name, id(statement), keys)
    found = _COMPILED.get(cache_key)
    if found is not None and found.statement is statement:
        return found
    assert isinstance(statement, ClauseElement)
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    assert (
        isinstance(compiled, SQLCompiler)
        and compiled.positional
        and compiled.positiontup is not None
    )
    columns = []
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        if name not in keys:  # only the rows' values: a constant would need its value
            raise ValueError(f"execute_many: {name!r} is not a key of the rows")
        columns.append((name, bind.type.dialect_impl(dialect).bind_processor(dialect)))
    found = _COMPILED[cache_key] = _Many(statement, compiled.string, tuple(columns))
    return found


def execute_many(
    conn: Connection, statement: Executable, rows: Sequence[Mapping[str, Any]]
) -> None:
    """`conn.execute(statement, rows)`; on SQLite in a transaction, on the driver.
    Every row has the keys of the first (as SQLAlchemy's executemany asks)."""
    if not rows:
        return
    if conn.dialect.name != "sqlite" or not conn.in_transaction():
        conn.execute(statement, list(rows))
        return
    many = _compiled(conn.dialect, statement, tuple(rows[0]))
    args = [tuple([row[n] if p is None else p(row[n]) for n, p in many.columns]) for row in rows]
    dbapi_conn = conn.connection.dbapi_connection
    assert dbapi_conn is not None
    try:
        dbapi_conn.executemany(many.sql, args)
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(
            many.sql, args, exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
        ) from exc
