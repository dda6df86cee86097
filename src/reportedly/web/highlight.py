"""Highlight spans of a hostile text as well-formed HTML: escaped text, our own <mark>s.

`highlight(text, spans)` cuts the text at every span's ends, escapes each piece
(markupsafe) and puts only our own `<mark>` tags between the pieces. Spans may
overlap, nest or cross in any way: the marks open outermost first (earlier start,
then later end) and a span crossing another is split into pieces, so every tag
closes in the order it opened. A span's `anchor` (an element id, for links such as
`#claim-3`) goes on its first piece only, so ids stay unique. Spans outside the
text are clipped to it; empty ones are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A range of the text to mark: `kind` is the mark's class (source, cue, content,
    figure, hit); `record` names the record it shows (`data-record`)."""

    start: int
    end: int
    kind: str
    record: str | None = None
    anchor: str | None = None


def _open(span: Span, first: bool) -> str:
    attributes = f' class="{escape(span.kind)}"'
    if span.record is not None:
        attributes += f' data-record="{escape(span.record)}"'
    if first and span.anchor is not None:
        attributes += f' id="{escape(span.anchor)}"'
    return f"<mark{attributes}>"


def _clipped(text: str, spans: Iterable[Span]) -> list[Span]:
    size = len(text)
    kept = []
    for span in spans:
        start, end = max(0, span.start), min(size, span.end)
        if start < end:
            kept.append(Span(start, end, span.kind, span.record, span.anchor))
    return kept


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """The text as HTML with each span in a `<mark>` (see the module doc)."""
    marks: Sequence[Span] = _clipped(text, spans)
    order = sorted(range(len(marks)), key=lambda i: (marks[i].start, -marks[i].end, i))
    cuts = sorted({0, len(text), *(s.start for s in marks), *(s.end for s in marks)})
    out: list[str] = []
    stack: list[int] = []  # the indices of the open marks, outermost first
    opened: set[int] = set()
    for a, b in pairwise(cuts):
        active = [i for i in order if marks[i].start <= a and b <= marks[i].end]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        for i in active[keep:]:
            out.append(_open(marks[i], i not in opened))
            opened.add(i)
        stack = active
        out.append(str(escape(text[a:b])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))
