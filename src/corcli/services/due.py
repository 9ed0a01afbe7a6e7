"""The ``due`` use case, and the recurring events of the calendar: what the company must do, and when."""

from __future__ import annotations

from datetime import date

from corcli.evidence.scan import collect_evidence
from corcli.models import Recurrence
from corcli.rules.cycle import Cycle, CycleEvent, RecurringEvent, build_cycle
from corcli.rules.deadlines import ProgramDeadlines, YearDate, apply_program_deadlines
from corcli.rules.due import (
    TICKET_ALERT_DAYS,
    DueList,
    build_due_list,
    kind_title,
    recurring_due,
)
from corcli.rules.schedules import schedule_basis
from corcli.services.actions import load_plan
from corcli.services.conflicts import conflict_warnings
from corcli.services.project import Project

REMINDER_BY_PERIOD: dict[Recurrence, int] = {
    Recurrence.WEEKLY: 1,
    Recurrence.MONTHLY: 3,
    Recurrence.QUARTERLY: 7,
    Recurrence.SEMIANNUAL: 14,
    Recurrence.ANNUAL: 14,
}
"""Days of warning before each occurrence of recurring work (corcli's choice, not a partner's rule)."""


def program_deadlines(project: Project) -> ProgramDeadlines | None:
    """Return the partner program's own deadline rules, when its data sets them."""
    rules = project.decision.rules if project.decision else None
    if rules is None or project.partner is None:
        return None
    resolved = rules.maintenance_deadline
    value = resolved.value
    return ProgramDeadlines(
        partner=resolved.decided_by or project.partner.abbreviation,
        rule=value.rule,
        dates=[YearDate(what=d.what, month=d.month, day=d.day) for d in value.dates],
        submit_within_days=value.submit_within_days,
        qa_round_days=value.qa_round_days,
        missed=value.missed,
        note=value.note,
        sources=list(value.sources or resolved.sources),
    )


def project_cycle(project: Project, today: date) -> Cycle:
    """Return the company's certification cycle with its partner's deadlines (none in a legal program)."""
    if project.decision is None:
        return Cycle(
            company=project.profile.company.name,
            jurisdiction=project.jurisdiction.code,
            program="legal program",
            validity_years=None,
            maintenance_deadline="unknown",
            events=[],
            notes=[
                f"{project.jurisdiction.name} has no COR program on file: no certificate, so no certification "
                "deadlines; the schedule and tickets below still apply."
            ],
        )
    cycle = build_cycle(project.profile, project.jurisdiction, today, project.decision.program)
    rules = program_deadlines(project)
    if rules is not None:
        cycle = apply_program_deadlines(cycle, rules, today)
    conflicts = conflict_warnings(project, today)
    if not conflicts:
        return cycle
    events = [
        e.model_copy(update={"detail": e.detail + " Warning: " + " ".join(conflicts)})
        if e.kind == "planned_audit"
        else e
        for e in cycle.events
    ]
    return cycle.model_copy(update={"events": events, "notes": [*cycle.notes, *conflicts]})


def due_list(project: Project, today: date, days: int) -> DueList:
    """Return everything overdue, or due within ``days`` days, for the company."""
    scan = collect_evidence(project.workspace, project.standard, warn_unknown_requirements=False)
    plan = load_plan(project.workspace.root)
    cycle = project_cycle(project, today)
    result = build_due_list(project.profile, project.standard, scan.items, cycle.events, plan, today, days)
    notes = [*result.notes, *(str(p) for p in scan.warnings)]
    return result.model_copy(update={"notes": notes}) if notes != result.notes else result


def calendar_events(project: Project, today: date) -> tuple[list[RecurringEvent], list[CycleEvent]]:
    """Return the recurring work (from ``schedules:``) and ticket expiries (from ``people:``) for the calendar."""
    scan = collect_evidence(project.workspace, project.standard, warn_unknown_requirements=False)
    found, _ = recurring_due(project.profile, project.standard, scan.items, today)
    recurring = []
    for schedule, site, due, _last in found:
        where = f" at {site.name}" if site else ""
        set_by, cited = schedule_basis(schedule.kind, schedule.every, project.standard)
        detail = f"Your written schedule: {kind_title(schedule.kind).lower()}{where}, {schedule.every.value}. {set_by}"
        if schedule.note:
            detail += f" {schedule.note}"
        recurring.append(
            RecurringEvent(
                start=max(due, today),
                every=schedule.every,
                title=f"{kind_title(schedule.kind)}{where}",
                detail=detail,
                reminder_days=REMINDER_BY_PERIOD.get(schedule.every, 7),
                sources=["corcli.yaml schedules:", *cited],
            )
        )
    tickets = []
    for person in project.profile.people:
        if person.end is not None and person.end < today:
            continue
        for ticket in person.training:
            if ticket.expires is None:
                continue
            tickets.append(
                CycleEvent(
                    on=ticket.expires,
                    kind="expiry",
                    title=f"{ticket.name} expires: {person.name}",
                    detail=f"{person.name}'s {ticket.name} expires. Book the renewal before the date.",
                    deadline=True,
                    sources=["corcli.yaml people: training"],
                    reminders=list(TICKET_ALERT_DAYS),
                )
            )
    return recurring, tickets


__all__ = ["calendar_events", "due_list", "program_deadlines", "project_cycle"]
