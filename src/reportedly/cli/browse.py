"""The store's listings: `articles`, `show`, `claims`, `figures`, `sources`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from reportedly.cli.options import (
    ClaimedSince,
    ClaimedUntil,
    Db,
    Limit,
    ListFormat,
    Offset,
    PublishedSince,
    PublishedUntil,
    Since,
    TableOrJson,
    Until,
)
from reportedly.cli.output import Format, fail, out, render, reported_errors, to_json, visible
from reportedly.cli.records import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    FIGURE_COLUMNS,
    legend,
    marked_text,
    print_report_tables,
)
from reportedly.model import CATEGORIES

PAGE_ROWS = 50  # rows of a table unless --limit says otherwise

Source = Annotated[str | None, typer.Option(help="Source or claimant contains this (any case).")]


@contextmanager
def opened(db: str | None, access: str = "read") -> Iterator[Any]:
    """The store at `db`, closed afterwards; its errors become one line on stderr.

    `access` is "read" (an existing store, never written: it may be read-only),
    "update" (an existing store that the command writes) or "create" (made if missing).
    """
    from reportedly.store import open_store

    with reported_errors():
        store = open_store(db, read_only=access == "read", create=access == "create")
        try:
            yield store
        finally:
            store.close()


class Page:
    """What a listing prints: a table shows one page (PAGE_ROWS rows unless `--limit`
    says otherwise) and says how to see the next; json, jsonl and csv stream every row
    (or `--limit` rows). `rows` is how many rows to read: one more than a table shows,
    to know whether there are more."""

    def __init__(self, fmt: Format, limit: int | None, offset: int) -> None:
        self.fmt, self.offset = fmt, offset
        self.shown = limit if limit is not None or fmt is not Format.table else PAGE_ROWS
        self.rows = self.shown + 1 if self.shown is not None and fmt is Format.table else limit

    def render(self, rows: Iterable[Any], columns: Any, *, title: str, empty: str) -> None:
        if self.fmt is not Format.table or self.shown is None:
            render(rows, columns, self.fmt, title=title, empty=empty)
            return
        listed = list(rows)
        more = None
        if len(listed) > self.shown:
            listed = listed[: self.shown]
            first, last = self.offset + 1, self.offset + self.shown
            more = (
                f"rows {first}-{last} shown; the next {self.shown} with --offset {last}, "
                "more at once with --limit N, all of them with --format jsonl"
            )
        render(listed, columns, self.fmt, title=title, empty=empty, more=more)


def _category(value: str | None) -> str | None:
    if value is not None and value not in CATEGORIES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(CATEGORIES)}")
    return value


def articles(
    db: Db = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (any case).")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    offset: Offset = 0,
    fmt: ListFormat = Format.table,
) -> None:
    """List the stored articles with their numbers of attributions and figures."""
    with opened(db) as store:
        page = Page(fmt, limit, offset)
        rows = store.iter_articles(
            limit=page.rows, offset=offset, outlet=outlet, since=since, until=until
        )
        page.render(rows, ARTICLE_COLUMNS, title="Articles", empty="no articles")


def show(
    article_id: Annotated[int, typer.Argument(metavar="ID", help="Article id (see `articles`).")],
    db: Db = None,
    fmt: TableOrJson = Format.table,
) -> None:
    """Show one article: its text with the attributions marked, then its records."""
    with opened(db) as store:
        report = store.article(article_id)
    if report is None:
        raise fail(f"no article with id {article_id}")
    if fmt is not Format.table:
        typer.echo(to_json({"article": report.article.to_dict(), **report.to_dict()}, indent=2))
        return
    article = report.article
    out.print(Text(visible(article.title or "(untitled)"), style="bold"))
    details = [article.outlet, article.published, article.url or article.origin]
    out.print(Text(visible(" · ".join(d for d in details if d)), style="dim"), soft_wrap=True)
    out.print()
    out.print(marked_text(report))
    out.print()
    out.print(legend())
    print_report_tables(report)


def claims(
    db: Db = None,
    source: Source = None,
    text: Annotated[str | None, typer.Option(help="Content contains this (any case).")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    offset: Offset = 0,
    fmt: ListFormat = Format.table,
) -> None:
    """List attributions: who said what, in which article."""
    with opened(db) as store:
        page = Page(fmt, limit, offset)
        rows = store.iter_claims(
            source=source, text=text, since=since, until=until, limit=page.rows, offset=offset
        )
        page.render(rows, CLAIM_COLUMNS, title="Claims", empty="no claims found")


def figures(
    db: Db = None,
    category: Annotated[
        str | None,
        typer.Option(help=f"One of: {', '.join(CATEGORIES)}.", callback=_category),
    ] = None,
    subject: Annotated[str | None, typer.Option(help="Subject contains this (any case).")] = None,
    source: Source = None,
    since: ClaimedSince = None,
    until: ClaimedUntil = None,
    published_since: PublishedSince = None,
    published_until: PublishedUntil = None,
    limit: Limit = None,
    offset: Offset = 0,
    fmt: ListFormat = Format.table,
    quantity: Annotated[
        str | None,
        typer.Option(
            help='Show one quantity\'s timeline, e.g. "north korean soldiers killed" '
            "(see `quantities`): the claims dated --since/--until; by default all of them, "
            "or a large quantity's latest window."
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(help="With --quantity: draw the timeline to FILE.png or FILE.svg."),
    ] = None,
) -> None:
    """List figures: counts as intervals, with category, subject, claimant and claim date."""
    if plot is not None and quantity is None:
        raise typer.BadParameter("--plot draws one quantity's timeline: add --quantity")
    if quantity is not None:
        from reportedly.cli.analysis import show_quantity

        show_quantity(db, quantity, fmt, plot, since, until)
        return
    with opened(db) as store:
        page = Page(fmt, limit, offset)
        from reportedly.app.listings import figure_rows

        rows = figure_rows(
            store,
            category=category,
            subject=subject,
            source=source,
            since=since,
            until=until,
            published_since=published_since,
            published_until=published_until,
            limit=page.rows,
            offset=offset,
        )
        page.render(rows, FIGURE_COLUMNS, title="Figures", empty="no figures found")


COMMANDS: tuple[Callable[..., None], ...] = (articles, show, claims, figures)
