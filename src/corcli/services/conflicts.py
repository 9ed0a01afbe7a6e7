"""Consultant conflict windows: warn when a planned audit falls inside a partner's auditor-independence rule.

Why: some partners bar a consultant from auditing a company for a while before and after consulting for
it (IHSA: one year either side). An audit done by such a person can be rejected, and nobody warns today.
"""

from __future__ import annotations

from datetime import date

from corcli.models import CompanyProfile, ConsultantConflict, Engagement
from corcli.rules.dates import add_months
from corcli.services.project import Project


def _same_person(auditor: str, engagement: Engagement) -> bool:
    wanted = " ".join(auditor.lower().split())
    names = {" ".join(engagement.consultant.lower().split()), " ".join(engagement.firm.lower().split())}
    return bool(wanted) and wanted in names - {""}


def window(engagement: Engagement, rule: ConsultantConflict, today: date) -> tuple[date, date]:
    """Return the first and last day an engagement bars its consultant from auditing."""
    end = engagement.end or today
    return add_months(engagement.start, -rule.months_before), add_months(end, rule.months_after)


def conflicts(profile: CompanyProfile, rule: ConsultantConflict, partner: str, today: date) -> list[str]:
    """Return one warning per consultant whose window covers the planned audit (or the audit's named auditor)."""
    audit = profile.certification.planned_audit
    if audit is None:
        return []
    auditor = profile.certification.auditor
    found = []
    for engagement in profile.consultants:
        first, last = window(engagement, rule, today)
        if not first <= audit <= last:
            continue
        if auditor and not _same_person(auditor, engagement):
            continue
        who = engagement.consultant + (f" ({engagement.firm})" if engagement.firm else "")
        until = engagement.end.isoformat() if engagement.end else "now (ongoing)"
        lead = f"The planned auditor, {auditor}, consulted" if auditor else f"{who} consulted"
        found.append(
            f"{lead} for the company from {engagement.start.isoformat()} to {until}; the audit planned on "
            f"{audit.isoformat()} falls inside {partner}'s conflict window ({first.isoformat()} to "
            f"{last.isoformat()}): {rule.rule} Sources: {' ; '.join(rule.sources)}"
        )
    return found


def conflict_warnings(project: Project, today: date) -> list[str]:
    """Return the conflict-window warnings for the company's partner, if the partner has such a rule."""
    rule = project.partner.consultant_conflict if project.partner else None
    if rule is None or project.partner is None:
        return []
    return conflicts(project.profile, rule, project.partner.abbreviation, today)


__all__ = ["conflict_warnings", "conflicts", "window"]
