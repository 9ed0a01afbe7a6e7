"""``corcli migrate``: move answers and evidence ties onto a newer edition of the workspace's standard."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from corcli.cli._common import DataDirOpt, OutputOpt, TableFormat, WorkspaceOpt, cwd, echo_json, emit, reports_errors
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from pathlib import Path

    from corcli.services.migrate import MigrationPlan, Move, StandardChange


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
    lines = [f"Standard: {plan.old_standard} -> {plan.new_standard}"]
    lines += [f"Note: {n}" for n in plan.notes]
    if not plan.needed:
        return "\n".join([*lines, "Nothing to migrate: every answer and evidence tie uses the current standard's ids."])
    verb = "Moved" if plan.applied else "Would move"
    for move in plan.moves:
        lines.append(f"{verb} {move.kind} {move.subject}: {move.old} -> {move.new}")
    for move in plan.by_hand:
        lines.append(f"Change by hand: {move.subject} names {move.old} (in its sidecar or file name); {_use(move)}")
    done = "taken out (kept in the copy)" if plan.applied else "would be taken out (a copy is kept)"
    for move in plan.unmapped:
        lines.append(f"No known new id for {move.kind} {move.subject} ({move.old}); {done}")
    for path in plan.backups:
        lines.append(f"Copy kept: {path}")
    if not plan.applied and (plan.moves or plan.old_standard != plan.new_standard):
        lines.append("Run 'corcli migrate --apply' to make these changes (a copy of each changed file is kept).")
    return "\n".join(lines)


def _use(move: "Move") -> str:
    return f"use {move.new}" if move.new else "it has no known id in the new standard: name the right one"


def _listed(items: "list[str]", most: int = 8) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def report_change(change: "StandardChange", backup: "Path | None") -> None:
    """Tell what a change of standard (``init --force``) kept, added, moved and left for the user to do."""
    from corcli.cli.console import note, warn

    plan, new = change.plan, change.new_standard
    old = change.old_standard or "the earlier standard"
    note(
        f"The audit standard changes from {old!r} to {new.id!r}. Nothing you made was moved, renamed or deleted"
        + (f"; the previous profile is kept as {backup}." if backup else ".")
    )
    by_folder = {e.folder: e for e in new.elements}
    if change.folders:
        note(
            "Element folders kept for the new standard (recorded under certification.folders in corcli.yaml): "
            + _listed(
                [f"{kept} for element {by_folder[kept].id} {by_folder[kept].title}" for kept in change.folders.values()]
            )
            + "."
        )
    for message in plan.notes:
        note(message)
    moved = [f"{m.kind} {m.subject}: {m.old} -> {m.new}" for m in plan.moves]
    if moved:
        note(f"Moved to the new ids ({len(moved)}): " + _listed(moved) + ".")
    answers = [m.subject for m in plan.unmapped if m.kind == "answer"]
    if answers:
        warn(
            f"{len(answers)} answer(s) for {old!r} have no known requirement in {new.id!r} and were taken out of "
            f"assessment.yaml: {_listed(answers)}. Answer the new standard with 'corcli assess'."
        )
    ties = [f"{m.subject} ({m.old})" for m in plan.unmapped if m.kind == "evidence"]
    if ties:
        warn(
            f"{len(ties)} evidence tie(s) to {old!r} requirements have no known requirement in {new.id!r} and were "
            f"taken out of the index (the files and their dates and notes stay): {_listed(ties)}. Tie them again "
            "with 'corcli evidence add FILE --requirement ID'."
        )
    by_hand = [f"{m.subject} ({m.old})" for m in plan.by_hand]
    if by_hand:
        warn(
            f"{len(by_hand)} file(s) name a requirement of {old!r} in their file name or sidecar, which {new.id!r} "
            f"numbers its own way: {_listed(by_hand)}. Rename them (or edit the sidecar) with the new standard's id."
        )
    if change.left_folders:
        warn(
            f"Folders of {old!r} no element of {new.id!r} uses: {_listed(change.left_folders)}. Their files stay and "
            "count only where tied to a requirement; move them into the new element folders ("
            + _listed(change.new_folders, 4)
            + ") or tie them with 'corcli evidence add'."
        )
    if plan.backups:
        note("Copies kept: " + ", ".join(str(p) for p in plan.backups) + ".")


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
