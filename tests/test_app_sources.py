"""Source profiles and one source's history, counted in SQL by the application layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.app.sources import source_history, source_profiles, source_relayed, source_totals
from reportedly.model import Article, Entity, Figure, Report
from reportedly.store import Store, open_store
from test_store_migration3 import TEXT, relayed_report


@pytest.fixture
def store(store_url: str) -> Store:
    """Two copies of a relayed claim and a figure of the Coast Guard, SQLite and PostgreSQL."""
    with open_store(store_url) as opened:
        opened.add(relayed_report())
        opened.add(relayed_report(outlet="Evening Post", text=TEXT + " Divers searched."))
        counted = Figure(
            text="12", low=12, high=12, qualifier="exact", category="missing",
            source_entity="Coast Guard", subject="sailors",
        )  # fmt: skip
        opened.add(
            Report(
                article=Article(
                    text="Twelve sailors were missing, the Coast Guard's log showed.",
                    outlet="Harbour Radio",
                    published="2025-03-02",
                ),
                figures=[counted],
                entities=[Entity("Coast Guard", "government body", mentions=[(36, 47)])],
            )
        )
        yield opened


def test_profiles_count_own_claims_relayed_claims_and_figures(store: Store) -> None:
    rows = {row["name"]: row for row in source_profiles(store)}
    assert set(rows) == {"Harbour Agency", "Ana Ruiz", "Coast Guard"}  # a wire claims nothing
    agency, ruiz, guard = rows["Harbour Agency"], rows["Ana Ruiz"], rows["Coast Guard"]
    assert (agency["claims"], agency["relayed"], agency["figures"]) == (2, 0, 0)
    assert agency["relays"] == ["Ana Ruiz", "Reuters"]
    assert agency["outlets"] == ["Evening Post", "The Daily"]
    assert (agency["first_seen"], agency["last_seen"]) == ("2025-02-01", "2025-02-01")
    # Ruiz only passes the agency's count on: her wrapping claim is not her own
    assert (ruiz["claims"], ruiz["relayed"], ruiz["relays"]) == (0, 2, [])
    assert (guard["claims"], guard["figures"], guard["outlets"]) == (0, 1, ["Harbour Radio"])
    assert guard["first_seen"] == "2025-03-02"


def test_profiles_come_most_cited_first_a_page_at_a_time(store: Store) -> None:
    names = [row["name"] for row in source_profiles(store)]
    assert names == ["Harbour Agency", "Coast Guard", "Ana Ruiz"]
    assert [r["name"] for r in source_profiles(store, limit=1, offset=1)] == ["Coast Guard"]


def test_a_source_history_by_alias_or_part_of_the_name(store: Store) -> None:
    found, claims, figures = source_history(store, "harbour agency")
    assert [e["name"] for e in found] == ["Harbour Agency"]
    assert [c["content"] for c in claims] == ["40 boats sank", "40 boats sank"]
    assert [c["through"] for c in claims] == [["Ana Ruiz", "Reuters"]] * 2
    assert figures == []
    found, _, figures = source_history(store, "coast")
    assert [e["name"] for e in found] == ["Coast Guard"]
    assert [f["text"] for f in figures] == ["12"]
    assert [f["quantity"] for f in figures] == ["sailors missing"]  # its page's name
    assert source_history(store, "Nobody Atall") == ([], [], [])


def test_a_relays_history_lists_the_claims_it_relayed_a_page_at_a_time(store: Store) -> None:
    ruiz, _, _ = source_history(store, "Ana Ruiz")
    relayed = source_relayed(store, ruiz)
    assert [(c["content"], c["outlet"]) for c in relayed] == [
        ("40 boats sank", "The Daily"),
        ("40 boats sank", "Evening Post"),
    ]
    assert [c["claimant"] for c in relayed] == ["Harbour Agency"] * 2
    assert [c["through"] for c in relayed] == [["Ana Ruiz", "Reuters"]] * 2
    assert source_totals(store, ruiz)["relayed"] == len(relayed)
    assert source_relayed(store, ruiz, limit=1, offset=1) == relayed[1:]
    agency, _, _ = source_history(store, "Harbour Agency")
    assert source_relayed(store, agency) == [] and source_totals(store, agency)["relayed"] == 0


def test_the_python_api_serves_profiles_history_and_export(store: Store, tmp_path: Path) -> None:
    from reportedly import api

    assert api.source_profiles(store, limit=1)[0]["name"] == "Harbour Agency"
    found, claims, _ = api.source_history(store, "Ana Ruiz")
    assert [e["name"] for e in found] == ["Ana Ruiz"] and claims == []  # she only relays
    _, claims, figures = api.source_history(store, "Harbour Agency")
    assert len(claims) > 1
    for offset in range(len(claims)):
        _, page, figure_page = api.source_history(store, "Harbour Agency", limit=1, offset=offset)
        assert (page, figure_page) == (claims[offset : offset + 1], figures[offset : offset + 1])
    paths = api.export(store, tmp_path / "out", "jsonl")
    assert [p.name for p in paths] == [
        "claims.jsonl", "figures.jsonl", "entities.jsonl", "quantities.jsonl"
    ]  # fmt: skip
    assert len((tmp_path / "out" / "claims.jsonl").read_text().splitlines()) == 4
