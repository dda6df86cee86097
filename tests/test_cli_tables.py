"""Tables at 80 and 100 columns: one line per row, long cells cut with an ellipsis, headers
whole, numbers right-aligned. A real store (SQLite, then PostgreSQL) read through the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.model import Article, Attribution, Report
from reportedly.store import open_store

runner = CliRunner()
CLAIMS = (1, 12, 3)  # claims per article
LONG = (
    "the reservoir above the town had risen by four metres overnight and engineers were "
    "inspecting the spillway, which had not been opened since the floods of the last decade"
)


@pytest.fixture
def db(store_url) -> str:
    path = store_url
    with open_store(path) as store:
        for n, count in enumerate(CLAIMS):
            text = f"The district water board said {LONG} ({n})."
            claims = [
                Attribution(
                    source="The district water board", cue="said", kind="indirect",
                    content=f"{LONG} ({n})", source_entity="District Water Board",
                )
                for _ in range(count)
            ]  # fmt: skip
            article = Article(text=text, title=f"Reservoir report number {n}", outlet="Valley Wire")
            store.add(Report(article=article, attributions=claims))
    return path


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("command", ["claims", "articles", "sources"])
def test_rows_fit_the_terminal_one_line_each(db, width, command):
    result = runner.invoke(app, [command, "--db", db], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines), result.stdout
    rule = next(i for i, line in enumerate(lines) if "───" in line)
    rows = [line for line in lines[rule + 1 :] if line.strip()]
    expected = {"claims": sum(CLAIMS), "articles": len(CLAIMS), "sources": 1}[command]
    assert len(rows) == expected, result.stdout  # no cell wrapped onto a second line


@pytest.mark.parametrize("width", [80, 100])
def test_long_cells_end_with_an_ellipsis(db, width):
    result = runner.invoke(app, ["claims", "--db", db], env={"COLUMNS": str(width)})
    first_row = result.stdout.splitlines()[4]
    assert "the res" in first_row
    assert "…" in first_row
    assert "inspecting the spillway" not in first_row


def test_numbers_are_right_aligned(db):
    result = runner.invoke(app, ["articles", "--db", db], env={"COLUMNS": "100"})
    lines = result.stdout.splitlines()
    header = lines[2]
    end = header.index("claims") + len("claims")
    counts = [line[:end].split()[-1] for line in lines[4:7]]
    assert counts == ["1", "12", "3"], result.stdout  # each ends under the header's end


def test_the_widest_columns_are_cut_first_and_empty_columns_left_out(monkeypatch):
    from reportedly.cli import output

    monkeypatch.setattr(output.out, "_width", 60)  # not the property: undo restores None
    columns = [
        output.Column.key("n", "n"),
        output.Column.key("town", "town"),
        output.Column.key("note", "note"),
        output.Column.key("relay", "relay"),
    ]
    rows = [{"n": 1, "town": "Lagos", "note": LONG, "relay": None}]
    grid = output.table(rows, columns)
    assert [c.header.plain for c in grid.columns] == ["n", "town", "note"]
    # the short cell keeps its width; the long one takes the cut
    assert [c.width for c in grid.columns][:2] == [1, 5]
    assert sum(c.width for c in grid.columns) == 60 - 3 * 3 - 1
