"""The quantity page's timeline chart as Plotly JSON: data for static/quantity.js to draw.

One scatter trace per claimant (in first-claim order), a point per statement at its
claim date and value, the interval it admits drawn as an error bar (an open end
stops at the value, as in reportedly.analyse.plot), and each point's `customdata`
the link to the figure in its first article (`/articles/<id>#figure-<n>`). The
JSON goes into the page as `<script type="application/json">`: data, not code, so
the page needs no inline script. Plotly reads a few HTML tags in trace names and
hover texts, so every text from the store is HTML-escaped first (shown as written).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from reportedly.analyse.bands import interval_end
from reportedly.analyse.syndication import Statement
from reportedly.store.dates import first_day


def figure_link(article_id: int, position: int) -> str:
    """Where a figure is marked on its article's page."""
    return f"/articles/{article_id}#figure-{position}"


def _trace(run: list[Statement]) -> dict[str, Any]:
    values = [float(s.first.value or 0) for s in run]
    lows = [interval_end(s.first.low, v) for s, v in zip(run, values, strict=True)]
    highs = [interval_end(s.first.high, v) for s, v in zip(run, values, strict=True)]
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": escape(run[0].claimant),
        "x": [str(first_day(s.claim_date)) for s in run],
        "y": values,
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": [h - v for h, v in zip(highs, values, strict=True)],
            "arrayminus": [v - lo for lo, v in zip(lows, values, strict=True)],
            "thickness": 2,
            "width": 6,
        },
        "text": [escape(f"{s.first.text} ({s.first.outlet or 'no outlet'})") for s in run],
        "customdata": [figure_link(s.first.article_id, s.first.position) for s in run],
        "hovertemplate": "%{text}<br>%{x}: %{y:,}<extra>%{fullData.name}</extra>",
    }


def timeline_chart(statements: Sequence[Statement]) -> dict[str, Any]:
    """The Plotly figure ({"data", "layout"}) of one quantity's statements."""
    by_claimant: dict[str, list[Statement]] = {}
    for s in sorted(statements, key=lambda s: s.claim_date or ""):
        if first_day(s.claim_date) is not None and s.first.value is not None:
            by_claimant.setdefault(s.first.claimant_key, []).append(s)
    return {
        "data": [_trace(run) for run in by_claimant.values()],
        "layout": {
            "xaxis": {"type": "date", "title": {"text": "claim date"}},
            "yaxis": {"title": {"text": "count"}, "rangemode": "tozero"},
            "hovermode": "closest",
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            "margin": {"t": 48, "r": 16},
        },
    }
