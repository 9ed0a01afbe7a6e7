"""Validate user files: profiles, catalog data files and folders, assessments, evidence indexes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corcli.catalog.loader import cross_check, iter_data_files, load_catalog, load_entry, user_data_dirs
from corcli.errors import CorcliError, DataFileError, Problem
from corcli.evidence.vocabulary import VOCABULARY_DIR, WORKSPACE_VOCABULARY
from corcli.models import Assessment, CompanyProfile, EvidenceIndex
from corcli.models.vocabulary import Vocabulary, WorkspaceVocabulary
from corcli.services.project import resolve
from corcli.storage import yamlio
from corcli.storage.workspace import PROFILE_NAME, Workspace


@dataclass
class ValidationReport:
    """Files found valid and every problem found."""

    ok: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: set[Path] = field(default_factory=set)

    def add(self, path: Path, problems: list[Problem]) -> None:
        """Record the outcome for one file."""
        if problems:
            self.problems.extend(problems)
            self.failed.add(path)
        else:
            self.ok.append(path)


def _problems_of(error: CorcliError, path: Path) -> list[Problem]:
    return error.problems() or [Problem(path, error.message, error.hint)]


def _validate_profile(path: Path, data_dirs: list[Path], report: ValidationReport) -> None:
    try:
        profile = yamlio.load_model(path, CompanyProfile)
        catalog = load_catalog(data_dirs)
        resolve(profile, catalog, path)
    except CorcliError as exc:
        report.add(path, _problems_of(exc, path))
        return
    report.add(path, [])


def _validate_file(path: Path, data_dirs: list[Path], report: ValidationReport) -> None:
    try:
        loaded = yamlio.load_yaml(path)
    except DataFileError as exc:
        report.add(path, exc.problems())
        return
    data = loaded.data
    keys = set(data) if isinstance(data, dict) else set()
    try:
        if isinstance(data, dict) and data.get("kind") == "vocabulary":
            yamlio.validate(loaded, Vocabulary)
        elif "kind" in keys:
            load_entry(path)
        elif path.name == PROFILE_NAME or "company" in keys:
            _validate_profile(path, data_dirs, report)
            return
        elif "answers" in keys:
            yamlio.validate(loaded, Assessment)
        elif "items" in keys:
            yamlio.validate(loaded, EvidenceIndex)
        elif path.name == WORKSPACE_VOCABULARY or keys & {"kinds", "abbreviations", "not_records"}:
            yamlio.validate(loaded, WorkspaceVocabulary)
        else:
            report.add(
                path,
                [
                    Problem(
                        path,
                        "is not a file corcli knows.",
                        "corcli validates corcli.yaml profiles, data files with a 'kind' key, assessment.yaml and "
                        "evidence/index.yaml.",
                        1,
                        1,
                    )
                ],
            )
            return
    except CorcliError as exc:
        report.add(path, _problems_of(exc, path))
        return
    report.add(path, [])


def _validate_folder(folder: Path, data_dirs: list[Path], report: ValidationReport) -> None:
    try:
        files = iter_data_files(folder)
    except OSError as exc:
        report.add(folder, [Problem(folder, f"cannot be read: {exc.strerror or exc}.", "Check its permissions.")])
        return
    if not files:
        report.add(folder, [Problem(folder, "holds no .yaml files.", "Give a folder of partner and standard files.")])
        return
    bad_before = len(report.failed)
    for path in files + sorted((folder / VOCABULARY_DIR).glob("*.yaml")):
        _validate_file(path, data_dirs, report)
    if len(report.failed) > bad_before:
        return
    try:  # the files are sound one by one; now check references across them and the built-in catalog
        load_catalog([*data_dirs, folder])
    except CorcliError as exc:
        report.add(folder, _problems_of(exc, folder))


def validate_paths(paths: list[Path], data_dir: Path | None = None) -> ValidationReport:
    """Validate each file or folder in ``paths``."""
    report = ValidationReport()
    data_dirs = user_data_dirs(data_dir, None)
    for path in paths:
        if path.is_dir():
            _validate_folder(path, data_dirs, report)
        elif path.exists():
            _validate_file(path, data_dirs, report)
        else:
            report.add(path, [Problem(path, "does not exist.", "Check the path.")])
    return report


def validate_workspace(workspace: Workspace, data_dir: Path | None = None) -> ValidationReport:
    """Validate a workspace: its profile, its partners/ folder, assessment and evidence index."""
    report = ValidationReport()
    data_dirs = user_data_dirs(data_dir, workspace.root)
    _validate_profile(workspace.profile_path, data_dirs, report)
    for name in ("assessment.yaml", "evidence/index.yaml", WORKSPACE_VOCABULARY):
        path = workspace.root / name
        if path.is_file():
            _validate_file(path, data_dirs, report)
    return report


__all__ = ["ValidationReport", "cross_check", "validate_paths", "validate_workspace"]
