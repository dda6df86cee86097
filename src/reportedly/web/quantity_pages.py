"""The quantity pages: `/quantities` (what the figures count) and `/quantities/{name}`.

A quantity's page shows, per event, the timeline chart (reportedly.web.chart; one
series per claimant, each point a link to its figure), the statements with their
corroboration, the bands per claim date and the checks that flag, from
reportedly.app.quantities as `figures --quantity` shows them: one window of claim
dates at a time (`?since=&until=`, YYYY[-MM[-DD]]; by default the whole quantity,
or a large one's latest window), with the dates shown and links to the windows
before and after it. A bad date is a 422 page.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reportedly.analyse.quantities import parse_quantity
from reportedly.app.quantities import Window, quantity_list, quantity_views
from reportedly.web.chart import timeline_chart
from reportedly.web.render import PageNumber, error_page, paging, render
from reportedly.web.server import StoreDep

router = APIRouter(include_in_schema=False)


@router.get("/quantities", response_class=HTMLResponse)
def quantities(request: Request, store: StoreDep, page: PageNumber = 1) -> HTMLResponse:
    """The quantities, grouped by event, a page at a time."""
    at = paging(request, page)
    rows = quantity_list(store)
    shown = rows[at.offset : at.offset + at.size]
    context = {"quantities": shown, "paging": at, "more": len(rows) > at.offset + at.size}
    return render(request, "quantities.html", context)


def window_links(request: Request, window: Window) -> dict[str, str]:
    """The URLs of this page for the windows before and after `window` ("earlier",
    "later"), those that hold claims."""
    return {
        label: quote(request.url.path) + _query(since, until)
        for label, (since, until) in window.neighbours.items()
    }


def _query(since: str | None, until: str | None) -> str:
    """The query string of a window ("" for the default one)."""
    given = {k: v for k, v in (("since", since), ("until", until)) if v}
    return f"?{urlencode(given)}" if given else ""


@router.get("/quantities/{name:path}", response_class=HTMLResponse)
def quantity(
    request: Request,
    store: StoreDep,
    name: str,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    """One quantity ("north korean soldiers killed", "[event]" for one event) in a window of
    claim dates: per event, its chart, statements, bands and flags."""
    try:
        parse_quantity(name)
    except ValueError as exc:
        return error_page(request, f"quantity {name!r}: {exc}", 400)
    try:
        views = quantity_views(store, name, since=since or None, until=until or None)
    except ValueError as exc:
        return error_page(request, f"quantity {name!r}: {exc}", 422)
    if not views:
        where = f" dated {since or '...'} to {until or '...'}" if since or until else ""
        return error_page(request, f"no figure measures {name!r}{where}")
    window = views[0].window
    shown = [{"view": v, "chart": timeline_chart(v.statements)} for v in views]
    context = {
        "name": name,
        "views": shown,
        "window": window,
        "links": window_links(request, window),
        "query": _query(since, until),
    }
    return render(request, "quantity.html", context)
