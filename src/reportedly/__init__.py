"""reportedly: turn news reports into sourced, structured data.

The public API:

    >>> import reportedly
    >>> report = reportedly.analyze("Officials said 12 people died.", published="2025-01-13")
    >>> store = reportedly.open_store("sqlite:///reportedly.db")
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportedly.api import analyze, analyze_articles, open_store
    from reportedly.model import Article, Attribution, Entity, Figure, Report

__version__ = "0.1.0"
__all__ = [
    "Article",
    "Attribution",
    "Entity",
    "Figure",
    "Report",
    "__version__",
    "analyze",
    "analyze_articles",
    "open_store",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

# The names are imported when first used, so that `import reportedly` (and every command
# line start, `--version` and `--help` included) does not load the store and its SQLAlchemy.
_HOMES = {"analyze": "api", "analyze_articles": "api", "open_store": "api"} | {
    name: "model" for name in ("Article", "Attribution", "Entity", "Figure", "Report")
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'reportedly' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"reportedly.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
