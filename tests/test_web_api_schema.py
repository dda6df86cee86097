"""Schemathesis against the live server's OpenAPI schema: for requests made from the schema
(valid and not), no route answers a 5xx, and every answer has a status code, content type
and body that the schema declares. The store holds three demo articles; the writes run with
the token (their random names are 404s, or real entities); /api/extract is left out (random
texts of up to ten million characters through the model would take hours, not a minute)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from typer.testing import CliRunner

from reportedly.cli import app
from stores import STORES, fresh_store
from web_server import serving

DEMO = Path(__file__).resolve().parents[1] / "src" / "reportedly" / "data" / "demo"
TOKEN = "schemathesis-write-token"
ARTICLES = (
    "2024-12-30-pentagon-thousand-casualties.txt",
    "2025-01-13-nis-300-killed.txt",
    "2025-01-13-nis-300-killed-lakeside.txt",
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


EXAMPLES = 10  # per operation and generation mode: about a minute a store


@pytest.fixture(params=STORES)
def api_schema(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[schemathesis.BaseSchema]:
    with fresh_store(request, tmp_path) as db:
        paths = [str(DEMO / name) for name in ARTICLES]
        assert CliRunner().invoke(app, ["ingest", *paths, "--db", db]).exit_code == 0
        with serving(db, write_token=TOKEN) as base:
            schema = schemathesis.openapi.from_url(f"{base}/api/openapi.json")
            schema.config.base_url = base
            yield schema.exclude(path="/api/extract")


def test_no_request_makes_a_server_error(api_schema: schemathesis.BaseSchema) -> None:
    # schemathesis' own pytest loader (from_fixture) fails on pytest 9: run hypothesis here
    failed: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                headers = {"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None
                case.call_and_validate(headers=headers, checks=CHECKS, timeout=60)

            try:
                run()
            except Unsatisfiable:  # no invalid request exists (no parameters, or any text)
                continue
            except Exception as exc:  # every operation runs; the failures are listed at the end
                failed.append(f"{operation.label} ({mode}): {str(exc)[:2000]}")
    assert not failed, "\n\n".join(failed)
