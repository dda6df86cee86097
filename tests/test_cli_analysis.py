"""The analysis commands: a quantity's timeline and plot, quantities, export."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from analysis_data import copy_of, figure, said, store_of
from reportedly.cli import analysis
from reportedly.cli.output import Format

app = typer.Typer()
app.command()(analysis.quantities)
app.command()(analysis.export)


@pytest.fixture
def db(store_url: str) -> str:
    first = said("Ministry", "2025-01-01", "Harbor Ledger", [figure(100, "killed")])
    reports = [
        first,
        copy_of(first, "Northern Times"),
        said("Ministry", "2025-02-01", "Capital Review", [figure(80, "killed")], story="b"),
        said("Rebels", "2025-01-02", "Eastern Dispatch", [figure(120, "killed")], story="c"),
    ]
    store_of(store_url, reports).close()
    return store_url


def test_a_quantity_timeline_prints_statements_bands_and_flags(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plot = tmp_path / "killed.png"
    analysis.show_quantity(db, "Freedonian troops dead", Format.table, plot)
    printed = capsys.readouterr().out
    assert "freedonian soldiers killed: claims by date" in printed
    assert "#1,2" in printed  # the copy is one statement with two articles
    assert "flag cumulative_drop: Ministry" in printed
    assert plot.stat().st_size > 1000


def test_a_quantity_timeline_as_jsonl(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    analysis.show_quantity(db, "freedonian soldiers killed", Format.jsonl, None)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3  # three statements, not four articles


def test_quantities_lists_counts(db: str) -> None:
    result = CliRunner().invoke(app, ["quantities", "--db", db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()[:2]
    assert header.startswith(
        "quantity,population,category,span,event,places,claims,statements,reports"
    )
    assert row.startswith(
        "freedonian soldiers killed,freedonian soldiers,killed,total,,,4,3,3,4,2,"
    )


def test_export_writes_the_four_tables(db: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--db", db, "--format", "jsonl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "claims.jsonl",
        "entities.jsonl",
        "figures.jsonl",
        "quantities.jsonl",
    ]
    bad = CliRunner().invoke(app, ["export", "--db", db, "--format", "xlsx", "--out", str(out)])
    assert bad.exit_code == 2


def test_an_unknown_quantity_is_one_error_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit):
        analysis.show_quantity(db, "freedonian soldiers displaced", Format.table, None)
    assert "error: no figures of 'freedonian soldiers displaced'" in capsys.readouterr().err
    with pytest.raises(typer.Exit):
        analysis.show_quantity(db, "freedonian soldiers", Format.table, None)
    assert "names no category" in capsys.readouterr().err


def test_figures_since_and_until_filter_on_the_claim_date(store_url: str) -> None:
    from reportedly.cli import app as cli

    recalled = figure(600, "killed", stated_on="2025-04")  # recalled in a June article
    store_of(
        store_url,
        [
            said("Ministry", "2025-06-10", "Harbor Ledger", [recalled]),
            said("Ministry", "2025-04-20", "Northern Times", [figure(450, "killed")]),
        ],
    ).close()
    db = store_url

    def values(*options: str) -> list[str]:
        result = CliRunner().invoke(cli, ["figures", "--db", db, "--format", "csv", *options])
        assert result.exit_code == 0, result.output
        return sorted(line.split(",")[3] for line in result.output.splitlines()[1:])

    assert values("--since", "2025-04", "--until", "2025-04") == ["450", "600"]
    assert values("--since", "2025-05") == []
    assert values("--published-since", "2025-05") == ["600"]
