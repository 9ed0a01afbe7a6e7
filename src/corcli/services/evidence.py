"""The evidence assignment for a project, as every view uses it: computed once per run, from one function.

Why a service: ``check``, ``evidence list``, the binder and ``assess export`` must list the same files under the
same requirements; each asks here, and here asks ``corcli.rules.assignment`` with the project's standard,
vocabulary and look-back window.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from corcli.evidence.hashing import Progress
from corcli.evidence.scan import EvidenceScan, collect_evidence
from corcli.evidence.vocabulary import load_vocabulary
from corcli.models import EvidenceItem
from corcli.rules.assignment import Assignment, assign_evidence
from corcli.rules.pass_rules import records_history
from corcli.services.project import Project


def project_assignment(project: Project, items: Iterable[EvidenceItem], today: date) -> Assignment:
    """Tie ``items`` to the project's requirements as ``check`` does on ``today`` (same window, same words)."""
    window_start = records_history(project.profile, project.jurisdiction, today).window_start
    return assign_evidence(
        project.standard,
        items,
        load_vocabulary(project.workspace.root),
        today=today,
        window_start=window_start,
    )


def scan_and_assign(
    project: Project, today: date, *, progress: Progress | None = None
) -> tuple[EvidenceScan, Assignment]:
    """Scan the project's evidence and tie it to requirements, as ``check`` would on ``today``."""
    scan = collect_evidence(project.workspace, project.standard, progress=progress)
    return scan, project_assignment(project, scan.items, today)


__all__ = ["project_assignment", "scan_and_assign"]
