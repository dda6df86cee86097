"""The web app's pages in a real browser (tests/browser.py: Debian's chromium under
Playwright) against a real `reportedly serve` (tests/web_server.py) over stores filled
through the real pipeline: the demo articles (SQLite and PostgreSQL), two short articles
of our own for entity edits, and one hostile article whose text, title, outlet and URL
carry markup and script. Every page is opened in a watched page: a console error, a
page error, a CSP violation or a dialog fails the test.

With REPORTEDLY_SCREENSHOTS=docs/images the article and quantity tests write the
README's screenshots there (else into the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from browser import launched, visit, watched_page
from reportedly import api
from reportedly.app.quantities import quantity_list, quantity_views
from reportedly.app.search import FACETS
from reportedly.demo import DEMO_DIR
from reportedly.store import open_store
from stores import STORES, fresh_store
from web_server import serving

TOKEN = "a-write-token-for-the-tests"
NESTED_TITLE = "Seoul's spy agency says at least 100 North Korean soldiers killed"
EDIT_ARTICLES = {
    "vella-1.txt": """---
title: Storm strands ferry passengers in Vella
published: 2025-05-12
outlet: Coastal Post
---
About 2,000 passengers were stranded after the storm, the Vella Port Authority said on Monday.

"The ferries will not sail before Wednesday," said Marta Ruiz, a spokeswoman for the authority.
""",
    "vella-2.txt": """---
title: Thousands still stranded at Vella port
published: 2025-05-13
outlet: Island Herald
---
More than 2,500 passengers were stranded at the port, the Harbour Office said on Tuesday.
""",
}
HOSTILE = {
    "title": "Flood <script>alert('title')</script> kills 12 \"><svg onload=alert('t2')>",
    "outlet": "<img src=x onerror=alert('outlet')> Gazette",
    "url": "javascript:alert('url')",
    "published": "2025-03-04",
    "text": (
        "At least 12 people were killed in the floods <script>alert('text')</script>, the "
        'regional civil protection agency said on Tuesday. "We found <img src=x '
        "onerror=alert('quote')> more bodies near the river,\" said Governor Ana Reyes. "
        "About 300 people were displaced, the agency said, according to <a "
        "href=\"javascript:alert('link')\">local radio</a>. \"><svg onload=alert('svg')> "
        "The Red Cross said on Wednesday that 15 people had been killed."
    ),
}


def ingest(db: str, inputs: list[str]) -> None:
    with open_store(db) as store:
        run = api.ingest(store, inputs)
        for _ in run:
            pass
        assert run.summary.failures == [] and run.summary.stored > 0


def article_ids(db: str) -> dict[str, int]:
    """{title: id} of the stored articles."""
    with open_store(db, read_only=True) as store:
        return {row["title"]: row["id"] for row in store.iter_articles()}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as browser:
        yield browser


@pytest.fixture(scope="module", params=STORES)
def demo_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The demo articles, ingested once per store kind."""
    with fresh_store(request, tmp_path_factory.mktemp("desk")) as db:
        ingest(db, [str(DEMO_DIR)])
        yield db


@pytest.fixture(scope="module")
def desk(demo_db: str) -> Iterator[str]:
    """A read-only server over the demo store: its base URL."""
    with serving(demo_db) as base:
        yield base


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: $REPORTEDLY_SCREENSHOTS, else the test's folder."""
    folder = Path(os.environ.get("REPORTEDLY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_search_shows_hits_facets_narrow_and_a_hit_opens_at_its_words(
    browser: Browser, desk: str
) -> None:
    with watched_page(browser) as page:
        visit(page, f"{desk}/")
        page.fill("input[name=q]", "killed")
        page.click("form.search button")
        page.wait_for_url(re.compile(r"/search\?q=killed"))
        everything = page.locator("ol.hits li.hit").count()
        assert everything > 5
        assert page.locator("ol.hits li.claim").count() > 0
        page.locator(".facets").get_by_role("link", name="direct", exact=True).click()
        page.wait_for_url(re.compile(r"kind=direct"))
        narrowed = page.locator("ol.hits li.hit")
        assert 0 < narrowed.count() < everything
        assert page.locator(".facets strong", has_text="direct").count() == 1
        narrowed.first.locator("a").first.click()
        page.wait_for_url(re.compile(r"/articles/\d+\?at=\d+-\d+#hit"))
        assert "killed" in page.locator("mark#hit").inner_text().lower()


def test_the_claim_date_facet_links_narrow_the_search_to_a_month(
    browser: Browser, desk: str
) -> None:
    with watched_page(browser) as page:
        visit(page, f"{desk}/search?q=killed")
        everything = page.locator("ol.hits li.hit").count()
        facet = page.locator(".facets ul").nth(FACETS.index("claimed"))  # listed in order
        month = facet.locator("a").first
        label = month.inner_text()
        assert re.fullmatch(r"\d{4}-\d{2}", label)
        month.click()
        page.wait_for_url(re.compile(rf"claimed={label}"))
        assert 0 < page.locator("ol.hits li.hit").count() <= everything
        assert page.locator(".facets strong", has_text=label).count() == 1
        assert "claim date" in page.locator(".facets").inner_text()


def test_article_marks_every_record_and_the_panel_shows_it(
    browser: Browser, desk: str, demo_db: str, shots: Path
) -> None:
    article = article_ids(demo_db)[NESTED_TITLE]
    with watched_page(browser) as page:
        visit(page, f"{desk}/articles/{article}")
        for kind in ("source", "cue", "content", "figure"):
            assert page.locator(f"#text mark.{kind}").count() > 0, kind
        # "Lee said the NIS believed ...": a claim inside another's content
        assert page.locator("#text mark.content mark.source").count() > 0
        assert page.locator(".record .tag", has_text="nested").count() > 0
        page.locator("#text mark.figure").first.hover()
        panel = page.locator("#panel")
        expect(panel).to_contain_text("interval")
        expect(panel).to_contain_text("claim date")
        page.locator("#text mark.source").first.click()
        expect(panel.locator("a.claimant")).to_have_count(1)
        assert panel.locator("a.claimant").get_attribute("href").startswith("/sources/")
        held = page.locator(".record dd a[href^='#claim-']").first  # a figure's claim
        claim = held.get_attribute("href")[1:]
        held.click()  # following a link to a record (also from the keyboard) shows it
        # the page's script answers the hash change after the click returns: wait for it
        expect(panel.locator("h3 a")).to_have_attribute("href", f"#{claim}")
        expect(page.locator(f"mark#{claim}")).to_have_class(re.compile(r"(^|\s)active$"))
        page.screenshot(path=shots / "article.png")


def test_quantity_chart_has_one_series_per_claimant_linked_to_the_figures(
    browser: Browser, desk: str, demo_db: str, shots: Path
) -> None:
    with open_store(demo_db, read_only=True) as store:
        name = quantity_list(store)[0]["quantity"]
        view = quantity_views(store, name)[0]
    claimants = {s.first.claimant_key for s in view.statements if s.first.value is not None}
    with watched_page(browser) as page:
        visit(page, f"{desk}/quantities")
        page.locator("table a", has_text=view.quantity.population).first.click()
        page.wait_for_selector("div.chart .main-svg")
        traces = page.evaluate(
            "[...document.querySelector('div.chart').data].map(t => "
            "({name: t.name, links: t.customdata, n: t.x.length}))"
        )
        assert len(traces) == len(claimants) > 1
        assert len({t["name"] for t in traces}) == len(traces)
        links = [link for t in traces for link in t["links"]]
        assert all(re.fullmatch(r"/articles/\d+#figure-\d+", link) for link in links)
        assert page.locator("table tbody tr").count() >= sum(t["n"] for t in traces)
        page.screenshot(path=shots / "quantity.png", full_page=False)
        visit(page, desk + links[0])
        assert page.locator(f"mark.figure#{links[0].split('#')[1]}").count() == 1


def test_sources_link_to_a_claimant_whose_claims_link_to_their_sentences(
    browser: Browser, desk: str
) -> None:
    with watched_page(browser) as page:
        visit(page, f"{desk}/sources")
        assert page.locator("table tbody tr").count() > 5
        page.locator("table a", has_text="National Intelligence Service").first.click()
        page.wait_for_url(re.compile(r"/sources/National%20Intelligence%20Service"))
        assert page.locator("h1").first.inner_text() == "National Intelligence Service"
        claim = page.locator("a[href*='#claim-']").first
        href = claim.get_attribute("href")
        claim.click()
        page.wait_for_url(re.compile(re.escape(href) + "$"))
        anchor = href.split("#")[1]
        assert page.locator(f"mark#{anchor}").count() == 1


def test_a_claimant_page_shows_the_claims_it_relayed_and_links_figures_to_quantities(
    browser: Browser, desk: str
) -> None:
    """Lee Seong-kweun (a lawmaker briefed by the spy agency) passes on the agency's claims:
    his page lists them with who made them, each linked to its sentence; the agency's
    figures link to their quantity's page."""
    with watched_page(browser) as page:
        visit(page, f"{desk}/sources/{quote('Lee Seong-kweun')}")
        rows = page.locator("table.relayed tbody tr")
        assert rows.count() > 1
        assert "Relayed for others" in page.locator("h2").nth(1).inner_text()
        claimant = rows.first.locator("a.claimant")
        assert claimant.inner_text() == "National Intelligence Service"
        sentence = rows.first.locator("a[href*='#claim-']")
        href = sentence.get_attribute("href")
        sentence.click()
        page.wait_for_url(re.compile(re.escape(href) + "$"))
        assert page.locator(f"mark#{href.split('#')[1]}").count() == 1
        visit(page, f"{desk}/sources/{quote('National Intelligence Service')}")
        figure = page.locator("table tr", has=page.locator("a.quantity")).first
        assert figure.locator("a[href*='#figure-']").count() == 1
        quantity = figure.locator("a.quantity")
        name = quantity.inner_text()
        quantity.click()
        page.wait_for_url(re.compile(re.escape(f"/quantities/{quote(name, safe='')}") + "$"))
        assert page.locator("h1").first.inner_text().strip()


@pytest.fixture
def edit_db(tmp_path: Path) -> str:
    """Two short articles naming two bodies an analyst knows to be one."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in EDIT_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "edits.db")
    ingest(db, [str(folder)])
    return db


def merge_without_login(page: Page, base: str) -> int:
    response = page.request.post(
        f"{base}/entities/merge",
        form={"a": "Vella Port Authority", "b": "Harbour Office"},
        headers={"Origin": base},
    )
    return response.status


def test_a_merge_and_a_grade_with_the_token_show_on_the_pages_and_in_the_trail(
    browser: Browser, edit_db: str
) -> None:
    second = article_ids(edit_db)["Thousands still stranded at Vella port"]
    with serving(edit_db, write_token=TOKEN) as base, watched_page(browser) as page:
        visit(page, f"{base}/entities")
        assert page.locator("form.edit").count() == 0  # not logged in: no write form
        assert merge_without_login(page, base) == 401
        page.fill("form.login input[name=name]", "Mira Okafor")  # who, for the trail
        page.fill("form.login input[name=token]", TOKEN)
        page.click("form.login button")
        page.wait_for_url(f"{base}/entities")
        merge = page.locator("form.edit[action='/entities/merge']")
        merge.locator("input[name=a]").fill("Vella Port Authority")
        merge.locator("input[name=b]").fill("Harbour Office")
        merge.locator("button").click()
        assert "Vella Port Authority and Harbour Office merged" in page.inner_text(".notice")

        visit(page, f"{base}/sources")
        names = page.locator("table tbody tr td:first-child").all_inner_texts()
        assert "Vella Port Authority" in names and "Harbour Office" not in names
        visit(page, f"{base}/sources/{quote('Vella Port Authority')}")
        assert "Carried by Coastal Post, Island Herald" in page.inner_text("main")
        visit(page, f"{base}/articles/{second}")
        claimants = page.locator(".record a.claimant").all_inner_texts()
        assert "Vella Port Authority" in claimants and "Harbour Office" not in claimants

        visit(page, f"{base}/entities")
        graded = page.locator("form.edit[action='/entities/grade']")
        graded.locator("input[name=name]").fill("Vella Port Authority")
        graded.locator("select[name=grade]").select_option("B")
        graded.locator("button").click()
        assert "Vella Port Authority graded B" in page.inner_text(".notice")
        visit(page, f"{base}/sources/{quote('Vella Port Authority')}")
        assert "reliability B" in page.inner_text("p.meta")
        visit(page, f"{base}/entities/history")
        trail = page.locator("table tbody tr").all_inner_texts()
        assert [row.split("\t")[2:] for row in trail] == [
            ["Mira Okafor", "merge", "Vella Port Authority", "Harbour Office"],
            ["Mira Okafor", "grade", "Vella Port Authority", "grade B"],
        ]

        page.click("header form button:has-text('Log out')")
        page.wait_for_url(f"{base}/entities/history")
        assert page.locator("form.login").count() == 1
        assert merge_without_login(page, base) == 401
    with open_store(edit_db, read_only=True) as store:
        assert store.entity_edits() == [("merge", "Vella Port Authority", "Harbour Office")]
        assert store.entity_grades() == {"Vella Port Authority": "B"}


def test_a_read_only_server_shows_no_login_and_refuses_the_merge(
    browser: Browser, edit_db: str
) -> None:
    with serving(edit_db) as base, watched_page(browser) as page:
        visit(page, f"{base}/entities")
        assert page.locator("form.login").count() == 0 and page.locator("form.edit").count() == 0
        assert merge_without_login(page, base) == 403
    with open_store(edit_db, read_only=True) as store:
        assert store.entity_edits() == []


# -- hostile input ---------------------------------------------------------------------

INERT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    const src = s.getAttribute('src') || '';
    if (!(src.startsWith('/static/') || src.startsWith('/vendor/')
          || s.type === 'application/json')) bad.push('script ' + (src || s.textContent));
  }
  for (const el of document.querySelectorAll('img[src=x], svg[onload], main a[href^=javascript]')) {
    bad.push('injected ' + el.outerHTML);
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (!/^(https?:\\/\\/|\\/(?!\\/)|#|\\?)/.test(href)) bad.push('href ' + href);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile-web")
    source = folder / "hostile.jsonl"
    source.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = str(folder / "store.db")
    ingest(db, [str(source)])
    with serving(db) as base:
        yield base


def test_markup_in_text_title_outlet_and_url_renders_inert(
    browser: Browser, hostile_desk: str
) -> None:
    base = hostile_desk
    quantities = httpx.get(f"{base}/quantities").text
    quantity = re.search(r'href="(/quantities/[^"]+)"', quantities)[1]
    pages = ["/search?q=killed", "/articles/1", "/sources", "/quantities", quantity, "/entities"]
    with watched_page(browser) as page:
        for path in pages:
            visit(page, base + path)
            for mark in page.locator("#text mark, div.chart .point").all()[:20]:
                mark.hover(force=True)  # event handlers would fire on hover
            assert page.evaluate(INERT) == [], path
        visit(page, f"{base}/articles/1")
        text = page.inner_text("#text")
        assert "<script>alert('text')</script>" in text  # shown as written, not run
        assert "<img src=x onerror=alert('quote')>" in text
        assert "Flood <script>" in page.inner_text("h1")
        claimant = page.locator(".record a.claimant").first.get_attribute("href")
        visit(page, base + claimant)
        assert page.evaluate(INERT) == []
