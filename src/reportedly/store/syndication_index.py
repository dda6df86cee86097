"""Syndication clusters kept current at write: each article's MinHash signature and
LSH bands are stored once (`article_sketches`, `sketch_bands`), and a new article
joins the clusters of the earlier articles that share a band with it and whose
estimated similarity is at least the threshold (reportedly.sketches).

An article's `cluster_id` is the lowest article id of its cluster; when a new
article joins two clusters, the higher one is relabelled (the write path's `joining`
hears of it first: the reports counted per quantity follow it). Articles are stored in
id order, so this gives what a batch `cluster_articles` gives on the same texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Connection, insert, select, tuple_, update

from reportedly.sketches import THRESHOLD, band_hashes, from_bytes, signature, similarity, to_bytes
from reportedly.store.schema import article_sketches, articles, sketch_bands

Joining = Callable[[Connection, list[int], int], None]


def index_sketch(
    conn: Connection, article_id: int, text: str, joining: Joining | None = None
) -> int:
    """Store the article's sketch and set its cluster id (and its new cluster's); returns it.
    `joining(conn, clusters, cluster)` is called before the clusters (their ids) are
    relabelled as `cluster`."""
    values = signature(text)
    bands = band_hashes(values)
    s, b = article_sketches, sketch_bands
    sharing = (
        select(b.c.article_id)
        .where(tuple_(b.c.band, b.c.hash).in_(list(enumerate(bands))))
        .distinct()
    )
    rows = conn.execute(
        select(s.c.article_id, s.c.signature, articles.c.cluster_id)
        .join(articles, articles.c.id == s.c.article_id)
        .where(s.c.article_id.in_(sharing))
    ).all()
    joined = {
        row.cluster_id if row.cluster_id is not None else row.article_id
        for row in rows
        if similarity(values, from_bytes(row.signature)) >= THRESHOLD
    }
    cluster = min(joined | {article_id})
    conn.execute(insert(s).values(article_id=article_id, signature=to_bytes(values)))
    conn.execute(
        insert(b), [{"band": i, "hash": h, "article_id": article_id} for i, h in enumerate(bands)]
    )
    relabel = sorted(joined - {cluster})
    if relabel:
        if joining is not None:
            joining(conn, relabel, cluster)
        conn.execute(
            update(articles).where(articles.c.cluster_id.in_(relabel)).values(cluster_id=cluster)
        )
        conn.execute(
            update(articles)
            .where(articles.c.id.in_(relabel), articles.c.cluster_id.is_(None))
            .values(cluster_id=cluster)
        )
    conn.execute(update(articles).where(articles.c.id == article_id).values(cluster_id=cluster))
    return cluster


def index_sketches(conn: Connection, texts: Iterable[tuple[int, str]]) -> None:
    """Index articles that have no sketch yet, in id order (a store made before them)."""
    for article_id, text in sorted(texts):
        index_sketch(conn, article_id, text)
