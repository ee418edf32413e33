"""``backcare``: the entry point, kept small so that the command starts fast.

Typer and Rich alone take ten times as long to import as Python takes to start, so the app
(``cli_app.py``) is loaded only when a command runs. ``backcare --help`` is answered from the
copy of the help that the last full run printed for the same terminal (``help_cache.py``),
without loading Typer at all, and a script's ``backcare assess --text … --json`` runs without
Typer and Rich too (``assess_json.py``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    app: typer.Typer


def main() -> None:
    """Console-script entry point."""
    from backcare import help_cache

    if help_cache.replay(sys.argv[1:]):
        return
    from backcare import assess_json

    if assess_json.run(sys.argv[1:]):
        return
    from backcare.cli_app import run

    run()


def __getattr__(name: str) -> object:
    if name == "app":  # the Typer app, for tests and embedding (``CliRunner().invoke(app)``)
        from backcare.cli_app import app

        return app
    raise AttributeError(f"module 'backcare.cli' has no attribute {name!r}")
