"""Turn a ``GapReport`` into Markdown, HTML, JSON or CSV. Returns strings; callers write them.

Markdown and HTML come from the built-in templates in ``templates/reports/``. The terminal text view is the
CLI's (``cli/views.py``); the pieces of text it shares with the documents (verdict, summary lines) are here.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import TypeAdapter

from corcli.models.evidence import EvidenceAccount
from corcli.models.report import (
    ElementResult,
    GapReport,
    HistoryStatus,
    RequirementStatus,
    ScoreRange,
    Verdict,
    report_json_schema,
)
from corcli.render.escape import csv_writer, safe_cell

FORMATS = ("markdown", "html", "json", "csv")
"""The file formats of ``corcli check`` rendered here; the terminal text view is the CLI's (``cli/views.py``)."""

TEXT_ACTIONS = 10
"""How many next actions the text format lists (the other formats list all)."""

STATUS_LABELS = {
    RequirementStatus.MET: "met",
    RequirementStatus.PARTIAL: "partial",
    RequirementStatus.MISSING: "missing",
    RequirementStatus.NOT_APPLICABLE: "N/A",
    RequirementStatus.AWAITING: "awaiting interview/observation",
}

CSV_COLUMNS = (
    "rank",
    "element",
    "element_title",
    "requirement",
    "text",
    "verification",
    "recurrence",
    "status",
    "points_possible",
    "points_earned",
    "points_if_interviews_pass",
    "points_recoverable",
    "next_action",
    "guidance",
    "reasons",
    "evidence",
    "not_applicable_reason",
    "owner",
    "due",
    "done",
)


# ---------------------------------------------------------------------------- shared wording


def score_text(score: ScoreRange | None) -> str:
    """Return '72.5%' for a single number, '45.0–78.1%' for a range, 'N/A' when nothing is scored."""
    if score is None:
        return "N/A"
    if score.exact:
        return f"{score.low:.1f}%"
    return f"{score.low:.1f}–{score.high:.1f}%"


def verdict_title(report: GapReport) -> str:
    """Return the one-line verdict."""
    history = report.records_history
    if report.verdict == Verdict.READY:
        if history.status == HistoryStatus.SHORTER_TERM and history.achievable:
            return f"Ready for a {history.achievable}: the projected score passes."
        return "Ready: the projected score passes."
    if history.status == HistoryStatus.TOO_SHORT:
        return "Not ready: the records history is too short for any certificate yet."
    if report.verdict == Verdict.DEPENDS:
        return "Not ready yet: it passes only if the interviews and observation go well."
    return "Not ready: the projected score does not pass."


def rule_text(report: GapReport) -> str:
    """Return the pass rule in words."""
    rule = report.pass_rule
    text = f"{rule.overall_min:g}% overall"
    if rule.element_min is not None:
        text += f" and {rule.element_min:g}% in every element"
    elif rule.audit == "maintenance":
        text += ", no element minimum"
    if rule.legislated_full:
        text += ", legislated items fully met"
    if rule.audit == "maintenance":
        text += ", for a maintenance audit"
    if rule.source == "program" and rule.decided_by:
        text += f"; {rule.decided_by}'s rule"
    return text


def weights_note(report: GapReport) -> str:
    """Return the note on estimated weights, or '' when the points are official."""
    if not report.weights_estimated:
        return ""
    if report.standard.weights == "partly_official":
        return (
            "Some points are corcli's estimate, not the publisher's: treat the scores as a guide, not the audit result."
        )
    return "The points are corcli's estimate, not the publisher's: treat the scores as a guide, not the audit result."


def _element(report: GapReport, element_id: str | None) -> ElementResult | None:
    return next((e for e in report.elements if e.id == element_id), None)


def summary_lines(report: GapReport) -> list[tuple[str, str]]:
    """Return the verdict panel as (label, value) pairs, shared by every human format."""
    lines = [
        ("Projected score", f"{score_text(report.score)} (pass: {rule_text(report)})"),
    ]
    weakest = _element(report, report.weakest_element)
    if weakest is not None:
        lines.append(("Weakest element", f"{weakest.id} {weakest.title} ({score_text(weakest.score)})"))
    if report.elements_below_floor:
        floor = report.pass_rule.element_min
        below = ", ".join(report.elements_below_floor)
        if report.awaiting:
            below += " (unanswered interview/observation items counted as failed)"
        lines.append((f"Below {floor:g}%" if floor is not None else "Below floor", below))
    lines.append(("Records history", report.records_history.message))
    if report.awaiting:
        lines.append(
            (
                "Awaiting answers",
                f"{report.awaiting} interview/observation item(s); answer them with 'corcli assess' to turn the "
                "range into one number.",
            )
        )
    if report.not_applicable:
        lines.append(("Not applicable", ", ".join(n.requirement for n in report.not_applicable)))
    note = weights_note(report)
    if note:
        lines.append(("Weights", note))
    if report.pass_rule.note:
        lines.append(("Pass rule", report.pass_rule.note))
    return lines


REST_TITLE = "Then (most points per effort first)"
"""Title of the actions that are not on the path to a pass."""


def path_title(report: GapReport) -> str:
    """Return the heading of the path to a pass: 'To pass: these 4 actions', or why no path reaches it."""
    path = report.path_to_pass
    count = len(path.actions)
    if path.reaches:
        if not count:
            return ""
        return f"To pass: {'this action' if count == 1 else f'these {count} actions'}"
    if count:
        return f"Closest to a pass: these {count} actions, and still short. {path.note}"
    return f"No path to a pass yet. {path.note}"


def for_element(report: GapReport, element_id: str) -> GapReport | None:
    """Return the report limited to one element (id or folder); the verdict still covers the whole standard."""
    element = next((e for e in report.elements if element_id in (e.id, e.folder)), None)
    if element is None:
        return None
    return report.model_copy(
        update={
            "elements": [element],
            "next_actions": [a for a in report.next_actions if a.element == element.id],
            "path_to_pass": report.path_to_pass.model_copy(
                update={"actions": [a for a in report.path_to_pass.actions if a.element == element.id]}
            ),
            "not_applicable": [n for n in report.not_applicable if n.element == element.id],
        }
    )


def requirement_counts(element: ElementResult) -> str:
    counts: dict[RequirementStatus, int] = {}
    for req in element.requirements:
        counts[req.status] = counts.get(req.status, 0) + 1
    order = [
        RequirementStatus.MET,
        RequirementStatus.PARTIAL,
        RequirementStatus.MISSING,
        RequirementStatus.AWAITING,
        RequirementStatus.NOT_APPLICABLE,
    ]
    short = {RequirementStatus.AWAITING: "awaiting"}
    return ", ".join(f"{counts[s]} {short.get(s, STATUS_LABELS[s])}" for s in order if counts.get(s))


def floor_mark(element: ElementResult) -> str:
    if element.meets_floor is None:
        return "not scored" if not element.counts_toward_score else ""
    return "ok" if element.meets_floor else "below floor"


# ---------------------------------------------------------------------------- text (Rich)


BAR_WIDTH = 10


def score_bar(score: ScoreRange | None, width: int = BAR_WIDTH) -> str:
    if score is None:
        return "·" * width
    low = round(score.low / 100 * width)
    high = max(low, round(score.high / 100 * width))
    return "█" * low + "▒" * (high - low) + "·" * (width - high)


# ---------------------------------------------------------------------------- JSON and CSV


def render_json(report: GapReport) -> str:
    """Return the report as JSON (its schema: ``corcli/schemas/check-report.schema.json``)."""
    try:
        return report.model_dump_json(indent=2) + "\n"
    except ValueError:  # a file name that is not UTF-8 (lone surrogates): JSON writes it as \udcXX
        return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=True) + "\n"


JSON_PART_FILES = 2_000
"""How many evidence files each part of a JSON report written in parts lists."""


def render_json_parts(report: GapReport) -> Iterator[str]:
    """Yield the JSON report (the same text as ``render_json``) in parts, the evidence list a few files at a time.

    Why: at 50,000 files the report is 28 MB of text, which as one string (and its encoded copy) doubled
    a check's peak memory; written part by part it never is in memory whole.
    """
    evidence = report.evidence
    if len(evidence) <= JSON_PART_FILES or not _utf8_accounts(evidence):
        yield render_json(report)
        return
    try:
        head = report.model_copy(update={"evidence": []}).model_dump_json(indent=2)
    except ValueError:
        yield render_json(report)
        return
    marker = '\n  "evidence": [],\n'  # a top-level key: no string in JSON holds a raw line break
    at = head.index(marker)
    yield head[:at] + '\n  "evidence": ['
    for start in range(0, len(evidence), JSON_PART_FILES):
        part = _accounts_adapter().dump_json(evidence[start : start + JSON_PART_FILES], indent=2).decode("utf-8")
        inner = part[2:-2]  # the list's items, without "[\n" and "\n]"
        yield ("," if start else "") + "\n  " + inner.replace("\n", "\n  ")
    yield "\n  ],\n" + head[at + len(marker) :] + "\n"


@functools.cache
def _accounts_adapter() -> TypeAdapter[list[EvidenceAccount]]:
    return TypeAdapter(list[EvidenceAccount])


def _utf8_accounts(accounts: list[EvidenceAccount]) -> bool:
    """Whether every text of the accounts is valid UTF-8 (a file name that is not holds lone surrogates)."""
    ties = {id(a.ties): a.ties for a in accounts}.values()  # equal ties are shared between accounts
    texts = [a.path for a in accounts] + [a.not_counted for a in accounts if a.not_counted]
    texts += [text for group in ties for tie in group for text in (tie.reason, tie.why_not)]
    joined = "\n".join(texts)
    if joined.isascii():
        return True
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_schema_text() -> str:
    """Return the JSON Schema of the JSON report, as shipped in ``corcli/schemas/``."""
    return json.dumps(report_json_schema(), indent=2, ensure_ascii=False) + "\n"


def render_csv(report: GapReport) -> str:
    """Return one row per requirement: the ranked actions first, then the rest in audit order."""
    ranks = {(a.element, a.requirement): a.rank for a in report.next_actions}
    titles = {e.id: e.title for e in report.elements}
    rows = [r for e in report.elements for r in e.requirements]
    order = {(r.element, r.id): n for n, r in enumerate(rows)}
    rows.sort(key=lambda r: (ranks.get((r.element, r.id), len(order) + 1), order[(r.element, r.id)]))
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for req in rows:
        rank = ranks.get((req.element, req.id))
        writer.writerow(
            [
                rank if rank is not None else "",
                safe_cell(req.element),
                safe_cell(titles[req.element]),
                safe_cell(req.id),
                safe_cell(req.text),
                req.verification.value,
                req.recurrence.value,
                req.status.value,
                f"{req.points_possible:g}",
                f"{req.points_low:g}",
                f"{req.points_high:g}",
                f"{req.points_recoverable:g}",
                safe_cell(req.next_action),
                safe_cell(req.guidance),
                safe_cell(" ".join(req.reasons)),
                safe_cell("; ".join(req.evidence)),
                safe_cell(req.na_reason),
                "",
                "",
                "",
            ]
        )
    return buffer.getvalue()


# ---------------------------------------------------------------------------- Markdown and HTML


CHART_WIDTH = 740
CHART_LABEL = 250
CHART_BAR = 400
CHART_ROW = 24
CHART_TOP = 28


def chart(report: GapReport) -> dict[str, Any]:
    """Return the geometry of the element chart (plain data for the SVG in the HTML template)."""
    rows: list[dict[str, Any]] = []
    for element in report.elements:
        if element.score is None:
            continue
        y = CHART_TOP + len(rows) * CHART_ROW
        low_w = round(element.score.low / 100 * CHART_BAR, 1)
        high_w = round(max(0.0, element.score.high - element.score.low) / 100 * CHART_BAR, 1)
        label = f"{element.id} {element.title}"
        rows.append(
            {
                "y": y,
                "text_y": y + 15,
                "label": label if len(label) <= 34 else label[:33] + "…",
                "title": f"{element.id} {element.title}: {score_text(element.score)}",
                "low_width": low_w,
                "high_x": CHART_LABEL + low_w,
                "high_width": high_w,
                "value_x": CHART_LABEL + low_w + high_w + 6,
                "value": score_text(element.score),
                "below": element.meets_floor is False,
                "scored": element.counts_toward_score,
            }
        )
    height = CHART_TOP + len(rows) * CHART_ROW + 30
    floor = report.pass_rule.element_min
    return {
        "width": CHART_WIDTH,
        "height": height,
        "label_width": CHART_LABEL,
        "bar_width": CHART_BAR,
        "rows": rows,
        "floor_x": CHART_LABEL + floor / 100 * CHART_BAR if floor is not None else None,
        "floor": f"{floor:g}" if floor is not None else None,
        "overall_x": CHART_LABEL + report.pass_rule.overall_min / 100 * CHART_BAR,
        "overall": f"{report.pass_rule.overall_min:g}",
        "axis_y": height - 22,
        "ticks": [{"x": CHART_LABEL + t / 100 * CHART_BAR, "label": f"{t}%"} for t in (0, 25, 50, 75, 100)],
    }


def _context(report: GapReport) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    for element, model in zip(data["elements"], report.elements, strict=True):
        element["score_text"] = score_text(model.score)
        element["counts"] = requirement_counts(model)
        element["floor_mark"] = floor_mark(model)
        for req in element["requirements"]:
            req["status_label"] = STATUS_LABELS[RequirementStatus(req["status"])]
    return {
        "report": data,
        "verdict_title": verdict_title(report),
        "score_text": score_text(report.score),
        "summary": [{"label": label, "value": value} for label, value in summary_lines(report)],
        "weights_note": weights_note(report),
        "path_title": path_title(report),
        "rest_title": REST_TITLE,
        "rest": [a.model_dump(mode="json") for a in report.next_actions if not a.to_pass],
        "chart": chart(report),
    }


def _render_template(name: str, report: GapReport) -> str:
    from corcli.render.engine import load_templates

    templates = load_templates("reports")
    templates.environment.filters["oneline"] = lambda value: " ".join(str(value).split())
    return templates.render(name, _context(report))


def render_markdown(report: GapReport) -> str:
    """Return the report as a Markdown document."""
    return _render_template("check.md.j2", report)


def render_html(report: GapReport) -> str:
    """Return the report as one self-contained, printable HTML page (inline CSS and SVG, no script)."""
    from corcli.render.documents import html_page

    title = f"Readiness report: {report.company.name}"
    return html_page(_render_template("check.html.j2", report), title=title, kind="report")


RENDERERS: dict[str, Callable[[GapReport], str]] = {
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
    "csv": render_csv,
}


def render(report: GapReport, fmt: str) -> str:
    """Render ``report`` in format ``fmt`` (one of ``FORMATS``)."""
    return RENDERERS[fmt](report)


__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "RENDERERS",
    "chart",
    "for_element",
    "json_schema_text",
    "path_title",
    "render",
    "render_csv",
    "render_html",
    "render_json",
    "render_json_parts",
    "render_markdown",
    "score_text",
    "summary_lines",
    "verdict_title",
]
