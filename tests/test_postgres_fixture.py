"""The PostgreSQL test server itself: it says what to install, and it is stopped on failure.

A session of pytest runs in a subprocess on a test written here that fails on PostgreSQL;
afterwards its server is gone (no process, no folder), as after any session.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import postgres
from postgres import PostgresMissing, find_binaries

TESTS = Path(__file__).resolve().parent
PYTHONPATH = [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
FAILING = """
def test_fails_on_a_fresh_store(store_url):
    print("URL", store_url)
    assert False, "failing on purpose"
"""


def test_without_the_binaries_the_error_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(postgres, "DEBIAN_BINARIES", str(tmp_path / "*" / "bin" / "initdb"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PostgresMissing, match=r"apt-get install postgresql"):
        find_binaries()


def server_processes(folder: str) -> list[str]:
    """The command lines of running processes that name `folder`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if folder in text:
            found.append(text)
    return found


def test_a_failing_session_stops_its_server_and_removes_its_folder(tmp_path):
    (tmp_path / "test_failing.py").write_text(FAILING, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-s",
         "-k", "postgresql", str(tmp_path / "test_failing.py")],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *PYTHONPATH])},
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "failing on purpose" in done.stdout
    url = re.search(r"URL (\S+)", done.stdout)
    assert url, done.stdout
    folder = url.group(1).split("host=")[1]
    assert folder.startswith("/tmp/reportedly-pg-")
    assert not Path(folder).exists()
    assert server_processes(folder) == []
