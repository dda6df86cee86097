"""Extraction on a real Dask `LocalCluster` of worker processes (reportedly.extract.dask_run).

The reports equal a local run's, record by record and in input order; an article that fails
is named and the rest go on; a worker killed in the middle of a run costs nothing.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from distributed import Client

from reportedly.errors import ReadFailure
from reportedly.extract.dask_run import extract_on_dask, local_cluster
from reportedly.extract.pipeline import extract_reports
from reportedly.model import Article

pytestmark = pytest.mark.model

TOWNS = ["Arden", "Bexley", "Corran", "Dunmore", "Elston", "Fenwick"]


def articles(count: int) -> list[Article]:
    return [
        Article(
            text=f"Flooding in {TOWNS[n % 6]} forced {100 + n} families from their homes on "
            f"Tuesday, the district council said. Officials said {n + 2} schools had closed.",
            id=f"flood-{n}",
            origin=f"floods.jsonl:{n + 1}",
        )
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a local cluster of two single-threaded worker processes."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


def test_reports_equal_a_local_run_record_by_record_in_order(nlp, scheduler):
    inputs = articles(7)
    remote = list(extract_on_dask(inputs, scheduler=scheduler, batch_size=2))
    assert remote == list(extract_reports(inputs, nlp))
    assert [r.article.id for r in remote] == [a.id for a in inputs]
    assert remote[0].extractor and remote[0].figures


def test_a_failing_article_is_named_and_the_others_go_on(scheduler):
    inputs = articles(3)
    inputs[1] = Article(text="x" * 5000, origin="long.txt")
    failures: list[ReadFailure] = []
    reports = list(
        extract_on_dask(
            inputs, scheduler=scheduler, batch_size=2, max_chars=1000, on_failure=failures.append
        )
    )
    assert [r.article.id for r in reports] == ["flood-0", "flood-2"]
    assert [str(f) for f in failures] == [
        "long.txt: text of 5,000 characters is over the limit of 1,000 (--max-chars)"
    ]


def test_a_worker_killed_mid_run_loses_no_article(nlp, scheduler):
    inputs = articles(24)
    stream = extract_on_dask(inputs, scheduler=scheduler, batch_size=1, ahead=4)
    first = next(stream)
    with Client(scheduler) as client:
        pids = client.run(os.getpid)
    os.kill(next(iter(pids.values())), signal.SIGKILL)  # its nanny starts a new one
    reports = [first, *stream]
    assert reports == list(extract_reports(inputs, nlp))


def test_workers_n_starts_and_stops_a_local_cluster(nlp):
    inputs = articles(2)
    assert list(extract_on_dask(inputs, workers=1)) == list(extract_reports(inputs, nlp))
    with pytest.raises(ValueError, match="either a scheduler address or a number of workers"):
        list(extract_on_dask(inputs))
