"""The Python API: what the CLI and the web front end call.

analyze(text, **meta) -> Report        one text, no store
analyze_articles(articles) -> reports  a stream, through nlp.pipe
open_store(url) -> Store               SQLite by default, any SQLAlchemy URL
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reportedly.model import Article, Report


def analyze(text: str, **meta: str | None) -> Report:
    """Extract attributions, figures and entities from one article text."""
    article = Article(text=text, **meta)  # type: ignore[arg-type]
    return next(analyze_articles([article]))


def analyze_articles(articles: Iterable[Article], *, n_process: int = 1) -> Iterator[Report]:
    """One Report per article, in input order."""
    from reportedly.extract import extract_reports

    return extract_reports(articles, n_process=n_process)


def open_store(url: str | None = None):
    """Open (and migrate) the store at a SQLAlchemy URL or SQLite path."""
    from reportedly.store import open_store as _open

    return _open(url)
