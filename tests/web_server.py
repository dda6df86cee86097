"""A real `reportedly serve` for the web tests: a uvicorn process on a free loopback port.

    with serving(db, write_token=None) as base_url:   # "http://127.0.0.1:PORT"
        httpx.get(f"{base_url}/api/status")

The server runs as a child process of the test (`python -m reportedly serve`), is waited
for until /api/status answers, and is stopped when the block ends, also on failure; if it
dies before answering, its output is in the failure. Its output goes to a temporary file,
not a pipe: a pipe no one reads fills up with the request log and stalls the server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

SRC = str(Path(__file__).resolve().parents[1] / "src")
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(
    db: str, *, write_token: str | None = None, extra: tuple[str, ...] = ()
) -> Iterator[str]:
    """Serve the store `db` on a free port; yield the base URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": SRC}
    env.pop("REPORTEDLY_WRITE_TOKEN", None)
    command = [sys.executable, "-m", "reportedly", "serve", "--db", db, "--port", str(port)]
    if write_token is not None:
        command += ["--write-token", write_token]
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed when the server stops
    process = subprocess.Popen(
        [*command, *extra], env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"reportedly serve exited {process.returncode}:\n{log.read()}")
            try:
                if httpx.get(f"{base}/api/status", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"reportedly serve did not answer in {START_SECONDS} s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
