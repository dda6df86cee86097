"""An ingest killed with SIGKILL in the middle, then run again, stores every article once.

The real `reportedly ingest` runs in a subprocess on a folder of articles
written for the test; it is killed once some articles are in the store, then
rerun to the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from reportedly.store import open_store
from stores import stored

TOWNS = ["Arden", "Bexley", "Corran", "Dunmore", "Elston", "Fenwick", "Garvan", "Holt"]


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        (folder / f"a{n:03d}.txt").write_text(
            f"Flooding in {town} forced {100 + n} families from their homes on Tuesday, "
            f"the district council said. Officials in {town} said {n + 2} schools had closed.\n",
            encoding="utf-8",
        )


def ingest(folder: Path, db: str) -> subprocess.Popen:
    script = "from reportedly.cli import app; app()"
    return subprocess.Popen(
        [sys.executable, "-c", script, "ingest", str(folder), "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_an_ingest_killed_midway_and_rerun_stores_each_article_once(tmp_path, store_url):
    folder, db = tmp_path / "inbox", store_url
    count = 60
    write_articles(folder, count)

    first = ingest(folder, db)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None:
        if stored(db) >= 3:
            break
        time.sleep(0.05)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = stored(db)
    assert 0 < killed_at < count, "the kill should land in the middle of the run"

    second = ingest(folder, db)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err.decode()
    assert f"skipped {killed_at} already stored" in (out + err).decode()
    with open_store(db) as store:
        rows = store.articles()
        assert len(rows) == count
        assert len({row["content_hash"] for row in rows}) == count
        assert all(row["claims"] >= 1 for row in rows)
