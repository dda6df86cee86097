"""Ctrl-C held over a block (`reportedly.interrupts.interrupt_deferred`): real SIGINTs sent to
this process, in the main thread and in another."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from reportedly.interrupts import interrupt_deferred


def test_a_ctrl_c_inside_the_block_is_raised_when_the_block_ends():
    done = []
    with pytest.raises(KeyboardInterrupt), interrupt_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        done.append("after the signal")
    assert done == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_block_without_ctrl_c_leaves_the_handler_as_it_was():
    with interrupt_deferred():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_held_ctrl_c_goes_to_the_handler_that_was_there_before():
    seen = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
    try:
        with interrupt_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            assert seen == []
        assert seen == [signal.SIGINT]
    finally:
        signal.signal(signal.SIGINT, previous)


def test_off_the_main_thread_the_block_just_runs():
    ran = []

    def block() -> None:
        with interrupt_deferred():
            ran.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=block)
    thread.start()
    thread.join()
    assert ran == [signal.default_int_handler]
