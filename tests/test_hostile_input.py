"""Hostile input at the boundary: one bad record never costs the batch.

Each test runs the real `reportedly` command (or the real readers and pipeline)
on inputs written for it, with a good article after the bad one, and checks
that the bad one is one line naming the input and the good one is stored.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportedly.errors import ReadFailure
from reportedly.extract import extract_reports
from reportedly.ingest import read_inputs
from reportedly.model import Article
from reportedly.store import open_store

GOOD = "The district council said 14 families had left their homes after the flood."


CLI = "from reportedly.cli import app; app()"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `reportedly` command, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, "COLUMNS": "120"},
    )


def stored_texts(db: Path | str) -> list[str]:
    with open_store(str(db)) as store:
        return [text for _, text in store.article_texts()]


def test_bad_lines_are_named_and_every_good_article_is_stored(tmp_path, store_url):
    lines = [
        json.dumps({"text": "Police said 3 people died.\ud800 More later.", "title": "a\udfff"}),
        "[" * 5000 + "]" * 5000,  # nested deeper than the JSON parser goes
        '{"text": "x", "count": ' + "9" * 5000 + "}",  # a number too long to convert
        json.dumps({"text": "Officials said " + "1" * 310 + " people were evacuated."}),
        json.dumps({"text": "Officials said " + "7" * 5000 + " people were evacuated."}),
        json.dumps({"text": "A long one. " * 100_000}),  # over --max-chars below
        json.dumps({"text": GOOD}),
    ]
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = store_url
    result = run("ingest", str(source), "--db", db, "--max-chars", "1000000", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert any(line.startswith(f"{source}:2: invalid JSON: nested too deeply") for line in errors)
    assert any(line.startswith(f"{source}:3: invalid JSON: Exceeds the limit") for line in errors)
    assert any(f"{source}:6: text of 1,200,000 characters is over the limit" in e for e in errors)
    texts = stored_texts(db)
    assert len(texts) == 4
    assert GOOD in texts
    assert "Police said 3 people died.\ufffd More later." in texts  # same length, offsets hold


def test_a_nul_in_a_json_string_is_stored_as_a_replacement_character(tmp_path, store_url):
    source = tmp_path / "nul.jsonl"
    record = {"text": "The mayor said 4\u0000 boats sank.", "title": "Harbour\u0000", "n": "\u0000"}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("ingest", str(source), "--db", store_url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open_store(store_url) as store:
        [report] = [store.article(row["id"]) for row in store.articles()]
    assert report.article.text == "The mayor said 4\ufffd boats sank."  # same length
    assert report.article.title == "Harbour\ufffd"
    assert report.article.meta == {"n": "\ufffd"}


def test_numbers_past_the_largest_count_are_not_counts(nlp):
    text = "Officials said " + "1" * 310 + " people and 40 soldiers were evacuated."
    [report] = extract_reports([Article(text=text)], nlp)
    assert [figure.low for figure in report.figures] == [40]
    json.dumps(report.to_dict())  # no int-to-str limit on the way out


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(GOOD.encode())
    [article] = list(read_inputs([str(folder)]))
    assert isinstance(article, Article)
    assert article.origin.endswith("caf\\xe9.txt")
    db = tmp_path / "store.db"
    result = run("ingest", str(folder), "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stored_texts(db) == [GOOD]


def test_a_long_text_is_extracted_in_pieces_with_offsets_into_the_whole(nlp):
    paragraphs = [
        f'"We have moved {n} families," the mayor of Arden said on Monday.' for n in range(20, 32)
    ]
    text = "\n\n".join(paragraphs)
    [whole] = extract_reports([Article(text=text)], nlp, piece_chars=200)
    assert whole.extractor is not None
    assert len(whole.attributions) == len(paragraphs)
    for record in whole.attributions:
        assert text[record.content_start : record.content_end] == record.content
        assert text[record.cue_start : record.cue_end] == record.cue
    for figure in whole.figures:
        assert text[figure.start : figure.end] == figure.text
        holder = whole.attributions[figure.attribution]  # indices count in the whole list
        assert holder.content_start <= figure.start < holder.content_end
    assert sorted(f.low for f in whole.figures) == list(range(20, 32))
    mayor = [e for e in whole.entities if e.name == "Arden"]
    assert len(mayor) == 1 and len(mayor[0].mentions) == len(paragraphs)  # joined


def test_past_the_time_limit_an_article_fails_and_the_batch_goes_on(nlp):
    slow = Article(text=" ".join([GOOD] * 40), origin="slow.txt")
    failures: list[ReadFailure] = []
    reports = list(extract_reports([slow], nlp, time_limit=0.001, on_failure=failures.append))
    assert reports == []
    assert [str(f) for f in failures] == ["slow.txt: took longer than the time limit of 0.001 s"]
    [report] = extract_reports([Article(text=GOOD)], nlp)  # the pipeline is whole afterwards
    assert report.figures


@pytest.mark.parametrize("processes", ["1", "2"])
def test_the_time_limit_holds_in_one_process_and_with_workers(tmp_path, processes):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(" ".join([GOOD] * (30 + n)), encoding="utf-8")
    db = tmp_path / "store.db"
    args = ("ingest", str(folder), "--db", str(db), "-j", processes, "--time-limit", "0.001")
    result = run(*args, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.count("took longer than the time limit of 0.001 s") == 3
    assert "stored 0, skipped 0 already stored, failed 3" in result.stdout


def test_ingests_of_bad_and_good_inputs_killed_twice_store_each_good_article_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    goods = [f"The port authority said {n + 5} ships were held at anchor." for n in range(30)]
    for n, text in enumerate(goods):
        (folder / f"good{n:02d}.txt").write_text(text, encoding="utf-8")
        (folder / f"bad{n:02d}.jsonl").write_text("[" * 3000 + "\n{", encoding="utf-8")
    db = tmp_path / "store.db"
    for _ in range(2):
        process = subprocess.Popen(
            [sys.executable, "-c", CLI, "ingest", str(folder), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        before = len(stored_texts(db)) if db.exists() else 0
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists() and len(stored_texts(db)) > before + 2:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
    result = run("ingest", str(folder), "--db", str(db), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.stderr.count("invalid JSON") == 2 * len(goods)  # each bad file, two lines
    texts = stored_texts(db)
    assert sorted(texts) == sorted(goods)
