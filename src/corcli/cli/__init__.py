"""The corcli command line: a thin layer that parses, calls the core, prints and sets exit codes.

Why the CLI modules do not use ``from __future__ import annotations``: Typer evaluates every string
annotation of every command when it builds the app, which cost about 7 ms of each start-up. Command
signatures use only Typer and standard types; private helpers quote the names they import for type
checking only. Core modules are imported inside the command functions, so ``--help`` stays light.

Why commands are registered lazily: a run imports and builds only the command it runs (``corcli
check`` does not import the modules of the other ten commands, nor build their parameters). ``corcli
--help`` and ``typer.main.get_command(app).commands`` still see every command, loaded on access.
"""

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import typer
import typer.core
import typer.main

from corcli.cli._common import debug_enabled
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter  # the Click that Typer uses (vendored)


class _LazyCommands(MutableMapping[str, "Command"]):
    """The root group's commands: each module is imported and its command built on first access."""

    def __init__(self, loaded: MutableMapping[str, "Command"], pending: tuple[str, ...]) -> None:
        self._loaded = dict(loaded)
        self._order = [*pending, *(name for name in loaded if name not in pending)]
        self._pending = set(pending) - set(loaded)

    def _load(self, name: str) -> None:
        holder = typer.Typer(
            rich_markup_mode=app.rich_markup_mode,
            pretty_exceptions_short=app.pretty_exceptions_short,
            suggest_commands=app.suggest_commands,
        )
        importlib.import_module(f"corcli.cli.{name}").register(holder)
        group = typer.main.get_group(holder)
        if name not in group.commands:
            raise RuntimeError(f"corcli.cli.{name}.register() did not add the command {name!r}")
        self._loaded.update(group.commands)
        self._pending.discard(name)

    def __getitem__(self, name: str) -> "Command":
        if name in self._pending:
            self._load(name)
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._pending or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __setitem__(self, name: str, command: "Command") -> None:
        if name not in self:
            self._order.append(name)
        self._pending.discard(name)
        self._loaded[name] = command

    def pending(self) -> set[str]:
        """The names of the commands not loaded yet."""
        return set(self._pending)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._order.remove(name)
        self._pending.discard(name)
        self._loaded.pop(name, None)


class _LazyGroup(typer.core.TyperGroup):
    """The root group, whose commands load on first access (see ``_LazyCommands``)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self.commands, tuple(_COMMAND_MODULES))

    def format_commands(self, ctx: "Context", formatter: "HelpFormatter") -> None:  # noqa: ARG002 (Click's signature)
        """List the commands, each not loaded yet by its summary in ``_COMMAND_MODULES``.

        Why: ``corcli --help`` would otherwise import and build every command only for one line of
        each (+30 ms); a test keeps the summaries equal to the commands' own help.
        """
        commands = self.commands
        pending = commands.pending() if isinstance(commands, _LazyCommands) else set()
        names = list(commands)  # Typer's list_commands() would load every command through items()
        listed = [(name, _summary_command(name) if name in pending else commands[name]) for name in names]
        shown = [(name, command) for name, command in listed if not command.hidden]
        if not shown:
            return
        # Each summary whole, wrapped in its column: cut to one line, most ended mid-phrase with "...".
        with formatter.section("Commands"):
            formatter.write_dl([(name, command.get_short_help_str(SUMMARY_LIMIT)) for name, command in shown])


SUMMARY_LIMIT = 200
"""Characters of a command's summary the root help shows (every summary is shorter)."""


def _summary_command(name: str) -> "Command":
    """A stand-in holding only a command's summary, for the root help."""
    return typer.core.TyperCommand(name, help=_COMMAND_MODULES[name])


app = typer.Typer(
    cls=_LazyGroup,
    name="corcli",
    help="Get ready for COR and SECOR health and safety certification (Canada).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Each module ``corcli.cli.NAME`` has a ``register(app)`` that adds the command (or group) NAME; in help order,
# each with the first paragraph of its help, which the root help shows without loading the module.
_COMMAND_MODULES: dict[str, str] = {
    "demo": "Create a realistic example workspace (an Alberta roofer going for SECOR) and check it.",
    "init": "Create a workspace: the company profile, the certificate decision and evidence folders.",
    "partners": "List and show certifying partners (the associations that run COR audits).",
    "validate": "Check files for problems; exit 0 when clean, 2 with every problem listed.",
    "evidence": "Track evidence files: add them, list them, and verify them against the index.",
    "check": "Score the evidence against the audit standard: exit 0 ready, 1 not ready, 2 input error.",
    "assess": "Answer the self-assessment workbook (met / partial / not met / N/A, a note, evidence) and export it.",
    "migrate": "Map answers and evidence ties from an older edition of the standard onto the current one.",
    "plan": "Plan the audit sample (interviews by role and shift, site visits) and print interview prep sheets.",
    "calendar": "Show the certification cycle: maintenance years 2 and 3, recertification, records-history dates.",
    "due": "List what is due or overdue: deadlines, inspections and meetings per your schedule, tickets, actions.",
    "portfolio": "One row per client: verdict, score, weakest element, next deadline, tickets and open actions.",
    "actions": "The corrective-action plan (actions.yaml): owner, due date, done and evidence of closure for each fix.",
    "binder": "Build the audit binder (evidence zip with index and SHA-256 manifest) and verify it.",
    "manual": "Write a draft health and safety manual for the company: Markdown, HTML or Word (DOCX). Sections you "
    "copy with 'manual edit' into manual/ in the workspace stay yours on every render.",
}


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
