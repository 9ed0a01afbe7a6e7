"""The legal-program report in every ``check`` format: duties and their evidence, never a score or a verdict."""

from __future__ import annotations

from typing import Any

from corcli.models.legal import LegalCoverage, LegalDuty
from corcli.models.report import RequirementStatus
from corcli.render.escape import csv_document
from corcli.render.report import STATUS_LABELS

CSV_COLUMNS = ("duty", "group", "status", "required", "text", "evidence", "next_action", "na_reason")


def _shown(duty: LegalDuty) -> str:
    if not duty.required:
        return duty.na_reason
    if duty.status == RequirementStatus.MET:
        return ", ".join(duty.evidence)
    return duty.next_action


def render_text(report: LegalCoverage) -> str:
    """Return the report as plain text."""
    lines = [
        f"Legal program: {report.company.name} ({report.program})",
        f"No certificate verdict. {report.certificate}",
        f"Duties with evidence: {report.covered} of {report.required} that the law asks of you.",
        "",
    ]
    for duty in report.duties:
        lines.append(f"{duty.id:>5}  {STATUS_LABELS[duty.status]:<8} {' '.join(duty.text.split())}")
        shown = _shown(duty)
        if shown:
            lines.append(f"{'':>15}{' '.join(shown.split())}")
    if report.lacking:
        lines += ["", "Lacking evidence: " + ", ".join(report.lacking) + "."]
    return "\n".join(lines) + "\n"


def _context(report: LegalCoverage) -> dict[str, Any]:
    duties = [{**d.model_dump(mode="json"), "status_label": STATUS_LABELS[d.status]} for d in report.duties]
    return {"report": report.model_dump(mode="json"), "duties": duties}


def _render_template(name: str, report: LegalCoverage) -> str:
    from corcli.render.engine import load_templates

    templates = load_templates("reports")
    templates.environment.filters["oneline"] = lambda value: " ".join(str(value).split())
    return templates.render(name, _context(report))


def render(report: LegalCoverage, fmt: str) -> str:
    """Render ``report`` as text, markdown, html, json or csv."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        rows = [
            (
                d.id,
                d.group,
                d.status.value,
                d.required,
                " ".join(d.text.split()),
                " ".join(d.evidence),
                d.next_action,
                d.na_reason,
            )
            for d in report.duties
        ]
        return csv_document(CSV_COLUMNS, rows)
    if fmt == "markdown":
        return _render_template("legal.md.j2", report)
    if fmt == "html":
        from corcli.render.documents import html_page

        title = f"Legal program: {report.company.name}"
        return html_page(_render_template("legal.html.j2", report), title=title, kind="report")
    return render_text(report)


__all__ = ["CSV_COLUMNS", "render", "render_text"]
