"""Terminal output: Rich consoles for results (stdout) and messages (stderr).

Only the CLI imports this module. Rich honours NO_COLOR by itself.

Why warnings and notes skip Rich when stderr is not a terminal: in a log or a pipe (cron, CI) Rich
would print the same plain line, and importing it costs more than the rest of a warning-only run's
output (about 20 ms). ``FORCE_COLOR`` keeps Rich, for people who colour their logs.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from corcli.errors import CorcliError


def _width() -> int | None:
    columns = os.environ.get("COLUMNS")
    return int(columns) if columns and columns.isdigit() else None


def out() -> Console:
    """Return a console on stdout, for results."""
    from rich.console import Console

    return Console(width=_width(), highlight=False, soft_wrap=False)


def err() -> Console:
    """Return a console on stderr, for messages, warnings and progress."""
    from rich.console import Console

    return Console(stderr=True, width=_width(), highlight=False, soft_wrap=True)


def print_error(error: CorcliError) -> None:
    """Print a corcli error to stderr: one line per problem, with the fix."""
    from rich.markup import escape

    console = err()
    problems = error.problems()
    if not problems:
        console.print(f"[bold red]Error:[/] {escape(error.message)}" + (f" {escape(error.hint)}" if error.hint else ""))
        return
    if len(problems) > 1:
        console.print(f"[bold red]Error:[/] {len(problems)} problems found:")
    for problem in problems:
        where = problem.location()
        prefix = f"[bold]{escape(where)}[/]: " if where else ""
        hint = f" [dim]{escape(problem.hint)}[/]" if problem.hint else ""
        lead = "  " if len(problems) > 1 else "[bold red]Error:[/] "
        console.print(f"{lead}{prefix}{escape(problem.message)}{hint}")


def stderr_is_plain() -> bool:
    """True when stderr is a log or a pipe, where Rich would add nothing."""
    if os.environ.get("FORCE_COLOR"):
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return not (isatty is not None and isatty())


def warn(message: str) -> None:
    """Print a warning to stderr."""
    if stderr_is_plain():
        sys.stderr.write(f"Warning: {message}\n")
        return
    from rich.markup import escape

    err().print(f"[yellow]Warning:[/] {escape(message)}")


def note(message: str) -> None:
    """Print an informational message to stderr."""
    if stderr_is_plain():
        sys.stderr.write(f"{message}\n")
        return
    from rich.markup import escape

    err().print(escape(message))
