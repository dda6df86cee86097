"""`eval`: extract from an annotated gold file and score against it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from reportedly.cli.options import TableOrJson, TopLevel
from reportedly.cli.output import Format, out, reported_errors, to_json, visible
from reportedly.evaluate import ACCURACY_METRICS, LABELS, PRF_METRICS, Scores, evaluate_file


def scores_table(scores: Scores) -> Table:
    """The scores as the reference scorer prints them: P, R, F1, then the accuracies."""
    grid = Table(title=f"{scores.articles} articles", title_justify="left", box=box.SIMPLE_HEAD)
    grid.add_column("metric")
    for header in ("P", "R", "F1"):
        grid.add_column(header, justify="right")
    for name in PRF_METRICS:
        c = scores.counts[name]
        grid.add_row(LABELS[name], f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}")
    for name in ACCURACY_METRICS:
        grid.add_row(LABELS[name], f"{scores.accuracies[name].value:.3f}", "", "")
    return grid


def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD.jsonl",
            help="Annotated articles: input lines with their gold attributions and figures.",
            exists=True,
            dir_okay=False,
        ),
    ],
    explain: Annotated[
        bool, typer.Option("--explain", help="Also list every miss and false alarm.")
    ] = False,
    fmt: TableOrJson = Format.table,
    top_level: TopLevel = False,
) -> None:
    """Run extraction on a gold file's texts and score it (micro-averaged P/R/F1).

    The metrics are those of the evaluation format: attribution content (token F1
    >= 0.5), +source, +entity, cue and kind accuracy; figure value, +category,
    +source. Records marked optional are neither misses nor false alarms.
    --top-level scores only outermost attributions, for gold sets without nested
    records (PolNeAR).
    """
    with reported_errors():
        scores, _ = evaluate_file(gold, top_level=top_level)
    if fmt is not Format.table:
        result = scores.to_dict()
        if explain:
            result["issues"] = [
                {
                    "id": i.article_id,
                    "what": i.what,
                    "type": i.record_type,
                    "record": i.record,
                    "gold": i.gold,
                }
                for i in scores.issues
            ]
        typer.echo(to_json(result, indent=2))
        return
    out.print(scores_table(scores))
    if explain:
        for issue in scores.issues:
            out.print(Text(visible(str(issue))), soft_wrap=True)
