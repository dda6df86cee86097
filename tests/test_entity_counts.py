"""The counts per entity kept on write equal a count from scratch after every kind of write:
ingest, re-extraction, an analyst's merge and split, a rebuild; and `sources` reads them.

The demo articles, extracted by the real pipeline, give claims with relays and wires
(the relayed counts and the "wraps a relayed claim" rule), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from reportedly.demo import demo_articles
from reportedly.extract.pipeline import extract_reports
from reportedly.ingest.dispatch import read_path
from reportedly.model import Article, Report
from reportedly.store import Store, open_store
from reportedly.store.entity_counts import tallies
from reportedly.store.schema import entity_counts


@pytest.fixture(scope="module")
def reports(nlp: Any) -> list[Report]:
    found = [item for path in demo_articles() for item in read_path(path)]
    return list(extract_reports([a for a in found if isinstance(a, Article)], nlp))


def by_entity(rows: Any, key: str) -> dict[int, dict[str, Any]]:
    return {row[key]: {k: v for k, v in row.items() if k != key} for row in rows}


def kept(store: Store) -> dict[int, dict[str, Any]]:
    with store.engine.connect() as conn:
        return by_entity(conn.execute(entity_counts.select()).mappings(), "entity_id")


def from_scratch(store: Store) -> dict[int, dict[str, Any]]:
    with store.engine.connect() as conn:
        return by_entity(conn.execute(tallies(store.engine.dialect.name)).mappings(), "entity")


def assert_counts_current(store: Store) -> None:
    assert kept(store) == from_scratch(store)


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
