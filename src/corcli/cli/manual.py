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


manual_app = typer.Typer(
    name="manual",
    help="Write a draft health and safety manual for the company: Markdown, HTML or Word (DOCX). "
    "Sections you copy with 'manual edit' into manual/ in the workspace stay yours on every render.",
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

TodayOpt = Annotated[
    str | None, typer.Option("--today", hidden=True, help="Date the draft as of this day (YYYY-MM-DD), for tests.")
]


def register(app: typer.Typer) -> None:
    """Add the command group to the app."""
    app.add_typer(manual_app, name="manual")


@manual_app.command("edit")
@reports_errors
def edit(
    section: Annotated[str, typer.Argument(metavar="SECTION", help="Section to make your own, e.g. policy or 3.")],
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    today: TodayOpt = None,
) -> None:
    """Copy a section, as generated now, into manual/SECTION.md; every render then uses your words."""
    from corcli.cli._common import parse_today
    from corcli.cli.console import note
    from corcli.services import manual as service
    from corcli.services.project import open_project
    from corcli.storage.config import load_settings

    project = open_project(workspace, data_dir, cwd())
    path = service.edit_section(project, section, today=parse_today(today), template_dir=load_settings().template_dir)
    note(f"Wrote {path}: edit it freely; 'corcli manual' now uses it in place of the generated section.")


@manual_app.callback()
@reports_errors
def manual(
    ctx: typer.Context,
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
    lint: Annotated[
        bool,
        typer.Option(
            "--lint",
            help="Instead of the manual, list what to fix: placeholders left, legal sections missing for the "
            "jurisdiction, statements older than the law they cite, your sections changed upstream. Exit 1 if any.",
        ),
    ] = False,
    force: ForceOpt = False,
    today: TodayOpt = None,
) -> None:
    """Write a draft health and safety manual for the company: Markdown, HTML or Word (DOCX)."""
    if ctx.invoked_subcommand is not None:
        return
    from corcli import __version__
    from corcli.cli._common import parse_today
    from corcli.cli.console import note, warn
    from corcli.services import manual as service
    from corcli.services.project import open_project
    from corcli.storage.config import load_settings

    when = parse_today(today)
    settings = load_settings()
    project = open_project(workspace, data_dir, cwd())
    target = output
    if output_format == ManualFormat.DOCX and target is None and not lint:
        target = project.workspace.root / DOCX_DEFAULT_NAME
    if target is not None and target.exists() and not force:
        from corcli.errors import OverwriteError

        raise OverwriteError(f"{target} already exists.", "Use --force to replace it, or choose another path.")
    run = service.render(
        project,
        today=when,
        fmt="markdown" if lint else output_format.value,
        wanted=section or (),
        template_dir=template_dir or settings.template_dir,
        version=__version__,
        prepared_by=settings.prepared_by_line(),
    )
    rendered = run.rendered
    if lint:
        report = service.lint(project, run)
        lines = [f"{f.section}: {f.kind}: {f.message}" for f in report.findings]
        summary = f"{len(lines)} to fix before the manual goes to the auditor." if lines else "Nothing to fix."
        emit("\n".join([*lines, summary]) + "\n", target, force=force)
        if report.findings:
            raise typer.Exit(ExitCode.FINDINGS)
        return
    if rendered.data is not None:
        emit("", target, force=force, binary=rendered.data)
    else:
        emit(rendered.text, target, force=force)
    for own in run.own:
        changed = " (the generated text changed since you copied it: see 'corcli manual --lint')"
        note(f"Your own section {own.id}: {own.path}{changed if own.changed_upstream else ''}")
    for path in run.unknown_files:
        warn(f"{path} names no section of this manual and is not used; rename it to a section id.")
    lines = rendered.placeholder_summary(MAX_PLACEHOLDER_LINES)
    report_line = warn if rendered.placeholders else note
    report_line(lines[0])
    for line in lines[1:]:
        note(line)
    if strict and rendered.placeholders:
        raise typer.Exit(ExitCode.FINDINGS)
