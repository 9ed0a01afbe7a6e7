"""The result of deciding which certificate fits a company."""

from __future__ import annotations

from pydantic import Field

from corcli.models.base import Program, StrictModel
from corcli.models.catalog import AuditType


class EligibilityDecision(StrictModel):
    """Which certificate, how it is audited, and why."""

    program: Program = Field(description="The certificate corcli recommends or the user chose.")
    certification_audit: AuditType = Field(description="Who audits for certification.")
    maintenance_audit: AuditType = Field(description="Who audits in the maintenance years.")
    standard: str | None = Field(description="Id of the audit standard the partner uses, if known.")
    secor_eligible: bool | None = Field(description="Whether SECOR is open to the company; null when unknown.")
    reasons: list[str] = Field(description="Why, in plain sentences.")
    warnings: list[str] = Field(default_factory=list, description="Facts to confirm with the partner.")
