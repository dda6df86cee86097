"""Which reader reads what: by file suffix, by HTTP content type, or by sniffing the text.

A reader is a function `(text, origin) -> Iterator[Article | ReadFailure]`; adding
an input kind is one reader module and one line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from reportedly.errors import ReadFailure
from reportedly.ingest.csvfile import read_csv
from reportedly.ingest.decoding import decode
from reportedly.ingest.feed import read_feed
from reportedly.ingest.fields import checked
from reportedly.ingest.html import read_html
from reportedly.ingest.jsonl import read_json, read_json_or_lines, read_jsonl, read_jsonl_line
from reportedly.ingest.text import read_text
from reportedly.model import Article

Item = Article | ReadFailure
Reader = Callable[[str, str], Iterator[Item]]

BY_SUFFIX: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".csv": read_csv,
}

BY_CONTENT_TYPE: dict[str, Reader] = {
    "text/html": read_html,
    "application/xhtml+xml": read_html,
    "application/rss+xml": read_feed,
    "application/atom+xml": read_feed,
    "application/rdf+xml": read_feed,
    "application/feed+json": read_json,
    "application/json": read_json,
    "application/x-ndjson": read_jsonl,
    "application/jsonl": read_jsonl,
    "text/plain": read_text,
    "text/markdown": read_text,
}

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]")


def sniff(text: str) -> Reader:
    """The reader for text of unknown kind, from how it begins."""
    head = text.lstrip()[:4096].lower()
    if head.startswith(("{", "[")):
        return read_json_or_lines
    if head.startswith("<"):
        return read_feed if _FEED_ROOT.search(head) else read_html
    return read_text


def read_data(
    data: bytes, origin: str, reader: Reader | None = None, *, charset: str | None = None
) -> Iterator[Item]:
    """Decode `data` and read it with `reader` (sniffed when None).

    Binary and empty data are failures. Every article is `checked` (lone surrogates
    replaced, depth of `meta` bounded). A parser raising on one odd input (third
    party code) gives a failure with the error, and the batch goes on.
    """
    text = decode(data, charset)
    if text is None:
        yield ReadFailure(origin, "binary file, not text")
        return
    if not text.strip():
        yield ReadFailure(origin, "empty file")
        return
    chosen = reader or sniff(text)
    try:
        for item in chosen(text, origin):
            yield checked(item) if isinstance(item, Article) else item
    except Exception as error:  # one bad input must not stop the batch; the reason is kept
        yield ReadFailure(origin, f"could not be read: {type(error).__name__}: {error}")


def read_lines(lines: Iterable[bytes], origin: str) -> Iterator[Item]:
    """A JSON Lines file read a line at a time (not the whole file at once): each line
    decoded and read as `read_data` would read it, named `origin:line`. A line of
    binary data ends the file with a failure; a file with no line is "empty"."""
    empty, number = True, 0
    try:
        for raw in lines:
            text = decode(raw)  # line endings folded: a lone \r ends a line too
            if text is None:
                yield ReadFailure(origin, f"binary data at line {number + 1}, not text")
                return
            pieces = text.split("\n")
            if text.endswith("\n"):
                pieces.pop()
            for piece in pieces:
                number += 1
                if piece.strip():
                    empty = False
                    item = read_jsonl_line(piece, f"{origin}:{number}")
                    yield checked(item) if isinstance(item, Article) else item
    except Exception as error:  # as in read_data: the reason is kept, the batch goes on
        yield ReadFailure(origin, f"could not be read: {type(error).__name__}: {error}")
        return
    if empty:
        yield ReadFailure(origin, "empty file")
