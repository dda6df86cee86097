"""Fresh stores of each kind for the tests: a SQLite file, or a database on the test server.

    STORES                        the kinds, the `params` of a store fixture
    fresh_store(request, folder)  the `--db` of a fresh store of the kind `request.param`
    stored(db)                    how many articles a store holds, read without writing

conftest.py's `store_url` fixture is the usual way in; a fixture of a wider scope (a module
of read-only tests on one filled store) takes `params=STORES` and calls `fresh_store` itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from postgres import PostgresServer
from reportedly.errors import StoreError
from reportedly.store import open_store

STORES = ("sqlite", "postgresql")


@contextmanager
def fresh_store(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A SQLite path in `folder`, or the URL of a new database (dropped afterwards) on the
    session's PostgreSQL server (the `postgres` fixture, started on first use)."""
    if request.param == "sqlite":
        yield str(folder / "store.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    with server.database() as url:
        yield url


def stored(db: str) -> int:
    """The articles in the store, read without writing to it; 0 until an ingest has made it
    (a SQLite file not there yet, a database without tables yet)."""
    try:
        with open_store(db, read_only=True) as store:
            return store.count_articles()
    except StoreError:
        return 0
