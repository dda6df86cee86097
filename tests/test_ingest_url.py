"""URLs: a real HTTP server on 127.0.0.1 (allowed with allow_private) and the refusals."""

import contextlib
import ipaddress
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reportedly.errors import ReadFailure
from reportedly.ingest import read_inputs
from reportedly.ingest.url import MAX_REDIRECTS, non_public_kind, read_url
from reportedly.model import Article

DATA = Path(__file__).parent / "data" / "ingest"

# path -> (status, headers, body)
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/article": (200, {"Content-Type": "text/html; charset=utf-8"},
                 (DATA / "article.html").read_bytes()),
    "/feed": (200, {"Content-Type": "application/rss+xml"}, (DATA / "feed.rss").read_bytes()),
    "/lines": (200, {"Content-Type": "application/x-ndjson"},
               (DATA / "articles.jsonl").read_bytes()),
    "/latin": (200, {"Content-Type": "text/plain; charset=iso-8859-1"},
               "Le ministère a annoncé 130 élèves disparus.".encode("iso-8859-1")),
    "/untyped": (200, {}, b'{"id": "u", "text": "Sniffed as JSON."}'),
    "/octet": (200, {"Content-Type": "application/octet-stream"},
               b'{"id": "o", "text": "Sent as bytes, sniffed as JSON."}'),
    "/octet-binary": (200, {"Content-Type": "application/octet-stream"}, b"\x00\x01\x02\xff" * 8),
    "/moved": (302, {"Location": "/article"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
    "/missing": (404, {"Content-Type": "text/plain"}, b"not here"),
    "/declared-big": (200, {"Content-Type": "text/plain"}, b"word " * 400),
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n\x00"),
    "/empty": (200, {"Content-Type": "text/html"}, b""),
}  # fmt: skip


class Handler(BaseHTTPRequestHandler):
    """Serves ROUTES, plus a slow page and a big page without a declared length."""

    def do_GET(self) -> None:
        # the client may have stopped reading (the big page) or given up (the slow one)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer()

    def _answer(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/undeclared-big":  # no Content-Length: read until the limit
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"word " * 100)
            return
        status, headers, body = ROUTES.get(self.path, (200, {}, b"late"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # server_close waits for the request threads, so none (the slow page's, answering a
    # client that gave up) outlives the module and writes into another test's output
    httpd.daemon_threads = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def read(url: str, **limits: float) -> list[Article | ReadFailure]:
    return list(read_url(url, allow_private=True, **limits))


def test_html_page(server):
    [article] = read(f"{server}/article")
    assert "234 girls were missing" in article.text
    assert article.origin == f"{server}/article"
    assert article.url == "https://news.example.org/2014/04/21/chibok-count"  # canonical


def test_redirect_is_followed_and_origin_is_the_url_given(server):
    [article] = read(f"{server}/moved")
    assert article.origin == f"{server}/moved"
    assert "234 girls were missing" in article.text


def test_feed_and_json_lines_by_content_type(server):
    entries = read(f"{server}/feed")
    assert [item.origin for item in entries] == [f"{server}/feed[{i}]" for i in range(3)]
    lines = read(f"{server}/lines")
    assert [item.id for item in lines] == ["w1", "7"]
    assert lines[0].origin == f"{server}/lines:1"


def test_charset_from_header_and_url_filled_in(server):
    [article] = read(f"{server}/latin")
    assert article.text == "Le ministère a annoncé 130 élèves disparus."
    assert article.url == f"{server}/latin"


def test_no_content_type_is_sniffed(server):
    [article] = read(f"{server}/untyped")
    assert (article.id, article.text) == ("u", "Sniffed as JSON.")


def test_octet_stream_is_sniffed_through_the_cli(server):
    from typer.testing import CliRunner

    from reportedly.cli import app

    runner = CliRunner()
    refused = runner.invoke(app, ["extract", f"{server}/octet", "-f", "jsonl"])
    assert refused.exit_code == 1
    assert "pass --allow-private" in refused.stderr
    read_it = runner.invoke(app, ["extract", f"{server}/octet", "-f", "jsonl", "--allow-private"])
    assert read_it.exit_code == 0, read_it.stderr
    assert json.loads(read_it.stdout)["id"] == "o"


@pytest.mark.parametrize(
    ("path", "limits", "reason"),
    [
        ("/missing", {}, "HTTP 404 Not Found"),
        ("/loop", {}, f"more than {MAX_REDIRECTS} redirects"),
        ("/to-file", {}, "unsupported URL scheme 'file'"),
        ("/declared-big", {"max_bytes": 1000}, "response of 2000 bytes is over the limit of 1000"),
        ("/undeclared-big", {"max_bytes": 1000}, "response is over the limit of 1000 bytes"),
        ("/image", {}, "unsupported content type image/png"),
        ("/octet-binary", {}, "binary file, not text"),
        ("/empty", {}, "empty response"),
        ("/slow", {"timeout": 0.3}, "timed out after 0.3 s"),
    ],
)
def test_failures(server, path, limits, reason):
    assert read(f"{server}{path}", **limits) == [ReadFailure(f"{server}{path}", reason)]


def test_local_server_is_refused_without_the_flag(server):
    url = f"{server}/article"
    [failure] = read_inputs([url])
    assert failure == ReadFailure(
        url,
        "refused: 127.0.0.1 resolves to 127.0.0.1, which is loopback"
        " (pass --allow-private, or allow_private=True in Python, to read it)",
    )
    [article] = read_inputs([url], allow_private=True)
    assert isinstance(article, Article)


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("localhost", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),
        ("[::1]", "loopback"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "non-public"),
    ],
)
def test_non_public_hosts_are_refused(host, kind):
    [failure] = read_url(f"http://{host}/page")
    assert failure.reason.endswith(
        f", which is {kind} (pass --allow-private, or allow_private=True in Python, to read it)"
    )
    assert failure.reason.startswith(f"refused: {host.strip('[]')} resolves to ")


def test_public_addresses_pass_the_check():
    assert non_public_kind(ipaddress.ip_address("93.184.215.14")) is None
    assert non_public_kind(ipaddress.ip_address("2606:4700::6810:84e5")) is None


def test_other_schemes_are_refused_in_read_inputs():
    assert list(read_inputs(["ftp://example.org/a.txt"])) == [
        ReadFailure("ftp://example.org/a.txt", "unsupported URL scheme 'ftp'")
    ]
