"""The legal-program report: which duties of a jurisdiction's OHS law have evidence (no certificate, no verdict)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from corcli.models.base import StrictModel
from corcli.models.report import CompanyInfo, RequirementStatus


class LegalDuty(StrictModel):
    """One duty of the law and the evidence for it."""

    id: str = Field(description="Requirement id in the legal program.")
    element: str = Field(description="Id of the group it belongs to.")
    group: str = Field(description="Title of the group.")
    text: str = Field(description="The duty, in corcli's words, with the section of the law.")
    status: RequirementStatus = Field(description="met, partial, missing or not_applicable.")
    required: bool = Field(description="Whether the law asks it of this company (false when not applicable).")
    evidence: list[str] = Field(default_factory=list, description="Evidence paths that count for it.")
    reasons: list[str] = Field(default_factory=list, description="Why it has this status.")
    next_action: str = Field(default="", description="What to do next; empty when nothing is needed.")
    na_reason: str = Field(default="", description="Why it does not apply, when not applicable.")


class LegalCoverage(StrictModel):
    """How much of the legal program has evidence; never a pass or a fail, since there is no certificate."""

    schema_version: Literal[1] = Field(default=1, description="Version of this report's layout.")
    kind: Literal["legal_program"] = Field(default="legal_program", description="Marks a legal-program report.")
    report_date: date = Field(description="The date the report was made for.")
    company: CompanyInfo = Field(description="The company.")
    jurisdiction: str = Field(description="Jurisdiction name.")
    program: str = Field(description="Title of the legal program.")
    program_id: str = Field(description="Id of the legal program.")
    certificate: str = Field(description="Why there is no certificate verdict, in a sentence.")
    required: int = Field(ge=0, description="Duties the law asks of this company.")
    covered: int = Field(ge=0, description="Of those, duties with current evidence (met).")
    lacking: list[str] = Field(description="Ids of required duties without full evidence (the exit status is 1).")
    duties: list[LegalDuty] = Field(description="Every duty, in order.")
    warnings: list[str] = Field(default_factory=list, description="Things to check that did not stop the report.")
