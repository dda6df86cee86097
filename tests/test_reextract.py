"""`reextract` and `stats`: records follow the extractor version, analyst's edits stay.

A real store (SQLite, then PostgreSQL), the real pipeline, the CLI through Typer's runner.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.extract.version import EXTRACT_ROOT, source_digest
from reportedly.model import Report
from reportedly.store import open_store

pytestmark = pytest.mark.model
runner = CliRunner()

FIRST = (
    "---\ntitle: Grain port\ndate: 2025-03-04\n---\n"
    "About 2,000 passengers were stranded in Odesa on Tuesday, Oleh Kiper said.\n"
)
SECOND = (
    "---\ntitle: Grain port again\ndate: 2025-03-06\n---\n"
    "Governor Kiper said on Thursday that more than 300 passengers had left the port.\n"
)


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def store_path(tmp_path: Path, store_url: str) -> str:
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = store_url
    run("ingest", str(tmp_path / "first.txt"), str(tmp_path / "second.txt"), "--db", db)
    return db


def test_a_lexicon_change_changes_the_extractor_version(tmp_path):
    copy = tmp_path / "extract"
    shutil.copytree(EXTRACT_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_digest(copy)
    assert before == source_digest(EXTRACT_ROOT)
    cues = copy / "lexicons" / "cues.jsonl"
    cues.write_text(cues.read_text(encoding="utf-8") + '{"lemma": "murmur"}\n', encoding="utf-8")
    assert source_digest(copy) != before


def test_reextract_updates_old_records_and_keeps_a_merge(store_path):
    run("entities", "merge", "Oleh Kiper", "Kiper", "--db", store_path)
    with open_store(store_path) as store:
        current = store.article(1).extractor
        # what an older extractor left: no records, another version
        store.replace_records(1, Report(store.stored_article(1), extractor="0.0.1+older"))
        assert store.article(1).attributions == []
        assert store.stale_articles(current) == [1]

    assert "re-extracted 1 article(s)" in run("reextract", "--db", store_path)

    with open_store(store_path) as store:
        report = store.article(1)
        assert report.extractor == current
        assert [a.source for a in report.attributions] == ["Oleh Kiper"]
        assert store.stale_articles(current) == []
    entities = json.loads(run("entities", "list", "--db", store_path, "--format", "json"))
    kipers = [(e["name"], e["aliases"]) for e in entities if "Kiper" in e["name"]]
    assert kipers == [("Oleh Kiper", ["Kiper"])]
    assert "re-extracted 0 article(s)" in run("reextract", "--db", store_path)


def test_reextract_filters_by_date(store_path):
    with open_store(store_path) as store:
        for article_id in (1, 2):
            old = Report(store.stored_article(article_id), extractor="0.0.1+older")
            store.replace_records(article_id, old)
    assert "re-extracted 1 article(s)" in run(
        "reextract", "--db", store_path, "--since", "2025-03-05"
    )
    with open_store(store_path) as store:
        assert store.article(1).extractor == "0.0.1+older"
        assert store.article(2).attributions


def test_stats_counts_records_and_versions(store_path):
    found = json.loads(run("stats", "--db", store_path, "--format", "json"))
    assert found["articles"] == 2
    assert found["claims"] == 2
    assert found["figures"] == 2
    assert found["size"] > 0
    [version] = found["versions"]
    assert version["articles"] == 2 and version["extractor"].startswith("0.1.0+")
    table = run("stats", "--db", store_path)
    assert "articles" in table and version["extractor"] in table


def test_reextract_killed_midway_goes_on_where_it_stopped(tmp_path, store_url):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(80):
        (folder / f"r{n:03d}.txt").write_text(
            f"About {300 + n} passengers waited at gate {n} on Friday, the airport said.\n",
            encoding="utf-8",
        )
    db = store_url
    run("ingest", str(folder), "--db", db)
    with open_store(db) as store:
        current = store.article(1).extractor
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE articles SET extractor = '0.0.1+older'")

    def remaining() -> int:
        with open_store(db) as store:
            return len(store.stale_articles(current))

    script = "from reportedly.cli import app; app()"
    first = subprocess.Popen(
        [sys.executable, "-c", script, "reextract", "--db", db],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and first.poll() is None and remaining() > 75:
        time.sleep(0.05)
    first.kill()
    first.wait()
    left = remaining()
    assert 0 < left < 80, "the kill should land in the middle of the run"
    with open_store(db) as store:  # every article is whole: old or new, never half
        assert all(store.article(i).attributions for i in range(1, 81))

    assert f"re-extracted {left} article(s)" in run("reextract", "--db", db)
    assert remaining() == 0
