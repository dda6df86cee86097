"""A throwaway PostgreSQL server for the tests, run from the Debian server binaries.

`PostgresServer.start(folder)` makes a cluster in `folder` with `initdb` and starts it with
`pg_ctl`, listening only on a Unix socket in that folder (no TCP port, so parallel test
sessions never collide). As root, which `initdb` and `postgres` refuse to run as, both run
as the `postgres` system user that Debian's package creates (`runuser -u postgres --`).
Durability is switched off (`fsync`, `synchronous_commit`, `full_page_writes`): the
cluster lives for one test session. `database()` makes an empty database and drops it
afterwards; `stop()` stops the server at once (`pg_ctl stop -m immediate`), and `launch()`
starts a stopped one again with the same settings (benchmarks/reads.py --reuse).

Without the binaries `find_binaries` raises `PostgresMissing`, whose message says what to
install: the fixtures turn it into a test failure, never a skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine

DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin/initdb"  # one folder per major version
INSTALL_HINT = "install PostgreSQL's server from Debian's packages: `apt-get install postgresql`"
SERVER_USER = "postgres"  # the system user (and superuser role) of Debian's package
SETTINGS = (
    "listen_addresses=''",
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
)


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def find_binaries() -> Path:
    """The folder of `initdb` and `pg_ctl`: Debian's newest /usr/lib/postgresql/N/bin, else
    the PATH's."""
    debian = sorted(
        glob.glob(DEBIAN_BINARIES),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    initdb = debian[-1] if debian else shutil.which("initdb")
    if not initdb or not (Path(initdb).parent / "pg_ctl").exists():
        raise PostgresMissing(f"the PostgreSQL tests need initdb and pg_ctl: {INSTALL_HINT}")
    return Path(initdb).parent


def _as_server_user() -> list[str]:
    """The command prefix that runs the server binaries as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError as exc:
        raise PostgresMissing(
            f"running as root, the tests need the '{SERVER_USER}' system user: {INSTALL_HINT}"
        ) from exc
    return ["runuser", "-u", SERVER_USER, "--"]


@dataclass
class PostgresServer:
    """A running test cluster: its folder (data, socket, log) and its superuser's URL."""

    folder: Path
    binaries: Path
    prefix: list[str]

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def url(self, database: str = "postgres", user: str = SERVER_USER) -> str:
        """The SQLAlchemy URL of `database` on this server, as `user` (over the socket)."""
        return f"postgresql+psycopg://{user}@/{database}?host={self.folder}"

    @classmethod
    def start(cls, folder: Path) -> PostgresServer:
        """Make and start a cluster in `folder`, which must be empty or missing."""
        binaries = find_binaries()
        prefix = _as_server_user()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if prefix:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(folder, user.pw_uid, user.pw_gid)
        server = cls(folder, binaries, prefix)
        server._run(
            "initdb", "-D", str(server.data), "-U", SERVER_USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        server.launch()
        return server

    def launch(self) -> None:
        """Start the server of this folder's cluster (made by `start`), with SETTINGS."""
        options = " ".join(f"-c {setting}" for setting in SETTINGS)
        self._run(
            "pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.log),
            "-o", f"-k {self.folder} {options}",
        )  # fmt: skip

    def _run(self, binary: str, *args: str) -> None:
        command = [*self.prefix, str(self.binaries / binary), *args]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{binary} failed ({done.returncode}): {done.stderr.strip()}\n{log}".strip()
            )

    def stop(self) -> None:
        """Stop the server at once; its folder is left for the caller to remove."""
        self._run("pg_ctl", "stop", "-m", "immediate", "-D", str(self.data))

    def admin(self) -> Engine:
        """An autocommit engine on the `postgres` database, as the superuser."""
        return create_engine(self.url(), isolation_level="AUTOCOMMIT")

    @contextmanager
    def database(self) -> Iterator[str]:
        """The URL of a new, empty database, dropped (connections and all) afterwards."""
        name = f"test_{uuid.uuid4().hex[:16]}"
        admin = self.admin()
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"CREATE DATABASE {name}")
            try:
                yield self.url(name)
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        finally:
            admin.dispose()
