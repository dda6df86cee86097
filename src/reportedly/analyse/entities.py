"""The full rebuild of the entities across articles, and the user's alias file.

The store keeps its entities current as articles are stored and as the analyst
merges and splits (reportedly.store.entity_index, incremental). `resolve` is the
reference it is tested against: it clusters every mention from scratch by the
rules of reportedly.entity_names, as `Store.rebuild_entities` does for a whole
store (`reportedly entities rebuild`).

The alias file (TOML: `[[merge]] names = [...]`, `[[forbid]] names = [...]`,
`[reliability] "Name" = "B"`) is recorded into the store as entity edits and
grades (`alias_edits`), so it takes effect on write and stays.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from reportedly.entity_names import GRADES, Edit, resolve_mentions
from reportedly.errors import ReadError


@dataclass
class AliasFile:
    """The user's entity decisions: forced merges, forbidden merges, reliability grades."""

    merges: list[list[str]] = field(default_factory=list)
    forbids: list[list[str]] = field(default_factory=list)
    reliability: dict[str, str] = field(default_factory=dict)


def load_aliases(path: str | Path) -> AliasFile:
    """Read an alias file; a wrong shape raises ReadError naming the file and the entry."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ReadError(f"{path}: cannot read the alias file: {exc}") from exc
    aliases = AliasFile()
    for section, target in (("merge", aliases.merges), ("forbid", aliases.forbids)):
        for number, entry in enumerate(data.get(section, []), 1):
            names = entry.get("names") if isinstance(entry, dict) else None
            if (
                not isinstance(names, list)
                or len(names) < 2
                or not all(isinstance(n, str) and n.strip() for n in names)
            ):
                raise ReadError(
                    f"{path}: [[{section}]] entry {number}: expected names = [two or more names]"
                )
            target.append(names)
    for name, grade in data.get("reliability", {}).items():
        if not isinstance(grade, str) or grade.upper() not in GRADES:
            raise ReadError(
                f"{path}: [reliability] {name!r}: grade must be one of A-F, got {grade!r}"
            )
        aliases.reliability[name] = grade.upper()
    return aliases


def alias_edits(aliases: AliasFile) -> list[Edit]:
    """The alias file's merges and forbids as entity edits, in the order that replays them:
    every pair of a merge, the pairs with its first name last (it becomes the canonical
    name), then every pair of a forbid."""
    edits: list[Edit] = []
    for names in aliases.merges:
        first, rest = names[0], names[1:]
        edits += [("merge", a, b) for a, b in combinations(rest, 2)]
        edits += [("merge", first, other) for other in rest]
    for names in aliases.forbids:
        edits += [("split", a, b) for a, b in combinations(names, 2)]
    return edits


def resolve(
    mentions: Iterable[dict[str, Any]],
    aliases: AliasFile | None = None,
    edits: Iterable[Edit] = (),
) -> tuple[list[dict[str, Any]], dict[tuple[int, str], int]]:
    """Entities across articles (name, type, aliases, reliability) and, for each
    (article_id, name in the article), the index of its entity."""
    aliases = aliases or AliasFile()
    groups = resolve_mentions(mentions, [*alias_edits(aliases), *edits], aliases.reliability)
    rows: list[dict[str, Any]] = []
    assignment: dict[tuple[int, str], int] = {}
    for row, members in groups:
        for node in members:
            for mention in node.mentions:
                assignment[mention] = len(rows)
        rows.append(row)
    return rows, assignment
