"""Read commands start fast: importing the CLI and running a read imports no spaCy.

Each case runs in a fresh interpreter (a subprocess), because the test session
itself has spaCy loaded; it prints the heavy modules found in `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis_data import figure, said, store_of

HEAVY = ("spacy", "thinc", "pandas", "pyarrow", "matplotlib")

PROBE = """
import json, sys
from reportedly.cli import app
try:
    app(sys.argv[1:], prog_name="reportedly")
except SystemExit:
    pass
heavy = {heavy!r}
print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("imports")
    store_of(folder, [said("Ministry", "2025-01-01", "Harbor Ledger", [figure(7, "killed")])])
    return str(folder / "analysis.db")


def loaded(*argv: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The `heavy` modules a fresh interpreter holds after running `reportedly ARGV`."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_importing_the_cli_imports_no_heavy_library() -> None:
    assert loaded("--version") == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["claims", "--help"]])
def test_version_and_help_do_not_load_the_store(argv: list[str]) -> None:
    assert loaded(*argv, heavy=("sqlalchemy", "numpy", "datasketch")) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["articles"],
        ["claims", "--format", "jsonl"],
        ["figures"],
        ["quantities"],
        ["figures", "--quantity", "freedonian soldiers killed", "--format", "json"],
        ["sources"],
        ["stats"],
    ],
    ids=" ".join,
)
def test_a_read_command_imports_no_heavy_library(db: str, argv: list[str]) -> None:
    assert loaded(*argv, "--db", db) == []


def test_the_probe_sees_a_library_that_is_imported(db: str, tmp_path: Path) -> None:
    """The check can fail: `extract` needs spaCy, and the probe reports it."""
    text = tmp_path / "a.txt"
    text.write_text("The ministry said 3 people were killed.", encoding="utf-8")
    assert "spacy" in loaded("extract", str(text))
