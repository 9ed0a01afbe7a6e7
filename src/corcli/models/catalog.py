"""Models of the catalog: jurisdictions, certifying partners and audit standards."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from corcli.models.base import (
    Availability,
    Confidence,
    DataFile,
    Identifier,
    Program,
    ProvinceCode,
    StrictModel,
    Text,
    Unknown,
)
from corcli.models.program import (
    AuditCondition,
    AuditPlan,
    CertificateAudit,
    Eligibility,
    MaintenanceDeadline,
    PassRule,
    PassRules,
    ProgramPassRules,
    RecordsHistoryRule,
    RecordsTerms,
    RuleBasis,
    Validity,
)

ElementId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]*$", max_length=16)]
RequirementId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]*$", max_length=24)]


class HeadcountRule(StrictModel):
    """Who may hold the small-employer certificate."""

    available: Availability = Field(description="Whether a small-employer certificate exists here.")
    certificate_name: str = Field(default="SECOR", description="What the jurisdiction calls it.")
    max_headcount: int | Unknown | None = Field(
        description="Largest workforce that qualifies (inclusive); null when no small-employer certificate."
    )
    measure: Literal["headcount", "fte", "unknown"] = Field(
        default="headcount", description="Whether people are counted as heads or as full-time equivalents."
    )
    counted: str = Field(default="", description="Who is counted and over which period, in plain words.")
    not_counted: str = Field(default="", description="Who is expressly not counted.")

    @model_validator(mode="after")
    def _threshold_matches_availability(self) -> HeadcountRule:
        if self.available == Availability.YES and self.max_headcount is None:
            raise ValueError("max_headcount is required (a number or 'unknown') when available is 'yes'")
        return self


class SizeClass(StrictModel):
    """A size class some jurisdictions use to choose an audit path (e.g. Nova Scotia)."""

    name: Text = Field(description="Name of the class.")
    min_workers: int = Field(ge=0, description="Smallest workforce in the class.")
    max_workers: int | None = Field(description="Largest workforce in the class; null for no upper bound.")
    path: str = Field(default="", description="What the class means for the audit path.")


class Legislation(StrictModel):
    """A piece of OHS legislation a manual should cite."""

    title: Text = Field(description="Short title.")
    citation: str = Field(default="", description="Formal citation, where known.")
    url: str = Field(default="", description="Official address, where known.")


class CommitteeRule(StrictModel):
    """When the OHS law asks for a joint health and safety committee or a health and safety representative."""

    committee_from: int = Field(
        ge=1, description="Smallest number of counted workers for which the law requires a joint committee."
    )
    representative_from: int | Unknown | None = Field(
        description=(
            "Smallest number of counted workers for which the law requires a health and safety representative "
            "(up to committee_from - 1); null when the law asks for none below the committee threshold; 'unknown' "
            "when no source confirms it."
        )
    )
    representative_condition: str = Field(
        default="",
        description="A condition on the representative besides the headcount, in plain words, e.g. 'at workplaces "
        "the Regulations prescribe'; empty when there is none.",
    )
    designate_below: int | None = Field(
        default=None,
        ge=1,
        description="Below this many workers the employer may name a designate where a representative is "
        "impractical (Newfoundland and Labrador); null when the law has no such rule.",
    )
    counted: Text = Field(description="Who is counted and for how long, in the sources' words.")
    also: str = Field(default="", description="Other ways a committee can be required, e.g. by a regulator's order.")
    sources: list[Text] = Field(
        min_length=1, description="Addresses, among the file's sources, of the pages that state these numbers."
    )

    @model_validator(mode="after")
    def _thresholds_are_ordered(self) -> CommitteeRule:
        rep = self.representative_from
        if isinstance(rep, int) and not 1 <= rep < self.committee_from:
            raise ValueError("representative_from must be at least 1 and below committee_from")
        if self.representative_condition and not isinstance(rep, int):
            raise ValueError("representative_condition needs a representative_from number")
        if self.designate_below is not None and self.designate_below > self.committee_from:
            raise ValueError("designate_below must not be above committee_from")
        return self

    def requirement(self, workers: int) -> Literal["committee", "representative", "none", "unknown"]:
        """Return what the law asks for with ``workers`` counted workers."""
        if workers >= self.committee_from:
            return "committee"
        rep = self.representative_from
        if rep is None:
            return "none"
        if not isinstance(rep, int):
            return "unknown"
        return "representative" if workers >= rep else "none"


class Incentive(StrictModel):
    """A financial or other incentive tied to the certificate."""

    name: Text = Field(description="Name of the incentive.")
    description: Text = Field(description="What it gives and to whom.")


class Conflict(StrictModel):
    """Where sources disagree: the values seen, the one chosen and why."""

    topic: Text = Field(description="What the sources disagree on.")
    values: list[Text] = Field(min_length=1, description="The values the sources give.")
    chosen: Text = Field(description="The value corcli uses.")
    why: Text = Field(description="Why that value.")


RULE_FIELDS = ("small_employer", "audits", "pass_rules", "records_history", "validity_years", "maintenance_deadline")
"""A jurisdiction's program defaults; ``rule_sources`` names the pages behind each."""


def _unlisted(sources: list[str], listed: set[str]) -> list[str]:
    return [url for url in sources if url not in listed]


class Jurisdiction(DataFile):
    """A province or territory: its OHS law, and the program defaults its government sets.

    The rule fields (``small_employer``, ``audits``, ``pass_rules``, ``records_history``, ``validity_years``,
    ``maintenance_deadline``) are defaults: a partner's program that sets its own rule wins (see
    ``rules.eligibility.resolve_program``). Keep a default here only where the government or board sets it
    (Alberta's PIR standards, WorkSafeBC policy); leave it 'unknown' where only one partner's page states it.
    """

    kind: Literal["jurisdiction"] = Field(description="Marks this file as a jurisdiction.")
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z]{2})?$")] = Field(
        description="Province or territory code, e.g. AB, or NT-NU for a file shared by two."
    )
    name: Text = Field(description="Full name.")
    covers: list[ProvinceCode] = Field(min_length=1, description="Province/territory codes this file covers.")
    has_cor_program: bool = Field(description="Whether a COR program was found in this jurisdiction.")
    program_name: str = Field(default="", description="Name of the COR program.")
    administrator: str = Field(default="", description="Who administers the program.")
    small_employer: HeadcountRule = Field(
        description="The small-employer certificate and its threshold where the government sets them (a default)."
    )
    size_classes: list[SizeClass] = Field(default_factory=list, description="Size classes, where used.")
    audits: list[CertificateAudit] = Field(default_factory=list, description="Audit type per certificate.")
    pass_rules: PassRules | None = Field(default=None, description="Pass rules; null when there is no program.")
    records_history: list[RecordsHistoryRule] | Unknown = Field(
        default="unknown", description="Months of records needed per certificate term."
    )
    validity_years: int | Unknown | None = Field(default="unknown", description="Years a certificate is valid.")
    maintenance_cycle: str = Field(default="", description="What is due in the years between certifications.")
    maintenance_deadline: Literal["anniversary", "calendar_year_end", "unknown"] = Field(
        default="unknown", description="When each maintenance submission is due."
    )
    incentives: list[Incentive] = Field(default_factory=list, description="Incentives, as facts.")
    legislation: list[Legislation] = Field(default_factory=list, description="OHS legislation to cite.")
    conflicts: list[Conflict] = Field(default_factory=list, description="Where sources disagree.")
    committee: CommitteeRule | Unknown = Field(
        default="unknown",
        description="When the OHS law asks for a joint committee or a representative; 'unknown' where no source "
        "confirms the numbers.",
    )
    audit_conditions: list[AuditCondition] = Field(
        default_factory=list,
        description="Conditions the government body that sets a certificate puts on every audit of it (e.g. SAFE "
        "Work Manitoba's for SAFE Work Certified), resolved into each program with that certificate name.",
    )
    rule_sources: dict[str, list[Text]] = Field(
        default_factory=dict,
        description="For each program default (small_employer, audits, pass_rules, records_history, validity_years, "
        "maintenance_deadline), the addresses among sources of the government pages that set it.",
    )

    @model_validator(mode="after")
    def _rules_are_sourced(self) -> Jurisdiction:
        listed = {source.url for source in self.sources}
        if isinstance(self.committee, CommitteeRule):
            missing = _unlisted(self.committee.sources, listed)
            if missing:
                raise ValueError(f"committee.sources must be listed under sources: {', '.join(missing)}")
        for condition in self.audit_conditions:
            missing = _unlisted(condition.sources, listed)
            if missing:
                raise ValueError(f"audit_conditions sources must be listed under sources: {', '.join(missing)}")
        for key, urls in self.rule_sources.items():
            if key not in RULE_FIELDS:
                raise ValueError(f"rule_sources names {key!r}; use one of: {', '.join(RULE_FIELDS)}")
            missing = _unlisted(urls, listed)
            if missing:
                raise ValueError(f"rule_sources.{key} must be listed under sources: {', '.join(missing)}")
        return self

    def audit_for(self, program: Program) -> CertificateAudit | None:
        """Return how ``program`` is audited here, if known."""
        return next((a for a in self.audits if a.program == program), None)


class PartnerProgram(StrictModel):
    """A certificate a partner offers: its own rules, and the audit standard it uses.

    Every rule block is optional: a block left out falls back to the jurisdiction's default, where its
    government sets one, else stays unknown. Each block names its sources (among the file's sources) and
    its certainty, which the resolution keeps and every report shows.
    """

    program: Program = Field(description="COR or SECOR.")
    offered: Availability = Field(description="Whether the partner offers it, as far as the sources say.")
    certificate_name: str = Field(
        default="",
        description="What the partner calls the certificate, where not 'COR'/'SECOR' (e.g. 'SAFE Work "
        "Certified'); empty for the usual name.",
    )
    jurisdictions: list[str] = Field(
        default_factory=list, description="Limit to these jurisdiction codes; empty means all the partner serves."
    )
    standard: Identifier | None = Field(default=None, description="Id of the audit standard used; null if unknown.")
    standard_note: str = Field(
        default="", description="Why this standard, e.g. the partner's own instrument is not public."
    )
    eligibility: Eligibility | None = Field(
        default=None,
        description="SECOR: the program's own size limit and who is counted; null to use the jurisdiction's.",
    )
    audits: AuditPlan | None = Field(
        default=None, description="Who audits in each year of the cycle; null to use the jurisdiction's."
    )
    pass_rules: ProgramPassRules | None = Field(
        default=None,
        description="Pass rules per audit (overall, element floor, legislated items at 100%); null to use the "
        "standard's or the jurisdiction's.",
    )
    records_history: RecordsTerms | None = Field(
        default=None, description="Months of records per certificate term; null to use the jurisdiction's."
    )
    validity: Validity | None = Field(default=None, description="Years a certificate is valid; null for the default.")
    maintenance_deadline: MaintenanceDeadline | None = Field(
        default=None,
        description="When maintenance is due (anniversary, calendar year or fixed dates with reporting windows); "
        "null to use the jurisdiction's.",
    )

    @model_validator(mode="after")
    def _offered_has_standard(self) -> PartnerProgram:
        if self.offered == Availability.NO and self.standard is not None:
            raise ValueError("a program that is not offered cannot name a standard")
        if self.eligibility is not None and self.program != Program.SECOR:
            raise ValueError("eligibility (a size limit) belongs to a SECOR entry; COR is open to every size")
        return self

    def rule_blocks(self) -> dict[str, RuleBasis]:
        """Return the rule blocks this entry sets, by field name."""
        blocks = {
            "eligibility": self.eligibility,
            "audits": self.audits,
            "pass_rules": self.pass_rules,
            "records_history": self.records_history,
            "validity": self.validity,
            "maintenance_deadline": self.maintenance_deadline,
        }
        return {name: block for name, block in blocks.items() if block is not None}


class ConsultantConflict(StrictModel):
    """A partner's auditor-independence rule: how long a consultant who worked for a company may not audit it."""

    months_before: int = Field(
        ge=0, le=120, description="Months before the engagement began in which it bars the audit."
    )
    months_after: int = Field(ge=0, le=120, description="Months after the engagement ended in which it bars the audit.")
    rule: Text = Field(description="The rule in corcli's words, as shown to the user.")
    sources: list[Text] = Field(min_length=1, description="Addresses, among the file's sources, that state it.")


class CertifyingPartner(DataFile):
    """An industry safety association that administers COR audits."""

    kind: Literal["partner"] = Field(description="Marks this file as a certifying partner.")
    id: Identifier = Field(description="Short id used on the command line, e.g. 'acsa'.")
    name: Text = Field(description="Full name.")
    abbreviation: Text = Field(description="Abbreviation as the partner uses it.")
    former_names: list[str] = Field(default_factory=list, description="Earlier names.")
    jurisdictions: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z]{2})?$")]] = Field(
        min_length=1, description="Jurisdiction codes served."
    )
    website: str | Unknown = Field(description="Home page, or 'unknown'.")
    industries: list[Identifier] = Field(min_length=1, description="Industries served (shared vocabulary).")
    industries_note: str = Field(default="", description="Who exactly is served, as the source states it.")
    listing: Confidence = Field(description="How certain it is that this partner currently certifies.")
    programs: list[PartnerProgram] = Field(min_length=1, description="Certificates offered.")
    consultant_conflict: ConsultantConflict | None = Field(
        default=None, description="How long a consultant who worked for a company may not audit it; null if unknown."
    )

    @model_validator(mode="after")
    def _rules_are_sourced(self) -> CertifyingPartner:
        listed = {source.url for source in self.sources}
        for entry in self.programs:
            for name, block in entry.rule_blocks().items():
                missing = _unlisted(block.sources, listed)
                if missing:
                    raise ValueError(
                        f"programs.{entry.program}.{name}.sources must be listed under sources: {', '.join(missing)}"
                    )
        return self

    def program(self, program: Program, jurisdiction: str | None = None) -> PartnerProgram | None:
        """Return the partner's entry for ``program`` (in ``jurisdiction`` when given)."""
        for entry in self.programs:
            if entry.program != program:
                continue
            if jurisdiction and entry.jurisdictions and jurisdiction not in entry.jurisdictions:
                continue
            return entry
        return None


class Verification(StrEnum):
    """How an auditor verifies a requirement."""

    DOCUMENTATION = "documentation"
    INTERVIEW = "interview"
    OBSERVATION = "observation"


class Recurrence(StrEnum):
    """How often records must be produced."""

    ONCE = "once"
    PER_EVENT = "per_event"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"


RECURRENCE_MONTHS: dict[Recurrence, int] = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.SEMIANNUAL: 6,
    Recurrence.ANNUAL: 12,
}


class EvidenceKind(StrEnum):
    """Kinds of evidence, one vocabulary for every standard."""

    POLICY = "policy"
    PROCEDURE = "procedure"
    PLAN = "plan"
    RESPONSIBILITIES = "responsibilities"
    HAZARD_ASSESSMENT = "hazard_assessment"
    FIELD_HAZARD_ASSESSMENT = "field_hazard_assessment"
    INSPECTION = "inspection"
    MAINTENANCE_RECORD = "maintenance_record"
    TRAINING_RECORD = "training_record"
    ORIENTATION_RECORD = "orientation_record"
    CERTIFICATE = "certificate"
    MEETING_MINUTES = "meeting_minutes"
    DRILL_RECORD = "drill_record"
    INVESTIGATION = "investigation"
    CORRECTIVE_ACTION = "corrective_action"
    STATISTICS = "statistics"
    CONTRACTOR_RECORD = "contractor_record"
    COMMUNICATION = "communication"
    FORM = "form"
    REVIEW_RECORD = "review_record"
    LEGISLATION = "legislation"
    OTHER = "other"


class CountedAgainst(StrEnum):
    """What an auditor compares a requirement's records with, to see whether there are enough of them."""

    NOTHING = "nothing"
    WORKER = "worker"
    SITE = "site"
    WORK_PERIOD = "work_period"
    EVENT = "event"


class Requirement(StrictModel):
    """One thing an auditor checks, in our own words."""

    id: RequirementId = Field(description="Id within the standard, e.g. '1.2'.")
    text: Text = Field(description="What the auditor looks for, in corcli's own words.")
    verification: Verification = Field(description="How it is verified: documentation, interview or observation.")
    evidence_kinds: list[EvidenceKind] = Field(
        default_factory=list, description="Kinds of evidence that satisfy it (documentation items)."
    )
    recurrence: Recurrence = Field(default=Recurrence.ONCE, description="How often records must be produced.")
    recurrence_source: str = Field(
        default="",
        description="Who sets the recurrence or review period (a law section or a page); empty when it is corcli's "
        "assumption, and then the company's own written schedule is what the auditor checks against.",
    )
    review_months: int | None = Field(
        default=None, ge=1, le=60, description="A document older than this many months is stale (e.g. 12)."
    )
    points: float = Field(gt=0, le=1000, description="Points the requirement is worth.")
    points_official: bool = Field(default=False, description="Whether the points come from the publisher.")
    na_allowed: bool = Field(default=False, description="Whether it may be marked not applicable.")
    guidance: str = Field(default="", description="What to do to meet it, in plain words.")
    named_by: list[str] = Field(
        default_factory=list,
        description="Words a file name must hold to be tied here by its kind alone (the partner's own courses, say); "
        "empty: any name of a kind it asks for. Keeps a worker's ticket off the requirement for the partner's course.",
    )
    depends_on: list[RequirementId] = Field(
        default_factory=list,
        description="Requirements (usually documents) that must pass before this one can (cascade scoring).",
    )
    counted_against: CountedAgainst = Field(
        default=CountedAgainst.NOTHING,
        description="What its records are compared with: every worker, site, work period or recorded event.",
    )
    legislated: bool = Field(
        default=False, description="A legislated or mandatory item that the program requires to be fully met."
    )
    workers_from: int | None = Field(
        default=None,
        ge=1,
        description="The law asks for it only where at least this many workers are regularly employed.",
    )
    workers_to: int | None = Field(
        default=None,
        ge=1,
        description="The law asks for it only where at most this many workers are regularly employed.",
    )
    recurrence_set_by: Literal["law", "program", "assumed"] = Field(
        default="assumed",
        description="Who sets the frequency: the law or the program (a minimum: a company's own schedule may be "
        "stricter, never laxer), or corcli's assumption (the company's own written schedule wins).",
    )

    @model_validator(mode="after")
    def _documentation_has_kinds(self) -> Requirement:
        if self.verification == Verification.DOCUMENTATION and not self.evidence_kinds:
            raise ValueError("a documentation requirement must list at least one evidence kind")
        return self


class InterviewRule(StrictModel):
    """How the instrument turns the interview sample's answers into points for one interview item."""

    scoring: Literal["proportional", "threshold"] = Field(
        description="proportional: the share of positive answers; threshold: all points once the share reaches "
        "'threshold', none below it."
    )
    threshold: float = Field(default=1.0, gt=0, le=1, description="Share of positive answers needed (threshold).")
    note: str = Field(default="", description="What the instrument says, in corcli's words, with its source.")


class AuditElement(StrictModel):
    """An element (section) of an audit standard."""

    id: ElementId = Field(description="Element id, e.g. '1' or 'A'.")
    title: Text = Field(description="Element title, in corcli's words where the publisher's is not public.")
    summary: str = Field(default="", description="What the element is about.")
    folder: Identifier = Field(description="Name of the evidence sub-folder for this element.")
    counts_toward_score: bool = Field(default=True, description="False for a phase-in element that is not scored.")
    requirements: list[Requirement] = Field(min_length=1, description="Requirements of the element.")

    def points(self) -> float:
        """Return the element's total points."""
        return sum(r.points for r in self.requirements)


class StandardMigration(StrictModel):
    """How the requirement ids of an earlier standard or edition map onto this one."""

    standard: Identifier = Field(description="Id of the earlier standard (the same id for an earlier edition).")
    edition: str = Field(default="", description="Which edition the mapping is from, in words.")
    requirements: dict[str, str | None] = Field(
        default_factory=dict,
        description="Old requirement id to new id; null where no new requirement matches. Ids not listed map to "
        "the same id when this standard has it.",
    )
    note: str = Field(default="", description="What changed, shown to the user.")


class AuditStandard(DataFile):
    """An audit standard (instrument) a certifying partner audits against."""

    kind: Literal["standard"] = Field(description="Marks this file as an audit standard.")
    id: Identifier = Field(description="Id, e.g. 'acsa-secor'.")
    title: Text = Field(description="Title.")
    publisher: Text = Field(description="Who publishes the instrument.")
    edition: Text = Field(description="Edition or year, or 'unknown'.")
    effective: date | None = Field(default=None, description="Date the edition took effect, where known.")
    program: Program | None = Field(
        description="COR or SECOR; null for a legal program (what a jurisdiction's OHS law asks, no certificate)."
    )
    jurisdictions: list[str] = Field(min_length=1, description="Jurisdiction codes it is used in.")
    weights: Literal["official", "estimated", "partly_official"] = Field(
        description="Whether the point values come from the publisher or are corcli's estimate."
    )
    structure_confidence: Confidence = Field(description="How certain the element list is (names and order).")
    based_on: str = Field(default="", description="What the requirements are written from.")
    superseded_by: str | None = Field(default=None, description="Id of a newer edition, if any.")
    migrates_from: list[StandardMigration] = Field(
        default_factory=list,
        description="Earlier standards or editions whose requirement ids 'corcli migrate' maps onto this one.",
    )
    shares_texts_with: list[Identifier] = Field(
        default_factory=list,
        description="Standards whose requirement texts this one repeats on purpose (the same instrument, or corcli's "
        "common wording where neither instrument is public); any other shared text is a catalog error.",
    )
    pass_rule: PassRule | None = Field(
        default=None, description="A pass rule of the standard's own; null to use the jurisdiction's."
    )
    interview_rule: InterviewRule | None = Field(
        default=None, description="How interview items score the sample's answers; null when not known (proportional)."
    )
    elements: list[AuditElement] = Field(min_length=1, description="Elements in audit order.")

    @model_validator(mode="after")
    def _dependencies_exist(self) -> AuditStandard:
        ids = {r.id for e in self.elements for r in e.requirements}
        unknown = sorted(
            f"{r.id} -> {d}" for e in self.elements for r in e.requirements for d in r.depends_on if d not in ids
        )
        if unknown:
            raise ValueError(f"depends_on names requirements that are not in the standard: {', '.join(unknown)}")
        return self

    def requirement(self, requirement_id: str) -> tuple[AuditElement, Requirement] | None:
        """Find a requirement by id."""
        for element in self.elements:
            for req in element.requirements:
                if req.id == requirement_id:
                    return element, req
        return None

    def element(self, element_id: str) -> AuditElement | None:
        """Find an element by id or folder name."""
        return next((e for e in self.elements if element_id in (e.id, e.folder)), None)


CatalogEntry = Jurisdiction | CertifyingPartner | AuditStandard


INDUSTRIES: dict[str, str] = {
    "construction": "Construction (building, trades, civil)",
    "heavy-construction": "Heavy construction and road building",
    "oil-and-gas": "Oil and gas (upstream energy)",
    "manufacturing": "Manufacturing",
    "food-processing": "Food and beverage processing",
    "forestry": "Forestry and forest products",
    "trucking": "Trucking, moving and motor transport",
    "motor-vehicle": "Motor vehicle sales, repair and service",
    "municipal": "Municipalities and local government",
    "public-sector": "Public sector and government departments",
    "hospitality": "Hotels, restaurants and hospitality",
    "tourism": "Tourism and recreation",
    "continuing-care": "Continuing care and seniors' living",
    "healthcare": "Health care",
    "agriculture": "Agriculture and farming",
    "sales-and-service": "Retail, wholesale, sales and service",
    "maritime": "Ports and maritime",
    "general": "Any industry (for employers without an industry association)",
}
