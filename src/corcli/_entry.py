"""Console-script entry point.

Why: ``corcli --version`` is answered before Typer (and everything under it) is imported, so it costs
no more than starting Python. Everything else goes to the Typer app.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run corcli."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from corcli._version import __version__

        sys.stdout.write(f"corcli {__version__}\n")
        return
    from corcli.cli import main as run_app

    run_app()
