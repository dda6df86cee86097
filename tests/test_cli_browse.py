"""The store listings of the CLI (articles, show, claims, figures, sources), through their output.

The store (a real SQLite file, then a PostgreSQL database) is filled with hand-made reports,
so these tests do not need the model and can assert exact values.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.model import Article, Attribution, Figure, Report
from reportedly.store import open_store

runner = CliRunner()

HARBOUR = "The harbour master said on Friday that 40 boats were damaged."
VALLEY = "About 120 families were evacuated, according to the regional council."


def report_harbour() -> Report:
    article = Article(
        text=HARBOUR, id="h1", title="Storm hits harbour", outlet="Coast Post",
        published="2025-03-07", url="https://example.org/harbour",
    )  # fmt: skip
    claim = Attribution(
        source="The harbour master", cue="said", kind="indirect",
        content="40 boats were damaged", source_entity="Harbour Authority",
        source_start=0, source_end=18, cue_start=19, cue_end=23,
        content_start=HARBOUR.index("40"), content_end=len(HARBOUR) - 1,
    )  # fmt: skip
    figure = Figure(
        text="40", low=40, high=40, qualifier="exact", category="other", subject="boats",
        source_entity="Harbour Authority", start=HARBOUR.index("40"), end=HARBOUR.index("40") + 2,
        attribution=0, stated_on="2025-03-07",
    )  # fmt: skip
    return Report(article=article, attributions=[claim], figures=[figure])


def report_valley() -> Report:
    article = Article(
        text=VALLEY, id="v1", title="Valley flood", outlet="Inland News", published="2025-04-02"
    )
    claim = Attribution(
        source="the regional council", cue="according to", kind="indirect",
        content="About 120 families were evacuated", source_entity="Regional Council",
    )  # fmt: skip
    figure = Figure(
        text="About 120", low=120, high=120, qualifier="approx", category="displaced",
        subject="families", source_entity="Regional Council", attribution=0,
    )  # fmt: skip
    return Report(article=article, attributions=[claim], figures=[figure])


@pytest.fixture
def db(store_url: str) -> str:
    path = store_url
    store = open_store(path)
    store.add(report_harbour())
    store.add(report_valley())
    store.close()
    return path


def run(*args: str):
    return runner.invoke(app, list(args))


def test_articles_json_lists_both_with_counts(db):
    result = run("articles", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["title"], r["claims"], r["figures"]) for r in rows] == [
        ("Storm hits harbour", 1, 1),
        ("Valley flood", 1, 1),
    ]


@pytest.mark.parametrize("command", [["articles"], ["sources"], ["entities", "list"]])
def test_counts_have_one_name_in_json_keys_and_table_headers(db, command):
    keys = set(json.loads(run(*command, "--db", db, "--format", "json").stdout)[0])
    wide = runner.invoke(app, [*command, "--db", db], env={"COLUMNS": "200"})
    header = wide.stdout.splitlines()[2].split()
    for name in ("claims", "figures", "articles", "reliability", "published"):
        assert (name in keys) == (name in header), f"{name}: {sorted(keys)} vs {header}"


def test_articles_table_shows_titles(db):
    result = run("articles", "--db", db)
    assert result.exit_code == 0
    assert "Storm hits harbour" in result.stdout
    assert "Inland News" in result.stdout


def test_claims_filtered_by_source_jsonl(db):
    result = run("claims", "--db", db, "--source", "COUNCIL", "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    claim = json.loads(lines[0])
    assert claim["content"] == "About 120 families were evacuated"
    assert claim["cue"] == "according to"
    assert claim["outlet"] == "Inland News"


def test_claims_date_filter(db):
    result = run("claims", "--db", db, "--since", "2025-04", "--format", "json")
    assert [c["source"] for c in json.loads(result.stdout)] == ["the regional council"]
    result = run("claims", "--db", db, "--until", "2025-03-31", "--format", "json")
    assert [c["source"] for c in json.loads(result.stdout)] == ["The harbour master"]


def test_claims_text_filter_with_no_match_prints_nothing_on_stdout(db):
    result = run("claims", "--db", db, "--text", "volcano")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no claims found" in result.stderr


@pytest.mark.parametrize(
    ("option", "value"),
    [("--since", "last week"), ("--since", "2025-13"), ("--until", "2025-02-30")],
)
def test_bad_date_is_one_line_naming_option_and_value(db, option, value):
    result = run("claims", "--db", db, option, value)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: Invalid value for '{option}': expected a date as YYYY, YYYY-MM or YYYY-MM-DD,"
        f" got {value!r}\n"
    )


def test_figures_csv_has_interval_and_claimant(db):
    result = run("figures", "--db", db, "--category", "displaced", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    assert (rows[0]["text"], rows[0]["low"], rows[0]["high"]) == ("About 120", "120", "120")
    assert rows[0]["source_entity"] == "Regional Council"


def test_figures_table_shows_the_filtered_figure(db):
    result = run("figures", "--db", db, "--subject", "boats")
    assert result.exit_code == 0
    for value in ("exact", "other", "boats", "2025-03-07", "#1"):
        assert value in result.stdout
    assert "families" not in result.stdout


def test_figures_unknown_category_is_refused(db):
    result = run("figures", "--db", db, "--category", "eaten")
    assert result.exit_code == 2
    assert "'eaten' is not one of" in result.stderr


def test_show_prints_text_and_records(db):
    result = run("show", "1", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Storm hits harbour\n")
    assert HARBOUR in out
    assert "Attributions in Storm hits harbour" in out
    assert "Figures in Storm hits harbour" in out


def test_show_json_round_trips_the_report(db):
    result = run("show", "2", "--db", db, "--format", "json")
    data = json.loads(result.stdout)
    assert data["article"]["text"] == VALLEY
    assert data["attributions"][0]["source_entity"] == "Regional Council"
    assert data["figures"][0]["qualifier"] == "approx"


def test_show_unknown_id_fails_with_one_line(db):
    result = run("show", "99", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == "error: no article with id 99\n"


def test_sources_ranks_claimants(db):
    result = run("sources", "--db", db, "--format", "json")
    names = {row["name"]: row["claims"] for row in json.loads(result.stdout)}
    assert names == {"Harbour Authority": 1, "Regional Council": 1}


def test_listing_on_an_empty_store_is_empty(store_url: str):
    open_store(store_url).close()
    result = run("articles", "--db", store_url, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_db_from_environment(db, monkeypatch):
    monkeypatch.setenv("REPORTEDLY_DB", db)
    result = run("articles", "--format", "jsonl")
    assert len(result.stdout.splitlines()) == 2


def test_plot_without_a_quantity_is_an_error(db, tmp_path):
    result = run("figures", "--db", db, "--plot", str(tmp_path / "x.png"))
    assert result.exit_code == 2
    assert "--quantity" in result.output
    assert not (tmp_path / "x.png").exists()
