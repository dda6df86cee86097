"""The REST API under /api/: the records of reportedly.model's one JSON shape, paged."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from reportedly import __version__
from reportedly.web.server import SettingsDep

router = APIRouter(tags=["api"])


@router.get("/status")
def status(settings: SettingsDep) -> dict[str, Any]:
    """The server's version and whether it accepts writes."""
    return {"version": __version__, "writable": settings.writable}
