"""The result of resolving a partner's program: its rules with their sources, and the certificate decision."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import Field

from corcli.models.base import UNKNOWN, Availability, Confidence, Program, StrictModel, Unknown
from corcli.models.program import (
    AuditPlan,
    AuditType,
    Eligibility,
    MaintenanceDeadline,
    PassRules,
    RecordsHistoryRule,
)

T = TypeVar("T")


class RuleOrigin(StrEnum):
    """Who set a resolved rule."""

    PROGRAM = "program"
    JURISDICTION = "jurisdiction"
    STANDARD = "standard"
    NONE = "none"


class Resolved(StrictModel, Generic[T]):
    """One resolved rule: the value, who set it, the pages that say so, and how sure corcli is."""

    value: T = Field(description="The rule's value ('unknown' where no source settles it).")
    origin: RuleOrigin = Field(description="program (the partner's), jurisdiction (its government), standard, none.")
    decided_by: str = Field(description="Who set it, as shown to users: a partner's abbreviation or a jurisdiction.")
    sources: list[str] = Field(default_factory=list, description="Addresses of the pages that state it.")
    certainty: Confidence | Unknown = Field(
        description="confirmed, likely or uncertain; 'unknown' when no source gives the value."
    )
    note: str = Field(default="", description="What the source adds, or why the rule is uncertain.")

    def basis(self) -> str:
        """Return who set the rule and how sure corcli is, for a sentence: "SCSA's rule, confirmed; source: ..."."""
        if self.origin == RuleOrigin.NONE:
            return "no source on file"
        owner = f"{self.decided_by}'s rule" if self.origin != RuleOrigin.STANDARD else f"the {self.decided_by}"
        where = f"; source: {self.sources[0]}" if self.sources else ""
        return f"{owner}, {self.certainty}{where}"


class ProgramRules(StrictModel):
    """A partner's program as corcli applies it in one jurisdiction: every rule resolved, with its basis.

    Readers: eligibility and ``init`` (``eligibility``), scoring (``pass_rules``: overall, element floor,
    ``mandatory_items_full`` for legislated items), the cycle and calendar (``validity_years``,
    ``maintenance_deadline`` with fixed dates and reporting windows, ``records_history``).
    """

    partner: str = Field(description="Partner id.")
    partner_abbreviation: str = Field(description="Partner abbreviation, as shown to users.")
    jurisdiction: str = Field(description="Jurisdiction code.")
    program: Program = Field(description="COR or SECOR.")
    certificate_name: str = Field(description="What the certificate is called (e.g. 'SECOR', 'SAFE Work Certified').")
    offered: Resolved[Availability] = Field(description="Whether the partner offers this program here.")
    standard: Resolved[str | None] = Field(description="Id of the audit standard; null when corcli has none.")
    eligibility: Resolved[Eligibility | None] = Field(
        description="SECOR: the size limit and who is counted; null value when there is no small-employer limit "
        "(COR, or no small-employer certificate)."
    )
    audits: Resolved[AuditPlan] = Field(description="Who audits in each year of the cycle.")
    pass_rules: Resolved[PassRules | Unknown] = Field(description="Pass rules per audit kind.")
    records_history: Resolved[list[RecordsHistoryRule] | Unknown] = Field(
        description="Months of records per certificate term."
    )
    validity_years: Resolved[int | Unknown] = Field(description="Years the certificate is valid.")
    maintenance_deadline: Resolved[MaintenanceDeadline] = Field(description="When maintenance is due.")
    audit_conditions: list[Resolved[str]] = Field(
        default_factory=list,
        description="Conditions set on the certificate's audits by the body that sets it (e.g. SAFE Work Manitoba), "
        "each with who set it, its sources and certainty; the partner's own conditions are in ``audits``.",
    )
    notes: list[str] = Field(default_factory=list, description="Notes about the program (e.g. standard not public).")

    def unknowns(self) -> list[str]:
        """Return the names of the rules no source settles."""
        fields: dict[str, Resolved[Any]] = {
            "eligibility": self.eligibility,
            "audits": self.audits,
            "pass_rules": self.pass_rules,
            "records_history": self.records_history,
            "validity_years": self.validity_years,
            "maintenance_deadline": self.maintenance_deadline,
        }
        return [name for name, rule in fields.items() if rule.certainty == UNKNOWN]


class EligibilityDecision(StrictModel):
    """Which certificate, how it is audited, and why."""

    program: Program = Field(description="The certificate corcli recommends or the user chose.")
    certificate_name: str = Field(default="", description="What the partner calls that certificate.")
    certification_audit: AuditType = Field(description="Who audits for certification.")
    maintenance_audit: AuditType = Field(description="Who audits in the maintenance years.")
    standard: str | None = Field(description="Id of the audit standard the partner uses, if known.")
    secor_eligible: bool | None = Field(description="Whether SECOR is open to the company; null when unknown.")
    decided_by: str = Field(default="", description="Whose rule decided COR or SECOR, with its certainty.")
    reasons: list[str] = Field(description="Why, in plain sentences, each naming whose rule and how sure.")
    warnings: list[str] = Field(default_factory=list, description="Facts to confirm with the partner.")
    rules: ProgramRules | None = Field(default=None, description="The chosen program's resolved rules.")
