"""The one way to extract in parallel: in this process, or on a Dask cluster.

`extract_in_parallel(articles, workers=N, scheduler=ADDRESS)` runs `extract_reports` in
this process when `workers` is 1 and no scheduler is given (spaCy and Dask are then not
started), and otherwise on a Dask cluster (`extract/dask_run.py`): a local one of
`workers` processes, or the existing one at `scheduler`. `-j N`, `--workers N` and
`--scheduler ADDRESS` of the commands all come here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from reportedly.errors import ClusterError, ReadFailure
from reportedly.model import Article, Report


def check_parallel(workers: int, scheduler: str | None) -> None:
    """ClusterError unless `workers` is a positive count, given alone or with no
    scheduler (a scheduler's cluster has its own workers)."""
    if workers < 1:
        raise ClusterError(f"--workers {workers}: expected at least 1")
    if scheduler is not None and workers != 1:
        raise ClusterError(
            f"--scheduler {scheduler} with --workers {workers}: give one or the other "
            "(the scheduler's cluster has its own workers)"
        )


def on_cluster(workers: int, scheduler: str | None) -> bool:
    """Whether this run goes to a Dask cluster (several workers, or a scheduler)."""
    check_parallel(workers, scheduler)
    return scheduler is not None or workers > 1


def extract_in_parallel(
    articles: Iterable[Article],
    nlp: Any = None,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_failure: Callable[[ReadFailure], None] | None = None,
    **options: Any,
) -> Iterator[Report]:
    """One Report per article, in input order, as `extract_reports` gives (same
    `options`: `max_chars`, `piece_chars`, `time_limit`; `on_failure`), extracted with
    `nlp` in this process or on a cluster (which loads its own pipeline)."""
    from reportedly.extract.pipeline import extract_reports, raise_failure

    failed = on_failure or raise_failure
    if not on_cluster(workers, scheduler):
        return extract_reports(articles, nlp, on_failure=failed, **options)
    from reportedly.extract.dask_run import extract_on_dask

    local = None if scheduler is not None else workers
    return extract_on_dask(
        articles, scheduler=scheduler, workers=local, on_failure=failed, **options
    )
