"""``corcli manual``: a draft health and safety manual that follows the company's audit standard."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from corcli.cli._common import DataDirOpt, ForceOpt, WorkspaceOpt, cwd, emit, reports_errors
from corcli.errors import ExitCode

DOCX_DEFAULT_NAME = "manual.docx"
"""Where a DOCX goes when no --output is given (in the workspace)."""

MAX_PLACEHOLDER_LINES = 25
"""Placeholder locations listed on stderr before the rest are counted."""


class ManualFormat(StrEnum):
    """Output formats of ``corcli manual``."""

    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("manual")(manual)


@reports_errors
def manual(
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    output_format: Annotated[
        ManualFormat, typer.Option("--format", "-f", help="Manual format.", case_sensitive=False)
    ] = ManualFormat.MARKDOWN,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the manual to this file (default: standard output; for docx, manual.docx in the workspace).",
            show_default=False,
        ),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            "-s",
            metavar="<id>",
            help="Render only this section (repeatable): policy, roles, legislation, an element id or folder, a form "
            "(e.g. orientation), 'elements' or 'forms'.",
            show_default=False,
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="Folder of your own templates; each overrides the built-in of the same name (rendered in a sandbox). "
            "Default: CORCLI_TEMPLATE_DIR or template_dir in your settings file.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 while any [TO COMPLETE: ...] placeholder remains.")
    ] = False,
    force: ForceOpt = False,
    today: Annotated[
        str | None, typer.Option("--today", hidden=True, help="Date the draft as of this day (YYYY-MM-DD), for tests.")
    ] = None,
) -> None:
    """Write a draft health and safety manual for the company: Markdown, HTML or Word (DOCX)."""
    from corcli import __version__
    from corcli.cli._common import parse_today
    from corcli.cli.console import note, warn
    from corcli.render.manual import render_manual
    from corcli.render.manual_library import ManualLibrary
    from corcli.services.project import open_project
    from corcli.storage.config import load_settings

    when = parse_today(today)
    project = open_project(workspace, data_dir, cwd())
    target = output
    if output_format == ManualFormat.DOCX and target is None:
        target = project.workspace.root / DOCX_DEFAULT_NAME
    if target is not None:
        from corcli.storage.files import check_output

        check_output(target, force=force)
    rendered = render_manual(
        project.profile,
        project.jurisdiction,
        project.partner,
        project.standard,
        project.decision.program,
        today=when,
        fmt=output_format.value,
        wanted=section or (),
        template_dir=template_dir or load_settings().template_dir,
        version=__version__,
        library=ManualLibrary.from_catalog(project.catalog),
    )
    if rendered.data is not None:
        emit("", target, force=force, binary=rendered.data)
    else:
        emit(rendered.text, target, force=force)
    lines = rendered.placeholder_summary(MAX_PLACEHOLDER_LINES)
    report = warn if rendered.placeholders else note
    report(lines[0])
    for line in lines[1:]:
        note(line)
    if strict and rendered.placeholders:
        raise typer.Exit(ExitCode.FINDINGS)
