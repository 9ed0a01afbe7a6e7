"""Periods of a look-back window (weeks, months, quarters...) and which of them have a record.

The window ends with the current period or the one before it (the current one may not be due yet),
whichever covers more, so a record not yet due is never counted as missing.
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


def period_coverage(
    dates: Sequence[date], recurrence: Recurrence, end: date, window_start: date, window_months: int
) -> PeriodCoverage:
    """Return the coverage of ``dates`` over the window ending ``end``, at the best alignment."""
    best: PeriodCoverage | None = None
    if recurrence == Recurrence.WEEKLY:
        total = max(1, (end - window_start).days // 7)
        weeks = {week_index(d) for d in dates}
        current = week_index(end)
        for last in (current - 1, current):
            periods = range(last - total + 1, last + 1)
            missing = [week_label(w) for w in periods if w not in weeks]
            found = PeriodCoverage(total - len(missing), total, missing, week_start(periods[0]))
            if best is None or found.covered > best.covered:
                best = found
    else:
        step = RECURRENCE_MONTHS[recurrence]
        total = max(1, math.ceil(window_months / step))
        months = {month_index(d) for d in dates}
        current = month_index(end)
        for last_month in (current - 1, current):
            missing = []
            for p in range(total - 1, -1, -1):
                last = last_month - p * step
                first = last - step + 1
                if not any(m in months for m in range(first, last + 1)):
                    missing.append(period_label(first, last))
            year, month = divmod(last_month - total * step + 1, 12)
            found = PeriodCoverage(total - len(missing), total, missing, date(year, month + 1, 1))
            if best is None or found.covered > best.covered:
                best = found
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
