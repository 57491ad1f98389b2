"""The `prospects` command: one module per command group, each a thin wrapper over the library."""

from prospects.cli import analyze, bench, eval_forecasts, eval_polnear, ledger, reality, serve  # noqa: F401  (each module registers its commands)
from prospects.cli.app import app


def main() -> None:
    app()
