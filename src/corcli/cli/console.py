"""Terminal output: Rich consoles for results (stdout) and messages (stderr).

Only the CLI imports this module. Rich honours NO_COLOR by itself.

Why a console of our own: data (company names, notes, file names, a user standard's titles) must reach
the terminal as text. Our consoles parse no markup unless a caller asks for it (and then escapes its
data), and every segment they render shows control and escape characters visibly, so a file name or a
note cannot move the cursor, recolour the terminal or hide text.

Why warnings and notes skip Rich when stderr is not a terminal: in a log or a pipe (cron, CI) Rich
would print the same plain line, and importing it costs more than the rest of a warning-only run's
output (about 20 ms). ``FORCE_COLOR`` keeps Rich, for people who colour their logs.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from corcli.errors import CorcliError


@functools.cache
def _safe_console_class() -> Any:
    """Build the Console subclass once, on first use (Rich is imported lazily)."""
    from rich.console import Console
    from rich.segment import Segment

    from corcli.render.escape import has_controls, visible_controls

    class SafeConsole(Console):
        """A Console that renders control characters in data visibly (``\\x1b`` instead of ESC)."""

        def render(self, renderable: Any, options: Any = None) -> Any:
            for segment in super().render(renderable, options):
                if segment.control or not has_controls(segment.text):
                    yield segment
                else:
                    yield Segment(visible_controls(segment.text), segment.style, segment.control)

    return SafeConsole


def _width() -> int | None:
    columns = os.environ.get("COLUMNS")
    return int(columns) if columns and columns.isdigit() else None


def make(**options: Any) -> Console:
    """Return a safe console with Rich ``options`` (markup off unless ``markup=True`` is given)."""
    options.setdefault("markup", False)
    options.setdefault("highlight", False)
    console: Console = _safe_console_class()(**options)
    return console


def out(*, markup: bool = False) -> Console:
    """Return a console on stdout, for results (``markup=True`` only where every piece of data is escaped)."""
    return make(width=_width(), soft_wrap=False, markup=markup)


def err(*, markup: bool = False) -> Console:
    """Return a console on stderr, for messages, warnings and progress.

    In a terminal, text wraps between words (the terminal itself would cut words in two); in a log or a
    pipe each message stays one line, so it can be searched.
    """
    return make(stderr=True, width=_width(), soft_wrap=stderr_is_plain(), markup=markup)


def print_error(error: CorcliError) -> None:
    """Print a corcli error to stderr: one line per problem, with the fix."""
    from rich.text import Text

    console = err()
    problems = error.problems()
    if not problems:
        hint = (" " + error.hint) if error.hint else ""
        console.print(Text.assemble(("Error:", "bold red"), " ", error.message, hint))
        return
    if len(problems) > 1:
        console.print(Text.assemble(("Error:", "bold red"), f" {len(problems)} problems found:"))
    for problem in problems:
        where = problem.location()
        line = Text("  ") if len(problems) > 1 else Text.assemble(("Error:", "bold red"), " ")
        if where:
            line.append(where, "bold")
            line.append(": ")
        line.append(problem.message)
        if problem.hint:
            line.append(" ")
            line.append(problem.hint, "dim")
        console.print(line)


def stderr_is_plain() -> bool:
    """True when stderr is a log or a pipe, where Rich would add nothing."""
    if os.environ.get("FORCE_COLOR"):
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return not (isatty is not None and isatty())


def _plain(message: str) -> str:
    from corcli.render.escape import visible_controls

    return visible_controls(message)


def warn(message: str) -> None:
    """Print a warning to stderr."""
    if stderr_is_plain():
        sys.stderr.write(f"Warning: {_plain(message)}\n")
        return
    from rich.text import Text

    err().print(Text.assemble(("Warning:", "yellow"), " ", message))


MAX_WARNINGS = 12
"""Warnings printed on stderr before the rest are summed up (every report format but text lists them all)."""


def warn_many(messages: list[str] | tuple[str, ...]) -> None:
    """Print a report's warnings on stderr, the first ``MAX_WARNINGS`` in full and a count of the rest."""
    for message in messages[:MAX_WARNINGS]:
        warn(message)
    if len(messages) > MAX_WARNINGS:
        warn(f"{len(messages) - MAX_WARNINGS} more warning(s): see --format markdown, html or json.")


def note(message: str) -> None:
    """Print an informational message to stderr."""
    if stderr_is_plain():
        sys.stderr.write(f"{_plain(message)}\n")
        return
    err().print(message)
