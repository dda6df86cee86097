"""Plots: a quantity's timeline as an image, one line per claimant.

Each claimant's statements are joined by a line through their values. The
interval each statement admits is a shaded bar at the point and a band along
the line (an open end is drawn to the value). Each point is labelled with the
ids of the articles that carry it ("#7,8,9"). The format follows the file's
suffix (.png or .svg). SVG text stays text, and each claimant's line has the
SVG id `series-<n>` and the claimant as its legend label, so the image can be
checked and searched. Drawn with matplotlib's object API on an Agg canvas: no
pyplot, no display.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reportedly.analyse.bands import interval_end as _end
from reportedly.analyse.syndication import Statement
from reportedly.store.dates import first_day

SUFFIXES: tuple[str, ...] = (".png", ".svg")
SIZE_INCHES = (10.0, 5.5)
DPI = 100


def timeline_figure(statements: Sequence[Statement], title: str) -> Figure:
    """The figure: one line per claimant (in first-claim order), bands, article labels."""
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    by_claimant: dict[str, list[Statement]] = {}
    for s in sorted(statements, key=lambda s: s.claim_date or ""):
        if s.claim_date and s.first.value is not None:
            by_claimant.setdefault(s.first.claimant_key, []).append(s)
    for n, run in enumerate(by_claimant.values()):
        days = [d for d in (first_day(s.claim_date) for s in run) if d is not None]
        values = [float(s.first.value or 0) for s in run]
        lows = [_end(s.first.low, v) for s, v in zip(run, values, strict=True)]
        highs = [_end(s.first.high, v) for s, v in zip(run, values, strict=True)]
        (line,) = ax.plot(days, values, marker="o", label=run[0].claimant, gid=f"series-{n}")
        ax.fill_between(days, lows, highs, alpha=0.2, color=line.get_color(), linewidth=0)
        ax.vlines(days, lows, highs, colors=line.get_color(), alpha=0.35, linewidth=5)
        for day, value, s in zip(days, values, run, strict=True):
            label = "#" + ",".join(str(i) for i in s.article_ids)
            ax.annotate(label, (day, value), textcoords="offset points", xytext=(4, 6), fontsize=7)
    ax.set_title(title)
    ax.set_ylabel("count")
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    if by_claimant:
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def save_timeline(statements: Sequence[Statement], title: str, path: Path) -> Path:
    """Draw the timeline into `path`, as PNG or SVG by its suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path}: the plot must end in {' or '.join(SUFFIXES)}")
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "reportedly"}):
        timeline_figure(statements, title).savefig(path, format=suffix[1:])
    return path
