"""The `reportedly` command line: parse arguments, call the library, format the output.

One module per command group: `reading` (extract, ingest), `browse` (articles,
show, claims, figures), `sources` (sources, entities), `analysis` (quantities, export, figure
timelines), `evaluation` (eval), `demo`, `serve` (the web app); `output` renders
every listing as table, json, jsonl or csv. Commands import the heavy parts
(spaCy, SQLAlchemy) only when they run, so `--help` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reportedly import __version__
from reportedly.cli import analysis, browse, demo, evaluation, reading, serve, upkeep
from reportedly.cli import sources as source_commands
from reportedly.cli.group import CommandGroup

app = typer.Typer(
    name="reportedly",
    help="Turn news articles into sourced, structured data: who said what, "
    "according to whom, with which figures, and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: every [default: ...] shown, no markup
    cls=CommandGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportedly {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn news articles into sourced, structured data."""


app.command()(reading.extract)
app.command()(reading.ingest)
app.command()(upkeep.reextract)
app.command()(upkeep.stats)
for command in browse.COMMANDS:
    app.command()(command)
app.command("sources")(source_commands.sources)
app.add_typer(source_commands.entities_app, name="entities")
app.command()(analysis.quantities)
app.command()(analysis.export)
app.command("eval")(evaluation.evaluate)
app.command()(demo.demo)
app.command()(serve.serve)

__all__ = ["app"]
