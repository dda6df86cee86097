"""Extraction: a spaCy pipeline plus reportedly's components, to `Report` records.

The names below are loaded on first use (PEP 562), so that importing a light
submodule (`extract.lexicon`, `extract.dates`, `extract.knowledge`) from the
store or the analysis does not import spaCy.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_pipeline", "extract_reports", "load_model", "load_pipeline", "pipeline_version"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reportedly.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
