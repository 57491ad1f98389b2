"""The `prospects` command: one module per command group, each a thin wrapper over the library."""

from prospects.cli import (  # noqa: F401  (each module registers its commands)
    analyze,
    batch,
    bench,
    eval_forecasts,
    eval_polnear,
    ledger,
    reality,
    serve,
)
from prospects.cli.app import app


def main() -> None:
    app()
