"""Cascade scoring: an item that rests on a document does not pass while that document is missing or failed.

Alberta's 2022 audit criteria made this common to every partner there: when the document behind an interview
or observation item fails, the item is not scored as passed, whatever the interviews say. A standard declares
it with ``depends_on``; a dependency fails when it earns no points (missing, or no record in the window). A
dependency that is not applicable, stale or partly covered does not block: it is already marked down itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from corcli.models import AuditStandard
from corcli.models.report import RequirementResult, RequirementStatus


def failed(result: RequirementResult) -> bool:
    """Whether a requirement counts as failed for the items that depend on it."""
    return result.status == RequirementStatus.MISSING or (
        result.status == RequirementStatus.PARTIAL and result.points_high <= 0
    )


def _label(result: RequirementResult) -> str:
    what = " ".join(result.text.split()).rstrip(".")
    if len(what) > 60:
        what = what[: what.rfind(" ", 0, 60)].rstrip(",;:") + "…"
    return f"{result.id} ({what})"


def apply_cascade(standard: AuditStandard, results: Mapping[str, RequirementResult]) -> dict[str, RequirementResult]:
    """Return the results with every item whose dependency failed scored as not passed, and why.

    Blocking is transitive (an item blocked in turn blocks what depends on it); a cycle in the declarations
    cannot loop, since each pass only ever blocks more items and stops when none changes.
    """
    current = dict(results)
    declared = {r.id: r.depends_on for e in standard.elements for r in e.requirements if r.depends_on}
    for _ in range(len(declared) + 1):
        changed = False
        for rid, depends_on in declared.items():
            result = current.get(rid)
            if result is None or result.status == RequirementStatus.NOT_APPLICABLE or result.blocked_by:
                continue
            blocking = [d for d in depends_on if d in current and failed(current[d])]
            if not blocking:
                continue
            current[rid] = _blocked(result, [current[d] for d in blocking], standard.title)
            changed = True
        if not changed:
            break
    return current


def _blocked(result: RequirementResult, blocking: list[RequirementResult], standard: str) -> RequirementResult:
    names = ", ".join(_label(b) for b in blocking)
    ids = ", ".join(b.id for b in blocking)
    reason = (
        f"Cascade scoring ({standard}): not scored as passed while {names} "
        f"{'is' if len(blocking) == 1 else 'are'} missing or failed; it rests on "
        f"{'that document' if len(blocking) == 1 else 'those documents'}."
    )
    before = result.reasons
    action = f"First fix {ids}; then {result.id} can count."
    if result.next_action:
        action += " " + result.next_action
    elif result.status == RequirementStatus.MET:
        action += " Its self-assessment or records already show it met."
    return result.model_copy(
        update={
            "status": RequirementStatus.MISSING,
            "points_low": 0.0,
            "points_high": 0.0,
            "points_recoverable": result.points_possible,
            "reasons": [reason, *before],
            "blocked_by": [b.id for b in blocking],
            "next_action": action,
        }
    )


__all__ = ["apply_cascade", "failed"]
