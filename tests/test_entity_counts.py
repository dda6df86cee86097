"""The counts per entity kept on write equal a count from scratch after every kind of write:
ingest, re-extraction, an analyst's merge and split, a rebuild; and `sources` reads them.

The demo articles, extracted by the real pipeline, give claims with relays and wires
(the relayed counts and the "wraps a relayed claim" rule), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from reportedly.demo import demo_articles
from reportedly.extract.pipeline import extract_reports
from reportedly.ingest.dispatch import read_path
from reportedly.model import Article, Report
from reportedly.store import Store, open_store
from reportedly.store.entity_counts import TALLIES, Tally, tallies
from reportedly.store.schema import entity_counts


@pytest.fixture(scope="module")
def reports(nlp: Any) -> list[Report]:
    found = [item for path in demo_articles() for item in read_path(path)]
    return list(extract_reports([a for a in found if isinstance(a, Article)], nlp))


def rows_of(store: Store, stmt: Any) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return sorted((tuple(row) for row in conn.execute(stmt)), key=repr)


def kept(store: Store, tally: Tally = TALLIES[0]) -> dict[int, dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(tally.table)).mappings()
        return {row["entity_id"]: dict(row) for row in rows}


def assert_counts_current(store: Store) -> None:
    """Every kept table holds what counting the stored records from scratch gives."""
    dialect = store.engine.dialect.name
    for tally in TALLIES:
        columns = [tally.table.c[name] for name in ("entity_id", *tally.keys, *tally.counts)]
        if tally.table is entity_counts:
            columns += [entity_counts.c.first_seen, entity_counts.c.last_seen]
        scratch = tallies(dialect, tally).subquery()
        assert rows_of(store, select(*columns)) == rows_of(
            store, select(*(scratch.c[c.name] for c in columns))
        ), tally.table.name


def test_counts_kept_on_write_equal_a_count_from_scratch(
    store_url: str, reports: list[Report]
) -> None:
    with open_store(store_url) as store:
        for report in reports:
            store.add(report)
        assert_counts_current(store)
        counts = kept(store).values()
        assert sum(c["relayed"] for c in counts) > 0  # relays and wires are counted
        assert any(c["said"] > c["claims"] for c in counts)  # a claim wrapping a relayed one
        assert kept(store, TALLIES[1]) and kept(store, TALLIES[2])  # outlets, relays

        # re-extraction: another report's records in article 1, then none at all
        store.replace_records(1, Report(reports[0].article, reports[-1].attributions))
        assert_counts_current(store)
        store.replace_records(2, Report(reports[1].article))
        assert_counts_current(store)

        names = [row["name"] for row in store.source_counts(limit=2)]
        store.record_entity_edit("merge", names[0], names[1])
        assert_counts_current(store)
        assert [row["name"] for row in store.source_counts()].count(names[1]) == 0
        store.record_entity_edit("split", names[0], names[1])
        assert_counts_current(store)
        store.rebuild_entities()
        assert_counts_current(store)


def test_sources_lists_the_kept_counts_most_cited_first(
    store_url: str, reports: list[Report]
) -> None:
    with open_store(store_url) as store:
        for report in reports:
            store.add(report)
        rows = store.source_counts()
        counts = kept(store)
        assert rows and all(row["claims"] == counts[row["id"]]["claims"] for row in rows)
        ranks = [(-row["claims"], -row["figures"]) for row in rows]
        assert ranks == sorted(ranks)
        assert store.source_counts(limit=3, offset=2) == rows[2:5]
