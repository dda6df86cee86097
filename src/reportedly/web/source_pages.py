"""The claimant pages: `/sources` (profiles, most cited first) and `/sources/{name}`.

A claimant's page shows the entity (name, type, aliases, reliability grade), its own
claims, the claims it relayed for others and the figures it claims, by publication
date (with who relayed each claim and the outlets that carried them), a page of each,
from reportedly.app.sources, as the `sources` command does. Each figure links to its
sentence in the article and to its quantity's page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reportedly.app.sources import (
    source_history,
    source_profiles,
    source_relayed,
    source_totals,
)
from reportedly.web.render import PageNumber, error_page, paging, render
from reportedly.web.server import StoreDep

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, store: StoreDep, page: PageNumber = 1) -> HTMLResponse:
    """Every claimant's profile, the most cited first, a page at a time."""
    at = paging(request, page)
    rows, more = at.cut(source_profiles(store, limit=at.size + 1, offset=at.offset))
    return render(request, "sources.html", {"profiles": rows, "paging": at, "more": more})


@router.get("/sources/{name:path}", response_class=HTMLResponse)
def source(request: Request, store: StoreDep, name: str, page: PageNumber = 1) -> HTMLResponse:
    """One claimant (name or alias): its claims, relayed claims and figures over time, a
    page of each."""
    at = paging(request, page)
    found, claims, figures = source_history(store, name, limit=at.size, offset=at.offset)
    if not found:
        return error_page(request, f"no claimant named {name!r} in the store")
    totals = source_totals(store, found)
    relayed = source_relayed(store, found, limit=at.size, offset=at.offset)
    context = {
        "name": name,
        "entities": found,
        "claims": claims,
        "claim_count": totals["claims"],
        "relayed": relayed,
        "relayed_count": totals["relayed"],
        "figures": figures,
        "figure_count": totals["figures"],
        "outlets": totals["outlets"],
        "paging": at,
        "more": max(totals["claims"], totals["relayed"], totals["figures"]) > at.offset + at.size,
    }
    return render(request, "source.html", context)
