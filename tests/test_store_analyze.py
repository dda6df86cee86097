"""A store that grows refreshes its planner statistics by itself: once a Store has added
ANALYZE_AFTER articles and a tenth of what the store held, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from analysis_data import figure, said
from reportedly.store import Store, open_store
from reportedly.store import store as store_module


def analysed(store: Store) -> bool:
    """Whether the planner has statistics on the articles table."""
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            has = conn.scalar(text("SELECT count(*) FROM sqlite_master WHERE name='sqlite_stat1'"))
            return bool(has) and bool(
                conn.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles'"))
            )
        return (
            conn.scalar(
                text(
                    "SELECT coalesce(last_analyze, last_autoanalyze) IS NOT NULL "
                    "FROM pg_stat_user_tables WHERE relname = 'articles'"
                )
            )
            is True
        )


def add(store: Store, first: int, count: int) -> None:
    for day in range(first, first + count):
        store.add(said("Ministry", f"2025-03-{day:02d}", "Wire", [figure(day, "killed")]))


def test_statistics_are_refreshed_as_the_store_grows(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "ANALYZE_AFTER", 4)
    with open_store(store_url) as store:
        add(store, 1, 3)
        assert not analysed(store)
        add(store, 4, 1)  # the fourth article of this Store: statistics now
        assert analysed(store)
        assert (store._added, store._held) == (0, 4)
    with open_store(store_url) as store:  # 4 held: 4 more, then a tenth of 4 is passed
        add(store, 5, 3)
        assert (store._added, store._held) == (3, None)
        add(store, 8, 1)
        assert (store._added, store._held) == (0, 8)
