"""A listing streamed as a file: CSV, JSON Lines or Parquet, written as the rows are read.

`?format=csv|jsonl|parquet` on a listing route streams every row of its filters
(from `offset`, at most `limit` when given: an export is not a page, so the row
cap does not apply), read from the store a keyset page at a time. Each read runs
under its own time limit, so a long export is not cut while no one query stalls.
The rows are the listing's JSON items: CSV has their keys as its header, lists and
objects as JSON text and cells a spreadsheet would run escaped (the one CSV
writer, analyse/csvfile.py); Parquet has the types of the listing's schema, its
lists and objects as JSON text, a row group per PARQUET_ROWS rows.
"""

from __future__ import annotations

import io
import json
import types
import typing
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from reportedly.analyse.csvfile import write_csv
from reportedly.store.time_limit import time_limited

CSV_ROWS = 500  # rows per chunk of CSV or JSON Lines sent
PARQUET_ROWS = 10_000


class Format(StrEnum):
    """What a listing answers: a JSON page, or every row as a file."""

    json = "json"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


MEDIA_TYPES = {
    Format.csv: "text/csv; charset=utf-8",
    Format.jsonl: "application/x-ndjson; charset=utf-8",
    Format.parquet: "application/vnd.apache.parquet",
}


def _limited(rows: Iterable[dict[str, Any]], seconds: float) -> Iterator[dict[str, Any]]:
    """The rows, each read from the store under a fresh time limit."""
    found = iter(rows)
    while True:
        with time_limited(seconds):
            row = next(found, None)
        if row is None:
            return
        yield row


def _chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    fieldnames: list[str] | None = None
    for chunk in _chunks(rows, CSV_ROWS):
        handle = io.StringIO()
        write_csv(chunk, handle, fieldnames or list(chunk[0]), header=fieldnames is None)
        fieldnames = fieldnames or list(chunk[0])
        yield handle.getvalue()


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for chunk in _chunks(rows, CSV_ROWS):
        yield "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in chunk)


def _arrow_type(annotation: Any) -> pa.DataType:
    """The Parquet type of a field: numbers, text and booleans as such, else JSON text."""
    options = set(typing.get_args(annotation)) if _is_union(annotation) else {annotation}
    options.discard(type(None))
    if options == {bool}:
        return pa.bool_()
    if options == {int}:
        return pa.int64()
    if options and options <= {int, float}:
        return pa.float64()
    return pa.string()


def _is_union(annotation: Any) -> bool:
    return isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union


class _Sink(io.RawIOBase):
    """A write-only file that hands out what was written since the last `drained()`, and
    tells the position in the whole stream (the Parquet footer records offsets)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def drained(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def _parquet(rows: Iterator[dict[str, Any]], model: type[BaseModel]) -> Iterator[bytes]:
    sink = _Sink()
    schema: pa.Schema | None = None
    writer: pq.ParquetWriter | None = None
    for chunk in _chunks(rows, PARQUET_ROWS):
        if schema is None:
            declared = {name: f.annotation for name, f in model.model_fields.items()}
            schema = pa.schema([(key, _arrow_type(declared.get(key))) for key in chunk[0]])
            writer = pq.ParquetWriter(sink, schema)
        assert writer is not None
        text = {f.name for f in schema if f.type == pa.string()}
        flat = [
            {
                key: json.dumps(value, ensure_ascii=False, default=str)
                if key in text and value is not None and not isinstance(value, str)
                else value
                for key, value in row.items()
            }
            for row in chunk
        ]
        writer.write_table(pa.Table.from_pylist(flat, schema=schema))
        yield sink.drained()
    if writer is None:  # no rows: a file with no columns
        writer = pq.ParquetWriter(sink, pa.schema([]))
    writer.close()
    yield sink.drained()


def streamed(
    rows: Iterable[dict[str, Any]],
    fmt: Format,
    model: type[BaseModel],
    *,
    name: str,
    seconds: float,
) -> StreamingResponse:
    """The rows as a file download named `name.<fmt>`."""
    found = _limited(rows, seconds)
    body: Iterator[Any]
    if fmt is Format.csv:
        body = _csv(found)
    elif fmt is Format.jsonl:
        body = _jsonl(found)
    else:
        body = _parquet(found, model)
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"'}
    return StreamingResponse(body, media_type=MEDIA_TYPES[fmt], headers=headers)
