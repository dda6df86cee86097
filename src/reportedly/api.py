"""The Python API: what the CLI and the web front end call.

analyze(text, **meta) -> Report        one text, no store
analyze_articles(articles) -> reports  a stream, through nlp.pipe
open_store(url) -> Store               SQLite by default, any SQLAlchemy URL
quantity_views(store, name)            a quantity's timeline, bands, flags per event, by window
quantity_timeline(store, name)         its statements as rows
quantity_list(store)                   counts per quantity, in the database
source_profiles(store), source_history(store, name)   who claims what
export(store, out_dir, fmt)            the four tables, streamed to files
Listings: store.iter_claims / iter_figures / iter_articles (filters, limit, offset).

Writes (reportedly.app: each takes an open store):
ingest(store, inputs) -> Ingest        iterate it for progress events; .summary after
reextract(store) -> Reextract          the same for articles an older extractor made
list_entities(store) -> rows           the entities across articles
merge_entities(store, a, b) -> rows    one entity; applied at once, no rebuild step
split_entities(store, a, b) -> rows    two entities
record_alias_file(store, path) -> int  an alias file's merges, forbids and grades
rebuild_entities(store) -> int         cluster every entity again from scratch
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportedly.app.entities import (
    list_entities,
    merge_entities,
    rebuild_entities,
    record_alias_file,
    split_entities,
)
from reportedly.app.ingest import Ingest, IngestEvent, IngestSummary, Reextract
from reportedly.errors import ReadFailure
from reportedly.model import Article, Report

if TYPE_CHECKING:
    from reportedly.app.quantities import QuantityView
    from reportedly.store import Store

__all__ = [
    "Ingest",
    "IngestEvent",
    "IngestSummary",
    "Reextract",
    "analyze",
    "analyze_articles",
    "export",
    "ingest",
    "list_entities",
    "merge_entities",
    "open_store",
    "quantity_list",
    "quantity_timeline",
    "quantity_views",
    "rebuild_entities",
    "record_alias_file",
    "reextract",
    "source_history",
    "source_profiles",
    "split_entities",
]


def analyze(text: str, **meta: str | None) -> Report:
    """Extract attributions, figures and entities from one article text (a lone
    surrogate in it becomes U+FFFD in `report.article.text`, as from every reader)."""
    article = Article(text=text, **meta)  # type: ignore[arg-type]
    return next(analyze_articles([article]))


def analyze_articles(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_failure: Callable[[ReadFailure], None] | None = None,
) -> Iterator[Report]:
    """One Report per article, in input order. Each article is checked as the readers
    check theirs (`ingest.fields.checked`); one that cannot be kept or extracted
    (over the length or time limit, or a fault) goes to `on_failure` and the stream
    goes on; without `on_failure` it raises ExtractError. `workers=N` (N > 1) extracts
    on a local Dask cluster of N processes, `scheduler="tcp://HOST:PORT"` on an existing
    one (docs/dask.md)."""
    from reportedly.extract.parallel import extract_in_parallel
    from reportedly.extract.pipeline import raise_failure
    from reportedly.ingest.fields import checked

    report_failure = on_failure or raise_failure

    def kept() -> Iterator[Article]:
        for article in articles:
            item = checked(article)
            if isinstance(item, ReadFailure):
                report_failure(item)
            else:
                yield item

    return extract_in_parallel(
        kept(), workers=workers, scheduler=scheduler, on_failure=report_failure
    )


def open_store(url: str | None = None):
    """Open (and migrate) the store at a SQLAlchemy URL or SQLite path."""
    from reportedly.store import open_store as _open

    return _open(url)


# The quantity view (reportedly.app.quantities): reads only, over an open store.


def quantity_views(
    store: Store, name: str, *, since: str | None = None, until: str | None = None
) -> list[QuantityView]:
    """One `QuantityView` per event of the quantity `name` ("freedonian soldiers killed",
    or "... [war in Kursk]" for one event), the most claimed event first, [] when no figure
    measures it: `rows` (statements by claim date, with corroboration and credibility),
    `bands` (per date), `flags` (checks), `statements`, and `window`, the claim dates shown:
    [since, until] (YYYY, YYYY-MM or YYYY-MM-DD, inclusive), by default the whole quantity,
    or its latest window of about 1,000 claims when it has more
    (`reportedly.app.quantities.PAGE_CLAIMS`). ValueError if
    `name` gives no category or a date is bad."""
    from reportedly.app.quantities import quantity_views as views

    return views(store, name, since=since, until=until)


def quantity_timeline(
    store: Store, name: str, *, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """The statements of the quantity `name`, every event together, as rows by claim date,
    in the window `quantity_views` shows."""
    from reportedly.app.quantities import timeline_rows

    return timeline_rows(store, name, since=since, until=until)


def quantity_list(store: Store) -> list[dict[str, Any]]:
    """One row per quantity and event with counts of claims, statements, reports, outlets
    and claimants and the first and last claim date, counted in the database."""
    from reportedly.app.quantities import quantity_list as listed

    return listed(store)


# Sources and exports (reportedly.app.sources, reportedly.app.exports): reads only.


def source_profiles(
    store: Store, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """One profile per claimant entity (claims, relayed, figures, first_seen, last_seen,
    outlets, relays, reliability), the most-cited first; a page of `limit` from `offset`."""
    from reportedly.app.sources import source_profiles as profiles

    return profiles(store, limit=limit, offset=offset)


def source_history(
    store: Store, name: str, *, limit: int | None = None, offset: int = 0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(entities named `name`, their own claims with `through`, their figures), by date:
    `limit` claims and `limit` figures from `offset` (all of them with no limit)."""
    from reportedly.app.sources import source_history as history

    return history(store, name, limit=limit, offset=offset)


def export(store: Store, out_dir: Path, fmt: str = "csv") -> list[Path]:
    """Stream claims, figures, entities and quantities to `out_dir` as csv, jsonl or
    parquet (columns: docs/analysis.md); returns the files written. ExportError if a
    file cannot be written."""
    from reportedly.app.exports import export_store

    return export_store(store, out_dir, fmt)


def ingest(store: Any, inputs: Iterable[str], **options: Any) -> Ingest:
    """Read, extract and store the new articles of `inputs` (files, folders, "-", URLs).

    Options as `reportedly ingest`'s: `allow_private`, `workers` (N > 1: a local Dask
    cluster of N processes), `scheduler` (an existing cluster's "tcp://HOST:PORT"),
    `workers_write` (PostgreSQL: each worker stores its batch), `csv_columns`
    ({field: column} for CSV inputs), `max_chars`, `time_limit`. Returns an `Ingest`:
    iterate it for one `IngestEvent` per article (stored, skipped as already stored, or
    failed, with the running counts); its `summary` holds the totals and failures when
    the iteration ends. Nothing happens until it is iterated; an input that fails does
    not stop the others."""
    return Ingest(store, inputs, **options)


def reextract(store: Any, **options: Any) -> Reextract:
    """Extract again the stored articles an older extractor made. Options as `reportedly
    reextract`'s: `outlet`, `since`, `until` (which articles), `workers`, `scheduler`,
    `max_chars`, `time_limit`. Iterate the result for its events, as `ingest`'s; an
    article that fails keeps its records and the run goes on."""
    return Reextract(store, **options)
