"""The rules of a certificate program: who may hold it, how it is audited and passed, and when it is due.

Why its own module: these rules belong to the partner's program (a certificate a partner offers), and the
jurisdiction supplies only the defaults its government sets. The same blocks are used in partner files,
in jurisdiction defaults, and in what the resolution returns (``models.decision.ProgramRules``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from corcli.models.base import Confidence, Program, StrictModel, Text, Unknown


class AuditType(StrEnum):
    """Who performs an audit."""

    SELF_ASSESSMENT = "self_assessment"
    INTERNAL = "internal"
    EXTERNAL = "external"
    PARTNER = "partner"
    UNKNOWN = "unknown"


AUDIT_TYPE_WORDS: dict[AuditType, str] = {
    AuditType.SELF_ASSESSMENT: "a self-assessment the partner reviews",
    AuditType.INTERNAL: "an internal audit by a trained auditor of your own",
    AuditType.EXTERNAL: "an external audit by a certified auditor from outside the company",
    AuditType.PARTNER: "an audit by the partner's own auditor",
    AuditType.UNKNOWN: "an audit of a kind corcli does not know",
}


class RuleBasis(StrictModel):
    """Where a rule comes from and how sure corcli is of it (fields shared by every rule block)."""

    sources: list[Text] = Field(
        default_factory=list,
        description="Addresses, among the file's sources, of the pages that state this rule; empty when the "
        "rule is corcli's assumption (then certainty is 'uncertain' and the note says why).",
    )
    certainty: Confidence = Field(
        default=Confidence.CONFIRMED, description="How sure corcli is of the rule: confirmed, likely or uncertain."
    )
    note: str = Field(default="", description="What the source says beyond the values, or why it is uncertain.")

    @model_validator(mode="after")
    def _assumption_is_marked(self) -> RuleBasis:
        if not self.sources and self.certainty == Confidence.CONFIRMED:
            raise ValueError("a rule without sources cannot be 'confirmed'; give its sources or mark it uncertain")
        return self


class Eligibility(RuleBasis):
    """Who may hold a small-employer certificate (the program's own size limit and way of counting)."""

    max_headcount: int | Unknown = Field(description="Largest workforce that qualifies (inclusive), or 'unknown'.")
    measure: Literal["headcount", "fte", "unknown"] = Field(
        default="headcount", description="Whether people are counted as heads or as full-time equivalents."
    )
    counted: str = Field(default="", description="Who is counted, in plain words (e.g. 'owners and sub-contractors').")
    not_counted: str = Field(default="", description="Who is expressly not counted.")
    period: str = Field(default="", description="Over which period, e.g. 'at any time in the past 12 months'.")


class PassRule(StrictModel):
    """The score an audit must reach to pass."""

    overall_min: float | Unknown = Field(description="Minimum overall score in percent.")
    element_min: float | Unknown | None = Field(
        description="Minimum score in percent for every element; null when there is no element floor."
    )
    mandatory_items_full: bool = Field(
        default=False,
        description="Whether legislated or mandatory items (Requirement.legislated) must be fully met (100%).",
    )


class PassRules(StrictModel):
    """Pass rules per kind of audit (a jurisdiction's default)."""

    certification: PassRule = Field(description="Certification and recertification audits.")
    maintenance: PassRule | Unknown = Field(description="Maintenance audits in the years between.")


class ProgramPassRules(PassRules, RuleBasis):
    """A program's own pass rules per kind of audit, with their source."""


class CertificateAudit(StrictModel):
    """How a certificate is audited in a jurisdiction (a jurisdiction's default)."""

    program: Program = Field(description="COR or SECOR.")
    certification: AuditType = Field(description="Who audits for certification and recertification.")
    maintenance: AuditType = Field(description="Who audits in the maintenance years.")


class AuditPlan(RuleBasis):
    """Who audits in each year of a program's cycle, in the program's own terms."""

    certification: AuditType = Field(description="Year 1: who performs the certification audit.")
    certification_detail: str = Field(
        default="", description="The certification audit's steps, e.g. 'self-audit, then a partner audit'."
    )
    maintenance: AuditType = Field(description="Years between certifications: who performs the maintenance audit.")
    maintenance_detail: str = Field(default="", description="What a maintenance year asks, e.g. 'or an action plan'.")
    recertification: AuditType | None = Field(
        default=None, description="Who performs the recertification audit; null when it is like certification."
    )
    conditions: str = Field(
        default="", description="Conditions the audit must meet, e.g. 'one active site and half the peak workforce'."
    )


class AuditCondition(RuleBasis):
    """A condition the body that sets a certificate puts on its audits, beyond the scored items.

    Why on the jurisdiction: SAFE Work Manitoba sets SAFE Work Certified for every partner that certifies to
    it (a worker co-chair or representative at the pre-audit meeting, a report with a commentary on safety
    culture), so the rule is written once and resolved into each such partner's program.
    """

    certificate: Text = Field(
        description="The certificate it applies to, as the partners' programs name it (certificate_name), e.g. "
        "'SAFE Work Certified'."
    )
    set_by: Text = Field(description="Who sets it, as users see it, e.g. 'SAFE Work Manitoba'.")
    condition: Text = Field(description="What the audit asks, in corcli's words, as a noun phrase.")


class RecordsHistoryRule(StrictModel):
    """How many months of records give which certificate term."""

    min_months: int = Field(ge=0, le=60, description="Months of records needed at the audit.")
    certificate_term_months: int | Unknown = Field(description="Term of the certificate that follows, in months.")
    label: Text = Field(description="Name of that outcome, e.g. '3-year COR'.")


class RecordsTerms(RuleBasis):
    """A program's own records-history terms."""

    terms: list[RecordsHistoryRule] | Unknown = Field(description="Months of records per certificate term.")


class Validity(RuleBasis):
    """How long a certificate is valid."""

    years: int | Unknown = Field(description="Years the certificate is valid, or 'unknown'.")


class FixedDate(StrictModel):
    """A date in the year by which something is due (e.g. ESC's year-end audits)."""

    what: Text = Field(description="What is due, e.g. 'register the audit'.")
    month: int = Field(ge=1, le=12, description="Month of the date.")
    day: int = Field(ge=1, le=31, description="Day of the month.")


DeadlineRule = Literal["anniversary", "calendar_year", "fixed_dates", "unknown"]


class MaintenanceDeadline(RuleBasis):
    """When each maintenance submission is due, as the program sets it.

    ``rule``: ``anniversary`` (on or before the certificate anniversary), ``calendar_year`` (within each calendar
    year of the cycle, e.g. AMTA), ``fixed_dates`` (dates in ``dates``, e.g. ESC's 15 Dec / 31 Dec), ``unknown``.
    ``submit_within_days`` and ``qa_round_days`` are the reporting windows (ESC: 21 days after the audit work;
    AMHSA: 15 days per QA round). A consult or calendar reads these as data.
    """

    rule: DeadlineRule = Field(description="anniversary, calendar_year, fixed_dates or unknown.")
    dates: list[FixedDate] = Field(
        default_factory=list, description="Fixed dates in each year of the cycle (with rule fixed_dates)."
    )
    submit_within_days: int | None = Field(
        default=None, ge=1, le=365, description="Days after the audit work by which the report must be submitted."
    )
    qa_round_days: int | None = Field(
        default=None, ge=1, le=365, description="Days the company has for each round of the partner's quality review."
    )
    missed: str = Field(default="", description="What happens when the deadline is missed, as the source says.")

    @model_validator(mode="after")
    def _dates_match_rule(self) -> MaintenanceDeadline:
        if self.rule == "fixed_dates" and not self.dates:
            raise ValueError("rule 'fixed_dates' needs at least one entry under dates")
        return self


JURISDICTION_DEADLINE: dict[str, DeadlineRule] = {
    "anniversary": "anniversary",
    "calendar_year_end": "calendar_year",
    "unknown": "unknown",
}
"""A jurisdiction's maintenance_deadline value, as a program's deadline rule."""


__all__ = [
    "AUDIT_TYPE_WORDS",
    "JURISDICTION_DEADLINE",
    "AuditCondition",
    "AuditPlan",
    "AuditType",
    "CertificateAudit",
    "DeadlineRule",
    "Eligibility",
    "FixedDate",
    "MaintenanceDeadline",
    "PassRule",
    "PassRules",
    "ProgramPassRules",
    "RecordsHistoryRule",
    "RecordsTerms",
    "RuleBasis",
    "Validity",
]
