"""The `Doc` extension attributes reportedly's components read and write.

| attribute             | type                 | set by                   |
|-----------------------|----------------------|--------------------------|
| `doc._.published`     | `datetime.date|None` | the caller, before running |
| `doc._.entities`      | `list[Entity]`       | `reportedly_entities`    |
| `doc._.attributions`  | `list[Attribution]`  | `reportedly_attributions`|
| `doc._.figures`       | `list[Figure]`       | `reportedly_figures`     |

Records carry character offsets into `doc.text`. Registration is idempotent and
needs no pipeline, so saved docs can be read back after `register_extensions()`.
"""

from __future__ import annotations

from spacy.tokens import Doc

_ATTRS = ("published", "entities", "attributions", "figures")


def register_extensions() -> None:
    """Register every `Doc._` attribute reportedly uses (safe to call twice)."""
    for name in _ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
