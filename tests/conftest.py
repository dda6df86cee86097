"""Shared fixtures: the one conftest of the test suite (spaCy's habit)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The full reportedly pipeline on the pinned English model, loaded once."""
    from reportedly.extract import load_pipeline

    return load_pipeline()


@pytest.fixture
def locked() -> Iterator[list[Path]]:
    """Paths a test makes read-only (read_only.set_read_only), writable again afterwards."""
    from read_only import set_read_only

    paths: list[Path] = []
    yield paths
    for path in reversed(paths):
        set_read_only(path, False)
