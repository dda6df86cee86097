"""Migrations: ordered, recorded, each in its own transaction; data survives upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from reportedly.errors import StoreError
from reportedly.model import Article, Attribution, Report
from reportedly.store import open_store
from reportedly.store.engine import create_store_engine
from reportedly.store.migrations import MIGRATIONS, Migration, migrate
from reportedly.store.schema import metadata
from reportedly.store.text_search import FTS_TABLE

LATEST = MIGRATIONS[-1].version


def recorded_versions(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]


def test_versions_count_up_from_one_with_names() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.name for m in MIGRATIONS)


def test_opening_applies_all_then_opening_again_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    open_store(str(path)).close()
    assert recorded_versions(path) == list(range(1, LATEST + 1))
    engine = create_store_engine(f"sqlite:///{path}")
    assert migrate(engine) == []
    engine.dispose()
    assert recorded_versions(path) == list(range(1, LATEST + 1))


def test_a_database_at_version_1_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_store_engine(f"sqlite:///{path}")
    assert migrate(engine, MIGRATIONS[:1]) == [1]
    engine.dispose()
    with sqlite3.connect(path) as conn:  # written by hand, as an old reportedly would have
        conn.execute(
            "INSERT INTO articles (id, content_hash, input_id, title, outlet, published, text,"
            " meta, ingested_at) VALUES (7, 'h', 'old-1', 'Old', 'Wire', '2024-12-19',"
            " 'The ministry said 50 were hurt.', '{\"lang\": \"en\"}', '2024-12-20T08:00:00')"
        )
        conn.execute(
            "INSERT INTO attributions (article_id, position, source, cue, content, kind,"
            " modality, confidence) VALUES (7, 0, 'The ministry', 'said', '50 were hurt',"
            " 'indirect', 'said', 1.0)"
        )
    assert recorded_versions(path) == [1]

    with open_store(str(path)) as store:
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


def test_a_migrated_database_matches_the_schema_module(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        inspector = inspect(store.engine)
        tables = {t for t in inspector.get_table_names() if not t.startswith(FTS_TABLE)}
        assert tables == set(metadata.tables)
        for name, table in metadata.tables.items():
            columns = {c["name"]: c["nullable"] for c in inspector.get_columns(name)}
            assert columns == {c.name: c.nullable for c in table.columns}, name
            indexes = {ix["name"] for ix in inspector.get_indexes(name)}
            assert indexes == {ix.name for ix in table.indexes}, name


def test_a_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    broken = Migration(
        LATEST + 1,
        "half-done",
        ["CREATE TABLE notes (id INTEGER PRIMARY KEY)", "CREATE TABLE oops ("],
    )
    engine = create_store_engine(f"sqlite:///{path}")
    with pytest.raises(StoreError, match=rf"migration {LATEST + 1} \(half-done\)"):
        migrate(engine, (*MIGRATIONS, broken))
    engine.dispose()
    assert recorded_versions(path) == list(range(1, LATEST + 1))
    with sqlite3.connect(path) as conn:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "notes" not in tables  # the first statement was rolled back with the second


def test_a_database_from_a_newer_reportedly_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01')",
            (LATEST + 5,),
        )
    with pytest.raises(StoreError, match="upgrade reportedly"):
        open_store(str(path))
