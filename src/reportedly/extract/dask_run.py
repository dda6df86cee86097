"""Extraction on a Dask cluster: articles in, reports out in input order.

`extract_on_dask(articles, scheduler=ADDRESS)` sends batches of articles to an existing
cluster; `workers=N` starts a local one (a `LocalCluster` of N single-threaded processes)
for the length of the run. Each worker loads the pipeline once (`PipelinePlugin`, a worker
plugin, run again on a worker that the cluster restarts) and extracts a batch with the same
`extract_reports` as a local run. It returns plain records (each report's `to_dict`, its
extractor version, or why the article failed), never a `Doc` nor the pipeline; the client
rebuilds the reports around its own articles and yields them in input order. At most
`ahead` batches per worker are in flight, so a long input is never all in memory.

A batch whose worker dies is redone by Dask on another worker (the scheduler reschedules
the task), so nothing is lost; since extraction is pure, a redone batch gives the same
records. Writing them to the store is the caller's: the store's guarantees (idempotent,
resumable) hold as for a local run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from itertools import islice
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker

from reportedly.errors import ReadFailure
from reportedly.extract.pipeline import extract_reports, raise_failure
from reportedly.model import Article, Report

PLUGIN = "reportedly-pipeline"
Outcome = dict[str, Any]  # {"report": ..., "extractor": ...} or {"failure": reason}


class PipelinePlugin(WorkerPlugin):
    """Loads the reportedly pipeline once per worker process."""

    name = PLUGIN

    def setup(self, worker: Any) -> None:
        from reportedly.extract import load_pipeline

        self.nlp = load_pipeline()


def extract_batch(articles: list[Article], options: Mapping[str, Any]) -> list[Outcome]:
    """On a worker: one plain outcome per article, in order (`options` go to
    `extract_reports`)."""
    nlp = get_worker().plugins[PLUGIN].nlp  # type: ignore[attr-defined]
    failures: dict[str, str] = {}

    def failed(failure: ReadFailure) -> None:
        failures[failure.origin] = failure.reason

    done = {
        id(report.article): report
        for report in extract_reports(articles, nlp, on_failure=failed, **options)
    }
    outcomes: list[Outcome] = []
    for article in articles:
        report = done.get(id(article))
        if report is None:
            outcomes.append({"failure": failures.get(article.label, "not extracted")})
        else:
            outcomes.append({"report": report.to_dict(), "extractor": report.extractor})
    return outcomes


def extract_on_dask(
    articles: Iterable[Article],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    batch_size: int = 16,
    ahead: int = 2,
    on_failure: Callable[[ReadFailure], None] = raise_failure,
    **options: Any,
) -> Iterator[Report]:
    """One Report per article, in input order, extracted on the cluster at `scheduler`
    (`tcp://HOST:PORT`) or on a local cluster of `workers` processes. An article that fails
    goes to `on_failure`, as in `extract_reports`, whose `options` (`max_chars`,
    `piece_chars`, `time_limit`) are passed on."""
    if (scheduler is None) == (workers is None):
        raise ValueError("give either a scheduler address or a number of workers")
    with ExitStack() as stack:
        if scheduler is None:
            local = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            cluster = stack.enter_context(local)
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler))
        client.register_plugin(PipelinePlugin())
        slots = max(1, len(client.scheduler_info()["workers"])) * ahead
        yield from _in_order(client, iter(articles), batch_size, slots, on_failure, options)


def _in_order(
    client: Client,
    articles: Iterator[Article],
    batch_size: int,
    slots: int,
    on_failure: Callable[[ReadFailure], None],
    options: Mapping[str, Any],
) -> Iterator[Report]:
    """Submit batches, at most `slots` at once, and rebuild their reports in order."""
    pending: deque[tuple[list[Article], Future]] = deque()

    def submit() -> bool:
        batch = list(islice(articles, batch_size))
        if batch:
            future = client.submit(extract_batch, batch, dict(options), pure=False)
            pending.append((batch, future))
        return bool(batch)

    while len(pending) < slots and submit():
        pass
    while pending:
        batch, future = pending.popleft()
        outcomes = future.result()
        submit()
        for article, outcome in zip(batch, outcomes, strict=True):
            if "failure" in outcome:
                on_failure(ReadFailure(article.label, outcome["failure"]))
                continue
            report = Report.from_dict(outcome["report"], article)
            report.extractor = outcome["extractor"]
            yield report
