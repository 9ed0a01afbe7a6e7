"""Models of the readiness gap report that ``corcli check`` produces (its JSON schema is generated from them)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from corcli.models.base import StrictModel
from corcli.models.catalog import CountedAgainst, Recurrence, Verification
from corcli.models.evidence import EvidenceAccount

REPORT_SCHEMA_VERSION = 1


class RequirementStatus(StrEnum):
    """Where a requirement stands today."""

    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"
    AWAITING = "awaiting"  # interview or observation item with no self-assessment answer yet


class Verdict(StrEnum):
    """Whether the company would pass if the audit were today."""

    READY = "ready"
    NOT_READY = "not_ready"
    DEPENDS = "depends"  # passes only if the interview and observation items go well


class HistoryStatus(StrEnum):
    """How the records history compares with the certificate terms."""

    FULL = "full"  # long enough for the longest certificate term
    SHORTER_TERM = "shorter_term"  # long enough for a shorter term only
    TOO_SHORT = "too_short"  # not long enough for any certificate yet
    UNKNOWN = "unknown"  # records_since is not set, or the jurisdiction's rule is unknown


class ScoreRange(StrictModel):
    """A score in percent: ``low`` if every interview/observation item fails, ``high`` if all pass."""

    low: float = Field(ge=0, le=100, description="Score if every unanswered interview/observation item fails.")
    high: float = Field(ge=0, le=100, description="Score if every unanswered interview/observation item passes.")

    @property
    def exact(self) -> bool:
        """Whether the range is a single number (no item is awaiting an answer)."""
        return abs(self.high - self.low) < 0.05


class AppliedPassRule(StrictModel):
    """The pass rule the scores are compared with, and where it came from."""

    overall_min: float = Field(ge=0, le=100, description="Minimum overall score in percent.")
    element_min: float | None = Field(description="Minimum score in percent for every element; null for none.")
    source: Literal["program", "standard", "jurisdiction", "default"] = Field(
        description="Where the rule was taken from: the partner's program, the standard, the jurisdiction's default."
    )
    decided_by: str = Field(default="", description="Who set it, as users see it (e.g. 'IHSA', 'Alberta').")
    audit: Literal["certification", "maintenance"] = Field(
        default="certification", description="The kind of audit the rule is for."
    )
    legislated_full: bool = Field(
        default=False, description="Whether legislated or mandatory items must be fully met to pass (100%)."
    )
    note: str = Field(default="", description="Why a default was used, when it was.")


class RecordsHistory(StrictModel):
    """How long the company has kept records, against the certificate terms of its jurisdiction."""

    status: HistoryStatus = Field(description="full, shorter_term, too_short or unknown.")
    records_since: date | None = Field(description="When the company started keeping records (from the profile).")
    months: int | None = Field(description="Whole months of records up to the report date; null when unknown.")
    achievable: str | None = Field(description="The best certificate the history allows today, e.g. '1-year COR'.")
    target: str | None = Field(description="The certificate with the longest term, e.g. '3-year COR'.")
    target_months: int | None = Field(description="Months of records the target needs.")
    target_date: date | None = Field(description="First date the history is long enough for the target.")
    window_months: int = Field(ge=1, description="Months of recurring records the scoring looks back over.")
    window_start: date = Field(description="First day of that look-back window.")
    message: str = Field(description="The status in one sentence.")


class InterviewSample(StrictModel):
    """An interview item scored from the sample's answers."""

    asked: int = Field(ge=0, description="People whose answers are recorded.")
    positive: int = Field(ge=0, description="How many of them answered positively.")
    required: int | None = Field(description="Interviews the sample needs; null when corcli does not know.")


class RequirementResult(StrictModel):
    """The result for one requirement."""

    id: str = Field(description="Requirement id.")
    element: str = Field(description="Id of the element it belongs to.")
    text: str = Field(description="What the auditor looks for.")
    verification: Verification = Field(description="documentation, interview or observation.")
    recurrence: Recurrence = Field(description="How often records must be produced.")
    recurrence_set_by: Literal["law", "program", "company", "assumed"] | None = Field(
        default=None,
        description="Who sets the frequency its records are checked at: the law, the program, the company's own "
        "schedule, or corcli's assumption; null when it does not recur.",
    )
    recurrence_source: str = Field(
        default="", description="The law section or page that sets the frequency, or 'corcli.yaml schedules:'."
    )
    status: RequirementStatus = Field(description="met, partial, missing, not_applicable or awaiting.")
    points_possible: float = Field(ge=0, description="Points it is worth (0 when not applicable).")
    points_low: float = Field(ge=0, description="Points earned if awaiting items fail.")
    points_high: float = Field(ge=0, description="Points earned if awaiting items pass.")
    coverage: float | None = Field(
        default=None, ge=0, le=1, description="Share of the history window's periods with a record (recurring only)."
    )
    reasons: list[str] = Field(default_factory=list, description="Why it has this status, in plain sentences.")
    evidence: list[str] = Field(default_factory=list, description="Evidence paths that counted for it.")
    mtime_dated: list[str] = Field(
        default_factory=list, description="Evidence paths dated only by file modification time (less trusted)."
    )
    next_action: str = Field(default="", description="What to do next; empty when nothing is needed.")
    guidance: str = Field(default="", description="How to do it, in plain words (from the standard's guidance).")
    points_recoverable: float = Field(ge=0, description="Points the next action would add to the low score.")
    na_reason: str = Field(default="", description="The justification, when not applicable.")
    depends_on: list[str] = Field(
        default_factory=list, description="Requirements it depends on (cascade scoring), as the standard declares."
    )
    blocked_by: list[str] = Field(
        default_factory=list,
        description="Dependencies that are missing or failed, so this item is not scored as passed (cascade).",
    )
    legislated: bool = Field(default=False, description="A legislated or mandatory item that must be fully met.")
    counted_against: CountedAgainst = Field(
        default=CountedAgainst.NOTHING, description="What its records are compared with (workers, sites...)."
    )
    missing: list[str] = Field(
        default_factory=list, description="Who or what has no record: people, sites, periods or events."
    )
    sample: InterviewSample | None = Field(
        default=None, description="Interview items answered per interviewee: the sample's answers; null otherwise."
    )


class ElementResult(StrictModel):
    """The result for one element."""

    id: str = Field(description="Element id.")
    title: str = Field(description="Element title.")
    folder: str = Field(description="Evidence sub-folder of the element.")
    counts_toward_score: bool = Field(description="False for a phase-in element that is not scored.")
    points_possible: float = Field(ge=0, description="Points of its applicable requirements.")
    points_low: float = Field(ge=0, description="Points earned if awaiting items fail.")
    points_high: float = Field(ge=0, description="Points earned if awaiting items pass.")
    score: ScoreRange | None = Field(description="Score in percent; null when every requirement is N/A.")
    meets_floor: bool | None = Field(
        description="Whether the low score reaches the element minimum; null when no floor or not scored."
    )
    requirements: list[RequirementResult] = Field(description="Per-requirement results in standard order.")


class NextAction(StrictModel):
    """One thing to do, with the points it would recover."""

    rank: int = Field(ge=1, description="1 first: the path to a pass in its order, then the rest by points per effort.")
    element: str = Field(description="Element id.")
    requirement: str = Field(description="Requirement id.")
    status: RequirementStatus = Field(description="The requirement's current status.")
    action: str = Field(description="What to do.")
    guidance: str = Field(default="", description="How to do it, in plain words.")
    points: float = Field(ge=0, description="Points it would add to the low score.")
    below_floor: bool = Field(description="Whether its element is below the element minimum today.")
    effort: Effort = Field(default="medium", description="low, medium or high (see path_to_pass).")
    to_pass: bool = Field(default=False, description="Whether it is one of the actions of the path to a pass.")


Effort = Literal["low", "medium", "high"]


class PathAction(StrictModel):
    """One action of the shortest path to a pass."""

    element: str = Field(description="Element id.")
    requirement: str = Field(description="Requirement id.")
    action: str = Field(description="What to do.")
    points: float = Field(ge=0, description="Points it adds to the low score once done (with what it unblocks).")
    effort: Effort = Field(
        description="low (add or re-date a record, list the staff), medium (keep up missing records, prepare "
        "interviews or observation) or high (write a new program document)."
    )


class PathToPass(StrictModel):
    """The smallest set of actions, by effort, that reaches the pass rule (overall, every floor, legislated items)."""

    reaches: bool = Field(description="Whether doing every listed action would make the projected score pass.")
    actions: list[PathAction] = Field(description="The actions, cheapest first.")
    note: str = Field(default="", description="Why no set of actions reaches a pass, when none does.")


class NotApplicableEntry(StrictModel):
    """A requirement left out of the score as not applicable."""

    element: str = Field(description="Element id.")
    requirement: str = Field(description="Requirement id.")
    reason: str = Field(description="The company's justification.")
    expires: date | None = Field(default=None, description="When the justification must be reviewed.")


class StandardInfo(StrictModel):
    """Which audit standard the company was scored against."""

    id: str = Field(description="Standard id.")
    title: str = Field(description="Title.")
    publisher: str = Field(description="Publisher.")
    edition: str = Field(description="Edition.")
    program: str = Field(description="COR or SECOR.")
    weights: Literal["official", "estimated", "partly_official"] = Field(description="Where the points come from.")


class CompanyInfo(StrictModel):
    """The company the report is about."""

    name: str = Field(description="Operating name.")
    province: str = Field(description="Province or territory.")
    employees: int = Field(description="Peak workers in the last 12 months.")
    partner: str = Field(description="Certifying partner id.")


class GapReport(StrictModel):
    """The readiness gap report: would the company pass today, and what to fix first."""

    schema_version: Literal[1] = Field(default=1, description="Version of this report's layout.")
    report_date: date = Field(description="The date the report was made for ('today').")
    company: CompanyInfo = Field(description="The company.")
    standard: StandardInfo = Field(description="The audit standard.")
    weights_estimated: bool = Field(description="True when the points are corcli's estimate, not the publisher's.")
    pass_rule: AppliedPassRule = Field(description="The pass rule applied.")
    verdict: Verdict = Field(description="ready, not_ready or depends (on interviews and observation).")
    ready: bool = Field(description="True only when the verdict is 'ready'.")
    score: ScoreRange = Field(description="Projected overall score in percent.")
    points_possible: float = Field(ge=0, description="Points of every applicable, scored requirement.")
    points_low: float = Field(ge=0, description="Points earned if awaiting items fail.")
    points_high: float = Field(ge=0, description="Points earned if awaiting items pass.")
    weakest_element: str | None = Field(description="Id of the scored element with the lowest low score.")
    elements_below_floor: list[str] = Field(description="Ids of scored elements whose low score is below the floor.")
    legislated_unmet: list[str] = Field(
        default_factory=list, description="Legislated or mandatory requirements not fully met (each blocks a pass)."
    )
    records_history: RecordsHistory = Field(description="Records history against the certificate terms.")
    elements: list[ElementResult] = Field(description="Per-element results in audit order.")
    path_to_pass: PathToPass = Field(description="The shortest path to a pass: the actions that reach the pass rule.")
    next_actions: list[NextAction] = Field(description="What to do: the path to a pass first, then the rest.")
    not_applicable: list[NotApplicableEntry] = Field(description="Requirements left out as not applicable.")
    awaiting: int = Field(ge=0, description="Interview/observation items with no self-assessment answer.")
    evidence_files: int = Field(ge=0, description="Evidence files considered.")
    unassigned_evidence: list[str] = Field(
        description="Evidence files not tied to a requirement (name them with req-ID or use --requirement)."
    )
    evidence: list[EvidenceAccount] = Field(
        default_factory=list,
        description="Every evidence file: the requirements it counts for and why, or why it counts for nothing.",
    )
    warnings: list[str] = Field(description="Things to check that did not stop the report.")


def report_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the report as ``corcli check --format json`` writes it."""
    schema = GapReport.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
