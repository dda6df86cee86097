"""The `Doc` extension attributes reportedly's components read and write.

| attribute             | type                 | set by                   |
|-----------------------|----------------------|--------------------------|
| `doc._.published`     | `datetime.date|None` | the caller, before running |
| `doc._.outlet`        | `str|None`           | the caller: who published the article |
| `doc._.entities`      | `list[Entity]`       | `reportedly_entities`    |
| `doc._.attributions`  | `list[Attribution]`  | `reportedly_attributions`|
| `doc._.figures`       | `list[Figure]`       | `reportedly_figures`     |
| `doc._.layout`        | `layout.Layout`      | the first component to ask (`layout.non_prose`) |
| `doc._.time_limit`    | `float|None`         | the caller: seconds the components may take |
| `doc._.failure`       | `str|None`           | the component that failed, with why |

Records carry character offsets into `doc.text`. Registration is idempotent and
needs no pipeline, so saved docs can be read back after `register_extensions()`.
It also teaches srsly's msgpack our records and dates, so Docs carrying them
survive `Doc.to_bytes` and `DocBin(store_user_data=True)`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import srsly
from spacy.tokens import Doc

from reportedly.model import Attribution, Entity, Figure, RelayLink

_ATTRS = (
    "published", "outlet", "entities", "attributions", "figures", "layout", "time_limit", "failure",
)  # fmt: skip
_TAG = "__reportedly__"
_RECORDS: dict[str, Any] = {cls.__name__: cls for cls in (Attribution, Entity, Figure, RelayLink)}


def _encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, date):
        return {_TAG: "date", "value": obj.isoformat()}
    if type(obj).__name__ in _RECORDS and isinstance(obj, _RECORDS[type(obj).__name__]):
        return {_TAG: type(obj).__name__, "value": obj.to_dict()}
    return obj if chain is None else chain(obj)


def _decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict) and _TAG in obj:
        name = obj[_TAG]
        if name == "date":
            return date.fromisoformat(obj["value"])
        return _RECORDS[name].from_dict(obj["value"])
    return obj if chain is None else chain(obj)


def register_extensions() -> None:
    """Register every `Doc._` attribute reportedly uses (safe to call twice)."""
    for name in _ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    srsly.msgpack_encoders.register("reportedly", func=_encode)
    srsly.msgpack_decoders.register("reportedly", func=_decode)
