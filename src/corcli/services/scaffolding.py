"""Create a workspace: the commented company profile and one evidence folder per audit element."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from corcli.errors import OverwriteError
from corcli.models import (
    AuditStandard,
    CertifyingPartner,
    CompanyProfile,
    EligibilityDecision,
    Jurisdiction,
    Verification,
)
from corcli.storage.files import contained, make_folder
from corcli.storage.workspace import EVIDENCE_DIR, PROFILE_NAME, STATE_DIR, write_atomic
from corcli.storage.yamlio import quote_scalar


@dataclass
class ScaffoldResult:
    """What ``create_workspace`` wrote and left alone."""

    profile: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def _scalar(value: object) -> str:
    """Render a scalar as YAML (JSON strings are valid YAML and always quoted safely)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return quote_scalar(str(value))


def _comment(text: str, indent: str = "") -> list[str]:
    """Wrap ``text`` as YAML comment lines."""
    return textwrap.wrap(text, width=96, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ")


EXAMPLE_MARK = "# Example (remove the leading '# ' from its lines, and the empty line below, to use it):"

CONTACT_EXAMPLE = """{key}:
  name: Dana Roy
  title: Operations manager
  phone: 403-555-0100
  email: dana@example.ca"""

SECTION_LABELS: dict[str, str] = {
    "roles": "Workers by role: used for interview sampling ('corcli plan') and the manual.",
    "sites": "Work sites and offices; 'corcli due' tracks inspections per site.",
    "people": "The staff list an auditor compares records with: start dates and tickets ('corcli due' warns 90, "
    "30 and 0 days before a ticket expires).",
    "schedules": "Your own written schedule of inspections, meetings, drills and reviews (kind: inspection, "
    "meeting_minutes, drill_record, review_record...; every: weekly, monthly, quarterly, semiannual, annual). "
    "'corcli due' and the calendar follow it.",
    "activity": "When and where you work, so per-day and per-job records can be counted against it.",
    "consultants": "Consultants who worked for you: some partners bar them from auditing you for a while "
    "(IHSA: one year either side).",
    "not_applicable": "Requirements that do not apply to you, each with the reason an auditor will ask for.",
}

SECTION_EXAMPLES: dict[str, str] = {
    "roles": """roles:
  - name: Roofer
    count: 6
    level: worker             # management, supervisor or worker
    shifts: [day]
  - name: Site supervisor
    count: 1
    level: supervisor""",
    "sites": """sites:
  - name: Head office
    address: 123 Main Street, Red Deer AB
    kind: office              # office, shop, field, plant or other
    workers: 3
  - name: Sylvan Lake subdivision
    kind: field
    active_from: 2026-05-01
    active_to: 2026-10-31
    workers_per_shift: 6      # most workers on one shift (sets the first aid needed)
    minutes_to_medical: 25    # travel time to the nearest hospital or health care facility""",
    "people": """people:
  - name: Dana Roy
    role: Roofer
    start: 2025-04-01
    training:
      - name: Fall protection
        completed: 2025-04-02
        expires: 2028-04-02""",
    "schedules": """schedules:
  - kind: inspection
    every: monthly
    sites: [Head office]
  - kind: meeting_minutes
    every: monthly
  - kind: drill_record
    every: annual""",
    "activity": """activity:
  work_days_per_week: 5
  jobs:
    - name: Job 2026-14
      site: Sylvan Lake subdivision
      start: 2026-05-01
      end: 2026-06-15""",
    "consultants": """consultants:
  - consultant: Pat Singh
    firm: Safe Co Consulting
    start: 2025-06-01
    end: 2026-06-30""",
    "not_applicable": """not_applicable:
  - requirement: "9.3"
    reason: We hire no contractors; all work is done by our own crew.
    expires: 2027-06-30""",
}
"""A commented example of every optional section, written into a new profile (each validates when uncommented)."""


def _commented(example: str) -> list[str]:
    return [f"# {line}" for line in example.splitlines()]


def _block(key: str, data: object) -> list[str]:
    """Render one top-level section as YAML lines."""
    from corcli.storage import yamlio

    return yamlio.dump_yaml({key: data}).rstrip("\n").splitlines()


def _certificate_lines(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner | None,
    decision: EligibilityDecision | None,
) -> list[str]:
    cert = profile.certification
    if partner is None or decision is None:
        return [
            f"  # {jurisdiction.name} has no COR program on file: no partner and no certificate. corcli tracks",
            "  # the legal program (what the OHS law asks) named below; set a partner if a program appears.",
            "  partner: null",
            f"  program: {_scalar(cert.program.value)}",
            "  # The legal program's id.",
            f"  standard: {_scalar(cert.standard)}",
        ]
    return [
        f"  # {partner.name}.",
        f"  partner: {_scalar(cert.partner)}",
        f"  # auto lets corcli decide; it decided {decision.program}. Set COR or SECOR to choose.",
        f"  program: {_scalar(cert.program.value)}",
        "  # Audit standard id; null uses the partner's standard for the program.",
        f"  standard: {_scalar(cert.standard)}",
    ]


def render_profile(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner | None,
    decision: EligibilityDecision | None,
) -> str:
    """Render the profile as readable, commented YAML (without a partner: a legal-program workspace)."""
    company = profile.company
    cert = profile.certification
    lines = [
        "# corcli company profile. Edit it by hand or re-run 'corcli init --force'.",
        "# Check it with 'corcli validate'. Dates are YYYY-MM-DD.",
        f"schema_version: {profile.schema_version}",
        "",
        "company:",
        f"  name: {_scalar(company.name)}",
    ]
    if company.legal_name:
        lines.append(f"  legal_name: {_scalar(company.legal_name)}")
    lines += [
        f"  # Province or territory of your WCB account: {jurisdiction.name}.",
        f"  province: {_scalar(company.province)}",
        "  # Industry (see 'corcli partners list' for the vocabulary).",
        f"  industry: {_scalar(company.industry)}",
    ]
    if company.trade:
        lines.append(f"  trade: {_scalar(company.trade)}")
    counted = jurisdiction.small_employer.counted
    lines += _comment("Peak number of workers in the last 12 months" + (f": {counted}." if counted else "."), "  ")
    lines.append(f"  employees: {company.employees}")
    for key, example in (
        ("wcb_account", "Workers' compensation board account number (auditors match it with your legal name)"),
        ("address", "Head office address"),
    ):
        value = getattr(company, key)
        lines.append(f"  # {example}.")
        lines.append(f"  {key}: {_scalar(value)}")
    lines += [
        "",
        "certification:",
        *_certificate_lines(profile, jurisdiction, partner, decision),
        "  # Date you started keeping health and safety records (audits look back 3 to 12 months).",
        f"  records_since: {_scalar(cert.records_since.isoformat() if cert.records_since else None)}",
        "  # Date of your current certificate, if you hold one (drives the 3-year calendar).",
        f"  certified_on: {_scalar(cert.certified_on.isoformat() if cert.certified_on else None)}",
        "  # Date of your next planned audit (the calendar and 'corcli due' count from it).",
        f"  planned_audit: {_scalar(cert.planned_audit.isoformat() if cert.planned_audit else None)}",
        "  # Who will do that audit (checked against consultants: below); empty if not chosen yet.",
        f"  auditor: {_scalar(cert.auditor)}",
    ]
    if cert.folders:
        lines += [
            "  # Evidence folder each element uses where it is not the standard's own (kept from an earlier",
            "  # standard so the records in them keep counting; rename a folder and its line together).",
            *[f"  {line}" for line in _block("folders", dict(cert.folders))],
        ]
    for key, label in (
        ("senior_manager", "Senior manager who signs the policy"),
        ("safety_coordinator", "Person who runs the safety program"),
    ):
        lines += ["", f"# {label}."]
        contact = getattr(profile, key)
        if contact is None:
            lines += [EXAMPLE_MARK, *_commented(CONTACT_EXAMPLE.format(key=key)), f"{key}: null"]
        else:
            lines += _block(key, contact.model_dump(mode="json", exclude_defaults=True))
    for key, label in SECTION_LABELS.items():
        lines += ["", *_comment(label)]
        value = getattr(profile, key)
        if value:
            data = (
                [item.model_dump(mode="json", exclude_defaults=True) for item in value]
                if isinstance(value, list)
                else value.model_dump(mode="json", exclude_defaults=True)
            )
            lines += _block(key, data)
        else:
            lines += [
                EXAMPLE_MARK,
                *_commented(SECTION_EXAMPLES[key]),
                f"{key}: " + ("null" if key == "activity" else "[]"),
            ]
    return "\n".join(lines) + "\n"


def element_readme(standard: AuditStandard, element_index: int) -> str:
    """Return the README text for one element's evidence folder."""
    element = standard.elements[element_index]
    lines = [
        f"# Element {element.id}: {element.title}",
        "",
        f"Evidence for element {element.id} of {standard.title}.",
    ]
    if element.summary:
        lines += ["", element.summary]
    lines += [
        "",
        "Drop records here. Name each file with its date and requirement so corcli can tell when it",
        "was made and what it proves, for example `2026-10-01_req-1.2_inspection.pdf`, or add it with",
        "`corcli evidence add FILE --requirement ID --date YYYY-MM-DD`.",
        "",
        "| Requirement | What the auditor looks for | How | How often |",
        "|---|---|---|---|",
    ]
    for req in element.requirements:
        how = req.verification.value
        often = req.recurrence.value.replace("_", " ")
        if req.verification != Verification.DOCUMENTATION:
            often = "at the audit"
        lines.append(f"| {req.id} | {req.text} | {how} | {often} |")
    return "\n".join(lines) + "\n"


def create_workspace(
    root: Path,
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner | None,
    decision: EligibilityDecision | None,
    standard: AuditStandard,
    *,
    force: bool = False,
) -> ScaffoldResult:
    """Write the profile and evidence folders; never replace a profile unless ``force``.

    Evidence folders and files already there are always kept.
    """
    profile_path = root / PROFILE_NAME
    if profile_path.exists() and not force:
        raise OverwriteError(
            f"{profile_path} already exists.",
            "Use --force to replace the profile (your evidence is never touched), or edit it by hand.",
        )
    make_folder(root)
    evidence = root / EVIDENCE_DIR
    contained(evidence / "README.md", root)  # an evidence link out of the workspace: refuse before writing
    result = ScaffoldResult(profile_path)
    write_atomic(profile_path, render_profile(profile, jurisdiction, partner, decision))
    result.created.append(profile_path)
    for index, element in enumerate(standard.elements):
        folder = evidence / element.folder
        make_folder(folder)
        readme = folder / "README.md"
        if readme.exists():
            result.kept.append(readme)
            continue
        write_atomic(readme, element_readme(standard, index))
        result.created.append(readme)
    return result


SETUP_FOLDERS = ("templates", "partners")
"""Folders of a workspace that belong to its setup, copied by ``init --from`` (evidence never is)."""
MAX_SETUP_FILES = 500
MAX_SETUP_FILE_BYTES = 5 * 1024 * 1024


def load_template_profile(source: Path | None) -> CompanyProfile | None:
    """Load the profile of the workspace ``init --from`` starts from; ``None`` when there is none."""
    if source is None:
        return None
    from corcli.errors import WorkspaceNotFoundError
    from corcli.storage import yamlio

    profile_path = source / PROFILE_NAME
    if not profile_path.is_file():
        raise WorkspaceNotFoundError(
            f"--from {source}: there is no {PROFILE_NAME} there.", "Give the folder of another client's workspace."
        )
    return yamlio.load_model(profile_path, CompanyProfile)


def copy_setup(source: Path, root: Path) -> list[Path]:
    """Copy the setup folders (own templates and partner files) of ``source`` into ``root``; return what was copied.

    Files already in ``root`` are kept; links and special files are skipped; nothing from evidence is read.
    """
    copied: list[Path] = []
    for folder in SETUP_FOLDERS:
        base = source / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*")):
            if len(copied) >= MAX_SETUP_FILES:
                return copied
            relative = path.relative_to(source)
            if (
                path.is_symlink()
                or not path.is_file()
                or any(p.is_symlink() for p in path.parents if base in p.parents)
            ):
                continue
            target = root / relative
            if target.exists() or path.stat().st_size > MAX_SETUP_FILE_BYTES:
                continue
            write_atomic(target, path.read_bytes(), force=False)
            copied.append(target)
    return copied


# --- changing the program or partner of an existing workspace (init --force) -----------------------------------

COMPANY_KEYS = ("name", "province", "industry", "trade", "employees", "address", "wcb_account")
CERTIFICATION_KEYS = ("partner", "program", "records_since", "certified_on", "planned_audit")


def keep_unchanged(existing: CompanyProfile, changed: CompanyProfile, given: set[str]) -> CompanyProfile:
    """Return ``existing`` with only the ``given`` company and certification fields taken from ``changed``.

    Why: ``init --force`` is how people change the program or partner; everything else they wrote in the
    profile (roles, sites, people, contacts, schedules, N/A entries, dates) must survive it.
    """
    company = existing.company.model_copy(
        update={key: getattr(changed.company, key) for key in COMPANY_KEYS if key in given}
    )
    old, new = existing.certification, changed.certification
    cert_update: dict[str, object] = {key: getattr(new, key) for key in CERTIFICATION_KEYS if key in given}
    # Partner, program and standard go together: ``changed`` has them as decided for what was given (each
    # defaulted from the existing profile). A standard chosen by hand stays only while partner and program do.
    same_program = new.partner == old.partner and new.program == old.program and new.partner is not None
    cert_update.update(
        partner=new.partner, program=new.program, standard=old.standard if same_program else new.standard
    )
    certification = old.model_copy(update=cert_update)
    return CompanyProfile.model_validate(
        {
            **existing.model_dump(mode="json", exclude_unset=False),
            "company": company.model_dump(mode="json"),
            "certification": certification.model_dump(mode="json"),
        }
    )


def backup_profile(root: Path, stamp: str) -> Path | None:
    """Copy the profile into ``.corcli/`` before it is rewritten; return the copy (``None`` if none)."""
    from corcli.storage import files

    path = root / PROFILE_NAME
    if not path.exists():
        return None
    data = files.read_bytes(path, limit=files.LIMIT_YAML)
    return files.write_copy(root / STATE_DIR, f"corcli.{stamp}", ".yaml", data)
