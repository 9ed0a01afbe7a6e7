"""The ``check`` use case: scan the evidence, read the self-assessment, score, and gather every warning."""

from __future__ import annotations

from datetime import date

from corcli.evidence.hashing import Progress
from corcli.evidence.scan import collect_evidence
from corcli.evidence.vocabulary import load_vocabulary
from corcli.models import GapReport, RuleOrigin
from corcli.models.legal import LegalCoverage
from corcli.rules.cycle import deadline_warning, upcoming_deadlines
from corcli.rules.eligibility import program_notices
from corcli.rules.legal import legal_coverage
from corcli.rules.scoring import audit_kind, score
from corcli.services.actions import action_plan_warnings
from corcli.services.assessment import answers_for
from corcli.services.conflicts import conflict_warnings
from corcli.services.project import Project
from corcli.services.sampling import interview_sample


def run_check(
    project: Project, today: date, audit: str | None = None, *, progress: Progress | None = None
) -> GapReport:
    """Score the company as of ``today``; the report's ``warnings`` carry every scan, scoring and deadline warning."""
    # Scoring reports files that name an unknown requirement (in the report too), so the scan need not.
    scan = collect_evidence(project.workspace, project.standard, progress=progress, warn_unknown_requirements=False)
    answers, answer_warnings = answers_for(project.workspace, project.standard)
    kind = audit_kind(project.profile, project.jurisdiction, today) if audit is None else audit
    sample = interview_sample(project)
    rules = project.decision.rules if project.decision else None
    program = rules.pass_rules.decided_by if rules and rules.pass_rules.origin == RuleOrigin.PROGRAM else None
    report = score(
        project.standard,
        project.profile,
        project.jurisdiction,
        scan.items,
        today,
        answers,
        audit="maintenance" if kind == "maintenance" else "certification",
        vocabulary=load_vocabulary(project.workspace.root),
        interview_sample=sample,
        program=program,
    )
    due = (
        upcoming_deadlines(project.profile, project.jurisdiction, today, program=project.decision.program)
        if project.decision
        else []
    )
    scan_messages = [str(p) for p in scan.warnings]
    if scan.index_problem is not None:
        scan_messages.append(str(scan.index_problem))
    warnings = answer_warnings + scan_messages + [deadline_warning(e, today) for e in due] + report.warnings
    warnings += conflict_warnings(project, today) + action_plan_warnings(project.workspace.root, today)
    warnings += program_notices(rules) if rules is not None else []
    newer = project.standard.superseded_by
    if newer:
        warnings.append(
            f"{project.standard.title} ({project.standard.id}) is superseded by {newer}: set certification.standard "
            f"to {newer} (or null for the partner's current standard) in corcli.yaml, then run 'corcli migrate' to "
            "see what moves (a copy of each changed file is kept)."
        )
    if warnings != report.warnings:
        report = report.model_copy(update={"warnings": warnings})
    return report


def run_legal_check(project: Project, today: date, *, progress: Progress | None = None) -> LegalCoverage:
    """Report which duties of the legal program have evidence (a workspace without a certificate program)."""
    report = run_check(project, today, progress=progress)
    return legal_coverage(report, project.standard, project.jurisdiction.name)
