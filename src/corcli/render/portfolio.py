"""Turn a ``Portfolio`` into Markdown, HTML, JSON or CSV. Returns strings; callers write them.

The Markdown comes from ``templates/reports/portfolio.md.j2``; the HTML is that Markdown through the one
Markdown-to-HTML converter, inside the one page shell (``documents/page.html.j2``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from corcli.models.portfolio import ClientRow, Portfolio
from corcli.render.engine import load_templates, markdown_to_html
from corcli.render.escape import safe_cell

FORMATS = ("markdown", "html", "json", "csv")
VERDICT_WORDS = {
    "ready": "ready",
    "not_ready": "not ready",
    "depends": "depends on interviews",
    "error": "error",
    "legal_covered": "legal program: every duty has evidence",
    "legal_lacking": "legal program: duties lack evidence",
}
CSV_COLUMNS = (
    "company",
    "folder",
    "province",
    "program",
    "partner",
    "verdict",
    "score_low",
    "score_high",
    "weakest_element",
    "records_history",
    "next_deadline",
    "next_deadline_on",
    "days_left",
    "expiring_tickets",
    "overdue_items",
    "open_actions",
    "overdue_actions",
    "report",
    "warnings",
    "error",
)


NO_DEADLINE = "none set"
"""A client with no certificate date and no planned audit has no deadline yet: said, not left blank."""


def deadline_text(row: ClientRow) -> str:
    """Return the next deadline as 'title, date (in N days)', or 'none set' (no certificate or planned audit)."""
    if row.next_deadline_on is None or row.days_left is None:
        return NO_DEADLINE
    when = "today" if row.days_left == 0 else f"in {row.days_left} days"
    return f"{row.next_deadline}, {row.next_deadline_on.isoformat()} ({when})"


def summary_text(portfolio: Portfolio) -> str:
    """Return the one-line summary: how many clients, how many would pass."""
    total = len(portfolio.clients)
    ready = sum(1 for c in portfolio.clients if c.ready)
    errors = sum(1 for c in portfolio.clients if c.verdict == "error")
    text = f"{total} client{'s' if total != 1 else ''}: {ready} would pass today, {total - ready} would not"
    return text + (f" ({errors} could not be read)." if errors else ".")


def _context(portfolio: Portfolio) -> dict[str, Any]:
    clients = []
    notes = []
    for row in portfolio.clients:
        name = row.company or row.folder
        clients.append(
            {
                **row.model_dump(mode="json"),
                "name": name,
                "link": row.report,
                "program_text": f"{row.program} ({row.partner}, {row.province})" if row.program else "",
                "verdict_text": VERDICT_WORDS.get(row.verdict, row.verdict),
                "deadline_text": deadline_text(row),
                "records_history": row.records_history.replace("_", " "),
            }
        )
        notes += [{"client": name, "text": w} for w in row.warnings]
        if row.error:
            notes.append({"client": name, "text": row.error})
    return {
        "portfolio": portfolio.model_dump(mode="json"),
        "clients": clients,
        "notes": notes,
        "summary": summary_text(portfolio),
    }


def render_markdown(portfolio: Portfolio) -> str:
    """Return the portfolio as a Markdown page."""
    templates = load_templates("reports")
    templates.environment.filters["oneline"] = lambda value: " ".join(str(value).split())
    return templates.render("portfolio.md.j2", _context(portfolio))


def render_html(portfolio: Portfolio, logo: str = "", firm: str = "") -> str:
    """Return the portfolio as one printable HTML page (each client linking to its own report)."""
    from corcli.render.documents import html_page

    body = markdown_to_html(render_markdown(portfolio))
    title = "Client portfolio" + (f": {portfolio.prepared_by}" if portfolio.prepared_by else "")
    return html_page(body, title=title, kind="portfolio", logo=logo, firm=firm)


def render_json(portfolio: Portfolio) -> str:
    """Return the portfolio as JSON (with the count of clients that would not pass)."""
    data = portfolio.model_dump(mode="json")
    data["not_ready"] = portfolio.not_ready
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_csv(portfolio: Portfolio) -> str:
    """Return one CSV row per client (formula-like cells neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in portfolio.clients:
        data = row.model_dump(mode="json")
        data["warnings"] = " | ".join(row.warnings)
        writer.writerow([safe_cell("" if data[c] is None else str(data[c])) for c in CSV_COLUMNS])
    return buffer.getvalue()


__all__ = [
    "FORMATS",
    "NO_DEADLINE",
    "deadline_text",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "summary_text",
]
