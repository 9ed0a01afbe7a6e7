"""Models of the self-assessment workbook (answers a person gives for each requirement)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field

from corcli.models.base import StrictModel

ASSESSMENT_SCHEMA_VERSION = 1


class Answer(StrEnum):
    """A self-assessment answer for one requirement."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "na"


class InterviewAnswer(StrictModel):
    """What one person in the interview sample answered for an interview item."""

    person: str = Field(min_length=1, max_length=200, description="Who was asked (name, or role and number).")
    role: str = Field(default="", max_length=200, description="Their role, as in the sample.")
    positive: bool = Field(description="Whether the answer showed the requirement is met.")
    note: str = Field(default="", description="What they said, briefly.")


class AssessmentAnswer(StrictModel):
    """The answer to one requirement, with the note and evidence behind it."""

    requirement: str = Field(description="Requirement id in the company's standard.")
    answer: Answer = Field(description="met, partial, not_met or na.")
    note: str = Field(default="", description="What was seen or heard; auditors want a specific example.")
    evidence: list[str] = Field(default_factory=list, description="Evidence paths (relative to evidence/) it rests on.")
    answered_on: date | None = Field(default=None, description="When the answer was given.")
    answered_by: str = Field(default="", description="Who answered.")
    interviews: list[InterviewAnswer] = Field(
        default_factory=list,
        description="Interview items: the answers of each person in the sample ('corcli plan'); when given, the "
        "item scores the share of positive answers instead of the single answer.",
    )


class Assessment(StrictModel):
    """A self-assessment workbook for one standard (``assessment.yaml`` in the workspace)."""

    schema_version: Literal[1] = Field(default=1, description="Version of this file's layout.")
    standard: str = Field(description="Id of the standard the answers are for.")
    answers: list[AssessmentAnswer] = Field(default_factory=list, description="Answers, one per requirement.")

    def by_requirement(self) -> dict[str, AssessmentAnswer]:
        """Return answers keyed by requirement id (the last answer wins)."""
        return {a.requirement: a for a in self.answers}
