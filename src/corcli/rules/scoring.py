"""Score a company's evidence against its audit standard: a pure function of its inputs and ``today``.

Rules, in short (the README explains them for users; each module says why):

- documentation requirements are proven by the evidence files ``rules.assignment`` ties to them;
- documents, recurring records and coverage of workers, sites and work weeks: ``rules.documents`` and
  ``rules.coverage``, at the company's own schedule (``rules.schedules``);
- interview and observation items: ``rules.people``; cascade scoring: ``rules.cascade``;
- which pass rule and the records-history window: ``rules.pass_rules``; the shortest path to a pass:
  ``rules.path``;
- a requirement marked not applicable in the profile (allowed by the standard, not expired) leaves the
  denominator and is listed apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from corcli.models import (
    Assessment,
    AssessmentAnswer,
    AuditElement,
    AuditStandard,
    CompanyProfile,
    EvidenceItem,
    EvidenceKind,
    Jurisdiction,
    NotApplicable,
    Recurrence,
    Requirement,
    RequirementStatus,
    Verification,
)
from corcli.models.base import trusted
from corcli.models.evidence import EvidenceAccount, EvidenceTie
from corcli.models.report import (
    AppliedPassRule,
    CompanyInfo,
    ElementResult,
    GapReport,
    HistoryStatus,
    NextAction,
    NotApplicableEntry,
    PathToPass,
    RequirementResult,
    ScoreRange,
    StandardInfo,
    Verdict,
)
from corcli.rules.assignment import Assignment, CompiledVocabulary, Tie, assign_evidence
from corcli.rules.cascade import apply_cascade
from corcli.rules.coverage import Roster
from corcli.rules.dates import add_months, whole_months
from corcli.rules.documents import Context, result, score_documentation
from corcli.rules.pass_rules import AuditKind, audit_kind, pass_rule_for, records_history, records_rule_program
from corcli.rules.path import EFFORT_COST, effort, path_to_pass, percent
from corcli.rules.people import score_people
from corcli.rules.periods import listing
from corcli.rules.schedules import recurrence_basis

NA_EXPIRY_NOTICE_DAYS = 60


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
    element_score = ScoreRange(low=percent(low, possible), high=percent(high, possible)) if possible > 0 else None
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


def _reviews(standard: AuditStandard) -> dict[str, str]:
    """Map each reviewable document to the item that scores its review (a review record that depends on it).

    ACSA scores signing and the yearly review as separate questions: a stale policy then costs the review
    item, not the document as well.
    """
    reviewed_by: dict[str, str] = {}
    for element in standard.elements:
        for req in element.requirements:
            if EvidenceKind.REVIEW_RECORD not in req.evidence_kinds or req.recurrence == Recurrence.ONCE:
                continue
            for target in req.depends_on:
                found = standard.requirement(target)
                if found is not None and found[1].review_months is not None:
                    reviewed_by.setdefault(target, req.id)
    return reviewed_by


def _answers(standard: AuditStandard, answers: Assessment | None, warnings: list[str]) -> dict[str, AssessmentAnswer]:
    if answers is None:
        return {}
    if answers.standard != standard.id:
        warnings.append(
            f"The self-assessment is for standard {answers.standard!r}, not {standard.id!r}; its answers are not used."
        )
        return {}
    by_answer = answers.by_requirement()
    unknown = sorted(r for r in by_answer if standard.requirement(r) is None)
    if unknown:
        warnings.append(f"The self-assessment answers unknown requirement(s) {', '.join(unknown)}.")
    return by_answer


def _verdict(
    elements: list[ElementResult], rule: AppliedPassRule, history: HistoryStatus, overall: ScoreRange, possible: float
) -> tuple[Verdict, list[str], list[str]]:
    """Return the verdict, the elements below the floor and the legislated items not fully met."""
    scored = [e for e in elements if e.counts_toward_score]
    below = [e.id for e in scored if e.meets_floor is False]
    floor = rule.element_min
    below_high = [e.id for e in scored if floor is not None and e.score is not None and e.score.high < floor]
    legislated = [r for e in scored for r in e.requirements if r.legislated and r.points_possible > 0]
    unmet = [r.id for r in legislated if r.points_low < r.points_possible] if rule.legislated_full else []
    never = [r.id for r in legislated if r.points_high < r.points_possible] if rule.legislated_full else []
    if history == HistoryStatus.TOO_SHORT or possible <= 0:
        verdict = Verdict.NOT_READY
    elif overall.low >= rule.overall_min and not below and not unmet:
        verdict = Verdict.READY
    elif overall.high >= rule.overall_min and not below_high and not never:
        verdict = Verdict.DEPENDS
    else:
        verdict = Verdict.NOT_READY
    return verdict, below, unmet


def _next_actions(elements: list[ElementResult], path: PathToPass, below: list[str]) -> list[NextAction]:
    """The path to a pass first, in its order; then the rest by points per unit of effort."""
    order = {(r.element, r.id): n for n, r in enumerate(r for e in elements for r in e.requirements)}
    on_path = {(a.element, a.requirement): n for n, a in enumerate(path.actions)}
    pending = [r for e in elements for r in e.requirements if r.points_recoverable > 0 and r.next_action]
    pending.sort(
        key=lambda r: (
            on_path.get((r.element, r.id), len(on_path)),
            -r.points_recoverable / EFFORT_COST[effort(r)],
            r.element not in below,
            r.status == RequirementStatus.AWAITING,
            order[(r.element, r.id)],
        )
    )
    return [
        NextAction(
            rank=n,
            element=r.element,
            requirement=r.id,
            status=r.status,
            action=r.next_action,
            guidance=r.guidance,
            points=r.points_recoverable,
            below_floor=r.element in below,
            effort=effort(r),
            to_pass=(r.element, r.id) in on_path,
        )
        for n, r in enumerate(pending, start=1)
    ]


def _with_recurrence_basis(found: RequirementResult, req: Requirement, profile: CompanyProfile) -> RequirementResult:
    """Say who sets a recurring item's frequency (law, program, the company's schedule or corcli's assumption)."""
    basis = recurrence_basis(req, profile.schedules)
    if basis is None:
        return found
    return found.model_copy(
        update={
            "recurrence_set_by": basis.set_by,
            "recurrence_source": basis.source,
            "reasons": [*found.reasons, basis.sentence],
        }
    )


def score(
    standard: AuditStandard,
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    items: Iterable[EvidenceItem],
    today: date,
    answers: Assessment | None = None,
    audit: AuditKind = "certification",
    vocabulary: CompiledVocabulary | None = None,
    *,
    interview_sample: int | None = None,
    program: str | None = None,
) -> GapReport:
    """Score the evidence against the standard as of ``today`` and return the gap report.

    ``audit`` picks the pass rule: certification (and recertification) or a maintenance audit.
    ``interview_sample`` is how many interviews the auditor's sample needs ('corcli plan'), when known;
    ``program`` names the partner whose program set the jurisdiction's pass rules, when it has its own.
    """
    warnings: list[str] = []
    item_list = sorted(items, key=lambda i: (i.path, i.requirement or ""))
    history = records_history(profile, jurisdiction, today)
    published_for = records_rule_program(jurisdiction)
    if published_for is not None and published_for != standard.program:
        warnings.append(
            f"{jurisdiction.name}'s records-history rule on file is published for {published_for}; confirm with "
            f"your partner how many months of records {standard.program} needs."
        )
    roster = Roster(
        today=today,
        window_start=history.window_start,
        window_months=history.window_months,
        employees=profile.company.employees,
        people=profile.people,
        sites=profile.sites,
        schedules=profile.schedules,
        activity=profile.activity,
    )
    ctx = Context(today, history.window_months, history.window_start, roster)
    rule = pass_rule_for(standard, jurisdiction, audit, program)
    if rule.note:
        warnings.append(rule.note)

    future = sorted(i.path for i in item_list if i.record_date is not None and i.record_date > today)
    if future:
        warnings.append(
            f"{len(future)} evidence file(s) are dated after {today.isoformat()} and are not counted: "
            f"{listing(future, 5)}."
        )
    assignment = assign_evidence(standard, item_list, vocabulary, today=today, window_start=history.window_start)
    warnings.extend(assignment.warnings)
    by_answer = _answers(standard, answers, warnings)

    not_applicable = _usable_not_applicable(standard, profile.not_applicable, today, warnings)
    reviewed_by = _reviews(standard)
    reviews = {review: document for document, review in reviewed_by.items()}
    raw: dict[str, RequirementResult] = {}
    for element in standard.elements:
        for req in element.requirements:
            na = not_applicable.get(req.id)
            if na is not None:
                raw[req.id] = result(
                    req, element, RequirementStatus.NOT_APPLICABLE, 0, 0, reasons=[na.reason], na_reason=na.reason
                )
            elif req.verification == Verification.DOCUMENTATION:
                document = reviews.get(req.id)
                raw[req.id] = score_documentation(
                    req,
                    element,
                    assignment.by_requirement.get(req.id, []),
                    ctx,
                    reviewed_by=reviewed_by.get(req.id),
                    review_of=assignment.by_requirement.get(document, []) if document else (),
                )
                raw[req.id] = _with_recurrence_basis(raw[req.id], req, profile)
            else:
                raw[req.id] = score_people(
                    req,
                    element,
                    by_answer.get(req.id),
                    warnings,
                    required_sample=interview_sample,
                    rule=standard.interview_rule,
                )
    cascaded = apply_cascade(standard, raw)

    na_entries: list[NotApplicableEntry] = []
    elements: list[ElementResult] = []
    for element in standard.elements:
        results = [cascaded[req.id] for req in element.requirements]
        for req in element.requirements:
            na = not_applicable.get(req.id)
            if cascaded[req.id].status == RequirementStatus.NOT_APPLICABLE:
                na_entries.append(
                    NotApplicableEntry(
                        element=element.id,
                        requirement=req.id,
                        reason=cascaded[req.id].na_reason,
                        expires=na.expires if na is not None else None,
                    )
                )
        elements.append(_element_result(element, results, rule))

    scored = [e for e in elements if e.counts_toward_score]
    possible = sum(e.points_possible for e in scored)
    low = sum(e.points_low for e in scored)
    high = sum(e.points_high for e in scored)
    overall = ScoreRange(low=percent(low, possible), high=percent(high, possible))
    if possible <= 0:
        warnings.append("Nothing is left to score: every requirement is not applicable.")
    verdict, below, legislated_unmet = _verdict(elements, rule, history.status, overall, possible)
    with_scores = [e for e in scored if e.score is not None]
    weakest = min(with_scores, key=lambda e: (e.score.low, e.score.high) if e.score else (0.0, 0.0), default=None)
    blocked = ""
    if history.status == HistoryStatus.TOO_SHORT:
        blocked = f"{history.message} No action on the evidence can pass before then."
    path = path_to_pass(elements, raw, rule, blocked_note=blocked)

    mtime = sorted({p for e in elements for r in e.requirements for p in r.mtime_dated})
    if mtime:
        warnings.append(
            f"{len(mtime)} evidence file(s) are dated only by their modification time, which an auditor will not "
            f"accept as the record date: {listing(mtime, 5)}. Put the date in the file name (YYYY-MM-DD) or add "
            "the file with 'corcli evidence add --date'."
        )
    if assignment.unassigned:
        warnings.append(
            f"{len(assignment.unassigned)} evidence file(s) are not tied to a requirement and do not count: "
            f"{listing(assignment.unassigned, 5)}. Put 'req-ID' in the name or use "
            "'corcli evidence add --requirement'."
        )

    awaiting = sum(1 for e in elements for r in e.requirements if r.status == RequirementStatus.AWAITING)
    return GapReport(
        report_date=today,
        company=CompanyInfo(
            name=profile.company.name,
            province=profile.company.province,
            employees=profile.company.employees,
            partner=profile.certification.partner or "",
        ),
        standard=StandardInfo(
            id=standard.id,
            title=standard.title,
            publisher=standard.publisher,
            edition=standard.edition,
            program=standard.program.value if standard.program else "legal program",
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
        path_to_pass=path,
        next_actions=_next_actions(elements, path, below),
        not_applicable=na_entries,
        awaiting=awaiting,
        evidence_files=len(item_list),
        unassigned_evidence=assignment.unassigned,
        evidence=evidence_accounts(assignment),
        warnings=warnings,
    )


def evidence_accounts(assignment: Assignment) -> list[EvidenceAccount]:
    """Return every evidence file with what it counts for and why, as the report lists them.

    Why built without validation, sharing equal ties and lists: the report keeps one account per file
    (50,000 validated accounts cost 1.7 s and 80 MiB); every value here comes from validated items.
    """
    ties_of: dict[tuple[Tie, ...], list[EvidenceTie]] = {}
    ids_of: dict[tuple[str, ...], list[str]] = {}
    accounts: list[EvidenceAccount] = []
    for a in assignment.files:
        ties = ties_of.get(a.ties)
        if ties is None:
            ties = ties_of[a.ties] = [
                trusted(
                    EvidenceTie,
                    {"requirement": t.requirement, "reason": t.reason, "counts": t.counts, "why_not": t.why_not},
                )
                for t in a.ties
            ]
        counted = tuple(t.requirement for t in a.ties if t.counts)
        counted_for = ids_of.get(counted)
        if counted_for is None:
            counted_for = ids_of[counted] = list(counted)
        proposed = ids_of.get(a.proposed)
        if proposed is None:
            proposed = ids_of[a.proposed] = list(a.proposed)
        item = a.item
        accounts.append(
            trusted(
                EvidenceAccount,
                {
                    "path": item.path,
                    "element": item.element,
                    "record_date": item.record_date,
                    "date_source": item.date_source,
                    "counted_for": counted_for,
                    "ties": ties,
                    "not_counted": a.not_counted,
                    "proposed": proposed,
                },
            )
        )
    return accounts


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
