"""Listings page: tables print one page and say how to see more; json, jsonl and csv
stream every row; the store reads rows a keyset page at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import reportedly.store.reads as reads
from analysis_data import figure, said, store_of
from reportedly.cli import app, browse

runner = CliRunner()
ARTICLES = 23  # each with 3 claims (a relay's among them) and 2 figures


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("pages")
    reports = [
        said(
            "Ministry", f"2025-01-{day:02d}", f"Outlet {day}",
            [figure(day, "killed"), figure(day + 100, "injured")], relay="Aide",
        )
        for day in range(1, ARTICLES + 1)
    ]  # fmt: skip
    for report in reports:  # a third claim, so that an article's claims span two pages
        report.attributions.append(report.attributions[0].__class__("Envoy", "said", "x", "direct"))
    store_of(folder, reports).close()
    return str(folder / "analysis.db")


def invoke(*argv: str) -> tuple[str, str]:
    app = typer.Typer()
    for command in browse.COMMANDS:
        app.command()(command)
    result = runner.invoke(app, list(argv), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_a_table_prints_one_page_and_how_to_see_the_next(db: str) -> None:
    shown, note = invoke("claims", "--db", db)
    assert shown.count("Envoy") == 16  # rows 1-50: 16 whole articles of 3 claims, and 2
    assert "rows 1-50 shown; the next 50 with --offset 50" in note
    rest, note = invoke("claims", "--db", db, "--offset", "50")
    assert rest.count("Envoy") == ARTICLES - 16
    assert note == ""  # the last page says nothing more


def test_json_jsonl_and_csv_give_every_row(db: str) -> None:
    lines, _ = invoke("claims", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in lines.splitlines()]
    assert len(rows) == 3 * ARTICLES
    whole, _ = invoke("claims", "--db", db, "--format", "json")
    assert json.loads(whole) == rows
    table, _ = invoke("figures", "--db", db, "--format", "csv")
    assert len(table.splitlines()) == 1 + 2 * ARTICLES
    empty, _ = invoke("claims", "--db", db, "--format", "json", "--source", "nobody")
    assert json.loads(empty) == []


def test_keyset_pages_give_the_rows_of_one_query_in_order(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportedly.store import open_store

    with open_store(db, read_only=True) as store:
        whole = store.claims()
        figures = store.figures()
        monkeypatch.setattr(reads, "PAGE_ROWS", 4)
        assert store.claims() == whole
        assert store.figures() == figures
        assert store.claims(limit=9, offset=5) == whole[5:14]
        assert [a["id"] for a in store.articles(offset=20)] == [21, 22, 23]
    assert [(c["article_id"], c["position"]) for c in whole] == sorted(
        (c["article_id"], c["position"]) for c in whole
    )


def test_entities_list_pages_like_the_other_listings(db: str) -> None:
    whole = runner.invoke(app, ["entities", "list", "--db", db, "--format", "jsonl"])
    ids = [json.loads(line)["id"] for line in whole.stdout.splitlines()]
    assert len(ids) == 3  # Ministry, Aide and Envoy
    first = runner.invoke(app, ["entities", "list", "--db", db, "--limit", "2"])
    assert first.exit_code == 0, first.output
    assert "rows 1-2 shown; the next 2 with --offset 2" in first.stderr
    second = runner.invoke(
        app, ["entities", "list", "--db", db, "--limit", "2", "--offset", "2", "-f", "jsonl"]
    )
    assert [json.loads(line)["id"] for line in second.stdout.splitlines()] == ids[2:]
    assert second.stderr == ""
