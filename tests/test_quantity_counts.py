"""The counts per quantity group kept on write equal a count from scratch (the GROUP BY of
`counted_groups`) after every kind of write: ingest, re-extraction, an analyst's merge and
split, a rebuild, a syndicated copy joining two clusters, a denial, two writers at once; a
store at version 12 is counted when it is migrated; a recount makes the groups in the order
of their keys; and `quantity_groups` reads the kept rows.

The demo articles, extracted by the real pipeline, give figures held by entities (whose
names the claimant counts follow); hand-built reports (tests/analysis_data.py) give the
syndicated copies and the denial. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text

from analysis_data import figure, said
from reportedly.demo import demo_articles
from reportedly.extract.pipeline import extract_reports
from reportedly.ingest.dispatch import read_path
from reportedly.model import Article, Report
from reportedly.store import Store, open_store
from reportedly.store.quantity_counts import COUNTED, GROUP, counted_groups, recount
from reportedly.store.schema import (
    canonical_entities,
    figures,
    quantity_groups,
    quantity_members,
    schema_migrations,
)

KILLED = ("freedonian soldiers", "killed")


@pytest.fixture(scope="module")
def reports(nlp: Any) -> list[Report]:
    found = [item for path in demo_articles() for item in read_path(path)]
    return list(extract_reports([a for a in found if isinstance(a, Article)], nlp))


def sort(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: repr([row[column] for column in GROUP]))


def scratch(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return sort([dict(row) for row in conn.execute(counted_groups()).mappings()])


def assert_counts_current(store: Store) -> list[dict[str, Any]]:
    """The kept groups are what counting the stored figures from scratch gives, `quantity_groups`
    reads them, and each group's count of each kind is its number of members of that kind,
    its dates its least and greatest day member; returns the rows."""
    expected = scratch(store)
    assert sort(store.quantity_groups()) == expected
    with store.engine.connect() as conn:
        groups = {row.id: row for row in conn.execute(select(quantity_groups))}
        members = Counter(
            (row.group_id, row.kind) for row in conn.execute(select(quantity_members))
        )
        days: dict[int, list[str]] = {}
        for row in conn.execute(select(quantity_members).where(quantity_members.c.kind == "day")):
            days.setdefault(row.group_id, []).append(row.member)
        refs = conn.execute(select(quantity_members.c.refs)).scalars().all()
    assert all(n > 0 for n in refs)
    assert {group_id for group_id, _ in members} <= set(groups)
    for group_id, group in groups.items():
        for kind, column in COUNTED.items():
            assert members[group_id, kind] == getattr(group, column), (group, kind)
        dated = days.get(group_id, [])
        assert (group.first_date, group.last_date) == (
            (min(dated), max(dated)) if dated else (None, None)
        )
    return expected


def figure_claimants(store: Store) -> list[str]:
    """The names of the entities holding figures, the most figures first."""
    c = canonical_entities.c
    stmt = (
        select(c.name)
        .join_from(figures, canonical_entities, figures.c.entity_id == c.id)
        .where(figures.c.population.is_not(None))
        .group_by(c.id, c.name)
        .order_by(func.count().desc(), c.id)
    )
    with store.engine.connect() as conn:
        return list(dict.fromkeys(conn.scalars(stmt)))


def test_counts_kept_on_write_equal_a_count_from_scratch(
    store_url: str, reports: list[Report]
) -> None:
    with open_store(store_url) as store:
        for report in reports:
            store.add(report)
        rows = assert_counts_current(store)
        assert sum(row["claims"] for row in rows) > 10
        assert any(row["claimants"] > 1 and row["reports"] > 1 for row in rows)

        # re-extraction: another report's records in article 1, then none at all
        store.replace_records(1, Report(reports[0].article, reports[-1].attributions))
        assert_counts_current(store)
        store.replace_records(2, Report(reports[1].article))
        assert_counts_current(store)

        names = figure_claimants(store)
        assert len(names) >= 2
        claimants = sum(row["claimants"] for row in scratch(store))
        store.record_entity_edit("merge", names[0], names[1])
        assert_counts_current(store)
        store.record_entity_edit("split", names[0], names[1])
        assert_counts_current(store)
        assert sum(row["claimants"] for row in scratch(store)) == claimants
        store.rebuild_entities()
        assert_counts_current(store)
        store.add(said("Red Cross", "2025-04-01", "Valley Post", [figure(7, "killed")]))
        assert_counts_current(store)  # a group made after the recount


def test_a_recount_makes_the_groups_in_the_order_of_their_keys(
    store_url: str, reports: list[Report]
) -> None:
    """So that a rebuild, or a benchmark's fill, gives the groups the same ids on SQLite
    and PostgreSQL (whose GROUP BY and DISTINCT come in no set order)."""
    with open_store(store_url) as store:
        for report in reports:
            store.add(report)
        with store.engine.begin() as conn:
            recount(conn)
            stmt = select(quantity_groups).order_by(quantity_groups.c.id)
            keys = [[row[c] for c in GROUP] for row in conn.execute(stmt).mappings()]
        assert sort(store.quantity_groups()) == scratch(store)
    assert len(keys) > 10 and any(None in key for key in keys)  # NULL events and places too
    assert keys == sorted(keys, key=lambda key: [(value is not None, value) for value in key])


def test_a_merge_of_two_claimants_of_one_quantity_counts_them_once(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add(said("Freedonian Army", "2025-01-10", "Harbor Ledger", [figure(300, "killed")]))
        store.add(said("General Staff", "2025-01-11", "Valley Post", [figure(310, "killed")]))
        (row,) = [r for r in assert_counts_current(store) if r["population"] == KILLED[0]]
        assert (row["claims"], row["claimants"], row["statements"]) == (2, 2, 2)
        store.record_entity_edit("merge", "Freedonian Army", "General Staff")
        (row,) = [r for r in assert_counts_current(store) if r["population"] == KILLED[0]]
        assert (row["claims"], row["claimants"], row["statements"]) == (2, 1, 2)
        store.record_entity_edit("split", "Freedonian Army", "General Staff")
        (row,) = [r for r in assert_counts_current(store) if r["population"] == KILLED[0]]
        assert row["claimants"] == 2


def test_a_copy_that_joins_two_clusters_makes_their_reports_one(store_url: str) -> None:
    def story(first: int, last: int) -> str:
        return " ".join(f"token{i}" for i in range(first, last))

    with open_store(store_url) as store:
        for outlet, words, value in (
            ("Harbor Ledger", story(0, 200), 300),
            ("Valley Post", story(60, 260), 310),
        ):
            store.add(
                said("Red Cross", "2025-01-10", outlet, [figure(value, "killed")], story=words)
            )
        (row,) = assert_counts_current(store)
        assert (row["claims"], row["reports"], row["outlets"]) == (2, 2, 2)
        bridge = [figure(300, "killed")]
        store.add(said("Red Cross", "2025-01-10", "Capital Review", bridge, story=story(30, 230)))
        assert store.cluster_ids() == {1: 1, 2: 1, 3: 1}
        (row,) = assert_counts_current(store)
        assert (row["claims"], row["reports"], row["outlets"], row["statements"]) == (3, 1, 3, 2)
        assert (row["first_date"], row["last_date"]) == ("2025-01-10", "2025-01-10")


def test_a_denied_figure_is_no_claim_until_it_is_extracted_as_one(store_url: str) -> None:
    with open_store(store_url) as store:
        kept = said("Army spokesman", "2025-02-01", "Harbor Ledger", [figure(40, "killed")])
        denial = said("Rebel command", "2025-02-03", "Valley Post", [figure(90, "killed")])
        denial.attributions[0].modality = "denied"
        store.add(kept)
        denied_id, _ = store.add(denial)
        (row,) = assert_counts_current(store)
        assert (row["claims"], row["claimants"], row["last_date"]) == (1, 1, "2025-02-01")
        denial.attributions[0].modality = "said"
        store.replace_records(denied_id, denial)
        (row,) = assert_counts_current(store)
        assert (row["claims"], row["claimants"], row["last_date"]) == (2, 2, "2025-02-03")
        store.replace_records(denied_id, Report(denial.article))  # no figure left there
        (row,) = assert_counts_current(store)
        assert (row["claims"], row["last_date"]) == (1, "2025-02-01")
        store.replace_records(1, Report(kept.article))
        assert assert_counts_current(store) == []


def test_a_store_at_version_11_is_counted_when_migrated(
    store_url: str, reports: list[Report]
) -> None:
    with open_store(store_url) as store:
        for report in reports[:4]:
            store.add(report)
        expected = scratch(store)
        with store.engine.begin() as conn:  # as reportedly at version 12 left it
            conn.execute(text("DROP TABLE quantity_members"))
            conn.execute(text("DROP TABLE quantity_groups"))
            conn.execute(delete(schema_migrations).where(schema_migrations.c.version == 13))
    assert expected
    with open_store(store_url) as store:
        assert assert_counts_current(store) == expected
        store.add(said("Red Cross", "2025-04-01", "Valley Post", [figure(7, "killed")]))
        assert len(assert_counts_current(store)) == len(expected) + 1  # a group made after


def test_writers_side_by_side_keep_the_counts_whole(store_url: str) -> None:
    """Two stores (two connection pools) adding into the same groups at once: on
    PostgreSQL their writes take turns on the counts' lock, on SQLite on the write lock."""
    open_store(store_url).close()  # migrated once, before the writers start
    errors: list[BaseException] = []

    def write(outlet: str) -> None:
        try:
            with open_store(store_url) as store:
                for day in range(1, 16):
                    figures = [figure(10 * day, "killed"), figure(day, "wounded")]
                    claimant = f"{outlet} correspondent"
                    store.add(said(claimant, f"2025-03-{day:02d}", outlet, figures))
        except BaseException as error:  # reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(o,)) for o in ("Harbor Ledger", "Valley Post")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with open_store(store_url) as store:
        rows = {row["category"]: row for row in assert_counts_current(store)}
    assert rows["killed"]["claims"] == rows["wounded"]["claims"] == 30
    assert rows["killed"]["outlets"] == 2 and rows["killed"]["last_date"] == "2025-03-15"
