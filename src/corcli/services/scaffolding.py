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
from corcli.storage.workspace import EVIDENCE_DIR, PROFILE_NAME, write_atomic
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


def render_profile(
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    partner: CertifyingPartner,
    decision: EligibilityDecision,
) -> str:
    """Render the profile as readable, commented YAML."""
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
    for key in ("wcb_account", "address"):
        value = getattr(company, key)
        if value:
            lines.append(f"  {key}: {_scalar(value)}")
    lines += [
        "",
        "certification:",
        f"  # {partner.name}.",
        f"  partner: {_scalar(cert.partner)}",
        f"  # auto lets corcli decide; it decided {decision.program}. Set COR or SECOR to choose.",
        f"  program: {_scalar(cert.program.value)}",
        "  # Audit standard id; null uses the partner's standard for the program.",
        f"  standard: {_scalar(cert.standard)}",
        "  # Date you started keeping health and safety records (audits look back 3 to 12 months).",
        f"  records_since: {_scalar(cert.records_since.isoformat() if cert.records_since else None)}",
        "  # Date of your current certificate, if you hold one (drives the 3-year calendar).",
        f"  certified_on: {_scalar(cert.certified_on.isoformat() if cert.certified_on else None)}",
        f"  planned_audit: {_scalar(cert.planned_audit.isoformat() if cert.planned_audit else None)}",
    ]
    for key, label in (
        ("senior_manager", "Senior manager who signs the policy"),
        ("safety_coordinator", "Person who runs the safety program"),
    ):
        contact = getattr(profile, key)
        lines += ["", f"# {label}."]
        if contact is None:
            lines.append(f"{key}: null")
        else:
            lines.append(f"{key}:")
            for field_name, value in contact.model_dump().items():
                if value:
                    lines.append(f"  {field_name}: {_scalar(value)}")
    lines += ["", "# Workers by role: used for interview sampling ('corcli plan') and the manual."]
    if profile.roles:
        lines.append("roles:")
        for role in profile.roles:
            lines.append(f"  - name: {_scalar(role.name)}")
            lines.append(f"    count: {role.count}")
            lines.append(f"    level: {role.level}")
            if role.shifts:
                lines.append("    shifts: [" + ", ".join(_scalar(s) for s in role.shifts) + "]")
    else:
        lines.append("roles: []")
    lines += ["", "# Work sites and offices."]
    if profile.sites:
        lines.append("sites:")
        for site in profile.sites:
            lines.append(f"  - name: {_scalar(site.name)}")
            if site.address:
                lines.append(f"    address: {_scalar(site.address)}")
            lines.append(f"    kind: {site.kind}")
            lines.append(f"    active: {_scalar(site.active)}")
            if site.workers is not None:
                lines.append(f"    workers: {site.workers}")
    else:
        lines.append("sites: []")
    lines += ["", "# Requirements that do not apply to you, each with the reason an auditor will ask for."]
    if profile.not_applicable:
        lines.append("not_applicable:")
        for item in profile.not_applicable:
            lines.append(f"  - requirement: {_scalar(item.requirement)}")
            lines.append(f"    reason: {_scalar(item.reason)}")
            if item.expires:
                lines.append(f"    expires: {item.expires.isoformat()}")
    else:
        lines.append("not_applicable: []")
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
    partner: CertifyingPartner,
    decision: EligibilityDecision,
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
