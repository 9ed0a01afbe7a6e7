"""Pure rules: the 3-year certification cycle, its deadlines, and the calendar file.

Why a separate ``today``: every function takes the date it should reason about, so the cycle, the
``check`` warning and the tests agree on one clock (the CLI reads it once).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import Field

if TYPE_CHECKING:
    from icalendar import Alarm

from corcli.models import UNKNOWN, CompanyProfile, Jurisdiction, Program, Recurrence, StrictModel
from corcli.rules.dates import add_months, add_years
from corcli.rules.pass_rules import supported_rule

SECOR_CANCELLED_SOURCE = "https://safetycouncil.ab.ca/secor-holders"
BC_CYCLE_SOURCE = "https://www.safetydriven.ca/2017/04/07/the-audit-cycle-keeping-your-cor/"
REMINDER_DAYS = (60, 14)

EventKind = Literal[
    "records", "planned_audit", "certification", "maintenance", "recertification", "expiry", "partner_deadline"
]
_CYCLE_WORDS = ("valid", "maintenance", "cycle", "anniversary", "records", "documentation", "recertif")


class CycleEvent(StrictModel):
    """One date in the certification cycle."""

    on: date = Field(description="The date.")
    kind: EventKind = Field(description="What happens on it.")
    title: str = Field(description="Short title.")
    detail: str = Field(description="What to do, and what happens if it is missed.")
    deadline: bool = Field(description="Whether something is due (missing it can cost the certificate).")
    projected: bool = Field(
        default=False, description="Counted from the planned audit, not from a certificate date; it will move."
    )
    sources: list[str] = Field(default_factory=list, description="Addresses of the rule behind the date.")
    reminders: list[int] = Field(
        default_factory=list, description="Days before the date to be reminded; empty uses 60 and 14 for deadlines."
    )

    def status(self, today: date) -> str:
        """Return 'past', 'today' or 'in N days'."""
        delta = (self.on - today).days
        if delta < 0:
            return "past"
        return "today" if delta == 0 else f"in {delta} days"


class Cycle(StrictModel):
    """The company's certification cycle as dated events."""

    company: str = Field(description="Company name.")
    jurisdiction: str = Field(description="Jurisdiction code.")
    program: str = Field(description="COR, SECOR, or 'auto' when not decided yet.")
    validity_years: int | None = Field(description="Years a certificate is valid; null when unknown.")
    maintenance_deadline: str = Field(description="anniversary, calendar_year_end or unknown.")
    events: list[CycleEvent] = Field(description="Events in date order.")
    notes: list[str] = Field(default_factory=list, description="Assumptions, gaps and warnings.")
    sources: list[str] = Field(default_factory=list, description="Addresses of the jurisdiction's cycle rules.")


class RecurringEvent(StrictModel):
    """Recurring work from the company's own schedule (an inspection, a meeting, a drill...)."""

    start: date = Field(description="The next time it is due; the series repeats from here.")
    every: Recurrence = Field(description="weekly, monthly, quarterly, semiannual or annual.")
    title: str = Field(description="Short title.")
    detail: str = Field(description="What to do.")
    reminder_days: int = Field(ge=0, description="Days before each occurrence to be reminded.")
    sources: list[str] = Field(default_factory=list, description="Where the schedule comes from.")


_RRULES: dict[Recurrence, dict[str, object]] = {
    Recurrence.WEEKLY: {"freq": "weekly"},
    Recurrence.MONTHLY: {"freq": "monthly"},
    Recurrence.QUARTERLY: {"freq": "monthly", "interval": 3},
    Recurrence.SEMIANNUAL: {"freq": "monthly", "interval": 6},
    Recurrence.ANNUAL: {"freq": "yearly"},
}


def _cycle_sources(jurisdiction: Jurisdiction) -> list[str]:
    picked = [s.url for s in jurisdiction.sources if any(w in s.supports.lower() for w in _CYCLE_WORDS)]
    return picked or [s.url for s in jurisdiction.sources]


def _records_events(profile: CompanyProfile, jurisdiction: Jurisdiction, sources: list[str]) -> list[CycleEvent]:
    since = profile.certification.records_since
    rules = jurisdiction.records_history
    if since is None or rules == UNKNOWN or isinstance(rules, str):
        return []
    events = []
    for rule in sorted(rules, key=lambda r: r.min_months):
        if rule.min_months == 0:
            continue
        events.append(
            CycleEvent(
                on=add_months(since, rule.min_months),
                kind="records",
                title=f"Records history reaches {rule.min_months} months ({rule.label})",
                detail=f"From this date your records (kept since {since.isoformat()}) are long enough for a "
                f"{rule.label} at an audit.",
                deadline=False,
                sources=sources,
            )
        )
    return events


def _records_note(profile: CompanyProfile, jurisdiction: Jurisdiction) -> str | None:
    since = profile.certification.records_since
    audit = profile.certification.planned_audit
    rules = jurisdiction.records_history
    if since is None or audit is None or isinstance(rules, str) or not rules:
        return None
    longest = max(rules, key=lambda r: r.min_months)
    ready = add_months(since, longest.min_months)
    if audit >= ready:
        return None
    reached = supported_rule(rules, since, audit)
    fallback = reached.label if reached else "no certificate"
    return (
        f"The planned audit ({audit.isoformat()}) is before your records reach {longest.min_months} months "
        f"({ready.isoformat()}), which a {longest.label} needs; on that date they would support: {fallback}. "
        "Move the audit or accept the shorter term."
    )


def _projected_term(profile: CompanyProfile, jurisdiction: Jurisdiction) -> int | None:
    """Return the certificate term (months) the records history supports at the planned audit, if known."""
    since = profile.certification.records_since
    audit = profile.certification.planned_audit
    rules = jurisdiction.records_history
    if since is None or audit is None or isinstance(rules, str) or not rules:
        return None
    best = supported_rule(rules, since, audit)
    if best is None:
        return None
    return best.certificate_term_months if isinstance(best.certificate_term_months, int) else None


def _maintenance_events(
    anchor: date,
    years: int,
    jurisdiction: Jurisdiction,
    program: Program | None,
    projected: bool,
    sources: list[str],
) -> tuple[list[CycleEvent], list[str]]:
    events: list[CycleEvent] = []
    notes: list[str] = []
    rule = jurisdiction.maintenance_deadline
    secor = program == Program.SECOR
    for year in range(2, years + 1):
        anniversary = add_years(anchor, year - 1)
        if rule == "calendar_year_end":
            due = date(anniversary.year, 12, 31)
            detail = (
                f"Maintenance audit for year {year} of the cycle, reported by 31 December. Maintenance audits must "
                "be at least 6 months apart; missing the gap or the deadline can cost the certificate."
            )
            event_sources = [*sources, BC_CYCLE_SOURCE]
            title = f"Year {year} maintenance audit due (31 December)"
        else:
            due = anniversary
            detail = (
                f"Year {year} maintenance (audit or action plan, as your partner allows) due on or before the "
                "certificate anniversary."
            )
            event_sources = list(sources)
            title = f"Year {year} maintenance due (certificate anniversary)"
        if secor:
            detail += " A missed annual SECOR maintenance submission cancels the SECOR."
            event_sources.append(SECOR_CANCELLED_SOURCE)
        events.append(
            CycleEvent(
                on=due,
                kind="maintenance",
                title=title,
                detail=detail,
                deadline=True,
                projected=projected,
                sources=list(dict.fromkeys(event_sources)),
            )
        )
    if rule == UNKNOWN:
        notes.append(
            f"When maintenance is due in {jurisdiction.name} is not known; corcli shows the certificate anniversary. "
            "Ask your partner for the real deadline."
        )
    return events, notes


def build_cycle(
    profile: CompanyProfile, jurisdiction: Jurisdiction, today: date, program: Program | None = None
) -> Cycle:
    """Return the dated cycle for ``profile`` in ``jurisdiction`` (``today`` only shapes the notes)."""
    program = program or profile.resolved_program()
    cert = profile.certification
    sources = _cycle_sources(jurisdiction)
    events = _records_events(profile, jurisdiction, sources)
    notes: list[str] = []
    years = jurisdiction.validity_years if isinstance(jurisdiction.validity_years, int) else None
    anchor = cert.certified_on or cert.planned_audit
    projected = cert.certified_on is None
    if cert.planned_audit is not None:
        events.append(
            CycleEvent(
                on=cert.planned_audit,
                kind="planned_audit",
                title="Planned audit",
                detail="The audit date in your profile (certification.planned_audit).",
                deadline=True,
            )
        )
    if anchor is None:
        notes.append(
            "Set certification.certified_on (your certificate's date) or certification.planned_audit in corcli.yaml "
            "to see the maintenance and recertification dates."
        )
    elif years is None:
        notes.append(
            f"How long a certificate is valid in {jurisdiction.name} is not known, so corcli cannot date the "
            "maintenance years and recertification. Ask your partner."
        )
    else:
        if cert.certified_on is not None:
            events.append(
                CycleEvent(
                    on=cert.certified_on,
                    kind="certification",
                    title="Certificate issued (year 1 of the cycle)",
                    detail="Start of the current certification cycle.",
                    deadline=False,
                    sources=sources,
                )
            )
        else:
            notes.append(
                "The maintenance and recertification dates are projected from the planned audit; the date on your "
                "certificate will set the real ones (update certification.certified_on when you have it)."
            )
        term = _projected_term(profile, jurisdiction) if projected else None
        if term is not None and term < 12 * years:
            notes.append(
                f"At the planned audit your records support only a {term}-month certificate, so corcli projects that "
                "term; a longer records history at the audit gives the full cycle."
            )
            maintenance_years = max(1, -(-term // 12))
        else:
            term = 12 * years
            maintenance_years = years
        maintenance, maintenance_notes = _maintenance_events(
            anchor, maintenance_years, jurisdiction, program, projected, sources
        )
        events.extend(maintenance)
        notes.extend(maintenance_notes)
        expiry = add_months(anchor, term)
        valid = f"{years} years" if term == 12 * years else f"{term} months"
        events.append(
            CycleEvent(
                on=expiry,
                kind="recertification",
                title="Recertification audit due; the certificate expires",
                detail=f"The certificate is valid {valid}. Complete the recertification audit before this "
                "date to start a new cycle without a gap.",
                deadline=True,
                projected=projected,
                sources=sources,
            )
        )
        if cert.certified_on is not None and expiry < today:
            notes.append(
                f"The certificate dated {cert.certified_on.isoformat()} expired on {expiry.isoformat()}. If you "
                "have recertified since, set certification.certified_on to the new certificate's date."
            )
    records_note = _records_note(profile, jurisdiction)
    if records_note:
        notes.append(records_note)
    events.sort(key=lambda e: (e.on, e.kind))
    return Cycle(
        company=profile.company.name,
        jurisdiction=jurisdiction.code,
        program=str(program) if program else "auto",
        validity_years=years,
        maintenance_deadline=jurisdiction.maintenance_deadline,
        events=events,
        notes=notes,
        sources=sources,
    )


def upcoming_deadlines(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    today: date,
    within_days: int = 60,
    program: Program | None = None,
) -> list[CycleEvent]:
    """Return deadlines from ``today`` to ``within_days`` days ahead, soonest first."""
    horizon = today + timedelta(days=within_days)
    cycle = build_cycle(profile, jurisdiction, today, program)
    return [e for e in cycle.events if e.deadline and today <= e.on <= horizon]


def deadline_warning(event: CycleEvent, today: date) -> str:
    """Return a one-line warning for an upcoming deadline."""
    days = (event.on - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return f"{event.title}: {event.on.isoformat()} ({when}). Run 'corcli calendar' for the full cycle."


def _uid(company: str, kind: str, title: str) -> str:
    # Stable across date changes, so re-importing the file updates events instead of duplicating them.
    digest = hashlib.sha256(f"{company}|{kind}|{title}".encode()).hexdigest()[:16]
    return f"{kind}-{digest}@corcli"


def _alarm(text: str, days: int) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text if days == 0 else f"{text} in {days} days")
    alarm.add("trigger", timedelta(days=-days))
    return alarm


_ICS_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _ics_text(text: str) -> str:
    """Make data fit an iCalendar TEXT value: line breaks as one newline (icalendar escapes it), no controls.

    icalendar escapes commas, semicolons and newlines and folds long lines; a bare CR or a control
    character it would refuse or write raw.
    """
    return _ICS_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _ics_line(text: str) -> str:
    """A one-line iCalendar value (a title, the calendar's name): line breaks become spaces."""
    return " ".join(_ics_text(text).split("\n"))


def to_ics(cycle: Cycle, today: date, recurring: Sequence[RecurringEvent] = ()) -> bytes:
    """Return the cycle as an iCalendar (.ics) file: all-day events, with reminders before deadlines.

    ``recurring`` adds the company's own schedule as repeating events (RRULE), each with its reminder.
    """
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//corcli//COR certification cycle//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _ics_line(f"{cycle.company}: {cycle.program} certification cycle"))
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for item in cycle.events:
        event = Event()
        event.add("uid", _uid(cycle.company, item.kind, item.title))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", _ics_line(f"{cycle.company}: {item.title}"))
        description = item.detail
        if item.projected:
            description += " (Projected from the planned audit date.)"
        if item.sources:
            description += "\nSources: " + " ; ".join(item.sources)
        event.add("description", _ics_text(description))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        if item.deadline:
            for days in item.reminders or REMINDER_DAYS:
                event.add_component(_alarm(_ics_text(item.title), days))
        cal.add_component(event)
    for work in recurring:
        event = Event()
        event.add("uid", _uid(cycle.company, "recurring", work.title))
        event.add("dtstamp", stamp)
        event.add("dtstart", work.start)
        event.add("dtend", work.start + timedelta(days=1))
        event.add("rrule", _RRULES[work.every])
        event.add("summary", _ics_line(f"{cycle.company}: {work.title}"))
        description = work.detail
        if work.sources:
            description += "\nSources: " + " ; ".join(work.sources)
        event.add("description", _ics_text(description))
        event.add("categories", ["recurring"])
        event.add("transp", "TRANSPARENT")
        event.add_component(_alarm(_ics_text(work.title), work.reminder_days))
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


__all__ = [
    "BC_CYCLE_SOURCE",
    "SECOR_CANCELLED_SOURCE",
    "Cycle",
    "CycleEvent",
    "RecurringEvent",
    "add_months",
    "add_years",
    "build_cycle",
    "deadline_warning",
    "to_ics",
    "upcoming_deadlines",
]
