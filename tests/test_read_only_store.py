"""Every read command serves a store it cannot write: a read-only file or folder, or a
`?mode=ro` URI. Reads never write, so none needs the write lock or a migration."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis_data import copy_of, figure, said
from read_only import set_read_only
from reportedly.cli import app
from reportedly.store import open_store

runner = CliRunner()
KILLED = "freedonian soldiers killed"


def make_store(path: Path) -> None:
    """Three claimants on one war, and a syndicated copy."""
    reports = [
        said("Ministry of Defence", "2025-03-01", "Harbor Ledger", [figure(120, "killed")]),
        said("Red Cross", "2025-03-03", "Capital Review", [figure(130, "killed")]),
        said("Jane Okafor", "2025-03-04", "Eastern Dispatch", [figure(40, "wounded")]),
    ]
    with open_store(str(path)) as store:
        for report in [*reports, copy_of(reports[0], "Valley Post")]:
            store.add(report)


def read_commands(db: str, out: Path) -> dict[str, list[str]]:
    """Every command that only reads, with what its output must hold."""
    return {
        "articles": ["articles", "--db", db],
        "show": ["show", "1", "--db", db],
        "claims": ["claims", "--db", db],
        "figures": ["figures", "--db", db],
        "figures --quantity": ["figures", "--quantity", KILLED, "--db", db],
        "quantities": ["quantities", "--db", db],
        "sources": ["sources", "--db", db],
        "sources NAME": ["sources", "Red Cross", "--db", db],
        "entities list": ["entities", "list", "--db", db],
        "stats": ["stats", "--db", db],
        "export": ["export", "--out", str(out), "--db", db],
    }


EXPECTED = {
    "articles": "Harbor Ledger",
    "show": "Ministry of Defence",
    "claims": "Red Cross",
    "figures": "120",
    "figures --quantity": "130",
    "quantities": KILLED,
    "sources": "Jane Okafor",
    "sources NAME": "Red Cross",
    "entities list": "Ministry of Defence",
    "stats": "articles",
}


def run_all(db: str, out: Path) -> None:
    for name, args in read_commands(db, out).items():
        as_json = [] if name == "export" else ["--format", "json"]  # no cut cells
        result = runner.invoke(app, [*args, *as_json])
        assert result.exit_code == 0, f"{name}: {result.output}"
        if name == "export":
            assert sorted(p.name for p in out.iterdir()) == [
                "claims.csv",
                "entities.csv",
                "figures.csv",
                "quantities.csv",
            ]
        else:
            assert EXPECTED[name] in result.stdout, f"{name}: {result.stdout}"


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("chattr"), reason="needs chattr")
def test_every_read_command_serves_a_read_only_file_in_a_read_only_folder(
    tmp_path: Path, locked: list[Path]
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "news.db"
    make_store(db)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    for path in (db, folder):
        set_read_only(path, True)
        locked.append(path)
    run_all(str(db), tmp_path / "out")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_every_read_command_serves_a_read_only_uri(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    make_store(db)
    with open_store(str(db)) as store:  # keep the WAL index beside it, as a live store has
        before = store.stats()
        uri = f"sqlite:///file:{db}?mode=ro&uri=true"
        run_all(uri, tmp_path / "out")
    listed = runner.invoke(app, ["entities", "list", "--db", uri, "--format", "json"])
    assert {row["name"] for row in json.loads(listed.stdout)} >= {"Red Cross", "Jane Okafor"}
    with open_store(str(db)) as store:
        assert store.stats() == before
