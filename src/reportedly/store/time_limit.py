"""A time limit on reads: `Store.time_limited(seconds)` around what one request reads.

The deadline is held in a context variable, so it applies to the queries the
calling thread (or task) runs, on whichever pooled connection they use, and to no
one else's. On SQLite every connection has a progress handler that aborts the
running statement once the deadline has passed; on PostgreSQL each statement
run under a deadline is preceded by `SET LOCAL statement_timeout` to the time
left. A statement stopped that way, or any store error raised after the deadline,
comes out of the block as one TimeLimitError.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from reportedly.errors import StoreError, TimeLimitError

_deadline: ContextVar[float | None] = ContextVar("reportedly_read_deadline", default=None)
PROGRESS_STEPS = 10_000  # SQLite virtual machine steps between two looks at the clock


def _past_deadline() -> bool:
    deadline = _deadline.get()
    return deadline is not None and time.monotonic() > deadline


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.set_progress_handler(lambda: int(_past_deadline()), PROGRESS_STEPS)


def _postgresql_statement(conn: Any, cursor: Any, *_: Any) -> None:
    deadline = _deadline.get()
    if deadline is not None:
        left = max(1, int((deadline - time.monotonic()) * 1000))
        cursor.execute(f"SET LOCAL statement_timeout = {left}")


def install_time_limit(engine: Engine) -> None:
    """Make the engine's connections obey `time_limited` (when the engine is created)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "before_cursor_execute", _postgresql_statement)


@contextmanager
def time_limited(seconds: float) -> Iterator[None]:
    """Reads in the block stop once `seconds` have passed: a TimeLimitError."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    except (DBAPIError, StoreError) as exc:
        if isinstance(exc, TimeLimitError) or not _past_deadline():
            raise
        raise TimeLimitError(f"the request's reads ran past their limit of {seconds:g} s") from exc
    finally:
        _deadline.reset(token)
