"""read_inputs: files by suffix or sniffed, folders in order, stdin, failures named."""

import io
import sys
from pathlib import Path

import pytest

from reportedly.errors import ReadFailure
from reportedly.ingest import read_inputs
from reportedly.model import Article

DATA = Path(__file__).parent / "data" / "ingest"
BATCH = DATA / "batch"


def test_folder_yields_good_articles_and_a_failure_for_each_bad_input():
    items = list(read_inputs([str(BATCH)]))
    assert [item.origin for item in items] == [
        f"{BATCH}/empty.txt",
        f"{BATCH}/good.txt",
        f"{BATCH}/lines.jsonl:1",
        f"{BATCH}/lines.jsonl:2",
        f"{BATCH}/lines.jsonl:3",
        f"{BATCH}/lines.jsonl:4",
        f"{BATCH}/picture.png",
        f"{BATCH}/sub/more.md",
    ]  # sorted; .hidden.txt and .cache/ skipped
    failures = {item.origin: item.reason for item in items if isinstance(item, ReadFailure)}
    assert failures == {
        f"{BATCH}/empty.txt": "empty file",
        f"{BATCH}/lines.jsonl:2": "invalid JSON: Unterminated string starting at (column 23)",
        f"{BATCH}/lines.jsonl:3": "no 'text' key",
        f"{BATCH}/picture.png": "binary file, not text",
    }
    articles = [item for item in items if isinstance(item, Article)]
    assert [a.id for a in articles] == [None, "ok1", "ok2", None]
    assert articles[-1].title == "Nested file"


def test_inputs_are_read_in_the_order_given():
    items = list(read_inputs([str(DATA / "plain.md"), str(DATA / "article.txt")]))
    assert [item.origin for item in items] == [str(DATA / "plain.md"), str(DATA / "article.txt")]


def test_missing_path_is_a_failure_and_the_rest_goes_on(tmp_path):
    missing = tmp_path / "nowhere.txt"
    items = list(read_inputs([str(missing), str(BATCH / "good.txt")]))
    assert items[0] == ReadFailure(str(missing), "No such file or directory")
    assert isinstance(items[1], Article)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"id": "j1", "text": "One."}\n{"id": "j2", "text": "Two."}\n', ["j1", "j2"]),
        ((DATA / "feed.atom").read_bytes(), ["urn:example:wire:1219"]),
        ((DATA / "article.txt").read_bytes(), ["herald-0421"]),
    ],
)
def test_unknown_suffix_is_sniffed(tmp_path, content, expected):
    path = tmp_path / "download.dat"
    path.write_bytes(content)
    assert [item.id for item in read_inputs([str(path)])] == expected


def test_html_without_suffix_is_sniffed(tmp_path):
    path = tmp_path / "page"
    path.write_bytes((DATA / "article.html").read_bytes())
    [article] = read_inputs([str(path)])
    assert article.outlet == "The Example Herald"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings_and_crlf(tmp_path, codec):
    path = tmp_path / "story.txt"
    path.write_bytes("---\r\ntitle: Élèves\r\n---\r\nLe ministère a annoncé 130.\r\n".encode(codec))
    [article] = read_inputs([str(path)])
    assert (article.title, article.text) == ("Élèves", "Le ministère a annoncé 130.")


def test_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "blank.md"
    path.write_text("  \n\n\t\n", encoding="utf-8")
    assert list(read_inputs([str(path)])) == [ReadFailure(str(path), "empty file")]


def stdin_with(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_json_lines(monkeypatch):
    stdin_with(monkeypatch, b'{"id": "s1", "text": "One."}\nnot json\n')
    first, second = read_inputs(["-"])
    assert (first.id, first.origin) == ("s1", "-:1")
    assert second.origin == "-:2"
    assert second.reason.startswith("invalid JSON")


def test_stdin_plain_text(monkeypatch):
    stdin_with(monkeypatch, b"Officials said 130 students were missing.\n")
    assert list(read_inputs(["-"])) == [
        Article(text="Officials said 130 students were missing.", origin="-")
    ]


def test_stdin_empty(monkeypatch):
    stdin_with(monkeypatch, b"")
    assert list(read_inputs(["-"])) == [ReadFailure("-", "empty file")]
