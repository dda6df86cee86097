"""The time limit of one article: an alarm that interrupts its extraction.

`deadline(doc)` arms a real-time alarm (SIGALRM) for what is left of the Doc's
`doc._.time_limit`, counted from `start_clock(doc, when)` (the start of a long
article's first piece) or else from the first component that ran on it, and raises
`TimeLimitExceeded` inside the component when it rings. `time_bound(seconds)` arms
one for a whole block -- the pieces of a long article, spaCy's parse included --
and the deadlines inside it leave that alarm alone (they count on the same
clock). Both work in the main thread of any process. Where no alarm can be set
(another thread, such as the task thread of a Dask worker, or a platform without
SIGALRM) the limit is checked between components and pieces only.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_STARTED = "reportedly_started"  # doc.user_data key: when the first component began


class TimeLimitExceeded(Exception):
    """An article took longer than its time limit."""


def start_clock(doc: Doc, started: float) -> None:
    """Count the Doc's time limit from `started`, a `time.monotonic()` reading."""
    doc.user_data[_STARTED] = started


def over_time_limit(limit: float) -> str:
    """Why an article past its time limit failed."""
    return f"took longer than the time limit of {limit:g} s"


def _ring(signum: int, frame: FrameType | None) -> None:
    raise TimeLimitExceeded


@contextmanager
def deadline(doc: Doc) -> Iterator[None]:
    """Run the body within what is left of `doc._.time_limit` (no limit when None)."""
    limit = doc._.time_limit
    if limit is None:
        yield
        return
    started = doc.user_data.setdefault(_STARTED, time.monotonic())
    left = limit - (time.monotonic() - started)
    if left <= 0:
        raise TimeLimitExceeded
    with time_bound(left):
        yield


@contextmanager
def time_bound(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the body after `seconds` (no limit when None), unless
    an alarm is armed already: that one rings first."""
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
