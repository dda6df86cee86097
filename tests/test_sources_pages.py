"""`sources` pages like the other listings: a table shows a page and says how to see the
next, the machine formats stream every claimant, read a page of profiles at a time. A page
of a claimant's history is the same slice of it whichever way it is read: for a claimant in
most articles the store walks the articles in date order (`_first_articles`), for the
others it sorts the claimant's rows."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

import reportedly.app.sources as app_sources
from analysis_data import figure, said, store_of
from reportedly.cli import app

runner = CliRunner()
CLAIMANTS = ["Ministry", "Red Cross", "Governor Vale", "Harbor Police", "Envoy Sarn", "Mayor Oda"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("sources")
    speakers = CLAIMANTS + CLAIMANTS[:3]  # the first three speak twice
    reports = [
        said(name, f"2025-05-{day:02d}", f"Outlet {day % 3}", [figure(day, "killed")])
        for day, name in enumerate(speakers, start=1)
    ]
    store_of(folder, reports).close()
    return str(folder / "analysis.db")


def invoke(*argv: str) -> tuple[str, str]:
    result = runner.invoke(app, list(argv), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_a_table_shows_a_page_and_how_to_see_the_next(db: str) -> None:
    everyone = json.loads(invoke("sources", "--db", db, "--format", "json")[0])
    assert {row["name"] for row in everyone} == set(CLAIMANTS)
    shown, note = invoke("sources", "--db", db, "--limit", "2")
    assert [name for name in CLAIMANTS if name in shown] == [
        name for name in CLAIMANTS if name in {row["name"] for row in everyone[:2]}
    ]
    assert "rows 1-2 shown; the next 2 with --offset 2" in note
    rest = json.loads(invoke("sources", "--db", db, "--offset", "4", "--format", "json")[0])
    assert rest == everyone[4:]


def test_profiles_read_a_page_at_a_time_give_what_one_read_gives(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = json.loads(invoke("sources", "--db", db, "--format", "json")[0])
    monkeypatch.setattr(app_sources, "PROFILE_PAGE", 4)
    lines = invoke("sources", "--db", db, "--format", "jsonl")[0].splitlines()
    assert [json.loads(line) for line in lines] == whole
    assert json.loads(invoke("sources", "--db", db, "--format", "json", "-n", "5")[0]) == whole[:5]
    assert [row["claims"] for row in whole] == [2, 2, 2, 1, 1, 1]
    assert all(row["outlets"] for row in whole)


def test_a_claimants_history_reads_a_page_and_its_totals_count_the_whole(db: str) -> None:
    from reportedly.store import open_store

    with open_store(db, read_only=True) as store:
        for name in CLAIMANTS:
            found, claims, figures = app_sources.source_history(store, name)
            totals = app_sources.source_totals(store, found)
            assert (totals["claims"], totals["figures"]) == (len(claims), len(figures))
            outlets = {row["outlet"] for row in (*claims, *figures)}
            assert totals["outlets"] == sorted(outlets)
            for offset in range(len(claims) + 1):
                _, page, figure_page = app_sources.source_history(
                    store, name, limit=1, offset=offset
                )
                assert page == claims[offset : offset + 1]
                assert figure_page == figures[offset : offset + 1]


DAYS = ["2025-01-03", "2025-01-01", "2025-01-02", "2025-01-02", "2025-01-05", "2025-01-04"]


def test_pages_of_a_prolific_and_a_rare_claimant_are_slices_of_their_history(
    store_url: str,
) -> None:
    rng = random.Random(7)
    reports = []
    for n in range(24):
        published = DAYS[n % len(DAYS)] if n % 5 else None  # some undated, several a day
        claimant = "Defence Ministry" if n % 6 else "Rebel Command"
        relay = "lawmaker Pak" if n % 4 else None  # in most articles: his pages walk
        figures = [figure(10 + n, rng.choice(["killed", "injured"]))]
        report = said(claimant, published or "2025-01-01", f"Outlet {n % 3}", figures,
                      story=f"story {n}", relay=relay)  # fmt: skip
        report.article.published = published
        reports.append(report)
    store = store_of(store_url, reports)
    for name in ("Defence Ministry", "Rebel Command", "lawmaker Pak"):
        ids = [row["id"] for row in store.entities_named(name)]
        own, relayed = store.source_claims(ids), store.source_relayed(ids)
        assert own or relayed
        for limit in (1, 3, 7):
            for offset in range(0, 26, limit):
                assert (
                    store.source_claims(ids, limit=limit, offset=offset)
                    == (own[offset : offset + limit])
                ), (name, limit, offset)
                assert (
                    store.source_relayed(ids, limit=limit, offset=offset)
                    == (relayed[offset : offset + limit])
                ), (name, limit, offset)
