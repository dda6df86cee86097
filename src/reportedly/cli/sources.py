"""`sources` (claimants across the store, or one claimant's claims over time) and
`entities merge|split|list` (fix entity matching; edits are recorded in the store).

Each command first rebuilds the store's entities across articles from the
per-article names, the alias file (`--aliases`, or $REPORTEDLY_ALIASES) and the
recorded edits, so its answer reflects every article ingested so far.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from reportedly.cli.browse import opened
from reportedly.cli.options import Db, ListFormat
from reportedly.cli.output import (
    Column,
    Format,
    Row,
    fail,
    interval,
    out,
    render,
    reported_errors,
    table,
    to_json,
)
from reportedly.cli.records import article_ref

ALIASES_ENV = "REPORTEDLY_ALIASES"

Aliases = Annotated[
    Path | None,
    typer.Option(
        "--aliases",
        envvar=ALIASES_ENV,
        help="TOML alias file with merge, forbid and reliability tables (docs/sources.md).",
        exists=True,
        dir_okay=False,
    ),
]


def _joined(key: str) -> Any:
    return lambda row: ", ".join(row.get(key) or [])


PROFILE_COLUMNS = (
    Column.key("source", "name", max_width=30),
    Column.key("type", "type", cut=False),
    Column.key("reliability", "reliability"),
    Column.key("claims", "claims"),
    Column.key("relayed", "relayed"),
    Column.key("figures", "figures"),
    Column.key("first seen", "first_seen", cut=False),
    Column.key("last seen", "last_seen", cut=False),
    Column("outlets", _joined("outlets"), max_width=30),
    Column("relays", _joined("relays"), max_width=30),
)
HISTORY_COLUMNS = (
    Column.key("published", "published", cut=False),
    Column.key("source", "source", max_width=20),
    Column.key("cue", "cue"),
    Column.key("content", "content", max_width=50),
    Column("through", lambda r: " -> ".join(r["through"]), max_width=24),
    Column("article", article_ref, max_width=20),
)
CLAIMED_FIGURE_COLUMNS = (
    Column.key("figure", "text"),
    Column("interval", lambda r: interval(r.get("low"), r.get("high")), cut=False),
    Column.key("category", "category", cut=False),
    Column.key("subject", "subject", max_width=30),
    Column("claim date", lambda r: r.get("stated_on") or r.get("published"), cut=False),
    Column("article", article_ref, max_width=20),
)
ENTITY_COLUMNS = (
    Column.key("id", "id"),
    Column.key("name", "name", max_width=30),
    Column.key("type", "type", cut=False),
    Column.key("reliability", "reliability"),
    Column("aliases", _joined("aliases"), max_width=50),
)


def _open_resolved(db: str | None, aliases: Path | None) -> tuple[Any, Any]:
    """The store to open (a context manager) and how to rebuild its entities."""
    from reportedly.analyse.entities import load_aliases, resolve_entities

    with reported_errors():
        loaded = load_aliases(aliases) if aliases else None
    return opened(db, "update"), lambda store: resolve_entities(store, loaded)


def sources(
    name: Annotated[
        str | None,
        typer.Argument(help="One claimant (name or alias): its claims and figures over time."),
    ] = None,
    db: Db = None,
    aliases: Aliases = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="At most N rows.")
    ] = None,
    fmt: ListFormat = Format.table,
) -> None:
    """List claimants: claims, figures, first and last seen, outlets, relays and grade."""
    from reportedly.app.sources import source_history, source_profiles

    context, resolve = _open_resolved(db, aliases)
    with context as store:
        resolve(store)
        if name is None:
            rows = source_profiles(store, limit=limit)
            render(rows, PROFILE_COLUMNS, fmt, title="Sources", empty="no sources")
            return
        found, claims, figures = source_history(store, name)
        if not found:
            raise fail(f"no source named {name!r} (see `reportedly sources`)")
    if fmt is not Format.table:
        result = {"entities": found, "claims": claims[:limit], "figures": figures[:limit]}
        typer.echo(to_json(result, indent=2))
        return
    out.print(table(found, ENTITY_COLUMNS, title=f"Source {name!r}"))
    out.print(table(claims[:limit], HISTORY_COLUMNS, title="Claims over time"))
    out.print(table(figures[:limit], CLAIMED_FIGURE_COLUMNS, title="Figures over time"))


entities_app = typer.Typer(
    help="Entities across articles: list them, merge two names, split two names.",
    no_args_is_help=True,
)

NameA = Annotated[str, typer.Argument(metavar="A", help="A name or alias.")]
NameB = Annotated[str, typer.Argument(metavar="B", help="Another name or alias.")]


def _edit(action: str, a: str, b: str, db: str | None, aliases: Path | None) -> list[Row]:
    from reportedly.analyse.sources import find_entities

    context, resolve = _open_resolved(db, aliases)
    with context as store:
        resolve(store)
        for wanted in (a, b):
            if not find_entities(store, wanted):
                raise fail(f"no entity named {wanted!r} (see `reportedly entities list`)")
        store.record_entity_edit(action, a, b)
        resolve(store)
        first = find_entities(store, a)
        return first + [r for r in find_entities(store, b) if r not in first]


@entities_app.command("merge")
def merge(a: NameA, b: NameB, db: Db = None, aliases: Aliases = None) -> None:
    """Record that A and B are one entity (A becomes its name); kept across re-ingests."""
    rows = _edit("merge", a, b, db, aliases)
    out.print(table(rows, ENTITY_COLUMNS, title=f"merged {b!r} into {a!r}"))


@entities_app.command("split")
def split(a: NameA, b: NameB, db: Db = None, aliases: Aliases = None) -> None:
    """Record that A and B are two entities; kept across re-ingests."""
    rows = _edit("split", a, b, db, aliases)
    out.print(table(rows, ENTITY_COLUMNS, title=f"split {a!r} from {b!r}"))


@entities_app.command("list")
def list_entities(
    db: Db = None,
    aliases: Aliases = None,
    fmt: ListFormat = Format.table,
) -> None:
    """List the entities across articles with their types, grades and aliases."""
    context, resolve = _open_resolved(db, aliases)
    with context as store:
        resolve(store)
        rows = store.canonical_entities()
    render(rows, ENTITY_COLUMNS, fmt, title="Entities", empty="no entities")
