"""Models of audit sampling: the published tables (data files) and the plan corcli builds from them.

Why tables are data: each number is a partner's or a program's published figure with its source address,
so it lives in ``data/sampling/`` where ``corcli validate`` checks it and a user file can replace it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from corcli.models.base import DataFile, Identifier, StrictModel, Text

SampleKind = Literal["interviews", "sites"]
TableCompleteness = Literal["full", "examples", "rule"]


class SamplingRow(StrictModel):
    """One published row: a population range and the sample it calls for."""

    low: int = Field(ge=0, description="Smallest population of the row.")
    high: int | None = Field(default=None, ge=0, description="Largest population of the row; null: open-ended.")
    minimum: int | Literal["all"] | None = Field(
        default=None, description="The sample: a count, or 'all'; null when the row gives a percent or says ask."
    )
    percent: float | None = Field(default=None, gt=0, le=100, description="A share of the population, rounded up.")
    contact_partner: bool = Field(default=False, description="The row says to ask the certifying partner.")

    @model_validator(mode="after")
    def _one_answer(self) -> SamplingRow:
        given = [self.minimum is not None, self.percent is not None, self.contact_partner]
        if sum(given) != 1:
            raise ValueError("give exactly one of minimum (a count or 'all'), percent or contact_partner: true")
        if self.high is not None and self.high < self.low:
            raise ValueError("high is below low")
        return self


class SamplingTable(DataFile):
    """A published sampling table (or a program's worked examples, or a rule) with its source addresses."""

    kind: Literal["sampling_table"] = Field(description="Marks this file as a sampling table.")
    id: Identifier = Field(description="Short id, e.g. 'bc-tscbc-interviews'.")
    name: Text = Field(description="Name of the table as users see it, with its publisher.")
    sample: SampleKind = Field(description="What it samples: interviews (workers) or sites (active sites).")
    completeness: TableCompleteness = Field(
        description="full: a complete table; examples: worked examples only; rule: a percentage rule."
    )
    jurisdictions: list[str] = Field(
        default_factory=list,
        description="Jurisdiction codes whose own table this is; empty for a general example or fallback.",
    )
    partners: list[str] = Field(
        default_factory=list,
        description="Ids of the certifying partners who set this table; empty for a jurisdiction's own table.",
    )
    publisher: str = Field(default="", description="Who sets the table, as users see it (e.g. 'SafetyDriven').")
    rows: list[SamplingRow] = Field(min_length=1, description="Published rows, smallest population first.")
    cycle_rule: str = Field(default="", description="A rule across the 3-year cycle that goes with the table.")
    note: str = Field(default="", description="What the table is and is not (shown with the plan).")

    @model_validator(mode="after")
    def _rows_in_order(self) -> SamplingTable:
        for before, after in zip(self.rows, self.rows[1:], strict=False):
            if before.high is None or after.low <= before.high:
                raise ValueError(f"rows overlap or are out of order at low={after.low}")
        return self

    @property
    def source_urls(self) -> list[str]:
        """The addresses of the table's sources, in file order."""
        return [source.url for source in self.sources]


class Basis(StrictModel):
    """Where a sampling number comes from and how it was read off the table."""

    table: str = Field(description="Name of the published table.")
    sources: list[str] = Field(description="Addresses of the table.")
    how: Literal["published", "all", "bracketed", "beyond_table", "rule"] = Field(
        description="published: a row covers it; all: the row says everyone; bracketed: between two rows; "
        "beyond_table: past the last row; rule: a rule, not a count."
    )
    explanation: str = Field(description="How the number was read, in plain words.")
    decided_by: str = Field(default="", description="Who sets the table, as users see it.")
    uncertain: bool = Field(
        default=False, description="True when the table is not the user's partner's own: an assumption to confirm."
    )


class InterviewGroup(StrictModel):
    """How many people of one role and shift to have available for interviews."""

    role: str = Field(description="Role name from the profile.")
    level: str = Field(description="management, supervisor or worker.")
    shift: str = Field(description="Shift, or 'any' when the profile names none.")
    headcount: int = Field(description="People in the group (split evenly across the role's shifts).")
    interviews: int = Field(description="Planned interviews from this group.")


class SitePlan(StrictModel):
    """How many sites the auditor is expected to visit."""

    total_sites: int = Field(description="Sites in the profile.")
    active_sites: int = Field(description="Sites where work is going on.")
    minimum_visits: int | None = Field(description="Sites to expect visited in this audit; null when unknown.")
    cycle_rule: str = Field(default="", description="A rule across the 3-year cycle, where one is published.")
    basis: list[Basis] = Field(description="Where the number comes from.")
    sites: list[str] = Field(description="Active site names the auditor may choose from.")
    observation_items: list[str] = Field(
        default_factory=list, description="What the auditor observes on site (the standard's observation items)."
    )


class InterviewPlan(StrictModel):
    """How many interviews to expect and how they spread over roles and shifts."""

    workforce: int = Field(description="Workers counted (the profile's peak headcount).")
    minimum: int | None = Field(description="Minimum interviews from the table; null when the partner must say.")
    planned: int | None = Field(description="Interviews planned after covering every level and shift.")
    basis: list[Basis] = Field(description="Where the minimum comes from.")
    groups: list[InterviewGroup] = Field(description="Planned interviews by role and shift.")


class SamplingPlan(StrictModel):
    """The interview and site-visit sample for a company's audit."""

    company: str = Field(description="Company name.")
    jurisdiction: str = Field(description="Jurisdiction code.")
    program: str = Field(description="COR or SECOR.")
    interviews: InterviewPlan = Field(description="Interview sample.")
    sites: SitePlan = Field(description="Site-visit sample.")
    rules: list[str] = Field(description="Selection rules, each with its source.")
    notes: list[str] = Field(default_factory=list, description="Assumptions and things to confirm with the partner.")


class PrepTopic(StrictModel):
    """One interview item of the standard, for a prep sheet."""

    element: str = Field(description="Element, as 'ID. Title'.")
    requirement: str = Field(description="Requirement id.")
    asks: str = Field(description="What the requirement asks, in corcli's words.")
    preparation: str = Field(description="How the company prepares (the requirement's guidance).")


class PrepSheet(StrictModel):
    """A printable interview prep sheet for one role."""

    role: str = Field(description="Role name, or 'All workers'.")
    level: str = Field(description="management, supervisor or worker.")
    shifts: list[str] = Field(description="Shifts the role works.")
    people: int = Field(description="People in the role.")
    topics: list[PrepTopic] = Field(description="The standard's interview items.")
    on_site: list[str] = Field(description="The standard's observation items.")


__all__ = [
    "Basis",
    "InterviewGroup",
    "InterviewPlan",
    "PrepSheet",
    "PrepTopic",
    "SampleKind",
    "SamplingPlan",
    "SamplingRow",
    "SamplingTable",
    "SitePlan",
]
