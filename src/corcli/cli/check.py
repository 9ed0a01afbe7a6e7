"""``corcli check``: would the company pass if the audit were today, and what to fix first."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corcli.cli._common import (
    DataDirOpt,
    ForceOpt,
    OutputOpt,
    WorkspaceOpt,
    cwd,
    echo_json,
    emit,
    parse_today,
    refuse_output_early,
    reports_errors,
)
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from corcli.models import GapReport
    from corcli.services.project import Project


class CheckFormat(StrEnum):
    """Output formats of ``corcli check``."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    CSV = "csv"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("check")(check)


class AuditChoice(StrEnum):
    """Which pass rule ``check`` scores against."""

    AUTO = "auto"
    CERTIFICATION = "certification"
    MAINTENANCE = "maintenance"


def run_check(project: "Project", today: date, audit: str | None = None) -> "GapReport":
    """Run the check service with a progress bar, and print its warnings on stderr."""
    from corcli.cli.console import warn_many
    from corcli.cli.progress import LazyProgress
    from corcli.services.check import run_check as check_service

    progress = LazyProgress()
    try:
        report = check_service(project, today, audit, progress=progress)
    finally:
        progress.close()
    warn_many(report.warnings)
    return report


def write_report(report: "GapReport", output_format: CheckFormat, output: Path | None, *, force: bool = False) -> None:
    """Print the report (text in colour on a terminal) or write it to ``output``."""
    from corcli.cli import views

    if output_format == CheckFormat.TEXT:
        if output is None:
            from corcli.cli.console import out

            out().print(views.check_renderable(report))
            return
        emit(views.check_plain_text(report), output, force=force)
        return
    from corcli.render import report as reporting

    if output_format == CheckFormat.JSON:  # in parts: at 50,000 files the JSON is 28 MB
        emit(reporting.render_json_parts(report), output, force=force)
        return
    emit(reporting.render(report, output_format.value), output, force=force)


def _legal_check(
    project: "Project", today: date, output_format: CheckFormat, output: Path | None, *, force: bool, exit_zero: bool
) -> None:
    """A workspace without a certificate program: which legal duties have evidence; exit 1 when some lack it."""
    from corcli.cli.console import warn_many
    from corcli.cli.progress import LazyProgress
    from corcli.render.legal import render
    from corcli.services.check import run_legal_check

    progress = LazyProgress()
    try:
        report = run_legal_check(project, today, progress=progress)
    finally:
        progress.close()
    warn_many(report.warnings)
    emit(render(report, output_format.value), output, force=force)
    if report.lacking and not exit_zero:
        raise typer.Exit(ExitCode.FINDINGS)


def _unknown_element(project: "Project", element: str) -> "Exception":
    import difflib

    from corcli.errors import UnknownIdError

    elements = project.standard.elements
    choices = [e.id for e in elements] + [e.folder for e in elements]
    return UnknownIdError(
        "element",
        element,
        difflib.get_close_matches(element, choices, n=2),
        "Elements: " + ", ".join(f"{e.id} ({e.folder})" for e in elements) + ".",
    )


def _explanation(project: "Project", report: "GapReport", wanted: str, output_format: CheckFormat) -> str:
    """Return what ``check --explain REQ`` prints: the requirement's result and every file tied to it."""
    from corcli.evidence.naming import find_requirement

    req_id, _element = find_requirement(project.standard, wanted)
    result = next(r for e in report.elements for r in e.requirements if r.id == req_id)
    ties = [(a, t) for a in report.evidence for t in a.ties if t.requirement == req_id]
    proposed = [a.path for a in report.evidence if req_id in a.proposed]
    if output_format == CheckFormat.JSON:
        data = {
            "requirement": req_id,
            "text": result.text,
            "status": result.status.value,
            "points_low": result.points_low,
            "points_possible": result.points_possible,
            "reasons": result.reasons,
            "scored_on": result.evidence,
            "files": [
                {
                    "path": a.path,
                    "record_date": a.record_date.isoformat() if a.record_date else None,
                    "counts": t.counts,
                    "reason": t.reason,
                    "why_not": t.why_not,
                }
                for a, t in ties
            ],
            "proposed": proposed,
        }
        return echo_json(data)  # a name that is not UTF-8 as \udcXX, as 'check -f json' writes it
    lines = [
        f"{req_id}: {result.text}",
        f"Status: {result.status.value} ({result.points_low:g} of {result.points_possible:g} points)",
    ]
    lines += [f"  {reason}" for reason in result.reasons]
    if not ties:
        lines.append("No file is tied to it.")
    for a, t in ties:
        when = a.record_date.isoformat() if a.record_date else "no date"
        verdict = f"counted: {t.reason}" if t.counts else f"not counted: {t.why_not} (tied: {t.reason})"
        lines.append(f"- evidence/{a.path} ({when}): {verdict}")
    for path in proposed:
        lines.append(f"- evidence/{path}: proposed, not counted (its name fits more than one requirement)")
    return "\n".join(lines)


@reports_errors
def check(
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Report format.", case_sensitive=False)
    ] = CheckFormat.TEXT,
    output: OutputOpt = None,
    force: ForceOpt = False,
    element: Annotated[
        str | None,
        typer.Option(
            "--element",
            "-e",
            help="Show only this element (id or folder); the verdict still covers all.",
            show_default=False,
        ),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when not ready (for people who only want the report).")
    ] = False,
    audit: Annotated[
        AuditChoice,
        typer.Option(
            "--audit",
            help="Pass rule to score against: certification, maintenance, or auto (maintenance while the "
            "certificate in certification.certified_on is valid).",
            case_sensitive=False,
        ),
    ] = AuditChoice.AUTO,
    today: Annotated[
        str | None, typer.Option("--today", hidden=True, help="Score as of this date (YYYY-MM-DD), for tests.")
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="REQ",
            help="Show only requirement REQ: its result and every file tied to it, counted or not, and why.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score the evidence against the audit standard: exit 0 ready, 1 not ready, 2 input error."""
    from corcli.render.report import for_element
    from corcli.services.project import open_project

    when = parse_today(today)
    refuse_output_early(output, force)
    project = open_project(workspace, data_dir, cwd())
    if element is not None and not project.legal_program and project.standard.element(element) is None:
        raise _unknown_element(project, element)  # before the check runs and prints its warnings
    if explain is not None and not project.legal_program:
        from corcli.evidence.naming import find_requirement

        find_requirement(project.standard, explain)  # an unknown id is refused before the check, too
    if project.legal_program:
        if element is not None or explain is not None:
            from corcli.errors import CorcliError

            raise CorcliError(
                f"--{'element' if element is not None else 'explain'} applies to an audit standard; "
                f"{project.standard.id} is a legal program.",
                "Run 'corcli check --format json': it lists each duty with its evidence and what is missing.",
            )
        _legal_check(project, when, output_format, output, force=force, exit_zero=exit_zero)
        return
    report = run_check(project, when, None if audit == AuditChoice.AUTO else audit.value)
    shown = report
    if element is not None:
        limited = for_element(report, element)
        if limited is None:
            raise _unknown_element(project, element)
        ids = {r.id for e in limited.elements for r in e.requirements}
        folders = {e.folder for e in limited.elements}
        kept = [a for a in report.evidence if a.element in folders or ids.intersection(t.requirement for t in a.ties)]
        shown = limited.model_copy(update={"evidence": kept})
    if explain is not None:
        emit(_explanation(project, report, explain, output_format), output, force=force)
    else:
        write_report(shown, output_format, output, force=force)
    if not report.ready and not exit_zero:
        raise typer.Exit(ExitCode.FINDINGS)
