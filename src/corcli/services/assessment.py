"""The self-assessment workbook: ``assessment.yaml`` in the workspace, its answers, and its exports.

The file is meant to be edited by hand too, so it is loaded like every other data file (located errors)
and checked against the company's standard (unknown requirement ids, answers given twice, unsafe paths).
"""

from __future__ import annotations

import csv
import difflib
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Literal

from corcli.errors import CorcliError, DataFileError, Problem, UnknownIdError
from corcli.models import (
    Answer,
    Assessment,
    AssessmentAnswer,
    AuditElement,
    AuditStandard,
    CompanyProfile,
    EvidenceItem,
    Requirement,
)
from corcli.render.escape import markdown_cell, safe_cell
from corcli.storage import yamlio
from corcli.storage.workspace import EVIDENCE_DIR, Workspace, locked, write_atomic

ASSESSMENT_FILE = "assessment.yaml"
ExportFormat = Literal["markdown", "html", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("markdown", "html", "csv")

ANSWER_LABELS: dict[Answer, str] = {
    Answer.MET: "Met",
    Answer.PARTIAL: "Partly met",
    Answer.NOT_MET: "Not met",
    Answer.NOT_APPLICABLE: "N/A",
}
_ALIASES: dict[str, Answer] = {
    "met": Answer.MET,
    "m": Answer.MET,
    "yes": Answer.MET,
    "y": Answer.MET,
    "partial": Answer.PARTIAL,
    "partly": Answer.PARTIAL,
    "p": Answer.PARTIAL,
    "not_met": Answer.NOT_MET,
    "not-met": Answer.NOT_MET,
    "notmet": Answer.NOT_MET,
    "not met": Answer.NOT_MET,
    "n": Answer.NOT_MET,
    "no": Answer.NOT_MET,
    "na": Answer.NOT_APPLICABLE,
    "n/a": Answer.NOT_APPLICABLE,
    "n-a": Answer.NOT_APPLICABLE,
    "a": Answer.NOT_APPLICABLE,
    "not_applicable": Answer.NOT_APPLICABLE,
}


class AssessmentError(CorcliError):
    """An answer that cannot be recorded (bad value, N/A where the standard does not allow it...)."""


def _root(workspace: Workspace | Path) -> Path:
    return workspace.root if isinstance(workspace, Workspace) else workspace


def assessment_path(workspace: Workspace | Path) -> Path:
    """Return where the workspace keeps its self-assessment."""
    return _root(workspace) / ASSESSMENT_FILE


def parse_answer(text: str) -> Answer:
    """Turn 'met', 'partial', 'not met', 'na' (and short forms) into an ``Answer``."""
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    raise AssessmentError(
        f"{text!r} is not an answer.", "Use met, partial, not_met or na (N/A, where the standard allows it)."
    )


def parse_answer_spec(spec: str) -> tuple[str, Answer]:
    """Split 'REQ=met' into the requirement id and the answer."""
    requirement, sep, value = spec.partition("=")
    if not sep or not requirement.strip() or not value.strip():
        raise AssessmentError(
            f"--answer {spec!r} is not in the form REQUIREMENT=ANSWER.", "For example: --answer 1.2=met."
        )
    return requirement.strip(), parse_answer(value)


def ordered_requirements(standard: AuditStandard) -> list[tuple[AuditElement, Requirement]]:
    """Return every requirement of ``standard`` with its element, in audit order."""
    return [(element, req) for element in standard.elements for req in element.requirements]


def new_assessment(standard: AuditStandard) -> Assessment:
    """Return an empty workbook for ``standard``."""
    return Assessment(standard=standard.id)


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
                "Rename or remove the file to start a new workbook, or set certification.standard in corcli.yaml "
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
            hint = ("Did you mean " + " or ".join(repr(c) for c in close) + "? ") if close else ""
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


def is_safe_relative(name: str) -> bool:
    """Whether ``name`` is a plain relative '/'-path: no root, drive, backslash, '..', '.' or empty part."""
    if not name or name != name.strip() or "\\" in name or "\x00" in name or ":" in name:
        return False
    if any(ord(ch) < 32 for ch in name):
        return False
    pure = PurePosixPath(name)
    if pure.is_absolute():
        return False
    parts = name.split("/")
    return all(part not in {"", ".", ".."} for part in parts)


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


def _sorted(assessment: Assessment, standard: AuditStandard | None) -> Assessment:
    if standard is None:
        return assessment
    order = {req.id: index for index, (_, req) in enumerate(ordered_requirements(standard))}
    answers = sorted(assessment.answers, key=lambda a: (order.get(a.requirement, len(order)), a.requirement))
    return assessment.model_copy(update={"answers": answers})


def dump_assessment(assessment: Assessment, standard: AuditStandard | None = None) -> str:
    """Return the workbook as commented YAML, answers in audit order."""
    data = _sorted(assessment, standard).model_dump(mode="json")
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


def set_answer(
    assessment: Assessment,
    standard: AuditStandard,
    requirement_id: str,
    answer: Answer,
    *,
    today: date,
    note: str | None = None,
    evidence: Sequence[str] | None = None,
    by: str = "",
) -> Assessment:
    """Return ``assessment`` with the answer for ``requirement_id`` set (note/evidence kept when ``None``)."""
    found = standard.requirement(requirement_id)
    if found is None:
        known = [req.id for _, req in ordered_requirements(standard)]
        raise UnknownIdError(
            "requirement",
            requirement_id,
            difflib.get_close_matches(requirement_id, known, n=3),
            f"Requirement ids of {standard.id} run from {known[0]} to {known[-1]}.",
        )
    requirement = found[1]
    if answer == Answer.NOT_APPLICABLE and not requirement.na_allowed:
        raise AssessmentError(
            f"Requirement {requirement_id} cannot be marked N/A in {standard.id}.",
            "Answer met, partial or not_met; if it truly does not apply, list it under not_applicable in corcli.yaml "
            "with the reason and confirm with your partner.",
        )
    for path in evidence or ():
        if not is_safe_relative(path):
            raise AssessmentError(
                f"Evidence path {path!r} is not a plain path inside the evidence folder.",
                "Give the path relative to evidence/, e.g. 'policy/2026-01-10-policy.pdf'.",
            )
    previous = assessment.by_requirement().get(requirement_id)
    updated = AssessmentAnswer(
        requirement=requirement_id,
        answer=answer,
        note=(previous.note if previous else "") if note is None else note.strip(),
        evidence=(list(previous.evidence) if previous else []) if evidence is None else list(dict.fromkeys(evidence)),
        answered_on=today,
        answered_by=by or (previous.answered_by if previous else ""),
    )
    answers = [a for a in assessment.answers if a.requirement != requirement_id] + [updated]
    return _sorted(assessment.model_copy(update={"answers": answers, "standard": standard.id}), standard)


def merge_assessments(base: Assessment, incoming: Assessment, standard: AuditStandard | None = None) -> Assessment:
    """Merge two workbooks for the same standard: per requirement the later answer wins (ties: ``incoming``)."""
    if base.standard != incoming.standard:
        raise AssessmentError(
            f"Cannot merge answers for {incoming.standard!r} into a workbook for {base.standard!r}.",
            "Merge workbooks of the same standard only.",
        )
    merged = base.by_requirement()
    for item in incoming.answers:
        current = merged.get(item.requirement)
        if current is None or (item.answered_on or date.min) >= (current.answered_on or date.min):
            merged[item.requirement] = item
    return _sorted(base.model_copy(update={"answers": list(merged.values())}), standard)


def next_unanswered(
    assessment: Assessment | None, standard: AuditStandard, after: str | None = None
) -> tuple[AuditElement, Requirement] | None:
    """Return the first unanswered requirement (after ``after``, wrapping around), or ``None`` when done."""
    answered = set(assessment.by_requirement()) if assessment else set()
    items = ordered_requirements(standard)
    start = 0
    if after is not None:
        ids = [req.id for _, req in items]
        if after in ids:
            start = ids.index(after) + 1
    for element, req in items[start:] + items[:start]:
        if req.id not in answered:
            return element, req
    return None


@dataclass(frozen=True)
class Progress:
    """How far the workbook is."""

    answered: int
    total: int
    counts: dict[Answer, int] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        """Whether every requirement has an answer."""
        return self.answered >= self.total


def progress(assessment: Assessment | None, standard: AuditStandard) -> Progress:
    """Count answered requirements and answers by kind."""
    ids = {req.id for _, req in ordered_requirements(standard)}
    answers = [a for a in (assessment.answers if assessment else []) if a.requirement in ids]
    counts = Counter(a.answer for a in answers)
    return Progress(len({a.requirement for a in answers}), len(ids), {k: counts.get(k, 0) for k in Answer})


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


@dataclass(frozen=True)
class ExportRow:
    """One requirement in an export, answered or not."""

    element_id: str
    element_title: str
    requirement_id: str
    text: str
    verification: str
    points: float
    answer: str
    answer_label: str
    note: str
    evidence: tuple[str, ...]
    answered_on: str
    answered_by: str


def export_rows(
    assessment: Assessment | None, standard: AuditStandard, profile: CompanyProfile | None = None
) -> list[ExportRow]:
    """Return one row per requirement of ``standard``, with its answer, note and evidence."""
    answers = assessment.by_requirement() if assessment else {}
    not_applicable = {n.requirement: n.reason for n in profile.not_applicable} if profile else {}
    rows = []
    for element, req in ordered_requirements(standard):
        item = answers.get(req.id)
        note = item.note if item else ""
        if req.id in not_applicable and (item is None or item.answer == Answer.NOT_APPLICABLE):
            reason = f"Not applicable (corcli.yaml): {not_applicable[req.id]}"
            note = f"{note} {reason}".strip() if note else reason
        rows.append(
            ExportRow(
                element_id=element.id,
                element_title=element.title,
                requirement_id=req.id,
                text=req.text,
                verification=req.verification.value,
                points=req.points,
                answer=item.answer.value if item else "",
                answer_label=ANSWER_LABELS[item.answer] if item else "Not answered",
                note=note,
                evidence=tuple(item.evidence) if item else (),
                answered_on=item.answered_on.isoformat() if item and item.answered_on else "",
                answered_by=item.answered_by if item else "",
            )
        )
    return rows


def _summary(rows: Sequence[ExportRow]) -> list[tuple[str, int]]:
    counts = Counter(row.answer_label for row in rows)
    return [(label, counts[label]) for label in [*ANSWER_LABELS.values(), "Not answered"] if counts[label]]


def render_markdown(rows: Sequence[ExportRow], company: str, standard: AuditStandard, today: date) -> str:
    """Render the export as Markdown: a summary, then one table per element."""
    lines = [
        f"# Self-assessment: {company}",
        "",
        f"Standard: {standard.title} ({standard.id}, {standard.publisher}, edition {standard.edition}).  ",
        f"Exported: {today.isoformat()} by corcli.",
        "",
        "| Answer | Requirements |",
        "|---|---|",
        *[f"| {label} | {count} |" for label, count in _summary(rows)],
    ]
    current = None
    for row in rows:
        if row.element_id != current:
            current = row.element_id
            lines += [
                "",
                f"## {row.element_id}. {markdown_cell(row.element_title)}",
                "",
                "| Req. | Requirement | How verified | Answer | Note | Evidence | Answered |",
                "|---|---|---|---|---|---|---|",
            ]
        evidence = "<br>".join(markdown_cell(e) for e in row.evidence) or "none"
        answered = " ".join(x for x in (row.answered_on, row.answered_by) if x)
        lines.append(
            f"| {row.requirement_id} | {markdown_cell(row.text)} | {row.verification} | {row.answer_label} | "
            f"{markdown_cell(row.note)} | {evidence} | {markdown_cell(answered)} |"
        )
    return "\n".join(lines) + "\n"


_HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Self-assessment: {{ company }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
code { font-size: 0.9em; }
.met { background: #e6f4ea; } .partial { background: #fff4e0; } .not_met { background: #fde8e8; }
.na { background: #f0f0f0; } .unanswered { background: #fff; color: #a00; }
@media print { h2 { page-break-before: auto; } tr { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>Self-assessment: {{ company }}</h1>
<p>Standard: {{ standard.title }} ({{ standard.id }}, {{ standard.publisher }}, edition {{ standard.edition }}).<br>
Exported: {{ today }} by corcli.</p>
<table><thead><tr><th>Answer</th><th>Requirements</th></tr></thead><tbody>
{% for label, count in summary %}<tr><td>{{ label }}</td><td>{{ count }}</td></tr>
{% endfor %}</tbody></table>
{% for element_id, element_title, element_rows in elements %}
<h2>{{ element_id }}. {{ element_title }}</h2>
<table><thead><tr><th>Req.</th><th>Requirement</th><th>How verified</th><th>Answer</th><th>Note</th>
<th>Evidence</th><th>Answered</th></tr></thead><tbody>
{% for row in element_rows %}<tr class="{{ row.answer or 'unanswered' }}"><td>{{ row.requirement_id }}</td>
<td>{{ row.text }}</td><td>{{ row.verification }}</td><td>{{ row.answer_label }}</td><td>{{ row.note }}</td>
<td>{% for e in row.evidence %}<code>{{ e }}</code>{% if not loop.last %}<br>{% endif %}{% else %}none{% endfor %}</td>
<td>{{ row.answered_on }} {{ row.answered_by }}</td></tr>
{% endfor %}</tbody></table>
{% endfor %}
</body>
</html>
"""


def render_html(rows: Sequence[ExportRow], company: str, standard: AuditStandard, today: date) -> str:
    """Render the export as one self-contained, autoescaped HTML page."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    elements: list[tuple[str, str, list[ExportRow]]] = []
    for row in rows:
        if not elements or elements[-1][0] != row.element_id:
            elements.append((row.element_id, row.element_title, []))
        elements[-1][2].append(row)
    return env.from_string(_HTML_TEMPLATE).render(
        company=company, standard=standard, today=today.isoformat(), summary=_summary(rows), elements=elements
    )


def render_csv(rows: Sequence[ExportRow]) -> str:
    """Render the export as CSV, one line per requirement."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "element",
            "element_title",
            "requirement",
            "text",
            "verification",
            "points",
            "answer",
            "note",
            "evidence",
            "answered_on",
            "answered_by",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                safe_cell(row.element_id),
                safe_cell(row.element_title),
                safe_cell(row.requirement_id),
                safe_cell(row.text),
                row.verification,
                f"{row.points:g}",
                row.answer or "not_answered",
                safe_cell(row.note),
                safe_cell("; ".join(row.evidence)),
                row.answered_on,
                safe_cell(row.answered_by),
            ]
        )
    return buffer.getvalue()


def export_assessment(
    assessment: Assessment | None,
    standard: AuditStandard,
    fmt: ExportFormat,
    *,
    company: str,
    today: date,
    profile: CompanyProfile | None = None,
) -> str:
    """Export every requirement of ``standard`` with its answer, note and evidence as ``fmt``."""
    rows = export_rows(assessment, standard, profile)
    if fmt == "markdown":
        return render_markdown(rows, company, standard, today)
    if fmt == "html":
        return render_html(rows, company, standard, today)
    return render_csv(rows)


__all__ = [
    "ANSWER_LABELS",
    "ASSESSMENT_FILE",
    "EVIDENCE_DIR",
    "EXPORT_FORMATS",
    "AssessmentError",
    "ExportFormat",
    "ExportRow",
    "Progress",
    "assessment_path",
    "dump_assessment",
    "evidence_choices",
    "export_assessment",
    "export_rows",
    "is_safe_relative",
    "load_assessment",
    "merge_assessments",
    "missing_evidence",
    "new_assessment",
    "next_unanswered",
    "ordered_requirements",
    "parse_answer",
    "parse_answer_spec",
    "progress",
    "save_assessment",
    "set_answer",
    "update_assessment",
]
