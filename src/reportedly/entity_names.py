"""Entity names across articles: their comparable form and when two name one entity.

The rules (docs/sources.md), shared by the store's incremental clustering at write
(reportedly.store.entity_index) and the full rebuild (`resolve`), its reference:

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

The recorded `entities merge/split` edits (an alias file is recorded as such edits)
are replayed in order, the latest decision on a pair winning; a merge "A B" makes
A the canonical name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

GRADES = ("A", "B", "C", "D", "E", "F")  # Admiralty source reliability; F: cannot be judged
DEFAULT_GRADE = "F"
PERSON_MATCH = 85  # rapidfuzz ratio for one word of a person's name ("Zelensky", "Zelenskyy")
SURNAME_MATCH = 88
ORG_MATCH = 92  # token_sort_ratio of two organisation names
SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "to"})
_POSSESSIVE = re.compile(r"^(?P<prefix>.+?)['’]s\s+(?P<rest>.+)$")


@cache
def _titles() -> frozenset[str]:
    from reportedly.extract.lexicon import bundled_lexicon  # not at import: spaCy comes with it

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


@lru_cache(maxsize=1 << 16)
def parse_name(text: str, entity_type: str = "organisation") -> Name:
    """The comparable form of a name ("South Korea's National Intelligence Service");
    a name is parsed once and remembered (a Name is immutable)."""
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
    """A name as it occurs in the store: one per comparable name (per article if local)."""

    name: Name
    type_class: str
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)
    mentions: set[tuple[int, str]] = field(default_factory=set)
    known: str | None = None  # the body knowledge says this is
    local: bool = False  # compared per article: a description or a name of one word

    def forms(self) -> set[str]:
        """Every comparable form of this node's names and aliases."""
        return forms_of([*self.names, *self.aliases], self.type_class)

    def fold(self, other: Node) -> None:
        """Count `other`'s occurrences as this node's (the same comparable name)."""
        self.names.update(other.names)
        self.types.update(other.types)
        self.aliases |= other.aliases
        self.articles |= other.articles
        self.mentions |= other.mentions
        self.known = other.known or self.known


def forms_of(names: Iterable[str], kind: str) -> set[str]:
    """The comparable forms (name keys) of names of an entity of type class `kind`."""
    return {parse_name(n, "person" if kind == "person" else "x").key for n in names}


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


Edit = tuple[str, str, str]  # (action, name, other): "merge" or "split"


def decisions(edits: Iterable[Edit]) -> tuple[dict[frozenset[str], str], list[str]]:
    """{pair of name keys: "merge" or "split"} (latest wins) and the preferred canonical names."""
    decided: dict[frozenset[str], str] = {}
    preferred: list[str] = []
    for action, name, other in edits:
        a, b = parse_name(name).key, parse_name(other).key
        if a != b:
            decided[frozenset((a, b))] = action
        if action == "merge":
            preferred.append(name)
    return decided, preferred


def forbidden_pairs(decided: Mapping[frozenset[str], str]) -> set[frozenset[str]]:
    return {pair for pair, action in decided.items() if action == "split"}


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
    mentions: Iterable[Mapping[str, Any]], named: Collection[str] = frozenset()
) -> list[Node]:
    """One node per comparable name and type class (per article for descriptions and
    one-word person names, unless the user's decisions name them)."""
    from reportedly.extract.knowledge import bundled_knowledge  # see _titles

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
        node = nodes.setdefault(key, Node(name, kind, local=local))
        node.names[row["name"]] += 1
        node.types[row["type"]] += 1
        node.aliases.update(row.get("aliases") or [])
        node.known = known.name if known is not None else node.known
        if known is not None and known.name != row["name"]:
            node.aliases.add(known.name)  # "GUR", "Ukraine's military intelligence": one body
        node.articles.add(row["article_id"])
        node.mentions.add((row["article_id"], row["name"]))
    return list(nodes.values())


def block_keys(node: Node) -> set[str]:
    """What a node is compared by: its type class with a word start or an initials key.
    A description in lower case is compared with none."""
    if node.name.generic:
        return set()
    keys = {w[:3] for key in node.forms() for w in key.split()}
    keys |= {initials(parse_name(n).words).lower()[:3] for n in node.names}
    return {f"{node.type_class}:{key}" for key in keys}


def surname_keys(node: Node) -> set[str]:
    """The block keys of the full names a one-word name may be the surname of."""
    if not _surname_like(node):
        return set()
    return {f"person:{node.name.words[0][:3]}"}


def _candidates(nodes: list[Node], fresh: Collection[int] | None) -> Iterable[tuple[int, int]]:
    """Pairs worth comparing (sharing a block key); with `fresh`, only pairs with one in it."""
    blocks: dict[str, list[int]] = {}
    for i, node in enumerate(nodes):
        for key in block_keys(node):
            blocks.setdefault(key, []).append(i)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for pair in combinations(members, 2):
            if pair not in seen and (fresh is None or pair[0] in fresh or pair[1] in fresh):
                seen.add(pair)
                yield pair


def _surname_like(node: Node) -> bool:
    """A person named by one word, or a one-word name typed only "organisation"."""
    untyped = set(node.types) == {"organisation"} and not node.name.acronym
    return len(node.name.words) == 1 and (node.type_class == "person" or untyped)


def _attach_surnames(nodes: list[Node], clusters: Clusters, fresh: Collection[int] | None) -> None:
    """A person named by one word joins the one full name that has it, if only one does;
    so does a one-word name typed only "organisation" (a proper noun NER missed), in its
    own article."""
    full = [i for i, n in enumerate(nodes) if n.type_class == "person" and len(n.name.words) > 1]
    for i, node in enumerate(nodes):
        if (fresh is not None and i not in fresh) or not _surname_like(node):
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


def attach_earlier_surnames(clusters: Clusters, lone: Collection[int]) -> None:
    """A lone surname stored before any full name (nodes `lone`: persons of one word in an
    entity of such names) joins the one full name that has it now, as `_attach_surnames`
    joins it to the one stored before it."""
    nodes = clusters.nodes
    full = [i for i, n in enumerate(nodes) if n.type_class == "person" and len(n.name.words) > 1]
    for j in lone:
        word = nodes[j].name.words[0]
        matching = {
            clusters.find(i)
            for i in full
            if any(fuzz.ratio(word, w) >= SURNAME_MATCH for w in nodes[i].name.words)
        }
        if len(matching) == 1:
            clusters.union(next(iter(matching)), j)


def _members(clusters: Clusters, root: int) -> list[int]:
    return [i for i in range(len(clusters.nodes)) if clusters.find(i) == root]


def link_nodes(
    clusters: Clusters,
    decided: Mapping[frozenset[str], str],
    fresh: Collection[int] | None = None,
) -> None:
    """Union the nodes that name one entity: forced merges, then matches, then surnames.
    With `fresh`, only unions that involve a fresh node are looked for (the others
    were made when those nodes were new)."""
    nodes = clusters.nodes
    by_key: dict[str, list[int]] = {}
    for i, node in enumerate(nodes):
        for key in node.forms():
            by_key.setdefault(key, []).append(i)
    for pair, action in decided.items():
        if action == "merge" and len(pair) == 2:
            a, b = sorted(pair)
            for i in by_key.get(a, []):
                for j in by_key.get(b, []):
                    if fresh is None or i in fresh or j in fresh:
                        clusters.union(i, j)
    for i, j in _candidates(nodes, fresh):
        x, y = nodes[i], nodes[j]
        person = x.type_class == "person"
        if same_person(x.name, y.name) if person else same_organisation(x, y):
            clusters.union(i, j)
    _attach_surnames(nodes, clusters, fresh)


def cluster_nodes(nodes: list[Node], decided: Mapping[frozenset[str], str]) -> list[list[int]]:
    """Groups of nodes that name one entity."""
    clusters = Clusters(nodes, forbidden_pairs(decided))
    link_nodes(clusters, decided)
    return clusters.groups()


def entity_row(
    members: Sequence[Node], preferred: Sequence[str], grades: Mapping[str, str]
) -> dict[str, Any]:
    """The entity a group of nodes names: name, type, aliases and reliability grade."""
    names: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for node in members:
        names.update(node.names)
        types.update(node.types)
    name = _canonical_name(names, members[0].type_class == "person", preferred)
    others = {n for node in members for n in (*node.names, *node.aliases)} - {name}
    keys = {k for node in members for k in node.forms()}
    grade = next((grades[k] for k in sorted(keys) if k in grades), DEFAULT_GRADE)
    return {"name": name, "type": _type(types), "aliases": sorted(others), "reliability": grade}


def _canonical_name(names: Counter[str], person: bool, preferred: Sequence[str]) -> str:
    """The canonical name among an entity's names: the latest preferred one it has, else
    the fullest (persons) or the most used non-acronym without a prefix."""
    keys = {parse_name(n).key for n in names}
    for wanted in reversed(preferred):
        if parse_name(wanted).key in keys:
            return wanted

    def rank(name: str) -> tuple[int, int, int, int]:
        parsed = parse_name(name)
        if person:
            return (len(parsed.words), names[name], len(name), 0)
        return (not parsed.acronym, parsed.prefix is None, names[name], len(name))

    return max(names, key=rank)


def _type(types: Counter[str]) -> str:
    specific = Counter({t: n for t, n in types.items() if t != "organisation"})
    return (specific or types).most_common(1)[0][0]


def grade_keys(grades: Mapping[str, str]) -> dict[str, str]:
    """{name key: grade} for {name: grade}."""
    return {parse_name(name).key: grade for name, grade in grades.items()}


def resolve_mentions(
    mentions: Iterable[Mapping[str, Any]],
    edits: Iterable[Edit] = (),
    grades: Mapping[str, str] | None = None,
) -> list[tuple[dict[str, Any], list[Node]]]:
    """Every entity across articles, from scratch: (its row, its nodes), by first node."""
    decided, preferred = decisions(edits)
    nodes = build_nodes(mentions, {key for pair in decided for key in pair})
    by_key = grade_keys(grades or {})
    return [
        (entity_row([nodes[i] for i in group], preferred, by_key), [nodes[i] for i in group])
        for group in sorted(cluster_nodes(nodes, decided), key=min)
    ]
