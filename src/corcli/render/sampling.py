"""The audit sampling plan and interview prep sheets as documents: terminal text, Markdown and HTML."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from corcli.models import AuditStandard
from corcli.models.sampling import Basis, PrepSheet, SamplingPlan
from corcli.render.documents import DocumentFormat, render_document
from corcli.rules.sampling import AUDITOR_PICKS, ESC_SOURCE, INTERVIEW_FORMAT, SELECTION_SOURCE

NO_SITES = "no sites listed in corcli.yaml; list your work sites under 'sites:' to plan the visits."
"""What the plan says instead of "at least 0 of 0 active sites" when the profile lists no site."""


def _basis_lines(basis: list[Basis]) -> list[str]:
    lines = []
    for item in basis:
        lines.append(f"{item.table}: {item.explanation}")
        if item.sources:
            lines.append("  Source: " + " ; ".join(item.sources))
    return lines


def render_text(plan: SamplingPlan) -> str:
    """Render the plan as plain text for the terminal."""
    interviews = plan.interviews
    sites = plan.sites
    minimum = "ask your partner" if interviews.minimum is None else str(interviews.minimum)
    lines = [
        f"Audit sampling plan: {plan.company} ({plan.program}, {plan.jurisdiction})",
        "",
        f"Interviews: at least {minimum} of {interviews.workforce} workers"
        + (f" (plan for {interviews.planned})" if interviews.planned not in (None, interviews.minimum) else ""),
        *[f"  {line}" for line in _basis_lines(interviews.basis)],
    ]
    if interviews.groups:
        lines += ["", f"  {'Role':<28} {'Level':<11} {'Shift':<10} {'People':>6} {'Interviews':>10}"]
        for group in interviews.groups:
            lines.append(
                f"  {group.role[:28]:<28} {group.level:<11} {group.shift[:10]:<10} {group.headcount:>6} "
                f"{group.interviews:>10}"
            )
    visits = "ask your partner" if sites.minimum_visits is None else str(sites.minimum_visits)
    heading = f"Site visits: at least {visits} of {sites.active_sites} active sites ({sites.total_sites} listed)"
    lines += ["", heading if sites.total_sites else f"Site visits: {NO_SITES}"]
    lines += [f"  {line}" for line in _basis_lines(sites.basis)]
    if sites.cycle_rule:
        lines.append(f"  Across the cycle: {sites.cycle_rule}")
    if sites.sites:
        lines.append("  Active sites: " + ", ".join(sites.sites))
    if sites.observation_items:
        lines += ["", "What the auditor observes on site:", *[f"  - {item}" for item in sites.observation_items]]
    lines += ["", "Rules:", *[f"  - {rule}" for rule in plan.rules]]
    if plan.notes:
        lines += ["", "Notes:", *[f"  - {note}" for note in plan.notes]]
    return "\n".join(lines) + "\n"


def render_plan(plan: SamplingPlan, fmt: DocumentFormat, template_dir: Path | None = None) -> str:
    """Render the plan (``sampling-plan.md.j2``) as Markdown or HTML."""
    return render_document(
        "sampling-plan",
        {"plan": plan.model_dump(mode="json"), "no_sites": NO_SITES[:1].upper() + NO_SITES[1:]},
        fmt,
        title=f"Audit sampling plan: {plan.company}",
        template_dir=template_dir,
    )


def render_prep(
    sheets: Sequence[PrepSheet],
    fmt: DocumentFormat,
    *,
    company: str,
    standard: AuditStandard,
    template_dir: Path | None = None,
) -> str:
    """Render prep sheets (``prep.md.j2``), one per role, as Markdown or HTML."""
    context = {
        "sheets": [sheet.model_dump(mode="json") for sheet in sheets],
        "company": company,
        "standard": standard.model_dump(mode="json", include={"id", "title"}),
        "interview_format": INTERVIEW_FORMAT,
        "interview_source": ESC_SOURCE,
        "auditor_picks": AUDITOR_PICKS,
        "selection_source": SELECTION_SOURCE,
    }
    return render_document("prep", context, fmt, title=f"Interview prep: {company}", template_dir=template_dir)


__all__ = ["render_plan", "render_prep", "render_text"]
