"""The HTML pages of the web app: each calls the application layer and renders a template.

`/` searches (and lists the stored articles), `/articles/{id}` shows an article's
text with its records marked; the claimant, quantity and entity pages live in
source_pages, quantity_pages and entity_pages, included here. `/vendor/plotly.min.js`
serves Plotly from the installed plotly package, so the charts work offline.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, HTMLResponse

from reportedly.app.articles import stored_article
from reportedly.app.search import TOTAL_CAP
from reportedly.app.search import search as search_store
from reportedly.errors import SearchError
from reportedly.limits import MAX_ROW_ID
from reportedly.web import entity_pages, quantity_pages, source_pages
from reportedly.web.article_view import article_view
from reportedly.web.render import PageNumber, error_page, paging, render
from reportedly.web.server import StoreDep

PLOTLY_JS = FilePath(str(files("plotly") / "package_data" / "plotly.min.js"))
HIT = re.compile(r"(\d{1,9})-(\d{1,9})")

router = APIRouter(include_in_schema=False)
for pages in (source_pages, quantity_pages, entity_pages):
    router.include_router(pages.router)


FILTERS = ("claimant", "category", "outlet", "since", "until", "place", "kind", "claimed")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, page: PageNumber = 1) -> HTMLResponse:
    """The search box and the stored articles by id, a page at a time."""
    at = paging(request, page)
    rows, more = at.cut(list(store.iter_articles(limit=at.size + 1, offset=at.offset)))
    return render(request, "home.html", {"articles": rows, "paging": at, "more": more})


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    store: StoreDep,
    q: str = "",
    page: PageNumber = 1,
    claimant: str | None = None,
    category: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    kind: str | None = None,
    claimed: str | None = None,
) -> HTMLResponse:
    """Articles and claims matching `q` (web-search syntax), narrowed by the facets."""
    values = (claimant, category, outlet, since, until, place, kind, claimed)
    chosen = {name: v for name, v in zip(FILTERS, values, strict=True) if v}
    at = paging(request, page)
    context: dict[str, object] = {
        "q": q,
        "chosen": chosen,
        "paging": at,
        "more": False,
        "cap": TOTAL_CAP,
    }
    try:
        found = search_store(store, q, **chosen, limit=at.size, offset=at.offset)
    except (SearchError, ValueError) as exc:
        return render(request, "search.html", {**context, "error": str(exc)}, 400)
    shown = at.offset + len(found.hits)  # the total is None past the count's cap
    more = found.total > shown if found.total is not None else len(found.hits) == at.size
    context.update(found=found, more=more)
    return render(request, "search.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request,
    store: StoreDep,
    article_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)],
    at: str | None = None,
) -> HTMLResponse:
    """One article: its text with every source, cue, content and figure marked, and its
    records; `at=START-END` marks a search hit (the page opens at `#hit`)."""
    hit = None
    if at is not None:
        found = HIT.fullmatch(at)
        if found is None:
            return error_page(request, f"at: {at!r} is not START-END (two offsets)", 400)
        hit = (int(found[1]), int(found[2]))
    stored = stored_article(store, article_id)
    if stored is None:
        return error_page(request, f"no article {article_id} in the store")
    context = {"article": stored.report.article, "view": article_view(stored, hit)}
    return render(request, "article.html", context)


@router.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    """Plotly's browser bundle from the installed plotly package (no CDN)."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript")
