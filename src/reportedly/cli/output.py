"""How the commands print: one renderer for every listing, in table, JSON, JSON Lines or CSV.

`render(rows, columns, fmt)` prints plain dict rows: as a rich table of the chosen
`columns`, or with every key of the rows as JSON (an array), JSON Lines (one
object a line) or CSV (lists and objects as JSON in their cell). Machine formats
go to stdout untouched by rich; progress, warnings and errors go to `err`
(stderr), so `--format jsonl > file` holds nothing else.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reportedly.errors import ReportedlyError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

Row = dict[str, Any]


class Format(StrEnum):
    """Output formats of a listing."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@dataclass(frozen=True)
class Column:
    """One table column: its header, how to get the cell from a row, how wide it may be.

    A column with `wrap=False` keeps each cell on one line, cut with an ellipsis.
    """

    header: str
    value: Callable[[Row], Any]
    max_width: int | None = None
    wrap: bool = True

    @classmethod
    def key(cls, header: str, key: str, max_width: int | None = None, wrap: bool = True) -> Column:
        return cls(header, lambda row: row.get(key), max_width, wrap)


def cell(value: Any) -> Text:
    """A table cell: plain text (never rich markup), empty for None."""
    if value is None:
        return Text("")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return Text(f"{value:,}" if abs(value) >= 10_000 else str(value))
    return Text(str(value))


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def interval(low: Any, high: Any) -> str:
    """A figure's interval as "low..high" (one number when equal, a side empty when open)."""
    if low is not None and low == high:
        return _number(low)
    return f"{_number(low)}..{_number(high)}"


LONGEST_UNBROKEN_WORD = 12  # a wrapping column is at least as wide as its words, up to this


def table(rows: Sequence[Row], columns: Sequence[Column], title: str | None = None) -> Table:
    grid = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    cells = [[cell(column.value(row)) for column in columns] for row in rows]
    columns_cells = [[r[i] for r in cells] for i in range(len(columns))]
    minimums = [_widest_word(c, cs) for c, cs in zip(columns, columns_cells, strict=True)]
    fixed = sum(
        max([len(c.header), *(len(t.plain) for t in cs)])
        for c, cs in zip(columns, columns_cells, strict=True)
        if not c.wrap
    )
    if fixed + sum(m or 0 for m in minimums) + 4 * len(columns) > out.width:
        minimums = [None] * len(columns)  # too narrow to keep words whole: fold them
    for column, minimum in zip(columns, minimums, strict=True):
        grid.add_column(
            column.header,
            max_width=column.max_width,
            min_width=minimum,
            overflow="fold" if column.wrap else "ellipsis",
            no_wrap=not column.wrap,
        )
    for row_cells in cells:
        grid.add_row(*row_cells)
    return grid


def _widest_word(column: Column, cells: list[Text]) -> int | None:
    """How wide a wrapping column must be to keep its words whole (capped)."""
    if not column.wrap:
        return None
    words = [w for c in cells for w in c.plain.split()] + column.header.split()
    widest = max((len(w) for w in words), default=1)
    return min(widest, LONGEST_UNBROKEN_WORD, column.max_width or widest)


def to_json(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def write_csv(rows: Sequence[Row]) -> None:
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    writer = csv.DictWriter(sys.stdout, fieldnames=list(keys), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: to_json(v) if isinstance(v, list | dict) else v for k, v in row.items()}
        )


def render(
    rows: Sequence[Row],
    columns: Sequence[Column],
    fmt: Format,
    *,
    title: str | None = None,
    empty: str = "nothing found",
) -> None:
    """Print `rows` in `fmt`; a table with no rows prints `empty` on stderr instead."""
    if fmt is Format.json:
        sys.stdout.write(to_json(list(rows), indent=2) + "\n")
    elif fmt is Format.jsonl:
        sys.stdout.writelines(to_json(row) + "\n" for row in rows)
    elif fmt is Format.csv:
        write_csv(rows)
    elif rows:
        out.print(table(rows, columns, title))
    else:
        err.print(Text(empty), soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `error: message` on stderr; returns the Exit to raise."""
    err.print(Text(f"error: {message}"), soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn reportedly's own errors into one line on stderr and exit code 1."""
    try:
        yield
    except ReportedlyError as exc:
        raise fail(str(exc)) from exc
