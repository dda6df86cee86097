"""Plots: one series per claimant, intervals as bands, PNG or SVG by suffix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from analysis_data import copy_of, figure, said, store_of
from reportedly.analyse.plot import DPI, SIZE_INCHES, save_timeline, timeline_figure
from reportedly.analyse.syndication import merge_equal
from reportedly.analyse.timelines import load_claims


@pytest.fixture
def statements(tmp_path: Path):
    first = said("Ministry", "2025-01-01", "A", [figure(100, "killed")])
    reports = [
        first,
        copy_of(first, "Copy Post"),
        said("Ministry", "2025-02-01", "B", [figure(300, "killed")], story="b"),
        said(
            "Rebels",
            "2025-01-10",
            "C",
            [figure(800, "killed", high=1200, qualifier="range")],
            story="c",
        ),
    ]
    store = store_of(str(tmp_path / "plot.db"), reports)  # the plot, not the store, is tested
    found = merge_equal(load_claims(store))
    store.close()
    return found


def test_the_figure_has_one_line_per_claimant_labelled_with_articles(statements) -> None:
    fig = timeline_figure(statements, "freedonian soldiers killed")
    ax = fig.axes[0]
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    assert lines == {"Ministry": [100.0, 300.0], "Rebels": [800.0]}  # a range is drawn at its point
    assert sorted(t.get_text() for t in ax.texts) == ["#1,2", "#3", "#4"]
    assert ax.get_legend() is not None


def test_png_has_the_declared_size(statements, tmp_path: Path) -> None:
    path = save_timeline(statements, "killed", tmp_path / "t.png")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (int(SIZE_INCHES[0] * DPI), int(SIZE_INCHES[1] * DPI))


def test_svg_holds_one_series_per_claimant_and_their_names(statements, tmp_path: Path) -> None:
    svg = save_timeline(statements, "freedonian soldiers killed", tmp_path / "t.svg").read_text()
    assert svg.lstrip().startswith("<?xml")
    assert re.findall(r'<g id="(series-\d+)"', svg) == ["series-0", "series-1"]
    for text in ("Ministry", "Rebels", "#1,2", "freedonian soldiers killed"):
        assert f">{text}<" in svg
    width = re.search(r'<svg[^>]* width="([\d.]+)pt"', svg)
    assert width and float(width.group(1)) == SIZE_INCHES[0] * 72


def test_other_suffixes_are_refused(statements, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"must end in \.png or \.svg"):
        save_timeline(statements, "x", tmp_path / "t.jpg")
