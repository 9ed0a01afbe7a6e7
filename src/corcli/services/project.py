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
from corcli.rules.assignment import UNSORTED_FOLDER
from corcli.rules.eligibility import decide, program_view
from corcli.rules.legal import with_size_exemptions
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
    partner: CertifyingPartner | None
    """None in a legal-program workspace (a jurisdiction without a COR program): no certificate, no verdict."""
    decision: EligibilityDecision | None
    standard: AuditStandard

    @property
    def legal_program(self) -> bool:
        """Whether this workspace follows only the jurisdiction's law (no partner, no certificate)."""
        return self.partner is None


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
) -> tuple[Jurisdiction, CertifyingPartner | None, EligibilityDecision | None, AuditStandard]:
    """Resolve the profile's province, partner, program and standard against the catalog.

    The jurisdiction returned carries the program's resolved rules (see ``rules.eligibility.program_view``).
    Without a partner (a jurisdiction with no COR program) the standard is the legal program the profile names.
    """
    try:
        jurisdiction = catalog.jurisdiction(profile.company.province)
    except CorcliError as exc:
        raise _locate(profile_path, ("company", "province"), exc) from None
    if profile.certification.partner is None:
        legal = _legal_standard(profile, catalog, jurisdiction, profile_path)
        return jurisdiction, None, None, with_folders(legal, profile.certification.folders, profile_path)
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
    return jurisdiction, partner, decision, with_folders(standard, profile.certification.folders, profile_path)


def with_folders(standard: AuditStandard, folders: dict[str, str], profile_path: Path | None = None) -> AuditStandard:
    """Return ``standard`` with the evidence folders ``certification.folders`` gives its elements.

    Why: after a change of standard, an element keeps using the folder its records already are in
    (``05-inspections`` of the old standard for the new ``09-inspections``) instead of a second, empty one.
    """
    if not folders:
        return standard
    known = [e.folder for e in standard.elements]
    unknown = sorted(set(folders) - set(known))
    if unknown:
        error = CorcliError(
            f"certification.folders names {unknown[0]!r}, which is not an element folder of {standard.id!r}.",
            "Use the standard's folder names (" + ", ".join(known) + ") on the left, or remove the entry.",
        )
        raise _locate(profile_path, ("certification", "folders"), error) if profile_path else error
    if UNSORTED_FOLDER in folders.values():
        error = CorcliError(
            f"certification.folders gives the folder {UNSORTED_FOLDER!r} to an element; it holds files not sorted yet.",
            "Give the element a folder of its own.",
        )
        raise _locate(profile_path, ("certification", "folders"), error) if profile_path else error
    elements = [e.model_copy(update={"folder": folders.get(e.folder, e.folder)}) for e in standard.elements]
    names = [e.folder for e in elements]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        error = CorcliError(
            f"certification.folders gives the folder {twice[0]!r} to two elements of {standard.id!r}.",
            "Give each element its own folder.",
        )
        raise _locate(profile_path, ("certification", "folders"), error) if profile_path else error
    return standard.model_copy(update={"elements": elements})


def _legal_standard(
    profile: CompanyProfile, catalog: Catalog, jurisdiction: Jurisdiction, profile_path: Path
) -> AuditStandard:
    if jurisdiction.has_cor_program:
        raise _locate(
            profile_path,
            ("certification", "partner"),
            CorcliError(
                f"certification.partner is empty, and {jurisdiction.name} has a COR program.",
                "Set certification.partner to a partner id from 'corcli partners list --province "
                f"{profile.company.province}'.",
            ),
        )
    standard_id = profile.certification.standard
    if standard_id is None:
        raise _locate(
            profile_path,
            ("certification", "standard"),
            CorcliError(
                f"{jurisdiction.name} has no COR program, and certification.standard names no legal program.",
                "Set certification.standard to the legal program's id (run 'corcli init' again to write it).",
            ),
        )
    try:
        standard = catalog.standard(standard_id)
    except CorcliError as exc:
        raise _locate(profile_path, ("certification", "standard"), exc) from None
    if standard.program is not None:
        raise _locate(
            profile_path,
            ("certification", "standard"),
            CorcliError(
                f"{standard_id} is a {standard.program} audit standard, which needs a certifying partner.",
                "Set certification.partner, or name a legal program in certification.standard.",
            ),
        )
    return standard


def open_project(workspace_opt: Path | None, data_dir: Path | None, cwd: Path) -> Project:
    """Find the workspace, load its profile and the catalog, and resolve the company's standard."""
    workspace = find_workspace(workspace_opt, cwd)
    profile = load_profile(workspace.profile_path)
    catalog = load_catalog(user_data_dirs(data_dir, workspace.root))
    jurisdiction, partner, decision, standard = resolve(profile, catalog, workspace.profile_path)
    if partner is None:
        profile = with_size_exemptions(standard, profile)
    return Project(workspace, profile, catalog, jurisdiction, partner, decision, standard)
