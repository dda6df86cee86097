"""The HTML pages over HTTP (a real `reportedly serve`, tests/web_server.py) on a small store
filled through the real pipeline: what a page answers for input it cannot use (one line
saying which input and what is wrong), that every write route of the pages is behind the
write token, that Plotly is served from the installed package, and that a page reads a
page of rows at a time. The pages in a browser: tests/test_web_browser.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reportedly import api
from reportedly.store import open_store
from web_server import serving

TOKEN = "another-write-token-for-tests"
ARTICLE = """---
title: Heat wave closes schools
published: 2025-07-02
outlet: Valley Tribune
---
At least 12 people have died in the heat wave, the health ministry said on Wednesday.

"We expect the schools to reopen by Friday," said Omar Haddad, the education minister.
"""
WRITES = ("/entities/merge", "/entities/split", "/entities/grade")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("pages")
    (folder / "heat.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(folder / "store.db")
    with open_store(db) as store:
        for _ in api.ingest(store, [str(folder / "heat.txt")]):
            pass
    return db


@pytest.fixture(scope="module")
def base(db: str) -> Iterator[str]:
    with serving(db, write_token=TOKEN) as base:
        yield base


def message(page: httpx.Response) -> str:
    """The one line an error page says."""
    return re.search(r'<p class="error"[^>]*>(.*?)</p>', page.text, re.S)[1]


@pytest.mark.parametrize(
    ("path", "status", "said"),
    [
        ("/articles/999", 404, "no article 999 in the store"),
        ("/articles/1?at=10", 400, "at: &#39;10&#39; is not START-END (two offsets)"),
        ("/sources/Nobody%20Here", 404, "no claimant named &#39;Nobody Here&#39; in the store"),
        ("/quantities/schools", 400, "quantity &#39;schools&#39;: "),
        ("/quantities/ghosts%20killed", 404, "no figure measures &#39;ghosts killed&#39;"),
        ("/search?q=%22open", 400, ""),
        ("/search?q=x&since=soon", 400, "since: expected a date"),
        ("/search?q=x&kind=shouted", 400, "kind: &#39;shouted&#39; is not one of"),
    ],
)
def test_input_a_page_cannot_use_is_one_line_naming_it(
    base: str, path: str, status: int, said: str
) -> None:
    page = httpx.get(base + path)
    assert page.status_code == status
    line = message(page)
    assert line.startswith(said) and "\n" not in line.strip()


@pytest.mark.parametrize(
    ("path", "status", "said"),
    [
        ("/sources?page=0", 422, "page (query): Input should be greater than or equal to 1"),
        ("/entities/history?page=100001", 422, "page (query): Input should be less than"),
        ("/?page=two", 422, "page (query): Input should be a valid integer"),
        ("/articles/0", 422, "article_id (path): Input should be greater than or equal to 1"),
        ("/nowhere", 404, "Not Found"),
        ("/sources/%3Cb%3Ebold%3C%2Fb%3E", 404, "no claimant named &#39;&lt;b&gt;bold&lt;/b&gt;"),
    ],
)
def test_a_page_answers_its_errors_as_an_html_page_the_api_as_json(
    base: str, path: str, status: int, said: str
) -> None:
    """A bad parameter, an unknown path or a missing record on a page: the error page,
    escaped, saying what in one line; the same input under /api/ stays a JSON detail."""
    page = httpx.get(base + path)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"]
    line = message(page)
    assert line.startswith(said) and "\n" not in line.strip() and "<b>" not in page.text
    api = httpx.get(f"{base}/api/claims", params={"limit": 0})
    assert api.status_code == 422 and api.json()["detail"].startswith("limit (query)")


def test_a_refused_form_write_is_an_html_page_that_keeps_its_headers(base: str) -> None:
    refused = httpx.post(f"{base}/entities/merge", data={"a": "x", "b": "y"})
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.headers["content-type"].startswith("text/html")
    assert message(refused).startswith("writes need Authorization: Bearer TOKEN")
    api = httpx.post(f"{base}/api/entities/merge", json={"a": "x", "b": "y"})
    assert api.status_code == 401 and "Bearer" in api.json()["detail"]


def test_each_page_answers_over_the_stored_article(base: str) -> None:
    for path in ("/", "/search?q=schools", "/articles/1", "/sources", "/quantities"):
        page = httpx.get(base + path)
        assert page.status_code == 200, path
        assert page.headers["content-type"].startswith("text/html")
    article = httpx.get(f"{base}/articles/1").text
    assert '<mark class="figure" data-record="figure-0" id="figure-0">At least 12</mark>' in (
        article
    )
    assert 'href="/sources/Omar%20Haddad"' in article


@pytest.mark.parametrize("path", WRITES)
def test_every_write_route_of_the_pages_needs_the_token(base: str, path: str) -> None:
    form = {"a": "Omar Haddad", "b": "health ministry", "name": "Omar Haddad", "grade": "A"}
    refused = httpx.post(base + path, data=form, headers={"Origin": base})
    assert refused.status_code == 401
    wrong = httpx.post(base + path, data=form, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_a_logged_in_form_without_its_csrf_token_is_refused(base: str, db: str) -> None:
    with httpx.Client(base_url=base, headers={"Origin": base}) as browser:
        assert (
            browser.post(
                "/login", data={"token": TOKEN, "name": "Omar", "next": "/entities"}
            ).status_code
            == 303
        )
        page = browser.get("/entities").text
        assert 'action="/entities/grade"' in page
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]
        form = {"name": "Omar Haddad", "grade": "C"}
        assert browser.post("/entities/grade", data=form).status_code == 403
        bad = browser.post("/entities/grade", data={**form, "grade": "Z", "csrf": csrf})
        assert bad.status_code == 400 and message(bad).startswith("grade: grade: &#39;Z&#39;")
    with open_store(db, read_only=True) as store:
        assert store.entity_grades() == {}


def test_plotly_comes_from_the_installed_package(base: str) -> None:
    import plotly

    served = httpx.get(f"{base}/vendor/plotly.min.js")
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("text/javascript")
    assert served.content == bundled.read_bytes()
    quantity = httpx.get(f"{base}/quantities").text
    link = re.search(r'href="(/quantities/[^"]+)"', quantity)[1]
    page = httpx.get(base + link).text
    assert re.findall(r'<script src="([^"]+)"', page) == [
        "/vendor/plotly.min.js",
        "/static/quantity.js",
    ]
    assert '<script type="application/json" id="chart-data-1">' in page
