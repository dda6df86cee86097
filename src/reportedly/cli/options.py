"""The options several commands share, declared once (type, flags and help)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from reportedly.cli.output import Format

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise typer.BadParameter(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
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
ListFormat = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
Limit = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N rows.")]
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
TopLevel = Annotated[
    bool,
    typer.Option(
        "--top-level",
        help="Only the outermost attributions: no nested records (for univocal gold sets "
        "such as PolNeAR).",
    ),
]
