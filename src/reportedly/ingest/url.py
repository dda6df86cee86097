"""`http(s)://` inputs, fetched with httpx and read by content type.

Safe by default: a time limit for the whole fetch, a size limit (the body is
streamed and dropped past `max_bytes`), redirects followed by hand so that every
hop is checked again, and hosts that resolve to loopback, private, link-local,
reserved or other non-public addresses refused unless `allow_private=True`.
Known gap: the host is resolved for the check and again by httpx to connect, so a
DNS server that answers differently the second time is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportedly.errors import ReadError, ReadFailure
from reportedly.ingest.registry import BY_CONTENT_TYPE, Item, read_data
from reportedly.model import Article

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
USER_AGENT = "reportedly (news claims reader)"
# In this order: 0.0.0.0 and 127.0.0.1 are also "private" to `ipaddress`.
_NON_PUBLIC = ("unspecified", "loopback", "link_local", "private", "reserved", "multicast")


@dataclass
class Fetched:
    """A response body and what is needed to read it."""

    url: str  # after redirects
    content_type: str
    charset: str | None
    body: bytes


def read_url(
    url: str, *, allow_private: bool = False, timeout: float = 20.0, max_bytes: int = 10_000_000
) -> Iterator[Item]:
    """The articles at `url` (named by it), or one ReadFailure saying why not."""
    try:
        fetched = fetch(url, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    except ReadError as error:
        yield ReadFailure(url, str(error))
        return
    if not fetched.body.strip():
        yield ReadFailure(url, "empty response")
        return
    reader = BY_CONTENT_TYPE.get(fetched.content_type)
    if reader is None and not _textual(fetched.content_type):
        yield ReadFailure(url, f"unsupported content type {fetched.content_type}")
        return
    for item in read_data(fetched.body, url, reader, charset=fetched.charset):
        if isinstance(item, Article) and item.url is None:
            item.url = fetched.url
        yield item


def fetch(url: str, *, allow_private: bool, timeout: float, max_bytes: int) -> Fetched:
    """GET `url` within the limits, following redirects; ReadError says what went wrong."""
    import httpx  # imported here: it takes a third of a second, and most runs read files

    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT}
    try:
        with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                _check_deadline(deadline, timeout)
                check_url(url, allow_private=allow_private)
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = str(response.url.join(response.headers["location"]))
                        continue
                    if not response.is_success:
                        raise ReadError(f"HTTP {response.status_code} {response.reason_phrase}")
                    body = _read_body(response, max_bytes, deadline, timeout)
                    content_type = response.headers.get("content-type", "")
                    return Fetched(
                        url=str(response.url),
                        content_type=content_type.split(";")[0].strip().lower(),
                        charset=response.charset_encoding,
                        body=body,
                    )
    except httpx.TimeoutException:
        raise ReadError(f"timed out after {timeout:g} s") from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise ReadError(f"request failed: {error}") from None
    raise ReadError(f"more than {MAX_REDIRECTS} redirects")


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise ReadError unless `url` is http(s) and (unless allowed) its host is public."""
    import httpx

    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https"):
        raise ReadError(f"unsupported URL scheme {parsed.scheme!r}")
    if not parsed.host:
        raise ReadError("URL has no host")
    if allow_private:
        return
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.host, port)}
    except (socket.gaierror, UnicodeError) as error:
        raise ReadError(f"cannot resolve host {parsed.host!r}: {error}") from None
    for address in sorted(addresses):
        kind = non_public_kind(ipaddress.ip_address(address.split("%")[0]))
        if kind:
            raise ReadError(
                f"refused: {parsed.host} resolves to {address}, which is {kind}"
                " (pass --allow-private, or allow_private=True in Python, to read it)"
            )


def non_public_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why `address` is not a public one ("loopback", "private"...), or None if it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for kind in _NON_PUBLIC:
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def _read_body(response: httpx.Response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ReadError(f"response of {declared} bytes is over the limit of {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ReadError(f"response is over the limit of {max_bytes} bytes")
        _check_deadline(deadline, timeout)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_deadline(deadline: float, timeout: float) -> None:
    if time.monotonic() > deadline:
        raise ReadError(f"timed out after {timeout:g} s")


def _textual(content_type: str) -> bool:
    """Worth sniffing: no type given, the generic application/octet-stream (binary bodies
    are then refused as such), text/*, or some XML or JSON."""
    return (
        not content_type
        or content_type == "application/octet-stream"
        or content_type.startswith("text/")
        or content_type.endswith(("/xml", "+xml", "/json", "+json"))
    )
