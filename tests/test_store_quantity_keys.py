"""Quantity keys (migration 9): each figure's population and span, stored at write time
and computed for the figures of a store written before the migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from analysis_data import figure, said
from reportedly.store import open_store
from reportedly.store.engine import create_store_engine
from reportedly.store.migrations import MIGRATIONS, migrate
from reportedly.store.quantity_keys import backfill_quantity_keys

REPORT = said(
    "Ministry",
    "2025-03-04",
    "Harbor Ledger",
    [
        figure(40, "killed", "Freedonian troops in the valley"),
        figure(12, "injured", "others", part_of=0),
        figure(5, "killed", "villagers", period="in the past week"),
    ],
)
KEYS = [
    ("freedonian soldiers", "total"),
    ("freedonian soldiers", "total"),  # "others" borrows the population it breaks down
    ("villagers", "window"),
]


def stored_keys(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT population, span FROM figures ORDER BY id").fetchall()


def test_adding_an_article_stores_each_figures_population_and_span(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with open_store(str(path)) as store:
        store.add(REPORT)
    assert stored_keys(path) == KEYS


def test_migration_9_computes_the_keys_of_figures_stored_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        store.add(REPORT)
    with sqlite3.connect(path) as conn:  # as a store from before migration 9 holds them
        conn.execute("UPDATE figures SET population = NULL, span = NULL")
    engine = create_store_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        backfill_quantity_keys(conn)
    engine.dispose()
    assert stored_keys(path) == KEYS


def test_the_backfill_pages_through_articles_in_batches(tmp_path: Path, monkeypatch) -> None:
    import reportedly.store.quantity_keys as keys

    monkeypatch.setattr(keys, "BACKFILL_ARTICLES", 2)
    path = tmp_path / "many.db"
    with open_store(str(path)) as store:
        for day in range(1, 6):
            store.add(said("Ministry", f"2025-03-0{day}", f"Outlet {day}", REPORT.figures))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE figures SET population = NULL, span = NULL")
    engine = create_store_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        keys.backfill_quantity_keys(conn)
    engine.dispose()
    assert stored_keys(path) == KEYS * 5


def test_an_old_store_is_migrated_to_keyed_figures(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    engine = create_store_engine(f"sqlite:///{path}")
    migrate(engine, [m for m in MIGRATIONS if m.version <= 7])
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO articles (id, content_hash, text, meta, ingested_at) "
            "VALUES (1, 'h', 'text', '{}', '2025-01-01')"
        )
        conn.execute(
            "INSERT INTO figures (article_id, position, text, qualifier, category, subject)"
            " VALUES (1, 0, '9', 'exact', 'killed', 'the Ruritanian fishermen')"
        )
    open_store(str(path)).close()
    assert stored_keys(path) == [("ruritanian fishermen", "total")]
