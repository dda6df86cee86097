"""The bundled demo articles and `reportedly demo`."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.demo import DEMO_DIR, OWN_VOICE, demo_articles, figures_by_claimant
from reportedly.errors import ReadFailure
from reportedly.ingest import read_inputs
from reportedly.store import open_store

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def test_demo_articles_have_front_matter_and_length():
    paths = demo_articles()
    assert 12 <= len(paths) <= 16
    for path in paths:
        text = path.read_text(encoding="utf-8")
        header = FRONT_MATTER.match(text)
        assert header, path.name
        keys = {line.split(":", 1)[0] for line in header.group(1).splitlines()}
        assert keys == {"title", "published", "outlet", "url"}, path.name
        words = len(text[header.end() :].split())
        assert 150 <= words <= 350, (path.name, words)


def test_demo_articles_read_cleanly_and_are_distinct():
    items = list(read_inputs([str(DEMO_DIR)]))
    assert not [i for i in items if isinstance(i, ReadFailure)]
    assert len({a.content_hash for a in items}) == len(items) == len(demo_articles())
    outlets = {a.outlet for a in items}
    assert len(outlets) >= 4
    assert all(a.published and a.title and a.url for a in items)


def test_figures_by_claimant_orders_by_claimant_then_date(store_url):
    from reportedly.model import Article, Figure, Report

    store = open_store(store_url)
    for day, entity, low in (("2025-02-01", "Zeta", 5), ("2025-01-01", "alpha", 7),
                             ("2025-03-01", None, 9), ("2024-12-01", "Zeta", 3)):  # fmt: skip
        article = Article(text=f"Report {low} of {day}.", published=day)
        fig = Figure(text=str(low), low=low, high=low, qualifier="exact", source_entity=entity)
        store.add(Report(article=article, figures=[fig]))
    rows = figures_by_claimant(store)
    store.close()
    assert [(r["claimant"], r["claim_date"]) for r in rows] == [
        ("alpha", "2025-01-01"),
        ("Zeta", "2024-12-01"),
        ("Zeta", "2025-02-01"),
        (OWN_VOICE, "2025-03-01"),
    ]


@pytest.mark.model
def test_demo_prints_figures_and_sources_and_keeps_the_store(nlp, tmp_path):
    db = str(tmp_path / "demo.db")
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--keep", db])
    assert result.exit_code == 0, result.output
    n = len(demo_articles())
    assert result.stdout.startswith(f"stored {n}, skipped 0 already stored, failed 0 ")
    assert "Figures by claimant and date" in result.stdout
    assert "Most-cited sources" in result.stdout
    sources = result.stdout[result.stdout.index("Most-cited sources") :]
    # the agency outranks the lawmaker who relays its briefings; no document is a source
    assert sources.index("National") < sources.index("Lee")  # names may wrap in the table
    assert "relayed" in sources and "Notes" not in sources
    assert f"The demo store is kept at {db}" in result.stdout

    again = runner.invoke(app, ["demo", "--keep", db])
    assert again.stdout.startswith(f"stored 0, skipped {n} already stored, failed 0 ")
    store = open_store(db)
    assert store.count_articles() == n
    store.close()
