"""`extract` (records of each input, no store) and `ingest` (inputs into the store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from reportedly.app.ingest import Ingest, IngestSummary, articles_only
from reportedly.cli.options import Aliases, Db, TopLevel, cli_writer, format_option
from reportedly.cli.output import Format, err, fail, out, reported_errors, to_json, visible
from reportedly.cli.records import print_report_tables
from reportedly.errors import ReadFailure
from reportedly.limits import MAX_CHARS, TIME_LIMIT
from reportedly.model import Report

Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories (read recursively), - for stdin, or http(s):// URLs.",
        show_default=False,
    ),
]
AllowPrivate = Annotated[
    bool,
    typer.Option("--allow-private", help="Allow URLs on loopback or private addresses."),
]
CSV_FIELDS = ("text", "title", "date", "outlet", "url", "id")  # see reportedly.ingest.csvfile


def _csv_columns(values: list[str] | None) -> dict[str, str]:
    """`--csv-column FIELD=COLUMN`, repeated, as {field: column}."""
    columns: dict[str, str] = {}
    for value in values or []:
        field, equals, column = value.partition("=")
        if not equals or field not in CSV_FIELDS or not column:
            raise typer.BadParameter(
                f"expected FIELD=COLUMN with FIELD one of {', '.join(CSV_FIELDS)}, got {value!r}",
                param_hint="'--csv-column'",
            )
        columns[field] = column
    return columns


CsvColumns = Annotated[
    list[str] | None,
    typer.Option(
        "--csv-column",
        metavar="FIELD=COLUMN",
        help="In CSV inputs, read FIELD (text, title, date, outlet, url, id) from the column "
        "COLUMN; repeat for each field whose column has another name.",
        show_default=False,
    ),
]
RecordFormat = format_option(Format.table, Format.json, Format.jsonl)
Workers = Annotated[
    int,
    typer.Option(
        "--workers",
        "-j",
        min=1,
        metavar="N",
        help="Extract on N processes: above 1, on a local Dask cluster of N single-threaded "
        "worker processes.",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Extract on the existing Dask cluster whose scheduler is at ADDRESS "
        "(tcp://HOST:PORT); not with --workers.",
        show_default=False,
    ),
]
WorkersWrite = Annotated[
    bool,
    typer.Option(
        "--workers-write",
        help="Each Dask worker stores what it extracts (PostgreSQL stores only); the "
        "client only schedules and counts.",
    ),
]
MaxChars = Annotated[
    int,
    typer.Option(
        "--max-chars", min=1, help="Longest text extracted (longer ones fail; long ones in pieces)."
    ),
]
TimeLimit = Annotated[
    float,
    typer.Option("--time-limit", min=0.001, help="Seconds the extraction of one article may take."),
]


def print_failure(failure: ReadFailure) -> None:
    err.print(Text(visible(str(failure))), soft_wrap=True)


def prediction(report: Report) -> dict[str, Any]:
    """The prediction line of a report; an input without an id is named by its origin."""
    line = report.to_dict()
    if line["id"] is None:
        line["id"] = report.article.origin
    return line


def extract(
    inputs: Inputs,
    fmt: RecordFormat = Format.table,
    allow_private: AllowPrivate = False,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    top_level: TopLevel = False,
    csv_column: CsvColumns = None,
    max_chars: MaxChars = MAX_CHARS,
    time_limit: TimeLimit = TIME_LIMIT,
) -> None:
    """Print the attributions and figures of each input (nothing is stored).

    With --format jsonl, one prediction line per article in the evaluation
    format, keeping each input's id. Unreadable inputs are named on stderr and
    make the exit code 1; the others are still processed.
    """
    from reportedly.extract.parallel import extract_in_parallel
    from reportedly.ingest import read_inputs

    failures: list[ReadFailure] = []
    columns = _csv_columns(csv_column)

    def failed(failure: ReadFailure) -> None:
        failures.append(failure)
        print_failure(failure)

    with reported_errors():
        read = read_inputs(inputs, allow_private=allow_private, csv_columns=columns)
        articles = articles_only(read, failed)
        reports = extract_in_parallel(
            articles,
            workers=workers,
            scheduler=scheduler,
            max_chars=max_chars,
            time_limit=time_limit,
            on_failure=failed,
        )
        if top_level:
            reports = (report.top_level() for report in reports)
        if fmt is Format.jsonl:
            for report in reports:
                typer.echo(to_json(prediction(report)))
        elif fmt is Format.json:
            typer.echo(to_json([prediction(r) for r in reports], indent=2))
        else:
            for report in reports:
                print_report_tables(report)
    if failures:
        raise typer.Exit(1)


class RateColumn(ProgressColumn):
    """Articles extracted per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} articles/s", style="progress.data.speed")


def _progress_columns(total: int | None) -> list[ProgressColumn]:
    """With a known total: a bar, the percentage, done/total, articles/s and the time left;
    else a spinner and the count."""
    counts = TextColumn("[progress.data.speed]{task.fields[counts]}")
    if total is None:
        return [SpinnerColumn(), TextColumn("{task.description}"), counts, RateColumn()]
    return [
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        counts,
        RateColumn(),
        TimeRemainingColumn(),
    ]


def ingest_inputs(store: Any, inputs: list[str], **options: Any) -> IngestSummary:
    """Ingest `inputs` into `store` (reportedly.app.ingest.Ingest), showing the progress
    bar on stderr when it is a terminal and naming each failure there; the summary."""
    from reportedly.ingest import expected_articles

    return render_run(Ingest(store, inputs, **options), lambda: expected_articles(inputs))


def render_run(run: Any, expected: Callable[[], int | None]) -> IngestSummary:
    """Render a run's events (a progress bar on a terminal, failure lines) to the end."""
    show = err.is_terminal
    total = expected() if show else None
    bar = Progress(*_progress_columns(total), console=err, transient=True, disable=not show)
    task = bar.add_task("ingesting", total=total, counts="")
    events = iter(run)
    with bar:
        try:
            for event in events:
                if event.failure is not None:
                    bar.console.print(Text(visible(str(event.failure))), soft_wrap=True)
                counts = f"{event.stored} stored, {event.skipped} skipped, {event.failed} failed"
                bar.update(task, completed=run.summary.done, counts=counts)
        except KeyboardInterrupt:  # while rendering: the run stops as if it had caught it
            events.close()  # type: ignore[attr-defined]
            run.summary.interrupted = True
    return run.summary


def print_summary(summary: IngestSummary) -> None:
    rate = summary.stored / summary.seconds if summary.seconds else 0.0
    out.print(
        Text(
            f"stored {summary.stored}, skipped {summary.skipped} already stored, "
            f"failed {len(summary.failures)} ({summary.seconds:.1f} s, {rate:.1f} articles/s)"
        ),
        soft_wrap=True,
    )
    if summary.interrupted:
        err.print(
            Text(
                f"interrupted: not stored: {summary.pending} article(s) read but not yet "
                "extracted, and the inputs not yet read; run the same command again to "
                "go on (what is stored is skipped)"
            ),
            soft_wrap=True,
        )


def ingest(
    inputs: Inputs,
    db: Db = None,
    allow_private: AllowPrivate = False,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    workers_write: WorkersWrite = False,
    csv_column: CsvColumns = None,
    max_chars: MaxChars = MAX_CHARS,
    time_limit: TimeLimit = TIME_LIMIT,
    aliases: Aliases = None,
) -> None:
    """Read, extract and store articles; articles already stored are skipped.

    Each unreadable input is named on stderr with its reason and makes the exit
    code 1; every readable article of the run is still stored. With --aliases the
    alias file's decisions and grades are recorded into the store first.
    """
    from reportedly.store import open_store

    columns = _csv_columns(csv_column)
    with reported_errors():
        store = open_store(db)
        try:
            if aliases is not None:
                from reportedly.app.entities import record_alias_file

                record_alias_file(store, aliases, cli_writer())
            summary = ingest_inputs(
                store,
                inputs,
                allow_private=allow_private,
                workers=workers,
                scheduler=scheduler,
                workers_write=workers_write,
                csv_columns=columns,
                max_chars=max_chars,
                time_limit=time_limit,
            )
        finally:
            store.close()
    print_summary(summary)
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.failures:
        raise fail(f"{len(summary.failures)} input(s) could not be read")
