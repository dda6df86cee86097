"""Keeping a store current: `reextract` (records of an older extractor made again) and
`stats` (what the store holds, per extractor version)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.text import Text

from reportedly.cli.browse import opened
from reportedly.cli.options import Db, Since, TableOrJson, Until
from reportedly.cli.output import Column, Format, out, render, reported_errors, table, to_json
from reportedly.cli.reading import NProcess
from reportedly.cli.sources import Aliases

Outlet = Annotated[str | None, typer.Option(help="Only this outlet (any case).")]


def reextract(
    db: Db = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    n_process: NProcess = 1,
    aliases: Aliases = None,
) -> None:
    """Extract again the stored articles that an older extractor version made.

    Each article's records are replaced in one transaction, so a run stopped
    halfway leaves every article either current or as it was, and a rerun
    goes on with what is left. Entity merges and splits (and the alias file's
    decisions and grades) are applied again to the new records.
    """
    from reportedly.analyse.entities import load_aliases, resolve_entities
    from reportedly.extract import extract_reports, load_pipeline, pipeline_version

    with reported_errors():
        loaded = load_aliases(aliases) if aliases else None
    with opened(db, "update") as store:
        nlp = load_pipeline()
        version = pipeline_version(nlp)
        ids = store.stale_articles(version, outlet=outlet, since=since, until=until)
        stored = (store.stored_article(article_id) for article_id in ids)
        done = 0
        for article_id, report in zip(
            ids, extract_reports(stored, nlp, n_process=n_process), strict=True
        ):
            store.replace_records(article_id, report)
            done += 1
        if done:
            resolve_entities(store, loaded)
    out.print(Text(f"re-extracted {done} article(s) with extractor {version}"), soft_wrap=True)


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
