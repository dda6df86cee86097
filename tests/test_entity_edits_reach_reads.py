"""An analyst's merge reaches every read at once: `sources`, `figures --quantity` and
`export` see it with no rebuild step between (the store applies it on write)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from analysis_data import figure, said
from reportedly.cli import app
from reportedly.store import open_store

runner = CliRunner()
KILLED = "freedonian soldiers killed"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def claimants_of_quantity(db: str) -> dict[int, str]:
    """{article id: claimant} of the quantity's figures."""
    rows = json.loads(invoke("figures", "--quantity", KILLED, "--db", db, "--format", "json"))
    return {r["article_id"]: r["claimant"] for r in rows}


def claimant_count(db: str) -> int:
    rows = json.loads(invoke("quantities", "--db", db, "--format", "json"))
    return next(r["claimants"] for r in rows if r["quantity"] == KILLED)


def exported_claimants(db: str, out: Path) -> dict[str, str]:
    invoke("export", "--out", str(out), "--db", db)
    with (out / "figures.csv").open(encoding="utf-8") as handle:
        return {row["article_id"]: row["claimant"] for row in csv.DictReader(handle)}


def test_a_merge_is_seen_by_sources_quantities_and_export_without_a_rebuild(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        store.add(said("John Kirby", "2025-04-01", "Harbor Ledger", [figure(210, "killed")]))
        store.add(said("J. Kirby", "2025-04-02", "Capital Review", [figure(212, "killed")]))
        store.add(said("Red Cross", "2025-04-03", "Valley Post", [figure(205, "killed")]))
    sources = {r["name"] for r in json.loads(invoke("sources", "--db", db, "--format", "json"))}
    assert {"John Kirby", "J. Kirby", "Red Cross"} <= sources
    assert claimants_of_quantity(db)[2] == "J. Kirby"
    assert claimant_count(db) == 3

    invoke("entities", "merge", "John Kirby", "J. Kirby", "--db", db)

    profiles = {r["name"]: r for r in json.loads(invoke("sources", "--db", db, "--format", "json"))}
    assert "J. Kirby" not in profiles
    assert profiles["John Kirby"]["claims"] == 2 and profiles["John Kirby"]["figures"] == 2
    history = json.loads(invoke("sources", "J. Kirby", "--db", db, "--format", "json"))
    assert [e["name"] for e in history["entities"]] == ["John Kirby"]
    assert claimants_of_quantity(db) == {1: "John Kirby", 2: "John Kirby", 3: "Red Cross"}
    assert claimant_count(db) == 2  # one voice now
    assert exported_claimants(db, tmp_path / "out") == {
        "1": "John Kirby",
        "2": "John Kirby",
        "3": "Red Cross",
    }
