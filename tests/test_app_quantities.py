"""The quantity view of the application layer, read by population from the store.

The view reads one population's figures by index; these tests check it gives
what the analysis gives over every figure of the store, and that the quantity
list counted in SQL agrees with the one counted in Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_data import copy_of, figure, said, store_of
from reportedly import api
from reportedly.analyse.quantities import parse_quantity
from reportedly.analyse.summary import quantity_rows
from reportedly.analyse.syndication import corroborate, merge_equal
from reportedly.analyse.timelines import load_claims, timeline
from reportedly.app.quantities import statement_rows
from reportedly.model import Attribution
from reportedly.store import Store

COUNTED = ("claims", "statements", "reports", "outlets", "claimants", "first_date", "last_date")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    first = said(
        "Ministry",
        "2025-01-01",
        "Harbor Ledger",
        [figure(100, "killed"), figure(30, "injured", "others", part_of=0)],
    )
    denied = said("Rebels", "2025-01-05", "Eastern Dispatch", [figure(999, "killed")], story="d")
    denied.attributions[0] = Attribution("Rebels", "denied", "999", "indirect", modality="denied")
    reports = [
        first,
        copy_of(first, "Northern Times"),
        said("Ministry", "2025-02-01", "Capital Review", [figure(80, "killed")], story="b"),
        said("The Rebels", "2025-01-02", "Eastern Dispatch", [figure(120, "killed")], story="c"),
        said("Governor", "2025-01-03", "Valley Post", [figure(7, "killed", "farmers")]),
        denied,
    ]
    store = store_of(tmp_path, reports)
    yield store
    store.close()


@pytest.mark.parametrize(
    "name", ["freedonian soldiers killed", "freedonian soldiers injured", "farmers killed"]
)
def test_the_view_of_a_population_equals_the_view_of_the_whole_store(
    store: Store, name: str
) -> None:
    quantity = parse_quantity(name)
    whole = statement_rows(merge_equal(timeline(load_claims(store), quantity)))
    assert api.quantity_timeline(store, name) == whole
    assert whole  # each quantity has statements: the comparison is not of two empty lists


def test_a_view_has_rows_bands_and_the_flags_of_its_quantity(store: Store) -> None:
    (view,) = api.quantity_views(store, "Freedonian troops dead")
    assert [r["text"] for r in view.rows] == ["100", "120", "80"]  # the denial is no claim
    assert view.rows[0]["article_ids"] == [1, 2]  # the copy folded in
    assert [b["date"] for b in view.bands] == ["2025-01-01", "2025-01-02", "2025-02-01"]
    assert [f["check"] for f in view.flags] == ["cumulative_drop"]
    graded = corroborate(view.statements)
    assert [g.credibility for g in graded] == [r["credibility"] for r in view.rows]


def test_an_unmeasured_quantity_has_no_view(store: Store) -> None:
    assert api.quantity_views(store, "freedonian soldiers missing") == []
    with pytest.raises(ValueError, match="names no category"):
        api.quantity_views(store, "freedonian soldiers")


def test_the_quantity_list_counted_in_sql_agrees_with_the_analysis(store: Store) -> None:
    expected = {
        r["quantity"]: tuple(r[k] for k in COUNTED) for r in quantity_rows(load_claims(store))
    }
    listed = {r["quantity"]: tuple(r[k] for k in COUNTED) for r in api.quantity_list(store)}
    assert listed == expected
    assert expected["freedonian soldiers killed"][:5] == (4, 3, 3, 4, 2)
