"""`prospects serve`: the web UI and JSON API over a ledger."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from prospects.cli.app import app, err
from prospects.cli.ledger import Db
from prospects.cli.options import Model


@app.command()
def serve(
    db: Db = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; loopback unless you mean otherwise.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    model: Model = None,
) -> None:
    """Serve the ledger in a browser (forecasts, articles, sources, due queue, scores, ingest)
    and as a JSON API under /api. Reading is open; writing needs a token (`prospects token`).

    Example: prospects serve --db prospects.db   (then open http://127.0.0.1:8000/)
    """
    from prospects.web import serve as run

    err.print(f"serving on http://{host}:{port}/ (Ctrl-C to stop)", highlight=False)
    run(db, host=host, port=port, model=model, secret=os.environ.get("PROSPECTS_SECRET"))
