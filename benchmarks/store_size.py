"""Bytes per article in a SQLite and a PostgreSQL store, and the write time per article.

    python benchmarks/store_size.py [--articles 400] [--postgresql URL]

Extracts `--articles` synthetic articles (throughput.py's) once, then stores the same
reports with `Store.add` into a new SQLite file and, with `--postgresql URL` (an empty
database), into PostgreSQL. Prints per article: the text's characters, the records
(claims, figures, entities), the store's growth in bytes (SQLite: the file after a WAL
checkpoint; PostgreSQL: `pg_database_size` less its size once migrated and empty) and
the milliseconds `Store.add` took (wall clock; the client's write cost when it writes).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from throughput import synthetic

from reportedly.extract.pipeline import extract_reports
from reportedly.model import Report
from reportedly.store import open_store


def database_bytes(store) -> int:
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            return int(pages) * int(conn.exec_driver_sql("PRAGMA page_size").scalar())
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())


def measure(url: str, reports: list[Report]) -> tuple[float, float]:
    """(bytes, ms) per article of storing `reports` into the new store at `url`."""
    with open_store(url) as store:
        empty = database_bytes(store)
        started = time.perf_counter()
        for report in reports:
            store.add(report)
        seconds = time.perf_counter() - started
        store.analyze()
        grown = database_bytes(store) - empty
    return grown / len(reports), 1000 * seconds / len(reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--postgresql", metavar="URL", help="an empty PostgreSQL database")
    args = parser.parse_args()
    reports = list(extract_reports(synthetic(args.articles)))
    count = len(reports)
    chars = sum(len(r.article.text) for r in reports) / count
    claims = sum(len(r.attributions) for r in reports) / count
    figures = sum(len(r.figures) for r in reports) / count
    entities = sum(len(r.entities) for r in reports) / count
    print(
        f"{count} articles: {chars:.0f} characters, {claims:.1f} claims, {figures:.1f} "
        f"figures, {entities:.1f} entities each on average"
    )
    with tempfile.TemporaryDirectory() as tmp:
        stores = {"SQLite": str(Path(tmp) / "size.db")}
        if args.postgresql:
            stores["PostgreSQL"] = args.postgresql
        for name, url in stores.items():
            size, ms = measure(url, reports)
            print(f"{name:<11} {size:8.0f} bytes/article; Store.add {ms:.1f} ms/article")
    print(f"load average (1 min) {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
