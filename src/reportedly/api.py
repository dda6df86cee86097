"""The Python API: what the CLI and the web front end call.

analyze(text, **meta) -> Report        one text, no store
analyze_articles(articles) -> reports  a stream, through nlp.pipe
open_store(url) -> Store               SQLite by default, any SQLAlchemy URL

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
from typing import Any

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

__all__ = [
    "Ingest",
    "IngestEvent",
    "IngestSummary",
    "Reextract",
    "analyze",
    "analyze_articles",
    "ingest",
    "list_entities",
    "merge_entities",
    "open_store",
    "rebuild_entities",
    "record_alias_file",
    "reextract",
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
    n_process: int = 1,
    on_failure: Callable[[ReadFailure], None] | None = None,
) -> Iterator[Report]:
    """One Report per article, in input order. Each article is checked as the readers
    check theirs (`ingest.fields.checked`); one that cannot be kept or extracted
    (over the length or time limit, or a fault) goes to `on_failure` and the stream
    goes on; without `on_failure` it raises ExtractError."""
    from reportedly.extract import extract_reports
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

    return extract_reports(kept(), n_process=n_process, on_failure=report_failure)


def open_store(url: str | None = None):
    """Open (and migrate) the store at a SQLAlchemy URL or SQLite path."""
    from reportedly.store import open_store as _open

    return _open(url)


def ingest(store: Any, inputs: Iterable[str], **options: Any) -> Ingest:
    """Read, extract and store the new articles of `inputs` (files, folders, "-", URLs).

    Options as `reportedly ingest`'s: `allow_private`, `n_process`, `csv_columns`
    ({field: column} for CSV inputs), `max_chars`, `time_limit`. Returns an `Ingest`:
    iterate it for one `IngestEvent` per article (stored, skipped as already stored, or
    failed, with the running counts); its `summary` holds the totals and failures when
    the iteration ends. Nothing happens until it is iterated; an input that fails does
    not stop the others."""
    return Ingest(store, inputs, **options)


def reextract(store: Any, **options: Any) -> Reextract:
    """Extract again the stored articles an older extractor made. Options as `reportedly
    reextract`'s: `outlet`, `since`, `until` (which articles), `n_process`, `max_chars`,
    `time_limit`. Iterate the result for its events, as `ingest`'s; an article that fails
    keeps its records and the run goes on."""
    return Reextract(store, **options)
