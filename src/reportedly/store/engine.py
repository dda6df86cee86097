"""Where the store lives: URL resolution and engine creation.

A plain path means a SQLite file; anything with a scheme (`sqlite:///...`,
`postgresql+psycopg://...`) is a SQLAlchemy URL and is used as it is.
"""

from __future__ import annotations

import os
import re

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from reportedly.errors import StoreError
from reportedly.store.sqlite import WRITE_OPTION, configure_sqlite

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


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and reprs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def create_store_engine(url: str) -> Engine:
    """An engine for `url`, with the SQLite setup when the URL is SQLite."""
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot open store {safe_url(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, marked so its transactions take the write lock at BEGIN (SQLite)."""
    return engine.execution_options(**{WRITE_OPTION: True})
