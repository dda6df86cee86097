"""ISO dates as the store keeps them: their first day, and the `since`/`until` filters
as portable string comparisons."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func


def parse_period(value: str, name: str) -> tuple[date, date]:
    """The first day of the period `value` names (YYYY, YYYY-MM, YYYY-MM-DD) and the day after."""
    try:
        if len(value) == 4:
            start = date(int(value), 1, 1)
            return start, date(start.year + 1, 1, 1)
        if len(value) == 7:
            start = date.fromisoformat(value + "-01")
            nxt = date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return start, nxt
        start = date.fromisoformat(value)
        if len(value) == 10:
            return start, start + timedelta(days=1)
    except ValueError:
        pass
    raise ValueError(f"{name}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")


def date_range(
    column: ColumnElement[Any], since: str | None, until: str | None
) -> list[ColumnElement[bool]]:
    """Conditions keeping rows whose ISO date `column` is in [since, until], both inclusive.

    `until` covers the whole period it names ("2025-01" keeps all of January), and
    also ISO timestamps on its last day. Rows without a date are left out.
    """
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= parse_period(since, "since")[0].isoformat())
    if until is not None:
        conditions.append(column < parse_period(until, "until")[1].isoformat())
    return conditions


def stated_day(stated_on: Any) -> Any:
    """A figure's stated date as a day ("2024-12" -> "2024-12-01", "2024" -> "2024-01-01";
    None without one), in portable SQL (|| and substr)."""
    return func.substr(stated_on.concat("-01-01"), 1, 10)


def claim_day(stated_on: Any, published: Any) -> Any:
    """A figure's claim date as a day: its stated date (`stated_day`), else its article's
    `published`."""
    return func.coalesce(stated_day(stated_on), published)


def first_day(iso: str | None) -> date | None:
    """The first day of an ISO date of any precision ("2024-12-16", "2024-12", "2024")."""
    parts = (iso or "")[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        return date(*numbers, *([1] * (3 - len(numbers))))
    except (ValueError, TypeError):
        return None
