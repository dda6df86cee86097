"""The entities across articles kept current at write: incremental clustering.

When an article is stored, `index_article` parses its mentions into nodes
(reportedly.entity_names), folds each into the stored node of the same comparable
name, and compares the new ones only with the stored nodes that share a key with
them (`entity_keys`, indexed): a new node joins the entity of the node it matches,
makes a new entity, or -- when it matches nodes of two entities -- merges them (the
lower id stays; the per-article rows are moved on their indexed `entity_id`). An
analyst's merge or split (`reresolve`) clusters again just the nodes of the entities
that carry the two names. `replace_all` writes a full rebuild (the reference,
reportedly.analyse.entities.resolve). See docs/sources.md for where the incremental
result may differ from a rebuild (the order the articles came in).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from reportedly.entity_names import (
    Clusters,
    Edit,
    Node,
    attach_earlier_surnames,
    block_keys,
    build_nodes,
    cluster_nodes,
    decisions,
    entity_row,
    forbidden_pairs,
    forms_of,
    grade_keys,
    link_nodes,
    parse_name,
    surname_keys,
)
from reportedly.model import Report
from reportedly.store import quantity_counts
from reportedly.store.entity_counts import recount
from reportedly.store.rows import chain_with_outlet
from reportedly.store.schema import (
    attributions,
    canonical_entities,
    entities,
    entity_edits,
    entity_grades,
    entity_keys,
    entity_nodes,
    figures,
    relay_links,
)

# Which column of each per-article table holds the entity's name within the article.
NAME_COLUMNS = (
    (entities, entities.c.name),
    (attributions, attributions.c.source_entity),
    (figures, figures.c.source_entity),
    (relay_links, relay_links.c.entity),
)
CARRIER_ROLES = ("wire", "outlet")


def stable_ids(rows: Sequence[Mapping[str, Any]], previous: Sequence[tuple[int, str]]) -> list[int]:
    """An id for each new entity row: the id an earlier entity of the same name had, else
    that of an earlier entity named by one of its aliases (what a merge folded into it),
    else a new id above every earlier one."""
    by_name = {name: entity_id for entity_id, name in previous}
    taken: set[int] = set()
    ids: list[int | None] = []
    for row in rows:
        entity_id = by_name.get(row["name"])
        if entity_id in taken:
            entity_id = None  # two rows of one name: the first keeps the id
        ids.append(entity_id)
        if entity_id is not None:
            taken.add(entity_id)
    for index, row in enumerate(rows):
        if ids[index] is None:
            for alias in sorted(row.get("aliases") or []):
                entity_id = by_name.get(alias)
                if entity_id is not None and entity_id not in taken:
                    ids[index] = entity_id
                    taken.add(entity_id)
                    break
    next_id = max([0, *(entity_id for entity_id, _ in previous)]) + 1
    result = []
    for entity_id in ids:
        if entity_id is None:
            entity_id, next_id = next_id, next_id + 1
        result.append(entity_id)
    return result


def report_mentions(report: Report, article_id: int) -> list[dict[str, Any]]:
    """The entities an article names: its entities, the wires and outlets of its chains
    ("media outlet") and the claimants named only on attributions ("organisation")."""
    rows = [
        {"article_id": article_id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
        for e in report.entities
    ]
    known = {row["name"] for row in rows}
    carriers = [
        link.entity
        for a in report.attributions
        for link in chain_with_outlet(a.chain, report.article.outlet)
        if link.role in CARRIER_ROLES and link.entity
    ]
    claimants = [a.source_entity for a in report.attributions if a.source_entity]
    for names, kind in ((carriers, "media outlet"), (claimants, "organisation")):
        for name in names:
            if name not in known:
                known.add(name)
                rows.append({"article_id": article_id, "name": name, "type": kind, "aliases": []})
    return rows


EDIT_ACTIONS = ("merge", "split")


def stored_edits(conn: Connection) -> list[Edit]:
    """The recorded merges and splits, oldest first: (action, name, other). (The table
    also records the grades, as ("grade", name, grade), for the audit trail.)"""
    e = entity_edits.c
    rows = conn.execute(
        select(e.action, e.name, e.other).where(e.action.in_(EDIT_ACTIONS)).order_by(e.id)
    )
    return [(row.action, row.name, row.other) for row in rows]


def stored_decisions(conn: Connection) -> tuple[dict[frozenset[str], str], list[str]]:
    """The recorded edits as decisions on pairs of name keys, and the preferred names."""
    return decisions(stored_edits(conn))


def stored_grades(conn: Connection) -> dict[str, str]:
    """{name key: grade} of the recorded alias-file grades."""
    rows = conn.execute(select(entity_grades.c.name, entity_grades.c.grade))
    return grade_keys({row.name: row.grade for row in rows})


def _node_of(row: Any) -> Node:
    kind = row.kind
    return Node(
        parse_name(row.name, "person" if kind == "person" else "organisation"),
        kind,
        Counter(row.names),
        Counter(row.types),
        set(row.aliases),
        known=row.known,
        local=row.local,
    )


def _values_of(node: Node, entity_id: int) -> dict[str, Any]:
    return {
        "entity_id": entity_id,
        "kind": node.type_class,
        "prefix": node.name.prefix,
        "key": node.name.key,
        "name": node.name.text,
        "local": node.local,
        "names": dict(node.names),
        "types": dict(node.types),
        "aliases": sorted(node.aliases),
        "known": node.known,
    }


def _lookup_keys(node: Node) -> set[str]:
    return block_keys(node) | {f"f:{form}" for form in node.forms()}


class _Batch:
    """Stored nodes loaded for one clustering step, with their entities."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.nodes: list[Node] = []
        self.row_ids: list[int | None] = []  # None: a node not stored yet
        self.entity_ids: list[int | None] = []
        self.keys: dict[int, set[str]] = {}  # row id: keys before this step

    def add_row(self, row: Any) -> int:
        self.nodes.append(_node_of(row))
        self.row_ids.append(row.id)
        self.entity_ids.append(row.entity_id)
        self.keys[row.id] = _lookup_keys(self.nodes[-1])
        return len(self.nodes) - 1

    def add_new(self, node: Node) -> int:
        self.nodes.append(node)
        self.row_ids.append(None)
        self.entity_ids.append(None)
        return len(self.nodes) - 1

    def load(self, where: Any) -> None:
        loaded = set(self.row_ids)
        for row in self.conn.execute(select(entity_nodes).where(where)):
            if row.id not in loaded:
                loaded.add(row.id)
                self.add_row(row)


def index_article(conn: Connection, mentions: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Cluster one new article's mentions into the stored entities; {name: entity id}."""
    if not mentions:
        return {}
    decided, preferred = stored_decisions(conn)
    named = {key for pair in decided for key in pair}
    batch = _Batch(conn)
    fresh: set[int] = set()
    nodes = build_nodes(mentions, named)
    shared = sorted({node.name.key for node in nodes if not node.local})
    by_name = {}
    if shared:
        n = entity_nodes.c
        rows = conn.execute(select(entity_nodes).where(n.local.is_(False), n.key.in_(shared)))
        by_name = {(row.kind, row.prefix, row.key): row for row in rows}
    for node in nodes:
        row = None if node.local else by_name.get(_name_of(node))
        if row is None:
            fresh.add(batch.add_new(node))
        else:
            batch.nodes[batch.add_row(row)].fold(node)
    wanted = set()
    for i in fresh:
        node = batch.nodes[i]
        wanted |= block_keys(node) | surname_keys(node)
        for pair, action in decided.items():
            if action == "merge" and node.forms() & pair:
                wanted |= {f"f:{key}" for key in pair}
    if wanted:
        keyed = select(entity_keys.c.node_id).where(entity_keys.c.key.in_(sorted(wanted)))
        batch.load(entity_nodes.c.id.in_(keyed))
    clusters = _stored_clusters(batch, forbidden_pairs(decided))
    link_nodes(clusters, decided, fresh)
    if any(len(batch.nodes[i].name.words) > 1 for i in fresh):
        attach_earlier_surnames(clusters, _lone_surnames(batch))
    return _write_groups(batch, clusters, preferred, stored_grades(conn))


def _lone_surnames(batch: _Batch) -> list[int]:
    """The stored nodes of the batch that are a person's surname alone, in an entity of
    no full name (stored before any full name that has it)."""
    found = {
        i: batch.entity_ids[i]
        for i, node in enumerate(batch.nodes)
        if batch.row_ids[i] is not None
        and node.type_class == "person"
        and len(node.name.words) == 1
    }
    if not found:
        return []
    n = entity_nodes.c
    named = batch.conn.scalars(
        select(n.entity_id)
        .where(n.entity_id.in_(sorted(set(found.values()))), n.key.contains(" "))
        .distinct()
    )
    full = set(named)
    return [i for i, entity_id in found.items() if entity_id not in full]


def _stored_clusters(batch: _Batch, forbidden: set[frozenset[str]]) -> Clusters:
    """Clusters over the batch in which the stored nodes of one entity are already one,
    with the whole entity's names as its forms (what a forbidden pair is checked on)."""
    clusters = Clusters(batch.nodes, forbidden)
    roots: dict[int, int] = {}
    for i, entity_id in enumerate(batch.entity_ids):
        if entity_id is not None:
            root = roots.setdefault(entity_id, i)
            clusters.parent[i] = root
            clusters.keys[root] |= clusters.keys[i]
    if forbidden and roots:
        c = canonical_entities.c
        stmt = select(c.id, c.name, c.aliases).where(c.id.in_(sorted(roots)))
        for row in batch.conn.execute(stmt):
            kind = batch.nodes[roots[row.id]].type_class
            clusters.keys[roots[row.id]] |= forms_of([row.name, *row.aliases], kind)
    return clusters


def _name_of(node: Node) -> tuple[str, str | None, str]:
    """What a stored node is found by: its type class, prefix and comparable name."""
    return node.type_class, node.name.prefix, node.name.key


def _write_groups(
    batch: _Batch, clusters: Clusters, preferred: Sequence[str], grades: Mapping[str, str]
) -> dict[str, int]:
    """Store the batch's nodes under the entity of their group; {mention name: entity id}."""
    conn = batch.conn
    targets: dict[int, int] = {}  # batch index: entity id
    for group in clusters.groups():
        existing = sorted({batch.entity_ids[i] for i in group} - {None})  # type: ignore[type-var]
        if existing:
            target: int = existing[0]  # type: ignore[assignment]
            for loser in existing[1:]:
                _move_entity(conn, loser, target)  # type: ignore[arg-type]
        else:
            row = entity_row([batch.nodes[i] for i in group], preferred, grades)
            target = conn.execute(insert(canonical_entities).values(row)).inserted_primary_key[0]
        targets.update({i: target for i in group if batch.nodes[i].mentions})
    _store_nodes(batch, targets)
    _refresh(conn, set(targets.values()), preferred, grades)
    return {name: targets[i] for i in targets for _, name in batch.nodes[i].mentions}


def _store_nodes(batch: _Batch, targets: Mapping[int, int]) -> None:
    """Write the batch's nodes that carry mentions of the article under their entities:
    fold each into its stored row (a local name is stored once per entity), or insert it,
    and add the keys it is found by."""
    conn, n = batch.conn, entity_nodes.c
    local = [i for i in targets if batch.row_ids[i] is None and batch.nodes[i].local]
    stored: dict[tuple[Any, ...], Any] = {}
    if local:
        keys = sorted({batch.nodes[i].name.key for i in local})
        rows = conn.execute(
            select(entity_nodes).where(
                n.local.is_(True),
                n.key.in_(keys),
                n.entity_id.in_(sorted({targets[i] for i in local})),
            )
        )
        stored = {(row.kind, row.prefix, row.key, row.entity_id): row for row in rows}
    updates: list[dict[str, Any]] = []
    new_keys: list[dict[str, Any]] = []
    for i, entity_id in targets.items():
        node, row_id = batch.nodes[i], batch.row_ids[i]
        row = stored.get((*_name_of(node), entity_id)) if i in local else None
        if row is not None:
            folded = _node_of(row)
            batch.keys[row.id] = _lookup_keys(folded)
            folded.fold(node)
            node, row_id = folded, row.id
        values = _values_of(node, entity_id)
        if row_id is None:
            row_id = conn.execute(insert(entity_nodes).values(values)).inserted_primary_key[0]
        else:
            updates.append({"id": row_id, **values})
        added = _lookup_keys(node) - batch.keys.get(row_id, set())
        new_keys += [{"key": key, "node_id": row_id} for key in sorted(added)]
    _update_rows(conn, entity_nodes, updates)
    if new_keys:
        conn.execute(insert(entity_keys), new_keys)


def _move_entity(conn: Connection, loser: int, target: int) -> None:
    """Fold entity `loser` into `target`: its nodes and every per-article row."""
    names = dict(
        conn.execute(
            select(canonical_entities.c.id, canonical_entities.c.name).where(
                canonical_entities.c.id.in_([loser, target])
            )
        ).all()
    )
    quantity_counts.reclaim(conn, loser, names.get(loser), names.get(target))
    conn.execute(
        update(entity_nodes).where(entity_nodes.c.entity_id == loser).values(entity_id=target)
    )
    for table, _ in NAME_COLUMNS:
        conn.execute(update(table).where(table.c.entity_id == loser).values(entity_id=target))
    conn.execute(delete(canonical_entities).where(canonical_entities.c.id == loser))
    recount(conn, [loser, target])


def _refresh(
    conn: Connection, ids: Iterable[int], preferred: Sequence[str], grades: Mapping[str, str]
) -> None:
    """Recompute the name, type, aliases and grade of entities from their nodes; an
    entity left with no node is deleted."""
    wanted = sorted(ids)
    c = canonical_entities.c
    before = dict(conn.execute(select(c.id, c.name).where(c.id.in_(wanted))).all())
    members: dict[int, list[Node]] = {entity_id: [] for entity_id in wanted}
    rows = conn.execute(select(entity_nodes).where(entity_nodes.c.entity_id.in_(wanted)))
    for row in rows:
        members[row.entity_id].append(_node_of(row))
    empty = [entity_id for entity_id, nodes in members.items() if not nodes]
    for entity_id in empty:  # a figure left pointing at it would fall back to its own name
        quantity_counts.reclaim(conn, entity_id, before.get(entity_id), None)
    if empty:
        conn.execute(delete(canonical_entities).where(c.id.in_(empty)))
    refreshed = [
        {"id": entity_id, **entity_row(nodes, preferred, grades)}
        for entity_id, nodes in members.items()
        if nodes
    ]
    _update_rows(conn, canonical_entities, refreshed)
    for row in refreshed:  # the claimant of their figures is the entity's name
        quantity_counts.reclaim(conn, row["id"], before.get(row["id"]), row["name"])


def _update_rows(conn: Connection, table: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Update rows of `table` by id, in one statement run for all ({"id", column: value})."""
    if not rows:
        return
    columns = [key for key in rows[0] if key != "id"]
    stmt = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({column: bindparam(f"b_{column}") for column in columns})
    )
    conn.execute(stmt, [{f"b_{k}": v for k, v in row.items()} for row in rows])


def entities_of_article(conn: Connection, article_id: int) -> set[int]:
    """The entities that the per-article rows of an article point at."""
    found: set[int] = set()
    for table, _ in NAME_COLUMNS:
        stmt = select(table.c.entity_id).where(
            table.c.article_id == article_id, table.c.entity_id.is_not(None)
        )
        found.update(conn.scalars(stmt.distinct()))
    return found


def drop_unnamed(conn: Connection, ids: Iterable[int]) -> None:
    """Delete, with their nodes, those of the entities that no per-article row names now
    (their article was extracted again without them)."""
    for entity_id in sorted(ids):
        named = any(
            conn.scalar(select(table.c.id).where(table.c.entity_id == entity_id).limit(1))
            for table, _ in NAME_COLUMNS
        )
        if not named:
            conn.execute(delete(entity_nodes).where(entity_nodes.c.entity_id == entity_id))
            conn.execute(delete(canonical_entities).where(canonical_entities.c.id == entity_id))


def entities_named(conn: Connection, name: str) -> set[int]:
    """The ids of the entities that have `name` (any comparable form of it) as a name."""
    keys = {f"f:{parse_name(name).key}", f"f:{parse_name(name, 'person').key}"}
    stmt = (
        select(entity_nodes.c.entity_id)
        .join(entity_keys, entity_keys.c.node_id == entity_nodes.c.id)
        .where(entity_keys.c.key.in_(sorted(keys)))
        .distinct()
    )
    return set(conn.scalars(stmt))


def reresolve(conn: Connection, names: Sequence[str]) -> None:
    """Cluster again, by the recorded edits, the nodes of the entities that carry `names`
    (after a merge or a split of them). The names the edits name are compared across
    articles: their per-entity nodes become one. An entity keeps its id when its name
    stays (`stable_ids`)."""
    decided, preferred = stored_decisions(conn)
    named = {key for pair in decided for key in pair}
    affected = set().union(*(entities_named(conn, name) for name in names))
    if not affected:
        return
    quantity_counts.reclaim_entities(conn, affected, -1)  # their figures' claimants move
    nodes: list[Node] = []
    sources: list[list[tuple[int, int]]] = []  # per node: (row id, its entity id before)
    fused: dict[tuple[str | None, str, str], int] = {}
    rows = conn.execute(select(entity_nodes).where(entity_nodes.c.entity_id.in_(sorted(affected))))
    for row in rows.all():
        node = _node_of(row)
        key = (node.name.prefix, node.name.key, node.type_class)
        if node.name.key in named and key in fused:
            nodes[fused[key]].fold(node)
            sources[fused[key]].append((row.id, row.entity_id))
            continue
        if node.name.key in named:
            node.local = False
            fused[key] = len(nodes)
        nodes.append(node)
        sources.append([(row.id, row.entity_id)])
    groups = sorted(cluster_nodes(nodes, decided), key=min)
    grades = stored_grades(conn)
    result = [entity_row([nodes[i] for i in group], preferred, grades) for group in groups]
    c = canonical_entities.c
    previous = conn.execute(select(c.id, c.name).where(c.id.in_(sorted(affected)))).all()
    ids = stable_ids(result, [(row.id, row.name) for row in previous])
    next_id = (conn.scalar(select(func.max(c.id))) or 0) + 1
    for index, entity_id in enumerate(ids):
        if entity_id not in affected:
            ids[index], next_id = next_id, next_id + 1
    for entity_id, row in zip(ids, result, strict=True):
        if entity_id in affected:
            conn.execute(update(canonical_entities).where(c.id == entity_id).values(row))
        else:
            conn.execute(insert(canonical_entities).values({**row, "id": entity_id}))
    _follow_ids(conn)
    moves: list[dict[str, Any]] = []
    for group, entity_id in zip(groups, ids, strict=True):
        for i in group:
            old_rows = sources[i]
            for row_id, _ in old_rows[1:]:
                conn.execute(delete(entity_nodes).where(entity_nodes.c.id == row_id))
            node_id = old_rows[0][0]
            values = _values_of(nodes[i], entity_id)
            conn.execute(update(entity_nodes).where(entity_nodes.c.id == node_id).values(values))
            conn.execute(delete(entity_keys).where(entity_keys.c.node_id == node_id))
            conn.execute(
                insert(entity_keys),
                [{"key": k, "node_id": node_id} for k in sorted(_lookup_keys(nodes[i]))],
            )
            moves += [
                {"by": old, "n": name, "e": entity_id}
                for _, old in old_rows
                for name in nodes[i].names
            ]
    _move_rows(conn, moves)
    gone = sorted(affected - set(ids))
    conn.execute(delete(canonical_entities).where(c.id.in_(gone)))
    recount(conn, affected | set(ids))
    quantity_counts.reclaim_entities(conn, affected | set(ids), 1)


def _follow_ids(conn: Connection) -> None:
    """After entities were inserted with ids of their own: on PostgreSQL, move the id
    sequence past them, so the next entity an add makes does not take one of those ids
    (SQLite's next id is always past the greatest)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('canonical_entities', 'id'), "
            "coalesce(max(id), 0) + 1, false) FROM canonical_entities"
        )


def _move_rows(conn: Connection, moves: list[dict[str, Any]]) -> None:
    """Point the per-article rows of (old entity, name) at a new entity."""
    _point_rows(conn, "entity_id", moves)


def _point_rows(conn: Connection, by: str, rows: list[dict[str, Any]]) -> None:
    """Point per-article rows at entities: for each {"by": value of column `by`, "n": name
    in the article, "e": entity id}, the rows of every table that name `n` there."""
    if not rows:
        return
    for table, column in NAME_COLUMNS:
        stmt = (
            update(table)
            .where(table.c[by] == bindparam("by"), column == bindparam("n"))
            .values(entity_id=bindparam("e"))
        )
        conn.execute(stmt, rows)


def replace_all(conn: Connection, groups: Sequence[tuple[dict[str, Any], Sequence[Node]]]) -> None:
    """Replace every entity, node and key by a full rebuild's `groups` and point every
    per-article row at its entity. An entity keeps its id when its name stays."""
    c = canonical_entities.c
    previous = conn.execute(select(c.id, c.name).order_by(c.id)).all()
    ids = stable_ids([row for row, _ in groups], [(row.id, row.name) for row in previous])
    for table, _ in NAME_COLUMNS:
        conn.execute(update(table).values(entity_id=None))
    for table in (entity_keys, entity_nodes, canonical_entities):
        conn.execute(delete(table))
    if not groups:
        return
    conn.execute(
        insert(canonical_entities), [{**row, "id": ids[n]} for n, (row, _) in enumerate(groups)]
    )
    _follow_ids(conn)
    assignment: list[dict[str, Any]] = []
    for (_, members), entity_id in zip(groups, ids, strict=True):
        stored: dict[tuple[str | None, str, str, bool], Node] = {}
        for node in members:
            key = (node.name.prefix, node.name.key, node.type_class, node.local)
            if key in stored:
                stored[key].fold(node)  # a local name: one node per entity
            else:
                stored[key] = node
            assignment += [{"by": a, "n": name, "e": entity_id} for a, name in node.mentions]
        for node in stored.values():
            node_id = conn.execute(
                insert(entity_nodes).values(_values_of(node, entity_id))
            ).inserted_primary_key[0]
            conn.execute(
                insert(entity_keys),
                [{"key": k, "node_id": node_id} for k in sorted(_lookup_keys(node))],
            )
    _point_rows(conn, "article_id", assignment)
    recount(conn)
