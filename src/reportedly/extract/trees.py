"""Constant-time questions about a Doc's dependency trees, from one walk per Doc.

spaCy's `Token.is_ancestor` climbs the tree from the descendant, which costs the
depth of the tree: asked for every token of a deep parse ("X said that Y said
that..."), it makes a rule quadratic or worse. `descends` answers the same
question from the entry and exit times of one depth-first walk, `first_outside`
finds the first token after a head that is not under it (at once when its
subtree is contiguous, as in projective parses), and `next_comma` and
`finite_verb_from` say where the next comma and finite verb are. `ents_within`
is `Span.ents` without a pass over every entity of the Doc. All come from
tables built once per Doc (kept while the Doc lives; a Doc's parse and
entities are not expected to change after reportedly's components start).
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

FINITE_POS = ("VERB", "AUX")
NON_FINITE_TAGS = ("VBG", "VBN")


@dataclass(frozen=True)
class _Walk:
    entry: list[int]
    exit: list[int]
    next_finite: list[int]  # per token: the first finite verb at or after it, else len(doc)
    next_comma: list[int]  # per token: the first "," at or after it, else len(doc)
    ents: tuple[Span, ...]  # doc.ents
    ent_starts: list[int]  # their start tokens


_WALKS: weakref.WeakKeyDictionary[Doc, _Walk] = weakref.WeakKeyDictionary()


def _walk(doc: Doc) -> _Walk:
    walk = _WALKS.get(doc)
    if walk is not None:
        return walk
    size = len(doc)
    heads = [token.head.i for token in doc]
    children: list[list[int]] = [[] for _ in range(size)]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    entry, exit_ = [0] * size, [0] * size
    clock = 0
    for root in (i for i in range(size) if heads[i] == i):
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            clock += 1
            if done:
                exit_[node] = clock
                continue
            entry[node] = clock
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children[node]))
    next_finite = [size] * (size + 1)
    next_comma = [size] * (size + 1)
    for i in range(size - 1, -1, -1):
        token = doc[i]
        finite = token.pos_ in FINITE_POS and token.tag_ not in NON_FINITE_TAGS
        next_finite[i] = i if finite else next_finite[i + 1]
        next_comma[i] = i if token.text == "," else next_comma[i + 1]
    ents = tuple(doc.ents)
    walk = _Walk(entry, exit_, next_finite, next_comma, ents, [ent.start for ent in ents])
    _WALKS[doc] = walk
    return walk


def descends(token: Token, ancestor: Token) -> bool:
    """`ancestor.is_ancestor(token)`, in constant time."""
    walk = _walk(token.doc)
    a, t = ancestor.i, token.i
    return walk.entry[a] < walk.entry[t] and walk.exit[t] < walk.exit[a]


def finite_verb_from(doc: Doc, start: int) -> int:
    """The index of the first finite verb (not VBG or VBN) at or after `start`, else len(doc)."""
    return _walk(doc).next_finite[min(max(start, 0), len(doc))]


def first_outside(head: Token, start: int, stop: int) -> int:
    """The first index in [start, stop) whose token is not a descendant of `head`
    (`start` after `head`), else `stop`."""
    walk = _walk(head.doc)
    size = (walk.exit[head.i] - walk.entry[head.i] + 1) // 2  # head and its descendants
    right = head.right_edge.i
    if right - head.left_edge.i + 1 == size:  # contiguous: all of (head, right] is under it
        return min(max(start, right + 1), stop)
    for i in range(start, stop):
        if not descends(head.doc[i], head):
            return i
    return stop


def next_comma(doc: Doc, start: int, stop: int) -> int:
    """The index of the first "," in [start, stop), else `stop`."""
    return min(_walk(doc).next_comma[min(max(start, 0), len(doc))], stop)


def ents_within(span: Span) -> list[Span]:
    """`span.ents`: the Doc's entities from the first that starts in the span, while
    they end inside it."""
    walk = _walk(span.doc)
    found = []
    for ent in walk.ents[bisect_left(walk.ent_starts, span.start) :]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found
