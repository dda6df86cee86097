"""Extraction: a spaCy pipeline plus reportedly's components, to `Report` records."""

from reportedly.extract.pipeline import (
    build_pipeline,
    extract_reports,
    load_model,
    load_pipeline,
    pipeline_version,
)

__all__ = ["build_pipeline", "extract_reports", "load_model", "load_pipeline", "pipeline_version"]
