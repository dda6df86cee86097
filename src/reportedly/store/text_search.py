"""Full-text search: the claims' text filters (`--source`, `--text`) and the search box
(reportedly.app.search), kept on write.

On SQLite, `attributions_fts` is an FTS5 index over the attributions' source,
claimant and content with the trigram tokenizer, so that a substring of three
characters or more is found by index (any case); triggers keep it current on
every insert, update and delete of `attributions`. On PostgreSQL, trigram GIN
indexes (`pg_trgm`) on the lower-cased columns serve the same LIKE filters
directly. The filter stays a case-insensitive substring test: the index only
narrows the rows the test runs on, so answers are the same with or without it.

The search box (migration 10) searches words. On SQLite, `articles_fts` is an FTS5
index over the articles' title and text with English stemming (porter), kept by
triggers the same way; claims are searched through `attributions_fts` (as
substrings: "kill" finds "killed"). On PostgreSQL, GIN indexes on the English
`tsvector` of the articles' title and text and of the claims' source and content
serve `websearch_to_tsquery`; a tsvector holds at most 1 MB, so the first
TSVECTOR_CHARS characters of a text are indexed. Both backends read the query
with one parser (store/search_query.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.exc import DBAPIError

from reportedly.store.schema import articles, attributions
from reportedly.store.search_query import Query, fts5_query

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


COMMON = 2_000  # an index answer this long is probed along the listing's order, not sorted


def matching_ids(
    conn: Connection, ids: ColumnElement[Any], value: str, columns: tuple[str, ...]
) -> tuple[ColumnElement[bool] | None, bool]:
    """A condition keeping the attributions (`ids`: their id column) whose `columns` may
    contain `value`, by index, and whether the value is common (the index finds it COMMON
    times or more); (None, False) where no index narrows it (PostgreSQL's serves the LIKE
    itself, and a value under MIN_CHARS characters is scanned).

    A listing is read in its order, a page at a time. A rare value drives the query: its
    rows are read from the index answer and sorted (a few). A common one must not: the
    answer (a hundred thousand rows for a common word) would be read and sorted for every
    page, so the condition is `id + 0 IN (answer)`, which no index serves: the listing is
    walked in its order, each row looked up in the answer, and a page stops at its end."""
    if conn.dialect.name != "sqlite" or len(value) < MIN_CHARS:
        return None, False
    phrase = '"' + value.replace('"', '""') + '"'
    found = _fts5_rowids(FTS_TABLE, "{" + " ".join(columns) + "}: " + phrase)
    common = not few(conn, found)
    return (ids + 0 if common else ids).in_(found), common


def few(conn: Connection, rows: Select[Any]) -> bool:
    """Whether the select `rows` has fewer than COMMON rows (reading at most COMMON)."""
    counted = select(func.count()).select_from(rows.limit(COMMON).subquery())
    return (conn.scalar(counted) or 0) < COMMON


ARTICLES_FTS = "articles_fts"
TSVECTOR_CHARS = 250_000  # a tsvector of any text this long stays under PostgreSQL's 1 MB
_ARTICLES_SQLITE = [
    f"CREATE VIRTUAL TABLE {ARTICLES_FTS} USING fts5(title, text, content='articles', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    f"INSERT INTO {ARTICLES_FTS}({ARTICLES_FTS}) VALUES ('rebuild')",
    f"CREATE TRIGGER {ARTICLES_FTS}_insert AFTER INSERT ON articles BEGIN "
    f"INSERT INTO {ARTICLES_FTS}(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    f"CREATE TRIGGER {ARTICLES_FTS}_delete AFTER DELETE ON articles BEGIN "
    f"INSERT INTO {ARTICLES_FTS}({ARTICLES_FTS}, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    f"CREATE TRIGGER {ARTICLES_FTS}_update AFTER UPDATE OF title, text ON articles BEGIN "
    f"INSERT INTO {ARTICLES_FTS}({ARTICLES_FTS}, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    f"INSERT INTO {ARTICLES_FTS}(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]
# The documents PostgreSQL's indexes hold; a query repeats the expression (its columns
# named with their table: "{t}") so that the planner uses the index.
_ARTICLE_DOCUMENT = f"left(coalesce({{t}}title, '') || ' ' || {{t}}text, {TSVECTOR_CHARS})"
_CLAIM_DOCUMENT = (
    "left(coalesce({t}source, '') || ' ' || coalesce({t}source_entity, '') || ' ' || "
    f"{{t}}content, {TSVECTOR_CHARS})"
)
_TSVECTOR_INDEXES = {
    "ix_articles_search": ("articles", _ARTICLE_DOCUMENT),
    "ix_attributions_search": ("attributions", _CLAIM_DOCUMENT),
}
SEARCH_INDEXES = tuple(_TSVECTOR_INDEXES)


def create_article_search(conn: Connection) -> None:
    """Create the search box's indexes and what keeps them current (migration 10)."""
    if conn.dialect.name == "sqlite":
        for statement in _ARTICLES_SQLITE:
            conn.execute(text(statement))
    elif conn.dialect.name == "postgresql":
        for index, (table_name, document) in _TSVECTOR_INDEXES.items():
            conn.execute(
                text(
                    f"CREATE INDEX {index} ON {table_name} "
                    f"USING gin (to_tsvector('english', {document.format(t='')}))"
                )
            )


def _tsquery(query: Query) -> Any:
    """The parsed query as a tsquery: each phrase through websearch_to_tsquery, joined with
    tsquery_or, tsquery_and and tsquery_not as the query groups them (websearch's own OR
    would bind tighter than its AND: "a OR b -c" would not exclude c from a)."""

    def phrase(words: tuple[str, ...]) -> Any:
        return func.websearch_to_tsquery(literal_column("'english'"), '"' + " ".join(words) + '"')

    def joined(function: Any, parts: list[Any]) -> Any:
        found = parts[0]
        for part in parts[1:]:
            found = function(found, part)
        return found

    groups = [joined(func.tsquery_or, [phrase(p) for p in group]) for group in query.required]
    groups += [func.tsquery_not(phrase(p)) for p in query.excluded]
    return joined(func.tsquery_and, groups)


def _tsquery_match(document: str, table_name: str, query: Query) -> Any:
    vector = f"to_tsvector('english', {document.format(t=table_name + '.')})"
    return literal_column(vector).op("@@")(_tsquery(query))


def article_search(dialect: str, query: Query) -> Any:
    """A condition on `articles`: its title or text holds the query's words."""
    if dialect == "postgresql":
        return _tsquery_match(_ARTICLE_DOCUMENT, "articles", query)
    return articles.c.id.in_(_fts5_rowids(ARTICLES_FTS, fts5_query(query)))


def claim_search(dialect: str, query: Query) -> list[Any]:
    """Conditions on `attributions`: its source, claimant or content holds the query."""
    if dialect == "postgresql":
        return [_tsquery_match(_CLAIM_DOCUMENT, "attributions", query)]
    a = attributions.c
    # `id + 0`: the rows are read in the hits' order (by index) and each looked up in the
    # index's answer, not the answer sorted: a page of a common word stays cheap
    if all(len(" ".join(p)) >= MIN_CHARS for p in (*query.phrases, *query.excluded)):
        # every phrase is long enough for the trigram index: its answer is the match
        # (a trigram phrase is a substring, any case, in any of the three columns)
        return [(a.id + 0).in_(_fts5_rowids(FTS_TABLE, fts5_query(query)))]
    columns = [func.coalesce(a[name], "") for name in COLUMNS]

    def holds(phrase: tuple[str, ...]) -> Any:
        value = " ".join(phrase)
        return or_(*(c.icontains(value, autoescape=True) for c in columns))

    condition = [or_(*(holds(p) for p in group)) for group in query.required]
    condition += [~holds(p) for p in query.excluded]
    narrowing = fts5_query(query, min_chars=MIN_CHARS)
    if narrowing is not None:  # the trigram index finds the candidates, LIKE decides
        condition.append((a.id + 0).in_(_fts5_rowids(FTS_TABLE, narrowing)))
    return condition


def _fts5_rowids(fts_table: str, query: str | None) -> Any:
    """A select of the rowids that the FTS5 table `fts_table` matches `query` on."""
    match = column(fts_table).match(query)
    return select(column("rowid")).select_from(table(fts_table)).where(match)
