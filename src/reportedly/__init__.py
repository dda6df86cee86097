"""reportedly: turn news reports into sourced, structured data.

The public API:

    >>> import reportedly
    >>> report = reportedly.analyze("Officials said 12 people died.", published="2025-01-13")
    >>> store = reportedly.open_store("sqlite:///reportedly.db")
"""

from __future__ import annotations

import logging

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
