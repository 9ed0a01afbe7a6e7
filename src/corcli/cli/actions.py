"""``corcli actions``: the corrective-action plan (``actions.yaml``): list, add, from check, import, done."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    ListFormat,
    OutputOpt,
    TodayOpt,
    WorkspaceOpt,
    cwd,
    echo_json,
    emit,
    parse_date_option,
    parse_today,
    reports_errors,
)

if TYPE_CHECKING:
    from datetime import date

    from corcli.models.actions import ActionPlan
    from corcli.services.actions import MergeResult

actions_app = typer.Typer(
    name="actions",
    help="The corrective-action plan (actions.yaml): owner, due date, done and evidence of closure for each fix.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Origin(StrEnum):
    """Where an action added by hand comes from."""

    INSPECTION = "inspection"
    INVESTIGATION = "investigation"
    AUDIT = "audit"
    OTHER = "other"


def register(app: typer.Typer) -> None:
    """Add the ``actions`` command group to the app."""
    app.add_typer(actions_app, name="actions")


def _root(workspace: "Path | None", ctx: "typer.Context | None" = None) -> Path:
    """Find the workspace; ``-w`` may come before the sub-command (``corcli actions -w DIR add ...``)."""
    from corcli.storage.workspace import find_workspace

    if workspace is None and ctx is not None and ctx.parent is not None:
        workspace = ctx.parent.params.get("workspace")
    return find_workspace(workspace, cwd()).root


def _status(action_done: "date | None", due: "date | None", today: "date") -> str:
    if action_done is not None:
        return f"done {action_done.isoformat()}"
    if due is None:
        return "open, no due date"
    days = (due - today).days
    return f"OVERDUE by {-days} d" if days < 0 else f"open, due in {days} d"


def _text(plan: "ActionPlan", today: "date", only_open: bool) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from corcli.cli.console import out

    rows = [a for a in plan.actions if a.is_open or not only_open]
    console = out(markup=True)  # every cell is escaped
    if not rows:
        console.print("No corrective actions." if not plan.actions else "No open corrective actions.")
        return
    table = Table(title="Corrective actions", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("Id", "Action", "From", "Owner", "Due", "Status", "Evidence"):
        table.add_column(column, no_wrap=column in ("Id", "Due"))
    for action in rows:
        style = "bold red" if action.is_overdue(today) else ("dim" if not action.is_open else None)
        table.add_row(
            escape(action.id),
            escape(action.action + (f" (req {action.requirement})" if action.requirement else "")),
            action.origin.value,
            escape(action.owner) or "-",
            action.due.isoformat() if action.due else "-",
            _status(action.done, action.due, today),
            escape(action.evidence),
            style=style,
        )
    console.print(table)
    opened, overdue = plan.counts(today)
    console.print(f"{opened} open, {overdue} overdue, {len(plan.actions) - opened} done.")


def _markdown(plan: "ActionPlan", today: "date", only_open: bool) -> str:
    from corcli.render.escape import markdown_cell

    lines = ["# Corrective-action plan", "", "| Id | Action | From | Owner | Due | Status | Evidence |"]
    lines.append("|---|---|---|---|---|---|---|")
    for a in plan.actions:
        if only_open and not a.is_open:
            continue
        cells = [a.id, a.action, a.origin.value, a.owner, a.due.isoformat() if a.due else ""]
        cells += [_status(a.done, a.due, today), a.evidence]
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _report(result: "MergeResult", what: str) -> None:
    from corcli.cli.console import note

    note(
        f"{what}: {len(result.added)} added, {len(result.updated)} updated, {result.unchanged} unchanged "
        f"({len(result.plan.actions)} in actions.yaml)."
    )


@actions_app.callback(invoke_without_command=True)
@reports_errors
def actions(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = (
        ListFormat.TEXT
    ),
    output: OutputOpt = None,
    force: ForceOpt = False,
    only_open: Annotated[bool, typer.Option("--open", help="Only actions still open.")] = False,
    today_opt: TodayOpt = None,
) -> None:
    """List the corrective actions; the CSV (--format csv) can be edited and imported back."""
    if ctx.invoked_subcommand is not None:
        return
    from corcli.models.actions import ActionPlan
    from corcli.services.actions import load_plan, render_csv

    today = parse_today(today_opt)
    plan = load_plan(_root(workspace)) or ActionPlan()
    shown = plan.model_copy(update={"actions": [a for a in plan.actions if a.is_open]}) if only_open else plan
    if fmt == ListFormat.TEXT and output is None:
        _text(plan, today, only_open)
    elif fmt == ListFormat.JSON:
        data = shown.model_dump(mode="json")
        data["open"], data["overdue"] = plan.counts(today)
        emit(echo_json(data), output, force=force)
    elif fmt == ListFormat.CSV:
        emit(render_csv(shown), output, force=force)
    else:
        emit(_markdown(plan, today, only_open), output, force=force)


@actions_app.command("add")
@reports_errors
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to do.")],
    workspace: WorkspaceOpt = None,
    origin: Annotated[Origin, typer.Option("--from", help="Where it comes from.", case_sensitive=False)] = (
        Origin.INSPECTION
    ),
    owner: Annotated[str, typer.Option("--owner", help="Person responsible.")] = "",
    due_text: Annotated[str | None, typer.Option("--due", help="Date it must be done by (YYYY-MM-DD).")] = None,
    requirement: Annotated[str, typer.Option("--requirement", "-r", help="Requirement id it answers.")] = "",
    site: Annotated[str, typer.Option("--site", help="Site it applies to.")] = "",
    today_opt: TodayOpt = None,
) -> None:
    """Add a corrective action (from an inspection, an investigation, an audit...)."""
    from corcli.cli.console import note
    from corcli.errors import CorcliError
    from corcli.models.actions import ActionOrigin, CorrectiveAction
    from corcli.services.actions import add_action, next_id, update_plan

    today = parse_today(today_opt)
    due = parse_date_option(due_text, "--due")
    added: list[str] = []

    def change(plan: "ActionPlan") -> "ActionPlan":
        try:
            action = CorrectiveAction(
                id=next_id(plan),
                action=text,
                origin=ActionOrigin(origin.value),
                requirement=requirement,
                site=site,
                raised=today,
                owner=owner,
                due=due,
            )
        except ValueError as exc:
            raise CorcliError(f"The action is not valid: {exc}", "Give a short text of what to do.") from None
        added.append(action.id)
        return add_action(plan, action)

    update_plan(_root(workspace, ctx), change)
    note(f"Added {added[0]} to actions.yaml.")


@actions_app.command("from-check")
@reports_errors
def from_check(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Only the first N steps (most points first).", show_default=False)
    ] = None,
    today_opt: TodayOpt = None,
) -> None:
    """Add an action for each step on the check's path to pass that has no open action yet."""
    from corcli.services.actions import from_check as merge_check
    from corcli.services.actions import update_plan
    from corcli.services.check import run_check
    from corcli.services.project import open_project

    today = parse_today(today_opt)
    project = open_project(_root(workspace, ctx), data_dir, cwd())
    report = run_check(project, today)
    if top is not None:
        report = report.model_copy(update={"next_actions": report.next_actions[:top]})
    results: list[MergeResult] = []

    def change(plan: "ActionPlan") -> "ActionPlan":
        results.append(merge_check(plan, report, today))
        return results[-1].plan

    update_plan(project.workspace.root, change)
    _report(results[0], "From the check")


@actions_app.command("import")
@reports_errors
def import_command(
    ctx: typer.Context,
    csv_file: Annotated[Path, typer.Argument(metavar="FILE", help="The edited CSV (from 'actions -f csv' or check).")],
    workspace: WorkspaceOpt = None,
    today_opt: TodayOpt = None,
) -> None:
    """Import the edited action-plan CSV: owners, due dates, done dates and evidence are merged by id."""
    from corcli.services.actions import import_csv, update_plan

    today = parse_today(today_opt)
    source = csv_file if csv_file.is_absolute() else cwd() / csv_file
    results: list[MergeResult] = []

    def change(plan: "ActionPlan") -> "ActionPlan":
        results.append(import_csv(plan, source, today))
        return results[-1].plan

    update_plan(_root(workspace, ctx), change)
    _report(results[0], f"Imported {csv_file}")


@actions_app.command("done")
@reports_errors
def done(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Action id, e.g. A-003.")],
    workspace: WorkspaceOpt = None,
    evidence: Annotated[
        str, typer.Option("--evidence", "-e", help="What proves it was done: a path under evidence/ or a note.")
    ] = "",
    on_text: Annotated[str | None, typer.Option("--on", help="Date it was done (default: today).")] = None,
    today_opt: TodayOpt = None,
) -> None:
    """Mark an action done, with the evidence of closure."""
    from corcli.cli.console import note, warn
    from corcli.services.actions import close_action, update_plan

    today = parse_today(today_opt)
    on = parse_date_option(on_text, "--on") or today
    update_plan(_root(workspace, ctx), lambda plan: close_action(plan, action_id, on, evidence))
    note(f"{action_id} marked done on {on.isoformat()}.")
    if not evidence:
        warn("No --evidence given: an auditor will ask what shows the fix was made.")
