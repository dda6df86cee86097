"""Who made each entity edit (migration 14): the audit trail records the writer a front end
names (a web login's name, "api (HOST)" for a bearer token: tests/test_web_security.py;
"cli (USER)" from the command line), on SQLite and PostgreSQL; an edit recorded before
migration 14 keeps its place in the trail with no writer."""

from __future__ import annotations

import getpass
import json

from sqlalchemy import text
from typer.testing import CliRunner

from analysis_data import figure, said
from reportedly.app.entities import entity_history, merge_entities, set_grade
from reportedly.cli import app
from reportedly.store import open_store, resolve_url
from reportedly.store.engine import create_store_engine
from reportedly.store.migrations import MIGRATIONS, migrate

runner = CliRunner()


def _add_two_claimants(db: str) -> None:
    with open_store(db) as store:
        store.add(said("Harbour Office", "2025-03-01", "Coast Post", [figure(12, "missing")]))
        store.add(said("Port Authority", "2025-03-02", "Coast Post", [figure(14, "missing")]))


def test_each_edit_records_who_made_it(store_url: str) -> None:
    _add_two_claimants(store_url)
    with open_store(store_url) as store:
        merge_entities(store, "Port Authority", "Harbour Office", "Mira Okafor")
        set_grade(store, "Port Authority", "B", "api (10.0.0.7)")
    result = runner.invoke(app, ["entities", "split", "Port Authority", "Harbour Office",
                                 "--db", store_url])  # fmt: skip
    assert result.exit_code == 0, result.output
    with open_store(store_url, read_only=True) as store:
        trail = entity_history(store)
    assert [(e["action"], e["other"], e["made_by"]) for e in trail] == [
        ("merge", "Harbour Office", "Mira Okafor"),
        ("grade", "B", "api (10.0.0.7)"),
        ("split", "Harbour Office", f"cli ({getpass.getuser()})"),
    ]
    assert all(e["made_at"] for e in trail)


def test_an_edit_from_before_migration_14_has_no_writer(store_url: str) -> None:
    engine = create_store_engine(resolve_url(store_url))
    before = [m for m in MIGRATIONS if m.version < 14]
    migrate(engine, before)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO entity_edits (action, name, other, made_at) "
                "VALUES ('merge', 'Port Authority', 'Harbour Office', '2025-01-02T03:04:05+00:00')"
            )
        )
    engine.dispose()
    _add_two_claimants(store_url)  # opening the store migrates it to 14
    with open_store(store_url, read_only=True) as store:
        (old,) = entity_history(store)
    assert (old["action"], old["made_at"], old["made_by"]) == (
        "merge",
        "2025-01-02T03:04:05+00:00",
        None,
    )
    shown = runner.invoke(app, ["entities", "list", "--db", store_url, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    (port,) = [e for e in json.loads(shown.stdout) if e["name"] == "Port Authority"]
    assert "Harbour Office" in port["aliases"]  # the old edit still applies
