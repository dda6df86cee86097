"""Ingest and re-extract: inputs into the store, as a stream of progress events.

`Ingest(store, inputs, ...)` is iterated for its events -- each article stored,
skipped (already stored) or failed, with the running counts -- and holds the
summary when the stream ends. Articles already stored (same content hash) are
skipped before extraction, and the model is not loaded when every input is
stored already. An article that cannot be read, extracted or stored is a
failure, and the batch goes on. `Reextract` does the same for the stored
articles that an older extractor made.

Both extract in this process by default, or on a Dask cluster: `workers=N` (N > 1)
starts a local one, `scheduler="tcp://HOST:PORT"` uses an existing one
(`extract/parallel.py`, the one parallel path). The client writes what the workers
return, so the store's guarantees hold as in one process; with a PostgreSQL store,
`workers_write=True` lets each worker store its own batch (`app/worker_writes.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Literal

from reportedly.errors import ReadFailure, StoreError
from reportedly.interrupts import interrupt_deferred
from reportedly.limits import MAX_CHARS, TIME_LIMIT
from reportedly.model import Article, Report

EventKind = Literal["stored", "skipped", "failed"]


@dataclass
class IngestSummary:
    """What one ingest (or re-extraction) run did."""

    stored: int = 0
    skipped: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False  # stopped (Ctrl-C) before the end of the inputs
    pending: int = 0  # articles read but not stored when it stopped

    @property
    def done(self) -> int:
        return self.stored + self.skipped + len(self.failures)


@dataclass(frozen=True)
class IngestEvent:
    """One article's outcome, with the run's counts after it."""

    kind: EventKind
    label: str  # how messages name the article (`Article.label`) or the input
    stored: int
    skipped: int
    failed: int
    failure: ReadFailure | None = None
    article_id: int | None = None  # the stored article's id (stored, or skipped when known)


def articles_only(
    items: Iterable[Article | ReadFailure], on_failure: Callable[[ReadFailure], None]
) -> Iterator[Article]:
    """The articles of a reader's stream; each failure goes to `on_failure`."""
    for item in items:
        if isinstance(item, ReadFailure):
            on_failure(item)
        else:
            yield item


class _Run:
    """The events and summary shared by ingest and re-extraction."""

    def __init__(self) -> None:
        self.summary = IngestSummary()
        self._events: list[IngestEvent] = []
        self._started = time.perf_counter()

    def _event(
        self,
        kind: EventKind,
        label: str,
        failure: ReadFailure | None = None,
        article_id: int | None = None,
    ) -> None:
        s = self.summary
        counts = (s.stored, s.skipped, len(s.failures))
        self._events.append(IngestEvent(kind, label, *counts, failure, article_id))

    def _failed(self, failure: ReadFailure) -> None:
        self.summary.failures.append(failure)
        self._event("failed", failure.origin, failure)

    def _drain(self) -> Iterator[IngestEvent]:
        while self._events:
            yield self._events.pop(0)

    def _finish(self) -> None:
        self.summary.seconds = time.perf_counter() - self._started


class Ingest(_Run):
    """Read, extract and store every new article of `inputs`; iterate it for the events.

    Ctrl-C (KeyboardInterrupt) during the run ends it with `summary.interrupted`:
    each article is stored and counted, or neither.
    """

    def __init__(
        self,
        store: Any,
        inputs: Iterable[str],
        *,
        allow_private: bool = False,
        workers: int = 1,
        scheduler: str | None = None,
        workers_write: bool = False,
        csv_columns: dict[str, str] | None = None,
        max_chars: int = MAX_CHARS,
        time_limit: float | None = TIME_LIMIT,
    ) -> None:
        super().__init__()
        from reportedly.extract.parallel import check_parallel

        check_parallel(workers, scheduler)
        if workers_write:
            from reportedly.app.worker_writes import check_workers_write

            check_workers_write(store)
        self.store = store
        self.inputs = list(inputs)
        self.allow_private = allow_private
        self.parallel = {"workers": workers, "scheduler": scheduler}
        self.workers_write = workers_write
        self.csv_columns = csv_columns
        self.limits = {"max_chars": max_chars, "time_limit": time_limit}
        self._seen: set[str] = set()

    def _new_articles(self) -> Iterator[Article]:
        from reportedly.ingest import read_inputs

        read = read_inputs(
            self.inputs, allow_private=self.allow_private, csv_columns=self.csv_columns
        )
        for article in articles_only(read, self._failed):
            digest = article.content_hash
            if digest in self._seen or self.store.has_article(digest):
                self.summary.skipped += 1
                self._event("skipped", article.label)
                continue
            self._seen.add(digest)
            yield article

    def __iter__(self) -> Iterator[IngestEvent]:
        new = self._new_articles()
        outcomes: Iterator[Any] | None = None
        try:
            first = next(new, None)
            yield from self._drain()
            if first is None:
                return  # nothing new: the model is not even loaded (nor spaCy imported)
            articles = chain([first], new)
            if self.workers_write:
                from reportedly.app.worker_writes import stored_by_workers

                outcomes = stored_by_workers(
                    articles, self.store.url, **self.parallel, **self.limits
                )
                record: Callable[[Any], None] = self._written
            else:
                from reportedly.extract.parallel import extract_in_parallel

                outcomes = extract_in_parallel(
                    articles, **self.parallel, **self.limits, on_failure=self._failed
                )
                record = self._store
            for outcome in outcomes:
                yield from self._drain()
                with interrupt_deferred():  # stored and counted, or neither
                    record(outcome)
                yield from self._drain()
            yield from self._drain()
        except KeyboardInterrupt:
            self.summary.interrupted = True
        finally:
            if outcomes is not None:
                outcomes.close()  # type: ignore[attr-defined]  # stops the workers
            self.summary.pending = len(self._seen) - self.summary.stored
            self._finish()

    def _store(self, report: Report) -> None:
        try:
            article_id, created = self.store.add(report)
        except StoreError as error:
            self._failed(ReadFailure(report.article.label, str(error)))
            return
        self._counted(report.article.label, article_id, created)

    def _written(self, outcome: tuple[Article, dict[str, Any]]) -> None:
        """Count what a worker did with an article (`app/worker_writes.py`)."""
        article, written = outcome
        if "failure" in written:
            self._failed(ReadFailure(article.label, written["failure"]))
        else:
            self._counted(article.label, written["article_id"], written["created"])

    def _counted(self, label: str, article_id: int, created: bool) -> None:
        if created:
            self.summary.stored += 1
        else:
            self.summary.skipped += 1
        self._event("stored" if created else "skipped", label, None, article_id)


class Reextract(_Run):
    """Extract again the stored articles that an older extractor made, replacing each
    article's records in one transaction; an article that fails is a failure (its
    records stay as they were) and the run goes on. Iterate it for the events."""

    def __init__(
        self,
        store: Any,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        workers: int = 1,
        scheduler: str | None = None,
        max_chars: int = MAX_CHARS,
        time_limit: float | None = TIME_LIMIT,
    ) -> None:
        super().__init__()
        from reportedly.extract.parallel import check_parallel

        check_parallel(workers, scheduler)
        self.store = store
        self.filters = {"outlet": outlet, "since": since, "until": until}
        self.parallel = {"workers": workers, "scheduler": scheduler}
        self.limits = {"max_chars": max_chars, "time_limit": time_limit}
        self.version: str | None = None

    def __iter__(self) -> Iterator[IngestEvent]:
        from reportedly.extract import load_pipeline, pipeline_version
        from reportedly.extract.parallel import extract_in_parallel

        nlp = load_pipeline()
        self.version = pipeline_version(nlp)
        ids = self.store.stale_articles(self.version, **self.filters)
        by_hash: dict[str, int] = {}  # an article that fails is not yielded: match by hash

        def stored() -> Iterator[Article]:
            for article_id in ids:
                article = self.store.stored_article(article_id)
                if article is not None:
                    by_hash[article.content_hash] = article_id
                    yield article

        reports = extract_in_parallel(
            stored(), nlp, on_failure=self._failed, **self.parallel, **self.limits
        )
        try:
            for report in reports:
                yield from self._drain()
                article_id = by_hash[report.article.content_hash]
                try:
                    self.store.replace_records(article_id, report)
                except StoreError as error:
                    self._failed(ReadFailure(report.article.label, str(error)))
                    continue
                self.summary.stored += 1
                self._event("stored", report.article.label, None, article_id)
            yield from self._drain()
        except KeyboardInterrupt:
            self.summary.interrupted = True
        finally:
            reports.close()
            self._finish()
