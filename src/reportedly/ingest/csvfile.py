"""CSV files (`.csv`): one article per row, from a text column and optional metadata columns.

The first row names the columns. By default the text is in `text`, and `title`, `date` (or
`published`), `outlet` (or `source`), `url` and `id` are read when present; `columns` maps
a field to another column name (`{"text": "body", "date": "published_at"}`). Other columns
go to `meta`. A file without the text column is one failure naming its columns; a row with
an empty text is a failure naming `path:line`; the other rows are still read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from reportedly.errors import ReadFailure
from reportedly.ingest.jsonl import article_from_record
from reportedly.model import Article

FIELDS = ("text", "title", "date", "outlet", "url", "id")


def read_csv(
    text: str, origin: str, columns: Mapping[str, str] | None = None
) -> Iterator[Article | ReadFailure]:
    """One article (or failure) per data row, named `origin:line`."""
    wanted = {field: (columns or {}).get(field, field) for field in FIELDS}
    renamed = {column: field for field, column in wanted.items()}
    rows = csv.DictReader(io.StringIO(text, newline=""))
    header = rows.fieldnames or []
    if wanted["text"] not in header:
        yield ReadFailure(
            origin,
            f"CSV without a {wanted['text']!r} column (its columns: {', '.join(header)}); "
            "name the text column with --csv-column text=NAME",
        )
        return
    for row in rows:
        where = f"{origin}:{rows.line_num}"
        record = {renamed.get(key, key): value for key, value in row.items() if key is not None}
        if None in row:
            yield ReadFailure(
                where, f"{len(header) + len(row[None])} cells for {len(header)} columns"
            )
            continue
        yield article_from_record(record, where)
