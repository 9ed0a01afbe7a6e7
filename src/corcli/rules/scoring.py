"""Score a company's evidence against its audit standard: a pure function of its inputs and ``today``.

Rules, in short (the README explains them for users):

- documentation requirements are proven by evidence files tied to them (``req-ID`` in the name, a sidecar,
  or ``corcli evidence add --requirement``); an untied file in an element folder counts for the element's
  documentation requirements whose evidence kind appears in its name (``..._inspection.pdf``), or for the
  element's only documentation requirement;
- a document with a review cycle (``review_months``) older than the cycle is stale: half points;
- recurring records must cover every period of the history window at their frequency (monthly inspections in
  each of the last N months, N = the months the target certificate needs, capped by ``records_since``);
  points are proportional to the periods covered; ``per_event`` needs at least one record in the window;
- interview and observation items cannot be proven by files: without a self-assessment answer they are
  "awaiting" and count 0 in the low score and full points in the high score;
- a requirement marked not applicable in the profile (allowed by the standard, not expired) leaves the
  denominator and is listed apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from corcli.models import (
    RECURRENCE_MONTHS,
    Answer,
    Assessment,
    AssessmentAnswer,
    AuditElement,
    AuditStandard,
    CompanyProfile,
    DateSource,
    EvidenceItem,
    Jurisdiction,
    NotApplicable,
    PassRule,
    Program,
    Recurrence,
    Requirement,
    Verification,
)
from corcli.models.evidence import EvidenceAccount, EvidenceTie
from corcli.models.report import (
    AppliedPassRule,
    CompanyInfo,
    ElementResult,
    GapReport,
    HistoryStatus,
    NextAction,
    NotApplicableEntry,
    RecordsHistory,
    RequirementResult,
    RequirementStatus,
    ScoreRange,
    StandardInfo,
    Verdict,
)
from corcli.rules.assignment import Assignment, CompiledVocabulary, assign_evidence
from corcli.rules.cascade import apply_cascade
from corcli.rules.dates import add_months, whole_months

DEFAULT_OVERALL_MIN = 80.0
DEFAULT_ELEMENT_MIN = 50.0
DEFAULT_HISTORY_MONTHS = 12
STALE_SHARE = 0.5
PARTIAL_ANSWER_SHARE = 0.5
NA_EXPIRY_NOTICE_DAYS = 60

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# ---------------------------------------------------------------------------- dates


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_label(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{_MONTH_NAMES[month]} {year}"


def _period_label(first: int, last: int) -> str:
    if first == last:
        return _month_label(first)
    first_year, first_month = divmod(first, 12)
    last_year, last_month = divmod(last, 12)
    if first_year == last_year:
        return f"{_MONTH_NAMES[first_month]}–{_MONTH_NAMES[last_month]} {last_year}"
    return f"{_month_label(first)}–{_month_label(last)}"


def _week_index(day: date) -> int:
    return (day.toordinal() - 1) // 7  # weeks start on Monday


def _week_label(index: int) -> str:
    return f"week of {date.fromordinal(index * 7 + 1).isoformat()}"


# ---------------------------------------------------------------------------- rules


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
    standard: AuditStandard, jurisdiction: Jurisdiction, audit: AuditKind = "certification"
) -> AppliedPassRule:
    """Return the pass rule for ``audit``.

    Certification: the standard's own rule, else the jurisdiction's, else 80/50. Maintenance: the
    jurisdiction's maintenance rule where it is known, else the certification rule (and a note says so).
    """
    if audit == "maintenance":
        maintenance = jurisdiction.pass_rules.maintenance if jurisdiction.pass_rules is not None else None
        if isinstance(maintenance, PassRule) and isinstance(maintenance.overall_min, float | int):
            element_min = maintenance.element_min
            return AppliedPassRule(
                overall_min=float(maintenance.overall_min),
                element_min=float(element_min) if isinstance(element_min, float | int) else None,
                source="jurisdiction",
                audit="maintenance",
            )
        certification = pass_rule_for(standard, jurisdiction)
        note = f"{jurisdiction.name}'s maintenance pass rule is not known to corcli; the certification rule is used."
        return certification.model_copy(
            update={"audit": "maintenance", "note": " ".join(filter(None, [certification.note, note]))}
        )
    if standard.pass_rule is not None:
        rule, source = standard.pass_rule, "standard"
    elif jurisdiction.pass_rules is not None:
        rule, source = jurisdiction.pass_rules.certification, "jurisdiction"
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
        source="standard" if source == "standard" else "jurisdiction",
        note=note,
    )


def _records_rule_program(jurisdiction: Jurisdiction) -> Program | None:
    """Return the program the records-history rule names (e.g. '3-year COR'), if all its labels name one."""
    if not isinstance(jurisdiction.records_history, list) or not jurisdiction.records_history:
        return None
    named = {
        Program.SECOR if "SECOR" in rule.label else Program.COR if "COR" in rule.label else None
        for rule in jurisdiction.records_history
    }
    return named.pop() if len(named) == 1 else None


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
    achievable = None
    if months is not None:
        fitting = [r for r in rules if r.min_months <= months]
        achievable = fitting[-1] if fitting else None
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


# ---------------------------------------------------------------------------- evidence


# ---------------------------------------------------------------------------- requirements


@dataclass(frozen=True)
class _Context:
    today: date
    window_months: int
    window_start: date


def _kinds_text(req: Requirement) -> str:
    names = [k.value.replace("_", " ") for k in req.evidence_kinds]
    if not names:
        return "record"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _short(req: Requirement, limit: int = 90) -> str:
    text = " ".join(req.text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + "…"


def _coverage(dates: Sequence[date], recurrence: Recurrence, ctx: _Context) -> tuple[int, int, list[str], date]:
    """Return (periods covered, periods in the window, missing period labels, first day) at the best alignment.

    The window ends with the current period or the one before it (the current one may not be due yet),
    whichever covers more.
    """
    best: tuple[int, int, list[str], date] | None = None
    if recurrence == Recurrence.WEEKLY:
        total = max(1, (ctx.today - ctx.window_start).days // 7)
        weeks = {_week_index(d) for d in dates}
        current = _week_index(ctx.today)
        for end in (current - 1, current):
            periods = range(end - total + 1, end + 1)
            missing = [_week_label(w) for w in periods if w not in weeks]
            first_day = date.fromordinal(periods[0] * 7 + 1)
            if best is None or total - len(missing) > best[0]:
                best = (total - len(missing), total, missing, first_day)
    else:
        step = RECURRENCE_MONTHS[recurrence]
        total = max(1, math.ceil(ctx.window_months / step))
        months = {_month_index(d) for d in dates}
        current = _month_index(ctx.today)
        for end in (current - 1, current):
            missing = []
            for p in range(total - 1, -1, -1):
                last = end - p * step
                first = last - step + 1
                if not any(m in months for m in range(first, last + 1)):
                    missing.append(_period_label(first, last))
            year, month = divmod(end - total * step + 1, 12)
            if best is None or total - len(missing) > best[0]:
                best = (total - len(missing), total, missing, date(year, month + 1, 1))
    if best is None:  # pragma: no cover - both loops always run
        raise AssertionError("no coverage computed")
    return best


def _period_start(day: date) -> str:
    return f"{_MONTH_NAMES[day.month - 1]} {day.year}" if day.day == 1 else day.isoformat()


def _listing(labels: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def _result(
    req: Requirement,
    element: AuditElement,
    status: RequirementStatus,
    low: float,
    high: float,
    *,
    reasons: list[str],
    evidence: Sequence[EvidenceItem] = (),
    action: str = "",
    coverage: float | None = None,
    na_reason: str = "",
    missing: Sequence[str] = (),
) -> RequirementResult:
    possible = 0.0 if status == RequirementStatus.NOT_APPLICABLE else req.points
    low = round(min(max(low, 0.0), possible), 4)
    high = round(min(max(high, low), possible), 4)
    paths = sorted({i.path for i in evidence})
    mtime = sorted({i.path for i in evidence if i.date_source == DateSource.MTIME})
    return RequirementResult(
        id=req.id,
        element=element.id,
        text=req.text,
        verification=req.verification,
        recurrence=req.recurrence,
        status=status,
        points_possible=possible,
        points_low=low,
        points_high=high,
        coverage=coverage,
        reasons=reasons,
        evidence=paths,
        mtime_dated=mtime,
        next_action=action if possible - low > 0 else "",
        guidance=req.guidance if action and possible - low > 0 else "",
        points_recoverable=round(possible - low, 4),
        na_reason=na_reason,
        depends_on=list(req.depends_on),
        legislated=req.legislated,
        counted_against=req.counted_against,
        missing=list(missing),
    )


def _score_documentation(
    req: Requirement, element: AuditElement, items: list[EvidenceItem], ctx: _Context
) -> RequirementResult:
    kinds = _kinds_text(req)
    if not items:
        action = f"Add the {kinds} for {req.id} ({_short(req)})."
        return _result(req, element, RequirementStatus.MISSING, 0, 0, reasons=["No evidence found."], action=action)
    points = req.points
    dated = [i for i in items if i.record_date is not None]
    if req.recurrence == Recurrence.ONCE:
        if req.review_months is None:
            return _result(req, element, RequirementStatus.MET, points, points, reasons=[], evidence=items)
        fresh_from = add_months(ctx.today, -req.review_months)
        if not dated:
            reason = f"No record date, so it cannot show a review within {req.review_months} months."
            action = f"Date the {kinds} (YYYY-MM-DD in the file name, or --date) or review and re-sign it."
            earned = points * STALE_SHARE
            return _result(
                req, element, RequirementStatus.PARTIAL, earned, earned, reasons=[reason], evidence=items, action=action
            )
        newest = max(dated, key=lambda i: (i.record_date or date.min, i.path))
        newest_date = newest.record_date or date.min
        if newest_date >= fresh_from:
            return _result(req, element, RequirementStatus.MET, points, points, reasons=[], evidence=[newest])
        stale_on = add_months(newest_date, req.review_months)
        reason = (
            f"Stale: the newest {kinds} is dated {newest_date.isoformat()}, and it must be reviewed every "
            f"{req.review_months} months (due {stale_on.isoformat()})."
        )
        action = f"Review, re-sign and date the {kinds} ({_short(req)}), then add it."
        earned = points * STALE_SHARE
        return _result(
            req, element, RequirementStatus.PARTIAL, earned, earned, reasons=[reason], evidence=[newest], action=action
        )
    reasons: list[str] = []
    undated = len(items) - len(dated)
    if undated:
        reasons.append(f"{undated} file(s) have no record date and cannot count toward the history window.")
    if req.recurrence == Recurrence.PER_EVENT:
        in_window = [i for i in dated if ctx.window_start <= (i.record_date or date.min) <= ctx.today]
        if in_window:
            return _result(req, element, RequirementStatus.MET, points, points, reasons=reasons, evidence=in_window)
        latest = max((i.record_date for i in dated if i.record_date), default=None)
        if latest is not None:
            reasons.append(
                f"The latest {kinds} is dated {latest.isoformat()}, before the window that starts "
                f"{ctx.window_start.isoformat()}."
            )
        else:
            reasons.append(f"No dated {kinds} since {ctx.window_start.isoformat()}.")
        action = f"Add a {kinds} from the last {ctx.window_months} months for {req.id} ({_short(req)})."
        return _result(req, element, RequirementStatus.MISSING, 0, 0, reasons=reasons, action=action)
    covered, total, missing, first_day = _coverage([i.record_date for i in dated if i.record_date], req.recurrence, ctx)
    in_window = [i for i in dated if first_day <= (i.record_date or date.min) <= ctx.today]
    share = covered / total
    earned = points * share
    often = req.recurrence.value
    if not missing:
        return _result(
            req, element, RequirementStatus.MET, earned, earned, reasons=reasons, evidence=in_window, coverage=1.0
        )
    reasons.append(f"{covered} of {total} {often} periods since {_period_start(first_day)} have a record.")
    reasons.append(f"No {kinds} for {_listing(missing)}.")
    status = RequirementStatus.PARTIAL if covered else RequirementStatus.MISSING
    action = (
        f"Add the {often} {kinds} records for {_listing(missing)} if they were done, and keep them {often} "
        f"from now on ({req.id}: {_short(req)})."
    )
    return _result(
        req, element, status, earned, earned, reasons=reasons, evidence=in_window, action=action, coverage=share
    )


def _score_people(
    req: Requirement, element: AuditElement, answer: AssessmentAnswer | None, warnings: list[str]
) -> RequirementResult:
    how = "an interview" if req.verification == Verification.INTERVIEW else "observation"
    points = req.points
    if answer is not None and answer.answer == Answer.NOT_APPLICABLE and req.na_allowed:
        reason = answer.note or "Answered not applicable in the self-assessment."
        return _result(req, element, RequirementStatus.NOT_APPLICABLE, 0, 0, reasons=[reason], na_reason=reason)
    if answer is not None and answer.answer == Answer.NOT_APPLICABLE:
        warnings.append(
            f"The self-assessment answers {req.id} as not applicable, but {req.id} cannot be N/A; "
            "it is treated as unanswered."
        )
        answer = None
    if answer is None:
        action = (
            f"Prepare for {how} on {req.id} ({_short(req)}) and record your self-assessment answer "
            "with 'corcli assess'."
        )
        reason = f"Verified by {how}; no self-assessment answer yet."
        return _result(req, element, RequirementStatus.AWAITING, 0, points, reasons=[reason], action=action)
    note = f" ({answer.note})" if answer.note else ""
    if answer.answer == Answer.MET:
        return _result(req, element, RequirementStatus.MET, points, points, reasons=[f"Self-assessment: met{note}."])
    share = PARTIAL_ANSWER_SHARE if answer.answer == Answer.PARTIAL else 0.0
    status = RequirementStatus.PARTIAL if share else RequirementStatus.MISSING
    action = f"Close the gap the self-assessment found on {req.id} ({_short(req)}) and answer it again."
    return _result(
        req,
        element,
        status,
        points * share,
        points * share,
        reasons=[f"Self-assessment: {answer.answer.value.replace('_', ' ')}{note}."],
        action=action,
    )


def _usable_not_applicable(
    standard: AuditStandard, entries: Sequence[NotApplicable], today: date, warnings: list[str]
) -> dict[str, NotApplicable]:
    usable: dict[str, NotApplicable] = {}
    for entry in entries:
        found = standard.requirement(entry.requirement)
        if found is None:
            warnings.append(
                f"corcli.yaml marks requirement {entry.requirement!r} not applicable, but {standard.id} has no "
                "such requirement; remove or correct it."
            )
            continue
        _, req = found
        if not req.na_allowed:
            warnings.append(
                f"corcli.yaml marks {req.id} not applicable, but {standard.id} does not allow N/A for it; it is scored."
            )
            usable.pop(req.id, None)
            continue
        if entry.expires is not None and entry.expires < today:
            warnings.append(
                f"The N/A justification for {req.id} expired on {entry.expires.isoformat()}; it is scored until "
                "you review it and set a new expiry in corcli.yaml."
            )
            usable.pop(req.id, None)
            continue
        if entry.expires is not None and entry.expires <= today + timedelta(days=NA_EXPIRY_NOTICE_DAYS):
            warnings.append(
                f"The N/A justification for {req.id} expires on {entry.expires.isoformat()}; review it and set a "
                "new expiry in corcli.yaml."
            )
        usable[req.id] = entry
    return usable


# ---------------------------------------------------------------------------- the report


def _element_result(element: AuditElement, results: list[RequirementResult], rule: AppliedPassRule) -> ElementResult:
    possible = sum(r.points_possible for r in results)
    low = sum(r.points_low for r in results)
    high = sum(r.points_high for r in results)
    element_score = ScoreRange(low=_percent(low, possible), high=_percent(high, possible)) if possible > 0 else None
    meets_floor = None
    if element.counts_toward_score and element_score is not None and rule.element_min is not None:
        meets_floor = element_score.low >= rule.element_min
    return ElementResult(
        id=element.id,
        title=element.title,
        folder=element.folder,
        counts_toward_score=element.counts_toward_score,
        points_possible=round(possible, 4),
        points_low=round(low, 4),
        points_high=round(high, 4),
        score=element_score,
        meets_floor=meets_floor,
        requirements=results,
    )


def _percent(earned: float, possible: float) -> float:
    if possible <= 0:
        return 0.0
    return round(min(100.0, max(0.0, 100.0 * earned / possible)), 1)


def score(
    standard: AuditStandard,
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    items: Iterable[EvidenceItem],
    today: date,
    answers: Assessment | None = None,
    audit: AuditKind = "certification",
    vocabulary: CompiledVocabulary | None = None,
) -> GapReport:
    """Score the evidence against the standard as of ``today`` and return the gap report.

    ``audit`` picks the pass rule: certification (and recertification) or a maintenance audit.
    """
    warnings: list[str] = []
    item_list = sorted(items, key=lambda i: (i.path, i.requirement or ""))
    history = records_history(profile, jurisdiction, today)
    published_for = _records_rule_program(jurisdiction)
    if published_for is not None and published_for != standard.program:
        warnings.append(
            f"{jurisdiction.name}'s records-history rule on file is published for {published_for}; confirm with "
            f"your partner how many months of records {standard.program} needs."
        )
    ctx = _Context(today, history.window_months, history.window_start)
    rule = pass_rule_for(standard, jurisdiction, audit)
    if rule.note:
        warnings.append(rule.note)

    future = sorted(i.path for i in item_list if i.record_date is not None and i.record_date > today)
    if future:
        warnings.append(
            f"{len(future)} evidence file(s) are dated after {today.isoformat()} and are not counted: "
            f"{_listing(future, 5)}."
        )
    assignment = assign_evidence(standard, item_list, vocabulary, today=today, window_start=history.window_start)
    warnings.extend(assignment.warnings)

    by_answer: dict[str, AssessmentAnswer] = {}
    if answers is not None:
        if answers.standard != standard.id:
            warnings.append(
                f"The self-assessment is for standard {answers.standard!r}, not {standard.id!r}; its answers are "
                "not used."
            )
        else:
            by_answer = answers.by_requirement()
            unknown = sorted(r for r in by_answer if standard.requirement(r) is None)
            if unknown:
                warnings.append(f"The self-assessment answers unknown requirement(s) {', '.join(unknown)}.")

    not_applicable = _usable_not_applicable(standard, profile.not_applicable, today, warnings)
    raw: dict[str, RequirementResult] = {}
    for element in standard.elements:
        for req in element.requirements:
            na = not_applicable.get(req.id)
            if na is not None:
                result = _result(
                    req, element, RequirementStatus.NOT_APPLICABLE, 0, 0, reasons=[na.reason], na_reason=na.reason
                )
            elif req.verification == Verification.DOCUMENTATION:
                result = _score_documentation(req, element, assignment.by_requirement.get(req.id, []), ctx)
            else:
                result = _score_people(req, element, by_answer.get(req.id), warnings)
            raw[req.id] = result
    cascaded = apply_cascade(standard, raw)

    na_entries: list[NotApplicableEntry] = []
    elements: list[ElementResult] = []
    for element in standard.elements:
        results: list[RequirementResult] = []
        for req in element.requirements:
            result = cascaded[req.id]
            if result.status == RequirementStatus.NOT_APPLICABLE:
                na = not_applicable.get(req.id)
                expires = na.expires if na is not None else None
                na_entries.append(
                    NotApplicableEntry(element=element.id, requirement=req.id, reason=result.na_reason, expires=expires)
                )
            results.append(result)
        elements.append(_element_result(element, results, rule))

    scored = [e for e in elements if e.counts_toward_score]
    possible = sum(e.points_possible for e in scored)
    low = sum(e.points_low for e in scored)
    high = sum(e.points_high for e in scored)
    overall = ScoreRange(low=_percent(low, possible), high=_percent(high, possible))
    if possible <= 0:
        warnings.append("Nothing is left to score: every requirement is not applicable.")

    element_min = rule.element_min
    below = [e.id for e in scored if e.meets_floor is False]
    below_high = [
        e.id for e in scored if element_min is not None and e.score is not None and e.score.high < element_min
    ]
    legislated = [r for e in scored for r in e.requirements if r.legislated and r.points_possible > 0]
    legislated_unmet = [r.id for r in legislated if r.points_low < r.points_possible] if rule.legislated_full else []
    legislated_never = [r.id for r in legislated if r.points_high < r.points_possible] if rule.legislated_full else []
    with_scores = [e for e in scored if e.score is not None]
    weakest = min(with_scores, key=lambda e: (e.score.low, e.score.high) if e.score else (0.0, 0.0), default=None)

    if history.status == HistoryStatus.TOO_SHORT or possible <= 0:
        verdict = Verdict.NOT_READY
    elif overall.low >= rule.overall_min and not below and not legislated_unmet:
        verdict = Verdict.READY
    elif overall.high >= rule.overall_min and not below_high and not legislated_never:
        verdict = Verdict.DEPENDS
    else:
        verdict = Verdict.NOT_READY

    order = {(r.element, r.id): n for n, r in enumerate(r for e in elements for r in e.requirements)}
    below_set = set(below)
    pending = [r for e in elements for r in e.requirements if r.points_recoverable > 0 and r.next_action]
    pending.sort(
        key=lambda r: (
            -r.points_recoverable,
            r.element not in below_set,
            r.status == RequirementStatus.AWAITING,
            order[(r.element, r.id)],
        )
    )
    actions = [
        NextAction(
            rank=n,
            element=r.element,
            requirement=r.id,
            status=r.status,
            action=r.next_action,
            guidance=r.guidance,
            points=r.points_recoverable,
            below_floor=r.element in below_set,
        )
        for n, r in enumerate(pending, start=1)
    ]

    mtime = sorted({p for e in elements for r in e.requirements for p in r.mtime_dated})
    if mtime:
        warnings.append(
            f"{len(mtime)} evidence file(s) are dated only by their modification time, which an auditor will not "
            f"accept as the record date: {_listing(mtime, 5)}. Put the date in the file name (YYYY-MM-DD) or add "
            "the file with 'corcli evidence add --date'."
        )
    if assignment.unassigned:
        warnings.append(
            f"{len(assignment.unassigned)} evidence file(s) are not tied to a requirement and do not count: "
            f"{_listing(assignment.unassigned, 5)}. Put 'req-ID' in the name or use "
            "'corcli evidence add --requirement'."
        )

    awaiting = sum(1 for e in elements for r in e.requirements if r.status == RequirementStatus.AWAITING)
    return GapReport(
        report_date=today,
        company=CompanyInfo(
            name=profile.company.name,
            province=profile.company.province,
            employees=profile.company.employees,
            partner=profile.certification.partner,
        ),
        standard=StandardInfo(
            id=standard.id,
            title=standard.title,
            publisher=standard.publisher,
            edition=standard.edition,
            program=standard.program.value,
            weights=standard.weights,
        ),
        weights_estimated=standard.weights != "official",
        pass_rule=rule,
        verdict=verdict,
        ready=verdict == Verdict.READY,
        score=overall,
        points_possible=round(possible, 4),
        points_low=round(low, 4),
        points_high=round(high, 4),
        weakest_element=weakest.id if weakest else None,
        elements_below_floor=below,
        legislated_unmet=legislated_unmet,
        records_history=history,
        elements=elements,
        next_actions=actions,
        not_applicable=na_entries,
        awaiting=awaiting,
        evidence_files=len(item_list),
        unassigned_evidence=assignment.unassigned,
        evidence=evidence_accounts(assignment),
        warnings=warnings,
    )


def evidence_accounts(assignment: Assignment) -> list[EvidenceAccount]:
    """Return every evidence file with what it counts for and why, as the report lists them."""
    return [
        EvidenceAccount(
            path=a.item.path,
            element=a.item.element,
            record_date=a.item.record_date,
            date_source=a.item.date_source,
            counted_for=a.counted_for,
            ties=[
                EvidenceTie(requirement=t.requirement, reason=t.reason, counts=t.counts, why_not=t.why_not)
                for t in a.ties
            ],
            not_counted=a.not_counted,
            proposed=list(a.proposed),
        )
        for a in assignment.files
    ]


__all__ = [
    "add_months",
    "assign_evidence",
    "audit_kind",
    "evidence_accounts",
    "pass_rule_for",
    "records_history",
    "score",
    "whole_months",
]
