"""The certification calendar as a use case: the cycle's dates, expiring tickets and recurring work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from corcli.rules.cycle import Cycle, RecurringEvent
from corcli.services.due import calendar_events, project_cycle
from corcli.services.project import Project


@dataclass(frozen=True)
class Calendar:
    """The cycle with every dated event in order, and the recurring work of the profile's schedules."""

    cycle: Cycle
    recurring: list[RecurringEvent] = field(default_factory=list)


def build_calendar(project: Project, today: date) -> Calendar:
    """Return the company's calendar as of ``today``: cycle dates and ticket expiries merged by date."""
    cycle = project_cycle(project, today)
    recurring, tickets = calendar_events(project, today)
    if tickets:
        events = sorted([*cycle.events, *tickets], key=lambda e: (e.on, e.kind))
        cycle = cycle.model_copy(update={"events": events})
    return Calendar(cycle, list(recurring))


__all__ = ["Calendar", "build_calendar"]
