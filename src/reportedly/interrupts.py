"""Ctrl-C at safe points: `interrupt_deferred()` holds a SIGINT that arrives inside a block
until the block ends, for work that must finish or not start (an article stored and
counted; a Dask client's call into its event loop).

The signal is caught by a handler of ours for the block, not blocked with a signal mask:
with other threads running (a Dask client's), the kernel hands SIGINT to one of them and
Python would still raise KeyboardInterrupt in the main thread inside the block. Off the
main thread (no SIGINT reaches it there) the block just runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def interrupt_deferred() -> Iterator[None]:
    """Run the block with Ctrl-C held; a Ctrl-C that came meanwhile is handed on after it
    to whoever handled SIGINT before (KeyboardInterrupt by default)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[Any] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(signal.SIGINT, caught[0])
            elif previous != signal.SIG_IGN:
                raise KeyboardInterrupt
