"""Dask workers writing to a PostgreSQL store directly (`ingest --workers-write`).

The client reads the inputs and schedules batches; each worker extracts its batch (the
same `extract_batch` as when the client writes) and stores every report itself with
`Store.add`, into the store at the client's URL, opened once per worker process. Only
ids and counts come back. `Store.add` is idempotent by content hash, so a batch redone
after its worker died writes nothing twice: an article the dead worker had committed
comes back as already stored. SQLite has one writer, so only a PostgreSQL store allows
this (`check_workers_write`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from reportedly.errors import ClusterError, StoreError
from reportedly.model import Article

Outcome = dict[str, Any]  # {"article_id": id, "created": bool} or {"failure": reason}


def check_workers_write(store: Any) -> None:
    """ClusterError unless `store` is a PostgreSQL store, which many workers may write."""
    if store.engine.dialect.name != "postgresql":
        raise ClusterError(
            f"--workers-write needs a PostgreSQL store; {store!r} is "
            f"{store.engine.dialect.name}, which has one writer (leave the option out: the "
            "client then writes what the workers extract)"
        )


@cache
def _worker_store(url: str) -> Any:
    """The store at `url`, opened once in this worker process."""
    from reportedly.store import open_store

    return open_store(url)


def store_batch(articles: list[Article], options: Mapping[str, Any], url: str) -> list[Outcome]:
    """On a worker: extract the batch and store each report; one outcome per article."""
    from reportedly.extract.dask_run import extract_batch, outcome_report

    store = _worker_store(url)
    outcomes: list[Outcome] = []
    for article, extracted in zip(articles, extract_batch(articles, options), strict=True):
        if "failure" in extracted:
            outcomes.append(extracted)
            continue
        try:
            article_id, created = store.add(outcome_report(article, extracted))
        except StoreError as error:
            outcomes.append({"failure": str(error)})
            continue
        outcomes.append({"article_id": article_id, "created": created})
    return outcomes


def stored_by_workers(
    articles: Iterable[Article],
    url: str,
    *,
    scheduler: str | None,
    workers: int,
    **options: Any,
) -> Iterator[tuple[Article, Outcome]]:
    """Each article with what its worker did with it, in input order, on the cluster at
    `scheduler` or on a local one of `workers` processes."""
    from reportedly.extract.dask_run import cluster, run_batches

    local = None if scheduler is not None else workers
    with cluster(scheduler=scheduler, workers=local) as client:
        yield from run_batches(client, articles, store_batch, options, url)
