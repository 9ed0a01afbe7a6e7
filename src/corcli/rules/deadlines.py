"""Pure rules: a partner program's own deadlines turned into dated events of the company's cycle.

Why on top of the cycle: the jurisdiction gives the 3-year shape (certificate, maintenance years,
recertification); each partner adds its own dates to every audit year (ESC's year-end registration and
on-site cut-off, AMHSA's action plans and audits, AMTA's "within the calendar year"). Missing one can cancel
a certificate, so each event names the partner and the page that sets it.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from corcli.models import StrictModel
from corcli.rules.cycle import Cycle, CycleEvent

AUDIT_KINDS = ("planned_audit", "maintenance", "recertification")


class YearDate(StrictModel):
    """A date in the year by which something is due."""

    what: str = Field(description="What is due, e.g. 'register the audit'.")
    month: int = Field(ge=1, le=12, description="Month.")
    day: int = Field(ge=1, le=31, description="Day of the month.")

    def in_year(self, year: int) -> date:
        """Return the date in ``year`` (clamped to the month's last day)."""
        return date(year, self.month, min(self.day, _stdlib_calendar.monthrange(year, self.month)[1]))


class ProgramDeadlines(StrictModel):
    """When a partner's program wants each audit year's work done (read from the partner's program data)."""

    partner: str = Field(description="Partner abbreviation, named in every event.")
    rule: Literal["anniversary", "calendar_year", "fixed_dates", "unknown"] = Field(description="The deadline rule.")
    dates: list[YearDate] = Field(default_factory=list, description="Fixed dates in each audit year.")
    submit_within_days: int | None = Field(default=None, description="Days after the audit work to submit it.")
    qa_round_days: int | None = Field(default=None, description="Days allowed per quality-review round.")
    missed: str = Field(default="", description="What happens when a deadline is missed.")
    note: str = Field(default="", description="What the source adds, e.g. which audits the dates are for.")
    sources: list[str] = Field(default_factory=list, description="Pages that set these deadlines.")


def _audit_years(cycle: Cycle, today: date) -> list[int]:
    years = {e.on.year for e in cycle.events if e.kind in AUDIT_KINDS and e.on.year >= today.year}
    return sorted(years)


def apply_program_deadlines(cycle: Cycle, rules: ProgramDeadlines, today: date) -> Cycle:
    """Return ``cycle`` with the program's dated deadlines added for every audit year from ``today`` on."""
    if rules.rule == "unknown" or (rules.rule == "anniversary" and not rules.dates):
        return cycle
    events = list(cycle.events)
    notes = list(cycle.notes)
    missed = f" {rules.missed}" if rules.missed else ""
    qa = (
        f" {rules.partner} gives {rules.qa_round_days} days for each round of its quality review."
        if rules.qa_round_days
        else ""
    )
    if rules.rule == "calendar_year":
        moved = []
        for event in events:
            if event.kind == "maintenance":
                year_end = date(event.on.year, 12, 31)
                event = event.model_copy(
                    update={
                        "on": year_end,
                        "title": f"{event.title.split(' (')[0]} ({rules.partner}: within the calendar year)",
                        "detail": f"{rules.partner} wants each maintenance submission within its calendar year, "
                        f"so by 31 December {event.on.year}.{missed}{qa}",
                        "sources": list(dict.fromkeys([*rules.sources, *event.sources])),
                    }
                )
            moved.append(event)
        events = moved
    if rules.dates:
        note = f" {rules.note}" if rules.note else ""
        for year in _audit_years(cycle, today):
            last: date | None = None
            for item in sorted(rules.dates, key=lambda d: (d.month, d.day)):
                on = item.in_year(year)
                last = on
                events.append(
                    CycleEvent(
                        on=on,
                        kind="partner_deadline",
                        title=f"{rules.partner}: {item.what} by {on.day} {on.strftime('%B')} {on.year}",
                        detail=f"{rules.partner}'s deadline in the {year} audit year: {item.what}.{note}{missed}{qa}",
                        deadline=True,
                        sources=list(rules.sources),
                    )
                )
            if last is not None and rules.submit_within_days:
                on = last + timedelta(days=rules.submit_within_days)
                events.append(
                    CycleEvent(
                        on=on,
                        kind="partner_deadline",
                        title=f"{rules.partner}: submit the {year} audit (latest)",
                        detail=f"{rules.partner} wants the audit submitted within {rules.submit_within_days} days "
                        f"of the on-site work; with work finished on {last.isoformat()}, that is {on.isoformat()}. "
                        f"Finish earlier, submit earlier.{missed}{qa}",
                        deadline=True,
                        sources=list(rules.sources),
                    )
                )
        if not _audit_years(cycle, today):
            notes.append(
                f"{rules.partner} sets dated deadlines in each audit year; set certification.planned_audit or "
                "certification.certified_on to see them."
            )
    events.sort(key=lambda e: (e.on, e.kind))
    return cycle.model_copy(update={"events": events, "notes": notes})


__all__ = ["ProgramDeadlines", "YearDate", "apply_program_deadlines"]
