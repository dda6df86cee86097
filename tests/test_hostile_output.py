"""Output that cannot be turned against its reader, and store faults that are named.

A store is filled by the real `ingest` with articles written for these tests
whose titles and texts carry spreadsheet formulas and terminal escape
sequences; the real commands then list, show and export them.
"""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from reportedly.analyse.csvfile import csv_cell
from reportedly.errors import StoreError
from reportedly.store import open_store
from stores import STORES, fresh_store
from test_hostile_input import run

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[6n\x9b31m\u202e"
ARTICLES = [
    {
        "title": '=HYPERLINK("http://example.invalid","open")',
        "outlet": "@Harbor Ledger",
        "text": "-The regional governor said 40 people were rescued from the river.",
    },
    {
        "title": f"Storm {ESCAPES}update",
        "outlet": "+Northern Times",
        "text": f"The coast guard said {ESCAPES}12 fishermen were missing off the cape.",
    },
]


def ingest_articles(db: str, folder) -> None:
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    result = run("ingest", str(source), "--db", db, cwd=folder)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module", params=STORES)
def stored_db(request, tmp_path_factory):
    """The articles above in a SQLite store, then in a PostgreSQL one."""
    folder = tmp_path_factory.mktemp("hostile")
    with fresh_store(request, folder) as db:
        ingest_articles(db, folder)
        yield db


@pytest.fixture(scope="module")
def store_file(tmp_path_factory):
    """The articles above in a SQLite file, for the faults of a file."""
    folder = tmp_path_factory.mktemp("hostile-file")
    ingest_articles(str(folder / "store.db"), folder)
    return folder / "store.db"


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1"])
def test_formula_cells_are_escaped(value):
    assert csv_cell(value) == "'" + value


def test_plain_cells_and_numbers_are_kept():
    assert csv_cell("Harbor Ledger") == "Harbor Ledger"
    assert csv_cell(-3) == -3
    assert csv_cell(["=x"]) == '["=x"]'  # JSON text starts with [ and is safe


def test_listings_and_exports_in_csv_start_no_cell_with_a_formula(stored_db, tmp_path):
    listing = run("articles", "--db", stored_db, "--format", "csv", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    out_dir = tmp_path / "export"
    exported = run("export", "--db", stored_db, "--out", str(out_dir), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    tables = [listing.stdout] + [p.read_text(encoding="utf-8") for p in out_dir.glob("*.csv")]
    cells = [c for table in tables for row in csv.reader(io.StringIO(table)) for c in row]
    assert '\'=HYPERLINK("http://example.invalid","open")' in cells
    assert "'@Harbor Ledger" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize(
    "command", [["articles"], ["show", "2"], ["claims"], ["figures"], ["sources"]]
)
def test_human_output_carries_no_control_characters(stored_db, tmp_path, command):
    result = run(*command, "--db", stored_db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = result.stdout + result.stderr
    assert not [c for c in shown if c in "\x1b\x07\x9b\u202e"]
    if command[0] in ("articles", "show"):
        assert "␛]0;owned␇" in shown


def test_json_keeps_control_characters_escaped(stored_db, tmp_path):
    result = run("show", "2", "--db", stored_db, "--format", "json", cwd=tmp_path)
    assert "\x1b" not in result.stdout
    assert json.loads(result.stdout)["article"]["title"] == f"Storm {ESCAPES}update"


def damaged_copy(store_file, tmp_path):
    data = bytearray(store_file.read_bytes())
    page = 4096
    data[2 * page : 3 * page] = bytes(page)  # a zeroed page inside the tables
    copy = tmp_path / "damaged.db"
    copy.write_bytes(bytes(data))
    return copy


@pytest.mark.parametrize(
    "command", [["claims"], ["show", "1"], ["export", "--out", "exported"], ["figures"]]
)
def test_a_damaged_store_is_named_with_how_to_recover(store_file, tmp_path, command):
    copy = damaged_copy(store_file, tmp_path)
    result = run(*command, "--db", str(copy), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert f"the store {copy} is damaged" in result.stderr
    assert f"run `sqlite3 {copy} .recover`" in result.stderr


def test_a_filter_too_long_for_like_is_a_clean_error(stored_db, tmp_path):
    result = run("claims", "--db", stored_db, "--text", "a" * 50_001, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "a text filter of 50,001 characters is over the limit of 10,000" in result.stderr


def test_a_nul_in_a_filter_through_the_api_is_refused(stored_db):
    with open_store(stored_db) as store:
        assert store.claims(text="fishermen")
        with pytest.raises(StoreError, match="NUL"):
            store.claims(text="zzz\x00")
        with pytest.raises(StoreError, match="NUL"):
            store.figures(subject="\x00")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_during_export_is_a_clean_error(store_file, tmp_path):
    out_dir = tmp_path / "full"
    out_dir.mkdir()
    (out_dir / "claims.csv").symlink_to("/dev/full")  # every write: no space left on device
    result = run("export", "--db", str(store_file), "--out", str(out_dir), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert f"cannot write {out_dir / 'claims.csv'}: No space left on device" in result.stderr
