"""The draft health and safety manual: its sections, the data its templates see, and its placeholders.

Computing lives here (what goes in the manual); ``rendering`` turns it into Markdown, HTML or DOCX.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from corcli.errors import UnknownIdError
from corcli.models import (
    INDUSTRIES,
    AuditElement,
    AuditStandard,
    CertifyingPartner,
    CommitteeRule,
    CompanyProfile,
    EvidenceKind,
    Jurisdiction,
    Program,
    Recurrence,
    Verification,
)
from corcli.render.engine import Templates, find_placeholders, load_templates, markdown_to_docx, markdown_to_html

FORMATS = ("markdown", "html", "docx")
"""Output formats ``render_manual`` accepts."""


@dataclass(frozen=True)
class Hazard:
    """A hazard a manual should cover, with the controls, inspection checks and training we suggest."""

    key: str
    name: str
    where: str
    controls: tuple[str, ...]
    checks: tuple[str, ...]
    training: str = ""


_H = Hazard
HAZARDS: dict[str, Hazard] = {
    h.key: h
    for h in (
        _H(
            "falls",
            "Falls from heights",
            "roof edges, openings and skylights, ladders, scaffolds, truck decks",
            (
                "Guardrails or a warning-line system where the edge allows it; covers over openings, marked.",
                "Personal fall arrest (full-body harness, shock-absorbing lanyard, rated anchor) wherever a "
                "worker could fall 3 m or more, or less where a fall could cause serious injury.",
                "A written fall protection plan and a rescue plan for each site where fall arrest is used, "
                "reviewed with the crew before work starts.",
                "Harnesses and lanyards inspected before each use; damaged gear tagged out and destroyed.",
            ),
            (
                "Fall protection plan on site and reviewed with the crew",
                "Anchors installed as the manufacturer requires",
                "Harnesses and lanyards inspected and tagged",
                "Openings and skylights covered and marked",
            ),
            "Fall protection (certified course)",
        ),
        _H(
            "ladders",
            "Ladders and access",
            "getting on and off roofs and platforms",
            (
                "Ladders secured top and bottom, extending 1 m above the landing, set at a 4:1 angle.",
                "Three-point contact; materials raised by hoist or rope, not carried up the ladder.",
            ),
            ("Ladders in good condition, secured and extending above the landing",),
        ),
        _H(
            "hot-work",
            "Torches, kettles and hot materials",
            "torch-applied membranes, hot bitumen, welding and cutting",
            (
                "A fire watch for at least 60 minutes after torch work ends; an extinguisher within reach.",
                "Propane cylinders upright, secured and away from the roof edge and heat; hoses checked daily.",
                "Burn-resistant gloves and long sleeves; a first aid kit with burn dressings on site.",
            ),
            ("Fire extinguisher within reach of hot work", "Cylinders secured upright, hoses in good condition"),
            "Torch safety / hot work",
        ),
        _H(
            "weather",
            "Heat, cold, wind and lightning",
            "outdoor work in every season",
            (
                "Stop-work rules for high wind, lightning and icy surfaces, decided by the supervisor and logged.",
                "Water, shade and rest breaks in heat; warm-up breaks and dry clothing in cold.",
            ),
            ("Weather checked and stop-work rules applied",),
        ),
        _H(
            "struck-by",
            "Falling objects and moving equipment",
            "material dropped from heights, backing trucks, loaders and cranes",
            (
                "A controlled zone below overhead work, marked and kept clear; debris lowered by chute or hoist.",
                "A spotter for backing vehicles and equipment; high-visibility clothing near traffic and equipment.",
                "Hard hats wherever there is an overhead hazard.",
            ),
            ("Controlled zone below overhead work is marked", "Spotter used when backing equipment"),
        ),
        _H(
            "power-tools",
            "Power tools and nail guns",
            "saws, grinders, drills and pneumatic nailers",
            (
                "Guards in place; cords and hoses inspected before use; damaged tools tagged out.",
                "Sequential-trigger nailers; safety glasses for every worker using or near the tool.",
            ),
            ("Tools guarded, cords and hoses undamaged",),
        ),
        _H(
            "manual-handling",
            "Lifting and carrying",
            "bundles, rolls, boxes, equipment and stock",
            (
                "Hoists, conveyors, carts or team lifts for heavy or awkward loads; loads kept close to the body.",
                "Jobs planned so heavy material is delivered as close as possible to where it is used.",
            ),
            ("Lifting aids available and used",),
        ),
        _H(
            "silica-dust",
            "Dust and silica",
            "cutting concrete, tile, brick or stone; sweeping dusty areas",
            (
                "Wet cutting or tools with dust extraction; HEPA vacuums instead of dry sweeping.",
                "Fit-tested respirators where dust cannot be controlled at the source.",
            ),
            ("Dust controlled at the source (water or extraction)",),
            "Respirator fit test",
        ),
        _H(
            "noise",
            "Noise",
            "power tools, compressors, machinery",
            ("Quieter equipment where possible; hearing protection where people must raise their voice.",),
            ("Hearing protection worn where required",),
        ),
        _H(
            "electrical",
            "Electricity and overhead power lines",
            "temporary power, extension cords, work near overhead lines",
            (
                "Ground-fault protection on temporary power; cords inspected and kept out of water and traffic.",
                "Safe limits of approach to overhead lines confirmed with the utility before work starts.",
            ),
            ("Cords and temporary power protected by GFCI", "Overhead lines identified and clearances kept"),
        ),
        _H(
            "lockout",
            "Machinery and stored energy",
            "servicing, cleaning or clearing jams in machines",
            (
                "Lockout with personal locks before anyone reaches into a machine; energy verified as zero.",
                "Guards in place on every moving part; guards never removed while the machine runs.",
            ),
            ("Guards in place", "Lockout devices and locks available"),
            "Lockout",
        ),
        _H(
            "vehicles",
            "Driving for work",
            "travel between sites, deliveries, company vehicles",
            (
                "Pre-trip inspections; loads secured; no hand-held phone use while driving.",
                "Trips planned so drivers are rested; a check-in for long or remote trips.",
            ),
            ("Vehicle inspection done and first aid kit on board",),
        ),
        _H(
            "chemicals",
            "Hazardous products (WHMIS)",
            "adhesives, primers, solvents, fuels, cleaners",
            (
                "A current safety data sheet for every hazardous product, where workers can reach it.",
                "Supplier and workplace labels on every container; gloves, eye protection or respirators as the "
                "safety data sheet says.",
            ),
            ("Safety data sheets available and current", "Containers labelled"),
            "WHMIS",
        ),
        _H(
            "ergonomics",
            "Computer work and posture",
            "desks, screens, long periods of sitting",
            (
                "Adjustable chairs and screens at eye level; a workstation check for each new employee.",
                "Short breaks from the screen; discomfort reported early and acted on.",
            ),
            ("Workstations adjusted to the person using them",),
        ),
        _H(
            "slips",
            "Slips, trips and falls on the same level",
            "floors, stairs, parking lots, winter ice, cords across walkways",
            (
                "Walkways kept clear; spills cleaned up at once; cords routed away from walkways.",
                "Entrances and parking areas cleared and sanded in winter.",
            ),
            ("Walkways and stairs clear and dry",),
        ),
        _H(
            "violence",
            "Workplace violence and harassment",
            "dealing with the public, clients or co-workers",
            (
                "A written violence and harassment prevention plan: how to report, how reports are investigated, "
                "and that no one is punished for reporting.",
                "Training for workers and supervisors on the plan; support for anyone affected.",
            ),
            ("Violence and harassment policy posted",),
            "Violence and harassment prevention",
        ),
        _H(
            "working-alone",
            "Working alone",
            "early or late shifts, remote sites, travel",
            (
                "A check-in schedule (call or app) for anyone working alone, with a plan if a check-in is missed.",
                "A working-alone hazard assessment for each such job.",
            ),
            ("Check-in system in use for lone workers",),
        ),
        _H(
            "fire",
            "Fire and evacuation",
            "offices, shops, plants",
            ("Extinguishers inspected monthly and serviced yearly; exits clear; evacuation drills held.",),
            ("Extinguishers charged and inspected", "Exits clear and signs lit"),
        ),
        _H(
            "forklifts",
            "Forklifts and mobile equipment",
            "warehouses, yards, loading docks",
            (
                "Only trained and authorized operators; daily pre-use checks.",
                "Pedestrian walkways marked and separated from forklift traffic.",
            ),
            ("Forklift pre-use check done", "Pedestrian walkways marked"),
            "Forklift operator",
        ),
        _H(
            "confined-space",
            "Confined spaces",
            "tanks, vaults, pits, bins and manholes",
            (
                "An inventory of confined spaces; entry only with a permit, atmospheric testing and a trained "
                "attendant; a rescue plan before entry.",
            ),
            ("Confined spaces identified and signed",),
            "Confined space entry",
        ),
        _H(
            "h2s",
            "Hydrogen sulphide and toxic gas",
            "sour gas wells, tanks, sewers",
            ("Personal gas monitors, bump-tested daily; breathing air where levels require it.",),
            ("Gas monitors bump-tested",),
            "H2S Alive",
        ),
        _H(
            "trenching",
            "Trenches and excavations",
            "digging, utility work",
            (
                "Underground utilities located before digging; trenches deeper than 1.5 m shored, sloped or "
                "protected by a trench box; spoil piles kept back from the edge.",
            ),
            ("Locates on site", "Trench protection in place"),
            "Ground disturbance",
        ),
        _H(
            "traffic",
            "Traffic on road work sites",
            "work on or beside roads",
            ("A traffic accommodation plan; trained flaggers; signs and cones set before work starts.",),
            ("Traffic control set up as planned",),
            "Traffic control / flagging",
        ),
        _H(
            "cuts-burns",
            "Cuts, burns and hot oil",
            "kitchens, knives, fryers, slicers",
            (
                "Knife training and cut-resistant gloves for slicers; fryers with splash guards; oil cooled before "
                "it is changed.",
            ),
            ("Knives stored safely, slicer guards in place",),
        ),
        _H(
            "patient-handling",
            "Lifting and moving residents or patients",
            "transfers, repositioning, bathing",
            (
                "Mechanical lifts and transfer aids; a care plan stating how each person is moved; two staff "
                "where needed.",
            ),
            ("Lifts inspected and slings in good condition",),
            "Safe patient handling",
        ),
        _H(
            "infection",
            "Infection and biological hazards",
            "care work, cleaning, sharps",
            ("Hand hygiene, gloves and masks as the task requires; sharps containers; vaccination offered.",),
            ("Sharps containers available and not overfilled",),
        ),
        _H(
            "machinery-animals",
            "Farm machinery and livestock",
            "tractors, augers, PTO shafts, handling animals",
            (
                "PTO and auger guards in place; rollover protection and seat belts; two people for handling "
                "large animals.",
            ),
            ("PTO shields and auger guards in place",),
        ),
        _H(
            "chainsaws",
            "Chainsaws and falling trees",
            "felling, bucking, brushing",
            ("Certified fallers; chaps, helmet with face screen and hearing protection; two tree lengths clearance.",),
            ("Chainsaw chain brake works",),
            "Chainsaw / faller certification",
        ),
    )
}
"""Hazards the manual can cover; the text is ours and practical."""

INDUSTRY_HAZARDS: dict[str, tuple[str, ...]] = {
    "construction": (
        "falls",
        "ladders",
        "struck-by",
        "power-tools",
        "manual-handling",
        "silica-dust",
        "noise",
        "electrical",
        "weather",
        "chemicals",
        "vehicles",
        "violence",
    ),
    "heavy-construction": (
        "trenching",
        "traffic",
        "struck-by",
        "noise",
        "silica-dust",
        "vehicles",
        "weather",
        "falls",
        "violence",
    ),
    "oil-and-gas": (
        "h2s",
        "confined-space",
        "vehicles",
        "struck-by",
        "chemicals",
        "fire",
        "weather",
        "working-alone",
        "violence",
    ),
    "manufacturing": (
        "lockout",
        "forklifts",
        "noise",
        "chemicals",
        "manual-handling",
        "power-tools",
        "fire",
        "slips",
        "violence",
    ),
    "food-processing": (
        "lockout",
        "cuts-burns",
        "slips",
        "chemicals",
        "manual-handling",
        "noise",
        "forklifts",
        "violence",
    ),
    "forestry": ("chainsaws", "vehicles", "struck-by", "weather", "working-alone", "noise"),
    "trucking": ("vehicles", "manual-handling", "falls", "slips", "weather", "working-alone", "violence"),
    "motor-vehicle": (
        "lockout",
        "chemicals",
        "power-tools",
        "fire",
        "manual-handling",
        "slips",
        "vehicles",
        "violence",
    ),
    "municipal": (
        "traffic",
        "confined-space",
        "vehicles",
        "working-alone",
        "violence",
        "manual-handling",
        "weather",
        "chemicals",
    ),
    "public-sector": ("ergonomics", "slips", "violence", "working-alone", "vehicles", "fire"),
    "hospitality": ("cuts-burns", "slips", "manual-handling", "violence", "chemicals", "fire", "working-alone"),
    "tourism": ("vehicles", "weather", "slips", "violence", "working-alone", "manual-handling"),
    "continuing-care": ("patient-handling", "infection", "violence", "slips", "chemicals", "working-alone"),
    "healthcare": ("patient-handling", "infection", "violence", "slips", "chemicals", "working-alone"),
    "agriculture": ("machinery-animals", "vehicles", "chemicals", "weather", "manual-handling", "confined-space"),
    "sales-and-service": ("manual-handling", "slips", "violence", "working-alone", "ergonomics", "fire"),
    "maritime": ("struck-by", "vehicles", "falls", "weather", "noise", "chemicals", "violence"),
    "general": ("ergonomics", "slips", "violence", "working-alone", "vehicles", "fire"),
}
"""Hazards by industry (the catalog's industry vocabulary), most important first."""

_FIELD_PPE = "Hard hat, CSA-approved safety boots, safety glasses, high-visibility vest or clothing"
_SHOP_PPE = "CSA-approved safety boots and safety glasses; more where the hazard assessment says"
_CARE_PPE = "Gloves, and masks or eye protection as infection control and the care plan require"
_SERVICE_PPE = "Non-slip shoes; gloves and eye protection when using cleaning products"
BASE_PPE: dict[str, str] = {
    **dict.fromkeys(("construction", "heavy-construction", "oil-and-gas", "forestry", "maritime"), _FIELD_PPE),
    **dict.fromkeys(
        ("manufacturing", "food-processing", "motor-vehicle", "agriculture", "trucking", "municipal"), _SHOP_PPE
    ),
    **dict.fromkeys(("continuing-care", "healthcare"), _CARE_PPE),
    **dict.fromkeys(("hospitality", "tourism", "sales-and-service", "public-sector", "general"), _SERVICE_PPE),
}
"""The protective equipment everyone wears at work, by industry."""

OFFICE_HAZARDS = ("ergonomics", "slips", "violence", "working-alone", "vehicles", "fire")

TRADE_HAZARDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("roof", "shingl", "membrane"), ("falls", "ladders", "hot-work", "weather", "manual-handling")),
    (("electric",), ("electrical", "lockout", "ladders")),
    (("weld", "fabricat"), ("hot-work", "chemicals", "noise")),
    (("excavat", "pipeline", "utility"), ("trenching", "struck-by")),
    (("paint", "coating"), ("chemicals", "ladders", "falls")),
    (("plumb", "gas fit", "hvac", "mechanical"), ("hot-work", "confined-space", "ladders")),
    (("frame", "framing", "carpent", "drywall", "siding"), ("falls", "power-tools", "ladders")),
)
"""Words in the profile's ``trade`` that bring hazards to the front."""

_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("committee", ("committee", "representative", "hsc", "jhsc", "participation")),
    (
        "contractors",
        ("contractor", "contracting", "visitor", "public", "other employer", "contracted", "work-site parties",
         "work site parties", "workplace parties", "procurement"),
    ),
    ("hazard-assessment", ("hazard assessment", "hazard identification", "hazard-assessment", "assessments",
                           "identification")),
    ("emergency", ("emergency", "first aid")),
    ("investigation", ("investigation",)),
    ("inspections", ("inspection",)),
    ("ppe", ("ppe", "protective equipment")),
    ("maintenance", ("maintenance",)),
    ("rules", ("rules", "discipline")),
    ("procedures", ("job procedure", "procedures")),
    ("practices", ("practice",)),
    ("hazard-control", ("control", "violence")),
    ("training", ("training", "orientation", "communication", "qualification")),
    ("leadership", ("commitment",)),
    ("administration", ("administration", "records", "statistics", "review", "evaluation")),
    ("legislation", ("legislation",)),
    ("leadership", ("policy", "leadership", "management", "owner")),
)  # fmt: skip
"""Element title words → the built-in topic template (``topics/<topic>.md.j2``) that describes what we do."""

EVIDENCE_LABELS: dict[EvidenceKind, str] = {
    EvidenceKind.POLICY: "signed policy",
    EvidenceKind.PROCEDURE: "written procedure",
    EvidenceKind.PLAN: "written plan",
    EvidenceKind.RESPONSIBILITIES: "statement of responsibilities",
    EvidenceKind.HAZARD_ASSESSMENT: "formal hazard assessments",
    EvidenceKind.FIELD_HAZARD_ASSESSMENT: "field-level hazard assessments",
    EvidenceKind.INSPECTION: "inspection reports",
    EvidenceKind.MAINTENANCE_RECORD: "maintenance records",
    EvidenceKind.TRAINING_RECORD: "training records",
    EvidenceKind.ORIENTATION_RECORD: "orientation checklists",
    EvidenceKind.CERTIFICATE: "certificates and tickets",
    EvidenceKind.MEETING_MINUTES: "meeting minutes",
    EvidenceKind.DRILL_RECORD: "emergency drill records",
    EvidenceKind.INVESTIGATION: "investigation reports",
    EvidenceKind.CORRECTIVE_ACTION: "corrective action log",
    EvidenceKind.STATISTICS: "injury and incident statistics",
    EvidenceKind.CONTRACTOR_RECORD: "contractor records",
    EvidenceKind.COMMUNICATION: "records of communication (postings, sign-in sheets)",
    EvidenceKind.FORM: "completed forms",
    EvidenceKind.REVIEW_RECORD: "review records",
    EvidenceKind.LEGISLATION: "copy of, or access to, the legislation",
    EvidenceKind.OTHER: "other records",
}

EVIDENCE_PRACTICE: dict[EvidenceKind, str] = {
    EvidenceKind.POLICY: "Our signed policy is the 'Health and safety policy' section of this manual.",
    EvidenceKind.RESPONSIBILITIES: "Responsibilities are written in the 'Roles and responsibilities' section.",
    EvidenceKind.HAZARD_ASSESSMENT: "Each position has a formal hazard assessment on Form {hazard-assessment}, "
    "reviewed every year and when the work changes.",
    EvidenceKind.FIELD_HAZARD_ASSESSMENT: "Crews complete a field-level hazard assessment (Form "
    "{field-hazard-assessment}) before work starts at each site.",
    EvidenceKind.INSPECTION: "Inspections follow the schedule in this manual and are recorded on Form {inspection}.",
    EvidenceKind.INVESTIGATION: "Every incident and near miss is investigated and recorded on Form {investigation}.",
    EvidenceKind.CORRECTIVE_ACTION: "Corrective actions are tracked in the corrective action log until done.",
    EvidenceKind.TRAINING_RECORD: "Training is recorded on Form {training-record} with a copy of each certificate.",
    EvidenceKind.CERTIFICATE: "Copies of tickets and certificates are kept with the training records.",
    EvidenceKind.ORIENTATION_RECORD: "Every new worker is oriented with Form {orientation} before starting work.",
    EvidenceKind.MEETING_MINUTES: "Meetings are recorded on Form {meeting-minutes} and the minutes are posted.",
    EvidenceKind.DRILL_RECORD: "Emergency drills are recorded on the drill record of Form {emergency-plan}.",
    EvidenceKind.CONTRACTOR_RECORD: "Contractors are pre-qualified with Form {contractor} and monitored on site.",
    EvidenceKind.LEGISLATION: "The laws we follow, and where they are kept, are listed in the 'Legislation' section.",
    EvidenceKind.MAINTENANCE_RECORD: "Maintenance and repairs are recorded in the equipment register.",
    EvidenceKind.STATISTICS: "Injury and incident statistics are kept monthly and reviewed by management.",
    EvidenceKind.REVIEW_RECORD: "Each review is recorded, dated and signed.",
}
"""What the company does to produce each kind of record; ``{form-id}`` becomes the form's letter."""

RECURRENCE_LABELS: dict[Recurrence, str] = {
    Recurrence.ONCE: "kept current",
    Recurrence.PER_EVENT: "each time it happens",
    Recurrence.WEEKLY: "every week",
    Recurrence.MONTHLY: "every month",
    Recurrence.QUARTERLY: "every three months",
    Recurrence.SEMIANNUAL: "every six months",
    Recurrence.ANNUAL: "every year",
}

VERIFICATION_LABELS: dict[Verification, str] = {
    Verification.DOCUMENTATION: "the auditor reviews our records",
    Verification.INTERVIEW: "the auditor asks workers and supervisors",
    Verification.OBSERVATION: "the auditor looks at the work site",
}

FORMS: tuple[tuple[str, str], ...] = (
    ("hazard-assessment", "Formal hazard assessment (per position)"),
    ("field-hazard-assessment", "Field-level hazard assessment"),
    ("inspection", "Workplace inspection checklist"),
    ("investigation", "Incident investigation report"),
    ("emergency-plan", "Emergency response plan"),
    ("training-record", "Training record"),
    ("orientation", "Orientation checklist"),
    ("meeting-minutes", "Health and safety meeting minutes"),
    ("contractor", "Contractor pre-qualification"),
)
"""Appendix forms: id (``forms/<id>.md.j2``, section ``form-<id>``) and title."""


@dataclass(frozen=True)
class Section:
    """One section of the manual: id (for ``--section``), title and template."""

    id: str
    title: str
    template: str
    kind: str
    element: str | None = None
    letter: str = ""
    folder: str = ""


@dataclass(frozen=True)
class Placeholder:
    """A value the company must still fill in, and where it is."""

    section: str
    section_title: str
    line: int
    label: str


@dataclass(frozen=True)
class RenderedManual:
    """The manual in one format, and the placeholders left in it."""

    format: str
    text: str
    data: bytes | None
    markdown: str
    sections: tuple[Section, ...]
    placeholders: tuple[Placeholder, ...]

    def placeholder_summary(self, limit: int = 0) -> list[str]:
        """Return human lines: the count, then 'section (title), line N: label' (all, or the first ``limit``)."""
        count = len(self.placeholders)
        if count == 0:
            return ["No placeholders left: every [TO COMPLETE: ...] value is filled in."]
        noun = "placeholder" if count == 1 else "placeholders"
        lines = [f"{count} {noun} to complete (lines refer to the Markdown version):"]
        shown = self.placeholders if limit <= 0 else self.placeholders[:limit]
        lines += [f"  {p.section} ({p.section_title}), line {p.line}: {p.label}" for p in shown]
        if len(shown) < count:
            lines.append(f"  ... and {count - len(shown)} more (see the Markdown version).")
        lines.append(
            "Names, contacts, address, roles and sites come from corcli.yaml: fill them in there and render again; "
            "complete the rest in the manual itself."
        )
        return lines


def element_topic(element: AuditElement) -> str:
    """Return the topic template an element's practice text comes from, by the words in its title."""
    words = f"{element.title} {element.folder.replace('-', ' ')}".lower()
    for topic, keys in _TOPICS:
        if any(key in words for key in keys):
            return topic
    return "general"


def hazards_for(profile: CompanyProfile) -> list[Hazard]:
    """Return the hazards to cover: trade first, then industry; an office-only company gets office hazards."""
    company = profile.company
    trade = company.trade.lower()
    offices_only = bool(profile.sites) and all(site.kind == "office" for site in profile.sites)
    if offices_only or any(word in trade for word in ("office", "admin", "account", "consult", "bookkeep")):
        keys: list[str] = list(OFFICE_HAZARDS)
    else:
        keys = []
        for words, hazards in TRADE_HAZARDS:
            if any(word in trade for word in words):
                keys += hazards
        keys += INDUSTRY_HAZARDS.get(company.industry, INDUSTRY_HAZARDS["general"])
    if "violence" not in keys:
        keys.append("violence")
    return [HAZARDS[key] for key in dict.fromkeys(keys)]


_OFFICE_ROLE_WORDS = ("office", "admin", "clerk", "bookkeep", "account", "reception", "estimator", "payroll")


def is_office_role(name: str) -> bool:
    """Whether a role's name says it is office work (its hazard assessment gets office hazards)."""
    lowered = name.lower()
    return any(word in lowered for word in _OFFICE_ROLE_WORDS)


def manual_sections(standard: AuditStandard) -> list[Section]:
    """Return every section in order: front matter, policy, roles, law, one per element, then the forms."""
    sections = [
        Section("front", "Title page, approval and contents", "front.md.j2", "front"),
        Section("policy", "Health and safety policy", "policy.md.j2", "policy"),
        Section("roles", "Roles and responsibilities", "roles.md.j2", "roles"),
        Section("legislation", "Legislation", "legislation.md.j2", "legislation"),
    ]
    sections += [
        Section(
            f"element-{e.id}", f"Element {e.id}: {e.title}", "element.md.j2", "element", element=e.id, folder=e.folder
        )
        for e in standard.elements
    ]
    for number, (form_id, title) in enumerate(FORMS):
        letter = chr(ord("A") + number)
        sections.append(
            Section(f"form-{form_id}", f"Form {letter}: {title}", f"forms/{form_id}.md.j2", "form", letter=letter)
        )
    return sections


def select_sections(sections: Sequence[Section], wanted: Sequence[str]) -> list[Section]:
    """Return the sections named in ``wanted``: section ids, element ids or folders, form ids, 'elements', 'forms'."""
    if not wanted:
        return list(sections)
    chosen: list[str] = []
    ids = [s.id for s in sections]
    folders = {s.folder: s.id for s in sections if s.folder}
    for raw in wanted:
        name = raw.strip()
        if name in ("elements", "forms"):
            chosen += [s.id for s in sections if s.kind == name[:-1]]
        elif name in ids:
            chosen.append(name)
        elif f"element-{name}" in ids:
            chosen.append(f"element-{name}")
        elif f"form-{name}" in ids:
            chosen.append(f"form-{name}")
        elif name in folders:
            chosen.append(folders[name])
        else:
            raise UnknownIdError(
                "manual section",
                name,
                difflib.get_close_matches(name, ids, n=3),
                "Sections: " + ", ".join(ids) + " (or 'elements', 'forms').",
            )
    keep = set(chosen)
    return [s for s in sections if s.id in keep]


def _fill_letters(text: str, letters: dict[str, str]) -> str:
    for form_id, letter in letters.items():
        text = text.replace("{" + form_id + "}", letter)
    return text


def _contact(contact: Any) -> dict[str, str]:
    if contact is None:
        return {"name": "", "title": "", "phone": "", "email": ""}
    data: dict[str, str] = contact.model_dump(mode="json")
    return data


_PARTICIPATION_NAMES = {
    "committee": "joint health and safety committee",
    "representative": "health and safety representative",
    "meetings": "safety meeting with every worker",
    "unknown": "health and safety committee or representative",
}
"""What the manual calls each way of involving workers."""


def _law_to_check(jurisdiction: Jurisdiction) -> str:
    """Name the statute a reader should check, e.g. 'the Occupational Health and Safety Act'."""
    if not jurisdiction.legislation:
        return f"{jurisdiction.name}'s occupational health and safety law"
    title = jurisdiction.legislation[0].title
    return title if title.startswith("The ") else f"the {title}"


def _committee_law(jurisdiction: Jurisdiction, rule: CommitteeRule) -> str:
    """The jurisdiction's committee and representative rule, in one or two plain sentences."""
    committee_from = rule.committee_from
    rep = rule.representative_from
    condition = f" {rule.representative_condition}" if rule.representative_condition else ""
    if rep is None:
        rep_part = "; below that, no representative is required"
    elif not isinstance(rep, int):
        rep_part = "; whether a smaller workplace needs a health and safety representative was not confirmed"
    elif rep <= 1:
        rep_part = f", and a health and safety representative with fewer than {committee_from}{condition}"
    else:
        rep_part = f", and a health and safety representative with {rep} to {committee_from - 1}{condition}"
    text = (
        f"{jurisdiction.name}'s OHS law asks for a joint health and safety committee with {committee_from} or more "
        f"workers{rep_part}. Counted: {rule.counted.rstrip('.')}."
    )
    if rule.designate_below is not None:
        text += (
            f" With fewer than {rule.designate_below} workers, a designate may take the representative's place "
            "where a representative is impractical."
        )
    if rule.also:
        text += f" {rule.also.strip()}"
    return text


def _committee(program: Program, jurisdiction: Jurisdiction, employees: int) -> dict[str, Any]:
    """What worker participation looks like at this size, from the jurisdiction's committee rule.

    ``kind`` is what the manual sets up: ``committee``, ``representative``, ``meetings`` (the law asks for
    neither) or ``unknown`` (no confirmed rule at this size: the manual asks the reader to check the law).
    """
    rule = jurisdiction.committee if isinstance(jurisdiction.committee, CommitteeRule) else None
    law = _law_to_check(jurisdiction)
    required = rule.requirement(employees) if rule else "unknown"
    kind = {"committee": "committee", "representative": "representative", "none": "meetings"}.get(required, "unknown")
    if rule is None:
        note = (
            f"corcli has no confirmed numbers for when {jurisdiction.name}'s OHS law asks for a joint health and "
            f"safety committee or a health and safety representative: check {law} and its regulations for the "
            f"number of workers that calls for each, and set up what it asks for with {employees} workers."
        )
    else:
        note = _committee_law(jurisdiction, rule)
        if required == "unknown":
            note += f" Check {law} and its regulations for what applies with {employees} workers."
        elif required == "representative" and rule.representative_condition:
            note += (
                f" With {employees} workers, we need a representative only {rule.representative_condition}; "
                "we have one either way."
            )
    rep = rule.representative_from if rule else "unknown"
    return {
        "kind": kind,
        "name": _PARTICIPATION_NAMES[kind],
        "required": required,
        "law_known": required != "unknown",
        "rule_known": rule is not None,
        "committee_from": rule.committee_from if rule else None,
        "representative_from": rep if isinstance(rep, int) else None,
        "representative_condition": rule.representative_condition if rule else "",
        "designate_below": rule.designate_below if rule else None,
        "counted": rule.counted if rule else "",
        "also": rule.also if rule else "",
        "law": law,
        "options": (
            "a health and safety representative or neither"
            if rule is not None
            else "a joint health and safety committee, a health and safety representative or neither"
        ),
        "note": note,
        "cor": program == Program.COR,
    }


def build_context(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner,
    standard: AuditStandard,
    program: Program,
    today: date,
    sections: Sequence[Section],
    version: str = "",
) -> dict[str, Any]:
    """Return the plain data every manual template sees (no live objects)."""
    company = profile.company
    not_applicable = {n.requirement: n.reason for n in profile.not_applicable}
    partner_program = partner.program(program, jurisdiction.code)
    letters = {form_id: chr(ord("A") + number) for number, (form_id, _) in enumerate(FORMS)}
    elements = []
    for element in standard.elements:
        requirements = []
        for req in element.requirements:
            requirements.append(
                {
                    "id": req.id,
                    "text": req.text,
                    "verification": req.verification.value,
                    "verification_label": VERIFICATION_LABELS[req.verification],
                    "evidence": [EVIDENCE_LABELS[k] for k in req.evidence_kinds],
                    "practice": list(
                        dict.fromkeys(
                            _fill_letters(EVIDENCE_PRACTICE[k], letters)
                            for k in req.evidence_kinds
                            if k in EVIDENCE_PRACTICE
                        )
                    ),
                    "recurrence": req.recurrence.value,
                    "recurrence_label": RECURRENCE_LABELS[req.recurrence],
                    "review_months": req.review_months,
                    "guidance": req.guidance.strip(),
                    "not_applicable": not_applicable.get(req.id, ""),
                }
            )
        elements.append(
            {
                "id": element.id,
                "title": element.title,
                "summary": element.summary.strip(),
                "folder": element.folder,
                "topic": element_topic(element),
                "section_id": f"element-{element.id}",
                "scored": element.counts_toward_score,
                "requirements": requirements,
            }
        )
    hazards = hazards_for(profile)
    senior = _contact(profile.senior_manager)
    coordinator = _contact(profile.safety_coordinator)
    same_person = bool(senior["name"]) and senior["name"] == coordinator["name"]
    roles = [{**r.model_dump(mode="json"), "office": is_office_role(r.name)} for r in profile.roles]
    training = sorted({h.training for h in hazards if h.training})
    return {
        "corcli_version": version,
        "today": today.isoformat(),
        "program": program.value,
        "secor": program == Program.SECOR,
        "certificate_name": jurisdiction.small_employer.certificate_name if program == Program.SECOR else "COR",
        "company": {
            **company.model_dump(mode="json"),
            "industry_label": INDUSTRIES.get(company.industry, company.industry),
            "office_only": bool(profile.sites) and all(s.kind == "office" for s in profile.sites),
        },
        "senior_manager": senior,
        "safety_coordinator": coordinator,
        "same_person": same_person,
        "roles": roles,
        "levels": sorted({r["level"] for r in roles}),
        "sites": [s.model_dump(mode="json") for s in profile.sites],
        "partner": {
            "id": partner.id,
            "name": partner.name,
            "abbreviation": partner.abbreviation,
            "website": partner.website,
            "standard_note": partner_program.standard_note if partner_program else "",
        },
        "jurisdiction": {
            "code": jurisdiction.code,
            "name": jurisdiction.name,
            "program_name": jurisdiction.program_name,
            "administrator": jurisdiction.administrator,
            "legislation": [item.model_dump(mode="json") for item in jurisdiction.legislation],
            "review_years": 3 if jurisdiction.code == "AB" else None,
        },
        "committee": _committee(program, jurisdiction, company.employees),
        "standard": {
            "id": standard.id,
            "title": standard.title,
            "publisher": standard.publisher,
            "edition": standard.edition,
            "structure_confidence": standard.structure_confidence.value,
        },
        "elements": elements,
        "hazards": [
            {
                "key": h.key,
                "name": h.name,
                "summary": h.controls[0].split(";")[0].rstrip("."),
                "where": h.where,
                "controls": list(h.controls),
                "checks": list(h.checks),
                "training": h.training,
            }
            for h in hazards
        ],
        "hazard_keys": [h.key for h in hazards],
        "base_ppe": BASE_PPE.get(company.industry, _SERVICE_PPE),
        "training_courses": training,
        "sections": [
            {"id": s.id, "title": s.title, "kind": s.kind, "letter": s.letter, "element": s.element} for s in sections
        ],
        "forms": {
            s.id.removeprefix("form-"): {"letter": s.letter, "title": s.title} for s in sections if s.kind == "form"
        },
    }


def render_markdown(templates: Templates, context: dict[str, Any], sections: Sequence[Section]) -> str:
    """Render each section's template and join them, each behind a ``<!-- section:ID -->`` marker."""
    elements = {e["id"]: e for e in context["elements"]}
    parts = []
    for section in sections:
        local = {**context, "section": {"id": section.id, "title": section.title, "letter": section.letter}}
        if section.element is not None:
            local["element"] = elements[section.element]
        body = templates.render(section.template, local).strip("\n")
        parts.append(f"<!-- section:{section.id} -->\n\n{body}\n")
    return "\n".join(parts)


def render_manual(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner,
    standard: AuditStandard,
    program: Program,
    *,
    today: date,
    fmt: str = "markdown",
    wanted: Sequence[str] = (),
    template_dir: Path | None = None,
    version: str = "",
) -> RenderedManual:
    """Render the manual in ``fmt`` (markdown, html or docx) and find the placeholders left in it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown manual format {fmt!r}")
    every = manual_sections(standard)
    chosen = select_sections(every, wanted)
    templates = load_templates("manuals", template_dir)
    context = build_context(profile, jurisdiction, partner, standard, program, today, every, version)
    markdown = render_markdown(templates, context, chosen)
    titles = {s.id: s.title for s in every}
    placeholders = tuple(
        Placeholder(section, titles.get(section, section), line, label)
        for section, line, label in find_placeholders(markdown)
    )
    title = f"{profile.company.name}: Health and Safety Manual"
    text = markdown
    data: bytes | None = None
    if fmt == "html":
        body = markdown_to_html(markdown)
        from markupsafe import Markup

        text = templates.render("manual.html.j2", {**context, "title": title, "body": Markup(body)})
    elif fmt == "docx":
        data = markdown_to_docx(markdown, title=title, author=profile.company.name)
        text = ""
    return RenderedManual(fmt, text, data, markdown, tuple(chosen), placeholders)
