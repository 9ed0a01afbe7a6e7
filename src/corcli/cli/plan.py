"""``corcli plan``: the interview and site-visit sample, and interview prep sheets per role."""

from enum import StrEnum
from typing import Annotated

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    OutputOpt,
    TemplateDirOpt,
    WorkspaceOpt,
    cwd,
    emit,
    reports_errors,
    template_dir_or_default,
)

plan_app = typer.Typer(
    name="plan",
    help="Plan the audit sample (interviews by role and shift, site visits) and print interview prep sheets.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class PlanFormat(StrEnum):
    """Formats of ``plan``."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


class PrepFormat(StrEnum):
    """Formats of ``plan prep``."""

    MARKDOWN = "markdown"
    HTML = "html"


RoleOpt = Annotated[
    list[str] | None,
    typer.Option("--role", help="Only this role (repeatable; default: every role in corcli.yaml).", show_default=False),
]


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command group to the app."""
    app.add_typer(plan_app, name="plan")


def _prep(
    workspace: "WorkspaceOpt",
    data_dir: "DataDirOpt",
    fmt: "PrepFormat",
    roles: "list[str]",
    output: "OutputOpt",
    force: bool,
    template_dir: "TemplateDirOpt",
) -> None:
    from corcli.render.sampling import render_prep
    from corcli.services.project import open_project
    from corcli.services.sampling import prep_for

    project = open_project(workspace, data_dir, cwd())
    text = render_prep(
        prep_for(project, roles),
        fmt.value,
        company=project.profile.company.name,
        standard=project.standard,
        template_dir=template_dir_or_default(template_dir),
    )
    emit(text, output, force=force)


@plan_app.callback(invoke_without_command=True)
@reports_errors
def plan(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    fmt: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.TEXT,
    output: OutputOpt = None,
    force: ForceOpt = False,
    prep: Annotated[
        bool, typer.Option("--prep", help="Print the interview prep sheets (Markdown) instead of the plan.")
    ] = False,
    role: RoleOpt = None,
    template_dir: TemplateDirOpt = None,
) -> None:
    """Show how many interviews and site visits to expect, from the published sampling tables.

    The auditor, not the company, picks who is interviewed: the plan says how many people of each role and
    shift to have available, never who.
    """
    if ctx.invoked_subcommand is not None:
        return
    if prep:
        _prep(workspace, data_dir, PrepFormat.MARKDOWN, role or [], output, force, template_dir)
        return
    from corcli.cli.console import warn
    from corcli.render.sampling import render_plan, render_text
    from corcli.services.project import open_project
    from corcli.services.sampling import plan_for

    project = open_project(workspace, data_dir, cwd())
    result = plan_for(project)
    if fmt == PlanFormat.JSON:
        text = result.model_dump_json(indent=2) + "\n"
    elif fmt in (PlanFormat.MARKDOWN, PlanFormat.HTML):
        templates = template_dir_or_default(template_dir)
        text = render_plan(result, "html" if fmt == PlanFormat.HTML else "markdown", templates)
    else:
        text = render_text(result)
    emit(text, output, force=force)
    if not project.profile.roles:
        warn("corcli.yaml lists no roles: add them (name, count, level, shifts) to plan interviews by role and shift.")


@plan_app.command("prep")
@reports_errors
def prep_command(
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    fmt: Annotated[PrepFormat, typer.Option("--format", "-f", help="Output format.")] = PrepFormat.MARKDOWN,
    role: RoleOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    template_dir: TemplateDirOpt = None,
) -> None:
    """Print interview prep sheets, one per role, from the standard's interview items."""
    _prep(workspace, data_dir, fmt, role or [], output, force, template_dir)
