"""Exceptions and the per-input error record.

    ReportedlyError
      + ReadError        an input could not be read (file, line, why); the batch goes on
      + StoreError       the store could not be opened or written
      + PipelineError    the spaCy pipeline could not be built or loaded
      + ExtractError     an article could not be extracted (too long, too slow, a fault)
      + ExportError      an export file could not be written (full disk, no permission)
      + EntityError      an entity edit names no stored entity
      + SearchError      a search's text cannot be read as a query (says why)
      + ClusterError     a Dask cluster could not be reached or used
    StoreError
      + TimeLimitError   a request's reads ran past their time limit

A reader never raises for one bad input: it yields a `ReadFailure` naming the
input (`path:line`) and the reason, so the rest of a batch is still read.
"""

from __future__ import annotations

from dataclasses import dataclass


class ReportedlyError(Exception):
    """Base of every error reportedly raises on purpose."""


class ReadError(ReportedlyError):
    """An input could not be read."""


class StoreError(ReportedlyError):
    """The store could not be opened, migrated or written."""


class PipelineError(ReportedlyError):
    """The extraction pipeline could not be built."""


class ExtractError(ReportedlyError):
    """An article could not be extracted."""


class ExportError(ReportedlyError):
    """An export file could not be written."""


class EntityError(ReportedlyError):
    """An entity edit names no stored entity."""


class SearchError(ReportedlyError):
    """A search's text cannot be read as a query."""


class TimeLimitError(StoreError):
    """Reads ran past the time limit they were given (`Store.time_limited`)."""


class ClusterError(ReportedlyError):
    """A Dask cluster could not be reached, or cannot run what was asked."""


@dataclass(frozen=True)
class ReadFailure:
    """One input that could not be read, or whose article could not be extracted:
    where it is and why."""

    origin: str  # "path", "path:line", a URL or "-"
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
