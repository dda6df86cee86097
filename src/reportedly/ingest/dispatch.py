"""Inputs to readers: paths (files; directories walked in sorted order), `-`, URLs."""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path

from reportedly.errors import ReadFailure
from reportedly.ingest.csvfile import read_csv
from reportedly.ingest.jsonl import read_jsonl
from reportedly.ingest.registry import BY_SUFFIX, Item, read_data, read_lines
from reportedly.ingest.url import read_url

STDIN = "-"
# byte-order marks of text whose lines cannot be split as bytes
WIDE_MARKS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def read_inputs(
    inputs: Iterable[str],
    *,
    allow_private: bool = False,
    timeout: float = 20.0,
    max_bytes: int = 10_000_000,
    csv_columns: Mapping[str, str] | None = None,
) -> Iterator[Item]:
    """Articles from every input, in order; a ReadFailure for each one that cannot be read.

    An input is a file, a directory (its files, recursively, hidden ones skipped,
    in sorted order), `-` for stdin, or an `http(s)://` URL (`timeout` seconds and
    `max_bytes` bytes at most; private addresses refused unless `allow_private`).
    `csv_columns` names the columns of CSV files that differ from the fields
    (see reportedly.ingest.csvfile). Never raises for one bad input.
    """
    for spec in inputs:
        if spec == STDIN:
            yield from read_stdin()
        elif _URL.match(spec):
            yield from read_url(
                spec, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes
            )
        else:
            yield from read_path(Path(spec), csv_columns)


def read_path(path: Path, csv_columns: Mapping[str, str] | None = None) -> Iterator[Item]:
    """A file, or every file under a directory."""
    if path.is_dir():
        for file in walk(path):
            yield from read_file(file, csv_columns)
    else:
        yield from read_file(path, csv_columns)


def read_file(path: Path, csv_columns: Mapping[str, str] | None = None) -> Iterator[Item]:
    """One file, read by its suffix (sniffed when the suffix is unknown)."""
    if path.is_symlink() and not path.is_file():
        target = os.readlink(path)
        reason = "link to a folder, not followed" if path.is_dir() else "broken link"
        yield ReadFailure(path_name(path), f"skipped: {reason} ({target})")
        return
    reader = BY_SUFFIX.get(path.suffix.lower())
    if reader is read_jsonl:
        yield from _read_jsonl_file(path)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield ReadFailure(path_name(path), error.strerror or str(error))
        return
    if reader is read_csv and csv_columns:
        reader = partial(read_csv, columns=csv_columns)
    yield from read_data(data, path_name(path), reader)


def _read_jsonl_file(path: Path) -> Iterator[Item]:
    """A JSON Lines file a line at a time; one in UTF-16 or UTF-32 (which lines of bytes
    cannot split) whole."""
    try:
        with path.open("rb") as handle:
            if handle.read(4).startswith(WIDE_MARKS):
                yield from read_data(path.read_bytes(), path_name(path), read_jsonl)
                return
            handle.seek(0)
            yield from read_lines(handle, path_name(path))
    except OSError as error:
        yield ReadFailure(path_name(path), error.strerror or str(error))


def path_name(path: Path) -> str:
    """How a path is named: bytes that are not UTF-8 shown as `\\xNN` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_stdin() -> Iterator[Item]:
    """Standard input, sniffed: JSON, JSON Lines, a feed, HTML or plain text."""
    yield from read_data(sys.stdin.buffer.read(), STDIN)


def walk(root: Path) -> list[Path]:
    """The regular files under `root`, sorted, without hidden files or folders, and the
    links that are not followed (to a folder, or broken), which `read_file` names."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names + subfolders:
            path = Path(folder, name)
            if name.startswith("."):
                continue
            if path.is_file() or (path.is_symlink() and not path.is_file()):
                found.append(path)
    return sorted(found)


# Readers that give one article per file, and those that give one per non-blank line.
_ONE_PER_FILE = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"}
_ONE_PER_LINE = {".jsonl", ".ndjson"}


def expected_articles(inputs: Iterable[str]) -> int | None:
    """How many articles (or failures) reading `inputs` will give, when that is known
    without parsing: text and HTML files give one, JSON Lines one per non-blank line.
    None when any input cannot tell (stdin, URLs, feeds, JSON, unknown suffixes)."""
    total = 0
    for spec in inputs:
        if spec == STDIN or _URL.match(spec):
            return None
        path = Path(spec)
        for file in walk(path) if path.is_dir() else [path]:
            suffix = file.suffix.lower()
            if suffix in _ONE_PER_FILE or not file.is_file():
                total += 1
            elif suffix in _ONE_PER_LINE:
                try:
                    with file.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip()) or 1
                except OSError:
                    total += 1
            else:
                return None
    return total
