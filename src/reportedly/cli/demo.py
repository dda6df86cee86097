"""`demo`: ingest the bundled example articles and print the analyst's first views."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from reportedly.cli.analysis import print_demo_timeline
from reportedly.cli.browse import opened
from reportedly.cli.output import Column, out, table
from reportedly.cli.reading import ingest_inputs, print_summary
from reportedly.cli.records import article_ref
from reportedly.demo import DEMO_DIR, figures_by_claimant

CLAIMANT_COLUMNS = (
    Column.key("claimant", "claimant", max_width=28),
    Column.key("claim date", "claim_date", cut=False),
    Column.key("figure", "text", max_width=16),
    Column.key("category", "category", cut=False),
    Column.key("subject", "subject", max_width=24),
    Column("article", article_ref, max_width=20),
)

# claimants by their own claims; `relayed` counts the claims they passed on for others
DEMO_SOURCE_COLUMNS = (
    Column.key("source", "name", max_width=32),
    Column.key("claims", "claims"),
    Column.key("relayed", "relayed"),
    Column.key("figures", "figures"),
    Column.key("first seen", "first_seen", cut=False),
    Column.key("last seen", "last_seen", cut=False),
)


def demo(
    keep: Annotated[
        str | None,
        typer.Option(
            "--keep",
            "--db",
            metavar="DB",
            help="Keep the demo store at this path or URL (default: a temporary one).",
        ),
    ] = None,
) -> None:
    """Ingest the bundled demo articles and show figures by claimant and the top sources."""
    from reportedly.app.sources import source_profiles  # the store: only when the demo runs

    with tempfile.TemporaryDirectory(prefix="reportedly-demo-") as tmp:
        db = keep or str(Path(tmp) / "demo.db")
        with opened(db, "create") as store:
            summary = ingest_inputs(store, [str(DEMO_DIR)])
            print_summary(summary)
            print_demo_timeline(store)
            out.print(
                table(figures_by_claimant(store), CLAIMANT_COLUMNS, "Figures by claimant and date")
            )
            out.print(
                table(source_profiles(store, limit=10), DEMO_SOURCE_COLUMNS, "Most-cited sources")
            )
    if keep:
        out.print(
            Text(f"The demo store is kept at {keep}: try `reportedly figures --db {keep}`."),
            soft_wrap=True,
        )
