"""Open a workspace: its profile, the catalog, and the company's partner, jurisdiction and standard."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corcli.catalog.loader import Catalog, load_catalog, user_data_dirs
from corcli.errors import CorcliError, DataFileError, Problem
from corcli.models import (
    AuditStandard,
    CertifyingPartner,
    CompanyProfile,
    EligibilityDecision,
    Jurisdiction,
)
from corcli.rules.eligibility import decide, program_view
from corcli.storage import yamlio
from corcli.storage.workspace import Workspace, find_workspace


@dataclass(frozen=True)
class Project:
    """Everything a command needs to work on one company."""

    workspace: Workspace
    profile: CompanyProfile
    catalog: Catalog
    jurisdiction: Jurisdiction
    """The jurisdiction as the company's program sees it: the partner's own rules in place of the defaults
    (``decision.rules`` keeps who set each rule, its sources and certainty)."""
    partner: CertifyingPartner
    decision: EligibilityDecision
    standard: AuditStandard


def load_profile(path: Path) -> CompanyProfile:
    """Load and validate a company profile file."""
    return yamlio.load_model(path, CompanyProfile)


def _locate(profile_path: Path, key: tuple[str, ...], error: CorcliError) -> DataFileError:
    try:
        loaded = yamlio.load_yaml(profile_path)
        line, column = loaded.locate(key)
    except DataFileError:
        line = column = None
    return DataFileError(profile_path, [Problem(profile_path, error.message, error.hint, line, column)])


def resolve(
    profile: CompanyProfile, catalog: Catalog, profile_path: Path
) -> tuple[Jurisdiction, CertifyingPartner, EligibilityDecision, AuditStandard]:
    """Resolve the profile's province, partner, program and standard against the catalog.

    The jurisdiction returned carries the program's resolved rules (see ``rules.eligibility.program_view``).
    """
    try:
        jurisdiction = catalog.jurisdiction(profile.company.province)
    except CorcliError as exc:
        raise _locate(profile_path, ("company", "province"), exc) from None
    try:
        partner = catalog.partner(profile.certification.partner)
    except CorcliError as exc:
        raise _locate(profile_path, ("certification", "partner"), exc) from None
    try:
        decision = decide(jurisdiction, partner, profile.company.employees, profile.certification.program)
    except CorcliError as exc:
        raise _locate(profile_path, ("certification", "program"), exc) from None
    standard_id = profile.certification.standard or decision.standard
    if standard_id is None:
        raise _locate(
            profile_path,
            ("certification", "partner"),
            CorcliError(
                f"corcli has no audit standard for {partner.abbreviation} {decision.program}.",
                "Set certification.standard to a standard id from 'corcli partners show', or add your own "
                "standard file under partners/ in the workspace.",
            ),
        )
    try:
        standard = catalog.standard(standard_id)
    except CorcliError as exc:
        raise _locate(profile_path, ("certification", "standard"), exc) from None
    if decision.rules is not None:
        jurisdiction = program_view(jurisdiction, decision.rules)
    return jurisdiction, partner, decision, standard


def open_project(workspace_opt: Path | None, data_dir: Path | None, cwd: Path) -> Project:
    """Find the workspace, load its profile and the catalog, and resolve the company's standard."""
    workspace = find_workspace(workspace_opt, cwd)
    profile = load_profile(workspace.profile_path)
    catalog = load_catalog(user_data_dirs(data_dir, workspace.root))
    jurisdiction, partner, decision, standard = resolve(profile, catalog, workspace.profile_path)
    return Project(workspace, profile, catalog, jurisdiction, partner, decision, standard)
