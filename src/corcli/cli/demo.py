"""``corcli demo``: create an example company workspace and show its readiness report."""

from pathlib import Path
from typing import Annotated

import typer

from corcli.cli._common import cwd, reports_errors


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("demo")(demo)


@reports_errors
def demo(
    folder: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="Folder to create (default: ./corcli-demo).", show_default=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rewrite an earlier demo (a folder that is not a demo is refused).")
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", hidden=True, help="Build and score as of this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Create a realistic example workspace (an Alberta roofer going for SECOR) and check it."""
    from corcli.catalog.loader import load_catalog
    from corcli.cli import views
    from corcli.cli._common import parse_today
    from corcli.cli.console import note, out, warn_many
    from corcli.services.check import run_check
    from corcli.services.demo import build_demo
    from corcli.services.project import open_project

    when = parse_today(today)
    root = folder if folder is not None else cwd() / "corcli-demo"
    result = build_demo(root, when, load_catalog(), force=force)
    note(
        f"Created the demo workspace {root}: Prairie Roofing Ltd., 8 people, SECOR with ACSA "
        f"({len(result.files)} evidence records). Its readiness report:"
    )
    project = open_project(root, None, cwd())
    report = run_check(project, when)
    warn_many(report.warnings)
    out().print(views.check_renderable(report))
    note(
        "\nNext: look at the records in "
        f"{root / 'evidence'}, then try\n"
        f"  corcli check -w {root} --format html -o report.html\n"
        f"  corcli evidence add FILE --requirement 1.2 --date YYYY-MM-DD -w {root}\n"
        f"  corcli assess -w {root}   (answer the interview and observation items)"
    )
