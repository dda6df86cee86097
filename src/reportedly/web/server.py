"""Build the web app: settings, the store it serves, and the headers every response carries.

The store is opened once when the app starts and closed when it stops. Without a write
token it is opened read-only (a read-only file or a store being ingested elsewhere can be
served); with one, writes are allowed to requests that carry the token (web/security.py).
Every request's reads run under the time limit (`Store.time_limited`): past it the
request answers 503 with a one-line error, and the server goes on serving. An error
(a bad parameter, a refusal, no such path, the time limit) is one line: JSON
(`{"detail": ...}`) under /api/, the HTML error page elsewhere (`is_page`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from reportedly import __version__
from reportedly.errors import TimeLimitError

STATIC = Path(__file__).with_name("static")

# Scripts come from this app only: no inline script, no eval, no CDN, no plugin, and no
# page of another site may frame ours. Styles come from this app too, but inline style
# is allowed: Plotly (the quantity page's chart) writes its rules into a <style> element
# and sets style attributes at run time, and without them its chart loses its layout.
# Inline style cannot run script; script-src stays 'self' only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class Settings:
    """How the app serves: the store, the write token (None: read-only), and the limits
    that keep one request from stalling the server."""

    db: str | None = None
    write_token: str | None = None
    time_limit: float = 5.0  # seconds a request's queries may run
    row_cap: int = 500  # the most rows one page or API call returns

    @property
    def writable(self) -> bool:
        return self.write_token is not None


def create_app(settings: Settings) -> FastAPI:
    """The web app and REST API over the store that `settings` names."""
    from reportedly.store.time_limit import time_limited
    from reportedly.web import api, pages, security
    from reportedly.web.render import error_page

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from reportedly.store import open_store

        app.state.store = open_store(settings.db, read_only=not settings.writable, create=False)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="reportedly",
        version=__version__,
        description="Sourced, structured claims and figures from news reports.",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.sessions = security.Sessions()

    def error(request: Request, detail: str, status: int, headers: Any = None) -> Response:
        if is_page(request):
            return error_page(request, detail, status, headers)
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        return error(request, one_line(exc), 422)

    @app.exception_handler(HTTPException)
    async def refused(request: Request, exc: HTTPException) -> Response:
        if not is_page(request):
            return await http_exception_handler(request, exc)
        return error(request, str(exc.detail), exc.status_code, exc.headers)

    @app.middleware("http")
    async def time_limit(request: Request, call_next: Any) -> Any:
        try:
            with time_limited(settings.time_limit):  # the request's task and threads see it
                return await call_next(request)
        except TimeLimitError as exc:
            return error(request, str(exc), 503)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.include_router(api.router, prefix="/api")
    app.include_router(security.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def is_page(request: Request) -> bool:
    """Whether a request is for a page of the web app (its errors are HTML), not the API."""
    path = request.url.path
    return not (path == "/api" or path.startswith("/api/"))


def one_line(exc: RequestValidationError) -> str:
    """A validation error as one line naming each bad input: "limit (query): ..."."""
    parts = []
    for error in exc.errors():
        where = [str(p) for p in error.get("loc", ())]
        name = ".".join(where[1:]) or "request"
        parts.append(f"{name} ({where[0] if where else 'request'}): {error.get('msg')}")
    return "; ".join(parts)


def store_of(request: Request) -> Any:
    """The store the app serves (a FastAPI dependency)."""
    return request.app.state.store


def settings_of(request: Request) -> Settings:
    """The app's settings (a FastAPI dependency)."""
    return request.app.state.settings


StoreDep = Annotated[Any, Depends(store_of)]
SettingsDep = Annotated[Settings, Depends(settings_of)]
