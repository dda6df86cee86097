"""Shared fixtures: the one conftest of the test suite (spaCy's habit)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The full reportedly pipeline on the pinned English model, loaded once."""
    from reportedly.extract import load_pipeline

    return load_pipeline()
