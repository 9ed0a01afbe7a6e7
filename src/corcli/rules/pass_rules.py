"""Which pass rule applies (certification or maintenance, and whose rule it is) and the records-history window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from corcli.models import AuditStandard, CompanyProfile, Jurisdiction, PassRule, Program, RecordsHistoryRule
from corcli.models.report import AppliedPassRule, HistoryStatus, RecordsHistory
from corcli.rules.dates import add_months, whole_months

DEFAULT_OVERALL_MIN = 80.0
DEFAULT_ELEMENT_MIN = 50.0
DEFAULT_HISTORY_MONTHS = 12


AuditKind = Literal["certification", "maintenance"]


def audit_kind(profile: CompanyProfile, jurisdiction: Jurisdiction, today: date) -> AuditKind:
    """Return which audit comes next: maintenance while a current certificate is valid, else certification."""
    certified = profile.certification.certified_on
    years = jurisdiction.validity_years
    if certified is None or not isinstance(years, int) or certified > today:
        return "certification"
    try:
        expires = certified.replace(year=certified.year + years)
    except ValueError:  # 29 February
        expires = certified.replace(year=certified.year + years, day=28)
    return "maintenance" if today < expires else "certification"


def pass_rule_for(
    standard: AuditStandard,
    jurisdiction: Jurisdiction,
    audit: AuditKind = "certification",
    program: str | None = None,
) -> AppliedPassRule:
    """Return the pass rule for ``audit``.

    ``program`` names whose program set the jurisdiction's pass rules (e.g. 'IHSA'), when the partner's
    program has its own (``rules.eligibility.program_view`` puts them on the jurisdiction): that rule wins.
    Otherwise certification uses the standard's own rule, else the jurisdiction's, else 80/50. Maintenance:
    the maintenance rule where it is known, else the certification rule (and a note says so).
    """
    owner = program if program and jurisdiction.pass_rules is not None else None
    source: Literal["program", "jurisdiction"] = "program" if owner else "jurisdiction"
    if audit == "maintenance":
        maintenance = jurisdiction.pass_rules.maintenance if jurisdiction.pass_rules is not None else None
        if isinstance(maintenance, PassRule) and isinstance(maintenance.overall_min, float | int):
            element_min = maintenance.element_min
            return AppliedPassRule(
                overall_min=float(maintenance.overall_min),
                element_min=float(element_min) if isinstance(element_min, float | int) else None,
                source=source,
                decided_by=owner or jurisdiction.name,
                audit="maintenance",
                legislated_full=maintenance.mandatory_items_full,
            )
        certification = pass_rule_for(standard, jurisdiction, program=program)
        who = f"{owner}'s" if owner else f"{jurisdiction.name}'s"
        note = f"{who} maintenance pass rule is not known to corcli; the certification rule is used."
        return certification.model_copy(
            update={"audit": "maintenance", "note": " ".join(filter(None, [certification.note, note]))}
        )
    applied: Literal["program", "standard", "jurisdiction"]
    if owner and jurisdiction.pass_rules is not None:
        rule, applied, decided_by = jurisdiction.pass_rules.certification, source, owner
    elif standard.pass_rule is not None:
        rule, applied, decided_by = standard.pass_rule, "standard", standard.title
    elif jurisdiction.pass_rules is not None:
        rule, applied, decided_by = jurisdiction.pass_rules.certification, "jurisdiction", jurisdiction.name
    else:
        return AppliedPassRule(
            overall_min=DEFAULT_OVERALL_MIN,
            element_min=DEFAULT_ELEMENT_MIN,
            source="default",
            note=f"{jurisdiction.name} has no pass rule on file; the common 80% overall / 50% per element is used.",
        )
    notes: list[str] = []
    overall = DEFAULT_OVERALL_MIN
    if isinstance(rule.overall_min, float | int):
        overall = float(rule.overall_min)
    else:
        notes.append("the overall minimum is unknown, 80% is assumed")
    element: float | None
    if rule.element_min is None:
        element = None
    elif isinstance(rule.element_min, float | int):
        element = float(rule.element_min)
    else:
        element = DEFAULT_ELEMENT_MIN
        notes.append("the element minimum is unknown, 50% is assumed")
    note = ("; ".join(notes).capitalize() + ".") if notes else ""
    return AppliedPassRule(
        overall_min=overall,
        element_min=element,
        source=applied,
        decided_by=decided_by,
        legislated_full=rule.mandatory_items_full,
        note=note,
    )


def records_rule_program(jurisdiction: Jurisdiction) -> Program | None:
    """Return the program the records-history rule names (e.g. '3-year COR'), if all its labels name one."""
    if not isinstance(jurisdiction.records_history, list) or not jurisdiction.records_history:
        return None
    named = {
        Program.SECOR if "SECOR" in rule.label else Program.COR if "COR" in rule.label else None
        for rule in jurisdiction.records_history
    }
    return named.pop() if len(named) == 1 else None


def supported_rule(rules: Sequence[RecordsHistoryRule], since: date, on: date) -> RecordsHistoryRule | None:
    """Return the longest records-history rule that records kept since ``since`` meet on ``on`` (or ``None``).

    Why one function: ``check``'s history line, the calendar's audit note and its projected term must agree.
    """
    if on < since:  # no records kept yet on that day
        return None
    months = whole_months(since, on)
    return max((r for r in rules if r.min_months <= months), key=lambda r: r.min_months, default=None)


def records_history(profile: CompanyProfile, jurisdiction: Jurisdiction, today: date) -> RecordsHistory:
    """Compare the months of records with the jurisdiction's certificate terms and set the look-back window."""
    rules = (
        sorted(jurisdiction.records_history, key=lambda r: r.min_months)
        if isinstance(jurisdiction.records_history, list)
        else []
    )
    target = rules[-1] if rules else None
    target_months = target.min_months if target else DEFAULT_HISTORY_MONTHS
    since = profile.certification.records_since
    months = whole_months(since, today) if since is not None else None
    achievable = supported_rule(rules, since, today) if since is not None else None
    window = max(1, target_months if months is None else min(target_months, months))
    target_date = add_months(since, target_months) if since is not None else None
    if since is None:
        status = HistoryStatus.UNKNOWN
        message = (
            "Records history unknown: set certification.records_since in corcli.yaml to the date you started "
            f"keeping safety records; until then the last {window} months are checked."
        )
    elif not rules:
        status = HistoryStatus.UNKNOWN
        message = (
            f"{months} months of records; {jurisdiction.name}'s rule on how many months a certificate needs "
            f"is not on file, so the last {window} months are checked."
        )
    elif target is not None and months is not None and months >= target.min_months:
        status = HistoryStatus.FULL
        message = f"{months} months of records: enough for a {target.label} ({target.min_months} months needed)."
    elif achievable is not None and target is not None:
        status = HistoryStatus.SHORTER_TERM
        message = (
            f"{months} months of records: enough for a {achievable.label} now; a {target.label} needs "
            f"{target.min_months} months (from {target_date.isoformat() if target_date else 'later'})."
        )
    else:
        first = rules[0]
        first_date = add_months(since, first.min_months)
        status = HistoryStatus.TOO_SHORT
        message = (
            f"{months} months of records: a {first.label} needs at least {first.min_months} months "
            f"(from {first_date.isoformat()})."
        )
    return RecordsHistory(
        status=status,
        records_since=since,
        months=months,
        achievable=achievable.label if achievable else None,
        target=target.label if target else None,
        target_months=target.min_months if target else None,
        target_date=target_date if target else None,
        window_months=window,
        window_start=add_months(today, -window),
        message=message,
    )


__all__ = ["AuditKind", "audit_kind", "pass_rule_for", "records_history", "records_rule_program"]
