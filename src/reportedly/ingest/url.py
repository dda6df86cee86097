"""`http(s)://` inputs, fetched with httpx and read by content type.

Safe by default: a time limit for the whole fetch, headers included (every
socket operation gets only what is left of it: `ingest/deadline.py`), a size
limit (the body is streamed and dropped past `max_bytes`), redirects followed
by hand so that every hop is checked again, and hosts that resolve to loopback,
private, link-local, site-local, reserved or other non-public addresses refused
unless `allow_private=True`, also when the address is an IPv6 form carrying an
IPv4 one (mapped, compatible, 6to4, NAT64, Teredo). Credentials in a URL
(`user:password@`) are masked in every name and message (`masked`).
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
from reportedly.ingest.deadline import DeadlineBackend
from reportedly.ingest.registry import BY_CONTENT_TYPE, Item, read_data
from reportedly.model import Article

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
USER_AGENT = "reportedly (news claims reader)"
# In this order: 0.0.0.0 and 127.0.0.1 are also "private" to `ipaddress`.
_NON_PUBLIC = ("unspecified", "loopback", "link_local", "private", "reserved", "multicast")
_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


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
    """The articles at `url` (named by it, credentials masked), or one ReadFailure saying
    why not."""
    name = masked(url)
    try:
        fetched = fetch(url, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    except ReadError as error:
        yield ReadFailure(name, str(error).replace(url, name))
        return
    if not fetched.body.strip():
        yield ReadFailure(name, "empty response")
        return
    reader = BY_CONTENT_TYPE.get(fetched.content_type)
    if reader is None and not _textual(fetched.content_type):
        yield ReadFailure(name, f"unsupported content type {fetched.content_type}")
        return
    for item in read_data(fetched.body, name, reader, charset=fetched.charset):
        if isinstance(item, Article) and item.url is None:
            item.url = masked(fetched.url)
        yield item


def masked(url: str) -> str:
    """`url` with any user name and password replaced by `***`."""
    scheme, sep, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    if not sep or "@" not in authority:
        return url
    return f"{scheme}://***@{authority.rpartition('@')[2]}{slash}{path}"


def fetch(url: str, *, allow_private: bool, timeout: float, max_bytes: int) -> Fetched:
    """GET `url` within the limits, following redirects; ReadError says what went wrong."""
    import httpx  # imported here: it takes a third of a second, and most runs read files

    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT}
    transport = httpx.HTTPTransport()
    # httpx has no public way to give its pool a network backend; this is its one attribute
    transport._pool._network_backend = DeadlineBackend(deadline)
    try:
        with httpx.Client(
            timeout=timeout, headers=headers, follow_redirects=False, transport=transport
        ) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                _check_deadline(deadline, timeout)
                check_url(url, allow_private=allow_private)
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise ReadError(f"HTTP {response.status_code} without a Location")
                        url = str(response.url.join(location))
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
        raise ReadError(f"request failed: {masked(str(error))}") from None
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
    """Why `address` is not a public one ("loopback", "private"...), or None if it is.

    An IPv6 address that carries an IPv4 one is judged by both."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_site_local:
            return "site-local"
        for carried in embedded_ipv4(address):
            kind = non_public_kind(carried)
            if kind:
                return kind
    for kind in _NON_PUBLIC:
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: mapped (::ffff:a.b.c.d), compatible
    (::a.b.c.d), 6to4 (2002::/16), NAT64 (64:ff9b::/96 and 64:ff9b:1::/48), Teredo."""
    value = int(address)
    low32 = ipaddress.IPv4Address(value & 0xFFFFFFFF)
    carried = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo:
        carried.append(address.teredo[1])
    if value >> 32 == 0 and value > 1:  # compatible form, not :: or ::1
        carried.append(low32)
    if address in _NAT64_WELL_KNOWN or address in _NAT64_LOCAL:
        carried.append(low32)
    return carried


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
