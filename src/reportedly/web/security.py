"""Who may write, and how a browser proves it: the write token, sessions, CSRF, Origin.

The server is read-only unless it was started with a write token. A write then needs
either

- `Authorization: Bearer TOKEN` (an API client; a browser never sends it on its own,
  so no cross-site page can make one), or
- a browser session: `POST /login` with the token and the writer's name (form fields
  `token` and `name`, and `next`, a path on this site to go to) sets an HttpOnly,
  SameSite=Strict cookie naming a random session held in the server's memory (a
  restart ends every session); every write in that session must carry the session's
  CSRF token (form field `csrf`, or the `X-CSRF-Token` header) and come from this site
  (`Origin`, else `Referer`, is this server). `POST /logout` ends it.

`require_write` answers who writes, for the audit trail: the session's name for a
browser, "api (HOST)" for a bearer token (HOST: the client's address as the server
sees it; the token names no person).

Tokens are compared in constant time. Refusals: 403 when the server is read-only or
a browser write fails the CSRF or Origin check, 401 without valid credentials. Pages
use `can_write(request)` to show write forms and `csrf_token(request)` to fill them;
every write route depends on `require_write`.
"""

from __future__ import annotations

import hmac
import secrets
from collections import OrderedDict
from typing import Annotated
from urllib.parse import parse_qsl, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from reportedly.web.server import Settings, settings_of

SESSION_COOKIE = "reportedly_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
MAX_SESSIONS = 1_000  # the oldest session ends when one more logs in
MAX_NAME = 100  # characters of a writer's name

router = APIRouter(include_in_schema=False)


class Sessions:
    """The logged-in browser sessions: session id -> (its CSRF token, its writer's name),
    oldest first."""

    def __init__(self) -> None:
        self._held: OrderedDict[str, tuple[str, str]] = OrderedDict()

    def start(self, name: str) -> str:
        session = secrets.token_urlsafe(32)
        self._held[session] = (secrets.token_urlsafe(32), name)
        while len(self._held) > MAX_SESSIONS:
            self._held.popitem(last=False)
        return session

    def csrf(self, session: str | None) -> str | None:
        held = self._held.get(session) if session else None
        return held[0] if held else None

    def name(self, session: str | None) -> str | None:
        held = self._held.get(session) if session else None
        return held[1] if held else None

    def end(self, session: str | None) -> None:
        if session:
            self._held.pop(session, None)


def sessions_of(request: Request) -> Sessions:
    return request.app.state.sessions


def _same(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def _bearer(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


def _session_csrf(request: Request) -> str | None:
    return sessions_of(request).csrf(request.cookies.get(SESSION_COOKIE))


def same_origin(request: Request) -> bool:
    """Whether the request comes from a page of this server (its Origin, else Referer)."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed:
        return False
    parts = urlsplit(claimed)
    return (parts.scheme, parts.netloc) == (request.url.scheme, request.url.netloc)


def can_write(request: Request) -> bool:
    """Whether this request may write: the server takes writes and it holds a session or
    the token (for templates: show the write forms or not)."""
    token = settings_of(request).write_token
    if token is None:
        return False
    return _session_csrf(request) is not None or _same(_bearer(request), token)


def csrf_token(request: Request) -> str:
    """The CSRF token a write form of this session carries (hidden field `csrf`); empty
    without a session."""
    return _session_csrf(request) or ""


def _refuse(status: int, detail: str) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return HTTPException(status_code=status, detail=detail, headers=headers)


async def require_write(request: Request) -> str:
    """A FastAPI dependency of every write route: the checks of the module doc; who writes
    (the session's name, or "api (HOST)" for a bearer token)."""
    token = settings_of(request).write_token
    if token is None:
        raise _refuse(403, "the server is read-only: start it with --write-token to write")
    bearer = _bearer(request)
    if bearer is not None:
        if not _same(bearer, token):
            raise _refuse(401, "the bearer token is not the server's write token")
        return f"api ({request.client.host if request.client else 'unknown client'})"
    expected = _session_csrf(request)
    if expected is None:
        raise _refuse(401, "writes need Authorization: Bearer TOKEN, or a login at /login")
    if not same_origin(request):
        raise _refuse(403, "a browser write must come from this site (Origin or Referer)")
    given = request.headers.get(CSRF_HEADER) or (await form_fields(request)).get(CSRF_FIELD)
    if not _same(given, expected):
        raise _refuse(403, f"a browser write must carry the session's CSRF token ({CSRF_FIELD})")
    return sessions_of(request).name(request.cookies.get(SESSION_COOKIE)) or ""


Writer = Annotated[str, Depends(require_write)]  # who writes: a write route's parameter
MAX_FORM_BYTES = 1_000_000


async def form_fields(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form body (what a browser's form posts), read once per
    request; {} for another body. (Starlette's own form parser needs python-multipart.)"""
    if not hasattr(request.state, "form_fields"):
        fields: dict[str, str] = {}
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            body = await request.body()
            if len(body) > MAX_FORM_BYTES:
                raise _refuse(413, f"a form of {len(body):,} bytes is over {MAX_FORM_BYTES:,}")
            fields = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        request.state.form_fields = fields
    return request.state.form_fields


def safe_next(path: str | None) -> str:
    """`path` if it is a path on this site ("/quantities?x=1"), else "/"."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or any(ord(ch) < 0x20 for ch in path):
        return "/"
    return path


def _cookie_secure(request: Request) -> bool:
    return request.url.scheme == "https"


def writer_name(value: str) -> str:
    """The name a writer gives at login, trimmed; a ValueError saying what is wrong with
    it (none, over MAX_NAME characters, a control character)."""
    name = " ".join(value.split())
    if not name:
        raise ValueError("name: give your name, for the audit trail of your edits")
    if len(name) > MAX_NAME:
        raise ValueError(f"name: {len(name):,} characters, over the limit of {MAX_NAME}")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        raise ValueError("name: it holds a control character")
    return name


@router.post("/login")
async def login(request: Request) -> Response:
    """Start a browser session with the write token and the writer's name (form fields
    `token` and `name`); go to `next` (a path on this site)."""
    settings: Settings = settings_of(request)
    fields = await form_fields(request)
    token = fields.get("token", "")
    if settings.write_token is None:
        raise _refuse(403, "the server is read-only: there is nothing to log in to")
    if not same_origin(request):
        raise _refuse(403, "log in from this site's own page (Origin or Referer)")
    if not _same(token, settings.write_token):
        raise _refuse(403, "wrong token")
    try:
        name = writer_name(fields.get("name", ""))
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    response = RedirectResponse(safe_next(fields.get("next")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        sessions_of(request).start(name),
        httponly=True,
        samesite="strict",
        secure=_cookie_secure(request),
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the browser session and clear its cookie; go to `next` (a path on this site)."""
    if not same_origin(request):
        raise _refuse(403, "log out from this site's own page (Origin or Referer)")
    sessions_of(request).end(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(safe_next((await form_fields(request)).get("next")), 303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response
