"""CSV files as input, other non-article files refused with their reason, skipped links
named: through the CLI's output and exit codes, on real files."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.ingest import read_inputs
from reportedly.model import Article

runner = CliRunner()

NEWS = (
    "headline,body,published_at,site,desk\n"
    'Ferry strike,"About 2,000 passengers were stranded on Monday, the port authority '
    'said.",2025-05-12,Coast Post,transport\n'
    "Blank row,,2025-05-13,Coast Post,transport\n"
)
COLUMNS = ["text=body", "title=headline", "date=published_at", "outlet=site"]


def test_csv_rows_are_articles_with_their_columns(tmp_path):
    (tmp_path / "plain.csv").write_text(
        "text,title,date,outlet,url\nThe mayor said the bridge will reopen.,Bridge,"
        "2025-06-01,Town Crier,https://example.org/bridge\n",
        encoding="utf-8",
    )
    [article] = read_inputs([str(tmp_path / "plain.csv")])
    assert isinstance(article, Article)
    assert (article.text, article.title, article.published, article.outlet, article.url) == (
        "The mayor said the bridge will reopen.", "Bridge", "2025-06-01", "Town Crier",
        "https://example.org/bridge",
    )  # fmt: skip
    assert article.origin == f"{tmp_path / 'plain.csv'}:2"


@pytest.mark.model
def test_extract_reads_a_csv_with_columns_named_by_options(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(NEWS, encoding="utf-8")
    options = [arg for column in COLUMNS for arg in ("--csv-column", column)]
    result = runner.invoke(app, ["extract", str(path), "-f", "jsonl", *options])
    assert result.exit_code == 1  # the blank row
    assert result.stderr == f"{path}:3: 'text' is empty\n"
    [line] = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["source"] for a in line["attributions"]] == ["the port authority"]
    assert line["figures"][0]["text"] == "About 2,000"


def test_a_csv_without_its_text_column_is_refused_with_its_columns(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(NEWS, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}: CSV without a 'text' column (its columns: headline, body, published_at, "
        "site, desk); name the text column with --csv-column text=NAME\n"
    )


def test_a_bad_csv_column_option_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path), "--csv-column", "body"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Invalid value for '--csv-column': expected FIELD=")
    assert result.stderr.endswith("got 'body'\n")


def test_files_that_are_not_articles_and_skipped_links_are_named(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.7\x00\x01\x02\xff\xfe" * 20)
    (inbox / "blank.txt").write_text("  \n", encoding="utf-8")
    os.symlink(tmp_path / "nowhere.txt", inbox / "gone.txt")
    os.symlink(inbox / "sub", inbox / "elsewhere")
    result = runner.invoke(app, ["extract", str(inbox)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{inbox / 'blank.txt'}: empty file",
        f"{inbox / 'elsewhere'}: skipped: link to a folder, not followed ({inbox / 'sub'})",
        f"{inbox / 'gone.txt'}: skipped: broken link ({tmp_path / 'nowhere.txt'})",
        f"{inbox / 'scan.pdf'}: binary file, not text",
    ]
