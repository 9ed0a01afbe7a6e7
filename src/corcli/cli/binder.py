"""``corcli binder``: zip the evidence with an index and a SHA-256 manifest, and verify such a zip."""

from pathlib import Path
from typing import Annotated

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    TemplateDirOpt,
    WorkspaceOpt,
    cwd,
    reports_errors,
    template_dir_or_default,
)

binder_app = typer.Typer(
    name="binder",
    help="Build the audit binder (evidence zip with index and SHA-256 manifest) and verify it.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

DEFAULT_NAME = "audit-binder.zip"  # services.binder.DEFAULT_NAME, here so that --help needs no import


def register(app: typer.Typer) -> None:
    """Add the ``binder`` command group to the app."""
    app.add_typer(binder_app, name="binder")


@binder_app.callback(invoke_without_command=True)
@reports_errors
def binder(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=f"Zip file to write (default: {DEFAULT_NAME} in the workspace).", show_default=False
        ),
    ] = None,
    force: ForceOpt = False,
    template_dir: TemplateDirOpt = None,
    today_opt: Annotated[
        str | None,
        typer.Option("--today", hidden=True, help="Binder as of this date (YYYY-MM-DD), for tests."),
    ] = None,
) -> None:
    """Zip the evidence with an index (element -> requirement -> the files check counts) and a SHA-256 manifest."""
    if ctx.invoked_subcommand is not None:
        return
    from corcli.cli._common import parse_today
    from corcli.cli.console import note, warn
    from corcli.services.binder import make_binder
    from corcli.services.project import open_project

    project = open_project(workspace, data_dir, cwd())
    outcome = make_binder(
        project, output, parse_today(today_opt), force=force, template_dir=template_dir_or_default(template_dir)
    )
    for message in outcome.warnings:
        warn(message)
    result = outcome.result
    typer.echo(str(result.path))
    note(
        f"Wrote {result.path}: {result.files} evidence file(s), {result.total_bytes} bytes. "
        f"Manifest SHA-256: {result.manifest_sha256} (keep it to check the binder later with --expect)."
    )


@binder_app.command("verify")
@reports_errors
def verify(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The binder .zip to check.", show_default=False)],
    expect: Annotated[
        str | None,
        typer.Option("--expect", help="The manifest SHA-256 printed when the binder was built.", show_default=False),
    ] = None,
) -> None:
    """Check a binder: exit 0 if intact, 1 if any file changed, is missing or was added, 2 if unreadable."""
    from corcli.cli.console import err, out
    from corcli.services.binder import check_expected, verify_binder, verify_exit_code

    result = check_expected(verify_binder(file), expect)
    console = err()
    for label, names in (
        ("changed", result.changed),
        ("missing", result.missing),
        ("extra (not in the manifest)", result.extra),
        ("unsafe name or link (refused)", result.unsafe),
    ):
        for name in names:
            console.print(f"{label}: {name}", markup=False)
    for problem in result.problems:
        console.print(f"problem: {problem}", markup=False)
    if result.ok:
        out().print(f"OK: {file} is intact ({result.checked} files match the manifest).", markup=False)
    else:
        count = (
            len(result.changed) + len(result.missing) + len(result.extra) + len(result.unsafe) + len(result.problems)
        )
        out().print(f"FAILED: {file} does not match its manifest ({count} finding(s)).", markup=False)
    raise typer.Exit(int(verify_exit_code(result)))
