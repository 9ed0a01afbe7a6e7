"""The self-assessment workbook's rules: answers, their order, progress and export rows (pure).

Why here: every rule a workbook follows (which answers exist, N/A only where the standard allows it,
safe evidence paths, the later answer wins a merge) holds whether the answers come from the file, the
interactive prompt or a merge, so it lives apart from reading and writing ``assessment.yaml``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from corcli.errors import CorcliError, UnknownIdError
from corcli.models import (
    Answer,
    Assessment,
    AssessmentAnswer,
    AuditElement,
    AuditStandard,
    CompanyProfile,
    Requirement,
    Verification,
)
from corcli.models.assessment import InterviewAnswer

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


def parse_answer(text: str) -> Answer:
    """Turn 'met', 'partial', 'not met', 'na' (and short forms) into an ``Answer``."""
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    raise AssessmentError(
        f"{text!r} is not an answer.", "Use met, partial, not_met or na (N/A, where the standard allows it)."
    )


def parse_interviewee(spec: str) -> InterviewAnswer:
    """Read ``NAME=yes|no`` (what one person in the interview sample answered)."""
    name, sep, value = spec.rpartition("=")
    positive = {"yes": True, "y": True, "no": False, "n": False}.get(value.strip().lower())
    if not sep or not name.strip() or positive is None:
        raise AssessmentError(
            f"--interviewee {spec!r} is not NAME=yes or NAME=no.",
            "For example: --interviewee 'Lee Tran=yes' --interviewee 'Marie Gagnon=no'.",
        )
    return InterviewAnswer(person=name.strip(), positive=positive)


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


_CONTROL_CHAR = re.compile(r"[\x00-\x1f]")


def is_safe_relative(name: str) -> bool:
    """Whether ``name`` is a plain relative '/'-path: no root, drive, backslash, '..', '.' or empty part."""
    if not name or name != name.strip() or "\\" in name or "\x00" in name or ":" in name:
        return False
    if _CONTROL_CHAR.search(name):
        return False
    parts = name.split("/")  # a leading "/" (an absolute path) makes an empty first part
    return all(part not in {"", ".", ".."} for part in parts)


def sort_answers(assessment: Assessment, standard: AuditStandard | None) -> Assessment:
    """Return ``assessment`` with its answers in the audit order of ``standard`` (unchanged without one)."""
    if standard is None:
        return assessment
    order = {req.id: index for index, (_, req) in enumerate(ordered_requirements(standard))}
    answers = sorted(assessment.answers, key=lambda a: (order.get(a.requirement, len(order)), a.requirement))
    return assessment.model_copy(update={"answers": answers})


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
    interviews: Sequence[InterviewAnswer] | None = None,
) -> Assessment:
    """Return ``assessment`` with the answer for ``requirement_id`` set (note, evidence, interviews kept if None)."""
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
        interviews=(list(previous.interviews) if previous else []) if interviews is None else list(interviews),
    )
    if updated.interviews and requirement.verification != Verification.INTERVIEW:
        raise AssessmentError(
            f"Requirement {requirement_id} is not an interview item; interviewees' answers go with interview items.",
            "Record them with --answer on an interview requirement (see 'corcli plan' for the sample).",
        )
    if answer == Answer.NOT_APPLICABLE and not updated.note:
        raise AssessmentError(
            f"Requirement {requirement_id} is marked N/A without a reason.",
            "Say why it does not apply in the note (--note, or at the Note prompt); auditors ask for it.",
        )
    answers = [a for a in assessment.answers if a.requirement != requirement_id] + [updated]
    return sort_answers(assessment.model_copy(update={"answers": answers, "standard": standard.id}), standard)


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
    return sort_answers(base.model_copy(update={"answers": list(merged.values())}), standard)


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
    counted: tuple[str, ...] = ()
    """Evidence files ``check`` counts for the requirement (the one evidence assignment)."""


def export_rows(
    assessment: Assessment | None,
    standard: AuditStandard,
    profile: CompanyProfile | None = None,
    counted: Mapping[str, Sequence[str]] | None = None,
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
                counted=tuple((counted or {}).get(req.id, ())),
                answered_on=item.answered_on.isoformat() if item and item.answered_on else "",
                answered_by=item.answered_by if item else "",
            )
        )
    return rows


def _summary(rows: Sequence[ExportRow]) -> list[tuple[str, int]]:
    counts = Counter(row.answer_label for row in rows)
    return [(label, counts[label]) for label in [*ANSWER_LABELS.values(), "Not answered"] if counts[label]]


def answer_queue(
    standard: AuditStandard,
    assessment: Assessment,
    *,
    start: str | None = None,
    review: bool = False,
    people: bool = False,
) -> list[tuple[AuditElement, Requirement]]:
    """The requirements to ask, in audit order: unanswered ones, or all from ``start`` / with ``review``.

    ``people`` keeps only the interview and observation items (the answers ``check`` scores).
    """
    from corcli.models import Verification

    items = ordered_requirements(standard)
    ids = [req.id for _, req in items]
    if start is not None:
        if start not in ids:
            raise AssessmentError(f"Requirement {start!r} is not in {standard.id}.", f"Use an id from {ids[0]} on.")
        items = items[ids.index(start) :]
    answered = set(assessment.by_requirement())
    queue = items if review or start is not None else [(e, r) for e, r in items if r.id not in answered]
    if people:
        queue = [(e, r) for e, r in queue if r.verification != Verification.DOCUMENTATION]
    return queue


def summary(rows: Sequence[ExportRow]) -> list[tuple[str, int]]:
    """Count the rows by answer label, in the order of the labels (labels with no rows left out)."""
    return _summary(rows)


__all__ = [
    "ANSWER_LABELS",
    "AssessmentError",
    "ExportRow",
    "Progress",
    "answer_queue",
    "export_rows",
    "is_safe_relative",
    "merge_assessments",
    "new_assessment",
    "next_unanswered",
    "ordered_requirements",
    "parse_answer",
    "parse_answer_spec",
    "progress",
    "set_answer",
    "sort_answers",
    "summary",
]
