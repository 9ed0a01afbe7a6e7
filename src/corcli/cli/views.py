"""Terminal views of results: Rich renderables built from the services' results, and their plain-text form."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from corcli.models.report import GapReport, Verdict
from corcli.render.report import (
    BAR_WIDTH,
    REST_TITLE,
    TEXT_ACTIONS,
    floor_mark,
    path_title,
    requirement_counts,
    score_bar,
    score_text,
    summary_lines,
    verdict_title,
)

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import RenderableType

    from corcli.services.migrate import Move, StandardChange


def check_renderable(report: GapReport) -> RenderableType:
    """Return the text report as Rich renderables: verdict panel, element table, next actions."""
    from rich import box
    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    colour = {Verdict.READY: "green", Verdict.DEPENDS: "yellow", Verdict.NOT_READY: "red"}[report.verdict]
    panel_lines = Table.grid(padding=(0, 2))
    panel_lines.add_column(style="bold", no_wrap=True)
    panel_lines.add_column()
    for label, value in summary_lines(report):
        panel_lines.add_row(label, value)
    heading = Text.assemble((verdict_title(report), f"bold {colour}"))
    standard = Text(report.standard.title, style="dim")  # in the panel, not its title: a title line is cut short
    title = f"{escape(report.company.name)} · {report.report_date.isoformat()}"
    panel = Panel(Group(standard, heading, Text(""), panel_lines), title=title, title_align="left", border_style=colour)

    elements = Table(
        title="Elements",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
        caption="█ score if interview/observation items fail, ▒ more if they pass",
        caption_justify="left",
    )
    # Narrow terminals (80 columns) keep every column readable: titles and counts wrap, numbers never do.
    elements.add_column("No.", no_wrap=True, min_width=3)
    elements.add_column("Title", min_width=14, ratio=3)
    elements.add_column("Score", justify="right", no_wrap=True, min_width=11)
    elements.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    elements.add_column("Requirements", min_width=12, ratio=2)
    elements.add_column("Floor", no_wrap=True, min_width=5)
    for element in report.elements:
        mark = floor_mark(element).replace("below floor", "below")
        style = "red" if element.meets_floor is False else ""
        elements.add_row(
            element.id,
            element.title,
            score_text(element.score),
            Text(score_bar(element.score), style=style),
            requirement_counts(element),
            Text(mark, style=style),
        )

    parts: list[Any] = [panel]
    to_pass = path_title(report)
    if report.path_to_pass.actions:
        path = Table(title=to_pass, title_justify="left", box=box.SIMPLE_HEAD, expand=False)
        path.add_column("#", justify="right", no_wrap=True, min_width=2)
        path.add_column("Req", no_wrap=True, min_width=6)
        path.add_column("Effort", no_wrap=True, min_width=6)
        path.add_column("Points", justify="right", no_wrap=True, min_width=6)
        path.add_column("What to do")
        for number, step in enumerate(report.path_to_pass.actions, start=1):
            path.add_row(str(number), step.requirement, step.effort, f"+{step.points:.1f}", Text(step.action))
        parts.append(path)
    elif to_pass:
        parts.append(Text(to_pass, style="bold"))
    parts.append(elements)
    rest = [a for a in report.next_actions if not a.to_pass]
    if rest:
        actions = Table(title=REST_TITLE, title_justify="left", box=box.SIMPLE_HEAD, expand=False)
        actions.add_column("#", justify="right", no_wrap=True, min_width=2)
        actions.add_column("Req", no_wrap=True, min_width=6)
        actions.add_column("Points", justify="right", no_wrap=True, min_width=6)
        actions.add_column("What to do")
        for action in rest[:TEXT_ACTIONS]:
            req = action.requirement + (" !" if action.below_floor else "")
            actions.add_row(str(action.rank), req, f"+{action.points:.1f}", Text(action.action))
        parts.append(actions)
        extra = len(rest) - TEXT_ACTIONS
        notes = []
        if extra > 0:
            notes.append(f"{extra} more action(s): see --format csv or markdown.")
        if any(a.below_floor for a in rest[:TEXT_ACTIONS]):
            notes.append("! = its element is below the element minimum.")
        if notes:
            parts.append(Text(" ".join(notes), style="dim"))
    if report.not_applicable:
        na = Table(title="Not applicable (left out of the score)", title_justify="left", box=box.SIMPLE_HEAD)
        na.add_column("Req", no_wrap=True)
        na.add_column("Reason")
        na.add_column("Expires", no_wrap=True)
        for entry in report.not_applicable:
            na.add_row(entry.requirement, entry.reason, entry.expires.isoformat() if entry.expires else "")
        parts.append(na)
    parts.extend(_evidence_tables(report))
    return Group(*parts)


EVIDENCE_ROWS = 12
"""Rows of the 'count for nothing' table in the text report (every format but text lists them all)."""


def _evidence_tables(report: GapReport) -> list[Any]:
    """One element's files with why each counts (``check --element``), and the files that count for nothing."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    if len(report.elements) == 1 and report.evidence:
        files = Table(title="Files and what they count for", title_justify="left", box=box.SIMPLE_HEAD)
        files.add_column("File", overflow="fold")
        files.add_column("Counts for (why)", overflow="fold")
        for account in report.evidence:
            counted = [f"{t.requirement} ({t.reason})" for t in account.ties if t.counts]
            files.add_row(Text(account.path), Text("; ".join(counted) or f"nothing: {account.not_counted}"))
        parts.append(files)
        return parts
    idle = [a for a in report.evidence if not a.counted_for]
    if idle:
        table = Table(title="Files that count for nothing", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("File", overflow="fold")
        table.add_column("Why", overflow="fold")
        for account in idle[:EVIDENCE_ROWS]:
            table.add_row(Text(account.path), Text(account.not_counted))
        parts.append(table)
        if len(idle) > EVIDENCE_ROWS:
            more = len(idle) - EVIDENCE_ROWS
            parts.append(Text(f"{more} more: see 'corcli evidence list' or --format markdown.", style="dim"))
    return parts


def check_plain_text(report: GapReport, width: int = 100) -> str:
    """Return the text report as plain text (no colour), e.g. for ``--output``."""
    from corcli.cli.console import make

    buffer = io.StringIO()
    console = make(file=buffer, width=width, no_color=True, color_system=None, emoji=False)
    console.print(check_renderable(report))
    return buffer.getvalue()


def move_use(move: Move) -> str:
    """What to do about a file naming an old requirement id: the new id, or name the right one."""
    return f"use {move.new}" if move.new else "it has no known id in the new standard: name the right one"


def listed(items: list[str], most: int = 8) -> str:
    """The first ``most`` items joined, and how many more."""
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def report_change(change: StandardChange, backup: Path | None) -> None:
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
            + listed(
                [f"{kept} for element {by_folder[kept].id} {by_folder[kept].title}" for kept in change.folders.values()]
            )
            + "."
        )
    for message in plan.notes:
        note(message)
    moved = [f"{m.kind} {m.subject}: {m.old} -> {m.new}" for m in plan.moves]
    if moved:
        note(f"Moved to the new ids ({len(moved)}): " + listed(moved) + ".")
    answers = [m.subject for m in plan.unmapped if m.kind == "answer"]
    if answers:
        warn(
            f"{len(answers)} answer(s) for {old!r} have no known requirement in {new.id!r} and were taken out of "
            f"assessment.yaml: {listed(answers)}. Answer the new standard with 'corcli assess'."
        )
    ties = [f"{m.subject} ({m.old})" for m in plan.unmapped if m.kind == "evidence"]
    if ties:
        warn(
            f"{len(ties)} evidence tie(s) to {old!r} requirements have no known requirement in {new.id!r} and were "
            f"taken out of the index (the files and their dates and notes stay): {listed(ties)}. Tie them again "
            "with 'corcli evidence add FILE --requirement ID'."
        )
    by_hand = [f"{m.subject} ({m.old})" for m in plan.by_hand]
    if by_hand:
        warn(
            f"{len(by_hand)} file(s) name a requirement of {old!r} in their file name or sidecar, which {new.id!r} "
            f"numbers its own way: {listed(by_hand)}. Rename them (or edit the sidecar) with the new standard's id."
        )
    if change.left_folders:
        warn(
            f"Folders of {old!r} no element of {new.id!r} uses: {listed(change.left_folders)}. Their files stay and "
            "count only where tied to a requirement; move them into the new element folders ("
            + listed(change.new_folders, 4)
            + ") or tie them with 'corcli evidence add'."
        )
    if plan.backups:
        note("Copies kept: " + ", ".join(str(p) for p in plan.backups) + ".")


def bullets(items: list[str] | tuple[str, ...], *, indent: int = 2) -> Any:
    """Bullet points whose wrapped lines stay under their first word (a hanging indent), as text, never markup."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(" " * indent + "•", Text(item))
    return grid


def numbered_steps(steps: list[str]) -> Any:
    """'Next steps:' and its numbered steps, each wrapped under its own text."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for number, step in enumerate(steps, start=1):
        grid.add_row(f"  {number}.", Text(step))
    return Group(Text("Next steps:", style="bold"), grid)


def go_to_step(root: Path, here: Path) -> list[str]:
    """The first step when the workspace is not the current folder: every later command runs inside it."""
    import shlex

    target, current = root.resolve(), here.resolve()
    if target == current:
        return []
    shown = target.relative_to(current) if current in target.parents else target
    return [f"Go to the workspace: cd {shlex.quote(str(shown))}"]


def init_decision(
    certificate: str,
    partner: str,
    jurisdiction: str,
    standard_title: str,
    reasons: list[str] | tuple[str, ...],
    warnings: list[str] | tuple[str, ...],
) -> Any:
    """The 'Certificate decision' panel of ``corcli init``: what, with whom, and why."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = [
        Text.assemble((certificate, "bold"), " with ", (partner, "bold"), f", {jurisdiction}"),
        Text(f"Audit standard: {standard_title}"),
        Text(""),
        Text("Why:", style="bold"),
        bullets(reasons),
    ]
    if warnings:
        parts += [Text(""), Text("To confirm with your partner:", style="bold yellow"), bullets(warnings)]
    return Panel(Group(*parts), title="Certificate decision", title_align="center", expand=False)
