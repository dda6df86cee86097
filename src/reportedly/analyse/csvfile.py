"""The one CSV writer: rows to CSV that is safe to open in a spreadsheet.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (or a tab or a
carriage return, which some of them skip first) as a formula, so an article
saying `=HYPERLINK(...)` could act on whoever opens the export. Following
OWASP's rule on CSV injection, such a text cell is written with a leading `'`,
which spreadsheets show as text and do not display; the full-width forms of
those signs are treated the same. Numbers are written as they are (`-3` stays a
number). Lists and objects are JSON text in their cell; None is an empty cell.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_cell(value: Any) -> Any:
    """The cell written for `value`."""
    if isinstance(value, list | dict | tuple):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    handle: TextIO,
    fieldnames: Sequence[str],
    *,
    lineterminator: str = "\r\n",
    header: bool = True,
) -> None:
    """Write a header of `fieldnames` (unless `header` is False: a later part of a stream)
    and one line per row (missing keys empty)."""
    writer = csv.DictWriter(handle, fieldnames=list(fieldnames), lineterminator=lineterminator)
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
