"""The URL reader against hostile servers on 127.0.0.1, and the private-address check."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from reportedly.errors import ReadFailure
from reportedly.ingest.url import masked, non_public_kind, read_url

TRICKLE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"a" * 60


def serve(answer) -> Iterator[str]:
    """A real TCP server on 127.0.0.1 that answers each connection with `answer(conn)`."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def loop() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    listener.close()


def trickle(conn: socket.socket) -> None:
    """Headers at one byte every 0.1 s: no single read waits long, the whole never ends."""
    conn.recv(4096)
    try:
        for byte in TRICKLE:
            conn.sendall(bytes([byte]))
            time.sleep(0.1)
    except OSError:
        pass
    finally:
        conn.close()


def found_without_location(conn: socket.socket) -> None:
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n")
    conn.close()


@pytest.fixture
def trickling() -> Iterator[str]:
    yield from serve(trickle)


@pytest.fixture
def redirecting() -> Iterator[str]:
    yield from serve(found_without_location)


def test_the_deadline_covers_headers_sent_a_byte_at_a_time(trickling):
    start = time.monotonic()
    [failure] = list(read_url(f"{trickling}/slow", allow_private=True, timeout=1.0))
    took = time.monotonic() - start
    assert isinstance(failure, ReadFailure)
    assert failure.reason == "timed out after 1 s"
    assert took < 3.0  # the trickle alone would take 7 s


def test_a_redirect_without_location_is_a_failure(redirecting):
    [failure] = list(read_url(f"{redirecting}/moved", allow_private=True))
    assert failure == ReadFailure(f"{redirecting}/moved", "HTTP 302 without a Location")


def test_credentials_are_masked_in_every_message(redirecting):
    port = redirecting.rsplit(":", 1)[1]
    url = f"http://reader:s3cret@127.0.0.1:{port}/moved"
    [failure] = list(read_url(url))  # refused: loopback
    assert "s3cret" not in str(failure) and "reader" not in str(failure)
    assert failure.origin == f"http://***@127.0.0.1:{port}/moved"
    [failure] = list(read_url(url, allow_private=True))
    assert "s3cret" not in str(failure)


def test_masked_leaves_urls_without_credentials_alone():
    assert masked("https://example.org/a@b") == "https://example.org/a@b"
    assert masked("https://u:p@example.org/x?y=1") == "https://***@example.org/x?y=1"


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:c0a8:0101::1", "private"),  # 6to4 of 192.168.1.1
        ("2002:a9fe:a9fe::", "link-local"),  # 6to4 of 169.254.169.254
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("64:ff9b:1::a00:1", "private"),  # local-use NAT64
        ("::ffff:127.0.0.1", "loopback"),  # mapped
        ("::ffff:10.1.2.3", "private"),
        ("::127.0.0.1", "loopback"),  # compatible
        ("::192.168.0.1", "private"),
        ("fec0::1", "site-local"),
        ("feff::1", "site-local"),
    ],
)
def test_ipv6_forms_of_private_addresses_are_refused(address, kind):
    assert non_public_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["2002:808:808::1", "2606:4700::1111", "8.8.4.4"])
def test_ipv6_forms_of_public_addresses_pass(address):
    assert non_public_kind(ipaddress.ip_address(address)) is None
