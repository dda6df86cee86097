"""`sources` and `entities merge|split|list`, on real stores through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from reportedly.cli import sources as commands
from reportedly.model import Article, Attribution, Entity, Figure, RelayLink, Report
from reportedly.store import open_store

runner = CliRunner()


def make_app() -> typer.Typer:
    app = typer.Typer()
    app.command()(commands.sources)
    app.add_typer(commands.entities_app, name="entities")
    return app


def claim(day: str, outlet: str, name: str, kind: str, content: str, relay: str | None = None):
    """One article in which `name` (an entity of type `kind`) claims `content`."""
    text = f"{name} said {content}."
    chain = [RelayLink(name, "claimant", name, 0, len(name))]
    entities = [Entity(name, kind, mentions=[(0, len(name))])]
    if relay:
        chain.append(RelayLink(relay, "relay", relay))
        text += f" {relay} passed it on."
        entities.append(Entity(relay, "person"))
    return Report(
        article=Article(text=text, outlet=outlet, published=day),
        attributions=[
            Attribution(
                source=name,
                source_entity=name,
                cue="said",
                content=content,
                kind="indirect",
                chain=chain,
            )
        ],
        figures=[
            Figure(text="40", low=40, high=40, qualifier="exact", source_entity=name, attribution=0)
        ],
        entities=entities,
    )


SPELLINGS = [
    claim("2025-01-10", "The Daily", "Volodymyr Zelenskyy", "person", "40 boats sank"),
    claim("2025-01-12", "Evening Post", "Zelensky", "person", "41 boats sank", relay="Ana Ruiz"),
    claim("2025-01-20", "Harbour Radio", "Volodymyr Zelensky", "person", "42 boats sank"),
    claim("2025-01-11", "The Daily", "John Kirby", "person", "two ships burned"),
    claim("2025-01-13", "Evening Post", "Jane Kirby", "person", "three ships burned"),
]


@pytest.fixture
def db(store_url: str) -> str:
    path = store_url
    with open_store(path) as store:
        for report in SPELLINGS:
            store.add(report)
    return path


def profiles(db: str, *args: str) -> dict[str, dict]:
    result = runner.invoke(make_app(), ["sources", "--db", db, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {row["name"]: row for row in json.loads(result.stdout)}


def test_three_spellings_are_one_source_and_two_kirbys_stay_two(db: str) -> None:
    rows = profiles(db)
    assert set(rows) == {"Volodymyr Zelenskyy", "John Kirby", "Jane Kirby"}
    zelenskyy = rows["Volodymyr Zelenskyy"]
    assert (zelenskyy["claims"], zelenskyy["figures"]) == (3, 3)
    assert (zelenskyy["first_seen"], zelenskyy["last_seen"]) == ("2025-01-10", "2025-01-20")
    assert zelenskyy["outlets"] == ["Evening Post", "Harbour Radio", "The Daily"]
    assert zelenskyy["relays"] == ["Ana Ruiz"]
    assert zelenskyy["reliability"] == "F"


def test_the_table_lists_each_claimant_once(db: str) -> None:
    result = runner.invoke(make_app(), ["sources", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Volodymyr Zelenskyy") == 1
    assert "John Kirby" in result.stdout and "Jane Kirby" in result.stdout


def test_one_source_shows_its_claims_over_time(db: str) -> None:
    result = runner.invoke(make_app(), ["sources", "Zelensky", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [e["name"] for e in found["entities"]] == ["Volodymyr Zelenskyy"]
    assert [c["content"] for c in found["claims"]] == [
        "40 boats sank",
        "41 boats sank",
        "42 boats sank",
    ]
    assert [c["through"] for c in found["claims"]] == [[], ["Ana Ruiz"], []]
    assert len(found["figures"]) == 3


def test_one_sources_table_shows_a_page_of_its_history_and_says_how_to_see_more(
    db: str,
) -> None:
    def page(*args: str) -> tuple[str, str]:
        argv = ["sources", "Zelensky", "--db", db, "--limit", "2", *args]
        result = runner.invoke(make_app(), argv, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return result.stdout, result.stderr

    first, note = page()
    assert "40 boats sank" in first and "41 boats sank" in first
    assert "42 boats sank" not in first
    assert "rows 1-2 shown; the next 2 with --offset 2" in note
    rest, _ = page("--offset", "2")
    assert "42 boats sank" in rest and "40 boats sank" not in rest


def test_an_unknown_source_is_an_error(db: str) -> None:
    result = runner.invoke(make_app(), ["sources", "Nobody Atall", "--db", db])
    assert result.exit_code == 1
    assert "no source named 'Nobody Atall'" in result.stderr


def test_merge_and_split_are_recorded_and_survive_a_reingest(db: str) -> None:
    app = make_app()
    merged = runner.invoke(app, ["entities", "merge", "John Kirby", "Jane Kirby", "--db", db])
    assert merged.exit_code == 0, merged.output
    split = runner.invoke(app, ["entities", "split", "Zelensky", "Volodymyr Zelenskyy", "--db", db])
    assert split.exit_code == 0, split.output
    with open_store(db) as store:  # a later ingest of more articles
        store.add(claim("2025-02-01", "The Daily", "Jane Kirby", "person", "four ships burned"))
        store.add(claim("2025-02-02", "The Daily", "Zelensky", "person", "43 boats sank"))
    rows = profiles(db)
    assert rows["John Kirby"]["claims"] == 3
    assert "Jane Kirby" not in rows
    assert rows["Zelensky"]["claims"] == 2
    assert rows["Volodymyr Zelenskyy"]["claims"] == 2


def test_entity_ids_do_not_change_after_a_merge(db: str) -> None:
    def ids() -> dict[str, int]:
        listed = runner.invoke(make_app(), ["entities", "list", "--db", db, "--format", "json"])
        assert listed.exit_code == 0, listed.output
        return {row["name"]: row["id"] for row in json.loads(listed.stdout)}

    before = ids()
    assert {"John Kirby", "Jane Kirby"} <= set(before)
    merged = runner.invoke(
        make_app(), ["entities", "merge", "John Kirby", "Jane Kirby", "--db", db]
    )
    assert merged.exit_code == 0, merged.output
    after = ids()
    assert after["John Kirby"] == before["John Kirby"]
    assert "Jane Kirby" not in after
    assert {name: after[name] for name in after} == {
        name: entity_id for name, entity_id in before.items() if name != "Jane Kirby"
    }


def test_an_edit_of_an_unknown_name_is_refused(db: str) -> None:
    result = runner.invoke(make_app(), ["entities", "merge", "John Kirby", "Nobody", "--db", db])
    assert result.exit_code == 1
    assert "no entity named 'Nobody'" in result.stderr


def test_the_alias_file_is_recorded_on_write_and_a_bad_one_is_named(
    db: str, tmp_path: Path
) -> None:
    good = tmp_path / "aliases.toml"
    good.write_text(
        '[[merge]]\nnames = ["Jane Kirby", "John Kirby"]\n[reliability]\n"Zelensky" = "C"\n',
        encoding="utf-8",
    )
    recorded = runner.invoke(make_app(), ["entities", "aliases", str(good), "--db", db])
    assert recorded.exit_code == 0, recorded.output
    assert "recorded 2 new" in recorded.stdout
    rows = profiles(db)
    assert rows["Volodymyr Zelenskyy"]["reliability"] == "C"
    assert rows["Jane Kirby"]["claims"] == 2 and "John Kirby" not in rows
    again = runner.invoke(make_app(), ["entities", "aliases", str(good), "--db", db])
    assert "recorded 0 new" in again.stdout  # what the store holds is not recorded twice
    with open_store(db) as store:  # a later article of a graded source gets the grade
        store.add(claim("2025-02-02", "The Daily", "Zelensky", "person", "43 boats sank"))
    assert profiles(db)["Volodymyr Zelenskyy"]["claims"] == 4
    bad = tmp_path / "bad.toml"
    bad.write_text('[reliability]\n"Zelensky" = "Z"\n', encoding="utf-8")
    result = runner.invoke(make_app(), ["entities", "aliases", str(bad), "--db", db])
    assert result.exit_code == 1
    assert f"{bad}: [reliability]" in result.stderr
    read = runner.invoke(make_app(), ["sources", "--db", db, "--aliases", str(good)])
    assert read.exit_code == 2 and "No such option: --aliases" in read.output


def test_entities_list_shows_aliases(db: str) -> None:
    result = runner.invoke(make_app(), ["entities", "list", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert set(rows["Volodymyr Zelenskyy"]["aliases"]) == {"Volodymyr Zelensky", "Zelensky"}
