"""``corcli validate``: check a profile, data files or a data folder."""

from pathlib import Path
from typing import Annotated

import typer

from corcli.cli._common import DataDirOpt, WorkspaceOpt, cwd, reports_errors
from corcli.errors import ExitCode


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("validate")(validate)


@reports_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Profile, data files or data folders (default: the workspace's profile and partners/).",
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Check files for problems; exit 0 when clean, 2 with every problem listed."""
    from corcli.cli.console import err, out, print_error
    from corcli.errors import CatalogError
    from corcli.services.validate import validate_paths, validate_workspace
    from corcli.storage.workspace import find_workspace

    if paths:
        report = validate_paths(list(paths), data_dir)
    else:
        ws = find_workspace(workspace, cwd())
        report = validate_workspace(ws, data_dir)
    console = out()
    for checked in report.ok:
        console.print(f"OK  {checked}")
    if report.problems:
        print_error(CatalogError(report.problems))
        err().print(f"{len(report.problems)} problem(s) in {len(report.failed)} file(s).")
        raise typer.Exit(ExitCode.USAGE)
    console.print(f"All {len(report.ok)} file(s) valid.")
