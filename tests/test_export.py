"""Exports: every table in every format has exactly the documented columns."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from analysis_data import copy_of, figure, said, store_of
from reportedly.analyse.export import COLUMNS
from reportedly.app.exports import export_store

DOCS = Path(__file__).parent.parent / "docs" / "analysis.md"


@pytest.fixture
def exported_store(store_url: str):
    report = said(
        "Ministry", "2025-01-01", "Harbor Ledger", [figure(300, "killed"), figure(900, "injured")]
    )
    store = store_of(store_url, [report, copy_of(report, "Northern Times")])
    yield store
    store.close()


def read(path: Path) -> tuple[list[str], list[dict]]:
    if path.suffix == ".csv":
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        return (list(rows[0]) if rows else []), rows
    table = pq.read_table(path)
    return table.column_names, table.to_pylist()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_each_table_has_the_documented_columns(exported_store, tmp_path: Path, fmt: str) -> None:
    paths = export_store(exported_store, tmp_path / "out", fmt)
    assert [p.name for p in paths] == [
        f"{t}.{fmt}" for t in ("claims", "figures", "entities", "quantities")
    ]
    for path in paths:
        names, rows = read(path)
        if path.stem != "entities":  # the hand-built reports have no entities
            assert names == [c.name for c in COLUMNS[path.stem]], path.name
            assert rows, path.name
    _, figures = read(tmp_path / "out" / f"figures.{fmt}")
    assert {(r["quantity"], str(r["cluster_id"]), str(r["reports"])) for r in figures} == {
        ("freedonian soldiers killed", "1", "1"),
        ("freedonian soldiers injured", "1", "1"),
    }
    _, quantities = read(tmp_path / "out" / f"quantities.{fmt}")
    assert {str(r["claimants"]) for r in quantities} == {"1"}


def test_parquet_keeps_types_and_nulls(exported_store, tmp_path: Path) -> None:
    export_store(exported_store, tmp_path, "parquet")
    table = pq.read_table(tmp_path / "figures.parquet")
    assert str(table.schema.field("low").type) == "double"
    assert str(table.schema.field("credibility").type) == "int64"
    assert table.column("relay").to_pylist() == [None] * 4


def test_unknown_formats_are_refused(exported_store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        export_store(exported_store, tmp_path, "xlsx")


def test_the_docs_list_every_column_of_every_table() -> None:
    text = DOCS.read_text()
    for table, columns in COLUMNS.items():
        section = re.search(rf"### `{table}`\n(.*?)(?=\n### |\n## |\Z)", text, re.S)
        assert section, table
        documented = re.findall(r"^\| `(\w+)` \|", section.group(1), re.M)
        assert documented == [c.name for c in columns], table
