"""Shared fixtures: the one conftest of the test suite (spaCy's habit).

Stores, on SQLite and on PostgreSQL alike:

- `store_url`: the `--db` of a fresh, empty store, once per store kind (the test runs twice,
  `[sqlite]` and `[postgresql]`): a SQLite file path in the test's temporary folder, or the
  `postgresql+psycopg://` URL of a new database on the session's test server, dropped after
  the test. Pass it to `open_store` or to a command's `--db`.
- `stores.fresh_store(request, folder)` (tests/stores.py): the same for fixtures of a wider
  scope (a module-scoped fixture with `params=stores.STORES` calls it with its `request`).
- `postgres`: the session's PostgreSQL server (tests/postgres.py), started on first use from
  Debian's binaries and stopped at the end of the session, also when tests fail. Without the
  binaries every test that needs it fails, saying to `apt-get install postgresql`.

Tests about SQLite itself (WAL, damaged or read-only files, file paths) take a path from
`tmp_path` instead. `-k sqlite` or `-k postgresql` runs one kind only.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from postgres import PostgresMissing, PostgresServer
from stores import STORES, fresh_store


@pytest.fixture(scope="session")
def nlp():
    """The full reportedly pipeline on the pinned English model, loaded once."""
    from reportedly.extract import load_pipeline

    return load_pipeline()


@pytest.fixture
def locked() -> Iterator[list[Path]]:
    """Paths a test makes read-only (read_only.set_read_only), writable again afterwards."""
    from read_only import set_read_only

    paths: list[Path] = []
    yield paths
    for path in reversed(paths):
        set_read_only(path, False)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session, in a temporary folder (see tests/postgres.py)."""
    # Not under pytest's tmp_path: its folders are private to root, and the server runs as
    # the unprivileged `postgres` user. The socket's path must also stay short (107 bytes).
    folder = Path(tempfile.mkdtemp(prefix="reportedly-pg-"))
    try:
        server = PostgresServer.start(folder)
    except PostgresMissing as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(str(exc), pytrace=False)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=STORES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store's `--db`: a SQLite path, then a PostgreSQL URL."""
    with fresh_store(request, tmp_path) as url:
        yield url
