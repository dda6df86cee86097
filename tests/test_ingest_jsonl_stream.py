"""JSON Lines files are read a line at a time, with the same result as reading them whole."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reportedly.errors import ReadFailure
from reportedly.ingest import read_inputs
from reportedly.ingest.jsonl import read_jsonl
from reportedly.ingest.registry import read_data, read_lines

line = st.one_of(
    st.builds(lambda t: json.dumps({"text": t}), st.text(min_size=1, max_size=40)),
    st.text(  # odd lines: any text a UTF-8 file can hold
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=30,
    ),
)
ending = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.tuples(line, ending), max_size=8))
def test_reading_by_lines_equals_reading_whole(lines: list[tuple[str, str]]) -> None:
    data = "".join(text + end for text, end in lines).encode("utf-8")
    whole = list(read_data(data, "f.jsonl", read_jsonl))
    streamed = list(read_lines(io.BytesIO(data), "f.jsonl"))
    assert streamed == whole


def test_a_file_is_named_per_line_and_wide_encodings_are_read_whole(tmp_path: Path) -> None:
    rows = [{"text": "The dam held overnight."}, {"text": "Crews cleared the road."}]
    body = "\r\n".join(json.dumps(r) for r in rows) + "\r\n{broken\r\n"
    (tmp_path / "a.jsonl").write_bytes(body.encode("utf-8"))
    (tmp_path / "b.jsonl").write_bytes(body.encode("utf-16"))
    items = list(read_inputs([str(tmp_path)]))
    texts = [i.text for i in items if not isinstance(i, ReadFailure)]
    assert texts == [r["text"] for r in rows] * 2
    failures = [str(i) for i in items if isinstance(i, ReadFailure)]
    assert [f.split(": ")[0].rsplit("/", 1)[-1] for f in failures] == ["a.jsonl:3", "b.jsonl:3"]


def test_binary_data_ends_the_file_after_the_lines_before_it(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "The ferry sailed at noon."}\n\x00\x01\x02\n{"text": "late"}\n')
    items = list(read_inputs([str(path)]))
    assert items[0].text == "The ferry sailed at noon."  # type: ignore[union-attr]
    assert isinstance(items[1], ReadFailure) and "binary data at line 2" in items[1].reason
    assert len(items) == 2
