"""A network backend for httpx on which every connect, read and write ends by one deadline.

httpx's timeouts bound each socket operation, not the fetch: a server that sends
its headers one byte a second never lets a read time out. `DeadlineBackend`
gives each operation only what is left of the whole fetch's time, so the fetch
ends (as a timeout) within one operation of its deadline, headers included.
"""

from __future__ import annotations

import ssl
import time
import typing

import httpcore

if typing.TYPE_CHECKING:
    from httpcore import SOCKET_OPTION


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, left(self._deadline, timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, left(self._deadline, timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(ssl_context, server_hostname, left(self._deadline, timeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.SyncBackend):
    """httpcore's sync backend, with every operation bounded by `deadline` (monotonic)."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(
            host, port, left(self.deadline, timeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self.deadline)


def left(deadline: float, timeout: float | None) -> float:
    """The time an operation may take: its own timeout, cut to what is left; none left
    is a timeout."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise httpcore.ReadTimeout("the whole fetch took longer than its time limit")
    return remaining if timeout is None else min(timeout, remaining)
