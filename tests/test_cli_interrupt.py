"""Ctrl-C and kill during `ingest -j 2`: a real subprocess, real signals, a real store.

SIGINT stops the workers, prints what was stored and what was not, exits 130, with no
traceback and no worker left. SIGKILL of the parent leaves no worker running either.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stores import stored

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc"),
]
ARTICLES = 600


def write_articles(folder: Path) -> None:
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"a{n:04d}.txt").write_text(
            f"Storms cut power to {1000 + n} homes in district {n} on Sunday, the utility "
            f"said. Crews had restored {n + 10} lines by the evening, officials added.\n",
            encoding="utf-8",
        )


def children(pid: int) -> list[int]:
    """The pids whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for its reaper is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_ingest(folder: Path, db: str) -> tuple[subprocess.Popen[str], list[int]]:
    """`ingest FOLDER --db DB -j 2`, returned once it has stored a few articles."""
    script = "from reportedly.cli import app; app()"
    process = subprocess.Popen(
        [sys.executable, "-c", script, "ingest", str(folder), "--db", db, "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None and stored(db) < 3:
        time.sleep(0.1)
    assert process.poll() is None, "the ingest ended before it could be interrupted"
    workers = children(process.pid)
    assert len(workers) >= 2, "ingest -j 2 should run two worker processes"
    return process, workers


def wait_gone(pids: list[int], seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(running(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if running(p)]


def test_ctrl_c_during_ingest_stops_the_workers_and_says_what_was_stored(tmp_path, store_url):
    folder, db = tmp_path / "inbox", store_url
    write_articles(folder)
    process, workers = start_ingest(folder, db)

    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)

    assert process.returncode == 130, err
    summary = re.fullmatch(r"stored (\d+), skipped 0 already stored, failed 0 \(.*\)\n", out)
    assert summary, out
    assert 0 < int(summary.group(1)) < ARTICLES
    assert int(summary.group(1)) == stored(db)
    assert re.fullmatch(r"interrupted: not stored: \d+ article\(s\) read but not yet .*\n", err)
    assert "Traceback" not in err
    assert wait_gone(workers) == []


def test_a_killed_ingest_leaves_no_worker(tmp_path):
    folder, db = tmp_path / "inbox", str(tmp_path / "news.db")
    write_articles(folder)
    process, workers = start_ingest(folder, db)

    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)

    assert wait_gone(workers) == []
