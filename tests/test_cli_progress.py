"""The ingest progress bar: total, percentage, rate and time left when the size of the
input is known, a count when it is not. A real subprocess whose stderr rich treats as a
terminal (FORCE_COLOR), so the bar is drawn as a user sees it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reportedly.ingest import expected_articles

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def write_inbox(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"n{n:03d}.txt").write_text(
            f"About {200 + n} people queued for water in camp {n}, the aid agency said.\n",
            encoding="utf-8",
        )


def test_expected_articles_counts_files_and_lines(tmp_path):
    write_inbox(tmp_path / "inbox", 3)
    lines = tmp_path / "batch.jsonl"
    lines.write_text('{"text": "one"}\n\n{"text": "two"}\n', encoding="utf-8")
    assert expected_articles([str(tmp_path / "inbox"), str(lines)]) == 5
    assert expected_articles([str(tmp_path / "inbox"), "-"]) is None
    assert expected_articles(["https://example.org/story"]) is None


def ingest_on_a_terminal(args: list[str], db: Path, stdin: str | None = None) -> str:
    script = "from reportedly.cli import app; app()"
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "160"}
    result = subprocess.run(
        [sys.executable, "-c", script, "ingest", *args, "--db", str(db)],
        input=stdin, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return ANSI.sub("", result.stderr).replace("\r", "\n")


@pytest.mark.model
def test_a_folder_shows_total_percentage_rate_and_time_left(tmp_path):
    write_inbox(tmp_path / "inbox", 40)
    frames = ingest_on_a_terminal([str(tmp_path / "inbox")], tmp_path / "news.db")
    assert re.search(r"\d+%\s+\d+/40 .* articles/s \d+:\d\d:\d\d", frames), frames


@pytest.mark.model
def test_stdin_shows_a_count_without_a_total(tmp_path):
    text = "About 90 people queued for water, the aid agency said.\n"
    frames = ingest_on_a_terminal(["-"], tmp_path / "news.db", stdin=text)
    assert "ingesting" in frames
    assert "%" not in frames and "/1" not in frames
