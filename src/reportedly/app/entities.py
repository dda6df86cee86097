"""Entities across articles for a front end: list, merge, split, the alias file, rebuild.

A merge or a split is recorded in the store and applied at once to the stored
entities (reportedly.store.entity_index): every read afterwards -- sources,
figures by quantity, exports -- sees it, with no rebuild step. The alias file is
recorded the same way (its merges and forbids as edits, its grades), so it takes
effect on write and stays. Each edit is recorded with when and who made it (`by`: the
name a front end gives its writer, docs/web.md; None when unknown), shown by
`entity_history`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportedly.analyse.entities import alias_edits, load_aliases
from reportedly.analyse.sources import find_entities
from reportedly.entity_names import decisions, parse_name
from reportedly.errors import EntityError


def list_entities(store: Any, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """The entities across articles by id (`limit` of them after the first `offset`):
    id, name, type, aliases, reliability."""
    return store.canonical_entities(limit, offset)


def merge_entities(store: Any, a: str, b: str, by: str | None = None) -> list[dict[str, Any]]:
    """Record that A and B name one entity (A becomes its name), made by `by`; the
    entities named A or B after it. A name no entity has is an EntityError."""
    return _edit(store, "merge", a, b, by)


def split_entities(store: Any, a: str, b: str, by: str | None = None) -> list[dict[str, Any]]:
    """Record that A and B name two entities, made by `by`; the entities named A or B
    after it."""
    return _edit(store, "split", a, b, by)


def _edit(store: Any, action: str, a: str, b: str, by: str | None) -> list[dict[str, Any]]:
    for wanted in (a, b):
        if not find_entities(store, wanted):
            raise EntityError(f"no entity named {wanted!r} (see `reportedly entities list`)")
    store.record_entity_edit(action, a, b, made_by=by)
    first = find_entities(store, a)
    return first + [r for r in find_entities(store, b) if r not in first]


GRADES = ("A", "B", "C", "D", "E", "F")  # Admiralty reliability: A reliable ... F not judged


def set_grade(store: Any, name: str, grade: str, by: str | None = None) -> list[dict[str, Any]]:
    """Record the reliability grade of the entity named `name`, made by `by`, as the alias
    file's grades are recorded (kept across re-ingests, in the audit trail); the entities
    named `name` after it. A name no entity has is an EntityError, a grade not A-F a
    ValueError."""
    if grade not in GRADES:
        raise ValueError(f"grade: {grade!r} is not one of {', '.join(GRADES)}")
    if not find_entities(store, name):
        raise EntityError(f"no entity named {name!r} (see `reportedly entities list`)")
    store.record_entity_decisions([], {name: grade}, made_by=by)
    return find_entities(store, name)


def entity_history(store: Any, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """The audit trail of merges, splits and grades, oldest first (`limit` from `offset`):
    id, action, name, other (the other name, or the grade), made_at and made_by."""
    return store.entity_history(limit, offset)


def record_alias_file(store: Any, path: str | Path, by: str | None = None) -> int:
    """Record an alias file's merges, forbids and grades into the store and apply them,
    made by `by`; what the store already holds is not recorded again. Returns how many
    edits and grades were new. A bad file is a ReadError naming it."""
    aliases = load_aliases(path)
    decided, preferred = decisions(store.entity_edits())
    new_edits = []
    for action, name, other in alias_edits(aliases):
        pair = frozenset((parse_name(name).key, parse_name(other).key))
        if decided.get(pair) != action or (action == "merge" and name not in preferred):
            new_edits.append((action, name, other))
    held = store.entity_grades()
    new_grades = {n: g for n, g in aliases.reliability.items() if held.get(n) != g}
    if new_edits or new_grades:
        store.record_entity_decisions(new_edits, new_grades, made_by=by)
    return len(new_edits) + len(new_grades)


def rebuild_entities(store: Any) -> int:
    """Cluster every entity again from scratch (the reference for the incremental
    clustering); returns how many entities there are."""
    return store.rebuild_entities()
