"""The claims' text filters use the full-text index and answer as a substring test does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportedly.model import Article, Attribution, Report
from reportedly.store import Store, open_store
from reportedly.store.text_search import FTS_TABLE

SOURCES = ["the Ministry of Défense", 'Governor "Al" Brandt', "Harbour Agency", "WHO"]


def report(i: int, source: str, content: str) -> Report:
    return Report(
        article=Article(text=f"{source} said {content}. ({i})", outlet="Wire"),
        attributions=[Attribution(source, "said", content, "indirect", source_entity=source)],
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(str(tmp_path / "t.db")) as opened:
        for i, source in enumerate(SOURCES):
            opened.add(report(i, source, f"{i + 3} boats sank near the 50% mark"))
        yield opened


def scanned(store: Store, value: str, column: str) -> list[int]:
    """The ids a plain case-insensitive substring scan finds (ASCII case, as SQL lower)."""
    path = store.engine.url.database
    with sqlite3.connect(path) as conn:
        rows = conn.execute(f"SELECT id, {column} FROM attributions ORDER BY id").fetchall()
    return [i for i, found in rows if value.lower() in (found or "").lower()]


@pytest.mark.parametrize("value", ["ministry", "INIST", "Défense", '"Al"', "50%", "WHO", "o", ""])
def test_source_filters_find_what_a_substring_scan_finds(store: Store, value: str) -> None:
    found = [c["id"] for c in store.claims(source=value)]
    assert found == scanned(store, value, "source")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet='abcdeghilmnorstuyAMW"%_ *-', min_size=1, max_size=6))
def test_any_filter_answers_as_the_scan(store: Store, value: str) -> None:
    assert [c["id"] for c in store.claims(text=value)] == scanned(store, value, "content")


def test_the_index_follows_replaced_and_deleted_records(store: Store) -> None:
    store.replace_records(1, report(0, "Port Authority", "nine cranes fell"))
    assert [c["source"] for c in store.claims(source="authority")] == ["Port Authority"]
    assert store.claims(source="ministry") == []
    assert [c["content"] for c in store.claims(text="cranes")] == ["nine cranes fell"]
    with sqlite3.connect(store.engine.url.database) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM articles WHERE id = 1")
        (indexed,) = conn.execute(
            f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'cranes'"
        ).fetchone()
    assert indexed == 0
