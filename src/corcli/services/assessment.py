"""The self-assessment workbook on disk (``assessment.yaml``) and its export, as use cases.

The file is meant to be edited by hand too, so it is loaded like every other data file (located errors)
and checked against the company's standard (unknown requirement ids, answers given twice, unsafe paths).
The rules of answers live in ``rules/assessment.py``; the export's rendering in ``render/assessment.py``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from corcli.errors import DataFileError, Problem
from corcli.models import Answer, Assessment, AuditElement, AuditStandard, CompanyProfile, EvidenceItem
from corcli.models.assessment import InterviewAnswer
from corcli.render.assessment import EXPORT_FORMATS, ExportFormat, render_export
from corcli.rules.assessment import (
    export_rows,
    is_safe_relative,
    new_assessment,
    ordered_requirements,
    set_answer,
    sort_answers,
)
from corcli.services.project import Project
from corcli.storage import yamlio
from corcli.storage.workspace import EVIDENCE_DIR, Workspace, locked, write_atomic

ASSESSMENT_FILE = "assessment.yaml"


def _root(workspace: Workspace | Path) -> Path:
    return workspace.root if isinstance(workspace, Workspace) else workspace


def assessment_path(workspace: Workspace | Path) -> Path:
    """Return where the workspace keeps its self-assessment."""
    return _root(workspace) / ASSESSMENT_FILE


def _migrate_hint(standard: AuditStandard, old_standard: str, requirement_ids: list[str]) -> str:
    """Point to 'corcli migrate' when the standard knows how to take over answers of an earlier edition."""
    mapped = {rid for m in standard.migrates_from if m.standard == old_standard for rid in m.requirements}
    knows_old = old_standard != standard.id and any(m.standard == old_standard for m in standard.migrates_from)
    if knows_old or set(requirement_ids) & mapped:
        return "The audit standard was updated: run 'corcli migrate' to move the answers to it (a copy is kept). "
    return ""


def _problems(path: Path, assessment: Assessment, standard: AuditStandard) -> list[Problem]:
    try:
        loaded = yamlio.load_yaml(path)
    except DataFileError:
        loaded = yamlio.LoadedYaml(path, None, {})
    problems: list[Problem] = []
    if assessment.standard != standard.id:
        line, column = loaded.locate(("standard",))
        problems.append(
            Problem(
                path,
                f"the answers are for standard {assessment.standard!r}, but the company's standard is {standard.id!r}.",
                _migrate_hint(standard, assessment.standard, [])
                + "Rename or remove the file to start a new workbook, or set certification.standard in corcli.yaml "
                "back to the workbook's standard.",
                line,
                column,
            )
        )
        return problems
    known = [req.id for _, req in ordered_requirements(standard)]
    seen: dict[str, int] = {}
    for index, item in enumerate(assessment.answers):
        line, column = loaded.locate(("answers", index, "requirement"))
        if item.requirement not in known:
            close = difflib.get_close_matches(item.requirement, known, n=2)
            hint = _migrate_hint(standard, standard.id, [item.requirement]) or (
                ("Did you mean " + " or ".join(repr(c) for c in close) + "? ") if close else ""
            )
            problems.append(
                Problem(
                    path,
                    f"requirement {item.requirement!r} is not in {standard.id!r}.",
                    hint + "Use a requirement id from the standard ('corcli assess' lists them).",
                    line,
                    column,
                )
            )
        if item.requirement in seen:
            problems.append(
                Problem(
                    path,
                    f"requirement {item.requirement!r} is answered twice "
                    f"(first at answer {seen[item.requirement] + 1}).",
                    "Keep one of the answers.",
                    line,
                    column,
                )
            )
        seen.setdefault(item.requirement, index)
        found = standard.requirement(item.requirement)
        if found is not None and item.answer == Answer.NOT_APPLICABLE and not found[1].na_allowed:
            line, column = loaded.locate(("answers", index, "answer"))
            problems.append(
                Problem(
                    path,
                    f"requirement {item.requirement!r} cannot be marked N/A in {standard.id!r}.",
                    "Answer met, partial or not_met; if it truly does not apply, list it under not_applicable in "
                    "corcli.yaml with the reason and confirm with your partner.",
                    line,
                    column,
                )
            )
        for position, evidence in enumerate(item.evidence):
            if not is_safe_relative(evidence):
                line, column = loaded.locate(("answers", index, "evidence", position))
                problems.append(
                    Problem(
                        path,
                        f"evidence path {evidence!r} is not a plain path inside the evidence folder.",
                        "Give the path relative to evidence/, e.g. 'policy/2026-01-10-policy.pdf', without '..'.",
                        line,
                        column,
                    )
                )
    return problems


def answers_for(workspace: Workspace | Path, standard: AuditStandard) -> tuple[Assessment | None, list[str]]:
    """The workbook's answers when they are for ``standard``; else none, and a warning that says why.

    Why: after a change of program or partner the old answers stay in ``assessment.yaml`` untouched, and
    ``check`` still runs (scoring the new standard without them) instead of refusing.
    """
    path = assessment_path(workspace)
    if not path.exists():
        return None, []
    assessment = yamlio.load_model(path, Assessment)
    if assessment.standard != standard.id:
        hint = _migrate_hint(standard, assessment.standard, []) or (
            "Move the file away (e.g. into .corcli/) to start a workbook for the new standard with 'corcli assess'."
        )
        return None, [
            f"{path} holds answers for the standard {assessment.standard!r}, not the company's standard "
            f"{standard.id!r}; they are kept but not counted. {hint.strip()}"
        ]
    return load_assessment(workspace, standard), []


def load_assessment(workspace: Workspace | Path, standard: AuditStandard | None = None) -> Assessment | None:
    """Load the workspace's ``assessment.yaml``; ``None`` when there is none yet.

    With ``standard``, the answers are also checked against it (every problem located in the file).
    """
    path = assessment_path(workspace)
    if not path.exists():
        return None
    assessment = yamlio.load_model(path, Assessment)
    if standard is not None:
        problems = _problems(path, assessment, standard)
        if problems:
            raise DataFileError(path, problems)
    return assessment


def dump_assessment(assessment: Assessment, standard: AuditStandard | None = None) -> str:
    """Return the workbook as commented YAML, answers in audit order."""
    data = sort_answers(assessment, standard).model_dump(mode="json")
    for item in data["answers"]:
        for key in [k for k, v in item.items() if v is None]:
            del item[key]
    header = (
        f"# corcli self-assessment for {assessment.standard}. Edit by hand or run 'corcli assess'.\n"
        "# answer: met | partial | not_met | na. evidence: paths relative to evidence/. Dates are YYYY-MM-DD.\n"
    )
    return header + yamlio.dump_yaml(data)


def save_assessment(workspace: Workspace | Path, assessment: Assessment, standard: AuditStandard | None = None) -> Path:
    """Write ``assessment.yaml`` atomically (under the workspace lock) and return its path."""
    root = _root(workspace)
    path = assessment_path(root)
    with locked(root / ".corcli" / "assessment.lock"):
        write_atomic(path, dump_assessment(assessment, standard))
    return path


def update_assessment(
    workspace: Workspace | Path, standard: AuditStandard, change: Callable[[Assessment], Assessment]
) -> Assessment:
    """Reload the workbook under the lock, apply ``change``, save it atomically, and return the result.

    Why: an answer is merged into the file as it is now, so a second ``corcli assess`` or a hand edit made
    meanwhile is kept rather than overwritten.
    """
    root = _root(workspace)
    with locked(root / ".corcli" / "assessment.lock"):
        current = load_assessment(root, standard) or new_assessment(standard)
        updated = change(current)
        write_atomic(assessment_path(root), dump_assessment(updated, standard))
    return updated


def evidence_choices(
    evidence_dir: Path, element: AuditElement, items: Iterable[EvidenceItem] | None = None
) -> list[str]:
    """Return evidence paths (relative to evidence/) filed under ``element``, from the index or the folder."""
    if items is not None:
        return sorted({i.path for i in items if i.element in (element.folder, element.id)})
    folder = evidence_dir / element.folder
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(evidence_dir).as_posix()
        if any(part.startswith(".") for part in relative.split("/")) or path.name.endswith(".meta.yaml"):
            continue
        found.append(relative)
    return sorted(found)


def missing_evidence(assessment: Assessment, evidence_dir: Path) -> list[tuple[str, str]]:
    """Return (requirement, path) pairs whose evidence file does not exist."""
    return [
        (item.requirement, path)
        for item in assessment.answers
        for path in item.evidence
        if is_safe_relative(path) and not (evidence_dir / path).is_file()
    ]


def answerer(project: Project, by: str | None = None) -> str:
    """Who answers: ``--by``, else the profile's safety coordinator, else nobody named."""
    if by:
        return by
    coordinator = project.profile.safety_coordinator
    return coordinator.name if coordinator else ""


def record_answer(
    project: Project,
    requirement_id: str,
    answer: Answer,
    *,
    today: date,
    note: str | None = None,
    evidence: Sequence[str] | None = None,
    by: str = "",
    interviews: Sequence[InterviewAnswer] | None = None,
) -> Assessment:
    """Record one answer in the workbook as it is on disk now, and return the saved workbook."""
    return record_answers(
        project, [(requirement_id, answer)], today=today, note=note, evidence=evidence, by=by, interviews=interviews
    )


def record_answers(
    project: Project,
    answers: Sequence[tuple[str, Answer]],
    *,
    today: date,
    note: str | None = None,
    evidence: Sequence[str] | None = None,
    by: str = "",
    interviews: Sequence[InterviewAnswer] | None = None,
) -> Assessment:
    """Record answers (same note, evidence and interviews for each) under the lock; return the saved workbook."""
    standard = project.standard

    def apply(current: Assessment) -> Assessment:
        for requirement_id, value in answers:
            current = set_answer(
                current,
                standard,
                requirement_id,
                value,
                today=today,
                note=note,
                evidence=evidence,
                by=by,
                interviews=interviews,
            )
        return current

    return update_assessment(project.workspace, standard, apply)


def evidence_by_element(project: Project) -> dict[str, list[str]]:
    """Evidence paths per element folder to offer as answers' evidence: from the scan, else the folders."""
    from corcli.errors import CorcliError

    try:
        from corcli.evidence.scan import collect_evidence

        scan = collect_evidence(project.workspace, project.standard)
        return {e.folder: sorted({i.path for i in scan.in_element(e)}) for e in project.standard.elements}
    except CorcliError:
        return {e.folder: evidence_choices(project.workspace.evidence_dir, e) for e in project.standard.elements}


def export_assessment(
    assessment: Assessment | None,
    standard: AuditStandard,
    fmt: ExportFormat,
    *,
    company: str,
    today: date,
    profile: CompanyProfile | None = None,
    template_dir: Path | None = None,
    counted: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """Export every requirement of ``standard`` with its answer, note and evidence as ``fmt``.

    ``counted`` gives the evidence files ``check`` counts for each requirement (``Assignment.counted``).
    """
    rows = export_rows(assessment, standard, profile, counted)
    return render_export(rows, fmt, company=company, standard=standard, today=today, template_dir=template_dir)


__all__ = [
    "ASSESSMENT_FILE",
    "EVIDENCE_DIR",
    "EXPORT_FORMATS",
    "ExportFormat",
    "answerer",
    "answers_for",
    "assessment_path",
    "dump_assessment",
    "evidence_by_element",
    "evidence_choices",
    "export_assessment",
    "load_assessment",
    "missing_evidence",
    "record_answer",
    "record_answers",
    "save_assessment",
    "update_assessment",
]
