"""`sources` (claimants across the store, or one claimant's claims over time) and
`entities list|merge|split|aliases|rebuild` (fix entity matching; edits are recorded
in the store and applied at once).

The store keeps its entities across articles current as articles are stored, so
`sources` and `entities list` only read (a read-only store serves them). The alias
file (`--aliases`, or $REPORTEDLY_ALIASES, on the commands that write) is recorded
into the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from reportedly.cli.browse import Page, opened
from reportedly.cli.options import Aliases, Db, Limit, ListFormat, Offset, cli_writer
from reportedly.cli.output import (
    Column,
    Format,
    Row,
    fail,
    interval,
    out,
    reported_errors,
    table,
    to_json,
)
from reportedly.cli.records import article_ref


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
RELAYED_COLUMNS = (
    Column.key("published", "published", cut=False),
    Column.key("claimed by", "claimant", max_width=20),
    *HISTORY_COLUMNS[2:],
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


def sources(
    name: Annotated[
        str | None,
        typer.Argument(help="One claimant (name or alias): its claims and figures over time."),
    ] = None,
    db: Db = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="At most N rows.")
    ] = None,
    offset: Offset = 0,
    fmt: ListFormat = Format.table,
) -> None:
    """List claimants: claims, figures, first and last seen, outlets, relays and grade."""
    from reportedly.app.sources import iter_source_profiles, source_history, source_relayed

    with opened(db) as store:
        if name is None:
            page = Page(fmt, limit, offset)
            rows = iter_source_profiles(store, limit=page.rows, offset=offset)
            page.render(rows, PROFILE_COLUMNS, title="Sources", empty="no sources")
            return
        page = Page(fmt, limit, offset)  # a table: a page of each history, as listings
        found, claims, figures = source_history(store, name, limit=page.rows, offset=offset)
        if not found:
            raise fail(f"no source named {name!r} (see `reportedly sources`)")
        relayed = source_relayed(store, found, limit=page.rows, offset=offset)
    if fmt is not Format.table:
        result = {"entities": found, "claims": claims, "relayed": relayed, "figures": figures}
        typer.echo(to_json(result, indent=2))
        return
    out.print(table(found, ENTITY_COLUMNS, title=f"Source {name!r}"))
    page.render(claims, HISTORY_COLUMNS, title="Claims over time", empty="no claims of its own")
    if relayed:
        page.render(relayed, RELAYED_COLUMNS, title="Relayed for others", empty="")
    page.render(figures, CLAIMED_FIGURE_COLUMNS, title="Figures over time", empty="no figures")


entities_app = typer.Typer(
    help="Entities across articles: list them, merge two names, split two names.",
    no_args_is_help=True,
)

NameA = Annotated[str, typer.Argument(metavar="A", help="A name or alias.")]
NameB = Annotated[str, typer.Argument(metavar="B", help="Another name or alias.")]


def _edit(action: str, a: str, b: str, db: str | None, aliases: Path | None) -> list[Row]:
    from reportedly.app.entities import merge_entities, record_alias_file, split_entities

    edit = merge_entities if action == "merge" else split_entities
    with opened(db, "update") as store, reported_errors():
        if aliases is not None:
            record_alias_file(store, aliases, cli_writer())
        return edit(store, a, b, cli_writer())


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


@entities_app.command("aliases")
def aliases_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="TOML alias file: merge, forbid and reliability tables (docs/sources.md).",
            exists=True,
            dir_okay=False,
        ),
    ],
    db: Db = None,
) -> None:
    """Record an alias file's merges, forbids and grades into the store and apply them."""
    from reportedly.app.entities import record_alias_file

    with opened(db, "update") as store, reported_errors():
        new = record_alias_file(store, file, cli_writer())
    out.print(Text(f"recorded {new} new decision(s) and grade(s) from {file}"), soft_wrap=True)


@entities_app.command("rebuild")
def rebuild(db: Db = None) -> None:
    """Cluster every entity again from scratch (the store keeps them current as articles
    are stored; this is the reference, slow on a large store)."""
    from reportedly.app.entities import rebuild_entities

    with opened(db, "update") as store:
        count = rebuild_entities(store)
    out.print(Text(f"rebuilt {count} entities"), soft_wrap=True)


@entities_app.command("list")
def list_entities(
    db: Db = None,
    limit: Limit = None,
    offset: Offset = 0,
    fmt: ListFormat = Format.table,
) -> None:
    """List the entities across articles with their types, grades and aliases."""
    from reportedly.app.entities import list_entities as listed

    page = Page(fmt, limit, offset)
    with opened(db) as store:
        rows = listed(store, page.rows, offset)
    page.render(rows, ENTITY_COLUMNS, title="Entities", empty="no entities")
