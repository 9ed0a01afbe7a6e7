"""The company profile kept in a workspace's ``corcli.yaml``."""

from __future__ import annotations

import difflib
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from corcli.models.base import Identifier, Program, ProvinceCode, StrictModel, Text
from corcli.models.catalog import INDUSTRIES, EvidenceKind, Recurrence

PROFILE_SCHEMA_VERSION = 1


class ProgramChoice(StrEnum):
    """What the user asked for: a certificate, or let corcli decide."""

    AUTO = "auto"
    COR = "COR"
    SECOR = "SECOR"


class Role(StrictModel):
    """A group of workers with the same role (used for interview sampling and manuals)."""

    name: Text = Field(description="Role, e.g. 'Roofer' or 'Site supervisor'.")
    count: int = Field(ge=0, le=100_000, description="How many people hold it.")
    level: Literal["management", "supervisor", "worker"] = Field(
        default="worker", description="Level in the organisation."
    )
    shifts: list[str] = Field(default_factory=list, description="Shifts worked, e.g. ['day', 'night'].")


class Site(StrictModel):
    """A work site or office."""

    name: Text = Field(description="Short name of the site.")
    address: str = Field(default="", description="Street address or legal land description.")
    kind: Literal["office", "shop", "field", "plant", "other"] = Field(default="field", description="Kind of site.")
    active: bool = Field(default=True, description="Whether work is going on there now.")
    workers: int | None = Field(default=None, ge=0, le=100_000, description="People usually working there.")
    workers_per_shift: int | None = Field(
        default=None, ge=1, le=100_000, description="Most workers there on one shift (sets the first aid needed)."
    )
    minutes_to_medical: int | None = Field(
        default=None,
        ge=0,
        le=10_000,
        description="Travel time in minutes, in normal conditions, to the nearest hospital or health care facility.",
    )
    active_from: date | None = Field(default=None, description="First day of work there (for coverage and plans).")
    active_to: date | None = Field(default=None, description="Last day of work there; empty while it goes on.")


class Contact(StrictModel):
    """A person named in the manual and reports."""

    name: Text = Field(description="Full name.")
    title: str = Field(default="", description="Job title.")
    phone: str = Field(default="", description="Phone number.")
    email: str = Field(default="", description="Email address.")


class NotApplicable(StrictModel):
    """A requirement that does not apply to the company, with the reason."""

    requirement: Annotated[str, StringConstraints(min_length=1, max_length=24)] = Field(
        description="Requirement id in the company's standard."
    )
    reason: Text = Field(description="Why it does not apply; auditors ask for this.")
    expires: date | None = Field(default=None, description="Date after which it must be reviewed again.")


class Credential(StrictModel):
    """A course, ticket or certificate a person holds (orientation, first aid, fall protection...)."""

    name: Text = Field(description="What it is, e.g. 'Standard First Aid' or 'Fall protection'.")
    completed: date | None = Field(default=None, description="Date it was completed or issued.")
    expires: date | None = Field(default=None, description="Date it expires; empty if it does not.")


class Person(StrictModel):
    """Someone on the staff list an auditor compares records with."""

    name: Text = Field(description="Full name.")
    role: str = Field(default="", description="Role, matching a name under 'roles' where there is one.")
    start: date | None = Field(default=None, description="First day of work (new workers need orientation).")
    end: date | None = Field(default=None, description="Last day of work; empty while employed.")
    training: list[Credential] = Field(default_factory=list, description="Training, tickets and certificates held.")


class Schedule(StrictModel):
    """How often the company's own program says a kind of record is produced (its written schedule)."""

    kind: EvidenceKind = Field(description="Kind of record, e.g. 'inspection', 'meeting_minutes', 'drill'.")
    every: Recurrence = Field(description="How often: weekly, monthly, quarterly, semiannual or annual.")
    sites: list[str] = Field(
        default_factory=list, description="Names of the sites it applies to; empty for the whole company."
    )
    note: str = Field(default="", description="Anything the manual should say about it.")


class Job(StrictModel):
    """A job or project with its dates, for a crew that moves from site to site."""

    name: Text = Field(description="Job name or number.")
    site: str = Field(default="", description="Site or address of the job.")
    start: date = Field(description="First day of work.")
    end: date | None = Field(default=None, description="Last day of work; empty while it goes on.")


class Activity(StrictModel):
    """When the company works, so per-day and per-job records can be counted against it."""

    work_days_per_week: int | None = Field(default=None, ge=1, le=7, description="Days worked in a usual week.")
    jobs: list[Job] = Field(default_factory=list, description="Jobs with their dates (mobile crews).")


class Engagement(StrictModel):
    """A consultant's work for the company (partners bar some consultants from auditing their clients)."""

    consultant: Text = Field(description="Name of the consultant.")
    firm: str = Field(default="", description="Consulting firm.")
    start: date = Field(description="First day of the engagement.")
    end: date | None = Field(default=None, description="Last day; empty while it goes on.")


class Company(StrictModel):
    """Who the company is."""

    name: Text = Field(description="Operating name.")
    legal_name: str = Field(default="", description="Legal name, if different.")
    province: ProvinceCode = Field(description="Province or territory of the WCB account (AB, BC...).")
    industry: Identifier = Field(description="Industry, from the catalog's vocabulary (e.g. 'construction').")
    trade: str = Field(default="", description="Trade or line of work in plain words, e.g. 'roofing'.")
    employees: int = Field(
        ge=1, le=1_000_000, description="Peak number of workers in the last 12 months (everyone on the WCB account)."
    )
    wcb_account: str = Field(default="", description="Workers' compensation account number.")
    address: str = Field(default="", description="Head office address.")

    @field_validator("industry")
    @classmethod
    def _known_industry(cls, value: str) -> str:
        if value not in INDUSTRIES:
            close = difflib.get_close_matches(value, list(INDUSTRIES), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"{value!r} is not a known industry.{hint} Industries: {', '.join(INDUSTRIES)}")
        return value


class Certification(StrictModel):
    """The certificate the company is working towards and its dates."""

    partner: Identifier | None = Field(
        default=None,
        description="Certifying partner id (see 'corcli partners list'); null where the jurisdiction has no COR "
        "program (a legal-program workspace: certification.standard names the legal program).",
    )
    program: ProgramChoice = Field(default=ProgramChoice.AUTO, description="COR, SECOR or auto.")
    standard: Identifier | None = Field(
        default=None, description="Audit standard id; null to use the partner's standard for the program."
    )
    records_since: date | None = Field(
        default=None, description="Date the company started keeping health and safety records."
    )
    certified_on: date | None = Field(default=None, description="Date of the current certificate, if any.")
    planned_audit: date | None = Field(default=None, description="Date of the next planned audit.")
    auditor: str = Field(default="", description="Who will do the planned audit (checked against consultants:).")
    folders: dict[Identifier, Identifier] = Field(
        default_factory=dict,
        description="The standard's element folder name to the evidence folder that element uses instead "
        "(written by 'corcli init --force' on a change of standard, so existing folders keep counting).",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Certification:
        if self.records_since and self.planned_audit and self.planned_audit < self.records_since:
            raise ValueError("planned_audit is before records_since")
        return self


class CompanyProfile(StrictModel):
    """Everything corcli knows about the company, kept in ``corcli.yaml``."""

    schema_version: Literal[1] = Field(default=1, description="Version of this file's layout.")
    company: Company = Field(description="Who the company is.")
    certification: Certification = Field(description="The certificate sought and its dates.")
    senior_manager: Contact | None = Field(default=None, description="Senior manager who signs the policy.")
    safety_coordinator: Contact | None = Field(default=None, description="Person who runs the safety program.")
    roles: list[Role] = Field(default_factory=list, description="Workers by role (for sampling and manuals).")
    sites: list[Site] = Field(default_factory=list, description="Work sites and offices.")
    not_applicable: list[NotApplicable] = Field(
        default_factory=list, description="Requirements that do not apply, with reasons."
    )
    people: list[Person] = Field(default_factory=list, description="The staff list, with start dates and training.")
    schedules: list[Schedule] = Field(
        default_factory=list, description="The company's own written schedule of inspections, meetings, drills..."
    )
    activity: Activity | None = Field(default=None, description="When and where the company works.")
    consultants: list[Engagement] = Field(default_factory=list, description="Consultants who worked for the company.")

    def resolved_program(self) -> Program | None:
        """Return the program if the profile names one, else ``None`` (auto)."""
        choice = self.certification.program
        return None if choice == ProgramChoice.AUTO else Program(choice.value)
