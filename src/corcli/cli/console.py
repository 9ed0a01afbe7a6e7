"""Terminal output: Rich consoles for results (stdout) and messages (stderr).

Only the CLI imports this module. Rich honours NO_COLOR by itself.
"""

from __future__ import annotations

import os
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


def warn(message: str) -> None:
    """Print a warning to stderr."""
    from rich.markup import escape

    err().print(f"[yellow]Warning:[/] {escape(message)}")


def note(message: str) -> None:
    """Print an informational message to stderr."""
    from rich.markup import escape

    err().print(escape(message))
