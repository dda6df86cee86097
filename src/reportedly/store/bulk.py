"""Many rows into one table inside the caller's transaction: `COPY` on PostgreSQL.

`insert_rows(conn, table, rows)` is `conn.execute(insert(table), rows)` on every database
but PostgreSQL, where the rows go through psycopg 3's `COPY ... FROM STDIN` instead: one
command for all the rows rather than one INSERT each (benchmarks/postgresql_writes.py
measures the difference). Each value passes through its column type's bind processor first
(JSON columns become text), so both paths store the same thing, and a driver error is
raised as SQLAlchemy raises it (`IntegrityError` for a NULL in a NOT NULL column).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.exc import DBAPIError


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys, column names) into `table`."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), list(rows))
        return
    keys = list(rows[0])
    processors = [table.c[key].type.bind_processor(conn.dialect) for key in keys]
    columns = ", ".join(conn.dialect.identifier_preparer.quote(key) for key in keys)
    statement = f"COPY {table.name} ({columns}) FROM STDIN"
    driver_error = conn.dialect.loaded_dbapi.Error
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(
                    [
                        process(row[key]) if process else row[key]
                        for key, process in zip(keys, processors, strict=True)
                    ]
                )
    except driver_error as exc:  # as SQLAlchemy raises it: IntegrityError and the like
        raise DBAPIError.instance(statement, None, exc, driver_error) from exc
    finally:
        cursor.close()
