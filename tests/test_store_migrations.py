"""Migrations: ordered, recorded, each in its own transaction; data survives upgrades.

On SQLite and PostgreSQL alike; old stores are written by hand with plain SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from reportedly.errors import StoreError
from reportedly.model import Article, Attribution, Report
from reportedly.store import open_store, resolve_url
from reportedly.store.engine import create_store_engine
from reportedly.store.migrations import MIGRATIONS, Migration, migrate
from reportedly.store.schema import metadata
from reportedly.store.text_search import ARTICLES_FTS, FTS_TABLE, SEARCH_INDEXES, TRIGRAM_INDEXES

LATEST = MIGRATIONS[-1].version


def engine_of(db: str) -> Engine:
    return create_store_engine(resolve_url(db))


def run_sql(db: str, *statements: str) -> None:
    """Run plain SQL on the store at `db` in one transaction, as an old reportedly would."""
    engine = engine_of(db)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def recorded_versions(db: str) -> list[int]:
    engine = engine_of(db)
    with engine.connect() as conn:
        versions = list(conn.scalars(text("SELECT version FROM schema_migrations ORDER BY 1")))
    engine.dispose()
    return versions


def test_versions_count_up_from_one_with_names() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.name for m in MIGRATIONS)


def test_opening_applies_all_then_opening_again_is_a_no_op(store_url: str) -> None:
    path = store_url
    open_store(path).close()
    assert recorded_versions(path) == list(range(1, LATEST + 1))
    engine = engine_of(path)
    assert migrate(engine) == []
    engine.dispose()
    assert recorded_versions(path) == list(range(1, LATEST + 1))


def test_a_database_at_version_1_is_upgraded_and_keeps_its_data(store_url: str) -> None:
    path = store_url
    engine = engine_of(path)
    assert migrate(engine, MIGRATIONS[:1]) == [1]
    engine.dispose()
    run_sql(
        path,
        "INSERT INTO articles (id, content_hash, input_id, title, outlet, published, text,"
        " meta, ingested_at) VALUES (7, 'h', 'old-1', 'Old', 'Wire', '2024-12-19',"
        " 'The ministry said 50 were hurt.', '{\"lang\": \"en\"}', '2024-12-20T08:00:00')",
        "INSERT INTO attributions (article_id, position, source, cue, content, kind,"
        " modality, confidence) VALUES (7, 0, 'The ministry', 'said', '50 were hurt',"
        " 'indirect', 'said', 1.0)",
    )
    assert recorded_versions(path) == [1]

    with open_store(path) as store:
        assert store.article(7) == Report(
            article=Article(
                text="The ministry said 50 were hurt.",
                id="old-1",
                title="Old",
                outlet="Wire",
                published="2024-12-19",
                meta={"lang": "en"},
            ),
            attributions=[
                Attribution(
                    source="The ministry", cue="said", content="50 were hurt", kind="indirect"
                )
            ],
        )
    assert recorded_versions(path) == list(range(1, LATEST + 1))


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_a_migrated_database_matches_the_schema_module(store_url: str) -> None:
    with open_store(store_url) as store:
        inspector = inspect(store.engine)
        tables = {
            t for t in inspector.get_table_names() if not t.startswith((FTS_TABLE, ARTICLES_FTS))
        }
        assert tables == set(metadata.tables)
        for name, table in metadata.tables.items():
            columns = {c["name"]: c["nullable"] for c in inspector.get_columns(name)}
            assert columns == {c.name: c.nullable for c in table.columns}, name
            # PostgreSQL lists a unique constraint's index too, marked as its duplicate;
            # the trigram and tsvector indexes belong to the full-text search, like the
            # FTS tables
            indexes = {
                ix["name"]
                for ix in inspector.get_indexes(name)
                if not ix.get("duplicates_constraint")
            } - {*TRIGRAM_INDEXES.values(), *SEARCH_INDEXES}
            if store.engine.dialect.name == "sqlite":  # not reflected: the next test reads them
                indexes |= {ix.name for ix in table.indexes if ix.expressions != list(ix.columns)}
            assert indexes == {ix.name for ix in table.indexes}, name


def test_sqlite_has_the_expression_indexes_of_the_schema_module(tmp_path: Path) -> None:
    """SQLAlchemy does not reflect SQLite's indexes on expressions: read them from the file."""
    with open_store(str(tmp_path / "s.db")) as store, store.engine.connect() as conn:
        found = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
    declared = {ix.name for t in metadata.tables.values() for ix in t.indexes}
    assert declared <= found


def test_a_failing_migration_leaves_no_trace(store_url: str) -> None:
    path = store_url
    broken = Migration(
        LATEST + 1,
        "half-done",
        ["CREATE TABLE notes (id INTEGER PRIMARY KEY)", "CREATE TABLE oops ("],
    )
    engine = engine_of(path)
    with pytest.raises(StoreError, match=rf"migration {LATEST + 1} \(half-done\)"):
        migrate(engine, (*MIGRATIONS, broken))
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert recorded_versions(path) == list(range(1, LATEST + 1))
    assert "notes" not in tables  # the first statement was rolled back with the second


def test_a_database_from_a_newer_reportedly_is_refused(store_url: str) -> None:
    path = store_url
    open_store(path).close()
    run_sql(
        path,
        f"INSERT INTO schema_migrations VALUES ({LATEST + 5}, 'from the future', '2030-01-01')",
    )
    with pytest.raises(StoreError, match="upgrade reportedly"):
        open_store(path)
