"""Keeping a store current: `reextract` (records of an older extractor made again) and
`stats` (what the store holds, per extractor version)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.text import Text

from reportedly.cli.browse import opened
from reportedly.cli.options import Aliases, Db, Since, TableOrJson, Until, cli_writer
from reportedly.cli.output import Column, Format, fail, out, render, table, to_json
from reportedly.cli.reading import MaxChars, Scheduler, TimeLimit, Workers, render_run
from reportedly.limits import MAX_CHARS, TIME_LIMIT

Outlet = Annotated[str | None, typer.Option(help="Only this outlet (any case).")]


def reextract(
    db: Db = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    max_chars: MaxChars = MAX_CHARS,
    time_limit: TimeLimit = TIME_LIMIT,
    aliases: Aliases = None,
) -> None:
    """Extract again the stored articles that an older extractor version made.

    Each article's records are replaced in one transaction, so a run stopped
    halfway leaves every article either current or as it was, and a rerun goes on
    with what is left; an article that fails is named on stderr, keeps its records,
    and the run goes on (exit code 1). The new records join the entities across
    articles as they are stored, merges and splits included. With --aliases the
    alias file is recorded into the store first.
    """
    from reportedly.app.ingest import Reextract

    with opened(db, "update") as store:
        if aliases is not None:
            from reportedly.app.entities import record_alias_file

            record_alias_file(store, aliases, cli_writer())
        run = Reextract(
            store,
            outlet=outlet,
            since=since,
            until=until,
            workers=workers,
            scheduler=scheduler,
            max_chars=max_chars,
            time_limit=time_limit,
        )
        summary = render_run(run, lambda: None)
    failed = len(summary.failures)
    out.print(
        Text(
            f"re-extracted {summary.stored} article(s) with extractor {run.version}"
            + (f", {failed} failed" if failed else "")
        ),
        soft_wrap=True,
    )
    if summary.interrupted:
        raise typer.Exit(130)
    if failed:
        raise fail(f"{failed} article(s) could not be re-extracted")


def _size(size: int | None) -> str:
    """A size in bytes for people: 812 bytes, 40.0 KB, 3.2 MB."""
    if size is None:
        return "unknown"
    if size < 1024:
        return f"{size} bytes"
    amount, unit = size / 1024, "KB"
    for larger in ("MB", "GB"):
        if amount < 1024:
            break
        amount, unit = amount / 1024, larger
    return f"{amount:.1f} {unit}"


VERSION_COLUMNS = [
    Column("extractor", lambda row: row["extractor"] or "(not recorded)"),
    Column.key("articles", "articles"),
]


def stats(
    db: Db = None,
    fmt: TableOrJson = Format.table,
) -> None:
    """Show what the store holds: articles, claims, figures, entities, extractor versions
    and size."""
    with opened(db) as store:
        found = store.stats()
    if fmt is Format.json:
        typer.echo(to_json(found, indent=2))
        return
    totals: list[dict[str, Any]] = [
        {"what": key, "count": found[key]} for key in ("articles", "claims", "figures", "entities")
    ]
    out.print(table(totals, [Column.key("", "what"), Column.key("count", "count")], "Store"))
    out.print(Text(f"size: {_size(found['size'])}"))
    render(found["versions"], VERSION_COLUMNS, Format.table, title="Extractor versions")
