"""``corcli migrate``: move answers and evidence ties onto a newer edition of the workspace's standard."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from corcli.cli._common import DataDirOpt, OutputOpt, TableFormat, WorkspaceOpt, cwd, echo_json, emit, reports_errors
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from corcli.services.migrate import MigrationPlan


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("migrate")(migrate)


def _plain(plan: "MigrationPlan") -> dict[str, Any]:
    def rows(moves: Any) -> list[dict[str, Any]]:
        return [{"kind": m.kind, "subject": m.subject, "old": m.old, "new": m.new} for m in moves]

    return {
        "old_standard": plan.old_standard,
        "new_standard": plan.new_standard,
        "applied": plan.applied,
        "notes": plan.notes,
        "moves": rows(plan.moves),
        "unmapped": rows(plan.unmapped),
        "by_hand": rows(plan.by_hand),
        "backups": [str(p) for p in plan.backups],
    }


def _text(plan: "MigrationPlan") -> str:
    from corcli.cli import views

    lines = [f"Standard: {plan.old_standard} -> {plan.new_standard}"]
    lines += [f"Note: {n}" for n in plan.notes]
    if not plan.needed:
        return "\n".join([*lines, "Nothing to migrate: every answer and evidence tie uses the current standard's ids."])
    verb = "Moved" if plan.applied else "Would move"
    for move in plan.moves:
        lines.append(f"{verb} {move.kind} {move.subject}: {move.old} -> {move.new}")
    for move in plan.by_hand:
        lines.append(
            f"Change by hand: {move.subject} names {move.old} (in its sidecar or file name); {views.move_use(move)}"
        )
    done = "taken out (kept in the copy)" if plan.applied else "would be taken out (a copy is kept)"
    for move in plan.unmapped:
        lines.append(f"No known new id for {move.kind} {move.subject} ({move.old}); {done}")
    for path in plan.backups:
        lines.append(f"Copy kept: {path}")
    if not plan.applied and (plan.moves or plan.old_standard != plan.new_standard):
        lines.append("Run 'corcli migrate --apply' to make these changes (a copy of each changed file is kept).")
    return "\n".join(lines)


@reports_errors
def migrate(
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    apply: Annotated[bool, typer.Option("--apply", help="Make the changes (default: only show them).")] = False,
    output_format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.TABLE,
    output: OutputOpt = None,
) -> None:
    """Map answers and evidence ties from an older edition of the standard onto the current one.

    Shows what would move by default; --apply moves it and keeps a copy of assessment.yaml and the
    evidence index under .corcli/migrate-backups/. Exit 1 when something has no known new id.
    """
    from datetime import datetime

    from corcli.services.migrate import apply_migration, plan_migration
    from corcli.services.project import open_project

    project = open_project(workspace, data_dir, cwd())
    plan = plan_migration(project)
    if apply and plan.needed:
        plan = apply_migration(project, plan, datetime.now())
    text = echo_json(_plain(plan)) if output_format == TableFormat.JSON else _text(plan) + "\n"
    emit(text, output)
    if plan.unmapped or plan.by_hand:
        raise typer.Exit(ExitCode.FINDINGS)
