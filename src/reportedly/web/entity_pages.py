"""The entity pages: `/entities` (the entities across articles, a page at a time) with its
write forms (merge, split, grade; shown only to a browser that may write), and
`/entities/history`, the audit trail of the edits.

Each form posts to a route that depends on `require_write` (the write token's session,
its CSRF token and this site's Origin; reportedly.web.security) and calls
reportedly.app.entities as `reportedly entities merge|split` and the alias file's
grades do: the edit is recorded in the store (with when, and who: the name given at
login) and applied at once, so re-ingesting keeps it. The answer is the entities page
with what the edit did, or the one-line reason it was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reportedly.app.entities import (
    GRADES,
    entity_history,
    list_entities,
    merge_entities,
    set_grade,
    split_entities,
)
from reportedly.errors import EntityError
from reportedly.web.render import PageNumber, paging, render
from reportedly.web.security import Writer, form_fields
from reportedly.web.server import StoreDep

router = APIRouter(include_in_schema=False)
EDITS: dict[str, tuple[Callable[[Any, str, str, str], list[dict[str, Any]]], str]] = {
    "merge": (merge_entities, "merged"),
    "split": (split_entities, "split"),
}


def _page(
    request: Request, store: Any, page: int, status_code: int = 200, **said: Any
) -> HTMLResponse:
    at = paging(request, page)
    rows, more = at.cut(list_entities(store, at.size + 1, at.offset))
    context = {"entities": rows, "paging": at, "more": more, "grades": GRADES, **said}
    return render(request, "entities.html", context, status_code)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, store: StoreDep, page: PageNumber = 1) -> HTMLResponse:
    """The entities across articles by id, a page at a time, and the edit forms."""
    return _page(request, store, page)


@router.get("/entities/history", response_class=HTMLResponse)
def history(request: Request, store: StoreDep, page: PageNumber = 1) -> HTMLResponse:
    """The merges, splits and grades recorded, oldest first, a page at a time."""
    at = paging(request, page)
    rows, more = at.cut(entity_history(store, at.size + 1, at.offset))
    return render(request, "history.html", {"edits": rows, "paging": at, "more": more})


@router.post("/entities/grade", response_class=HTMLResponse)
async def grade(request: Request, store: StoreDep, who: Writer) -> HTMLResponse:
    """Record the reliability grade (A-F, form field `grade`) of the entity `name`."""
    fields = await form_fields(request)
    name, value = fields.get("name", "").strip(), fields.get("grade", "").strip()
    try:
        after = set_grade(store, name, value, who)
    except (EntityError, ValueError) as exc:
        return _page(request, store, 1, 400, error=f"grade: {exc}")
    return _page(request, store, 1, notice=f"{name} graded {value}", edited=after)


@router.post("/entities/{action}", response_class=HTMLResponse)
async def edit(request: Request, store: StoreDep, action: str, who: Writer) -> HTMLResponse:
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
        after = call(store, a, b, who)
    except EntityError as exc:
        return _page(request, store, 1, 400, error=f"{action}: {exc}")
    return _page(request, store, 1, notice=f"{a} and {b} {done}", edited=after)
