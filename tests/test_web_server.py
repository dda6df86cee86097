"""`reportedly serve` on a real HTTP server: it starts over a store, sends its security
headers on every response, and refuses to start over a store that is not there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from reportedly.store import open_store
from web_server import SRC, serving


def test_serves_a_read_only_store_with_its_security_headers(store_url: str) -> None:
    open_store(store_url).close()
    with serving(store_url) as base:
        status = httpx.get(f"{base}/api/status").json()
        page = httpx.get(f"{base}/")
    assert status["writable"] is False
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    scripts = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert scripts == "script-src 'self'"  # no inline script, no eval
    assert page.headers["x-content-type-options"] == "nosniff"


def test_a_missing_store_is_one_line_and_no_server(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    run = subprocess.run(
        [sys.executable, "-m", "reportedly", "serve", "--db", str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 1
    assert str(missing) in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not missing.exists()
