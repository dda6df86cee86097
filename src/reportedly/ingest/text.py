"""Plain text and Markdown (`.txt`, `.md`): an optional front matter block, then the text.

    ---
    title: Schoolgirls still missing
    date: 21 April 2014
    outlet: The Example Herald
    ---
    The text of the article...

Front matter keys: title, date/published, outlet/source, url, id; other keys go
to `meta`. A block that is not closed, or holds a line that is not `key: value`,
is not front matter: the whole input is the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reportedly.errors import ReadFailure
from reportedly.ingest.fields import article_from_fields
from reportedly.model import Article

FENCE = "---"
_FIELD = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:(.*)")
_QUOTES = ('"', "'")


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a leading front matter block from `text`: (fields, the rest).

    Keys are lower-cased, values stripped of spaces and of one pair of quotes.
    Without a well-formed block, returns ({}, text) unchanged.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return {}, text
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            return fields, "\n".join(lines[number + 1 :])
        if not line.strip():
            continue
        match = _FIELD.fullmatch(line)
        if match is None:
            return {}, text
        fields[match[1].lower()] = _unquote(match[2].strip())
    return {}, text


def read_text(text: str, origin: str) -> Iterator[Article | ReadFailure]:
    """One article: the front matter's fields and the rest as text (surrounding space stripped)."""
    fields, body = parse_front_matter(text)
    body = body.strip()
    if not body:
        yield ReadFailure(origin, "no text after the front matter" if fields else "empty file")
        return
    yield article_from_fields(fields, body, origin)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in _QUOTES:
        return value[1:-1]
    return value
