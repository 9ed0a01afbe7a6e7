"""Periods of a look-back window (weeks, months, quarters...) and which of them have a record.

The window ends with the current period or the one before it (the current one may not be due yet),
whichever covers more, so a record not yet due is never counted as missing. It starts no earlier than
the period holding the window's first day: a period that began before the window (before the company's
``records_since``, or before the look-back) is never asked for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from corcli.models import RECURRENCE_MONTHS, Recurrence

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

PERIOD_DAYS: dict[Recurrence, int] = {
    Recurrence.WEEKLY: 7,
    Recurrence.MONTHLY: 30,
    Recurrence.QUARTERLY: 91,
    Recurrence.SEMIANNUAL: 182,
    Recurrence.ANNUAL: 365,
}
"""Rough length of each period, to compare frequencies (which of two schedules is stricter)."""


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{MONTH_NAMES[month]} {year}"


def period_label(first: int, last: int) -> str:
    if first == last:
        return month_label(first)
    first_year, first_month = divmod(first, 12)
    last_year, last_month = divmod(last, 12)
    if first_year == last_year:
        return f"{MONTH_NAMES[first_month]}–{MONTH_NAMES[last_month]} {last_year}"
    return f"{month_label(first)}–{month_label(last)}"


def week_index(day: date) -> int:
    return (day.toordinal() - 1) // 7  # weeks start on Monday


def week_start(index: int) -> date:
    return date.fromordinal(index * 7 + 1)


def week_label(index: int) -> str:
    return f"week of {week_start(index).isoformat()}"


def period_start(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}" if day.day == 1 else day.isoformat()


def listing(labels: Sequence[str], limit: int = 6) -> str:
    """Return up to ``limit`` labels joined by commas, then 'and N more'."""
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


@dataclass(frozen=True)
class PeriodCoverage:
    """Which periods of a window have a record."""

    covered: int
    total: int
    missing: list[str]
    first_day: date

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0


def _better(best: PeriodCoverage | None, found: PeriodCoverage) -> PeriodCoverage:
    """The alignment with more periods covered; on a tie, the one with fewer missing."""
    if best is None or (found.covered, -len(found.missing)) > (best.covered, -len(best.missing)):
        return found
    return best


def period_coverage(
    dates: Sequence[date], recurrence: Recurrence, end: date, window_start: date, window_months: int
) -> PeriodCoverage:
    """Return the coverage of ``dates`` over the window ending ``end``, at the best alignment."""
    best: PeriodCoverage | None = None
    if recurrence == Recurrence.WEEKLY:
        total = max(1, (end - window_start).days // 7)
        weeks = {week_index(d) for d in dates}
        current = week_index(end)
        earliest = week_index(window_start)
        for last in (current - 1, current):
            periods = [w for w in range(last - total + 1, last + 1) if w >= earliest] or [current]
            missing = [week_label(w) for w in periods if w not in weeks]
            found = PeriodCoverage(len(periods) - len(missing), len(periods), missing, week_start(periods[0]))
            best = _better(best, found)
    else:
        step = RECURRENCE_MONTHS[recurrence]
        total = max(1, math.ceil(window_months / step))
        months = {month_index(d) for d in dates}
        current = month_index(end)
        earliest = month_index(window_start)
        for last_month in (current - 1, current):
            firsts = [last_month - p * step - step + 1 for p in range(total - 1, -1, -1)]
            firsts = [first for first in firsts if first >= earliest] or [current - step + 1]
            missing = [
                period_label(first, first + step - 1)
                for first in firsts
                if not any(m in months for m in range(first, first + step))
            ]
            year, month = divmod(firsts[0], 12)
            found = PeriodCoverage(len(firsts) - len(missing), len(firsts), missing, date(year, month + 1, 1))
            best = _better(best, found)
    if best is None:  # pragma: no cover - both loops always run
        raise AssertionError("no coverage computed")
    return best


__all__ = [
    "MONTH_NAMES",
    "PERIOD_DAYS",
    "PeriodCoverage",
    "listing",
    "month_index",
    "month_label",
    "period_coverage",
    "period_label",
    "period_start",
    "week_index",
    "week_label",
    "week_start",
]
