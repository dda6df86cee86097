"""The store: articles and their records in SQL (SQLite by default, any SQLAlchemy URL).

    open_store(db=None) -> Store     resolve, open and migrate (see resolve_url)
    Store.add(report) -> (id, new)   one transaction per article, idempotent by content hash
    Store.articles / article / claims / figures / top_sources   the reads

Tables, migrations and where the database lives: docs/store.md.
"""

from __future__ import annotations

from reportedly.store.engine import DEFAULT_DB, ENV_VAR, resolve_url
from reportedly.store.store import Store, open_store

__all__ = ["DEFAULT_DB", "ENV_VAR", "Store", "open_store", "resolve_url"]
