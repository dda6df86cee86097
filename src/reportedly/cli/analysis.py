"""The analyst's views: a quantity's timeline (`figures --quantity`), `quantities`, `export`.

`show_quantity` is what `figures --quantity NAME [--plot FILE]` runs: the
timeline table (one row per statement, equal claims in syndicated copies
folded, with independent corroboration), the bands per date and the flags.
`print_demo_timeline` is what `reportedly demo` prints first.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from reportedly.cli.browse import opened
from reportedly.cli.options import Db, Limit, ListFormat
from reportedly.cli.output import Column, Format, fail, interval, out, render, table, visible

DEMO_QUANTITY = "north korean soldiers casualties"

TIMELINE_COLUMNS = (
    Column(
        "claim date",
        lambda r: f"{r['claim_date']} recalled" if r.get("recalled") else r.get("claim_date"),
        cut=False,
    ),
    Column.key("place", "place", max_width=14),
    Column.key("claimant", "claimant", max_width=26),
    Column.key("figure", "text", max_width=18),
    Column("interval", lambda r: interval(r.get("low"), r.get("high")), cut=False),
    Column.key("relay", "relay", max_width=20),
    Column.key("reports", "reports"),
    Column("articles", lambda r: "#" + ",".join(map(str, r["article_ids"])), max_width=14),
    Column.key("indep.", "independent_claimants"),
    Column("credibility", lambda r: f"{r['credibility']} {r['credibility_label']}", max_width=14),
)
BAND_COLUMNS = (
    Column.key("date", "date", cut=False),
    Column.key("conservative", "conservative"),
    Column.key("low", "low"),
    Column.key("best", "best"),
    Column.key("high", "high"),
    Column("disagreement", lambda r: f"{r['disagreement']:.2f}"),
    Column("claimants", lambda r: ", ".join(r["claimants"]), max_width=40),
)
QUANTITY_COLUMNS = (
    Column.key("event", "event", max_width=26),
    Column("quantity", lambda r: r["quantity"].split(" [")[0], max_width=36),
    Column.key("places", "places", max_width=20),
    Column.key("claims", "claims"),
    Column.key("statements", "statements"),
    Column.key("reports", "reports"),
    Column.key("outlets", "outlets"),
    Column.key("claimants", "claimants"),
    Column.key("first", "first_date", cut=False),
    Column.key("last", "last_date", cut=False),
)


def timeline_rows(claims: list[Any], name: str) -> tuple[list[dict[str, Any]], Any]:
    """The statements of quantity `name` as table rows, and the quantity (ValueError if bad)."""
    from reportedly.analyse.quantities import parse_quantity
    from reportedly.analyse.syndication import CREDIBILITY, corroborate, merge_equal
    from reportedly.analyse.timelines import timeline

    quantity = parse_quantity(name)
    rows = []
    for found in corroborate(merge_equal(timeline(claims, quantity))):
        s = found.statement
        rows.append(
            {
                **s.first.to_row(),
                "article_ids": s.article_ids,
                "outlets": s.outlets,
                "reports": s.reports,
                "independent_claimants": found.independent_claimants,
                "agreeing": list(found.agreeing),
                "contradicting": list(found.contradicting),
                "credibility": found.credibility,
                "credibility_label": CREDIBILITY[found.credibility],
            }
        )
    return rows, quantity


def _print_analysis(store: Any, name: str, fmt: Format, plot: Path | None) -> bool:
    """Print the quantity's analysis; False when no figure measures it."""
    from reportedly.analyse.bands import bands
    from reportedly.analyse.checks import check
    from reportedly.analyse.plot import save_timeline
    from reportedly.analyse.syndication import clusters_of, merge_equal
    from reportedly.analyse.timelines import load_claims, timeline

    claims = load_claims(store, clusters_of(store))
    try:
        rows, quantity = timeline_rows(claims, name)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    events = _events(timeline(claims, quantity))
    if fmt is Format.table and len(events) > 1:
        for event in events:  # a quantity named without its event: one analysis per event
            _print_analysis(store, event.name, fmt, plot if event == events[0] else None)
        return True
    statements = merge_equal(timeline(claims, quantity))
    if plot is not None:
        try:
            save_timeline(statements, quantity.name, plot)
        except (ValueError, OSError) as exc:
            raise fail(str(exc)) from exc
    if fmt is not Format.table:
        render(rows, TIMELINE_COLUMNS, fmt)
        return True
    if not rows:
        return False
    out.print(table(rows, TIMELINE_COLUMNS, f"{quantity.name}: claims by date"))  # plain text
    band_rows = [b.__dict__ for b in bands(statements)]
    out.print(table(band_rows, BAND_COLUMNS, "What the claimants say, per date"))
    population = [c for c in claims if c.quantity.population == quantity.population]
    flags = [f for f in check(population) if any(c.quantity == quantity for c in f.claims)]
    for flag in flags:
        line = visible(f"flag {flag.check}: {flag.message}")
        out.print(Text(line, style="yellow"), soft_wrap=True)
    if plot is not None:
        out.print(Text(f"plot written to {plot}"), soft_wrap=True)
    return True


def _events(claims: list[Any]) -> list[Any]:
    """The quantities (one per event) of a timeline's claims, the most claimed first."""
    counts = Counter(c.quantity for c in claims)
    return sorted(counts, key=lambda q: (-counts[q], q.event))


def show_quantity(db: str | None, name: str, fmt: Format, plot: Path | None) -> None:
    """`figures --quantity NAME [--plot FILE]`: the quantity's timeline, bands and flags."""
    with opened(db) as store:
        found = _print_analysis(store, name, fmt, plot)
    if not found:
        raise fail(f"no figures of {name!r}: see `reportedly quantities`")


def print_demo_timeline(store: Any) -> None:
    """What `reportedly demo` prints first: the North Korean casualty timeline by claimant."""
    if not _print_analysis(store, DEMO_QUANTITY, Format.table, None):
        out.print(Text(f"No figures of {DEMO_QUANTITY} were found."))


def quantities(db: Db = None, limit: Limit = None, fmt: ListFormat = Format.table) -> None:
    """List quantities (population + category) with counts of claims and independent claimants."""
    from reportedly.analyse.summary import quantity_rows
    from reportedly.analyse.syndication import clusters_of
    from reportedly.analyse.timelines import load_claims

    with opened(db) as store:
        rows = quantity_rows(load_claims(store, clusters_of(store)))[:limit]
    render(rows, QUANTITY_COLUMNS, fmt, title="Quantities", empty="no figures stored")


def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the files into.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv, jsonl or parquet.", case_sensitive=False)
    ] = "csv",
    db: Db = None,
) -> None:
    """Write claims, figures, entities and quantities (stable columns: docs/analysis.md)."""
    from reportedly.analyse.export import FORMATS, export_store

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    with opened(db) as store:
        paths = export_store(store, out_dir, fmt)
    for path in paths:
        out.print(Text(f"wrote {path}"), soft_wrap=True)
