"""How the commands print: one renderer for every listing, in table, JSON, JSON Lines or CSV.

`render(rows, columns, fmt)` prints plain dict rows: as a rich table of the chosen
`columns`, or with every key of the rows as JSON (an array), JSON Lines (one
object a line) or CSV (lists and objects as JSON in their cell). Machine formats
go to stdout untouched by rich; progress, warnings and errors go to `err`
(stderr), so `--format jsonl > file` holds nothing else.

What people read is made safe to read: `visible` shows every control, escape
and direction-changing character of the data as a visible sign of the same
length (ESC as ␛), so an article cannot retitle the terminal, clear it or ask it
for a report; JSON keeps them, escaped. CSV is written by the one CSV writer,
`reportedly.analyse.csvfile`, which escapes cells a spreadsheet would run.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reportedly.analyse.csvfile import write_csv as write_csv_rows
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

    Cells stay on one line. When the table is wider than the terminal, the columns that
    may be cut (`cut=True`, the default) are narrowed and their long cells end with an
    ellipsis; a column with `cut=False` (dates, kinds, intervals) and a column of numbers
    are kept whole.
    """

    header: str
    value: Callable[[Row], Any]
    max_width: int | None = None
    cut: bool = True

    @classmethod
    def key(cls, header: str, key: str, max_width: int | None = None, cut: bool = True) -> Column:
        return cls(header, lambda row: row.get(key), max_width, cut)


# C0 controls but tab and newline, DEL, C1 controls, bidirectional marks and overrides
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _sign(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture: ␛ for ESC
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """`text` safe to print: each control or escape character shown as one visible sign."""
    return _UNSAFE.sub(_sign, text)


def cell(value: Any) -> Text:
    """A table cell: plain text (never rich markup, nothing a terminal obeys), empty for None."""
    if value is None:
        return Text("")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return Text(f"{value:,}" if abs(value) >= 10_000 else str(value))
    return Text(visible(str(value)))


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


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def table(rows: Sequence[Row], columns: Sequence[Column], title: str | None = None) -> Table:
    """A table of `rows` as wide as the terminal allows: one line per row, long cells cut
    with an ellipsis (see Column), columns of numbers right-aligned, and columns empty in
    every row left out."""
    heading = None if title is None else Text(visible(title))
    grid = Table(title=heading, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    values = [[column.value(row) for column in columns] for row in rows]
    if values:  # a column empty in every row says nothing: leave it out
        shown = [i for i in range(len(columns)) if any(v[i] not in (None, "") for v in values)]
        columns = [columns[i] for i in shown]
        values = [[v[i] for i in shown] for v in values]
    present = [[v[i] for v in values if v[i] is not None] for i in range(len(columns))]
    needed = [
        min(
            max([_longest_word(column.header), *(len(cell(v).plain) for v in cells)]),
            column.max_width or 10**6,
        )
        for column, cells in zip(columns, present, strict=True)
    ]
    numbers = [bool(cells) and all(_is_number(v) for v in cells) for cells in present]
    cuttable = [c.cut and not n for c, n in zip(columns, numbers, strict=True)]  # never a number
    # each column has one space of padding on either side and one between: 3n + 1 in all
    widths = _fit(needed, columns, cuttable, out.width - 3 * len(columns) - 1)
    for column, width, right in zip(columns, widths, numbers, strict=True):
        grid.add_column(
            Text(column.header, no_wrap=False, overflow="ellipsis"),  # wraps between words
            justify="right" if right else "left",
            width=width,
            no_wrap=True,
            overflow="ellipsis",
        )
    for row_values in values:
        grid.add_row(*(cell(v) for v in row_values))
    return grid


MIN_CUT_WIDTH = 4  # a cut cell keeps at least three characters and its ellipsis


def _fit(
    needed: list[int], columns: Sequence[Column], cuttable: list[bool], room: int
) -> list[int]:
    """Column widths within `room`. The widest cuttable columns are narrowed first, to a
    common cap (so short cells stay whole and the long ones share the cut), down to the
    longest word of their header; then any cuttable one goes down to MIN_CUT_WIDTH, then
    any column."""
    widths = list(needed)
    floors = [
        [min(needed[i], max(_longest_word(c.header), MIN_CUT_WIDTH)) if cuttable[i] else needed[i]
         for i, c in enumerate(columns)],
        [min(needed[i], MIN_CUT_WIDTH) if cuttable[i] else needed[i] for i in range(len(columns))],
        [min(needed[i], MIN_CUT_WIDTH) for i in range(len(columns))],
    ]  # fmt: skip
    for floor in floors:
        if sum(widths) <= room:
            break
        widths = _capped(widths, floor, room)
    return widths


def _capped(widths: list[int], floor: list[int], room: int) -> list[int]:
    """`widths` with every width over a cap lowered to it (never below its floor), for the
    largest cap that fits `room`, or the floors when none does."""

    def capped(cap: int) -> list[int]:
        return [max(f, min(w, cap)) for w, f in zip(widths, floor, strict=True)]

    low, high = 0, max(widths)  # capped(high) is `widths`, which is too wide
    while low < high:  # the largest cap whose total fits
        mid = (low + high + 1) // 2
        if sum(capped(mid)) <= room:
            low = mid
        else:
            high = mid - 1
    return capped(low)


def to_json(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def write_csv(rows: Iterable[Row]) -> None:
    """CSV of the rows; the header is the keys of the first row (every listing's rows
    share their keys), so the rows are written as they come."""
    found = iter(rows)
    first = next(found, None)
    if first is None:
        return
    write_csv_rows(chain([first], found), sys.stdout, list(first), lineterminator="\n")


def render(
    rows: Iterable[Row],
    columns: Sequence[Column],
    fmt: Format,
    *,
    title: str | None = None,
    empty: str = "nothing found",
    more: str | None = None,
) -> None:
    """Print `rows` in `fmt`; a table with no rows prints `empty` on stderr instead.

    json, jsonl and csv are written row by row as `rows` yields them. A table is
    one page: `more`, when given, is printed under it (how to see the next page)."""
    if fmt is Format.json:
        write_json_array(rows)
    elif fmt is Format.jsonl:
        sys.stdout.writelines(to_json(row) + "\n" for row in rows)
    elif fmt is Format.csv:
        write_csv(rows)
    else:
        listed = list(rows)
        if not listed:
            err.print(Text(visible(empty)), soft_wrap=True)
            return
        out.print(table(listed, columns, title))
        if more:
            err.print(Text(visible(more), style="dim"), soft_wrap=True)


def write_json_array(rows: Iterable[Row]) -> None:
    """A JSON array of the rows, indented as `to_json(list(rows), indent=2)` is, written
    one row at a time."""
    separator = "[\n  "
    for row in rows:
        sys.stdout.write(separator + to_json(row, indent=2).replace("\n", "\n  "))
        separator = ",\n  "
    sys.stdout.write("[]\n" if separator == "[\n  " else "\n]\n")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `error: message` on stderr; returns the Exit to raise."""
    err.print(Text(f"error: {visible(message)}"), soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn reportedly's own errors into one line on stderr and exit code 1."""
    try:
        yield
    except ReportedlyError as exc:
        raise fail(str(exc)) from exc
