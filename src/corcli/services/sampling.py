"""Audit sampling as use cases: the plan for a company and its interview prep sheets.

The numbers come from the published tables in the catalog (``data/sampling/``); the rules that read them
are in ``rules/sampling.py`` and the documents in ``render/sampling.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from corcli.errors import CorcliError
from corcli.models.sampling import PrepSheet, SamplingPlan
from corcli.rules.sampling import interview_minimum, plan_sample, prep_sheets
from corcli.services.project import Project


def plan_for(project: Project) -> SamplingPlan:
    """Return the interview and site-visit sample for the project's company."""
    if project.decision is None:
        raise CorcliError(
            f"{project.jurisdiction.name} has no COR program on file, so there is no audit to sample for.",
            "A legal-program workspace has no audit; 'corcli check' shows which legal duties have evidence.",
        )
    tables = list(project.catalog.sampling_tables.values())
    return plan_sample(
        project.profile,
        project.jurisdiction,
        project.decision.program,
        tables,
        project.standard,
        project.partner,
    )


def interview_sample(project: Project) -> int | None:
    """Return the minimum interviews for the company's workforce (``None`` when the partner must say)."""
    if project.decision is None:
        return None
    tables = list(project.catalog.sampling_tables.values())
    minimum, _ = interview_minimum(
        project.profile.company.employees, project.jurisdiction.code, tables, project.partner
    )
    return minimum


def prep_for(project: Project, roles: Sequence[str] = ()) -> list[PrepSheet]:
    """Return the interview prep sheets for ``roles`` (every role when empty)."""
    return prep_sheets(project.profile, project.standard, roles)


__all__ = ["interview_sample", "plan_for", "prep_for"]
