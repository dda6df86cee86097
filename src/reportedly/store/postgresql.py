"""PostgreSQL engine setup: migrations of one database run one at a time.

Two processes that open a brand-new database at once would both create its tables, and the
second would fail on the first's. A transaction started with the `MIGRATE_OPTION` execution
option (each migration's) therefore first takes a transaction-level advisory lock, the same
key for every reportedly store: a second opener waits, then finds the migration applied.
SQLite gets the same from `BEGIN IMMEDIATE` (store/sqlite.py). Adding articles takes no such
lock: PostgreSQL's writers run side by side, and the unique content hash keeps each article
once.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, event

MIGRATE_OPTION = "reportedly_migrate"
# An arbitrary key of pg_advisory_xact_lock's bigint space, reserved for reportedly's migrations.
MIGRATION_LOCK_KEY = 0x7265706F72746564  # "reported" in ASCII


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(MIGRATE_OPTION, False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")


def configure_postgresql(engine: Engine) -> None:
    """Install the migration lock on a PostgreSQL engine."""
    event.listen(engine, "begin", _on_begin)
