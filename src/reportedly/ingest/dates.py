"""Dates as inputs write them, normalised to ISO `YYYY-MM-DD` (python-dateutil)."""

from __future__ import annotations

from datetime import date, datetime

from dateutil import parser as dateparser

# Parsing twice with two different defaults shows which parts the text left out:
# a part that changes with the default was not written.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def iso_date(value: object) -> str | None:
    """`YYYY-MM-DD` for a complete written date (day, month and year), else None.

    The date is the one written, in the writer's own time zone: "2014-04-15T23:30-05:00"
    is 2014-04-15. Partial dates ("April 2014") and unparseable text give None.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        first, second = (dateparser.parse(value, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():
        return None
    return first.date().isoformat()
