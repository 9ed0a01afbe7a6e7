"""Legal programs: which duties apply at the company's size, and the coverage view of a scored legal program.

Why: where a jurisdiction has no COR program, the law still asks for a policy, a committee and records. The same
evidence scan and scoring find the records; this turns the result into duties with evidence, with no verdict.
"""

from __future__ import annotations

from corcli.models import AuditStandard, CompanyProfile, GapReport
from corcli.models.catalog import Recurrence
from corcli.models.legal import LegalCoverage, LegalDuty
from corcli.models.profile import NotApplicable, Schedule
from corcli.models.report import RequirementStatus


def _size_reason(workers_from: int | None, workers_to: int | None, employees: int) -> str:
    if workers_from is not None and workers_to is not None:
        asks = f"from {workers_from} to {workers_to} workers"
    elif workers_from is not None:
        asks = f"{workers_from} or more workers"
    else:
        asks = f"{workers_to} or fewer workers"
    return f"The law asks for it only where {asks} are regularly employed; the profile counts {employees}."


def size_exemptions(standard: AuditStandard, profile: CompanyProfile) -> list[NotApplicable]:
    """Return the duties the law does not ask of a company of this size, that the profile does not already list."""
    employees = profile.company.employees
    listed = {n.requirement for n in profile.not_applicable}
    found = []
    for element in standard.elements:
        for req in element.requirements:
            low, high = req.workers_from, req.workers_to
            applies = (low is None or employees >= low) and (high is None or employees <= high)
            if not applies and req.id not in listed:
                found.append(NotApplicable(requirement=req.id, reason=_size_reason(low, high, employees)))
    return found


def with_size_exemptions(standard: AuditStandard, profile: CompanyProfile) -> CompanyProfile:
    """Return the profile with the size exemptions added to ``not_applicable`` (the file is not changed)."""
    extra = size_exemptions(standard, profile)
    if not extra:
        return profile
    return profile.model_copy(update={"not_applicable": [*profile.not_applicable, *extra]})


def _citation(text: str) -> str:
    """The section a duty's text cites at its end, e.g. 'OHS Act s.25' from '... posts its minutes (OHS Act s.25).'."""
    clean = " ".join(text.split()).rstrip(".")
    start = clean.rfind(" (")
    cited = clean[start + 2 : -1] if start >= 0 and clean.endswith(")") else ""
    return cited if " s." in f" {cited}" else ""


def law_schedules(standard: AuditStandard, profile: CompanyProfile) -> list[Schedule]:
    """Return the recurring records the law itself sets (e.g. monthly committee minutes), for this company's size.

    ``init`` writes them as the starting ``schedules:`` so ``due`` and ``calendar`` carry the law's rhythm.
    """
    exempt = {n.requirement for n in size_exemptions(standard, profile)} | {
        n.requirement for n in profile.not_applicable
    }
    found: dict[str, Schedule] = {}
    for element in standard.elements:
        for req in element.requirements:
            periodic = req.recurrence not in (Recurrence.ONCE, Recurrence.PER_EVENT)
            if req.recurrence_set_by != "law" or not periodic or req.id in exempt or not req.evidence_kinds:
                continue
            kind = req.evidence_kinds[0]
            if kind.value not in found:
                note = f"Set by law: {_citation(req.text) or req.id} (legal program {req.id})."
                found[kind.value] = Schedule(kind=kind, every=req.recurrence, note=note)
    return list(found.values())


def legal_coverage(report: GapReport, standard: AuditStandard, jurisdiction_name: str) -> LegalCoverage:
    """Turn the scored legal program into duties with their evidence; points and the verdict are left out."""
    duties = []
    for element in report.elements:
        for result in element.requirements:
            applies = result.status != RequirementStatus.NOT_APPLICABLE
            duties.append(
                LegalDuty(
                    id=result.id,
                    element=element.id,
                    group=element.title,
                    text=result.text,
                    status=result.status,
                    required=applies,
                    evidence=list(result.evidence),
                    reasons=list(result.reasons),
                    next_action=result.next_action,
                    na_reason=result.na_reason,
                )
            )
    required = [d for d in duties if d.required]
    lacking = [d.id for d in required if d.status != RequirementStatus.MET]
    return LegalCoverage(
        report_date=report.report_date,
        company=report.company,
        jurisdiction=jurisdiction_name,
        program=standard.title,
        program_id=standard.id,
        certificate=(
            f"{jurisdiction_name} has no COR program on file, so there is no certificate and no pass or fail: "
            "only which legal duties have evidence."
        ),
        required=len(required),
        covered=len(required) - len(lacking),
        lacking=lacking,
        duties=duties,
        # The pass rule means nothing without a certificate: its note is left out.
        warnings=[w for w in report.warnings if w != report.pass_rule.note],
    )


__all__ = ["law_schedules", "legal_coverage", "size_exemptions", "with_size_exemptions"]
