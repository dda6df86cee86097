"""`ingest` and `reextract` on a real Dask `LocalCluster`, into real SQLite and PostgreSQL
stores (reportedly.app.ingest with `workers`/`scheduler`, the CLI's --workers/-j,
--scheduler and --workers-write).

The store ends as after a local run, record by record, whatever dies on the way: a
worker killed in the middle (its batch is redone), the client killed with SIGKILL and
run again, or, with PostgreSQL workers writing directly, a worker killed after writing
part of its batch.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client

from reportedly.app.ingest import Ingest, Reextract
from reportedly.errors import ClusterError
from reportedly.extract.dask_run import local_cluster
from reportedly.store import open_store
from stores import stored

pytestmark = pytest.mark.model

TOWNS = ["Arden", "Bexley", "Corran", "Dunmore", "Elston", "Fenwick", "Garrow", "Holt"]
COUNT = 64  # four batches of 16: enough for a kill to land in the middle of a run
CLI = "from reportedly.cli import app; app()"


def write_articles(folder: Path, count: int = COUNT) -> Path:
    """`count` short reports of a storm, one file each, every text distinct."""
    folder.mkdir()
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        (folder / f"storm{n:03d}.txt").write_text(
            f"A storm cut power to {1200 + n} homes in {town} on Monday, the regional "
            f"utility said. Mayor Ines Okafor said {n + 3} roads were still closed. "
            f"Police said at least {n % 7 + 2} people had been hurt by falling trees.\n",
            encoding="utf-8",
        )
    return folder


def records(db: str) -> dict[str, dict[str, Any]]:
    """Each stored article's records and extractor version, by its text."""
    with open_store(db, read_only=True) as store:
        found = {}
        for article_id, text in store.article_texts():
            report = store.article(article_id)
            assert report is not None
            found[text] = {**report.to_dict(), "extractor": report.extractor}
        assert len(found) == store.count_articles()  # no text twice
        return found


def run_all(run: Any) -> Any:
    for _ in run:
        pass
    return run.summary


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a local cluster of two single-threaded worker processes."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("dask") / "inbox")


@pytest.fixture(scope="module")
def local(inbox: Path, tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> dict[str, Any]:
    """The records of a local (in-process) ingest of the inbox."""
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    with open_store(db) as store:
        assert run_all(Ingest(store, [str(inbox)])).stored == COUNT
    return records(db)


def kill_a_busy_worker(address: str, seconds: float = 120) -> threading.Thread:
    """Start a thread that kills (SIGKILL) the first worker seen with a task; its `killed`
    attribute holds the pid."""

    def kill() -> None:
        with Client(address) as client:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                busy = [worker for worker, tasks in client.processing().items() if tasks]
                if busy:
                    pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(pid, signal.SIGKILL)  # its nanny starts a new one
                    killer.killed = pid  # type: ignore[attr-defined]
                    return
                time.sleep(0.01)

    killer = threading.Thread(target=kill, daemon=True)
    killer.killed = None  # type: ignore[attr-defined]
    killer.start()
    return killer


def test_ingest_on_the_cluster_equals_a_local_run_record_by_record(
    store_url, scheduler, inbox, local
):
    with open_store(store_url) as store:
        summary = run_all(Ingest(store, [str(inbox)], scheduler=scheduler))
        assert (summary.stored, summary.skipped, summary.failures) == (COUNT, 0, [])
        again = run_all(Ingest(store, [str(inbox)], scheduler=scheduler))
        assert (again.stored, again.skipped) == (0, COUNT)  # idempotent by content hash
    assert records(store_url) == local


def test_cli_ingest_workers_2_equals_a_local_run(tmp_path, inbox, local):
    db = str(tmp_path / "workers.db")
    result = subprocess.run(
        [sys.executable, "-c", CLI, "ingest", str(inbox), "--db", db, "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"stored {COUNT}, skipped 0 already stored, failed 0")
    assert records(db) == local


def test_a_worker_killed_mid_ingest_costs_nothing(store_url, scheduler, inbox, local):
    with open_store(store_url) as store:
        run = Ingest(store, [str(inbox)], scheduler=scheduler)
        killer = kill_a_busy_worker(scheduler)
        summary = run_all(run)
        killer.join()
    assert killer.killed is not None  # type: ignore[attr-defined]
    assert (summary.stored, summary.failures) == (COUNT, [])
    assert records(store_url) == local


def test_the_client_killed_mid_ingest_and_run_again_loses_and_repeats_nothing(
    store_url, scheduler, inbox, local
):
    command = [sys.executable, "-c", CLI, "ingest", str(inbox), "--db", store_url]
    process = subprocess.Popen(
        [*command, "--scheduler", scheduler],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None and stored(store_url) == 0:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < stored(store_url) < COUNT, "the kill should land in the middle of the run"

    rerun = subprocess.run(
        [*command, "--scheduler", scheduler], capture_output=True, text=True, timeout=300
    )
    assert rerun.returncode == 0, rerun.stderr
    assert records(store_url) == local


def test_reextract_on_the_cluster_replaces_stale_records(store_url, scheduler, inbox, local):
    with open_store(store_url) as store:
        run_all(Ingest(store, [str(inbox)]))
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE articles SET extractor = '0.0.1+older'")
        run = Reextract(store, scheduler=scheduler)
        summary = run_all(run)
        assert (summary.stored, summary.failures) == (COUNT, [])
        assert store.stale_articles(run.version) == []
    assert records(store_url) == local


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_postgresql_workers_write_directly_and_a_killed_one_writes_nothing_twice(
    store_url, scheduler, inbox, local
):
    with open_store(store_url) as store:
        run = Ingest(store, [str(inbox)], scheduler=scheduler, workers_write=True)
        killer = kill_a_busy_worker(scheduler)
        summary = run_all(run)
        killer.join()
        assert killer.killed is not None  # type: ignore[attr-defined]
        # a batch redone after its worker died finds what that worker stored: skipped
        assert (summary.stored + summary.skipped, summary.failures) == (COUNT, [])
        again = run_all(Ingest(store, [str(inbox)], scheduler=scheduler, workers_write=True))
        assert (again.stored, again.skipped) == (0, COUNT)
    assert records(store_url) == local


def test_a_sqlite_store_refuses_workers_write(tmp_path, scheduler):
    refused = pytest.raises(ClusterError, match="--workers-write needs a PostgreSQL store")
    with open_store(str(tmp_path / "one.db")) as store, refused:
        Ingest(store, [], scheduler=scheduler, workers_write=True)


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("localhost:8786", "--scheduler 'localhost:8786': expected an address like tcp://"),
        ("tcp://127.0.0.1:9", "--scheduler tcp://127.0.0.1:9: cannot reach the scheduler"),
    ],
)
def test_a_bad_scheduler_is_one_line_naming_it_within_seconds(tmp_path, inbox, address, error):
    started = time.monotonic()
    db = str(tmp_path / "x.db")
    result = subprocess.run(
        [sys.executable, "-c", CLI, "ingest", str(inbox), "--db", db, "--scheduler", address],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {error}") and result.stderr.count("\n") == 1
    assert time.monotonic() - started < 60  # the 5 s connect timeout and the start-up
    assert stored(db) == 0


def test_a_scheduler_and_workers_together_are_refused(tmp_path, scheduler):
    refused = pytest.raises(ClusterError, match="give one or the other")
    with open_store(str(tmp_path / "one.db")) as store, refused:
        Ingest(store, [], scheduler=scheduler, workers=2)
