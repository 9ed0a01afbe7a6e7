"""``corcli assess``: the self-assessment workbook (interactive or scripted) and its export."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from corcli.errors import ExitCode

if TYPE_CHECKING:
    from datetime import date

    from corcli.models import Answer, Assessment, AuditElement, Requirement
    from corcli.services.project import Project

assess_app = typer.Typer(
    name="assess",
    help="Answer the self-assessment workbook (met / partial / not met / N/A, a note, evidence) and export it.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ExportFormat(StrEnum):
    """Formats of ``assess export``."""

    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"


def register(app: typer.Typer) -> None:
    """Add the ``assess`` command group to the app."""
    app.add_typer(assess_app, name="assess")


class _Quit(Exception):
    """The person asked to stop (q or end of input)."""


def _ask(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        sys.stderr.write("\n")
        raise _Quit
    return line.strip()


def _choose_answer(requirement: "Requirement", current: "Answer | None") -> "Answer | None":
    """Ask for an answer; ``None`` means skip."""
    from corcli.cli.console import warn
    from corcli.models import Answer
    from corcli.rules.assessment import AssessmentError, parse_answer

    keep = f", Enter keeps '{current.value}'" if current else ", Enter skips"
    na = " [a] N/A" if requirement.na_allowed else ""
    while True:
        raw = _ask(f"Answer: [m]et [p]artial [n]ot met{na} [s]kip [q]uit{keep} > ").lower()
        if raw in {"q", "quit"}:
            raise _Quit
        if raw in {"s", "skip"}:
            return None
        if not raw:
            return current
        try:
            answer = parse_answer(raw)
        except AssessmentError as exc:
            warn(f"{exc.message} Type m, p, n{', a' if requirement.na_allowed else ''}, s or q.")
            continue
        if answer == Answer.NOT_APPLICABLE and not requirement.na_allowed:
            warn("This requirement cannot be marked N/A in your standard. Answer m, p or n.")
            continue
        return answer


def _choose_evidence(choices: "list[str]", current: "list[str]", evidence_dir: Path) -> "list[str]":
    from corcli.cli.console import err, warn
    from corcli.rules.assessment import is_safe_relative

    console = err()
    if choices:
        console.print("Evidence filed for this element:")
        for number, path in enumerate(choices, 1):
            mark = "*" if path in current else " "
            console.print(f"  {mark}{number:>3}. {path}", markup=False)
    else:
        console.print("No evidence is filed for this element yet ('corcli evidence add' files it).")
    while True:
        raw = _ask("Evidence: numbers or paths, comma-separated ('-' for none, Enter keeps current) > ")
        if not raw:
            return current
        if raw == "-":
            return []
        picked: list[str] = []
        bad: list[str] = []
        for token in (t.strip() for t in raw.split(",")):
            if not token:
                continue
            if token.isdigit() and 1 <= int(token) <= len(choices):
                picked.append(choices[int(token) - 1])
            elif is_safe_relative(token) and (evidence_dir / token).is_file():
                picked.append(token)
            else:
                bad.append(token)
        if bad:
            warn(f"Not an evidence number or file under evidence/: {', '.join(bad)}. Try again.")
            continue
        return list(dict.fromkeys(picked))


def _show(
    index: int, total: int, element: "AuditElement", requirement: "Requirement", current: "Assessment | None"
) -> None:
    from rich.text import Text

    from corcli.cli.console import err
    from corcli.rules.assessment import ANSWER_LABELS

    console = err()
    console.print()
    heading = f"[{index}/{total}] Element {element.id}. {element.title} — {requirement.id}"
    points = f" ({requirement.verification.value}, {requirement.points:g} points)"
    console.print(Text.assemble((heading, "bold"), points))
    console.print(requirement.text, markup=False)
    if requirement.guidance:
        console.print(f"How to meet it: {requirement.guidance}", markup=False, style="dim")
    previous = current.by_requirement().get(requirement.id) if current else None
    if previous:
        detail = f"Current answer: {ANSWER_LABELS[previous.answer]}"
        if previous.note:
            detail += f" — {previous.note}"
        console.print(detail, markup=False)


def _interactive(
    project: "Project",
    assessment: "Assessment",
    today: "date",
    by: str,
    start: "str | None",
    review: bool,
    people: bool,
) -> int:
    """Walk the requirements one at a time, saving after each answer. Return how many were answered."""
    from corcli.cli.console import note
    from corcli.rules.assessment import answer_queue, ordered_requirements
    from corcli.services.assessment import evidence_by_element, record_answer

    ids = [req.id for _, req in ordered_requirements(project.standard)]
    answered_ids = set(assessment.by_requirement())
    queue = answer_queue(project.standard, assessment, start=start, review=review, people=people)
    if not queue:
        note("Nothing left to answer. Use --all to review your answers, or --from REQ to start at one.")
        return 0
    evidence = evidence_by_element(project)
    note(
        f"{len(answered_ids & set(ids))} of {len(ids)} requirements answered. Answers are saved after each one; "
        "type q (or Ctrl-D) to stop and resume later with 'corcli assess'. 'corcli check' scores documentation "
        "items from your evidence files and uses these answers for interview and observation items."
    )
    count = 0
    try:
        for element, requirement in queue:
            _show(ids.index(requirement.id) + 1, len(ids), element, requirement, assessment)
            previous = assessment.by_requirement().get(requirement.id)
            answer = _choose_answer(requirement, previous.answer if previous else None)
            if answer is None:
                continue
            current_note = previous.note if previous else ""
            shown = f" (Enter keeps '{current_note}', '-' clears)" if current_note else ""
            raw_note = _ask(f"Note: what did you see or hear? A specific example helps{shown} > ")
            new_note = current_note if not raw_note else ("" if raw_note == "-" else raw_note)
            files = _choose_evidence(
                evidence.get(element.folder, []),
                list(previous.evidence) if previous else [],
                project.workspace.evidence_dir,
            )
            assessment = record_answer(
                project, requirement.id, answer, today=today, note=new_note, evidence=files, by=by
            )
            count += 1
            note(f"Saved {requirement.id}.")
    except _Quit:
        note("Stopped. Your answers are saved; run 'corcli assess' to resume.")
    except KeyboardInterrupt:
        note("Interrupted. Your answers are saved; run 'corcli assess' to resume.")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    return count


def _print_status(project: "Project", assessment: "Assessment | None") -> None:
    from corcli.cli.console import note, out
    from corcli.rules.assessment import ANSWER_LABELS, next_unanswered, progress
    from corcli.services.assessment import assessment_path

    done = progress(assessment, project.standard)
    console = out()
    console.print(f"Self-assessment for {project.standard.id}: {done.answered} of {done.total} requirements answered.")
    for answer, label in ANSWER_LABELS.items():
        if done.counts.get(answer):
            console.print(f"  {label}: {done.counts[answer]}")
    following = next_unanswered(assessment, project.standard)
    if following is not None:
        element, requirement = following
        console.print(
            f"Next: {requirement.id} (element {element.id}. {element.title}): {requirement.text}", markup=False
        )
    note(f"Workbook: {assessment_path(project.workspace)}")


@assess_app.callback(invoke_without_command=True)
@reports_errors
def assess(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer", "-a", help="Record an answer, REQ=met|partial|not_met|na (repeatable).", show_default=False
        ),
    ] = None,
    note_text: Annotated[
        str | None,
        typer.Option("--note", "-n", help="Note for the --answer(s); what was seen or heard.", show_default=False),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            "-e",
            help="Evidence path under evidence/ for the --answer(s) (repeatable).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Who answers (default: the safety coordinator).")] = "",
    interviewee: Annotated[
        list[str] | None,
        typer.Option(
            "--interviewee",
            "-i",
            help="For an interview --answer: what one person in the sample answered, NAME=yes|no (repeatable); "
            "check then scores the share of positive answers.",
            show_default=False,
        ),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask one requirement at a time (default: when standard input is a terminal).",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="Start (or revisit) at this requirement id.", show_default=False)
    ] = None,
    review: Annotated[bool, typer.Option("--all", help="Go through answered requirements too.")] = False,
    people: Annotated[
        bool,
        typer.Option("--people", help="Only interview and observation items (the answers 'check' scores)."),
    ] = False,
) -> None:
    """Answer the self-assessment: interactively, or with --answer REQ=met for scripts.

    Without --answer and without a terminal, show how far the workbook is.
    """
    if ctx.invoked_subcommand is not None:
        return
    from datetime import date

    from corcli.cli.console import note, warn
    from corcli.rules.assessment import AssessmentError, new_assessment, parse_answer_spec, parse_interviewee
    from corcli.services.assessment import (
        answerer,
        assessment_path,
        load_assessment,
        missing_evidence,
        record_answers,
    )
    from corcli.services.project import open_project

    project = open_project(workspace, data_dir, cwd())
    standard = project.standard
    assessment = load_assessment(project.workspace, standard) or new_assessment(standard)
    today = date.today()
    who = answerer(project, by)
    if (note_text is not None or evidence) and not answer:
        raise AssessmentError("--note and --evidence go with --answer.", "For example: --answer 1.2=met --note '...'.")
    if interviewee and not answer:
        raise AssessmentError(
            "--interviewee goes with --answer.", "For example: --answer 1.6=met --interviewee 'Lee Tran=yes'."
        )
    if answer:
        specs = [parse_answer_spec(spec) for spec in answer]
        sample = [parse_interviewee(spec) for spec in interviewee] if interviewee else None
        assessment = record_answers(
            project, specs, today=today, note=note_text, evidence=evidence, by=who, interviews=sample
        )
        note(f"Recorded {len(specs)} answer(s) in {assessment_path(project.workspace)}.")
        for requirement_id, missing in missing_evidence(assessment, project.workspace.evidence_dir):
            warn(f"{requirement_id}: evidence file evidence/{missing} does not exist.")
        _print_status(project, assessment)
        return
    if interactive is None:
        interactive = sys.stdin.isatty()
    if interactive:
        _interactive(project, assessment, today, who, start, review, people)
        _print_status(project, load_assessment(project.workspace, standard))
        return
    _print_status(project, load_assessment(project.workspace, standard))
    note("Standard input is not a terminal: record answers with --answer REQ=met (or use --interactive).")


@assess_app.command("export")
@reports_errors
def export(
    workspace: WorkspaceOpt = None,
    data_dir: DataDirOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.MARKDOWN,
    output: OutputOpt = None,
    force: ForceOpt = False,
    template_dir: TemplateDirOpt = None,
    today: Annotated[
        str | None, typer.Option("--today", hidden=True, help="Export as of this date (YYYY-MM-DD), for tests.")
    ] = None,
) -> None:
    """Export every requirement with its answer, note, evidence and the files check counts for it."""
    from corcli.cli._common import parse_today
    from corcli.cli.console import note
    from corcli.rules.assessment import progress
    from corcli.services.assessment import export_assessment, load_assessment
    from corcli.services.evidence import scan_and_assign
    from corcli.services.project import open_project

    when = parse_today(today)
    project = open_project(workspace, data_dir, cwd())
    assessment = load_assessment(project.workspace, project.standard)
    _scan, assignment = scan_and_assign(project, when)
    text = export_assessment(
        assessment,
        project.standard,
        fmt.value,
        company=project.profile.company.name,
        today=when,
        profile=project.profile,
        template_dir=template_dir_or_default(template_dir),
        counted=assignment.counted,
    )
    emit(text, output, force=force)
    done = progress(assessment, project.standard)
    if not done.done:
        note(f"{done.total - done.answered} of {done.total} requirements are not answered yet ('corcli assess').")
