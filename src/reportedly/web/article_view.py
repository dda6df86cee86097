"""What the article page shows of a stored Report: the marks over its text and the records.

Every attribution is the record `claim-<n>` and every figure `figure-<n>`, `n` its
position in the article (the `position` of the store's rows, the index in
`Report.attributions` / `Report.figures`): its source, cue and content (each piece
of a broken quotation) and the figure's words are marked, the first mark of each
record carries the record's id, so `/articles/7#figure-2` opens at the figure. A
search hit is one more mark, `hit`, at the characters the search matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from reportedly.app.articles import StoredArticle
from reportedly.model import Attribution, Figure
from reportedly.web.highlight import Span, highlight


@dataclass(frozen=True)
class ArticleView:
    """The article's highlighted text and its records, for the template."""

    html: Markup
    claims: list[dict[str, Any]]
    figures: list[dict[str, Any]]


def _claim_spans(n: int, a: Attribution) -> list[Span]:
    record = f"claim-{n}"
    parts = a.content_parts or [(a.content_start, a.content_end)]
    ranges = [
        ("source", a.source_start, a.source_end),
        ("cue", a.cue_start, a.cue_end),
        *(("content", start, end) for start, end in parts),
    ]
    spans = [Span(s, e, kind, record) for kind, s, e in ranges if s is not None and e is not None]
    return _anchored(spans, record)


def _anchored(spans: list[Span], anchor: str) -> list[Span]:
    """The spans with `anchor` on the earliest one (where a link to the record lands)."""
    if not spans:
        return spans
    first = min(range(len(spans)), key=lambda i: (spans[i].start, i))
    s = spans[first]
    spans[first] = Span(s.start, s.end, s.kind, s.record, anchor)
    return spans


def _figure_spans(n: int, f: Figure) -> list[Span]:
    if f.start is None or f.end is None:
        return []
    return [Span(f.start, f.end, "figure", f"figure-{n}", f"figure-{n}")]


def article_view(stored: StoredArticle, hit: tuple[int, int] | None = None) -> ArticleView:
    """The marks and records of the article; `hit` (start, end) marks a search hit. Each
    record's `entity` is its claimant's entity across articles (None: none)."""
    report = stored.report
    spans: list[Span] = []
    for n, a in enumerate(report.attributions):
        spans += _claim_spans(n, a)
    for n, f in enumerate(report.figures):
        spans += _figure_spans(n, f)
    if hit is not None:
        spans.append(Span(hit[0], hit[1], "hit", anchor="hit"))
    children: dict[int, list[int]] = {}
    for n, a in enumerate(report.attributions):
        if a.parent is not None:
            children.setdefault(a.parent, []).append(n)
    held: dict[int, list[int]] = {}
    for n, f in enumerate(report.figures):
        if f.attribution is not None:
            held.setdefault(f.attribution, []).append(n)
    claims = [
        {
            **a.to_dict(),
            "n": n,
            "entity": stored.claim_entities.get(n),
            "nested": children.get(n, []),
            "figures": held.get(n, []),
            "through": [link.name for link in a.chain if link.role in ("relay", "wire")],
        }
        for n, a in enumerate(report.attributions)
    ]
    published = report.article.published
    figures = [
        {
            **f.to_dict(),
            "n": n,
            "entity": stored.figure_entities.get(n),
            "claim_date": f.stated_on or published,
        }
        for n, f in enumerate(report.figures)
    ]
    return ArticleView(highlight(report.article.text, spans), claims, figures)
