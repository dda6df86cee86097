"""The store's reads by source: claimant profiles counted in SQL, one claimant's history.

A claim's claimant is the entity of the first link of its relay chain when
that link is the claimant, else the attribution's own entity. A claimant's own
claims leave out the ones that only wrap a claim it relayed (its content holds,
and is longer than, a claim of the same article whose chain names the
claimant as a relay or wire); `relayed` counts those relayed claims (distinct
article and content). See reportedly.app.sources for the profile as a whole.
Every query groups or filters on indexed entity ids; nothing loads the store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import (
    Engine,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    union,
)

from reportedly.store.schema import (
    articles,
    attributions,
    canonical_entities,
    entity_counts,
    entity_outlets,
    entity_relays,
    figures,
    relay_links,
)

VIA_ROLES = ("relay", "wire")

_first = relay_links.alias("first_link")
_CLAIMANT = case((_first.c.role == "claimant", _first.c.entity_id), else_=attributions.c.entity_id)


def _claims(*conditions: Any) -> Any:
    """Attributions with their claimant entity (`claimant`), date and outlet."""
    a = attributions
    return (
        select(
            a.c.id,
            a.c.article_id,
            a.c.content,
            _CLAIMANT.label("claimant"),
            articles.c.published,
            articles.c.outlet,
        )
        .select_from(
            a.join(articles, a.c.article_id == articles.c.id).outerjoin(
                _first, and_(_first.c.attribution_id == a.c.id, _first.c.position == 0)
            )
        )
        .where(*conditions)
    )


def _claimed_by(entity_ids: Collection[int]) -> Any:
    """Claims whose claimant may be one of the entities (by index, before the exact test)."""
    first = select(relay_links.c.attribution_id).where(
        relay_links.c.entity_id.in_(entity_ids), relay_links.c.position == 0
    )
    own = select(attributions.c.id).where(attributions.c.entity_id.in_(entity_ids))
    return attributions.c.id.in_(union(own, first))


def _contains(dialect: str, text: Any, part: Any) -> Any:
    """`part` occurs in `text` (a literal substring test, whatever characters it holds)."""
    if dialect == "postgresql":
        return func.strpos(text, part) > 0
    return func.instr(text, part) > 0


def said_claims(
    dialect: str,
    entity_ids: Collection[int] | None = None,
    article_range: tuple[int, int] | None = None,
    article_ids: Collection[int] | None = None,
) -> tuple[Any, Any, Any]:
    """(the claims, the claims each entity relayed, the claims that are a claimant's own),
    as subqueries: over the store; with `entity_ids`, the claims that may be theirs (test
    `claimant`) and the relayed and own claims of those only; with `article_range`
    (first and last article id) or `article_ids`, those of those articles."""
    a = attributions
    in_range: tuple[Any, ...] = ()
    if article_range is not None:
        in_range += (a.c.article_id.between(*article_range),)
    if article_ids is not None:
        in_range += (a.c.article_id.in_(article_ids),)
    candidates = _claims(*in_range)
    via = relay_links.alias("via")
    claimant = _CLAIMANT
    relayed = (
        select(via.c.entity_id, a.c.article_id, a.c.content)
        .select_from(
            via.join(a, a.c.id == via.c.attribution_id).outerjoin(
                _first, and_(_first.c.attribution_id == a.c.id, _first.c.position == 0)
            )
        )
        .where(
            via.c.position > 0,
            via.c.role.in_(VIA_ROLES),
            via.c.entity_id.is_not(None),
            or_(claimant.is_(None), via.c.entity_id != claimant),
            *in_range,
        )
        .distinct()
    )
    if article_ids is not None:  # read by article, not by the entities' index
        relayed = relayed.where(via.c.article_id.in_(article_ids))
    if entity_ids is not None:
        relayed = relayed.where(via.c.entity_id.in_(entity_ids))
        if article_ids is None:  # of a few articles, every claim is tested as cheaply
            candidates = candidates.where(_claimed_by(entity_ids))
    claims = candidates.cte("candidates")
    relayed = relayed.cte("relayed")
    inner = relayed.alias("inner_claim")
    wraps = exists().where(
        inner.c.entity_id == claims.c.claimant,
        inner.c.article_id == claims.c.article_id,
        inner.c.content != claims.c.content,
        _contains(dialect, claims.c.content, inner.c.content),
    )
    mine = claims.c.claimant.is_not(None)
    if entity_ids is not None:
        mine = claims.c.claimant.in_(entity_ids)
    own = select(claims).where(mine, ~wraps).cte("own")
    return claims, relayed, own


class SourceReads:
    """Reads by claimant entity; mixed into StoreReads, which provides `engine`."""

    engine: Engine

    def _said(
        self, entity_ids: Collection[int], article_ids: Collection[int] | None = None
    ) -> tuple[Any, Any, Any]:
        return said_claims(self.engine.dialect.name, entity_ids, article_ids=article_ids)

    def _first_articles(
        self, holds: Any, count: Callable[[], int], limit: int | None, offset: int
    ) -> list[int] | None:
        """For a page of a claimant's history: the articles its rows can come from, when
        the claimant is in so many articles that walking them in date order is cheaper than
        sorting all its rows (`count()` of them, asked only for a page; more than the square
        root of the page's end times the articles): the first `offset + limit` articles that
        `holds` (a condition on `articles`), in the order of the rows (publication date,
        then id). Every row of a later article sorts after theirs, so the page is among
        their rows if they hold at least `offset + limit` of them (the caller checks: an
        article can hold the claimant in a claim that is not one of its rows). None: read
        them all."""
        if limit is None:
            return None
        end = offset + limit
        rows = count()
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            if rows * rows <= end * total:
                return None
            ids = conn.execute(
                select(articles.c.id)
                .where(holds)
                .order_by(articles.c.published, articles.c.id)
                .limit(end)
            ).all()
            if len(ids) < end:
                return None
            return [row.id for row in ids]

    def source_counts(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """One row per entity with a claim or a figure: id, name, type, aliases,
        reliability, claims, relayed, figures, first_seen, last_seen; the most-cited
        first (claims, then figures, then name). Read from the counts kept on write
        (reportedly.store.entity_counts)."""
        c, n = canonical_entities, entity_counts
        stmt = (
            select(
                c.c.id, c.c.name, c.c.type, c.c.aliases, c.c.reliability, n.c.claims,
                n.c.relayed, n.c.figures, n.c.first_seen, n.c.last_seen,
            )
            .join_from(n, c, c.c.id == n.c.entity_id)
            .where(or_(n.c.said > 0, n.c.figures > 0))
            .order_by(n.c.claims.desc(), n.c.figures.desc(), func.lower(c.c.name), c.c.id)
            .limit(limit)
            .offset(offset)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(stmt).mappings()]

    def source_outlets(self, entity_ids: Collection[int]) -> dict[int, list[str]]:
        """{entity id: the outlets that carried its own claims or its figures, sorted}
        (kept on write: reportedly.store.entity_counts)."""
        o = entity_outlets
        stmt = (
            select(o.c.entity_id, o.c.outlet)
            .where(o.c.entity_id.in_(entity_ids))
            .order_by(o.c.entity_id, o.c.outlet)
        )
        return self._grouped(stmt)

    def source_relays(self, entity_ids: Collection[int]) -> dict[int, list[str]]:
        """{entity id: the relays and wires its own claims came through, sorted} (kept on
        write, named by their entity across articles when they have one)."""
        r, c = entity_relays, canonical_entities
        name = func.coalesce(c.c.name, r.c.name)
        stmt = (
            select(r.c.entity_id, name)
            .outerjoin_from(r, c, c.c.id == r.c.relay_id)
            .where(r.c.entity_id.in_(entity_ids))
            .distinct()
            .order_by(r.c.entity_id, name)
        )
        return self._grouped(stmt)

    def source_totals(self, entity_ids: Collection[int]) -> dict[str, int]:
        """How many own claims, relayed claims and figures the entities have (`claims`,
        `relayed`, `figures`), from the counts kept on write: what `source_claims`,
        `source_relayed` and `source_figures` would list."""
        n = entity_counts
        names = ("claims", "relayed", "figures")
        stmt = select(*(func.coalesce(func.sum(n.c[name]), 0) for name in names)).where(
            n.c.entity_id.in_(entity_ids)
        )
        with self.engine.connect() as conn:
            found = conn.execute(stmt).one()
        return {name: int(value) for name, value in zip(names, found, strict=True)}

    def source_claims(
        self, entity_ids: Collection[int], *, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """The own claims of the entities, by publication date: id, article_id, position,
        source, source_entity, cue, content, kind, entity_id, published, outlet,
        article_title, claimant and `chain` (links with `canonical` names); `limit` of them
        from `offset` (all with no limit)."""
        holds = or_(
            exists().where(
                attributions.c.article_id == articles.c.id,
                attributions.c.entity_id.in_(entity_ids),
            ),
            exists().where(
                relay_links.c.article_id == articles.c.id,
                relay_links.c.entity_id.in_(entity_ids),
                relay_links.c.position == 0,
            ),
        )

        def page(article_ids: list[int] | None) -> list[dict[str, Any]]:
            _, _, own = self._said(entity_ids, article_ids)
            mine = own.c.claimant.in_(entity_ids)
            return self._claim_page(own, [own.c.claimant], [mine], limit, offset)

        return self._walked(
            page, holds, lambda: self.source_totals(entity_ids)["claims"], limit, offset
        )

    def source_relayed(
        self, entity_ids: Collection[int], *, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """The claims the entities relayed (passed on, as a relay or wire, for another
        claimant: what `relayed` counts, one per article and content), by publication
        date, with the columns of `source_claims` but `claimant`; `limit` of them from
        `offset` (all with no limit)."""
        a = attributions

        def page(article_ids: list[int] | None) -> list[dict[str, Any]]:
            _, relayed, _ = self._said(entity_ids, article_ids)
            same = and_(a.c.article_id == relayed.c.article_id, a.c.content == relayed.c.content)
            picked = (
                select(func.min(a.c.id).label("id"))
                .select_from(relayed.join(a, same))
                .group_by(relayed.c.article_id, relayed.c.content)
                .subquery()
            )
            return self._claim_page(picked, [], [], limit, offset)

        holds = exists().where(
            relay_links.c.article_id == articles.c.id,
            relay_links.c.entity_id.in_(entity_ids),
            relay_links.c.position > 0,
            relay_links.c.role.in_(VIA_ROLES),
        )
        return self._walked(
            page, holds, lambda: self.source_totals(entity_ids)["relayed"], limit, offset
        )

    def _walked(
        self,
        page: Callable[[list[int] | None], list[dict[str, Any]]],
        holds: Any,
        count: Callable[[], int],
        limit: int | None,
        offset: int,
    ) -> list[dict[str, Any]]:
        """`page(article_ids)` read from the first articles of a prolific claimant
        (`_first_articles`), or from all of them (None) when it is not prolific or when
        those articles held too few of its rows to fill the page."""
        first = self._first_articles(holds, count, limit, offset)
        found = page(first)
        if first is not None and limit is not None and len(found) < limit:
            found = page(None)
        return found

    def _claim_page(
        self, chosen: Any, extra: list[Any], where: list[Any], limit: int | None, offset: int
    ) -> list[dict[str, Any]]:
        """The claims whose ids the subquery `chosen` holds (and the `where` conditions
        keep), with the columns `extra` of it, by publication date, a page, with chains."""
        a = attributions
        stmt = (
            select(
                a.c.id, a.c.article_id, a.c.position, a.c.source, a.c.source_entity, a.c.cue,
                a.c.content, a.c.kind, a.c.entity_id, articles.c.published, articles.c.outlet,
                articles.c.title.label("article_title"), *extra,
            )
            .select_from(
                chosen.join(a, a.c.id == chosen.c.id)
                .join(articles, articles.c.id == a.c.article_id)
            )
            .where(*where)
            .order_by(articles.c.published, a.c.article_id, a.c.position)
            .limit(limit)
            .offset(offset)
        )  # fmt: skip
        with self.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(stmt).mappings()]
            chains = self._chains(conn, [row["id"] for row in rows])
        return [{**row, "chain": chains.get(row["id"], [])} for row in rows]

    def source_figures(
        self, entity_ids: Collection[int], *, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """The figures the entities claim, by publication date (see `claimed_figures`);
        `limit` of them from `offset` (all with no limit)."""
        f = figures
        stmt = (
            select(
                f.c.id, f.c.article_id, f.c.position, f.c.text, f.c.low, f.c.high, f.c.category,
                f.c.subject, f.c.source_entity, f.c.entity_id, f.c.stated_on, f.c.population,
                f.c.span, articles.c.published, articles.c.outlet,
            )
            .join_from(f, articles, f.c.article_id == articles.c.id)
            .where(f.c.entity_id.in_(entity_ids))
            .order_by(articles.c.published, f.c.article_id, f.c.position)
            .limit(limit)
            .offset(offset)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(stmt).mappings()]

    def entities_named(self, name: str) -> list[dict[str, Any]]:
        """Entities across articles whose name or alias is `name` (any case), else whose
        name contains it; the name is matched in SQL, the aliases of the candidates in Python."""
        c = canonical_entities
        wanted = name.casefold()
        stmt = select(c).where(
            or_(
                func.lower(c.c.name) == wanted,
                cast(c.c.aliases, Text).icontains(name, autoescape=True),
            )
        )
        with self.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(stmt.order_by(c.c.id)).mappings()]
            exact = [
                r for r in rows if wanted in {n.casefold() for n in (r["name"], *r["aliases"])}
            ]
            if exact:
                return exact
            stmt = select(c).where(c.c.name.icontains(name, autoescape=True)).order_by(c.c.id)
            return [dict(row) for row in conn.execute(stmt).mappings()]

    def _chains(self, conn: Any, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        r, c = relay_links, canonical_entities
        stmt = (
            select(r, c.c.name.label("canonical"))
            .outerjoin_from(r, c, r.c.entity_id == c.c.id)
            .where(r.c.attribution_id.in_(ids))
            .order_by(r.c.attribution_id, r.c.position)
        )
        chains: dict[int, list[dict[str, Any]]] = {}
        for link in conn.execute(stmt).mappings():
            chains.setdefault(link["attribution_id"], []).append(dict(link))
        return chains

    def _grouped(self, stmt: Any) -> dict[int, list[str]]:
        grouped: dict[int, list[str]] = {}
        with self.engine.connect() as conn:
            for entity, value in conn.execute(stmt):
                grouped.setdefault(entity, []).append(value)
        return grouped
