"""The store under interruption and concurrency: real processes, threads, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import insert

from reportedly.model import Article, Attribution, Entity, Figure, Report
from reportedly.store import Store, open_store
from reportedly.store.engine import writer
from reportedly.store.rows import article_values
from reportedly.store.schema import articles

# Adds the reports of a JSONL file one by one, printing "id new" after each.
ADD_SCRIPT = """
import json, sys, time
from reportedly.model import Article, Report
from reportedly.store import open_store

db, inputs, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open_store(db) as store, open(inputs, encoding="utf-8") as lines:
    for line in lines:
        data = json.loads(line)
        report = Report.from_dict(data, Article.from_dict(data["article"]))
        article_id, new = store.add(report)
        print(article_id, int(new), flush=True)
        time.sleep(pause)
"""


def numbered_report(n: int) -> Report:
    """A report with many records, so each article's transaction has real work in it."""
    text = f"Day {n}: the regional governor said {n} homes were damaged and {2 * n} people left."
    return Report(
        article=Article(text=text, id=f"day-{n}", outlet="Local Wire", published="2025-03-01"),
        attributions=[
            Attribution(
                source="the regional governor",
                cue="said",
                content=f"claim {i}",
                kind="indirect",
                source_entity="Governor",
                parent=i - 1 if i else None,
            )
            for i in range(12)
        ],
        figures=[
            Figure(
                text=f"{2 * n} people",
                low=2 * n,
                high=2 * n,
                qualifier="exact",
                category="displaced",
                subject=f"people {i}",
                attribution=0,
            )
            for i in range(12)
        ],
        entities=[Entity(name="Governor", type="person", mentions=[(10, 31)])],
    )


def write_inputs(path: Path, reports: list[Report]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for report in reports:
            out.write(json.dumps({**report.to_dict(), "article": report.article.to_dict()}) + "\n")
    return path


def run_adder(db: str, inputs: Path, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", ADD_SCRIPT, str(db), str(inputs), str(pause)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_each_stored_article_is_complete(store: Store, reports: list[Report]) -> None:
    by_hash = {r.article.content_hash: r for r in reports}
    for row in store.articles():
        assert store.article(row["id"]) == by_hash[row["content_hash"]]


def test_a_killed_run_then_a_rerun_stores_every_article_once_and_whole(
    tmp_path: Path, store_url: str
) -> None:
    reports = [numbered_report(n) for n in range(150)]
    inputs = write_inputs(tmp_path / "in.jsonl", reports)
    db = store_url

    proc = run_adder(db, inputs, pause=0.01)
    assert proc.stdout is not None
    for _ in range(20):
        assert proc.stdout.readline(), proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with open_store(db) as store:
        stored = store.count_articles()
        assert 20 <= stored < len(reports)
        assert_each_stored_article_is_complete(store, reports)

    rerun = run_adder(db, inputs, pause=0)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    new_flags = [line.split()[1] for line in out.splitlines()]
    assert new_flags.count("1") == len(reports) - stored

    with open_store(db) as store:
        assert store.count_articles() == len(reports)
        assert_each_stored_article_is_complete(store, reports)
        assert len(store.claims()) == 12 * len(reports)
        assert len(store.figures()) == 12 * len(reports)


def test_two_processes_adding_the_same_reports_store_each_once(
    tmp_path: Path, store_url: str
) -> None:
    reports = [numbered_report(n) for n in range(40)]
    inputs = write_inputs(tmp_path / "in.jsonl", reports)
    db = store_url  # new: both processes also migrate it at the same time

    procs = [run_adder(db, inputs, pause=0) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]

    new_ids = [
        line.split()[0] for out, _ in outputs for line in out.splitlines() if line[-1] == "1"
    ]
    assert len(new_ids) == len(set(new_ids)) == len(reports)
    with open_store(db) as store:
        assert store.count_articles() == len(reports)
        assert_each_stored_article_is_complete(store, reports)


def hold_write_transaction(
    store: Store, report: Report, started: threading.Event, release: threading.Event
) -> None:
    """Insert `report`'s article in an open write transaction, and commit only when released."""
    with writer(store.engine).begin() as conn:
        conn.execute(
            insert(articles).values(
                article_values(
                    report.article, report.article.content_hash, "2025-03-02T00:00", None
                )
            )
        )
        started.set()
        release.wait(timeout=10)


def test_a_reader_reads_while_a_writer_holds_a_transaction(store_url: str) -> None:
    db = store_url
    with open_store(db) as write_store, open_store(db) as read_store:
        write_store.add(numbered_report(0))
        started, release = threading.Event(), threading.Event()
        pending = numbered_report(1)
        thread = threading.Thread(
            target=hold_write_transaction, args=(write_store, pending, started, release)
        )
        thread.start()
        try:
            assert started.wait(timeout=10)
            t0 = time.monotonic()
            assert read_store.count_articles() == 1  # the uncommitted article is not seen
            assert not read_store.has_article(pending.article.content_hash)
            assert len(read_store.claims()) == 12
            assert time.monotonic() - t0 < 5.0  # did not wait for the writer (it holds 10 s)
        finally:
            release.set()
            thread.join(timeout=10)
        assert read_store.count_articles() == 2


def test_a_second_writer_waits_for_the_first_then_sees_its_article(store_url: str) -> None:
    db = store_url
    report = numbered_report(7)
    with open_store(db) as first, open_store(db) as second:
        started, release = threading.Event(), threading.Event()
        thread = threading.Thread(
            target=hold_write_transaction, args=(first, report, started, release)
        )
        thread.start()
        assert started.wait(timeout=10)
        timer = threading.Timer(0.5, release.set)
        timer.start()
        t0 = time.monotonic()
        # Not visible yet, so `add` tries to insert: it waits for the lock (SQLite's busy
        # timeout, PostgreSQL's unique index), then meets the unique content hash and
        # reports the other writer's article.
        result = second.add(report)
        waited = time.monotonic() - t0
        thread.join(timeout=10)
        assert result == (1, False)
        assert waited >= 0.4
        assert second.count_articles() == 1
