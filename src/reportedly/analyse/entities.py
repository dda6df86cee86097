"""One entity for one real-world claimant across the store: matching names across articles.

Extraction names entities per article. `resolve_entities` groups those names
into entities across articles and writes them to the store:

- names are compared after removing a leading "the", titles ("Rep.",
  "President", "spokesperson") and a possessive prefix ("South Korea's"), which
  is kept as context: two names with different prefixes never match;
- an acronym matches the name whose initials it is, or that declares it;
- two full names of people match when their first and last words are fuzzy
  equal (rapidfuzz; "Zelensky" / "Zelenskyy"): people who share only a surname
  stay apart; a surname alone joins a full name only when exactly one person has
  it (in the same article first, else in the store);
- organisations match when their words, in any order, are fuzzy equal;
- a description in lower case without a possessive prefix ("the ministry")
  and a surname alone may name different entities in different articles, so
  they are compared per article;
- persons never match organisations or places.

The user's alias file (TOML: `[[merge]] names = [...]`, `[[forbid]] names =
[...]`, `[reliability] "Name" = "B"`) and the recorded `entities merge/split`
edits (replayed in order, the latest decision on a pair winning) force or
forbid matches; a merge "A B" makes A the canonical name.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from reportedly.errors import ReadError
from reportedly.extract.knowledge import bundled_knowledge
from reportedly.extract.lexicon import bundled_lexicon

GRADES = ("A", "B", "C", "D", "E", "F")  # Admiralty source reliability; F: cannot be judged
DEFAULT_GRADE = "F"
PERSON_MATCH = 85  # rapidfuzz ratio for one word of a person's name ("Zelensky", "Zelenskyy")
SURNAME_MATCH = 88
ORG_MATCH = 92  # token_sort_ratio of two organisation names
SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "to"})
_POSSESSIVE = re.compile(r"^(?P<prefix>.+?)['’]s\s+(?P<rest>.+)$")


@cache
def _titles() -> frozenset[str]:
    return frozenset(
        e["word"] for e in bundled_lexicon("entity_words") if e.get("type") in ("title", "role")
    )


def type_class(entity_type: str) -> str:
    """What may match what: person, country, group, place, or an organisation of any kind."""
    return entity_type if entity_type in ("person", "country", "group", "place") else "organisation"


def initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w not in SMALL_WORDS).upper()


@dataclass(frozen=True)
class Name:
    """A name as compared: its words without article, titles and possessive prefix."""

    text: str
    words: tuple[str, ...]
    prefix: str | None = None
    acronym: bool = False
    generic: bool = False  # a description in lower case: "spy agency"

    @property
    def key(self) -> str:
        return " ".join(self.words)


def parse_name(text: str, entity_type: str = "organisation") -> Name:
    """The comparable form of a name ("South Korea's National Intelligence Service")."""
    text = " ".join(text.split())
    core = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    prefix = None
    match = _POSSESSIVE.match(core)
    if match:
        prefix, core = match["prefix"].casefold(), match["rest"]
    words = [w.casefold() for w in re.findall(r"\w+", core)]
    if entity_type == "person":
        while len(words) > 1 and words[0] in _titles():
            words.pop(0)
    acronym = core.replace(".", "").isupper() and " " not in core and len(core) <= 8
    generic = not any(c.isupper() for c in core)
    return Name(text, tuple(words), prefix, acronym, generic)


@dataclass
class Node:
    """A name as it occurs in the store: one per comparable name (per article if generic)."""

    name: Name
    type_class: str
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)
    mentions: set[tuple[int, str]] = field(default_factory=set)
    known: str | None = None  # the body knowledge says this is

    def forms(self) -> set[str]:
        """Every comparable form of this node's names and aliases."""
        forms = [*self.names, *self.aliases]
        return {parse_name(f, "person" if self.type_class == "person" else "x").key for f in forms}


def same_person(a: Name, b: Name) -> bool:
    """Two full names of one person: first and last words fuzzy equal, or one holds the other."""
    if len(a.words) < 2 or len(b.words) < 2:
        return False
    ends = fuzz.ratio(a.words[0], b.words[0]) >= PERSON_MATCH and (
        fuzz.ratio(a.words[-1], b.words[-1]) >= PERSON_MATCH
    )
    shorter, longer = sorted((a.words, b.words), key=len)
    held = set(shorter) <= set(longer) and shorter[0] == longer[0]
    return ends or held


def same_organisation(a: Node, b: Node) -> bool:
    """Acronym of the other, an alias of the other, or the same words in any order;
    never two bodies knowledge tells apart."""
    x, y = a.name, b.name
    if x.prefix and y.prefix and x.prefix != y.prefix:
        return False
    if a.known and b.known and a.known != b.known:
        return False  # "Russian Ministry of Defence", "UK Ministry of Defence": two bodies
    for short, other in ((x, b), (y, a)):
        if short.acronym and any(
            initials(parse_name(n).words) == short.key.upper() for n in other.names
        ):
            return True
    if a.forms() & b.forms():
        return True
    if x.acronym or y.acronym:
        return False
    core = [" ".join(w for w in n.words if w not in SMALL_WORDS) for n in (x, y)]
    return fuzz.token_sort_ratio(*core) >= ORG_MATCH


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


def decisions(
    aliases: AliasFile, edits: Iterable[tuple[str, str, str]]
) -> tuple[dict[frozenset[str], str], list[str]]:
    """{pair of name keys: "merge" or "split"} (latest wins) and the preferred canonical names."""
    decided: dict[frozenset[str], str] = {}
    preferred: list[str] = []

    def decide(action: str, names: Sequence[str]) -> None:
        keys = [parse_name(n).key for n in names]
        for a, b in combinations(keys, 2):
            if a != b:
                decided[frozenset((a, b))] = action
        if action == "merge":
            preferred.append(names[0])

    for names in aliases.merges:
        decide("merge", names)
    for names in aliases.forbids:
        decide("split", names)
    for action, name, other in edits:
        decide(action, [name, other])
    return decided, preferred


class Clusters:
    """Union-find over nodes that refuses a union joining a forbidden pair of names."""

    def __init__(self, nodes: list[Node], forbidden: set[frozenset[str]]) -> None:
        self.nodes = nodes
        self.parent = list(range(len(nodes)))
        self.keys = [node.forms() for node in nodes]
        self.forbidden = forbidden

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if any(frozenset((x, y)) in self.forbidden for x in self.keys[a] for y in self.keys[b]):
            return False
        self.parent[b] = a
        self.keys[a] |= self.keys[b]
        return True

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.nodes)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())


def build_nodes(
    mentions: Iterable[dict[str, Any]], named: Collection[str] = frozenset()
) -> list[Node]:
    """One node per comparable name and type class (per article for descriptions and
    one-word person names, unless the user's decisions name them)."""
    nodes: dict[tuple[str | None, str, str, int | None], Node] = {}
    knowledge = bundled_knowledge()
    for row in mentions:
        kind = type_class(row["type"])
        known = knowledge.body(row["name"]) if kind != "person" else None
        name = parse_name(known.name if known else row["name"], row["type"])
        if not name.words:
            continue
        alone = len(name.words) == 1 and (kind == "person" or row["type"] == "organisation")
        local = ((name.generic and not name.prefix) or alone) and name.key not in named
        key = (name.prefix, name.key, kind, row["article_id"] if local else None)
        node = nodes.setdefault(key, Node(name, kind))
        node.names[row["name"]] += 1
        node.types[row["type"]] += 1
        node.aliases.update(row.get("aliases") or [])
        node.known = known.name if known is not None else node.known
        if known is not None and known.name != row["name"]:
            node.aliases.add(known.name)  # "GUR", "Ukraine's military intelligence": one body
        node.articles.add(row["article_id"])
        node.mentions.add((row["article_id"], row["name"]))
    return list(nodes.values())


def _candidates(nodes: list[Node]) -> Iterable[tuple[int, int]]:
    """Pairs worth comparing: same type class, sharing a word start or an initials key."""
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, node in enumerate(nodes):
        if node.name.generic:
            continue
        keys = {w[:3] for key in node.forms() for w in key.split()}
        keys |= {initials(parse_name(n).words).lower()[:3] for n in node.names}
        for key in keys:
            blocks.setdefault((node.type_class, key), []).append(i)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for pair in combinations(members, 2):
            if pair not in seen:
                seen.add(pair)
                yield pair


def _attach_surnames(nodes: list[Node], clusters: Clusters) -> None:
    """A person named by one word joins the one full name that has it, if only one does;
    so does a one-word name typed only "organisation" (a proper noun NER missed), in its
    own article."""
    full = [i for i, n in enumerate(nodes) if n.type_class == "person" and len(n.name.words) > 1]
    for i, node in enumerate(nodes):
        untyped = set(node.types) == {"organisation"} and not node.name.acronym
        if len(node.name.words) != 1 or not (node.type_class == "person" or untyped):
            continue
        word = node.name.words[0]
        matching = {
            clusters.find(j)
            for j in full
            if any(fuzz.ratio(word, w) >= SURNAME_MATCH for w in nodes[j].name.words)
        }
        local = {
            c
            for c in matching
            if any(nodes[j].articles & node.articles for j in _members(clusters, c))
        }
        chosen = local if local or node.type_class != "person" else matching
        if len(chosen) == 1:
            clusters.union(next(iter(chosen)), i)


def _members(clusters: Clusters, root: int) -> list[int]:
    return [i for i in range(len(clusters.nodes)) if clusters.find(i) == root]


def cluster_nodes(nodes: list[Node], decided: dict[frozenset[str], str]) -> list[list[int]]:
    """Groups of nodes that name one entity: forced merges, then matches, then surnames."""
    forbidden = {pair for pair, action in decided.items() if action == "split"}
    clusters = Clusters(nodes, forbidden)
    by_key: dict[str, list[int]] = {}
    for i, node in enumerate(nodes):
        for key in node.forms():
            by_key.setdefault(key, []).append(i)
    for pair, action in decided.items():
        if action == "merge" and len(pair) == 2:
            a, b = sorted(pair)
            for i in by_key.get(a, []):
                for j in by_key.get(b, []):
                    clusters.union(i, j)
    for i, j in _candidates(nodes):
        x, y = nodes[i], nodes[j]
        person = x.type_class == "person"
        if same_person(x.name, y.name) if person else same_organisation(x, y):
            clusters.union(i, j)
    _attach_surnames(nodes, clusters)
    return clusters.groups()


def _canonical(members: list[Node], preferred: list[str]) -> tuple[str, str]:
    """The canonical name and type of a group of nodes."""
    names: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for node in members:
        names.update(node.names)
        types.update(node.types)
    keys = {parse_name(n).key: n for n in names}
    for wanted in reversed(preferred):
        key = parse_name(wanted).key
        if key in keys:
            return wanted, _type(types)
    person = members[0].type_class == "person"

    def rank(name: str) -> tuple[int, int, int, int]:
        parsed = parse_name(name)
        if person:
            return (len(parsed.words), names[name], len(name), 0)
        return (not parsed.acronym, parsed.prefix is None, names[name], len(name))

    return max(names, key=rank), _type(types)


def _type(types: Counter[str]) -> str:
    specific = Counter({t: n for t, n in types.items() if t != "organisation"})
    return (specific or types).most_common(1)[0][0]


def resolve(
    mentions: Iterable[dict[str, Any]],
    aliases: AliasFile | None = None,
    edits: Iterable[tuple[str, str, str]] = (),
) -> tuple[list[dict[str, Any]], dict[tuple[int, str], int]]:
    """Entities across articles (name, type, aliases, reliability) and, for each
    (article_id, name in the article), the index of its entity."""
    aliases = aliases or AliasFile()
    decided, preferred = decisions(aliases, edits)
    nodes = build_nodes(mentions, {key for pair in decided for key in pair})
    grades = {parse_name(n).key: g for n, g in aliases.reliability.items()}
    rows: list[dict[str, Any]] = []
    assignment: dict[tuple[int, str], int] = {}
    for group in sorted(cluster_nodes(nodes, decided), key=min):
        members = [nodes[i] for i in group]
        name, kind = _canonical(members, preferred)
        others = {n for node in members for n in (*node.names, *node.aliases)} - {name}
        keys = {k for node in members for k in node.forms()}
        grade = next((grades[k] for k in sorted(keys) if k in grades), DEFAULT_GRADE)
        for node in members:
            for mention in node.mentions:
                assignment[mention] = len(rows)
        rows.append({"name": name, "type": kind, "aliases": sorted(others), "reliability": grade})
    return rows, assignment


def resolve_entities(store: Any, aliases: AliasFile | None = None) -> list[dict[str, Any]]:
    """Rebuild the store's entities across articles; returns them (without ids)."""
    rows, assignment = resolve(store.entity_mentions(), aliases, store.entity_edits())
    store.replace_entities(rows, assignment)
    return rows
