"""Full-text search for the claims' text filters (`--source`, `--text`), kept on write.

On SQLite, `attributions_fts` is an FTS5 index over the attributions' source,
claimant and content with the trigram tokenizer, so that a substring of three
characters or more is found by index (any case); triggers keep it current on
every insert, update and delete of `attributions`. On PostgreSQL, trigram GIN
indexes (`pg_trgm`) on the lower-cased columns serve the same LIKE filters
directly. The filter stays a case-insensitive substring test: the index only
narrows the rows the test runs on, so answers are the same with or without it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, table, text
from sqlalchemy.exc import DBAPIError

FTS_TABLE = "attributions_fts"
COLUMNS = ("source", "source_entity", "content")
MIN_CHARS = 3  # the trigram index finds substrings of at least this many characters

_SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(source, source_entity, content, "
    "content='attributions', content_rowid='id', tokenize='trigram')",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON attributions BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, source, source_entity, content) "
    "VALUES (new.id, new.source, new.source_entity, new.content); END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON attributions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, source, source_entity, content) "
    "VALUES ('delete', old.id, old.source, old.source_entity, old.content); END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF source, source_entity, content "
    f"ON attributions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, source, source_entity, content) "
    "VALUES ('delete', old.id, old.source, old.source_entity, old.content); "
    f"INSERT INTO {FTS_TABLE}(rowid, source, source_entity, content) "
    "VALUES (new.id, new.source, new.source_entity, new.content); END",
]
TRIGRAM_INDEXES = {column: f"ix_attributions_{column}_trgm" for column in COLUMNS}
_POSTGRESQL = [
    f"CREATE INDEX {index} ON attributions USING gin (lower({column}) gin_trgm_ops)"
    for column, index in TRIGRAM_INDEXES.items()
]


def create_text_search(conn: Connection) -> None:
    """Create the index and what keeps it current (part of migration 9)."""
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE:
            conn.execute(text(statement))
    elif conn.dialect.name == "postgresql":
        try:
            with conn.begin_nested():  # no pg_trgm (no right to add it): filters still work
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                for statement in _POSTGRESQL:
                    conn.execute(text(statement))
        except DBAPIError:
            pass


def matching_ids(dialect: str, value: str, columns: tuple[str, ...]) -> Any | None:
    """A select of the ids of the attributions whose `columns` may contain `value`, by
    index; None where no index narrows it (PostgreSQL's serves the LIKE itself, and a
    value under MIN_CHARS characters is scanned)."""
    if dialect != "sqlite" or len(value) < MIN_CHARS:
        return None
    phrase = '"' + value.replace('"', '""') + '"'
    fts = table(FTS_TABLE)
    query = "{" + " ".join(columns) + "}: " + phrase
    match = text(f"{FTS_TABLE} MATCH :query").bindparams(query=query)
    return select(text("rowid")).select_from(fts).where(match)
