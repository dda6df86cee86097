"""ISO dates as the store keeps them, and the one claim-day rule.

A figure's claim day (`claim_day`, stored in the indexed `figures.claim_day`) is its
stated date as stated, else its article's publication date, cut to a day: "2024-12"
stays "2024-12" (the timelines and the quantity view show it so). For a filter, a date
of any precision counts as its first day ("2024-12" as 2024-12-01, "2024" as
2024-01-01; `first_day`): "2024-12" is inside since=2024-12-01..until=2024-12-31 and
inside claimed=2024-12, not inside since=2024-12-02 nor until=2024-11-30. Stored
values sort so that this is a plain range of the column (`bounds`): "2024-12" sorts
just before "2024-12-01", so since=2024-12-01 keeps the values from "2024-12" on and
until=2024-11-30 those before "2024-12". The SQL filters (`date_range`) and the quantity
view's window (`in_bounds`) read the same bounds.
"""

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


def claim_day(stated_on: str | None, published: str | None) -> str | None:
    """A figure's claim day: `stated_on` as stated, else the article's publication date,
    cut to a day (None without either)."""
    return (stated_on or published or "")[:10] or None


def claim_day_sql(stated_on: Any, published: Any) -> Any:
    """`claim_day` in portable SQL (the backfill of `figures.claim_day`)."""
    day = func.substr(func.coalesce(func.nullif(stated_on, ""), published), 1, 10)
    return func.nullif(day, "")


def claim_month(day: Any) -> Any:
    """The month (YYYY-MM) a stored claim day counts in, in SQL: its first day's
    ("2024" -> "2024-01")."""
    return func.substr(day.concat("-01-01"), 1, 7)


def lowest(day: str) -> str:
    """The least stored date whose first day is `day` ("2024-12-01" -> "2024-12",
    "2024-01-01" -> "2024", "2024-12-15" stays)."""
    while day.endswith("-01"):
        day = day[:-3]
    return day


def bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The stored dates kept by [since, until] (periods, both inclusive: `until` covers
    the whole period it names): (least kept, least after), None where open."""
    low = None if since is None else lowest(parse_period(since, "since")[0].isoformat())
    high = None if until is None else lowest(parse_period(until, "until")[1].isoformat())
    return low, high


def in_bounds(day: str | None, low: str | None, high: str | None) -> bool:
    """Whether the stored date `day` is within `bounds` (an undated one never is)."""
    if day is None:
        return False
    return (low is None or day >= low) and (high is None or day < high)


def date_range(
    column: ColumnElement[Any], since: str | None, until: str | None
) -> list[ColumnElement[bool]]:
    """Conditions keeping rows whose ISO date `column` is in [since, until], both inclusive,
    a date of any precision counting as its first day (see the module doc).

    `until` covers the whole period it names ("2025-01" keeps all of January), and
    also ISO timestamps on its last day. Rows without a date are left out.
    """
    low, high = bounds(since, until)
    conditions: list[ColumnElement[bool]] = []
    if low is not None:
        conditions.append(column >= low)
    if high is not None:
        conditions.append(column < high)
    return conditions


def first_day(iso: str | None) -> date | None:
    """The first day of an ISO date of any precision ("2024-12-16", "2024-12", "2024")."""
    parts = (iso or "")[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        return date(*numbers, *([1] * (3 - len(numbers))))
    except (ValueError, TypeError):
        return None
