"""Read the lexicons shipped as data files in `extract/lexicons/*.jsonl`.

Each lexicon is JSON Lines, one entry an object; a line may carry a `"comment"`
key for people. Components take their lexicon through `initialize()` or their
constructor and save it with `to_disk`, so a user can swap in their own.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any


def read_jsonl(path: Path | str) -> list[dict[str, Any]]:
    """Entries of a JSON Lines lexicon file; blank lines are skipped."""
    entries = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not a JSON object: {exc.msg}") from exc
    return entries


def write_jsonl(path: Path | str, entries: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


@cache
def _bundled(name: str) -> tuple[dict[str, Any], ...]:
    resource = files("reportedly.extract").joinpath("lexicons", f"{name}.jsonl")
    return tuple(read_jsonl(str(resource)))


def bundled_lexicon(name: str) -> list[dict[str, Any]]:
    """A lexicon shipped with reportedly, by file stem (`"cues"`, `"qualifiers"`, ...)."""
    return [dict(entry) for entry in _bundled(name)]
