"""The worker processes of `nlp.pipe(n_process=N)`: they stop with the parent.

spaCy forks its workers when the pipe starts, and when the pipe is stopped early it
joins them, which can wait forever: a worker blocked writing a batch that nobody will
read keeps the pipe open itself. `guarded_workers()` makes every worker forked inside it
ignore SIGINT (the parent handles Ctrl-C; no worker prints a traceback) and, on Linux,
ask the kernel to kill it when its parent dies (`PR_SET_PDEATHSIG`), so a parent killed
with SIGKILL leaves no worker behind. Its `stop()` terminates the workers forked inside
it, so that spaCy's join returns, and lets the exit drop the input still queued for
them; on Ctrl-C the parent calls it before raising KeyboardInterrupt, wherever the
interrupt lands.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import multiprocessing.queues
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

PR_SET_PDEATHSIG = 1  # linux/prctl.h
_parent: int | None = None  # the pid whose forks are guarded, while guarded_workers() runs


def _after_fork_in_child() -> None:
    if _parent is None:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _parent:  # the parent died before the request was made
        os._exit(1)


os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def guarded_workers() -> Iterator[Callable[[], None]]:
    """Guard the processes forked inside the block; yields `stop()` (see the docstring)."""
    global _parent
    previous, _parent = _parent, os.getpid()
    before = set(multiprocessing.active_children())

    def stop() -> None:
        for child in set(multiprocessing.active_children()) - before:
            child.terminate()
        for child in set(multiprocessing.active_children()) - before:
            child.join()
        # The feeder thread of a queue whose reader is gone may be blocked on a full pipe,
        # and the exit would wait for it forever: let the exit drop what it holds.
        for queue in gc.get_objects():
            if isinstance(queue, multiprocessing.queues.Queue):
                queue.cancel_join_thread()

    def on_sigint(_signum: int, _frame: FrameType | None) -> None:
        stop()
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    handler = signal.signal(signal.SIGINT, on_sigint) if main else None
    try:
        with warnings.catch_warnings():
            # spaCy's W127 ("a worker did not exit with 0") is the stop we asked for
            warnings.filterwarnings("ignore", message=r"\[W127\]")
            yield stop
    finally:
        if main:
            signal.signal(signal.SIGINT, handler)
        _parent = previous
