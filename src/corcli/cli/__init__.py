"""The corcli command line: a thin layer that parses, calls the core, prints and sets exit codes.

Why the CLI modules do not use ``from __future__ import annotations``: Typer evaluates every string
annotation of every command when it builds the app, which cost about 7 ms of each start-up. Command
signatures use only Typer and standard types; private helpers quote the names they import for type
checking only. Core modules are imported inside the command functions, so ``--help`` stays light.
"""

import importlib
import sys

import typer

from corcli.cli._common import debug_enabled
from corcli.errors import ExitCode

app = typer.Typer(
    name="corcli",
    help="Get ready for COR and SECOR health and safety certification (Canada).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Each module has a ``register(app)`` that adds its commands; listed explicitly, in help order.
_COMMAND_MODULES = (
    "demo",
    "init",
    "partners",
    "validate",
    "evidence",
    "check",
    "assess",
    "plan",
    "calendar",
    "due",
    "portfolio",
    "binder",
    "manual",
)


def _version(value: bool) -> None:
    if value:
        from corcli import __version__

        sys.stdout.write(f"corcli {__version__}\n")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Get ready for COR and SECOR health and safety certification (Canada)."""


for _name in _COMMAND_MODULES:
    importlib.import_module(f"corcli.cli.{_name}").register(app)


def main() -> None:
    """Console-script entry point: run the app, turning unexpected errors into exit code 3."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(ExitCode.INTERRUPTED)
    except BaseException as exc:
        if debug_enabled():
            raise
        sys.stderr.write(
            f"corcli hit an internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in corcli; please report it with the command you ran. "
            "Set CORCLI_DEBUG=1 to see the full traceback.\n"
        )
        sys.exit(ExitCode.INTERNAL)
