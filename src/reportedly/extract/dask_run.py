"""Extraction on a Dask cluster: articles in, outcomes out in input order.

`cluster(scheduler=ADDRESS)` connects to an existing cluster and `cluster(workers=N)`
starts a local one (a `LocalCluster` of N single-threaded processes) for the length of
the block; either way an unreachable or malformed address is a one-line `ClusterError`.
Each worker loads the pipeline once (`PipelinePlugin`, a worker plugin, run again on a
worker that the cluster restarts). `run_batches(client, articles, task)` sends the
articles in batches to `task` (by default `extract_batch`, the same `extract_reports` as a
local run) and yields each article with its outcome, in input order; at most `ahead`
batches per worker are in flight, so a long input is never all in memory.
`extract_on_dask(articles, ...)` is the two together, yielding Reports.

An outcome is plain data: the report's records (reportedly.model dataclasses, which
pickle compactly), its extractor version, or why the article failed; never a `Doc` nor
the pipeline, and not the article, which the client has. A task may return more (the
application layer's direct-write task returns the stored article's id instead).

A batch whose worker dies is redone by Dask on another worker (the scheduler reschedules
the task), so nothing is lost; since extraction is pure, a redone batch gives the same
records. Writing them is the caller's, so the store's guarantees (idempotent, resumable)
hold as for a local run.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from itertools import islice
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker

from reportedly.errors import ClusterError, ReadFailure
from reportedly.extract.pipeline import extract_reports, raise_failure
from reportedly.interrupts import interrupt_deferred
from reportedly.model import Article, Report

PLUGIN = "reportedly-pipeline"
PROFILER = ("profile", "profile-cycle")  # the worker's periodic callbacks that sample
TRIM_SETTING = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
CONNECT_SECONDS = 5  # how long an unreachable scheduler is waited for
POLL_SECONDS = 0.02  # how often a batch in flight is looked at
Outcome = dict[str, Any]  # {"records": (...), "extractor": ...} or {"failure": reason}
Task = Callable[..., list[Outcome]]  # (batch of articles, options, *args) -> outcomes


class PipelinePlugin(WorkerPlugin):
    """Loads the reportedly pipeline once per worker process, and stops the worker's
    statistical profiler, which samples the task thread's stack every 10 ms: about 5 CPU
    ms per article, 7% of extraction (docs/dask.md)."""

    name = PLUGIN

    def setup(self, worker: Any) -> None:
        from reportedly.extract import load_pipeline

        for name in PROFILER:
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
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
            records = (report.attributions, report.figures, report.entities)
            outcomes.append({"records": records, "extractor": report.extractor})
    return outcomes


def outcome_report(article: Article, outcome: Outcome) -> Report:
    """The Report of an `extract_batch` outcome, around the client's own article."""
    attributions, figures, entities = outcome["records"]
    return Report(article, attributions, figures, entities, outcome["extractor"])


@contextmanager
def cluster(*, scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler` (`tcp://HOST:PORT`), or of a local cluster
    of `workers` single-threaded processes started for the block, with the pipeline
    plugin registered. ClusterError when the scheduler cannot be reached."""
    if (scheduler is None) == (workers is None):
        raise ValueError("give either a scheduler address or a number of workers")
    with ExitStack() as stack:
        if scheduler is None:
            local = stack.enter_context(local_cluster(workers or 1))
            client = stack.enter_context(Client(local))
        else:
            client = stack.enter_context(_connect(scheduler))
        client.register_plugin(PipelinePlugin())
        yield client


def local_cluster(workers: int) -> LocalCluster:
    """A local cluster of `workers` worker processes of one thread each (close it, or use it
    as a context manager). Its workers start without the MALLOC_TRIM_THRESHOLD_ that Dask's
    nanny sets by default: that setting turns off glibc's adaptive thresholds, and the
    pipeline's arrays then cost a worker 10-20% more CPU than the same extraction in one
    process (docs/dask.md)."""
    with dask.config.set({TRIM_SETTING: None}):  # each nanny reads it once, when made
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never a warning that 8787 is taken
            silence_logs=logging.ERROR,  # a worker stopped or killed is no news to print
        )


def _connect(scheduler: str) -> Client:
    """A client of the scheduler at `scheduler`, or a one-line ClusterError naming it."""
    if "://" not in scheduler or not scheduler.partition("://")[2]:
        raise ClusterError(f"--scheduler {scheduler!r}: expected an address like tcp://HOST:PORT")
    try:
        return Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        message = f"--scheduler {scheduler}: cannot reach the scheduler: {reason}"
        raise ClusterError(message) from None


def run_batches(
    client: Client,
    articles: Iterable[Article],
    task: Task = extract_batch,
    options: Mapping[str, Any] | None = None,
    *args: Any,
    batch_size: int = 16,
    ahead: int = 2,
) -> Iterator[tuple[Article, Outcome]]:
    """Each article with its outcome, in input order: batches of `batch_size` articles go
    to `task(batch, options, *args)` on the cluster, at most `ahead` per worker at once."""
    stream = iter(articles)
    slots = max(1, len(client.scheduler_info()["workers"])) * ahead
    pending: deque[tuple[list[Article], Future]] = deque()

    def submit() -> bool:
        batch = list(islice(stream, batch_size))
        if batch:
            future = client.submit(task, batch, dict(options or {}), *args, pure=False)
            pending.append((batch, future))
        return bool(batch)

    while len(pending) < slots and submit():
        pass
    try:
        while pending:
            batch, future = pending.popleft()
            outcomes = _result(future)
            submit()
            yield from zip(batch, outcomes, strict=True)
    finally:
        with interrupt_deferred():  # stopped early: the cluster drops what is left
            for _, future in pending:
                future.cancel()


def _result(future: Future) -> Any:
    """The future's result, waited for in our own sleep: a Ctrl-C that lands inside the
    client's blocking wait (`distributed.utils.sync`) can make its event loop log a
    NameError traceback (its cancel callback reads a name not yet bound), so the blocking
    call is made only once the result is there, with Ctrl-C held for its length."""
    while not future.done():
        time.sleep(POLL_SECONDS)
    with interrupt_deferred():
        return future.result()


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
    with cluster(scheduler=scheduler, workers=workers) as client:
        for article, outcome in run_batches(
            client, articles, extract_batch, options, batch_size=batch_size, ahead=ahead
        ):
            if "failure" in outcome:
                on_failure(ReadFailure(article.label, outcome["failure"]))
            else:
                yield outcome_report(article, outcome)
