"""The analyst's views: a quantity's timeline (`figures --quantity`), `quantities`, `export`.

`show_quantity` is what `figures --quantity NAME [--since D] [--until D]
[--plot FILE]` runs: the timeline table (one row per statement, equal claims in
syndicated copies folded, with independent corroboration), the bands per date
and the flags, of one window of claim dates (a large quantity's latest by
default), with a note on stderr of the dates shown and the options of the
windows before and after.
`print_demo_timeline` is what `reportedly demo` prints first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from reportedly.cli.browse import opened
from reportedly.cli.options import Db, Limit, ListFormat
from reportedly.cli.output import (
    Column,
    Format,
    err,
    fail,
    interval,
    out,
    render,
    table,
    visible,
)

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


def _print_analysis(
    store: Any,
    name: str,
    fmt: Format,
    plot: Path | None,
    since: str | None = None,
    until: str | None = None,
) -> bool:
    """Print the quantity's analysis in the window [since, until]; False when no figure in
    it measures the quantity."""
    from reportedly.analyse.quantities import parse_quantity
    from reportedly.app.quantities import quantity_timeline, quantity_views

    try:
        if fmt is Format.table:
            views = quantity_views(store, name, since=since, until=until)
            rows = [row for view in views for row in view.rows]
            window = views[0].window if views else None
        else:
            found = quantity_timeline(store, name, since=since, until=until)
            rows, window, views = found.rows, found.window, []
        if plot is not None:
            views = views or quantity_views(store, name, since=since, until=until)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if plot is not None:
        _save_plot(views, plot)
    if fmt is not Format.table:
        render(rows, TIMELINE_COLUMNS, fmt)
    else:
        _print_views(views, parse_quantity(name).name, plot)
    if rows and window is not None and not window.whole:
        err.print(Text(visible(window_note(window)), style="dim"), soft_wrap=True)
    return bool(rows)


def _print_views(views: list[Any], name: str, plot: Path | None) -> None:
    """The tables and flags of each view (one per event of a quantity named without it)."""
    for view in views:
        shown = view.quantity.name if len(views) > 1 else name
        out.print(table(view.rows, TIMELINE_COLUMNS, f"{shown}: claims by date"))  # plain text
        out.print(table(view.bands, BAND_COLUMNS, "What the claimants say, per date"))
        for flag in view.flags:
            line = visible(f"flag {flag['check']}: {flag['message']}")
            out.print(Text(line, style="yellow"), soft_wrap=True)
    if plot is not None and views:
        out.print(Text(f"plot written to {plot}"), soft_wrap=True)


def window_note(window: Any) -> str:
    """The window shown and the options of the windows before and after it."""
    options = [
        f"{label} with --since {since} --until {until}"
        for label, (since, until) in window.neighbours.items()
    ]
    return "; ".join([window.note, *options])


def _save_plot(views: list[Any], plot: Path) -> None:
    """The plot of the first (most claimed) event of the quantity, as the table shows it."""
    from reportedly.analyse.plot import save_timeline

    if not views:
        return
    try:
        save_timeline(views[0].statements, views[0].quantity.name, plot)
    except (ValueError, OSError) as exc:
        raise fail(str(exc)) from exc


def show_quantity(
    db: str | None,
    name: str,
    fmt: Format,
    plot: Path | None,
    since: str | None = None,
    until: str | None = None,
) -> None:
    """`figures --quantity NAME [--since D] [--until D] [--plot FILE]`: the quantity's
    timeline, bands and flags in that window of claim dates."""
    with opened(db) as store:
        found = _print_analysis(store, name, fmt, plot, since, until)
    if not found and (since or until):
        raise fail(f"no claims of {name!r} dated {since or '...'} to {until or '...'}")
    if not found:
        raise fail(f"no figures of {name!r}: see `reportedly quantities`")


def print_demo_timeline(store: Any) -> None:
    """What `reportedly demo` prints first: the North Korean casualty timeline by claimant."""
    if not _print_analysis(store, DEMO_QUANTITY, Format.table, None):
        out.print(Text(f"No figures of {DEMO_QUANTITY} were found."))


def quantities(db: Db = None, limit: Limit = None, fmt: ListFormat = Format.table) -> None:
    """List quantities (population + category) with counts of claims and independent claimants."""
    from reportedly.app.quantities import quantity_list

    with opened(db) as store:
        rows = quantity_list(store)[:limit]
    render(rows, QUANTITY_COLUMNS, fmt, title="Quantities", empty="no figures stored")


def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the files into.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv, jsonl or parquet.", case_sensitive=False)
    ] = "csv",
    db: Db = None,
) -> None:
    """Write claims, figures, entities and quantities (stable columns: docs/analysis.md)."""
    from reportedly.analyse.export import FORMATS
    from reportedly.app.exports import export_store

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    with opened(db) as store:
        paths = export_store(store, out_dir, fmt)
    for path in paths:
        out.print(Text(f"wrote {path}"), soft_wrap=True)
