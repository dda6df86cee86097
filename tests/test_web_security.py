"""Who may write on a real `reportedly serve`, and the time limit on reads: writes refused
without the token (401) or on a read-only server (403), a browser's writes refused without
the session's CSRF token or from another site's page (403), a merge with the token seen at
once in /api/sources and /api/figures and in the audit trail, and a request past the time
limit answered 503 while the server goes on answering."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.store import open_store
from stores import STORES, fresh_store
from web_server import serving

DEMO = Path(__file__).resolve().parents[1] / "src" / "reportedly" / "data" / "demo"
TOKEN = "correct horse battery staple"
ARTICLES = ["2024-12-30-pentagon-thousand-casualties.txt", "2024-12-19-nis-first-estimate.txt"]


@pytest.fixture(scope="module", params=STORES)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_store(request, tmp_path_factory.mktemp("sec")) as url:
        paths = [str(DEMO / name) for name in ARTICLES]
        result = CliRunner().invoke(app, ["ingest", *paths, "--db", url])
        assert result.exit_code == 0, result.output
        yield url


@pytest.fixture
def base(db: str) -> Iterator[str]:
    with serving(db, write_token=TOKEN) as url:
        yield url


def merge(base: str, **kwargs: object) -> httpx.Response:
    return httpx.post(
        f"{base}/api/entities/merge", json={"a": "Pentagon", "b": "John Kirby"}, **kwargs
    )  # type: ignore[arg-type]


def test_writes_need_the_token(base: str) -> None:
    assert merge(base).status_code == 401
    assert merge(base).headers["www-authenticate"] == "Bearer"
    wrong = merge(base, headers={"Authorization": "Bearer not the token at all"})
    assert wrong.status_code == 401 and "write token" in wrong.json()["detail"]
    status = httpx.get(f"{base}/api/status").json()
    assert status["writable"] is True and status["can_write"] is False


def test_a_read_only_server_refuses_every_write(db: str) -> None:
    with serving(db) as url:
        refused = merge(url, headers={"Authorization": f"Bearer {TOKEN}"})
        grade = httpx.post(f"{url}/api/entities/grade", json={"name": "Pentagon", "grade": "A"})
        login = httpx.post(f"{url}/login", data={"token": TOKEN}, headers={"Origin": url})
    assert refused.status_code == grade.status_code == login.status_code == 403
    assert "read-only" in refused.json()["detail"]


def test_a_merge_with_the_token_shows_in_the_reads_at_once(base: str) -> None:
    def claimants() -> set[str | None]:
        page = httpx.get(f"{base}/api/figures", params={"limit": 100}).json()
        return {f["claimant_entity"] for f in page["items"]}

    assert "John Kirby" in claimants()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    merged = merge(base, headers=bearer)
    assert merged.status_code == 200, merged.text
    assert "John Kirby" in merged.json()[0]["aliases"]
    assert "John Kirby" not in claimants() and "Pentagon" in claimants()
    sources = httpx.get(f"{base}/api/sources", params={"limit": 100}).json()["items"]
    assert "John Kirby" not in {s["name"] for s in sources}
    graded = httpx.post(
        f"{base}/api/entities/grade", json={"name": "Pentagon", "grade": "B"}, headers=bearer
    )
    assert graded.status_code == 200 and graded.json()[0]["reliability"] == "B"
    pentagon = httpx.get(f"{base}/api/sources/Pentagon").json()
    assert pentagon["entities"][0]["reliability"] == "B"
    trail = httpx.get(f"{base}/api/entities/history").json()["items"]
    assert [(e["action"], e["name"], e["other"], e["made_by"]) for e in trail[-2:]] == [
        ("merge", "Pentagon", "John Kirby", "api (127.0.0.1)"),  # a token names no person
        ("grade", "Pentagon", "B", "api (127.0.0.1)"),
    ]
    unknown = httpx.post(
        f"{base}/api/entities/merge", json={"a": "Nobody", "b": "Pentagon"}, headers=bearer
    )
    assert unknown.status_code == 404 and "Nobody" in unknown.json()["detail"]
    bad_grade = httpx.post(
        f"{base}/api/entities/grade", json={"name": "Pentagon", "grade": "Z"}, headers=bearer
    )
    assert bad_grade.status_code == 422


WRITER = "Ana Desk"


def _logged_in(base: str) -> tuple[httpx.Client, str]:
    """A browser-like client logged in at /login as WRITER, and its session's CSRF token."""
    client = httpx.Client(base_url=base)
    login = client.post(
        "/login",
        data={"token": TOKEN, "name": WRITER, "next": "/quantities"},
        headers={"Origin": base},
    )
    assert login.status_code == 303 and login.headers["location"] == "/quantities"
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    status = client.get("/api/status").json()
    assert status["can_write"] is True and status["csrf"]
    return client, status["csrf"]


def test_a_browser_session_writes_with_its_csrf_token_from_this_site(base: str) -> None:
    client, csrf = _logged_in(base)
    pair = {"a": "Pentagon", "b": "John Kirby"}
    same_site = {"Origin": base}
    no_csrf = client.post("/api/entities/split", json=pair, headers=same_site)
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.json()["detail"]
    cross_site = client.post(
        "/api/entities/split",
        json=pair,
        headers={"Origin": "https://evil.example", "X-CSRF-Token": csrf},
    )
    assert cross_site.status_code == 403 and "Origin" in cross_site.json()["detail"]
    no_origin = client.post("/api/entities/split", json=pair, headers={"X-CSRF-Token": csrf})
    assert no_origin.status_code == 403
    wrong = client.post(
        "/api/entities/split", json=pair, headers={**same_site, "X-CSRF-Token": "x"}
    )
    assert wrong.status_code == 403
    done = client.post(
        "/api/entities/split",
        json=pair,
        headers={"Referer": f"{base}/sources", "X-CSRF-Token": csrf},
    )
    assert done.status_code == 200, done.text
    trail = client.get("/api/entities/history", params={"limit": 500}).json()["items"]
    assert (trail[-1]["action"], trail[-1]["made_by"]) == ("split", WRITER)
    client.post("/logout", headers=same_site)
    after = client.post(
        "/api/entities/split", json=pair, headers={**same_site, "X-CSRF-Token": csrf}
    )
    assert after.status_code == 401
    assert client.get("/api/status").json()["can_write"] is False


def test_login_refuses_a_wrong_token_another_site_and_a_foreign_next(base: str) -> None:
    wrong = httpx.post(f"{base}/login", data={"token": "guess"}, headers={"Origin": base})
    assert wrong.status_code == 403 and "set-cookie" not in wrong.headers
    forged = httpx.post(
        f"{base}/login", data={"token": TOKEN}, headers={"Origin": "http://evil.example"}
    )
    assert forged.status_code == 403
    for foreign in ("//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:x"):
        login = httpx.post(
            f"{base}/login",
            data={"token": TOKEN, "name": WRITER, "next": foreign},
            headers={"Origin": base},
        )
        assert login.status_code == 303 and login.headers["location"] == "/", foreign


@pytest.mark.parametrize(
    ("name", "why"),
    [("", "give your name"), ("   ", "give your name"), ("x" * 101, "over the limit"),
     ("Ana\x1bDesk", "control character")],
)  # fmt: skip
def test_login_needs_a_name_for_the_audit_trail(base: str, name: str, why: str) -> None:
    login = httpx.post(
        f"{base}/login", data={"token": TOKEN, "name": name}, headers={"Origin": base}
    )
    assert login.status_code == 422 and "set-cookie" not in login.headers
    assert why in login.text


def _slow_store(db: str) -> None:
    """Many more claims than the demo's (copies of the stored ones), so that a search over
    all of them and its facets take more than a millisecond."""
    copies = (
        "SELECT generate_series(1, 300) AS k"
        if db.startswith("postgresql")
        else "WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < 300) "
        "SELECT k FROM c"
    )
    columns = "cue, content, kind, source, source_entity, modality, confidence, entity_id"
    with open_store(db) as store, store.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO attributions (article_id, position, {columns}) "
                f"SELECT article_id, position + 1000 * copies.k, {columns} "
                f"FROM attributions, ({copies}) AS copies"
            )
        )


def test_a_request_past_the_time_limit_is_a_503_and_the_server_goes_on(store_url: str) -> None:
    paths = [str(DEMO / name) for name in ARTICLES]
    assert CliRunner().invoke(app, ["ingest", *paths, "--db", store_url]).exit_code == 0
    _slow_store(store_url)
    with serving(store_url, extra=("--time-limit", "0.001")) as url:
        for _ in range(2):
            slow = httpx.get(f"{url}/api/search", timeout=60)
            assert slow.status_code == 503, slow.text[:200]
            assert "limit of 0.001 s" in slow.json()["detail"]
            assert httpx.get(f"{url}/api/status").status_code == 200
        page = httpx.get(f"{url}/search", params={"q": "soldiers"}, timeout=60)  # a page: HTML
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "limit of 0.001 s" in page.text
