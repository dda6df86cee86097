"""The entity pages: `/entities`, the entities across articles a page at a time.

(Merge, split and grade forms come with the security layer.)
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reportedly.app.entities import list_entities
from reportedly.web.render import PageNumber, paging, render
from reportedly.web.server import StoreDep

router = APIRouter(include_in_schema=False)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, store: StoreDep, page: PageNumber = 1) -> HTMLResponse:
    """The entities across articles by id, a page at a time."""
    at = paging(request, page)
    rows, more = at.cut(list_entities(store, at.size + 1, at.offset))
    return render(request, "entities.html", {"entities": rows, "paging": at, "more": more})
