"""`reportedly serve`: the web app and REST API over a store, on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from reportedly.cli.options import Db
from reportedly.cli.output import fail, reported_errors

TOKEN_VARIABLE = "REPORTEDLY_WRITE_TOKEN"


def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    write_token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_VARIABLE,
            help="Accept writes (entity merges, splits, grades) from requests carrying this "
            f"token [default: ${TOKEN_VARIABLE}; none: the server is read-only].",
            show_default=False,
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(help="Seconds one request's queries may run.", min=0.001)
    ] = 5.0,
    row_cap: Annotated[int, typer.Option(help="The most rows one request returns.", min=1)] = 500,
) -> None:
    """Serve the web app and the REST API (under /api/) over the store.

    Without a write token the store is opened read-only and every write is refused, so a
    read-only file, or a store another process is ingesting into, can be served.
    """
    import uvicorn

    from reportedly.store import open_store
    from reportedly.web.server import Settings, create_app

    if write_token is not None and len(write_token) < 16:
        raise fail("--write-token: use at least 16 characters")
    with reported_errors():  # a missing or unreadable store is one line, before listening
        open_store(db, read_only=write_token is None, create=False).close()
    settings = Settings(db=db, write_token=write_token, time_limit=time_limit, row_cap=row_cap)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


__all__ = ["TOKEN_VARIABLE", "serve"]
