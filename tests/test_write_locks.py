"""PostgreSQL's per-population write locks (store/write_locks.py), on a real server: a
writer of one population does not wait for a writer of another that holds its
transaction open, a writer of the same population does, and the kept counts come out
exact either way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis_data import figure, said
from reportedly.model import Report
from reportedly.store import open_store
from reportedly.store import store as store_module
from reportedly.store.write_locks import SLOTS, slot
from stores import fresh_store
from test_quantity_counts import assert_counts_current

WAIT = 60  # s: at most this long for what must happen
BLOCKED = 3  # s: a writer still waiting after this long is waiting on the lock


@pytest.fixture(params=["postgresql"])
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_store(request, tmp_path) as url:
        open_store(url).close()  # migrated before the writers start
        yield url


def report(subject: str, claimant: str, outlet: str, day: int) -> Report:
    return said(claimant, f"2025-04-{day:02d}", outlet, [figure(10 + day, "killed", subject)])


class Paused:
    """A writer whose `Store.add` stops before its commit (after every write of the
    article, holding its locks) until `release` is set."""

    def __init__(self, url: str, monkeypatch: pytest.MonkeyPatch, pending: Report) -> None:
        self.written, self.release = threading.Event(), threading.Event()
        self.errors: list[BaseException] = []
        real = store_module.index_events

        def index_then_wait(conn: Any, *args: Any) -> None:
            real(conn, *args)
            if threading.current_thread() is self.thread:
                self.written.set()
                assert self.release.wait(WAIT)

        monkeypatch.setattr(store_module, "index_events", index_then_wait)
        self.thread = threading.Thread(target=self._add, args=(url, pending))

    def _add(self, url: str, pending: Report) -> None:
        try:
            with open_store(url) as store:
                store.add(pending)
        except BaseException as error:
            self.errors.append(error)

    def __enter__(self) -> Paused:
        self.thread.start()
        assert self.written.wait(WAIT), "the paused writer never wrote"
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.thread.join(WAIT)
        assert not self.errors, self.errors


def writer(url: str, pending: Report, errors: list[BaseException]) -> threading.Thread:
    def add() -> None:
        try:
            with open_store(url) as store:
                store.add(pending)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=add)
    thread.start()
    return thread


def stored_titles(url: str) -> set[str]:
    with open_store(url) as store:
        return {row["title"] for row in store.articles()}


def test_writers_of_two_populations_do_not_wait_on_each_other(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = report("Freedonian soldiers", "Ministry of Defence", "Harbor Ledger", 1)
    other = report("Ruritanian villagers", "Mountain governor", "Valley Post", 2)
    assert slot("freedonian soldiers") != slot("ruritanian villagers")
    errors: list[BaseException] = []
    with Paused(pg_url, monkeypatch, first):
        second = writer(pg_url, other, errors)
        second.join(WAIT)
        assert not second.is_alive(), "the other population's writer waited"
        assert not errors, errors
        assert stored_titles(pg_url) == {other.article.title}  # the first is not committed
    assert stored_titles(pg_url) == {first.article.title, other.article.title}
    with open_store(pg_url) as store:
        rows = assert_counts_current(store)
    assert sorted((r["population"], r["claims"]) for r in rows) == [
        ("freedonian soldiers", 1),
        ("ruritanian villagers", 1),
    ]


def test_writers_of_one_population_take_turns_and_count_exactly(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = report("Freedonian soldiers", "Ministry of Defence", "Harbor Ledger", 1)
    same = report("Freedonian soldiers", "Mountain governor", "Valley Post", 2)
    errors: list[BaseException] = []
    with Paused(pg_url, monkeypatch, first):
        second = writer(pg_url, same, errors)
        second.join(BLOCKED)
        assert second.is_alive(), "the same population's writer did not wait"
    second.join(WAIT)
    assert not second.is_alive() and not errors, errors
    with open_store(pg_url) as store:
        rows = assert_counts_current(store)
    (group,) = rows
    assert (group["population"], group["claims"], group["outlets"], group["claimants"]) == (
        "freedonian soldiers", 2, 2, 2,
    )  # fmt: skip
    assert (group["first_date"], group["last_date"]) == ("2025-04-01", "2025-04-02")


def test_a_population_hashes_to_one_bounded_lock() -> None:
    ids = {slot(f"population {n}") for n in range(5_000)}
    assert len(ids) == SLOTS  # every slot used, none beyond
    assert slot("freedonian soldiers") == slot("freedonian soldiers")


def test_a_writer_meeting_a_held_population_is_written_again_holding_the_store(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of another population that joins two clusters of the held population moves
    that population's reports: its write is tried (`Contended`), rolled back and run
    again holding the whole store, after the holder commits; the counts come out exact."""

    def story(first: int, last: int) -> str:
        return " ".join(f"token{i}" for i in range(first, last))

    held = "Freedonian soldiers"
    with open_store(pg_url) as store:
        for outlet, words in (("Harbor Ledger", story(0, 200)), ("Valley Post", story(60, 260))):
            store.add(
                said("Red Cross", "2025-01-10", outlet, [figure(300, "killed", held)], story=words)
            )
    calls: list[set[str] | None] = []
    real_add = store_module.Store._add

    def add(self: Any, pending: Report, row: dict[str, Any], populations: Any) -> Any:
        calls.append(populations)
        return real_add(self, pending, row, populations)

    monkeypatch.setattr(store_module.Store, "_add", add)
    first = said(
        "Ministry",
        "2025-01-11",
        "Capital Review",
        [figure(5, "killed", held)],
        story=story(1000, 1200),
    )
    bridge = said(
        "Red Cross", "2025-01-12", "Coast Times", [figure(7, "killed", "Ruritanian villagers")],
        story=story(30, 230),
    )  # fmt: skip
    errors: list[BaseException] = []
    with Paused(pg_url, monkeypatch, first):
        second = writer(pg_url, bridge, errors)
        second.join(BLOCKED)
        assert second.is_alive(), "the copy did not wait for the held population"
    second.join(WAIT)
    assert not second.is_alive() and not errors, errors
    assert calls[-1] is None  # the copy's second try held the whole store
    with open_store(pg_url) as store:
        clusters = store.cluster_ids()  # the copy's id is not 4: its first try took it
        assert len(clusters) == 4 and len(set(clusters.values())) == 2
        rows = {r["population"]: r for r in assert_counts_current(store)}
    assert (rows["freedonian soldiers"]["claims"], rows["freedonian soldiers"]["reports"]) == (3, 2)
    assert rows["ruritanian villagers"]["claims"] == 1
