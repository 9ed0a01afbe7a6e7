"""The draft health and safety manual: its sections, the data its templates see, and its placeholders.

Computing lives here (what goes in the manual); ``rendering`` turns it into Markdown, HTML or DOCX.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from corcli.errors import UnknownIdError
from corcli.models import (
    INDUSTRIES,
    AuditElement,
    AuditStandard,
    CertifyingPartner,
    CompanyProfile,
    EvidenceKind,
    Jurisdiction,
    Program,
    Recurrence,
    Verification,
)
from corcli.render.docx import markdown_to_docx
from corcli.render.engine import MARKER_RE, Templates, find_placeholders, load_templates, markdown_to_html
from corcli.render.manual_law import VIOLENCE_TOPIC, committee_context, first_aid_context, law_context, plan_title
from corcli.render.manual_library import (
    ManualLibrary,
    hazard_context,
    hazards_for,
    is_office_only,
    is_office_role,
    plans_for,
    ppe_for,
    procedures_for,
    trades_for,
)
from corcli.rules.schedules import frequency

FORMATS = ("markdown", "html", "docx")
"""Output formats ``render_manual`` accepts."""


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
    EvidenceKind.POLICY: "The policy is written, signed and dated by senior management, posted, and reviewed "
    "every year.",
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
    plan: str = ""


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
    generated: dict[str, str] = field(default_factory=dict)

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


def manual_sections(
    standard: AuditStandard, law: dict[str, Any] | None = None, plans: Sequence[str] = ()
) -> list[Section]:
    """Return every section in order: front matter, policy, roles, hazards, law, violence and harassment,
    one per element, then the forms and the written plans the company's work needs."""
    violence = (law or {}).get("topic", {}).get(VIOLENCE_TOPIC)
    sections = [
        Section("front", "Title page, approval and contents", "front.md.j2", "front"),
        Section("policy", "Health and safety policy", "policy.md.j2", "policy"),
        Section("roles", "Roles and responsibilities", "roles.md.j2", "roles"),
        Section("hazards", "Hazards and controls", "hazards.md.j2", "hazards"),
        Section("legislation", "Legislation", "legislation.md.j2", "legislation"),
        Section(
            VIOLENCE_TOPIC,
            violence["title"] if violence else "Violence and harassment prevention",
            "violence-harassment.md.j2",
            "policy",
        ),
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
    known = (law or {}).get("plans", {})
    for number, plan_id in enumerate(plans, start=len(FORMS)):
        letter = chr(ord("A") + number)
        title = known[plan_id]["title"] if plan_id in known else plan_title(plan_id)
        sections.append(
            Section(
                f"plan-{plan_id}", f"Form {letter}: {title}", "forms/plan.md.j2", "form", letter=letter, plan=plan_id
            )
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


def build_context(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner | None,
    standard: AuditStandard,
    program: Program | None,
    today: date,
    sections: Sequence[Section],
    version: str = "",
    library: ManualLibrary | None = None,
) -> dict[str, Any]:
    """Return the plain data every manual template sees (no live objects).

    Without a partner or program (a jurisdiction with no COR program) the manual is the company's legal program:
    ``legal_program`` is true and the partner's fields are empty.
    """
    library = library or ManualLibrary.builtin()
    law = law_context(library.laws.get(jurisdiction.code))
    company = profile.company
    not_applicable = {n.requirement: n.reason for n in profile.not_applicable}
    partner_program = partner.program(program, jurisdiction.code) if partner and program else None
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
                    # The company's own schedule where it has one, as check scores it (rules.schedules).
                    "recurrence": frequency(req, profile.schedules).every.value,
                    "recurrence_label": RECURRENCE_LABELS[frequency(req, profile.schedules).every],
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
    hazards = hazards_for(profile, library)
    trade_ids = {t.id for t in trades_for(profile, library)}
    hazard_data = [hazard_context(h, trade_ids, company.industry) for h in hazards]
    senior = _contact(profile.senior_manager)
    coordinator = _contact(profile.safety_coordinator)
    same_person = bool(senior["name"]) and senior["name"] == coordinator["name"]
    roles = [{**r.model_dump(mode="json"), "office": is_office_role(r.name)} for r in profile.roles]
    training = sorted({course for h in hazards for course in h.training})
    return {
        "corcli_version": version,
        "today": today.isoformat(),
        "program": program.value if program else "",
        "legal_program": partner is None or program is None,
        "secor": program == Program.SECOR,
        "certificate_name": (
            jurisdiction.small_employer.certificate_name if program == Program.SECOR else "COR" if program else ""
        ),
        "company": {
            **company.model_dump(mode="json"),
            "industry_label": INDUSTRIES.get(company.industry, company.industry),
            "office_only": is_office_only(profile, library),
        },
        "senior_manager": senior,
        "safety_coordinator": coordinator,
        "same_person": same_person,
        "roles": roles,
        "levels": sorted({r["level"] for r in roles}),
        "sites": [s.model_dump(mode="json") for s in profile.sites if s.active],
        "fixed_sites": [s.model_dump(mode="json") for s in profile.sites if s.active and s.kind != "field"],
        "mobile_work": any(s.kind == "field" for s in profile.sites)
        or bool(profile.activity and profile.activity.jobs),
        "jobs": [
            j.model_dump(mode="json")
            for j in (profile.activity.jobs if profile.activity else [])
            if j.end is None or j.end >= today
        ],
        "schedules": [
            {
                "kind": s.kind.value,
                "what": EVIDENCE_LABELS[s.kind],
                "every": RECURRENCE_LABELS[s.every],
                "sites": list(s.sites),
                "note": s.note,
            }
            for s in profile.schedules
        ],
        "partner": {
            "id": partner.id if partner else "",
            "name": partner.name if partner else "",
            "abbreviation": partner.abbreviation if partner else "",
            "website": partner.website if partner else "",
            "standard_note": partner_program.standard_note if partner_program else "",
        },
        "jurisdiction": {
            "code": jurisdiction.code,
            "name": jurisdiction.name,
            "program_name": jurisdiction.program_name,
            "administrator": jurisdiction.administrator,
            "legislation": [item.model_dump(mode="json") for item in jurisdiction.legislation],
            "review_years": law["program_review_years"] if law else None,
        },
        "committee": committee_context(program, jurisdiction, company.employees, law),
        "first_aid": first_aid_context(library.laws.get(jurisdiction.code), profile.sites, company.industry),
        "law": law,
        "board": law["board"] if law else {"name": "", "short": "", "phone": "", "url": ""},
        "plan_forms": {
            s.plan: {
                "id": s.plan,
                "title": s.title.split(": ", 1)[1],
                "letter": s.letter,
                "rule": (law or {}).get("plans", {}).get(s.plan),
            }
            for s in sections
            if s.plan
        },
        "standard": {
            "id": standard.id,
            "title": standard.title,
            "publisher": standard.publisher,
            "edition": standard.edition,
            "structure_confidence": standard.structure_confidence.value,
        },
        "elements": elements,
        "hazards": hazard_data,
        "plans_needed": sorted({plan for h in hazard_data for plan in h["plans"]}),
        "procedures": procedures_for(profile, library, {h.id for h in hazards}),
        "hazard_keys": [h.id for h in hazards],
        "ppe": ppe_for(profile, library),
        "training_courses": training,
        "sections": [
            {"id": s.id, "title": s.title, "kind": s.kind, "letter": s.letter, "element": s.element} for s in sections
        ],
        "forms": {
            s.id.removeprefix("form-"): {"letter": s.letter, "title": s.title} for s in sections if s.kind == "form"
        },
    }


def render_markdown(
    templates: Templates,
    context: dict[str, Any],
    sections: Sequence[Section],
    overrides: Mapping[str, str] | None = None,
    generated: dict[str, str] | None = None,
) -> str:
    """Render each section's template and join them, each behind a ``<!-- section:ID -->`` marker.

    A section in ``overrides`` (the company's own words) takes the generated one's place; the generated
    text of every section is kept in ``generated`` so a copied section can be compared with it.
    """
    elements = {e["id"]: e for e in context["elements"]}
    parts = []
    for section in sections:
        local = {**context, "section": {"id": section.id, "title": section.title, "letter": section.letter}}
        if section.element is not None:
            local["element"] = elements[section.element]
        if section.plan:
            local["plan"] = context["plan_forms"][section.plan]
        body = templates.render(section.template, local).strip("\n")
        if generated is not None:
            generated[section.id] = body + "\n"
        if overrides and section.id in overrides:
            body = "\n".join(
                line for line in overrides[section.id].strip("\n").splitlines() if not MARKER_RE.match(line.strip())
            )
        parts.append(f"<!-- section:{section.id} -->\n\n{body}\n")
    return "\n".join(parts)


def render_manual(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner | None,
    standard: AuditStandard,
    program: Program | None,
    *,
    today: date,
    fmt: str = "markdown",
    wanted: Sequence[str] = (),
    template_dir: Path | None = None,
    version: str = "",
    library: ManualLibrary | None = None,
    overrides: Mapping[str, str] | None = None,
    prepared_by: str = "",
) -> RenderedManual:
    """Render the manual in ``fmt`` (markdown, html or docx) and find the placeholders left in it."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown manual format {fmt!r}")
    library = library or ManualLibrary.builtin()
    law = law_context(library.laws.get(jurisdiction.code))
    every = manual_sections(standard, law, plans_for(profile, library))
    chosen = select_sections(every, wanted)
    templates = load_templates("manuals", template_dir)
    context = build_context(profile, jurisdiction, partner, standard, program, today, every, version, library)
    context["prepared_by"] = prepared_by  # who prepared the draft (the user's settings), shown on the title page
    generated: dict[str, str] = {}
    markdown = render_markdown(templates, context, chosen, overrides, generated)
    titles = {s.id: s.title for s in every}
    placeholders = tuple(
        Placeholder(section, titles.get(section, section), line, label)
        for section, line, label in find_placeholders(markdown)
    )
    title = f"{profile.company.name}: Health and Safety Manual"
    revision = f"Revision 0, {today.isoformat()}"
    text = markdown
    data: bytes | None = None
    if fmt == "html":
        from corcli.render.documents import html_page

        generator = f"corcli {context['corcli_version']}" if context.get("corcli_version") else "corcli"
        text = html_page(
            markdown_to_html(markdown),
            title=title,
            kind="manual",
            template_dir=template_dir,
            running_header=title,
            running_revision=revision,
            generator=generator,
        )
    elif fmt == "docx":
        data = markdown_to_docx(markdown, title=title, author=profile.company.name, header=revision)
        text = ""
    return RenderedManual(fmt, text, data, markdown, tuple(chosen), placeholders, generated)
