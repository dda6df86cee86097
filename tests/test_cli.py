"""The CLI's reading commands (extract, ingest) and the app itself, through their output.

Real input files in tmp_path, real stores (SQLite, and PostgreSQL for ingest); extraction
runs on the session's pipeline (loaded once), and each test that extracts runs it once.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly import __version__
from reportedly.cli import app
from reportedly.store import open_store

runner = CliRunner()

HARBOUR = (
    "---\ntitle: Storm damages harbour\npublished: 2025-03-07\noutlet: Coast Post\n---\n"
    "The harbour master said on Friday that at least 40 boats were damaged in the storm.\n"
)
BRIDGE = "The mayor told reporters that the old bridge would stay closed until June."
MARKET = "About 200 traders lost their stalls in the fire, according to the market committee."


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def bad_folder(tmp_path) -> Path:
    """Good articles beside one binary file, one empty file and one malformed JSONL line."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "photo.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    lines = json.dumps({"id": "b1", "text": BRIDGE}) + '\n{"id": "b2", "text": \n'
    lines += json.dumps({"id": "m1", "text": MARKET, "gold_notes": "ignored"}) + "\n"
    (folder / "batch.jsonl").write_text(lines, encoding="utf-8")
    return folder


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"reportedly {__version__}\n"


def test_python_dash_m_runs_the_same_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "reportedly", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"reportedly {__version__}"


def test_no_arguments_shows_help():
    result = runner.invoke(app, [])
    assert "ingest" in result.output
    assert "Usage" in result.output


def test_extract_refuses_csv(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for '--format' / '-f': 'csv' is not one of table|json|jsonl\n"
    )


@pytest.mark.model
def test_extract_jsonl_keeps_ids_and_names_failures(nlp, tmp_path):
    gold = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "first", "text": BRIDGE}, {"id": "second", "text": MARKET, "licence": "CC0"}],
    )
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["extract", str(gold), str(missing), "--format", "jsonl"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["first", "second"]
    for line in lines:
        assert set(line) >= {"attributions", "figures", "entities"}
    [failure] = result.stderr.splitlines()
    assert failure.startswith(f"{missing}: ")


NESTED = "Lawmaker Lee said the agency told the committee that about 300 soldiers had died."


def test_extract_top_level_leaves_out_nested_records_and_relinks_figures(nlp, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "n1", "text": NESTED}])
    args = ["extract", str(source), "--format", "jsonl"]
    [full] = [json.loads(line) for line in runner.invoke(app, args).stdout.splitlines()]
    [top] = [
        json.loads(line) for line in runner.invoke(app, [*args, "--top-level"]).stdout.splitlines()
    ]
    assert [a["cue"] for a in full["attributions"]] == ["said", "told"]
    assert full["attributions"][1]["parent"] == 0
    assert [a["cue"] for a in top["attributions"]] == ["said"]
    # the figure now points to the outer record; its claimant is still the agency's entity
    assert [f["attribution"] for f in top["figures"]] == [0]
    assert top["figures"][0]["source_entity"] == full["figures"][0]["source_entity"]


@pytest.mark.model
def test_ingest_stores_the_good_and_names_the_bad(nlp, bad_folder, store_url):
    db = store_url
    result = runner.invoke(app, ["ingest", str(bad_folder), "--db", db])

    assert result.exit_code == 1
    assert result.stdout.startswith("stored 3, skipped 0 already stored, failed 3 ")
    errors = result.stderr
    assert f"{bad_folder / 'photo.bin'}: binary file" in errors
    assert f"{bad_folder / 'empty.txt'}: empty file" in errors
    assert f"{bad_folder / 'batch.jsonl'}:2: invalid JSON" in errors
    assert "error: 3 input(s) could not be read" in errors
    store = open_store(db)
    titles = sorted(str(row["title"]) for row in store.articles())
    store.close()
    assert titles == ["None", "None", "Storm damages harbour"]

    # a second run of the same folder stores nothing new and extracts nothing
    again = runner.invoke(app, ["ingest", str(bad_folder), "--db", db])
    assert again.exit_code == 1
    assert again.stdout.startswith("stored 0, skipped 3 already stored, failed 3 ")
    store = open_store(db)
    assert store.count_articles() == 3
    store.close()


def test_ingest_of_a_missing_path_fails_and_stores_nothing(tmp_path):
    db = str(tmp_path / "store.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "nowhere"), "--db", db])
    assert result.exit_code == 1
    assert result.stdout.startswith("stored 0, skipped 0 already stored, failed 1 ")
    assert str(tmp_path / "nowhere") in result.stderr


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["ingest"], ["{INPUTS}...", "--db DB", "-j, --workers N", "[default: 1; x>=1]",
                      "[default: $REPORTEDLY_DB, else ./reportedly.db]"]),
        (["figures"], ["--since SINCE", "-f, --format table|json|jsonl|csv", "[default: table]"]),
        (["show"], ["-f, --format table|json", "[default: table]"]),
    ],
)  # fmt: skip
def test_help_shows_plain_metavars_and_every_default(command, shown):
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())  # click wraps help at 80 columns
    for text in shown:
        assert text in flat, result.stdout
    assert "<" not in flat and "╭" not in flat
