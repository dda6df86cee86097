"""The quantity pages: `/quantities` (what the figures count) and `/quantities/{name}`.

A quantity's page shows, per event, the timeline chart (reportedly.web.chart; one
series per claimant, each point a link to its figure), the statements with their
corroboration, the bands per claim date and the checks that flag, from
reportedly.app.quantities as `figures --quantity` shows them.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reportedly.app.quantities import quantity_list, quantity_views
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


@router.get("/quantities/{name:path}", response_class=HTMLResponse)
def quantity(request: Request, store: StoreDep, name: str) -> HTMLResponse:
    """One quantity ("north korean soldiers killed", "[event]" for one event): per event,
    its chart, statements, bands and flags."""
    try:
        views = quantity_views(store, name)
    except ValueError as exc:
        return error_page(request, f"quantity {name!r}: {exc}", 400)
    if not views:
        return error_page(request, f"no figure measures {name!r}")
    shown = [{"view": v, "chart": timeline_chart(v.statements)} for v in views]
    return render(request, "quantity.html", {"name": name, "views": shown})
