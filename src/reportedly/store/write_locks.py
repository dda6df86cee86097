"""PostgreSQL's write locks of the state kept per population: the quantity counts
(store/quantity_counts.py) and the event tables (store/event_keys.py).

SQLite's writers hold the write lock already; on PostgreSQL writers run side by side,
and two that move the same population's counts must take turns. Each population hashes
to one of SLOTS transaction-level advisory locks, so writers of different populations
proceed in parallel and writers of the same one commit one at a time. A write whose
populations are not known before it starts (an entity edit, a rebuild) holds the whole
store instead (`ALL`, exclusive); the other writers hold `ALL` shared.

Deadlock-free: a transaction waits only first thing (`hold`: `ALL`, then its
populations' slots in sorted order, one call each); a population it meets later
(`need`: a syndication cluster joined, an entity renamed by the article) is only tried
(`pg_try_advisory_xact_lock`), and when another writer holds it the write raises
`Contended`, is rolled back, and is run again holding the whole store (`Store.add`,
`Store.replace_records`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from sqlalchemy import Connection, text

ALL = 0x7265706F7274716E  # "reportqn": the whole store's lock (shared by the writers)
SLOTS = 1024  # the populations' locks: ids SLOT_BASE .. SLOT_BASE + SLOTS - 1
SLOT_BASE = 0x72706F7000000000  # "rpop" then the slot
STATE = "reportedly_write_locks"  # conn.info: (transaction, whole store?, slots held)


class Contended(Exception):
    """A write met a population another writer holds after taking its own locks."""


def slot(population: str) -> int:
    """The advisory lock id of a population."""
    return SLOT_BASE + zlib.crc32(population.encode()) % SLOTS


def _state(conn: Connection) -> tuple[bool, set[int]] | None:
    found = conn.info.get(STATE)
    if found is None or found[0] is not conn.get_transaction():
        return None
    return found[1], found[2]


def hold(conn: Connection, populations: Iterable[str] | None) -> None:
    """First thing in a write: hold the populations' locks until the transaction ends
    (None: the whole store's), waiting for the writers holding them."""
    if conn.dialect.name != "postgresql":
        return
    if populations is None:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ALL})")
        conn.info[STATE] = (conn.get_transaction(), True, set())
        return
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({ALL})")
    slots = sorted({slot(p) for p in populations})
    for key in slots:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({key})")
    conn.info[STATE] = (conn.get_transaction(), False, set(slots))


def need(conn: Connection, populations: Iterable[str]) -> None:
    """Before moving what the populations keep: their locks, held already, taken now if
    free, else `Contended` (a transaction holding nothing yet takes them as `hold`)."""
    if conn.dialect.name != "postgresql":
        return
    state = _state(conn)
    if state is None:
        hold(conn, populations)
        return
    whole, held = state
    if whole:
        return
    for key in sorted({slot(p) for p in populations} - held):
        if not conn.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}):
            raise Contended(f"population lock {key} is held by another writer")
        held.add(key)
