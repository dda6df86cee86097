"""A shared PostgreSQL store: the roles of docs/postgresql.md, on the test server.

The SQL is read from the doc's `<!-- sql: roles -->` block and run as the superuser, so the
doc shows what is tested. A writer role owns the database and ingests; the analyst role
then runs every read command through the real CLI, and cannot write.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from postgres import PostgresServer
from reportedly.model import Article, Attribution, Figure, Report
from reportedly.store import open_store

DOC = Path(__file__).resolve().parents[1] / "docs" / "postgresql.md"
CLI = "from reportedly.cli import app; app()"
PORT = "The port authority said on Monday that 14 ships were held at anchor."


def roles_sql() -> list[str]:
    """The statements of the doc's roles block; `\\connect DB` lines kept as they are."""
    block = re.search(r"<!-- sql: roles -->\n```sql\n(.*?)\n```", DOC.read_text(), re.DOTALL)
    assert block, "docs/postgresql.md has no <!-- sql: roles --> block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def run_as_superuser(server: PostgresServer, statements: list[str], names: dict[str, str]) -> None:
    """Run the doc's statements with its names replaced by this test's (roles are global)."""
    database = "postgres"
    for statement in statements:
        for old, new in names.items():
            statement = re.sub(rf"\b{old}\b", new, statement)
        if statement.startswith("\\connect "):
            database = statement.split()[1]
            continue
        engine = create_engine(server.url(database), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(statement))
        engine.dispose()


def report() -> Report:
    article = Article(text=PORT, id="port-1", title="Ships wait", outlet="Coast Post")
    claim = Attribution(
        source="The port authority", cue="said", kind="indirect",
        content="14 ships were held at anchor", source_entity="Port Authority",
    )  # fmt: skip
    figure = Figure(
        text="14", low=14, high=14, qualifier="exact", category="other", subject="ships",
        source_entity="Port Authority", attribution=0,
    )  # fmt: skip
    return Report(article=article, attributions=[claim], figures=[figure])


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture
def shared(postgres: PostgresServer) -> dict[str, str]:
    """A database owned by a writer role, holding one article, and an analyst role: the doc's
    SQL run with names of this test's own. Everything is dropped afterwards."""
    tag = uuid.uuid4().hex[:8]
    names = {"reportedly": f"writer_{tag}", "analyst": f"analyst_{tag}", "news": f"news_{tag}"}
    run_as_superuser(postgres, roles_sql(), names)
    writer = postgres.url(names["news"], user=names["reportedly"])
    with open_store(writer) as store:  # the writer migrates after the grants: default privileges
        store.add(report())
    yield {
        "writer": writer,
        "analyst": postgres.url(names["news"], user=names["analyst"]),
    }
    run_as_superuser(
        postgres,
        [
            f"DROP DATABASE {names['news']} WITH (FORCE)",
            f"DROP OWNED BY {names['analyst']}",
            f"DROP ROLE {names['analyst']}",
            f"DROP ROLE {names['reportedly']}",
        ],
        {},
    )


# Each read command, and a piece of the one stored article that its JSON must show
READS = {
    "articles": (["articles"], '"title": "Ships wait"'),
    "show": (["show", "1"], '"content": "14 ships were held at anchor"'),
    "claims": (["claims"], '"source_entity": "Port Authority"'),
    "figures": (["figures"], '"subject": "ships"'),
    "quantities": (["quantities"], '"population": "ships"'),
    "stats": (["stats"], '"articles": 1'),
}


@pytest.mark.parametrize("name", READS)
def test_the_read_commands_work_through_the_read_only_role(shared, tmp_path, name):
    command, shown = READS[name]
    result = cli(*command, "--db", shared["analyst"], "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    assert shown in result.stdout


def test_export_works_through_the_read_only_role(shared, tmp_path):
    result = cli("export", "--db", shared["analyst"], "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = (tmp_path / "out" / "figures.csv").read_text(encoding="utf-8")
    assert "Port Authority" in figures


def test_the_read_only_role_cannot_write_and_says_so_in_one_line(shared, tmp_path):
    (tmp_path / "new.txt").write_text("Police said 3 people were hurt on Friday.\n")
    result = cli("ingest", str(tmp_path / "new.txt"), "--db", shared["analyst"], cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "permission denied for table articles" in result.stderr
    with open_store(shared["writer"]) as store:
        assert store.count_articles() == 1
