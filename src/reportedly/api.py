"""The Python API: what the CLI and the web front end call.

analyze(text, **meta) -> Report        one text, no store
analyze_articles(articles) -> reports  a stream, through nlp.pipe
open_store(url) -> Store               SQLite by default, any SQLAlchemy URL
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reportedly.errors import ReadFailure
from reportedly.model import Article, Report


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
