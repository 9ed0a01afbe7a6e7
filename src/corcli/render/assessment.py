"""The self-assessment export: Markdown and HTML through the document pipeline, and CSV."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, Literal

from corcli.models import AuditStandard
from corcli.render.documents import render_document
from corcli.render.escape import csv_writer, safe_cell
from corcli.rules.assessment import ExportRow, summary

ExportFormat = Literal["markdown", "html", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("markdown", "html", "csv")


def render_csv(rows: Sequence[ExportRow]) -> str:
    """Render the export as CSV, one line per requirement."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(
        [
            "element",
            "element_title",
            "requirement",
            "text",
            "verification",
            "points",
            "answer",
            "note",
            "evidence",
            "counted_evidence",
            "answered_on",
            "answered_by",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                safe_cell(row.element_id),
                safe_cell(row.element_title),
                safe_cell(row.requirement_id),
                safe_cell(row.text),
                row.verification,
                f"{row.points:g}",
                row.answer or "not_answered",
                safe_cell(row.note),
                safe_cell("; ".join(row.evidence)),
                safe_cell("; ".join(row.counted)),
                row.answered_on,
                safe_cell(row.answered_by),
            ]
        )
    return buffer.getvalue()


def render_export(
    rows: Sequence[ExportRow],
    fmt: ExportFormat,
    *,
    company: str,
    standard: AuditStandard,
    today: date,
    template_dir: Path | None = None,
) -> str:
    """Render the export rows as ``fmt``: ``assessment.md.j2`` for Markdown and HTML, or CSV."""
    if fmt == "csv":
        return render_csv(rows)
    elements: list[dict[str, Any]] = []
    for row in rows:
        if not elements or elements[-1]["id"] != row.element_id:
            elements.append({"id": row.element_id, "title": row.element_title, "rows": []})
        counted = [c for c in row.counted if c not in row.evidence]
        elements[-1]["rows"].append({**asdict(row), "evidence": list(row.evidence), "counted": counted})
    context = {
        "company": company,
        "standard": standard.model_dump(mode="json", include={"id", "title", "publisher", "edition"}),
        "today": today.isoformat(),
        "summary": [{"label": label, "count": count} for label, count in summary(rows)],
        "elements": elements,
    }
    return render_document("assessment", context, fmt, title=f"Self-assessment: {company}", template_dir=template_dir)


__all__ = ["EXPORT_FORMATS", "ExportFormat", "render_csv", "render_export"]
