"""The store: articles and their records in SQL (SQLite by default, any SQLAlchemy URL)."""
