"""The options several commands share, declared once (type, flags and help)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from reportedly.cli.output import Format


def _check_date(value: str | None) -> str | None:
    """A date filter must name a real year, month or day (not 2025-13, not 2025-02-30)."""
    if value is None:
        return None
    from reportedly.store.dates import parse_period

    try:
        parse_period(value, "date")
    except ValueError:
        raise typer.BadParameter(
            f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}"
        ) from None
    return value


Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite path or SQLAlchemy URL "
        "[default: $REPORTEDLY_DB, else ./reportedly.db].",
        show_default=False,
    ),
]


def format_option(*formats: Format) -> Any:
    """The `--format` option of a command that prints `formats` (the first is the
    default): its help and metavar list them, and any other format is refused."""
    names = "|".join(f.value for f in formats)

    def check(value: Format) -> Format:
        if value not in formats:
            raise typer.BadParameter(f"{value.value!r} is not one of {names}")
        return value

    return Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format: {', '.join(f.value for f in formats)}.",
            metavar=names,
            case_sensitive=False,
            callback=check,
        ),
    ]


ListFormat = format_option(Format.table, Format.json, Format.jsonl, Format.csv)
TableOrJson = format_option(Format.table, Format.json)
Limit = Annotated[
    int | None, typer.Option("--limit", "-n", min=1, metavar="N", help="At most N rows.")
]
Offset = Annotated[int, typer.Option("--offset", min=0, metavar="N", help="Skip the first N rows.")]
Since = Annotated[
    str | None,
    typer.Option(
        help="Only articles published on or after this date (YYYY[-MM[-DD]]).",
        callback=_check_date,
    ),
]
Until = Annotated[
    str | None,
    typer.Option(
        help="Only articles published on or before this date (YYYY[-MM[-DD]], inclusive).",
        callback=_check_date,
    ),
]
ClaimedSince = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Only figures claimed on or after this date (YYYY[-MM[-DD]]; the claim date).",
        callback=_check_date,
    ),
]
ClaimedUntil = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="Only figures claimed on or before this date (YYYY[-MM[-DD]], inclusive).",
        callback=_check_date,
    ),
]
PublishedSince = Annotated[
    str | None,
    typer.Option("--published-since", help=Since.__metadata__[0].help, callback=_check_date),
]
PublishedUntil = Annotated[
    str | None,
    typer.Option("--published-until", help=Until.__metadata__[0].help, callback=_check_date),
]
TopLevel = Annotated[
    bool,
    typer.Option(
        "--top-level",
        help="Only the outermost attributions: no nested records (for univocal gold sets "
        "such as PolNeAR).",
    ),
]

ALIASES_ENV = "REPORTEDLY_ALIASES"

Aliases = Annotated[
    Path | None,
    typer.Option(
        "--aliases",
        envvar=ALIASES_ENV,
        help="TOML alias file with merge, forbid and reliability tables (docs/sources.md), "
        "recorded into the store.",
        exists=True,
        dir_okay=False,
    ),
]


def cli_writer() -> str:
    """Who an entity edit from the command line is recorded as made by: "cli" and the
    user running it ("cli (ana)"), or "cli" when the system names no user."""
    import getpass

    try:
        return f"cli ({getpass.getuser()})"
    except (KeyError, OSError):  # no user name in the environment nor the password file
        return "cli"
