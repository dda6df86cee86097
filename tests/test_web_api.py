"""The REST API on a real `reportedly serve`, over the demo articles ingested by the real
pipeline into SQLite and PostgreSQL: the records are what the CLI's `-f json` prints for the
same filters, pages follow their `next` links, the row cap holds, the exports stream the same
rows, bad input is a 4xx with a one-line reason, a read-only file is served, and
`POST /api/extract` answers records without storing them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from stores import STORES, fresh_store, stored
from web_server import serving

DEMO = str(Path(__file__).resolve().parents[1] / "src" / "reportedly" / "data" / "demo")
runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def cli_json(*args: str) -> Any:
    return json.loads(cli(*args, "--format", "json"))


@pytest.fixture(scope="module", params=STORES)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_store(request, tmp_path_factory.mktemp("web")) as url:
        cli("ingest", DEMO, "--db", url)
        yield url


@pytest.fixture(scope="module")
def base(db: str) -> Iterator[str]:
    with serving(db, extra=("--row-cap", "40")) as url:
        yield url


def get(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{base}{path}", params=params or None, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def every_item(base: str, path: str, **params: Any) -> list[dict[str, Any]]:
    """All items of a listing, page after page by the `next` links."""
    page = get(base, path, **params)
    items = page["items"]
    while page["next"] is not None:
        page = get(base, page["next"])
        items += page["items"]
    return items


@pytest.mark.parametrize(
    ("path", "params", "command"),
    [
        ("/api/claims", {"source": "ministry"}, ["claims", "--source", "ministry"]),
        ("/api/claims", {"text": "killed", "since": "2025"},
         ["claims", "--text", "killed", "--since", "2025"]),
        ("/api/figures", {"category": "casualties"}, ["figures", "--category", "casualties"]),
        ("/api/figures", {"source": "intelligence", "until": "2025-01"},
         ["figures", "--source", "intelligence", "--until", "2025-01"]),
        ("/api/articles", {"outlet": "capital review"}, ["articles", "--outlet", "capital review"]),
        ("/api/entities", {}, ["entities", "list"]),
        ("/api/sources", {}, ["sources"]),
        ("/api/quantities", {}, ["quantities"]),
    ],
)  # fmt: skip
def test_listings_hold_what_the_cli_prints(
    db: str, base: str, path: str, params: dict[str, str], command: list[str]
) -> None:
    expected = cli_json(*command, "--db", db)
    assert expected, "the filters should find something in the demo"
    assert every_item(base, path, **params, limit=7) == expected


def test_an_article_is_its_whole_report(db: str, base: str) -> None:
    assert get(base, "/api/articles/6") == cli_json("show", "6", "--db", db)
    missing = httpx.get(f"{base}/api/articles/999")
    assert missing.status_code == 404 and missing.json() == {"detail": "no article with id 999"}


def test_a_quantity_and_a_source(db: str, base: str) -> None:
    name = "north korean soldiers casualties"
    view = get(base, f"/api/quantities/{name}")
    rows = [row for event in view["events"] for row in event["rows"]]
    timeline = cli_json("figures", "--quantity", name, "--db", db)
    key = ("figure_id", "claim_date")
    assert sorted(tuple(r[k] for k in key) for r in rows) == sorted(
        tuple(r[k] for k in key) for r in timeline
    )
    assert all(event["bands"] for event in view["events"])
    source = get(base, "/api/sources/Pentagon")
    assert source == cli_json("sources", "Pentagon", "--db", db)
    assert httpx.get(f"{base}/api/sources/Nobody%20At%20All").status_code == 404
    assert httpx.get(f"{base}/api/quantities/north korean soldiers killed nowhere").status_code in (
        404,
        422,
    )


def test_pages_link_the_next_and_stop_at_the_row_cap(base: str) -> None:
    first = get(base, "/api/claims", limit=5)
    assert len(first["items"]) == 5 and first["offset"] == 0
    second = get(base, first["next"])
    assert second["offset"] == 5
    assert [c["id"] for c in first["items"] + second["items"]] == [
        c["id"] for c in get(base, "/api/claims", limit=10)["items"]
    ]
    capped = get(base, "/api/claims", limit=1000)
    assert capped["limit"] == 40 and len(capped["items"]) == 40  # --row-cap 40
    assert "limit=40" in capped["next"]
    last = get(base, "/api/articles", offset=15)
    assert len(last["items"]) == 1 and last["next"] is None


def test_exports_stream_every_row_of_the_filters(db: str, base: str) -> None:
    expected = cli_json("claims", "--source", "ministry", "--db", db)
    params = {"source": "ministry"}
    as_csv = httpx.get(f"{base}/api/claims", params={**params, "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [int(r["id"]) for r in rows] == [c["id"] for c in expected]
    assert json.loads(rows[0]["chain"]) == expected[0]["chain"]  # lists as JSON text
    lines = httpx.get(f"{base}/api/claims", params={**params, "format": "jsonl"}).text
    assert [json.loads(line) for line in lines.splitlines()] == expected
    every = httpx.get(f"{base}/api/figures", params={"format": "parquet"})  # no row cap
    table = pq.read_table(io.BytesIO(every.content))
    assert table.num_rows == len(cli_json("figures", "--db", db)) > 40
    assert str(table.schema.field("low").type) in ("double", "int64")


def test_exports_escape_what_a_spreadsheet_would_run(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(
        'title: Formula\n\n=HYPERLINK("x") about 30 people were hurt, the mayor said.\n',
        encoding="utf-8",
    )
    db = str(tmp_path / "f.db")
    cli("ingest", str(note), "--db", db)
    with serving(db) as url:
        text = httpx.get(f"{url}/api/claims", params={"format": "csv"}).text
    content = next(csv.DictReader(io.StringIO(text)))["content"]
    assert content.startswith("'=HYPERLINK")


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/api/claims", {"since": "last week"}, "since"),
        ("/api/figures", {"category": "dead"}, "category"),
        ("/api/claims", {"limit": 0}, "limit"),
        ("/api/claims", {"offset": -1}, "offset"),
        ("/api/claims", {"format": "xlsx"}, "format"),
        ("/api/claims", {"text": "a\x00b"}, "text"),
        ("/api/search", {"q": '"unclosed'}, "quote"),
        ("/api/search", {"kind": "shouted"}, "kind"),
        ("/api/search", {"claimed": "in March"}, "claimed"),
        ("/api/articles/0", {}, "article_id"),
        ("/api/articles/99999999999999999999", {}, "article_id"),
        ("/api/articles/2147483648", {}, "article_id"),  # past PostgreSQL's integer
        ("/api/quantities/north korean soldiers", {}, "category"),
    ],
)
def test_bad_parameters_are_a_one_line_422(
    base: str, path: str, params: dict[str, Any], named: str
) -> None:
    response = httpx.get(f"{base}{path}", params=params)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and named in detail


def test_search_with_facets(base: str) -> None:
    found = get(base, "/api/search", q="soldiers killed", limit=3)
    assert found["total"] > 3 and len(found["items"]) == 3 and found["next"]
    assert {h["type"] for h in found["items"]} <= {"article", "claim"}
    assert dict(found["facets"]["outlet"])
    claim = next(h for h in every_item(base, "/api/search", q="Kirby") if h["type"] == "claim")
    report = get(base, f"/api/articles/{claim['article_id']}")
    assert report["article"]["text"][claim["start"] : claim["end"]].lower() == "kirby"
    by_kind = get(base, "/api/search", kind="direct")
    assert by_kind["facets"]["kind"] == [["direct", by_kind["facets"]["kind"][0][1]]]
    month, claims = found["facets"]["claimed"][0]  # the claim date, by month
    in_month = get(base, "/api/search", q="soldiers killed", claimed=month)
    assert in_month["facets"]["claimed"] == [[month, claims]]
    assert 0 < in_month["total"] < found["total"]


def test_extract_answers_records_and_stores_nothing(db: str, base: str) -> None:
    before = stored(db)
    text = "About 2,000 passengers were stranded on Monday, the port authority said."
    response = httpx.post(
        f"{base}/api/extract", json={"text": text, "title": "Ferry strike"}, timeout=120
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["article"]["title"] == "Ferry strike"
    assert report["attributions"][0]["source"] == "the port authority"
    assert report["figures"][0]["low"] == 2000
    assert stored(db) == before
    empty = httpx.post(f"{base}/api/extract", json={"title": "no text"})
    assert empty.status_code == 422 and "text" in empty.json()["detail"]


def test_a_read_only_sqlite_file_is_served(tmp_path: Path, locked: list[Path]) -> None:
    from read_only import set_read_only

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "news.db"
    cli("ingest", str(Path(DEMO) / "2014-04-16-chibok-abduction.txt"), "--db", str(db))
    for path in (*folder.iterdir(), folder):
        set_read_only(path, True)
        locked.append(path)
    with serving(str(db)) as url:
        assert get(url, "/api/articles")["items"][0]["id"] == 1
        assert get(url, "/api/search", q="schoolgirls")["total"] >= 1
        refused = httpx.post(f"{url}/api/entities/merge", json={"a": "Chibok", "b": "Nigeria"})
    assert refused.status_code == 403
