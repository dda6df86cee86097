"""The main filters are answered by index: SQLite's EXPLAIN QUERY PLAN of each query they
run shows no full scan of a record table."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from analysis_data import figure, said
from reportedly.app.search import search
from reportedly.store import Store, open_store

FULL_SCAN = re.compile(r"\bSCAN (articles|attributions|figures|relay_links|entities|f|a|claim)\b")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("plans")
    with open_store(str(folder / "p.db")) as opened:
        for day in range(1, 29):
            subject = "Freedonian soldiers" if day % 2 else "villagers"
            opened.add(
                said(
                    "Ministry" if day % 3 else "Rebels",
                    f"2025-02-{day:02d}",
                    f"Outlet {day % 5}",
                    [figure(day, "killed", subject), figure(day * 2, "injured", subject)],
                    relay="Aide",
                )
            )
        opened.analyze()
        yield opened


@contextmanager
def plans(store: Store, kinds: tuple[str, ...] = ("SELECT",)) -> Iterator[list[str]]:
    """The query plans of every statement of `kinds` run inside the block, one string each."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(kinds):
            seen.append((statement, parameters))

    found: list[str] = []
    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    with store.engine.connect() as conn:
        for statement, parameters in seen:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            found.append("\n".join(row[-1] for row in rows))


def entity_id(store: Store, name: str) -> int:
    return next(e["id"] for e in store.canonical_entities() if e["name"] == name)


TEXT_FILTERS: dict[str, Callable[[Store], Any]] = {
    "claims by source": lambda s: s.claims(source="minist"),
    "claims by content": lambda s: s.claims(text="soldiers killed"),
}
FILTERS: dict[str, Callable[[Store], Any]] = {
    "claims of an entity": lambda s: s.source_claims([entity_id(s, "Rebels")]),
    "figures of an entity": lambda s: s.source_figures([entity_id(s, "Rebels")]),
    "figures by quantity": lambda s: s.population_figures("freedonian soldiers"),
    "figures of a window": lambda s: s.population_figures("freedonian soldiers", "2025", "2025"),
    "attributions of figures": lambda s: s.article_attributions({1, 2}, {(1, 0)}, ("minist",)),
    "claim days of a population": lambda s: s.claim_days("freedonian soldiers"),
    "figure ids of claim days": lambda s: s.population_figure_ids(
        "freedonian soldiers", ["2025-02-01", None]
    ),
    "figures by id": lambda s: s.population_figures("freedonian soldiers", ids=[1, 2, 3]),
    "claimants of a population": lambda s: s.claimant_names("freedonian soldiers"),
    "voices of a population": lambda s: s.voice_worded("freedonian soldiers", ("minist",)),
    "claims of a quantity": lambda s: s.quantity_extent("freedonian soldiers", "killed", "total"),
    "start of a latest window": lambda s: s.nth_latest_day(
        "freedonian soldiers", "killed", "total", 1
    ),
    "figures by category": lambda s: s.figures(category="injured", limit=5),
    "relay links of an article": lambda s: s.article(3),
    "articles by date": lambda s: s.articles(since="2025-02-25", until="2025-02-26"),
    "figures by claim date": lambda s: s.figures(
        claimed_since="2025-02-25", claimed_until="2025-02"
    ),
}


@pytest.mark.parametrize("name", FILTERS)
def test_a_main_filter_uses_an_index(store: Store, name: str) -> None:
    with plans(store) as found:
        assert FILTERS[name](store)  # the filter finds rows: the plan is of a real answer
    assert found
    for plan in found:
        assert not FULL_SCAN.search(plan), plan


@pytest.mark.parametrize("name", TEXT_FILTERS)
def test_a_text_filter_searches_the_full_text_index(store: Store, name: str) -> None:
    with plans(store) as found:
        assert TEXT_FILTERS[name](store)
    assert any("attributions_fts VIRTUAL TABLE INDEX" in plan for plan in found), found


def test_the_check_sees_a_full_scan(store: Store) -> None:
    """The check can fail: a filter on a column without an index is a full scan."""
    with plans(store) as found:
        store.figures(subject="villag")
    assert any(FULL_SCAN.search(plan) for plan in found)


def test_a_common_text_walks_the_claims_listing_in_its_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text found COMMON times or more (here 5): the listing is walked in its order by
    the (article, position) index and each row looked up in the index answer, so a page
    stops at its end; no sort of the whole answer, and the dates do not drive it either.
    The rows are the ones the other plan finds."""
    expected = store.claims(text="soldiers", since="2025-02", limit=3)
    monkeypatch.setattr("reportedly.store.text_search.COMMON", 5)
    with plans(store) as found:
        assert store.claims(text="soldiers", since="2025-02", limit=3) == expected
    listing = next(plan for plan in found if "LIST SUBQUERY" in plan)
    assert "SCAN attributions USING INDEX sqlite_autoindex_attributions_1" in listing, listing
    assert "attributions_fts VIRTUAL TABLE INDEX" in listing, listing
    assert "TEMP B-TREE FOR ORDER BY" not in listing, listing


def test_the_claimed_filter_reads_the_claim_days_by_index(store: Store) -> None:
    """Search's `claimed` reads the figures of the period by `ix_figures_claim_day` (the
    claims' dates, a CTE of the hits' query), not by a scan of the figures."""
    with plans(store, ("SELECT", "WITH")) as found:
        assert search(store, None, claimed="2025-02-26").hits
    dated = [plan for plan in found if "claims_dated" in plan]
    assert dated, found
    for plan in dated:
        assert "SEARCH figures USING INDEX ix_figures_claim_day" in plan, plan
        assert "SCAN figures" not in plan and "SCAN f\n" not in plan, plan
