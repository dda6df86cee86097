"""JSON Lines (`.jsonl`: one object a line) and JSON (`.json`: one object or a list of them).

Each object is an input line of the evaluation format: `id`, `text` (required,
not empty), `published`, `title`, `outlet`, `url`. Other keys go to `meta`,
except gold `attributions` and `figures`, which are dropped. The text is kept
exactly as given, so offsets into it stay valid. A bad line is a ReadFailure
naming `path:line` (invalid, nested too deeply for the parser, or a number too
long to convert); the other lines are still read. Items of a JSON list are
named `path[index]` (from 0).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from reportedly.errors import ReadFailure
from reportedly.ingest.fields import article_from_fields
from reportedly.model import Article

_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
               bool: "boolean", type(None): "null"}  # fmt: skip


def read_jsonl(text: str, origin: str) -> Iterator[Article | ReadFailure]:
    """One article (or failure) per non-blank line, named `origin:line`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield read_jsonl_line(line, f"{origin}:{number}")


def read_jsonl_line(line: str, where: str) -> Article | ReadFailure:
    """The article of one non-blank JSON Lines line, or why it cannot be read."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return ReadFailure(where, f"invalid JSON: {error.msg} (column {error.colno})")
    except (ValueError, RecursionError) as error:
        return ReadFailure(where, f"invalid JSON: {_unreadable(error)}")
    return article_from_record(record, where)


def read_json(text: str, origin: str) -> Iterator[Article | ReadFailure]:
    """One article from a JSON object, or one per item of a JSON list."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        yield ReadFailure(origin, reason)
        return
    except (ValueError, RecursionError) as error:
        yield ReadFailure(origin, f"invalid JSON: {_unreadable(error)}")
        return
    yield from _read_document(document, origin)


def read_json_or_lines(text: str, origin: str) -> Iterator[Article | ReadFailure]:
    """For sniffed input: one JSON document if the whole text parses, else JSON Lines."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        yield from read_jsonl(text, origin)
        return
    yield from _read_document(document, origin)


def article_from_record(record: Any, origin: str) -> Article | ReadFailure:
    """The Article of one input object, or why it is not one."""
    if not isinstance(record, dict):
        return ReadFailure(origin, f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if text is None:
        return ReadFailure(origin, "no 'text' key")
    if not isinstance(text, str):
        return ReadFailure(origin, f"'text' is a {_json_type(text)}, not a string")
    if not text.strip():
        return ReadFailure(origin, "'text' is empty")
    fields = {key: value for key, value in record.items() if key != "text"}
    return article_from_fields(fields, text, origin)


def _read_document(document: Any, origin: str) -> Iterator[Article | ReadFailure]:
    if not isinstance(document, list):
        yield article_from_record(document, origin)
    elif not document:
        yield ReadFailure(origin, "empty JSON list")
    else:
        for index, record in enumerate(document):
            yield article_from_record(record, f"{origin}[{index}]")


def _unreadable(error: ValueError | RecursionError) -> str:
    """Why JSON that the parser accepts in syntax cannot be read: too deep, too long a number."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error).split(";")[0]


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)
