"""The extractor's version: what a stored article records so that `reextract` can tell
records made by an older extractor.

It is the package version plus a digest of everything that decides what extraction finds:
the source of `reportedly.extract` and its lexicon files, the spaCy model's name and
version, and the configuration of reportedly's components. Editing one lexicon line or
one rule changes it; installing the same code again does not.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reportedly import __version__

EXTRACT_ROOT = Path(__file__).resolve().parent
SOURCE_PATTERNS = ("*.py", "lexicons/*.jsonl")
DIGEST_LENGTH = 12


def source_digest(root: Path = EXTRACT_ROOT) -> str:
    """A sha256 of the extraction code and lexicons under `root` (names and bytes)."""
    digest = hashlib.sha256()
    paths = sorted({p for pattern in SOURCE_PATTERNS for p in root.glob(pattern)})
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def extractor_version(model: str, components: dict[str, object], root: Path = EXTRACT_ROOT) -> str:
    """`<package version>+<digest>` for a pipeline of `model` (name and version) whose
    reportedly components have the config `components`, with the code under `root`."""
    digest = hashlib.sha256(source_digest(root).encode("ascii"))
    digest.update(json.dumps([model, components], sort_keys=True, default=str).encode("utf-8"))
    return f"{__version__}+{digest.hexdigest()[:DIGEST_LENGTH]}"
