"""The REST API under /api/: the records of reportedly.model's one JSON shape, paged.

Every listing takes `limit` (default 50, at most the server's row cap) and `offset`
and answers a page: `items`, `limit`, `offset` and `next`, the URL of the next page
(None on the last). With `format=csv|jsonl|parquet` it streams every row of its
filters as a file instead (web/streams.py). The filters are the CLI's. A missing id
or name is 404, a bad parameter 422 with a one-line `detail`; writes need the write
token (web/security.py). The routes call the application layer, as the CLI does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from threading import Lock
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from reportedly import __version__
from reportedly.app.entities import (
    entity_history,
    list_entities,
    merge_entities,
    set_grade,
    split_entities,
)
from reportedly.app.listings import figure_rows
from reportedly.app.quantities import quantity_list, quantity_views
from reportedly.app.search import search as run_search
from reportedly.app.sources import source_history, source_profiles, source_relayed
from reportedly.errors import EntityError, ExtractError, PipelineError, SearchError
from reportedly.limits import MAX_CHARS, MAX_ROW_ID
from reportedly.model import Category as ModelCategory
from reportedly.model import Kind
from reportedly.store.dates import parse_period
from reportedly.web import schemas
from reportedly.web.security import Writer, can_write, csrf_token
from reportedly.web.server import SettingsDep, StoreDep
from reportedly.web.streams import MEDIA_TYPES, Format, streamed

router = APIRouter(tags=["api"])

NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot hold a NUL character in text
MAX_TEXT = 10_000  # characters of a text filter (the store's limit too)
DEFAULT_LIMIT = 50

Text = Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL)]
Since = Annotated[str | None, Query(description="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")]
Until = Annotated[str | None, Query(description="Up to this date, inclusive (same forms).")]
Limit = Annotated[
    int | None,
    Query(ge=1, le=10**9, description="Rows per page (default 50, at most the row cap)."),
]
Offset = Annotated[int, Query(ge=0, le=10**12)]
FormatQuery = Annotated[
    Format, Query(alias="format", description="json: a page; csv, jsonl, parquet: a file.")
]
Id = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
Name = Annotated[str, Path(max_length=MAX_TEXT, pattern=NO_NUL)]

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.Problem, "description": "No such record"},
    422: {"model": schemas.Problem, "description": "A bad parameter"},
    503: {"model": schemas.Problem, "description": "Past the time limit"},
}
BINARY = {"schema": {"type": "string", "format": "binary"}}
FILES = {media: BINARY for media in MEDIA_TYPES.values()}
LISTING: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"description": "A page (JSON), or with `format` every row as a file", "content": FILES},
}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"model": schemas.Problem, "description": "A body that cannot be read as JSON"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **BODY_ERRORS,
    401: {"model": schemas.Problem, "description": "No valid write token"},
    403: {"model": schemas.Problem, "description": "Read-only server, or a cross-site request"},
}


def _bad(detail: str) -> HTTPException:
    return HTTPException(status_code=422, detail=detail)


def _missing(detail: str) -> HTTPException:
    return HTTPException(status_code=404, detail=detail)


def _dates(**values: str | None) -> None:
    """422 for a date filter that is not YYYY, YYYY-MM or YYYY-MM-DD."""
    for name, value in values.items():
        if value is not None:
            try:
                parse_period(value, name)
            except ValueError as exc:
                raise _bad(str(exc)) from exc


def _listing(
    request: Request,
    settings: Any,
    read: Callable[[int | None, int], Iterable[dict[str, Any]]],
    fmt: Format,
    limit: int | None,
    offset: int,
    model: type[BaseModel],
    name: str,
) -> Any:
    """A page of `read(limit, offset)`, or with a file format every row streamed."""
    if fmt is not Format.json:
        return streamed(read(limit, offset), fmt, model, name=name, seconds=settings.time_limit)
    size = min(limit or DEFAULT_LIMIT, settings.row_cap)
    rows = list(read(size + 1, offset))
    after = None
    if len(rows) > size:
        rows = rows[:size]
        url = request.url.include_query_params(offset=offset + size, limit=size)
        after = f"{url.path}?{url.query}"
    return {"items": rows, "limit": size, "offset": offset, "next": after}


Rows = Callable[[Any, int | None, int], Iterable[dict[str, Any]]]  # (store, limit, offset)


def _listing_route(path: str, model: type[BaseModel], name: str, rows: Rows, doc: str) -> None:
    """Add a paged listing without filters: `rows(store, limit, offset)` of the app layer."""

    def route(
        request: Request,
        store: StoreDep,
        settings: SettingsDep,
        limit: Limit = None,
        offset: Offset = 0,
        fmt: FormatQuery = Format.json,
    ) -> Any:
        def read(count: int | None, start: int) -> Iterable[dict[str, Any]]:
            return rows(store, count, start)

        return _listing(request, settings, read, fmt, limit, offset, model, name)

    route.__doc__ = doc
    router.get(
        path, response_model=schemas.Page[model], responses=LISTING, name=name.replace("-", "_")
    )(route)


def _quantity_rows(store: Any, limit: int | None, offset: int) -> list[dict[str, Any]]:
    """The quantities as the CLI lists them (whole: they are grouped in the database)."""
    end = None if limit is None else offset + limit
    return quantity_list(store)[offset:end]


@router.get("/status", response_model=schemas.Status)
def status(request: Request, settings: SettingsDep) -> dict[str, Any]:
    """The server's version, whether it accepts writes, whether this request may write,
    and the CSRF token of this browser session (None without one; only this site's own
    pages can read it)."""
    return {
        "version": __version__,
        "writable": settings.writable,
        "can_write": can_write(request),
        "csrf": csrf_token(request) or None,
    }


@router.get("/articles", response_model=schemas.Page[schemas.ArticleRow], responses=LISTING)
def articles(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    outlet: Text = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    offset: Offset = 0,
    fmt: FormatQuery = Format.json,
) -> Any:
    """The stored articles (no text) with their numbers of claims and figures, by id."""
    _dates(since=since, until=until)

    def read(rows: int | None, start: int) -> Iterable[dict[str, Any]]:
        return store.iter_articles(
            limit=rows, offset=start, outlet=outlet, since=since, until=until
        )

    return _listing(request, settings, read, fmt, limit, offset, schemas.ArticleRow, "articles")


@router.get("/articles/{article_id}", response_model=schemas.Report, responses=ERRORS)
def article(store: StoreDep, article_id: Id) -> dict[str, Any]:
    """One article and all its records (what `reportedly show ID -f json` prints)."""
    report = store.article(article_id)
    if report is None:
        raise _missing(f"no article with id {article_id}")
    return {"article": report.article.to_dict(), **report.to_dict()}


@router.get("/claims", response_model=schemas.Page[schemas.Claim], responses=LISTING)
def claims(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    source: Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL)] = None,
    text: Text = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = None,
    offset: Offset = 0,
    fmt: FormatQuery = Format.json,
) -> Any:
    """Attributions (who said what, in which article): `source` (source or claimant) and
    `text` (content) contain the value, any case; dates are the articles'."""
    _dates(since=since, until=until)

    def read(rows: int | None, start: int) -> Iterable[dict[str, Any]]:
        return store.iter_claims(
            source=source, text=text, since=since, until=until, limit=rows, offset=start
        )

    return _listing(request, settings, read, fmt, limit, offset, schemas.Claim, "claims")


Category = Annotated[ModelCategory | None, Query(description="The figures' category.")]


@router.get("/figures", response_model=schemas.Page[schemas.FigureRow], responses=LISTING)
def figures(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    category: Category = None,
    subject: Text = None,
    source: Text = None,
    since: Annotated[str | None, Query(description="Claimed from this date.")] = None,
    until: Annotated[str | None, Query(description="Claimed up to this date.")] = None,
    published_since: Since = None,
    published_until: Until = None,
    limit: Limit = None,
    offset: Offset = 0,
    fmt: FormatQuery = Format.json,
) -> Any:
    """Figures: `since`/`until` on the claim date, `published_*` on the article's date."""
    _dates(
        since=since, until=until, published_since=published_since, published_until=published_until
    )

    def read(rows: int | None, start: int) -> Iterable[dict[str, Any]]:
        return figure_rows(
            store,
            category=category,
            subject=subject,
            source=source,
            since=since,
            until=until,
            published_since=published_since,
            published_until=published_until,
            limit=rows,
            offset=start,
        )

    return _listing(request, settings, read, fmt, limit, offset, schemas.FigureRow, "figures")


_listing_route(
    "/quantities",
    schemas.QuantityRow,
    "quantities",
    _quantity_rows,
    "Quantities (population + category, per event) with their counts.",
)
_listing_route(
    "/sources",
    schemas.SourceProfile,
    "sources",
    lambda store, limit, offset: source_profiles(store, limit=limit, offset=offset),
    "Claimants, the most cited first: claims, figures, first and last seen, outlets, "
    "relays and reliability grade.",
)
_listing_route(
    "/entities",
    schemas.CanonicalEntity,
    "entities",
    list_entities,
    "The entities across articles by id, with their types, grades and aliases.",
)
_listing_route(
    "/entities/history",
    schemas.EntityEdit,
    "entity-history",
    entity_history,
    "The audit trail of merges, splits and grades, oldest first (kept across re-ingests).",
)


@router.get("/quantities/{name}", response_model=schemas.QuantityView, responses=ERRORS)
def quantity(
    store: StoreDep, name: Name, since: Since = None, until: Until = None
) -> dict[str, Any]:
    """One quantity ("north korean soldiers killed", "[event]" for one event) in a window of
    claim dates `since`..`until` (by default the whole quantity, or a large one's latest
    window of about 1,000 claims; `window` says which, and names the windows before and
    after): per event, its timeline, bands per date and the checks' flags."""
    _dates(since=since, until=until)
    try:
        views = quantity_views(store, name, since=since, until=until)
    except ValueError as exc:
        raise _bad(str(exc)) from exc
    if not views:
        raise _missing(f"no figures of {name!r}: see /api/quantities")
    events = [
        {"quantity": v.quantity.name, "rows": v.rows, "bands": v.bands, "flags": v.flags}
        for v in views
    ]
    window = views[0].window
    shown = {**asdict(window), "earlier": window.earlier, "later": window.later}
    return {"name": name, "window": shown, "events": events}


@router.get("/sources/{name}", response_model=schemas.SourceHistory, responses=ERRORS)
def source(store: StoreDep, settings: SettingsDep, name: Name, limit: Limit = None) -> Any:
    """One claimant (name or alias): its entities, own claims, claims relayed for others
    and figures over time (at most `limit` of each)."""
    size = min(limit or settings.row_cap, settings.row_cap)
    found, claimed, figured = source_history(store, name, limit=size)
    if not found:
        raise _missing(f"no source named {name!r}: see /api/sources")
    relayed = source_relayed(store, found, limit=size)
    return {"entities": found, "claims": claimed, "relayed": relayed, "figures": figured}


@router.get("/search", response_model=schemas.SearchPage, responses=ERRORS)
def search(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[
        str | None,
        Query(
            max_length=1_000,
            pattern=NO_NUL,
            description='Words, "a phrase", OR, -word; none: list by the filters alone.',
        ),
    ] = None,
    claimant: Text = None,
    category: Category = None,
    outlet: Text = None,
    since: Since = None,
    until: Until = None,
    place: Annotated[str | None, Query(max_length=MAX_TEXT, pattern=NO_NUL)] = None,
    kind: Annotated[Kind | None, Query(description="direct, indirect or mixed.")] = None,
    claimed: Annotated[
        str | None,
        Query(
            description="Claims made in this period (the claim date): YYYY, YYYY-MM or YYYY-MM-DD."
        ),
    ] = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> Any:
    """Search articles (title, text) and claims (source, claimant, content), with facets:
    each hit has a plain-text `snippet` and the match's `start`/`end` in the article."""
    size = min(limit or DEFAULT_LIMIT, settings.row_cap)
    try:
        found = run_search(
            store, q, claimant=claimant, category=category, outlet=outlet, since=since,
            until=until, place=place, kind=kind, claimed=claimed, limit=size, offset=offset,
        )  # fmt: skip
    except (SearchError, ValueError) as exc:
        raise _bad(str(exc)) from exc
    after = None
    more = len(found.hits) == size if found.total is None else offset + size < found.total
    if more:
        url = request.url.include_query_params(offset=offset + size, limit=size)
        after = f"{url.path}?{url.query}"
    return {
        "items": found.hits,
        "limit": size,
        "offset": offset,
        "next": after,
        "total": found.total,
        "facets": found.facets,
        "faceted": found.faceted,
    }


class Pair(BaseModel):
    a: str = Field(max_length=MAX_TEXT, pattern=NO_NUL, description="A name or alias.")
    b: str = Field(max_length=MAX_TEXT, pattern=NO_NUL, description="Another name or alias.")


class Grade(BaseModel):
    name: str = Field(max_length=MAX_TEXT, pattern=NO_NUL)
    grade: str = Field(pattern="^[A-F]$", description="Admiralty reliability, A to F.")


def _edited(edit: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    try:
        return edit()
    except EntityError as exc:
        raise _missing(str(exc)) from exc
    except ValueError as exc:
        raise _bad(str(exc)) from exc


@router.post(
    "/entities/merge", response_model=list[schemas.CanonicalEntity], responses=WRITE_ERRORS
)
def merge(store: StoreDep, pair: Pair, who: Writer) -> Any:
    """Record that A and B are one entity (named A); applied at once, kept across re-ingests."""
    return _edited(lambda: merge_entities(store, pair.a, pair.b, who))


@router.post(
    "/entities/split", response_model=list[schemas.CanonicalEntity], responses=WRITE_ERRORS
)
def split(store: StoreDep, pair: Pair, who: Writer) -> Any:
    """Record that A and B are two entities; applied at once, kept across re-ingests."""
    return _edited(lambda: split_entities(store, pair.a, pair.b, who))


@router.post(
    "/entities/grade", response_model=list[schemas.CanonicalEntity], responses=WRITE_ERRORS
)
def grade(store: StoreDep, body: Grade, who: Writer) -> Any:
    """Record an entity's reliability grade (A-F), as the alias file's grades are."""
    return _edited(lambda: set_grade(store, body.name, body.grade, who))


class ExtractRequest(BaseModel):
    text: str = Field(max_length=MAX_CHARS, description="The article's text.")
    title: str | None = Field(None, max_length=MAX_TEXT)
    outlet: str | None = Field(None, max_length=MAX_TEXT)
    published: str | None = Field(None, max_length=100, description="ISO date.")


_extracting = Lock()  # one extraction at a time: the model is shared and CPU-bound


@router.post("/extract", response_model=schemas.Report, responses=BODY_ERRORS)
def extract(body: ExtractRequest, settings: SettingsDep) -> Any:
    """The records of one text (what `reportedly extract` finds), not stored. The model
    loads on the first call; the text is held to the extraction's length and time limits.
    One text is extracted at a time: a request that waits past the time limit for the one
    before it answers 503."""
    from reportedly import api

    meta = {"title": body.title, "outlet": body.outlet, "published": body.published}
    if not _extracting.acquire(timeout=settings.time_limit):
        raise HTTPException(status_code=503, detail="another text is being extracted: try again")
    try:
        report = api.analyze(body.text, **meta)
    except ExtractError as exc:
        raise _bad(str(exc)) from exc
    except PipelineError as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc
    finally:
        _extracting.release()
    return {"article": report.article.to_dict(), **report.to_dict()}
