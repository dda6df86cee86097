"""Distinct values counted on disk: sets that grow with the store, kept out of memory.

`DistinctValues` holds (key, kind, value) triples in a temporary SQLite file of its
own (never the store; removed on `close`), unique by a primary key: `add` inserts
those not held yet (INSERT OR IGNORE), `counts` gives how many distinct values each
key has of each kind (GROUP BY), `values` each key's values of one kind, sorted (by
code point, as Python sorts text).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class DistinctValues:
    """Distinct (key, kind, value) triples in a temporary SQLite file."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="reportedly-distinct-")
        self._db = sqlite3.connect(Path(self._folder.name) / "distinct.db")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE seen (key INTEGER, kind TEXT, value, PRIMARY KEY (key, kind, value))"
            " WITHOUT ROWID"
        )

    def add(self, triples: Iterable[tuple[int, str, Any]]) -> None:
        """Keep the (key, kind, value) triples not held yet."""
        self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", triples)

    def counts(self) -> dict[tuple[int, str], int]:
        """{(key, kind): distinct values}."""
        rows = self._db.execute("SELECT key, kind, count(*) FROM seen GROUP BY key, kind")
        return {(key, kind): n for key, kind, n in rows}

    def values(self, kind: str) -> dict[int, list[Any]]:
        """{key: its distinct values of `kind`, sorted}."""
        found: dict[int, list[Any]] = {}
        rows = self._db.execute(
            "SELECT key, value FROM seen WHERE kind = ? ORDER BY key, value", (kind,)
        )
        for key, value in rows:
            found.setdefault(key, []).append(value)
        return found

    def close(self) -> None:
        """Close and remove the file."""
        self._db.close()
        self._folder.cleanup()
