"""Write throughput of `Store.add` on PostgreSQL, against the same rows sent other ways.

    python benchmarks/postgresql_writes.py --db postgresql+psycopg://USER@HOST/DB
                                           [--articles 300] [--records 12] [--rounds 5]

`--db` must name an existing database that the user may write (it is migrated first; the
articles are made distinct per round, so nothing is skipped as already stored). Each
article carries `--records` attributions, figures and relay links and one entity, and is
written in its own transaction, as an ingest writes it, three ways:

- `Store.add`: what reportedly does (SQLAlchemy Core, and each record table's rows in one
  `COPY`: store/bulk.py);
- `row by row`: straight through psycopg, one `execute` and one round trip per record, the
  cost that batching saves;
- `COPY`: straight through psycopg, the record tables with `COPY ... FROM STDIN`: what
  `Store.add` would cost without SQLAlchemy's own work.

The three alternate within each round (their order rotates), so a noisy machine weighs on
each alike; the script prints each one's median articles per second with its range.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Dialect, Table

from reportedly.model import Article, Attribution, Entity, Figure, Report
from reportedly.store import Store, open_store
from reportedly.store.rows import article_values, record_values, relay_link_values
from reportedly.store.schema import articles, attributions, entities, figures, relay_links


def report(n: int, records: int) -> Report:
    """A distinct article with `records` attributions (nested), figures and relay links."""
    text = f"Bulletin {n}: the port authority said {n} ships waited and {2 * n} crew were ashore."
    return Report(
        article=Article(text=text, id=f"b-{n}", outlet="Harbour Wire", published="2025-05-01"),
        attributions=[
            Attribution(
                source="the port authority",
                cue="said",
                content=f"claim {i} of {n}",
                kind="indirect",
                source_entity="Port Authority",
                parent=i - 1 if i else None,
            )
            for i in range(records)
        ],
        figures=[
            Figure(
                text=f"{n} ships",
                low=n,
                high=n,
                qualifier="exact",
                category="other",
                subject=f"ships {i}",
                attribution=0,
            )
            for i in range(records)
        ],
        entities=[Entity(name="Port Authority", type="org", mentions=[(14, 32)])],
    )


Writer = Callable[[Store, Report], None]


def by_store(store: Store, rep: Report) -> None:
    store.add(rep)


def _bound(table: Table, row: dict[str, Any], dialect: Dialect) -> list[Any]:
    """The row's values as the driver takes them (JSON columns as text, and so on)."""
    values = []
    for key, value in row.items():
        process = table.c[key].type.bind_processor(dialect)
        values.append(process(value) if process else value)
    return values


def _article_id(cursor: Any, rep: Report, dialect: Dialect) -> int:
    row = article_values(rep.article, datetime.now(UTC).isoformat(timespec="seconds"), None)
    columns = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    sql = f"INSERT INTO articles ({columns}) VALUES ({marks}) RETURNING id"
    cursor.execute(sql, _bound(articles, row, dialect))
    return int(cursor.fetchone()[0])


def _links(cursor: Any, rep: Report, article_id: int) -> list[dict[str, Any]]:
    cursor.execute(
        "SELECT id FROM attributions WHERE article_id = %s ORDER BY position", [article_id]
    )
    ids = [row[0] for row in cursor.fetchall()]
    chains = [a.chain for a in rep.attributions]
    return relay_link_values(chains, ids, article_id, rep.article.outlet)


Send = Callable[[Any, Table, list[list[Any]], list[str]], None]


def _raw(store: Store, send: Send, rep: Report) -> None:
    """Write `rep` through the driver itself, each record table with `send`."""
    dialect = store.engine.dialect
    connection = store.engine.raw_connection()
    try:
        with connection.cursor() as cursor:
            # as Store.add does: is the article stored already?
            sql = "SELECT id FROM articles WHERE content_hash = %s"
            if cursor.execute(sql, [rep.article.content_hash]).fetchone():
                return
            article_id = _article_id(cursor, rep, dialect)
            tables = [
                (attributions, record_values(rep.attributions, article_id)),
                (figures, record_values(rep.figures, article_id)),
                (entities, record_values(rep.entities, article_id)),
            ]
            for table, rows in tables:
                if rows:
                    send(cursor, table, [_bound(table, r, dialect) for r in rows], list(rows[0]))
            links = _links(cursor, rep, article_id)
            if links:
                send(
                    cursor,
                    relay_links,
                    [_bound(relay_links, r, dialect) for r in links],
                    list(links[0]),
                )
        connection.commit()
    finally:
        connection.close()


def _quoted(name: str) -> str:
    return f'"{name}"'


def _row_by_row(cursor: Any, table: Table, rows: list[list[Any]], columns: list[str]) -> None:
    names = ", ".join(map(_quoted, columns))
    marks = ", ".join(["%s"] * len(columns))
    for row in rows:
        cursor.execute(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", row)


def _copy(cursor: Any, table: Table, rows: list[list[Any]], columns: list[str]) -> None:
    names = ", ".join(map(_quoted, columns))
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


WAYS: dict[str, Writer] = {
    "Store.add": by_store,
    "row by row": lambda store, rep: _raw(store, _row_by_row, rep),
    "COPY": lambda store, rep: _raw(store, _copy, rep),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a postgresql+psycopg:// URL")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--records", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rates: dict[str, list[float]] = {name: [] for name in WAYS}
    names = list(WAYS)
    with open_store(args.db) as store:
        if store.engine.dialect.name != "postgresql":
            parser.error("--db must be a PostgreSQL URL")
        serial = int(time.time() * 1000)  # new articles on every run of the script
        for round_ in range(args.rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                reports = [report(serial + i, args.records) for i in range(args.articles)]
                serial += args.articles
                start = time.perf_counter()
                for rep in reports:
                    WAYS[name](store, rep)
                rates[name].append(args.articles / (time.perf_counter() - start))
    print(
        f"{args.articles} articles a round, {args.records} attributions, figures and relay "
        f"links each, one transaction per article, {args.rounds} rounds alternated"
    )
    base = statistics.median(rates["Store.add"])
    for name, values in rates.items():
        median = statistics.median(values)
        print(
            f"{name:<12} {median:7.1f} articles/s (median; {min(values):.1f} to "
            f"{max(values):.1f})  {median / base:5.2f} x Store.add"
        )


if __name__ == "__main__":
    main()
