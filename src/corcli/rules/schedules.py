"""The company's own schedule: how often it says each kind of record is made, checked against the law's minimum.

ACSA's reviewers check inspection records against the frequency in the company's own inspection policy, so a
company that inspects its shop quarterly is not marked down for missing months. A frequency the law or the
program sets (``recurrence_set_by``) is a minimum: a laxer company schedule does not lower it. Where the
standard only assumes a frequency, the company's schedule wins. The manual prints the same frequency
(``frequency``), so the manual and the scoring never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corcli.models import Recurrence, Requirement, Schedule
from corcli.rules.periods import PERIOD_DAYS

WHO_SETS = {"law": "the law", "program": "the program"}


@dataclass(frozen=True)
class Frequency:
    """How often a requirement's records are checked, and why."""

    every: Recurrence
    source: str  # "standard", "company" or "minimum"
    note: str = ""


def _laxer(first: Recurrence, second: Recurrence) -> bool:
    return PERIOD_DAYS[first] > PERIOD_DAYS[second]


def _entries(req: Requirement, schedules: Sequence[Schedule], site: str | None) -> list[Schedule]:
    kinds = set(req.evidence_kinds)
    mine = [s for s in schedules if s.kind in kinds]
    if site is not None:
        named = [s for s in mine if any(n.casefold() == site.casefold() for n in s.sites)]
        if named:
            return named
    company = [s for s in mine if not s.sites]
    if company or site is not None:
        return company
    return mine  # only site-specific entries, and the item is not counted per site


def frequency(req: Requirement, schedules: Sequence[Schedule], site: str | None = None) -> Frequency:
    """Return the frequency ``req``'s records are checked against (for ``site`` when counted per site)."""
    if req.recurrence not in PERIOD_DAYS:
        return Frequency(req.recurrence, "standard")
    entries = [s for s in _entries(req, schedules, site) if s.every in PERIOD_DAYS]
    if not entries:
        return Frequency(req.recurrence, "standard")
    # Several entries for one kind (e.g. monthly for the field, quarterly for the shop, and the item is not
    # counted per site): the strictest is what the company committed to for its records as a whole.
    chosen = min(entries, key=lambda s: PERIOD_DAYS[s.every]).every
    where = f" for {site}" if site else ""
    if req.recurrence_set_by in WHO_SETS and _laxer(chosen, req.recurrence):
        who = WHO_SETS[req.recurrence_set_by]
        note = (
            f"Your schedule says {chosen.value}{where}, but {who} sets {req.recurrence.value} for {req.id}: "
            f"checked {req.recurrence.value}."
        )
        return Frequency(req.recurrence, "minimum", note)
    if chosen == req.recurrence:
        return Frequency(chosen, "company")
    return Frequency(chosen, "company", f"Checked {chosen.value}{where}, as your own schedule says.")


__all__ = ["Frequency", "frequency"]
