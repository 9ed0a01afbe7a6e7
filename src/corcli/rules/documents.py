"""Score one documentation requirement from the evidence tied to it.

- A document with a review cycle (``review_months``) older than the cycle is stale: half points, unless the
  standard scores its review as a separate item (a review record that ``depends_on`` it): then the review
  item carries the staleness and the document is not marked down twice, and a re-signed, dated copy of the
  document counts as that review.
- Recurring records must cover every period of the look-back window at the company's own scheduled
  frequency (never laxer than the law's or the program's): points are proportional to the periods covered.
- Records counted against workers, sites or work periods are compared with the staff list, the sites and
  the work activity (``rules.coverage``); a ``per_event`` record otherwise needs one record in the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from corcli.models import (
    AuditElement,
    DateSource,
    EvidenceItem,
    Recurrence,
    Requirement,
)
from corcli.models.catalog import CountedAgainst
from corcli.models.report import RequirementResult, RequirementStatus
from corcli.rules.coverage import Outcome, Roster, site_coverage, work_period_coverage, worker_coverage
from corcli.rules.dates import add_months
from corcli.rules.periods import listing, period_coverage, period_start
from corcli.rules.schedules import frequency
from corcli.rules.wording import plural, with_article

STALE_SHARE = 0.5


@dataclass(frozen=True)
class Context:
    """What every requirement is scored against: the date, the look-back window and the profile's roster."""

    today: date
    window_months: int
    window_start: date
    roster: Roster


def kinds_text(req: Requirement, *, plural_form: bool = False) -> str:
    """The requirement's evidence kinds as words ('meeting minutes, inspection or review record')."""
    names = [k.value.replace("_", " ") for k in req.evidence_kinds] or ["record"]
    if plural_form:
        names = [plural(name) for name in names]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def short(req: Requirement, limit: int = 90) -> str:
    text = " ".join(req.text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + "…"


def result(
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
    """Return a requirement's result, with points clamped to what it is worth."""
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


def _document(
    req: Requirement, element: AuditElement, items: list[EvidenceItem], ctx: Context, reviewed_by: str | None
) -> RequirementResult:
    points, kinds = req.points, kinds_text(req)
    dated = [i for i in items if i.record_date is not None]
    if req.review_months is None:
        return result(req, element, RequirementStatus.MET, points, points, reasons=[], evidence=items)
    if reviewed_by is not None:
        reason = f"Its review every {req.review_months} months is scored under {reviewed_by}, not here as well."
        return result(req, element, RequirementStatus.MET, points, points, reasons=[reason], evidence=items)
    if not dated:
        reason = f"No record date, so it cannot show a review within {req.review_months} months."
        action = f"Date the {kinds} (YYYY-MM-DD in the file name, or --date) or review and re-sign it."
        earned = points * STALE_SHARE
        return result(
            req, element, RequirementStatus.PARTIAL, earned, earned, reasons=[reason], evidence=items, action=action
        )
    newest = max(dated, key=lambda i: (i.record_date or date.min, i.path))
    newest_date = newest.record_date or date.min
    if newest_date >= add_months(ctx.today, -req.review_months):
        return result(req, element, RequirementStatus.MET, points, points, reasons=[], evidence=[newest])
    reason = (
        f"Stale: the newest {kinds} is dated {newest_date.isoformat()}, and it must be reviewed every "
        f"{req.review_months} months (due {add_months(newest_date, req.review_months).isoformat()})."
    )
    action = f"Review, re-sign and date the {kinds} ({short(req)}), then add it."
    earned = points * STALE_SHARE
    return result(
        req, element, RequirementStatus.PARTIAL, earned, earned, reasons=[reason], evidence=[newest], action=action
    )


def _from_outcome(
    req: Requirement, element: AuditElement, outcome: Outcome, reasons: list[str], action: str
) -> RequirementResult:
    earned = req.points * outcome.share
    met = outcome.share >= 1 and outcome.checked
    if outcome.setup:
        action = f"{outcome.setup}, so corcli can check the coverage. {action}"
    if outcome.missing:
        action += f" Missing: {listing(outcome.missing, 2)}."
    status = RequirementStatus.MET if met else RequirementStatus.PARTIAL if earned > 0 else RequirementStatus.MISSING
    return result(
        req,
        element,
        status,
        earned,
        earned,
        reasons=reasons + outcome.reasons,
        evidence=outcome.evidence,
        action="" if met else action,
        coverage=round(outcome.share, 4),
        missing=outcome.missing,
    )


def _per_event(
    req: Requirement, element: AuditElement, dated: list[EvidenceItem], ctx: Context, reasons: list[str]
) -> RequirementResult:
    kinds = kinds_text(req)
    in_window = [i for i in dated if ctx.window_start <= (i.record_date or date.min) <= ctx.today]
    if in_window:
        return result(req, element, RequirementStatus.MET, req.points, req.points, reasons=reasons, evidence=in_window)
    latest = max((i.record_date for i in dated if i.record_date), default=None)
    if latest is not None:
        reasons.append(
            f"The latest {kinds} is dated {latest.isoformat()}, before the window that starts "
            f"{ctx.window_start.isoformat()}."
        )
    else:
        reasons.append(f"No dated {kinds} since {ctx.window_start.isoformat()}.")
    action = f"Add {with_article(kinds)} from the last {ctx.window_months} months for {req.id} ({short(req)})."
    return result(req, element, RequirementStatus.MISSING, 0, 0, reasons=reasons, action=action)


def score_documentation(
    req: Requirement,
    element: AuditElement,
    items: list[EvidenceItem],
    ctx: Context,
    *,
    reviewed_by: str | None = None,
    review_of: Sequence[EvidenceItem] = (),
) -> RequirementResult:
    """Score a documentation requirement; ``reviewed_by`` names the item that scores its review, ``review_of``
    the dated copies of the document a review item is about (a re-signed copy is a review)."""
    kinds = kinds_text(req)
    if not items and not review_of:
        action = f"Add the {kinds} for {req.id} ({short(req)})."
        return result(req, element, RequirementStatus.MISSING, 0, 0, reasons=["No evidence found."], action=action)
    if req.recurrence == Recurrence.ONCE:
        return _document(req, element, items, ctx, reviewed_by)
    dated = [i for i in items if i.record_date is not None]
    reasons: list[str] = []
    undated = len(items) - len(dated)
    if undated:
        reasons.append(f"{undated} file(s) have no record date and cannot count toward the history window.")
    roster = ctx.roster
    counted = req.counted_against
    if counted == CountedAgainst.WORKER:
        action = (
            f"Add {with_article(kinds)} for each worker without one, with the worker's name in the file name "
            f"({req.id}: {short(req)})."
        )
        return _from_outcome(req, element, worker_coverage(req, items, roster), reasons, action)
    if counted == CountedAgainst.WORK_PERIOD:
        action = f"Add the {kinds} for each work week without one ({req.id}: {short(req)})."
        return _from_outcome(req, element, work_period_coverage(req, dated, roster), reasons, action)
    if counted == CountedAgainst.SITE and req.recurrence != Recurrence.PER_EVENT:
        action = (
            f"Add the {kinds} for each site and period without one, with the site's name in the file name "
            f"({req.id}: {short(req)})."
        )
        return _from_outcome(req, element, site_coverage(req, dated, roster), reasons, action)
    if req.recurrence == Recurrence.PER_EVENT:
        if counted == CountedAgainst.EVENT:
            reasons.append(
                "An auditor looks for one for every recorded event; corcli checks only that there is one in the "
                "look-back window, so compare them with your incident log."
            )
        return _per_event(req, element, dated, ctx, reasons)
    return _recurring(req, element, dated + [i for i in review_of if i.record_date], ctx, reasons)


def _recurring(
    req: Requirement, element: AuditElement, dated: list[EvidenceItem], ctx: Context, reasons: list[str]
) -> RequirementResult:
    kinds = kinds_text(req)
    often = frequency(req, ctx.roster.schedules)
    if often.note:
        reasons.append(often.note)
    found = period_coverage(
        [i.record_date for i in dated if i.record_date], often.every, ctx.today, ctx.window_start, ctx.window_months
    )
    in_window = [i for i in dated if found.first_day <= (i.record_date or date.min) <= ctx.today]
    earned = req.points * found.share
    every = often.every.value
    if not found.missing:
        return result(
            req, element, RequirementStatus.MET, earned, earned, reasons=reasons, evidence=in_window, coverage=1.0
        )
    reasons.append(
        f"{found.covered} of {found.total} {every} periods since {period_start(found.first_day)} have a record."
    )
    reasons.append(f"No {kinds} for {listing(found.missing)}.")
    status = RequirementStatus.PARTIAL if found.covered else RequirementStatus.MISSING
    records = kinds_text(req, plural_form=True)
    action = (
        f"Add the {every} {records} for {listing(found.missing)} if they were done, and keep them {every} "
        f"from now on ({req.id}: {short(req)})."
    )
    return result(
        req,
        element,
        status,
        earned,
        earned,
        reasons=reasons,
        evidence=in_window,
        action=action,
        coverage=found.share,
        missing=found.missing,
    )


__all__ = ["STALE_SHARE", "Context", "kinds_text", "result", "score_documentation", "short"]
