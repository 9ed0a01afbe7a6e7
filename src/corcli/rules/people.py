"""Score interview and observation items from the self-assessment.

They cannot be proven by files: without an answer they are "awaiting" (0 in the low score, full points in the
high score). An interview item answered per interviewee (the sample ``corcli plan`` draws) scores the share
of positive answers against the required sample, by the instrument's rule (proportional, or all points at a
threshold); a single met/not met answer is still accepted but reported as unsampled.
"""

from __future__ import annotations

from corcli.models import Answer, AssessmentAnswer, AuditElement, Requirement, Verification
from corcli.models.catalog import InterviewRule
from corcli.models.report import InterviewSample, RequirementResult, RequirementStatus
from corcli.rules.documents import result, short

PARTIAL_ANSWER_SHARE = 0.5


def _sampled(
    req: Requirement,
    element: AuditElement,
    answer: AssessmentAnswer,
    required: int | None,
    rule: InterviewRule | None,
) -> RequirementResult:
    asked = len(answer.interviews)
    positive = sum(1 for i in answer.interviews if i.positive)
    needed = max(asked, required or 0)
    share = positive / needed if needed else 0.0
    reasons = [f"{positive} of {asked} interviewees answered positively."]
    if required is not None and asked < required:
        reasons.append(f"The sample needs {required} interviews; the {required - asked} not yet held count as not met.")
    if rule is not None and rule.scoring == "threshold":
        passed = share >= rule.threshold
        reasons.append(
            f"The instrument gives all points at {rule.threshold:.0%} positive answers and none below: "
            f"{share:.0%} {'reaches' if passed else 'does not reach'} it."
        )
        share = 1.0 if passed else 0.0
    else:
        reasons.append("Scored as the share of positive answers (the instrument's own rule is not on file).")
    status = (
        RequirementStatus.MET if share >= 1 else RequirementStatus.PARTIAL if share > 0 else RequirementStatus.MISSING
    )
    negative = [i.person for i in answer.interviews if not i.positive]
    action = ""
    if share < 1:
        who = (
            f" ({', '.join(negative[:4])}{' and others' if len(negative) > 4 else ''} answered no)" if negative else ""
        )
        action = (
            f"Prepare the workers for the interview on {req.id} ({short(req)}){who}, then record the rest of the "
            "sample's answers with 'corcli assess'."
        )
    sample = InterviewSample(asked=asked, positive=positive, required=required)
    earned = req.points * share
    scored = result(req, element, status, earned, earned, reasons=reasons, action=action)
    return scored.model_copy(update={"sample": sample})


def score_people(
    req: Requirement,
    element: AuditElement,
    answer: AssessmentAnswer | None,
    warnings: list[str],
    *,
    required_sample: int | None = None,
    rule: InterviewRule | None = None,
) -> RequirementResult:
    """Score an interview or observation item from its self-assessment answer."""
    how = "an interview" if req.verification == Verification.INTERVIEW else "observation"
    points = req.points
    if answer is not None and answer.answer == Answer.NOT_APPLICABLE and req.na_allowed:
        reason = answer.note or "Answered not applicable in the self-assessment."
        return result(req, element, RequirementStatus.NOT_APPLICABLE, 0, 0, reasons=[reason], na_reason=reason)
    if answer is not None and answer.answer == Answer.NOT_APPLICABLE:
        warnings.append(
            f"The self-assessment answers {req.id} as not applicable, but {req.id} cannot be N/A; "
            "it is treated as unanswered."
        )
        answer = None
    if answer is None:
        action = (
            f"Prepare for {how} on {req.id} ({short(req)}) and record your self-assessment answer with 'corcli assess'."
        )
        reason = f"Verified by {how}; no self-assessment answer yet."
        return result(req, element, RequirementStatus.AWAITING, 0, points, reasons=[reason], action=action)
    if answer.interviews and req.verification == Verification.INTERVIEW:
        return _sampled(req, element, answer, required_sample, rule)
    note = f" ({answer.note})" if answer.note else ""
    unsampled = []
    if req.verification == Verification.INTERVIEW:
        needed = f" of the {required_sample} people the sample needs" if required_sample else ""
        unsampled = [f"Unsampled: one self-assessment answer, not the answers{needed} (record them per interviewee)."]
    if answer.answer == Answer.MET:
        reasons = [f"Self-assessment: met{note}.", *unsampled]
        return result(req, element, RequirementStatus.MET, points, points, reasons=reasons)
    share = PARTIAL_ANSWER_SHARE if answer.answer == Answer.PARTIAL else 0.0
    status = RequirementStatus.PARTIAL if share else RequirementStatus.MISSING
    action = f"Close the gap the self-assessment found on {req.id} ({short(req)}) and answer it again."
    reasons = [f"Self-assessment: {answer.answer.value.replace('_', ' ')}{note}.", *unsampled]
    return result(req, element, status, points * share, points * share, reasons=reasons, action=action)


__all__ = ["PARTIAL_ANSWER_SHARE", "score_people"]
