"""Pure rules: what is due or overdue now (recurring work, expiring tickets, corrective actions, deadlines).

Why here and not in scoring: ``due`` answers "what must I do this month", from the company's own written
schedule (profile ``schedules:``), its staff list (``people:``) and its action plan, not from the audit
standard's idea of how often things happen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from corcli.models import (
    RECURRENCE_MONTHS,
    AuditStandard,
    CompanyProfile,
    EvidenceItem,
    Recurrence,
    Schedule,
    Site,
    StrictModel,
)
from corcli.models.actions import ActionPlan
from corcli.rules.coverage import names_site
from corcli.rules.cycle import CycleEvent
from corcli.rules.dates import add_months
from corcli.rules.schedules import schedule_basis

TICKET_ALERT_DAYS = (90, 30, 0)
"""Days before a ticket expires when it is flagged (the alert points peers use: 90, 30 and 0 days)."""

SCHEDULE_SOURCE = "corcli.yaml schedules: (your own written schedule)"

DueKind = Literal["deadline", "recurring", "ticket", "action"]
DueStatus = Literal["overdue", "due"]

KIND_WORDS: dict[str, str] = {
    "inspection": "Inspection",
    "meeting_minutes": "Committee or safety meeting",
    "drill_record": "Emergency drill",
    "review_record": "Program review",
    "policy": "Policy review",
    "hazard_assessment": "Hazard assessment review",
    "field_hazard_assessment": "Field-level hazard assessment",
    "maintenance_record": "Equipment maintenance",
    "training_record": "Training",
    "statistics": "Injury statistics",
    "communication": "Safety communication",
}


class DueItem(StrictModel):
    """One thing that is due or overdue."""

    on: date = Field(description="When it is (or was) due.")
    kind: DueKind = Field(description="deadline, recurring, ticket or action.")
    status: DueStatus = Field(description="overdue (the date has passed) or due (within the window).")
    title: str = Field(description="What is due, in a few words.")
    detail: str = Field(description="What to do, and what the date is based on.")
    site: str = Field(default="", description="Site it is for, if any.")
    person: str = Field(default="", description="Person it is for, if any.")
    sources: list[str] = Field(default_factory=list, description="Where the rule or the date comes from.")

    def days(self, today: date) -> int:
        """Days from ``today`` (negative when overdue)."""
        return (self.on - today).days


class DueList(StrictModel):
    """Everything due within the window, overdue first."""

    company: str = Field(description="Company name.")
    today: date = Field(description="The date counted from.")
    days: int = Field(description="How many days ahead the list looks.")
    items: list[DueItem] = Field(description="Items, overdue first, then by date.")
    notes: list[str] = Field(default_factory=list, description="What could not be worked out, and why.")

    @property
    def overdue(self) -> int:
        """How many items are overdue."""
        return sum(1 for i in self.items if i.status == "overdue")


def kind_title(kind: str) -> str:
    """Return a schedule kind in words."""
    return KIND_WORDS.get(kind, kind.replace("_", " ").capitalize())


def step(start: date, every: Recurrence, times: int = 1) -> date:
    """Return ``start`` moved on by ``times`` periods of ``every``."""
    if every == Recurrence.WEEKLY:
        return start + timedelta(days=7 * times)
    return add_months(start, RECURRENCE_MONTHS[every] * times)


def is_periodic(every: Recurrence) -> bool:
    """Whether ``every`` is a fixed period (not 'once' or 'per_event')."""
    return every == Recurrence.WEEKLY or every in RECURRENCE_MONTHS


def site_is_active(site: Site, today: date) -> bool:
    """Whether work goes on at ``site`` on ``today``."""
    if not site.active:
        return False
    if site.active_from and site.active_from > today:
        return False
    return not (site.active_to and site.active_to < today)


def schedule_sites(schedule: Schedule, profile: CompanyProfile, today: date) -> list[Site | None]:
    """Return the active sites a schedule applies to; ``[None]`` for a company-wide schedule."""
    if not schedule.sites:
        return [None]
    by_name = {s.name.lower(): s for s in profile.sites}
    picked: list[Site | None] = []
    for name in schedule.sites:
        site = by_name.get(name.lower())
        if site is None:
            picked.append(Site(name=name))
        elif site_is_active(site, today):
            picked.append(site)
    return picked


def records_of_kind(kind: str, standard: AuditStandard, items: Iterable[EvidenceItem]) -> list[EvidenceItem]:
    """Return dated evidence tied to a requirement that takes records of ``kind``."""
    wanted = {req.id for element in standard.elements for req in element.requirements if kind in req.evidence_kinds}
    return [i for i in items if i.record_date is not None and i.requirement in wanted]


def last_record(records: Sequence[EvidenceItem], site: Site | None, only_site: bool) -> date | None:
    """Return the latest record date for ``site`` (a record naming the site, as scoring reads it), or the company's."""
    if site is not None and not only_site:
        records = [r for r in records if names_site(r, site)]
    dates = [r.record_date for r in records if r.record_date is not None]
    return max(dates) if dates else None


def recurring_due(
    profile: CompanyProfile,
    standard: AuditStandard,
    items: Sequence[EvidenceItem],
    today: date,
) -> tuple[list[tuple[Schedule, Site | None, date, date | None]], list[str]]:
    """Return (schedule, site, next due date, last record) for each schedule and site, and notes."""
    results: list[tuple[Schedule, Site | None, date, date | None]] = []
    notes: list[str] = []
    active_sites = [s for s in profile.sites if site_is_active(s, today)]
    known = {s.name.lower() for s in profile.sites}
    for schedule in profile.schedules:
        unknown = [name for name in schedule.sites if name.lower() not in known]
        if unknown:
            notes.append(
                f"The {kind_title(schedule.kind).lower()} schedule names {', '.join(unknown)}, which is not under "
                "sites: in corcli.yaml; add the site there (with its dates) or fix the name."
            )
        if not is_periodic(schedule.every):
            notes.append(
                f"The {kind_title(schedule.kind).lower()} schedule says '{schedule.every.value}', which has no fixed "
                "period, so 'corcli due' cannot date it; use weekly, monthly, quarterly, semiannual or annual."
            )
            continue
        records = records_of_kind(schedule.kind, standard, items)
        sites = schedule_sites(schedule, profile, today)
        only_site = len(sites) == 1 or len(active_sites) <= 1
        for site in sites:
            last = last_record(records, site, only_site)
            if last is not None:
                due = step(last, schedule.every)
            else:
                starts = [d for d in (profile.certification.records_since, site.active_from if site else None) if d]
                due = step(max(starts), schedule.every) if starts else today
                if not starts:
                    where = f" at {site.name}" if site else ""
                    notes.append(
                        f"No dated {kind_title(schedule.kind).lower()} record{where} found and records_since is not "
                        "set: shown as due today."
                    )
            results.append((schedule, site, due, last))
    return results, notes


def _status(on: date, today: date) -> DueStatus:
    return "overdue" if on < today else "due"


def _recurring_items(
    found: Sequence[tuple[Schedule, Site | None, date, date | None]],
    today: date,
    horizon: date,
    standard: AuditStandard,
) -> list[DueItem]:
    out: list[DueItem] = []
    for schedule, site, due, last in found:
        if due > horizon:
            continue
        every = schedule.every.value.replace("_", " ")
        where = f" at {site.name}" if site else ""
        basis = f"last record {last.isoformat()}" if last else "no record found yet"
        set_by, cited = schedule_basis(schedule.kind, schedule.every, standard)
        detail = f"Your schedule says {every}; {basis}. {set_by}"
        if schedule.note:
            detail += f" {schedule.note}"
        out.append(
            DueItem(
                on=due,
                kind="recurring",
                status=_status(due, today),
                title=f"{kind_title(schedule.kind)}{where} ({every})",
                detail=detail,
                site=site.name if site else "",
                sources=[SCHEDULE_SOURCE, *cited],
            )
        )
    return out


def expiring_tickets(profile: CompanyProfile, today: date, within_days: int) -> list[DueItem]:
    """Return tickets of current staff that expired or expire within ``max(within_days, 90)`` days."""
    horizon = today + timedelta(days=max(within_days, TICKET_ALERT_DAYS[0]))
    out: list[DueItem] = []
    for person in profile.people:
        if person.end is not None and person.end < today:
            continue
        for ticket in person.training:
            if ticket.expires is None or ticket.expires > horizon:
                continue
            left = (ticket.expires - today).days
            if left < 0:
                plural = "s" if left != -1 else ""
                detail = f"Expired {-left} day{plural} ago: renew it before {person.name} does the work it covers."
            elif left == 0:
                detail = "Expires today."
            else:
                alert = next(d for d in reversed(TICKET_ALERT_DAYS) if left <= d)
                plural = "s" if left != 1 else ""
                detail = f"Expires in {left} day{plural} (inside the {alert}-day alert): book the renewal."
            out.append(
                DueItem(
                    on=ticket.expires,
                    kind="ticket",
                    status=_status(ticket.expires, today),
                    title=f"{ticket.name}: {person.name}",
                    detail=detail,
                    person=person.name,
                    sources=["corcli.yaml people: training"],
                )
            )
    return out


def action_items(plan: ActionPlan | None, today: date, horizon: date) -> list[DueItem]:
    """Return open corrective actions that are overdue or due by ``horizon``."""
    if plan is None:
        return []
    out: list[DueItem] = []
    for action in plan.actions:
        if not action.is_open or action.due is None or action.due > horizon:
            continue
        owner = f" (owner: {action.owner})" if action.owner else " (no owner yet)"
        out.append(
            DueItem(
                on=action.due,
                kind="action",
                status=_status(action.due, today),
                title=f"Corrective action {action.id}: {action.action}",
                detail=f"Open{owner}. Close it with 'corcli actions done {action.id} --evidence PATH'.",
                site=action.site,
                person=action.owner,
                sources=["actions.yaml"],
            )
        )
    return out


def deadline_items(events: Iterable[CycleEvent], today: date, horizon: date) -> list[DueItem]:
    """Return certification-cycle deadlines from ``today`` to ``horizon``."""
    return [
        DueItem(
            on=e.on,
            kind="deadline",
            status="due",
            title=e.title + (" (projected)" if e.projected else ""),
            detail=e.detail,
            sources=list(e.sources),
        )
        for e in events
        if e.deadline and today <= e.on <= horizon
    ]


def build_due_list(
    profile: CompanyProfile,
    standard: AuditStandard,
    items: Sequence[EvidenceItem],
    events: Iterable[CycleEvent],
    plan: ActionPlan | None,
    today: date,
    days: int,
) -> DueList:
    """Return everything overdue or due within ``days`` days of ``today``."""
    horizon = today + timedelta(days=days)
    found, notes = recurring_due(profile, standard, items, today)
    all_items = [
        *deadline_items(events, today, horizon),
        *_recurring_items(found, today, horizon, standard),
        *expiring_tickets(profile, today, days),
        *action_items(plan, today, horizon),
    ]
    if not profile.schedules:
        notes.append(
            "corcli.yaml lists no schedules, so corcli tracks no recurring inspections, meetings or drills. "
            "To track them, add each one under 'schedules:' in corcli.yaml with its kind and how often "
            "(for example 'kind: inspection' and 'every: monthly'); the commented example above "
            "'schedules: []' shows the layout."
        )
    all_items.sort(key=lambda i: (i.status != "overdue", i.on, i.kind, i.title))
    return DueList(company=profile.company.name, today=today, days=days, items=all_items, notes=notes)


__all__ = [
    "TICKET_ALERT_DAYS",
    "DueItem",
    "DueList",
    "build_due_list",
    "expiring_tickets",
    "is_periodic",
    "kind_title",
    "recurring_due",
    "site_is_active",
    "step",
]
