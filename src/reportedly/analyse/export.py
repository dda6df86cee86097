"""Exports: claims, figures, entities and quantities as csv, jsonl or parquet files.

`reportedly.app.exports.export_store(store, out_dir, fmt)` writes one file per
table (`claims.csv`, `figures.csv`, ...) through `write_table`, which writes
rows as they come (parquet a row group at a time). Each table's columns
are declared once below (name, type, meaning), in this order, in every format:
docs/analysis.md lists them and a test keeps the two equal. In csv, lists are
JSON text and missing values are empty cells, and cells a spreadsheet would
run as formulas are escaped (`analyse/csvfile.py`); in jsonl and parquet they are
lists and nulls.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from reportedly.analyse.csvfile import write_csv
from reportedly.analyse.syndication import CREDIBILITY, Statement, corroborate
from reportedly.analyse.timelines import relay_of
from reportedly.errors import ExportError

FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
ROW_GROUP = 10_000  # parquet rows per row group


@dataclass(frozen=True)
class ExportColumn:
    name: str
    type: pa.DataType
    meaning: str


def _columns(*spec: tuple[str, pa.DataType, str]) -> tuple[ExportColumn, ...]:
    return tuple(ExportColumn(*s) for s in spec)


INT, FLOAT, TEXT, BOOL = pa.int64(), pa.float64(), pa.string(), pa.bool_()

COLUMNS: dict[str, tuple[ExportColumn, ...]] = {
    "claims": _columns(
        ("id", INT, "attribution id in the store"),
        ("article_id", INT, "the article's id"),
        ("position", INT, "index of the attribution in its article"),
        ("source", TEXT, "the source as written"),
        ("source_entity", TEXT, "the claimant's canonical name"),
        ("cue", TEXT, "the reporting words"),
        ("kind", TEXT, "direct, indirect or mixed"),
        ("modality", TEXT, "said, claimed, believed, estimated, denied..."),
        ("probability", FLOAT, "calibrated probability of a hedge"),
        ("confidence", FLOAT, "extraction confidence"),
        ("content", TEXT, "what was said"),
        ("parent", INT, "position of the attribution whose content holds this one"),
        ("relay", TEXT, "who passed the claim on, claimant side first"),
        ("outlet", TEXT, "the article's outlet"),
        ("published", TEXT, "the article's publication date"),
        ("article_title", TEXT, "the article's title"),
    ),
    "figures": _columns(
        ("figure_id", INT, "figure id in the store"),
        ("article_id", INT, "the article's id"),
        ("position", INT, "index of the figure in its article"),
        ("text", TEXT, "the figure as written"),
        ("low", FLOAT, "lower end of the interval (null: open)"),
        ("high", FLOAT, "upper end of the interval (null: open)"),
        ("point", FLOAT, "ACLED-style single value"),
        ("qualifier", TEXT, "exact, approx, at_least, more_than, at_most, up_to, range"),
        ("category", TEXT, "killed, injured, casualties, captured..."),
        ("subject", TEXT, "the counted noun phrase as written"),
        ("population", TEXT, "the normalised subject"),
        ("span", TEXT, "total (to date) or window (a stated period)"),
        ("quantity", TEXT, "population + category (+ per period) (+ [event])"),
        ("event", TEXT, "the event the figure counts: kind in place, e.g. earthquake in Izmir"),
        ("place", TEXT, "where the counted thing happened, as written"),
        ("claimant", TEXT, "source_entity, or the first outlet of its story"),
        ("own_voice", BOOL, "stated in the article's own voice"),
        ("relay", TEXT, "who passed the claim on"),
        ("claim_date", TEXT, "stated_on (2024-12-16, 2024-12, 2024), else the publication date"),
        ("date_from", TEXT, "stated_on or published"),
        ("recalled", BOOL, "an earlier claim the article recalls, dated when it was made"),
        ("period", TEXT, "the span the count covers, as written"),
        ("part_of", INT, "figure id of the figure this one is a breakdown of"),
        ("outlet", TEXT, "the article's outlet"),
        ("published", TEXT, "the article's publication date"),
        ("cluster_id", INT, "syndication cluster (lowest article id in it)"),
        ("reports", INT, "syndication clusters carrying the same claim"),
        ("independent_claimants", INT, "claimants whose value agrees, this one included"),
        ("credibility", INT, "Admiralty 1-6 from independent claimants"),
        ("credibility_label", TEXT, "confirmed ... cannot be judged"),
    ),
    "entities": _columns(
        ("article_id", INT, "the article's id"),
        ("position", INT, "index of the entity in its article"),
        ("name", TEXT, "canonical name"),
        ("type", TEXT, "person, organisation, government body, country..."),
        ("aliases", pa.list_(TEXT), "other names in the article"),
    ),
    "quantities": _columns(
        ("quantity", TEXT, "population + category (+ per period) (+ [event])"),
        ("population", TEXT, "the normalised subject"),
        ("category", TEXT, "the figures' category"),
        ("span", TEXT, "total or window"),
        ("event", TEXT, "the event: kind in place, e.g. earthquake in Izmir"),
        ("places", TEXT, "the places its figures name, separated by '; '"),
        ("claims", INT, "figures in articles, copies included"),
        ("statements", INT, "equal claims counted once"),
        ("reports", INT, "syndication clusters"),
        ("outlets", INT, "distinct outlets"),
        ("claimants", INT, "independent claimants"),
        ("first_date", TEXT, "first claim date"),
        ("last_date", TEXT, "last claim date"),
        ("latest_conservative", FLOAT, "lowest value in the last band (ACLED)"),
        ("latest_low", FLOAT, "UCDP low of the last band"),
        ("latest_best", FLOAT, "UCDP best (median) of the last band"),
        ("latest_high", FLOAT, "UCDP high of the last band"),
        ("latest_disagreement", FLOAT, "(max - min) / max of the last band"),
    ),
}


def figure_rows(
    statements: Sequence[Statement], only: range | None = None
) -> Iterator[dict[str, Any]]:
    """The figures table's rows of the claims of the statements (those of one population, as
    `merge_equal` orders them), each with its corroboration; with `only`, of those
    statements only, the others corroborating them (the margins of a window of claim
    dates). By claim date, article and position; each row made as it is read."""
    graded = [
        (claim, found)
        for found in corroborate(statements, only=only)
        for claim in found.statement.claims
    ]
    graded.sort(key=lambda pair: (pair[0].claim_date or "", pair[0].article_id, pair[0].position))
    for claim, found in graded:
        yield {
            **claim.to_row(),
            "reports": found.statement.reports,
            "independent_claimants": found.independent_claimants,
            "credibility": found.credibility,
            "credibility_label": CREDIBILITY[found.credibility],
        }


def claim_rows(attributions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claims table: attribution rows with their relay."""
    by_article: dict[int, dict[int, dict[str, Any]]] = {}
    for a in attributions:
        by_article.setdefault(a["article_id"], {})[a["position"]] = a
    return [{**a, "relay": relay_of(a, by_article[a["article_id"]]) or None} for a in attributions]


def _project(rows: Iterable[dict[str, Any]], table: str) -> Iterator[dict[str, Any]]:
    names = [c.name for c in COLUMNS[table]]
    return ({name: row.get(name) for name in names} for row in rows)


def _write_csv(rows: Iterable[dict[str, Any]], table: str, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_csv(rows, handle, [c.name for c in COLUMNS[table]])


def _write_jsonl(rows: Iterable[dict[str, Any]], table: str, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _write_parquet(rows: Iterable[dict[str, Any]], table: str, path: Path) -> None:
    """Row groups of ROW_GROUP rows, written as they fill: memory stays one group."""
    schema = pa.schema([(c.name, c.type) for c in COLUMNS[table]])
    with pq.ParquetWriter(path, schema) as writer:
        group: list[dict[str, Any]] = []
        written = False
        for row in rows:
            group.append(row)
            if len(group) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(group, schema=schema))
                group, written = [], True
        if group or not written:  # an empty table still has its columns
            writer.write_table(pa.Table.from_pylist(group, schema=schema))


WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], str, Path], None]] = {
    "csv": _write_csv,
    "jsonl": _write_jsonl,
    "parquet": _write_parquet,
}


def write_table(rows: Iterable[dict[str, Any]], table: str, out_dir: Path, fmt: str) -> Path:
    """Write one table's rows (its declared columns only) to `out_dir/<table>.<fmt>`."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    path = out_dir / f"{table}.{fmt}"
    try:
        WRITERS[fmt](_project(rows, table), table, path)
    except OSError as exc:  # a full disk, a read-only folder: no half-written file is left
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
