"""Read commands and the store file: a missing store is an error, a read-only one is read.

Real SQLite files made read-only for real: by mode bits, or, when the tests run as root
(whom mode bits do not stop), by the immutable attribute.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from read_only import set_read_only
from reportedly.cli import app
from reportedly.model import Article, Report
from reportedly.store import open_store

runner = CliRunner()


@pytest.mark.parametrize("command", ["articles", "claims", "figures", "stats", "quantities"])
def test_a_read_command_on_a_missing_store_says_so_and_creates_nothing(tmp_path, command):
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, [command, "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"error: no store at {missing} (--db): ingest articles into it first\n"
    assert not missing.exists()


def test_entities_list_on_a_missing_store_creates_nothing(tmp_path):
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, ["entities", "list", "--db", str(missing)])
    assert result.exit_code == 1
    assert "no store at" in result.stderr
    assert not missing.exists()


def _make_store(path: Path) -> None:
    with open_store(str(path)) as store:
        store.add(Report(Article(text="A quiet day in the port.", title="Harbour")))


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("chattr"), reason="needs chattr")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_can_be_read(tmp_path, locked, what):
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "news.db"
    _make_store(db)
    before = sorted(p.name for p in folder.iterdir())
    locked.append(db if what == "file" else folder)
    set_read_only(locked[-1], True)
    assert not os.access(locked[-1], os.W_OK)

    result = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert '"title": "Harbour"' in result.stdout
    stats = runner.invoke(app, ["stats", "--db", str(db), "--format", "json"])
    assert stats.exit_code == 0, stats.stderr
    assert '"articles": 1' in stats.stdout
    assert sorted(p.name for p in folder.iterdir()) == before
