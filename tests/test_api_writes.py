"""The public Python API for writes (reportedly.api): ingest and reextract as event
streams with a summary, and entity list, merge, split and alias file, on a real store
with the real pipeline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reportedly import api
from reportedly.errors import EntityError
from reportedly.model import Article, Attribution, Report

pytestmark = pytest.mark.model

TEXTS = {
    "ferry.txt": "The coast guard said 14 passengers were rescued from the ferry on Friday.",
    "mine.txt": "Nine miners were still trapped after the collapse, Mayor Lena Ortiz said.",
    "flood.txt": "About 300 homes were flooded in the valley, the Harbour Agency said on Monday.",
}


def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"text": "A fine line."}\n{not json\n', encoding="utf-8")
    return folder


def test_ingest_yields_an_event_per_article_and_a_summary(tmp_path: Path) -> None:
    folder = inputs(tmp_path)
    with api.open_store(str(tmp_path / "news.db")) as store:
        run = api.ingest(store, [str(folder)])
        events = list(run)
        kinds = sorted(e.kind for e in events)
        assert kinds == ["failed", "stored", "stored", "stored", "stored"]
        failed = next(e for e in events if e.kind == "failed")
        assert failed.failure is not None and "broken.jsonl:2" in str(failed.failure)
        last = events[-1]
        assert (last.stored, last.skipped, last.failed) == (4, 0, 1)
        assert (run.summary.stored, run.summary.skipped, len(run.summary.failures)) == (4, 0, 1)
        assert all(e.article_id for e in events if e.kind == "stored")
        again = api.ingest(store, [str(folder)])
        assert [e.kind for e in again].count("skipped") == 4
        assert again.summary.stored == 0 and store.count_articles() == 4


def test_an_ingest_of_stored_inputs_loads_no_model(tmp_path: Path) -> None:
    folder = inputs(tmp_path)
    db = str(tmp_path / "news.db")
    with api.open_store(db) as store:
        list(api.ingest(store, [str(folder)]))
    script = (
        "import sys\nfrom reportedly import api\n"
        f"store = api.open_store({db!r})\nrun = api.ingest(store, [{str(folder)!r}])\n"
        "list(run)\nprint(run.summary.skipped, 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["4", "False"]


def stale(text: str) -> Report:
    """An article stored by an older extractor (records made by hand)."""
    claim = Attribution(source="The agency", cue="said", content=text, kind="indirect")
    return Report(Article(text=text, outlet="Daily Lamp"), [claim], extractor="0-old")


def test_reextract_goes_on_past_an_article_that_fails(tmp_path: Path) -> None:
    with api.open_store(str(tmp_path / "news.db")) as store:
        store.add(stale("The agency said 40 boats sank near the harbour on Tuesday."))
        store.add(stale("The agency said the bridge would reopen. " + "It was quiet. " * 40))
        store.add(stale("Police said 12 people were arrested at the march on Saturday."))
        run = api.reextract(store, max_chars=300)
        events = list(run)
        assert [e.kind for e in events].count("failed") == 1
        assert "over the limit of 300" in str(next(e for e in events if e.failure).failure)
        assert run.summary.stored == 2
        assert len(store.stale_articles(run.version)) == 1  # kept as it was, for a rerun


def test_entities_list_merge_and_split(tmp_path: Path) -> None:
    with api.open_store(str(tmp_path / "news.db")) as store:
        list(api.ingest(store, [str(inputs(tmp_path))]))
        names = {row["name"] for row in api.list_entities(store)}
        assert {"Lena Ortiz", "Harbour Agency"} <= names
        merged = api.merge_entities(store, "Harbour Agency", "Lena Ortiz")
        assert [row["name"] for row in merged] == ["Harbour Agency"]
        assert "Lena Ortiz" in merged[0]["aliases"]
        apart = api.split_entities(store, "Harbour Agency", "Lena Ortiz")
        assert sorted(row["name"] for row in apart) == ["Harbour Agency", "Lena Ortiz"]
        with pytest.raises(EntityError, match="no entity named 'Nobody'"):
            api.merge_entities(store, "Harbour Agency", "Nobody")
        aliases = tmp_path / "aliases.toml"
        aliases.write_text('[reliability]\n"Harbour Agency" = "B"\n', encoding="utf-8")
        assert api.record_alias_file(store, aliases) == 1
        graded = {row["name"]: row["reliability"] for row in api.list_entities(store)}
        assert graded["Harbour Agency"] == "B"
        assert api.rebuild_entities(store) == len(graded)
        rebuilt = {row["name"]: row["reliability"] for row in api.list_entities(store)}
        assert rebuilt == graded  # the rebuild keeps the edits and grades
