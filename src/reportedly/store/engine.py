"""Where the store lives: URL resolution and engine creation.

A plain path means a SQLite file; anything with a scheme (`sqlite:///...`,
`postgresql+psycopg://...`) is a SQLAlchemy URL and is used as it is.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from reportedly.errors import StoreError
from reportedly.store.postgresql import MIGRATE_OPTION, configure_postgresql
from reportedly.store.sqlite import WRITE_OPTION, configure_sqlite
from reportedly.store.time_limit import install_time_limit

DEFAULT_DB = "reportedly.db"
ENV_VAR = "REPORTEDLY_DB"

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL for `db`: None -> $REPORTEDLY_DB or DEFAULT_DB; a path -> sqlite:///path."""
    if db is None:
        db = os.environ.get(ENV_VAR) or DEFAULT_DB
    if _URL_SCHEME.match(db):
        return db
    return f"sqlite:///{os.path.expanduser(db)}"


def existing_sqlite(url: str, *, read_only: bool) -> str:
    """`url`, checked to name an existing SQLite file (other URLs are returned as they are).

    A missing file is a StoreError. With `read_only`, a file that cannot be written, or
    whose folder cannot be (SQLite's WAL needs files beside it), becomes a read-only,
    immutable SQLite URI, so that it can still be read.
    """
    parsed = make_url(url)
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or not path or path == ":memory:":
        return url
    if path.startswith("file:") or parsed.query.get("uri"):
        return url  # already a URI: the caller chose its mode
    if not os.path.isfile(path):
        raise StoreError(f"no store at {path} (--db): ingest articles into it first")
    folder = os.path.dirname(os.path.abspath(path))
    if read_only and not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        return f"sqlite:///file:{quote(os.path.abspath(path))}?mode=ro&immutable=1&uri=true"
    return url


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and reprs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def create_store_engine(url: str) -> Engine:
    """An engine for `url`, with the SQLite or PostgreSQL setup its dialect needs."""
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot open store {safe_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        configure_postgresql(engine)
    install_time_limit(engine)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, marked so its transactions take the write lock at BEGIN (SQLite)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def migrator(engine: Engine) -> Engine:
    """A writer whose transactions also take the migration lock at BEGIN (PostgreSQL)."""
    return writer(engine).execution_options(**{MIGRATE_OPTION: True})
