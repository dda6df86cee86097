"""What every page shares: the templates (autoescaping), their filters, paging, errors.

A listing reads one page of rows (`PAGE_ROWS`, capped by the server's row cap),
asking the store for one row more to know whether a next page exists
(`Paging.cut`). Filters: `number` (1,000), `interval` (a figure's interval in
words), `segment` (a value escaped as one URL path segment); `web_link(url)` keeps
only http(s) URLs, so a hostile article URL never becomes a javascript: link.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from reportedly import __version__
from reportedly.analyse.timelines import OWN_VOICE, UNNAMED
from reportedly.web.security import can_write, csrf_token

PAGE_ROWS = 50

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) else ""


def _interval(low: Any, high: Any) -> str:
    """A figure's interval for people: "1,000", "200 to 999", "100 or more", "up to 50"."""
    if low is not None and low == high:
        return _number(low)
    if high is None:
        return f"{_number(low)} or more" if low is not None else ""
    if low is None:
        return f"up to {_number(high)}"
    return f"{_number(low)} to {_number(high)}"


def _segment(value: Any) -> str:
    """One path segment: every character that is not a letter, digit or _.-~ escaped."""
    return quote(str(value), safe="")


def _web_link(url: Any) -> str | None:
    """An article's own URL when it is http(s), else None (no javascript: or data: links)."""
    text = str(url or "")
    return text if urlsplit(text).scheme.lower() in ("http", "https") else None


templates.env.filters.update(number=_number, interval=_interval, segment=_segment)
templates.env.globals.update(
    web_link=_web_link, version=__version__, no_claimant=(OWN_VOICE, UNNAMED)
)


@dataclass(frozen=True)
class Paging:
    """One page of a listing: `page` (from 1), its rows, and the links to its neighbours."""

    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def cut(self, rows: list[Any]) -> tuple[list[Any], bool]:
        """The page's rows from `size + 1` read, and whether there is a next page."""
        return rows[: self.size], len(rows) > self.size


def paging(request: Request, page: int) -> Paging:
    cap = request.app.state.settings.row_cap
    return Paging(page=page, size=min(PAGE_ROWS, cap))


def page_link(request: Request, page: int, **changes: str | None) -> str:
    """This page's URL with `page` set and the query parameters `changes` set (None:
    left out); the other parameters kept."""
    params = {k: v for k, v in request.query_params.items() if k != "page"}
    params.update(changes)
    kept = {k: v for k, v in params.items() if v is not None and v != ""}
    return f"{request.url.path}?{urlencode({**kept, 'page': page})}"


templates.env.globals.update(page_link=page_link, can_write=can_write, csrf_token=csrf_token)

PageNumber = Annotated[int, Query(ge=1, le=100_000)]


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def error_page(
    request: Request, message: str, status_code: int = 404, headers: Any = None
) -> HTMLResponse:
    """The page for a request that cannot be answered (by default 404: the store does not
    hold it), saying what in one line (escaped, as every value of a template is)."""
    context = {"message": message, "status": status_code}
    page = render(request, "error.html", context, status_code=status_code)
    page.headers.update(headers or {})
    return page
