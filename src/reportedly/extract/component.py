"""The base of reportedly's spaCy components: compute, then write, with a lexicon.

A component names its lexicons (`LEXICONS`, file stems under `extract/lexicons/`).
`__call__` runs `find(doc)` (pure: returns records) and then `set_annotations`
(the only code that writes to the Doc), inside spaCy's error handler and within
the Doc's time limit (`extract/limits.py`). The default handler does not raise:
it records on `doc._.failure` which component failed and why, and the later
components leave that Doc alone, so one bad article never stops a batch. Lexicons
are data, not config: they load from the bundled files, can be replaced through
`initialize(lexicons=...)`, and are saved and loaded with the pipeline
(`to_disk`/`from_disk`, one JSONL file each).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList, ensure_path

from reportedly.extract.lexicon import bundled_lexicon, read_jsonl, write_jsonl
from reportedly.extract.limits import TimeLimitExceeded, deadline, over_time_limit

Lexicon = list[dict[str, Any]]


class LexiconComponent:
    """A rule-based component over a parsed Doc, configured by JSONL lexicons."""

    LEXICONS: ClassVar[tuple[str, ...]] = ()
    EXTENSION: ClassVar[str] = ""  # the Doc._ attribute it writes

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.lexicons: dict[str, Lexicon] = {key: bundled_lexicon(key) for key in self.LEXICONS}
        self.compile()

    # -- to override -------------------------------------------------------
    def compile(self) -> None:
        """Turn `self.lexicons` into whatever lookup structures `find` uses."""

    def find(self, doc: Doc) -> list[Any]:
        """The records this component finds in `doc`, without changing it."""
        raise NotImplementedError

    # -- spaCy protocol ----------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if doc._.failure:
            return doc
        error_handler = self.get_error_handler()
        try:
            with deadline(doc):
                records = self.find(doc)
            self.set_annotations(doc, records)
            return doc
        except Exception as exc:  # handed to the error handler, which records it by default
            return error_handler(self.name, self, [doc], exc)

    def set_annotations(self, doc: Doc, records: list[Any]) -> None:
        setattr(doc._, self.EXTENSION, records)

    def get_error_handler(self):
        return getattr(self, "_error_handler", record_failure)

    def set_error_handler(self, error_handler) -> None:
        self._error_handler = error_handler

    def initialize(
        self, get_examples=None, *, nlp=None, lexicons: dict[str, Lexicon] | None = None
    ):
        """Replace some or all lexicons (from `[initialize.components.NAME]`)."""
        if lexicons:
            unknown = set(lexicons) - set(self.LEXICONS)
            if unknown:
                raise ValueError(f"{self.name}: unknown lexicons {sorted(unknown)}")
            self.lexicons.update({k: list(v) for k, v in lexicons.items()})
            self.compile()

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for key, entries in self.lexicons.items():
            write_jsonl(path / f"{key}.jsonl", entries)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()):
        path = ensure_path(path)
        for key in self.LEXICONS:
            if (path / f"{key}.jsonl").exists():
                self.lexicons[key] = read_jsonl(path / f"{key}.jsonl")
        self.compile()
        return self


def record_failure(proc_name: str, proc: Any, docs: list[Doc], e: Exception) -> Doc:
    """The default error handler: the Doc keeps why it failed, and the batch goes on."""
    doc = docs[0]
    if isinstance(e, TimeLimitExceeded):
        doc._.failure = over_time_limit(doc._.time_limit)
    else:
        doc._.failure = f"extraction failed in {proc_name}: {type(e).__name__}: {e}"
    return doc
