"""The entity pages: `/entities` (the entities across articles, a page at a time) and its
write forms, merge and split, shown only to a browser that may write.

Each form posts to a route that depends on `require_write` (the write token's session,
its CSRF token and this site's Origin; reportedly.web.security) and calls
reportedly.app.entities as `reportedly entities merge|split` does: the edit is
recorded in the store and applied at once, so re-ingesting keeps it. The answer is
the entities page with what the edit did, or the one-line reason it was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reportedly.app.entities import list_entities, merge_entities, split_entities
from reportedly.errors import EntityError
from reportedly.web.render import PageNumber, paging, render
from reportedly.web.security import WriteAccess, form_fields
from reportedly.web.server import StoreDep

router = APIRouter(include_in_schema=False)
EDITS: dict[str, tuple[Callable[[Any, str, str], list[dict[str, Any]]], str]] = {
    "merge": (merge_entities, "merged"),
    "split": (split_entities, "split"),
}


def _page(
    request: Request, store: Any, page: int, status_code: int = 200, **said: Any
) -> HTMLResponse:
    at = paging(request, page)
    rows, more = at.cut(list_entities(store, at.size + 1, at.offset))
    context = {"entities": rows, "paging": at, "more": more, **said}
    return render(request, "entities.html", context, status_code)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, store: StoreDep, page: PageNumber = 1) -> HTMLResponse:
    """The entities across articles by id, a page at a time, and the edit forms."""
    return _page(request, store, page)


@router.post("/entities/{action}", response_class=HTMLResponse)
async def edit(request: Request, store: StoreDep, action: str, _: WriteAccess) -> HTMLResponse:
    """Merge (A and B are one entity, named A) or split (two entities) the names in the
    form fields `a` and `b`."""
    if action not in EDITS:
        return _page(request, store, 1, 404, error=f"no entity edit {action!r}")
    fields = await form_fields(request)
    a, b = fields.get("a", "").strip(), fields.get("b", "").strip()
    if not a or not b:
        return _page(request, store, 1, 400, error=f"{action}: name both entities (a and b)")
    call, done = EDITS[action]
    try:
        after = call(store, a, b)
    except EntityError as exc:
        return _page(request, store, 1, 400, error=f"{action}: {exc}")
    return _page(request, store, 1, notice=f"{a} and {b} {done}", edited=after)
