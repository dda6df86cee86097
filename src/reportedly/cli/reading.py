"""`extract` (records of each input, no store) and `ingest` (inputs into the store)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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

from reportedly.cli.options import Db, TopLevel, format_option
from reportedly.cli.output import Format, err, fail, out, reported_errors, to_json, visible
from reportedly.cli.records import print_report_tables
from reportedly.errors import ReadFailure, StoreError
from reportedly.limits import MAX_CHARS, TIME_LIMIT
from reportedly.model import Article, Report

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
NProcess = Annotated[
    int,
    typer.Option("--n-process", "-j", min=1, metavar="N", help="Processes for extraction (spaCy)."),
]
MaxChars = Annotated[
    int,
    typer.Option(
        "--max-chars", min=1, help="Longest text extracted (longer ones fail; long ones in pieces)."
    ),
]
TimeLimit = Annotated[
    float,
    typer.Option(
        "--time-limit", min=0.001, help="Seconds extraction may take per piece of an article."
    ),
]


def articles_only(
    items: Iterable[Article | ReadFailure], on_failure: Callable[[ReadFailure], None]
) -> Iterator[Article]:
    """The articles of a reader's stream; each failure goes to `on_failure`."""
    for item in items:
        if isinstance(item, ReadFailure):
            on_failure(item)
        else:
            yield item


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
    n_process: NProcess = 1,
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
    from reportedly.extract import extract_reports
    from reportedly.ingest import read_inputs

    failures: list[ReadFailure] = []
    columns = _csv_columns(csv_column)

    def failed(failure: ReadFailure) -> None:
        failures.append(failure)
        print_failure(failure)

    with reported_errors():
        read = read_inputs(inputs, allow_private=allow_private, csv_columns=columns)
        articles = articles_only(read, failed)
        reports = extract_reports(
            articles,
            n_process=n_process,
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


@dataclass
class IngestSummary:
    """What one ingest run did."""

    stored: int = 0
    skipped: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False  # stopped by Ctrl-C (SIGINT) before the end of the inputs
    pending: int = 0  # articles read but not stored when it stopped


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


@contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) that arrives inside the block until the block ends, so that
    an article the store committed is also counted in the summary."""
    held = {signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)  # a held SIGINT is raised here


def ingest_inputs(
    store: Any,
    inputs: Iterable[str],
    *,
    allow_private: bool = False,
    n_process: int = 1,
    progress: bool = True,
    csv_columns: dict[str, str] | None = None,
    max_chars: int = MAX_CHARS,
    time_limit: float | None = TIME_LIMIT,
) -> IngestSummary:
    """Read, extract and store every new article of `inputs`, one transaction each.

    Articles already stored (same content hash) are skipped before extraction,
    so a rerun after an interruption only extracts what is missing. An article
    that cannot be extracted or stored is a failure, and the batch goes on. The
    progress bar shows on stderr when it is a terminal.
    """
    from reportedly.extract import extract_reports
    from reportedly.ingest import expected_articles, read_inputs

    summary = IngestSummary()
    seen: set[str] = set()
    inputs = list(inputs)
    show = progress and err.is_terminal
    total = expected_articles(inputs) if show else None
    bar = Progress(*_progress_columns(total), console=err, transient=True, disable=not show)
    task = bar.add_task("ingesting", total=total, counts="")

    def refresh() -> None:
        counts = f"{summary.stored} stored, {summary.skipped} skipped, "
        done = summary.stored + summary.skipped + len(summary.failures)
        bar.update(task, completed=done, counts=counts + f"{len(summary.failures)} failed")

    def failed(failure: ReadFailure) -> None:
        summary.failures.append(failure)
        bar.console.print(Text(visible(str(failure))), soft_wrap=True)
        refresh()

    def new_articles() -> Iterator[Article]:
        read = read_inputs(inputs, allow_private=allow_private, csv_columns=csv_columns)
        for article in articles_only(read, failed):
            digest = article.content_hash
            if digest in seen or store.has_article(digest):
                summary.skipped += 1
                refresh()
                continue
            seen.add(digest)
            yield article

    start = time.perf_counter()
    reports = extract_reports(
        new_articles(),
        n_process=n_process,
        max_chars=max_chars,
        time_limit=time_limit,
        on_failure=failed,
    )
    try:
        with bar:
            for report in reports:
                with _interrupt_deferred():  # stored and counted, or neither
                    try:
                        _, created = store.add(report)
                    except StoreError as error:
                        failed(ReadFailure(report.article.label, str(error)))
                        continue
                    summary.stored += created
                    summary.skipped += not created
                refresh()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        reports.close()  # stops and joins the worker processes
    summary.pending = len(seen) - summary.stored
    summary.seconds = time.perf_counter() - start
    return summary


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
    n_process: NProcess = 1,
    csv_column: CsvColumns = None,
    max_chars: MaxChars = MAX_CHARS,
    time_limit: TimeLimit = TIME_LIMIT,
) -> None:
    """Read, extract and store articles; articles already stored are skipped.

    Each unreadable input is named on stderr with its reason and makes the exit
    code 1; every readable article of the run is still stored.
    """
    from reportedly.store import open_store

    columns = _csv_columns(csv_column)
    with reported_errors():
        store = open_store(db)
        try:
            summary = ingest_inputs(
                store,
                inputs,
                allow_private=allow_private,
                n_process=n_process,
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
