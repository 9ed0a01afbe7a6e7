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
from typing import Literal

from corcli.models import AuditStandard, EvidenceKind, Recurrence, Requirement, Schedule
from corcli.rules.periods import PERIOD_DAYS

WHO_SETS = {"law": "the law", "program": "the program"}
SetBy = Literal["law", "program", "company", "assumed"]
_COMPANY = "your own written schedule (schedules: in corcli.yaml)"


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


@dataclass(frozen=True)
class RecurrenceBasis:
    """Who sets how often a recurring item's records are made: the law, the program, the company or corcli."""

    set_by: SetBy
    source: str  # the law section or page; "corcli.yaml schedules:" for the company's own; "" when assumed
    sentence: str


def _cited(source: str) -> str:
    return f": {source}" if source else ""


def recurrence_basis(
    req: Requirement, schedules: Sequence[Schedule], program: str = "the program"
) -> RecurrenceBasis | None:
    """Return who sets ``req``'s frequency, in one sentence the reports print; ``None`` when it does not recur.

    ``program`` names whose program it is (e.g. "ACSA's program") where the program sets it.
    """
    if req.recurrence not in PERIOD_DAYS:
        return None
    often = frequency(req, schedules)
    every, minimum = often.every.value.capitalize(), req.recurrence.value
    if req.recurrence_set_by in WHO_SETS:
        who = "the law" if req.recurrence_set_by == "law" else program
        source = req.recurrence_source
        if often.source == "company" and often.every != req.recurrence:
            return RecurrenceBasis(
                "company",
                "corcli.yaml schedules:",
                f"{every} is {_COMPANY}; {who} sets at least {minimum}{_cited(source)}.",
            )
        return RecurrenceBasis(
            req.recurrence_set_by,
            source,
            f"{every} is set by {who}{_cited(source)}. Your own schedule may be stricter, never laxer.",
        )
    if often.source == "company":
        return RecurrenceBasis(
            "company",
            "corcli.yaml schedules:",
            f"{every} is {_COMPANY}, which is what the auditor checks your records against; no law or program "
            "on file sets this frequency.",
        )
    see = f" (see {req.recurrence_source})" if req.recurrence_source else ""
    return RecurrenceBasis(
        "assumed",
        req.recurrence_source,
        f"{every} is corcli's assumption: no law or program on file sets it, and the auditor checks your records "
        f"against your own written schedule{see}; write it under schedules: in corcli.yaml.",
    )


def schedule_basis(kind: EvidenceKind, every: Recurrence, standard: AuditStandard) -> tuple[str, list[str]]:
    """Return who sets a company schedule's minimum, in one sentence, and its sources (for 'due' and 'calendar').

    The strictest frequency the law or the program sets for a requirement met by records of ``kind``; else the
    company's own schedule is the only rule and the sentence says so.
    """
    set_ones = [
        r
        for e in standard.elements
        for r in e.requirements
        if kind in r.evidence_kinds and r.recurrence in PERIOD_DAYS and r.recurrence_set_by in WHO_SETS
    ]
    if not set_ones:
        return "No law or program on file sets this frequency: your schedule is what the auditor checks against.", []
    strictest = min(set_ones, key=lambda r: PERIOD_DAYS[r.recurrence])
    who = WHO_SETS[strictest.recurrence_set_by]
    laxer = ""
    if _laxer(every, strictest.recurrence):
        laxer = f"; your schedule is laxer, so keep {strictest.recurrence.value}"
    sentence = (
        f"{who.capitalize()} sets at least {strictest.recurrence.value} for {strictest.id}"
        f"{_cited(strictest.recurrence_source)}{laxer}."
    )
    return sentence, [strictest.recurrence_source] if strictest.recurrence_source else []


__all__ = ["Frequency", "RecurrenceBasis", "SetBy", "frequency", "recurrence_basis", "schedule_basis"]
