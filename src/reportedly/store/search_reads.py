"""The search box's reads: article and claim hits of a query and filters, their number and
their facets, each one SQL query on the full-text indexes (store/text_search.py).

A hit is an article (its title or text holds the query) or a claim (its source,
claimant or content does). The filters: `outlet` (any case) and `since`/`until`
(the article's publication date; a claim's date is its article's) apply to both;
`claimant` (the canonical entity's name, any case) and `kind` keep the claims
that have them, `category` and `place` (a figure's place or event, any case) the
claims that hold such a figure, `claimed` (a period) the claims made in it, and each
keeps the articles holding such a claim or figure. A claim's date (`claimed`) is the
stored claim day of each figure it holds (`figures.claim_day`, indexed: the figure's
`stated_on`, else the publication date, as `figures --since` reads it; a partial date
counts as its first day, store/dates.py), and its article's publication date when it
holds none. Hits are ordered newest article first (by id), each article before its
claims, claims by position. The facets count hits: `outlet` every hit, `claimant`,
`kind`, `category`, `claimed` (by month, YYYY-MM) and `place` the claim hits (a
claim's category, place and months are those of the figures it holds), the ten most
frequent values each.
Mixed into Store (which provides `engine`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Select,
    and_,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from reportedly.store.dates import claim_month, date_range
from reportedly.store.schema import articles, attributions, canonical_entities, figures
from reportedly.store.search_query import Query
from reportedly.store.text_search import article_search, claim_search

FACET_VALUES = 10
FACET_HITS = 1_000  # the facets count the first this many hits
TOTAL_CAP = 10_000  # hits are counted up to this many
FACETS = ("claimant", "category", "outlet", "claimed", "place", "kind")
ARTICLE_HIT, CLAIM_HIT = 0, 1


@dataclass(frozen=True)
class SearchFilters:
    """The facets a search is narrowed by (None: any)."""

    claimant: str | None = None
    category: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    kind: str | None = None
    claimed: str | None = None  # a period (YYYY, YYYY-MM, YYYY-MM-DD) of the claim date


def _same(column: Any, value: str) -> Any:
    return func.lower(column) == value.lower()


def _claimant_ids(name: str) -> Select[Any]:
    return select(canonical_entities.c.id).where(_same(canonical_entities.c.name, name))


def _figure_conditions(filters: SearchFilters) -> list[Any]:
    f = figures.c
    found = []
    if filters.category is not None:
        found.append(f.category == filters.category)
    if filters.place is not None:
        found.append(or_(_same(f.place, filters.place), _same(f.event, filters.place)))
    return found


def _claims_dated(period: str) -> Any:
    """The ids and articles of the claims made in `period` (see the module doc), as a CTE:
    those holding a figure whose stored claim day is in it (by its index), and those of
    the articles published in it that hold no figure."""
    f, c, a = figures.c, attributions.c, articles.c
    held = and_(f.article_id == c.article_id, f.attribution == c.position)
    stated = (
        select(c.id, c.article_id)
        .join_from(figures, attributions, held)
        .where(*date_range(f.claim_day, period, period))
    )
    published = (
        select(c.id, c.article_id)
        .join_from(attributions, articles, a.id == c.article_id)
        .where(*date_range(a.published, period, period), ~exists().where(held))
    )
    return union_all(stated, published).cte("claims_dated")  # one read for both kinds of hit


def _article_conditions(
    dialect: str, query: Query | None, filters: SearchFilters, dated: Any
) -> list[Any]:
    """Where an article is a hit: its words, its columns, the records it holds."""
    a, c = articles.c, attributions.c
    found = [*date_range(a.published, filters.since, filters.until)]
    if query is not None:
        found.append(article_search(dialect, query))
    if filters.outlet is not None:
        found.append(_same(a.outlet, filters.outlet))
    if filters.claimant is not None:  # by the entity's index: a claimant's articles are few
        found.append(
            a.id.in_(select(c.article_id).where(c.entity_id.in_(_claimant_ids(filters.claimant))))
        )
    if filters.kind is not None:  # one of three values: probed per article, not listed
        found.append(exists().where(c.article_id == a.id, c.kind == filters.kind))
    held = _figure_conditions(filters)
    if held:
        found.append(a.id.in_(select(figures.c.article_id).where(*held)))
    if dated is not None:
        found.append(a.id.in_(select(dated.c.article_id)))
    return found


def _claim_conditions(
    dialect: str, query: Query | None, filters: SearchFilters, dated: Any
) -> list[Any]:
    """Where a claim (joined with its article) is a hit; `dated`: the claims made in the
    period `claimed` (`_claims_dated`), if it is given."""
    a, c, f = articles.c, attributions.c, figures.c
    found = [*date_range(a.published, filters.since, filters.until)]
    if query is not None:
        found.extend(claim_search(dialect, query))
    if filters.outlet is not None:
        found.append(_same(a.outlet, filters.outlet))
    if filters.claimant is not None:
        found.append(c.entity_id.in_(_claimant_ids(filters.claimant)))
    if filters.kind is not None:
        found.append(c.kind == filters.kind)
    held = _figure_conditions(filters)
    if held:
        holds = and_(f.article_id == c.article_id, f.attribution == c.position, *held)
        found.append(exists().where(holds))
    if dated is not None:
        found.append(c.id.in_(select(dated.c.id)))
    return found


def _first(hits: Select[Any], rows: int) -> Select[Any]:
    """The first `rows` of one kind of hit in the hits' order, as a select to merge."""
    column = hits.selected_columns
    arm = hits.order_by(column.article_id.desc(), column.position).limit(rows).subquery()
    return select(arm.c).select_from(arm)


class SearchReads:
    """The search's queries; mixed into Store, which provides `engine`."""

    engine: Engine

    def _hits(self, query: Query | None, filters: SearchFilters) -> tuple[Select[Any], ...]:
        """The article hits and the claim hits as selects of (type, article_id, id, position)."""
        dialect = self.engine.dialect.name
        dated = None if filters.claimed is None else _claims_dated(filters.claimed)
        article_hits = select(
            literal(ARTICLE_HIT).label("type"),
            articles.c.id.label("article_id"),
            cast(null(), Integer).label("id"),
            literal(-1).label("position"),
        ).where(*_article_conditions(dialect, query, filters, dated))
        claim_hits = (
            select(
                literal(CLAIM_HIT).label("type"),
                attributions.c.article_id,
                attributions.c.id,
                attributions.c.position,
            )
            .join_from(attributions, articles, attributions.c.article_id == articles.c.id)
            .where(*_claim_conditions(dialect, query, filters, dated))
        )
        return article_hits, claim_hits

    def _page(
        self, query: Query | None, filters: SearchFilters, limit: int, offset: int
    ) -> Select[Any]:
        """The hits from `offset`, `limit` of them, in order, as (type, article_id, id,
        position): each kind of hit is read in order up to the page's end (by index), then
        the two are merged."""
        firsts = [_first(hits, limit + offset) for hits in self._hits(query, filters)]
        merged = union_all(*firsts).subquery()
        return (
            select(merged)
            .order_by(merged.c.article_id.desc(), merged.c.type, merged.c.position)
            .limit(limit)
            .offset(offset)
        )

    def search_hits(
        self, query: Query | None, filters: SearchFilters, *, limit: int, offset: int = 0
    ) -> tuple[list[dict[str, Any]], dict[str, list[tuple[str, int]]], int]:
        """A page of hits, the facets of the first FACET_HITS hits (see the module doc) and
        how many hits they counted; both from one read of the first hits in order.

        A hit: type ("article" or "claim"), article_id, title, outlet, published, text (of
        an article hit), and for a claim hit its id, source, source_entity, content, kind
        and their offsets. The facets: {facet: [(value, count), ...]}."""
        with self.engine.connect() as conn:
            first = conn.execute(self._page(query, filters, max(FACET_HITS, limit + offset), 0))
            sample = first.all()
            rows = sample[offset : offset + limit]
            facets = _facets(conn, sample[:FACET_HITS])
            ids = {row.article_id for row in rows}
            texts = {row.article_id for row in rows if row.type == ARTICLE_HIT}
            claim_ids = [row.id for row in rows if row.type == CLAIM_HIT]
            a, c = articles.c, attributions.c
            found = {
                row.id: row._asdict()
                for row in conn.execute(
                    select(a.id, a.title, a.outlet, a.published).where(a.id.in_(ids))
                )
            }
            text_of = dict(conn.execute(select(a.id, a.text).where(a.id.in_(texts))).all())
            claims = {
                row.id: row._asdict()
                for row in conn.execute(
                    select(
                        c.id, c.source, c.source_entity, c.content, c.kind, c.source_start,
                        c.source_end, c.content_start, c.content_end,
                    ).where(c.id.in_(claim_ids))
                )
            }  # fmt: skip
        listed = []
        for row in rows:
            article = found[row.article_id]
            base = {"article_id": row.article_id, **{k: article[k] for k in article if k != "id"}}
            if row.type == ARTICLE_HIT:
                listed.append({"type": "article", **base, "text": text_of[row.article_id]})
            else:
                listed.append({"type": "claim", **base, **claims[row.id]})
        return listed, facets, min(len(sample), FACET_HITS)

    def search_total(self, query: Query | None, filters: SearchFilters) -> int | None:
        """How many hits the query and filters have; None when more than TOTAL_CAP (counting
        every hit of a common word in a large store would cost more than the page)."""
        hits = union_all(*self._hits(query, filters)).limit(TOTAL_CAP + 1).subquery()
        with self.engine.connect() as conn:
            found = conn.scalar(select(func.count()).select_from(hits)) or 0
        return found if found <= TOTAL_CAP else None


def _facets(conn: Connection, sample: Sequence[Any]) -> dict[str, list[tuple[str, int]]]:
    """The facets of the hits `sample` (rows of type, article_id and id)."""
    a, c, f, e = articles.c, attributions.c, figures.c, canonical_entities.c
    claim_ids = [row.id for row in sample if row.type == CLAIM_HIT]
    ids = {row.article_id for row in sample}
    outlet_of = dict(conn.execute(select(a.id, a.outlet).where(a.id.in_(ids))).all())
    claims = conn.execute(
        select(c.id, c.kind, e.name)
        .outerjoin_from(attributions, canonical_entities, e.id == c.entity_id)
        .where(c.id.in_(claim_ids))
    ).all()
    # each claim with its figures (None for a claim holding none) and their claim months
    # (for a claim holding none: its article's publication month)
    month = claim_month(func.coalesce(f.claim_day, a.published))
    held = conn.execute(
        select(c.id, f.category, f.place, month.label("month"))
        .join_from(attributions, articles, a.id == c.article_id)
        .outerjoin(figures, and_(f.article_id == c.article_id, f.attribution == c.position))
        .where(c.id.in_(claim_ids))
    ).all()
    counts: dict[str, Counter[str]] = {
        "outlet": Counter(outlet_of[row.article_id] for row in sample),
        "claimant": Counter(row.name for row in claims),
        "kind": Counter(row.kind for row in claims),
        "category": Counter(category for _, category in {(r.id, r.category) for r in held}),
        "place": Counter(place for _, place in {(r.id, r.place) for r in held}),
        "claimed": Counter(month for _, month in {(r.id, r.month) for r in held}),
    }
    facets = {}
    for name in FACETS:
        found = [(value, n) for value, n in counts[name].items() if value is not None]
        facets[name] = sorted(found, key=lambda item: (-item[1], item[0]))[:FACET_VALUES]
    return facets
