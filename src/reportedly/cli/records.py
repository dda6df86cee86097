"""Table columns of each record kind, and the tables of one report."""

from __future__ import annotations

from rich.text import Text

from reportedly.cli.output import Column, Row, interval, out, table, visible
from reportedly.model import Report


def article_ref(row: Row) -> str:
    """A short reference to a row's article: its id (for `show`) and outlet."""
    return " ".join(p for p in (f"#{row.get('article_id')}", row.get("outlet")) if p)


def _claim_date(row: Row) -> str | None:
    return row.get("stated_on") or row.get("published")


ARTICLE_COLUMNS = (
    Column.key("id", "id"),
    Column.key("published", "published", cut=False),
    Column.key("outlet", "outlet"),
    Column.key("title", "title", max_width=60),
    Column.key("claims", "claims"),
    Column.key("figures", "figures"),
)
CLAIM_COLUMNS = (
    Column.key("id", "id"),
    Column.key("published", "published", cut=False),
    Column.key("source", "source", max_width=24),
    Column.key("entity", "source_entity", max_width=24),
    Column.key("cue", "cue"),
    Column.key("kind", "kind", cut=False),
    Column.key("content", "content", max_width=60),
    Column("article", article_ref, max_width=20),
)
FIGURE_COLUMNS = (
    Column.key("figure", "text"),
    Column("interval", lambda r: interval(r.get("low"), r.get("high")), cut=False),
    Column.key("qualifier", "qualifier", cut=False),
    Column.key("category", "category", cut=False),
    Column.key("subject", "subject", max_width=30),
    Column.key("claimant", "source_entity", max_width=24),
    Column("claim date", _claim_date, cut=False),
    Column("article", article_ref, max_width=20),
)
# Within one report: no article column; the attribution's position instead of an id.
REPORT_CLAIM_COLUMNS = (
    Column.key("#", "position"),
    *(c for c in CLAIM_COLUMNS if c.header not in ("id", "published", "article")),
)
REPORT_FIGURE_COLUMNS = tuple(c for c in FIGURE_COLUMNS if c.header != "article")

STYLES = {"source": "bold cyan", "cue": "bold magenta", "content": "green", "figure": "reverse"}


def report_rows(report: Report) -> tuple[list[Row], list[Row]]:
    """The attribution and figure rows of a report, each with its position."""
    published = {"published": report.article.published}
    claims = [{"position": i, **a.to_dict()} for i, a in enumerate(report.attributions)]
    figures = [{"position": i, **published, **f.to_dict()} for i, f in enumerate(report.figures)]
    return claims, figures


def print_report_tables(report: Report) -> None:
    """The attributions table and the figures table of one report."""
    claims, figures = report_rows(report)
    label = report.article.title or report.article.id or report.article.origin or "article"
    if claims:
        out.print(table(claims, REPORT_CLAIM_COLUMNS, title=f"Attributions in {label}"))
    else:
        out.print(Text(visible(f"No attributions found in {label}.")))
    if figures:
        out.print(table(figures, REPORT_FIGURE_COLUMNS, title=f"Figures in {label}"))
    else:
        out.print(Text(visible(f"No figures found in {label}.")))


def marked_text(report: Report) -> Text:
    """The article text with each attribution's source, cue and content styled."""
    text = Text(visible(report.article.text))  # same length: the offsets still hold
    for a in report.attributions:
        spans = {
            part: [(getattr(a, f"{part}_start"), getattr(a, f"{part}_end"))]
            for part in ("content", "source", "cue")
        }
        if a.content_parts:
            spans["content"] = list(a.content_parts)  # a quotation broken by its cue
        for part, ranges in spans.items():
            for start, end in ranges:
                if start is not None and end is not None:
                    text.stylize(STYLES[part], start, end)
    for f in report.figures:
        if f.start is not None and f.end is not None:
            text.stylize(STYLES["figure"], f.start, f.end)
    return text


def legend() -> Text:
    return Text("  ").join(Text(name, style=style) for name, style in STYLES.items())
