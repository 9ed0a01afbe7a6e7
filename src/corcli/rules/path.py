"""The shortest path to a pass: the fewest, cheapest actions that make the projected (low) score pass.

"Pass" is the whole rule: the overall minimum, every element's floor and every legislated item fully met.
Each action is assumed to make its requirement fully met; fixing a document also brings back the items that
cascade scoring held back because of it. Effort: adding or re-dating a record is cheap, keeping up missing
recurring records or preparing workers for interviews and observation is more, writing a new program
document is the most. The search is greedy (the action that closes the most shortfall per unit of effort
first), then every action the pass does not need is dropped again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corcli.models import Recurrence, Verification
from corcli.models.report import (
    AppliedPassRule,
    Effort,
    ElementResult,
    PathAction,
    PathToPass,
    RequirementResult,
    RequirementStatus,
)

EFFORT_COST: dict[Effort, int] = {"low": 1, "medium": 2, "high": 3}
FLOOR_WEIGHT = 4.0
"""A point short of an element floor weighs more than a point short overall: floors fail the audit alone."""


def effort(result: RequirementResult) -> Effort:
    """How much work the requirement's next action is."""
    if result.verification != Verification.DOCUMENTATION:
        return "medium"
    if result.status == RequirementStatus.PARTIAL:
        return "low"
    if result.recurrence == Recurrence.ONCE and not result.evidence:
        return "high"
    if result.evidence:
        return "low"  # there are records, just not enough (or a dependency holds it back)
    return "medium"


def percent(earned: float, possible: float) -> float:
    """A score in percent, rounded as the report rounds it."""
    if possible <= 0:
        return 0.0
    return round(min(100.0, max(0.0, 100.0 * earned / possible)), 1)


@dataclass
class _Search:
    elements: Sequence[ElementResult]
    raw: Mapping[str, RequirementResult]
    rule: AppliedPassRule

    def __post_init__(self) -> None:
        self.scored = [e for e in self.elements if e.counts_toward_score]
        self.results = {r.id: r for e in self.scored for r in e.requirements}
        self.dependents: dict[str, list[str]] = {}
        for r in self.results.values():
            for blocker in r.blocked_by:
                self.dependents.setdefault(blocker, []).append(r.id)
        self.total = sum(e.points_possible for e in self.scored)
        # An element's low score depends only on which of its items, and of their blockers, are chosen.
        self.relevant = [
            frozenset(r.id for r in e.requirements) | {b for r in e.requirements for b in r.blocked_by}
            for e in self.scored
        ]
        self.known_lows: dict[tuple[int, frozenset[str]], float] = {}

    def value(self, rid: str, chosen: set[str]) -> float:
        r = self.results[rid]
        if rid in chosen:
            return r.points_possible
        if r.blocked_by and all(b in chosen for b in r.blocked_by):
            raw = self.raw.get(rid)
            return raw.points_low if raw is not None else r.points_low
        return r.points_low

    def lows(self, chosen: set[str]) -> dict[str, float]:
        """Each element's low score with ``chosen`` done (remembered: the search asks again and again)."""
        lows: dict[str, float] = {}
        for n, e in enumerate(self.scored):
            key = (n, self.relevant[n] & chosen)
            low = self.known_lows.get(key)
            if low is None:
                low = self.known_lows[key] = sum(self.value(r.id, chosen) for r in e.requirements)
            lows[e.id] = low
        return lows

    def shortfall(self, chosen: set[str]) -> float:
        lows = self.lows(chosen)
        short = 0.0
        floor = self.rule.element_min
        for e in self.scored:
            if floor is not None and e.points_possible > 0 and percent(lows[e.id], e.points_possible) < floor:
                short += FLOOR_WEIGHT * (floor / 100 * e.points_possible - lows[e.id] + 1e-6)
        total_low = sum(lows.values())
        if percent(total_low, self.total) < self.rule.overall_min:
            short += self.rule.overall_min / 100 * self.total - total_low + 1e-6
        if self.rule.legislated_full:
            for r in self.results.values():
                if r.legislated and r.points_possible > 0 and self.value(r.id, chosen) < r.points_possible:
                    short += FLOOR_WEIGHT * (r.points_possible - self.value(r.id, chosen))
        return short

    def with_prerequisites(self, rid: str, chosen: set[str]) -> list[str]:
        needed: list[str] = []
        pending = [rid]
        while pending:
            current = pending.pop()
            if current in chosen or current in needed or current not in self.results:
                continue
            needed.append(current)
            pending.extend(self.results[current].blocked_by)
        return needed

    def cost(self, ids: Sequence[str]) -> int:
        return sum(EFFORT_COST[effort(self.results[i])] for i in ids)


def path_to_pass(
    elements: Sequence[ElementResult],
    raw: Mapping[str, RequirementResult],
    rule: AppliedPassRule,
    *,
    blocked_note: str = "",
) -> PathToPass:
    """Return the smallest set of actions, by effort, that reaches ``rule``; ``blocked_note`` when none can."""
    if blocked_note:
        return PathToPass(reaches=False, actions=[], note=blocked_note)
    search = _Search(elements, raw, rule)
    if search.total <= 0:
        return PathToPass(reaches=False, actions=[], note="Nothing is left to score: every requirement is N/A.")
    order = {rid: n for n, rid in enumerate(search.results)}
    candidates = [rid for rid, r in search.results.items() if r.points_recoverable > 0]
    chosen: set[str] = set()
    picked: list[str] = []
    short = search.shortfall(chosen)
    while short > 0:
        best: tuple[float, int, list[str]] | None = None
        for rid in candidates:
            if rid in chosen:
                continue
            adding = search.with_prerequisites(rid, chosen)
            gain = short - search.shortfall(chosen | set(adding))
            if gain <= 1e-9:
                continue
            ratio = gain / search.cost(adding)
            if best is None or ratio > best[0] + 1e-9 or (abs(ratio - best[0]) <= 1e-9 and order[rid] < best[1]):
                best = (ratio, order[rid], adding)
        if best is None:
            break
        for rid in reversed(best[2]):
            chosen.add(rid)
            picked.append(rid)
        short = search.shortfall(chosen)
    reaches = short <= 0
    if reaches:
        for rid in sorted(picked, key=lambda i: (-EFFORT_COST[effort(search.results[i])], order[i]), reverse=False):
            needed_by = [d for d in chosen if rid in search.results[d].blocked_by and d != rid]
            if needed_by or rid not in chosen:
                continue
            if search.shortfall(chosen - {rid}) <= 0:
                chosen.discard(rid)
    actions: list[PathAction] = []
    for rid in sorted(chosen, key=lambda i: (EFFORT_COST[effort(search.results[i])], order[i])):
        r = search.results[rid]
        unblocked = sum(
            search.value(d, chosen) - search.results[d].points_low
            for d in search.dependents.get(rid, [])
            if d not in chosen
        )
        actions.append(
            PathAction(
                element=r.element,
                requirement=r.id,
                action=r.next_action,
                points=round(r.points_recoverable + unblocked, 4),
                effort=effort(r),
            )
        )
    note = "" if reaches else "Even with every action done the projected score does not reach the pass rule."
    return PathToPass(reaches=reaches, actions=actions, note=note)


__all__ = ["EFFORT_COST", "effort", "path_to_pass", "percent"]
