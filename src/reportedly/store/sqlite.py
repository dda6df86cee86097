"""SQLite engine setup: pragmas on every connection and real transactions.

Every new DB-API connection gets WAL journal mode (readers never wait for the
writer), a 30 s busy timeout (a second writer waits instead of failing), foreign
keys on and synchronous=NORMAL (safe with WAL: a crash loses at most the last
commits, never corrupts).

Python's sqlite3 driver (3.11) does not BEGIN before DDL or SELECT, so a
migration would autocommit each statement. SQLAlchemy takes over instead: the
driver's own transaction control is switched off and the `begin` event emits
BEGIN itself -- `BEGIN IMMEDIATE` on connections with the `WRITE_OPTION`
execution option, so a writer takes the write lock up front and never fails to
upgrade a read snapshot that another writer made stale.

A damaged file (a zeroed page, flipped bits, not a database at all) makes
SQLite answer "database disk image is malformed" and the like, from any query:
`handle_error` turns those into one StoreError that names the file and says how
to save what is left, instead of a traceback.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import ExceptionContext

from reportedly.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "reportedly_write"

PRAGMAS: tuple[str, ...] = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",  # first: switching to WAL may wait for a lock
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see _on_begin)
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# What SQLite says of a damaged file
DAMAGE_SIGNS = ("malformed", "not a database", "corrupt", "could not decode")


def damaged(path: str | None, reason: str) -> StoreError:
    """The error for a damaged store file, with how to recover it."""
    store = f"the store {path}" if path else "the store"
    return StoreError(
        f"{store} is damaged ({reason}); run `sqlite3 {path or 'FILE'} .recover` "
        "to save what is left into a new database"
    )


def _on_error(context: ExceptionContext) -> BaseException | None:
    reason = str(context.original_exception)
    if any(sign in reason.lower() for sign in DAMAGE_SIGNS):
        return damaged(context.engine.url.database if context.engine else None, reason)
    return None


def configure_sqlite(engine: Engine) -> None:
    """Install the pragmas, the BEGIN handling and the damage report on a SQLite engine."""
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _on_error)
