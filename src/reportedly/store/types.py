"""Column types that keep the records' JSON shape through any SQL backend."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Dialect, Float, Text
from sqlalchemy.types import TypeDecorator

from reportedly.store.sqlite import damaged


class JSONText(TypeDecorator[Any]):
    """A JSON value (dict, list) stored as text, read back as the same value."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        try:
            return json.loads(value)
        except (ValueError, RecursionError, TypeError) as exc:  # only a damaged file holds these
            raise damaged(None, f"a stored JSON value cannot be read: {exc}") from None


class Count(TypeDecorator[int | float]):
    """A figure bound (`low`, `high`, `point`): whole values come back as int, others as float."""

    impl = Float
    cache_ok = True

    def process_result_value(self, value: float | None, dialect: Dialect) -> int | float | None:
        if value is None:
            return None
        value = float(value)
        return int(value) if value.is_integer() else value
