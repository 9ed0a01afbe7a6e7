"""The ``portfolio`` use case: every client workspace under some folders, one row each.

Why one use case over many workspaces: a consultant prepares many companies; looping ``check --format json``
over folders by hand is what this replaces. A client that cannot be read gets a row with the reason, so one
broken profile never hides the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import Field

from corcli.errors import CorcliError
from corcli.models import GapReport, StrictModel
from corcli.models.legal import LegalCoverage
from corcli.models.portfolio import ClientRow, Portfolio
from corcli.render.report import score_text
from corcli.rules.legal import legal_coverage
from corcli.services.actions import load_plan
from corcli.services.check import run_check
from corcli.services.conflicts import conflict_warnings
from corcli.services.due import due_list, project_cycle
from corcli.services.project import Project, open_project
from corcli.storage import yamlio
from corcli.storage.workspace import PROFILE_NAME

MAX_DEPTH = 3
"""How deep under each folder given to look for client workspaces."""
MAX_CLIENTS = 2000
SKIPPED = {"evidence", ".corcli", "partners", "templates", ".git", "node_modules", "__pycache__"}
SORT_KEYS = ("company", "verdict", "score", "deadline", "actions")


class PortfolioFile(StrictModel):
    """A portfolio file: the client workspaces to list (paths relative to the file)."""

    clients: list[str] = Field(min_length=1, description="Client workspace folders.")


@dataclass(frozen=True)
class ClientResult:
    """One client's row, with its full report (for the client's own page)."""

    row: ClientRow
    report: GapReport | LegalCoverage | None


def _walk(folder: Path, depth: int, found: list[Path]) -> None:
    if len(found) >= MAX_CLIENTS:
        return
    if (folder / PROFILE_NAME).is_file():
        found.append(folder)
        return
    if depth >= MAX_DEPTH:
        return
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return
    for child in children:
        if child.name not in SKIPPED and not child.name.startswith("."):
            _walk(child, depth + 1, found)


def find_clients(paths: Sequence[Path]) -> list[Path]:
    """Return every workspace in or under ``paths`` (folders, or portfolio files listing folders), in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            listed = yamlio.load_model(path, PortfolioFile)
            for entry in listed.clients:
                target = Path(entry).expanduser()
                found.append(target if target.is_absolute() else path.parent / target)
            continue
        if not path.is_dir():
            raise CorcliError(
                f"{path} is not a folder or a portfolio file.", "Give client folders, or a folder of them."
            )
        before = len(found)
        _walk(path, 0, found)
        if len(found) == before:
            raise CorcliError(
                f"No client workspace ({PROFILE_NAME}) found in or under {path}.",
                "Give the folder that holds your clients' workspaces, or create one with 'corcli init'.",
            )
    return list(dict.fromkeys(p.resolve() for p in found))


def slug(text: str) -> str:
    """Return a file-name-safe form of ``text``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "client"


def _row(project: Project, report: GapReport, today: date) -> ClientRow:
    due = due_list(project, today, 0)  # what is overdue now, and tickets within their 90-day alert
    deadlines = [e for e in project_cycle(project, today).events if e.deadline and e.on >= today]
    plan = load_plan(project.workspace.root)
    opened, overdue = plan.counts(today) if plan else (0, 0)
    weakest = next((e for e in report.elements if e.id == report.weakest_element), None)
    return ClientRow(
        folder=str(project.workspace.root),
        company=project.profile.company.name,
        province=project.profile.company.province,
        program=str(project.decision.program) if project.decision else "legal program",
        partner=project.partner.abbreviation if project.partner else "",
        verdict=report.verdict.value,
        ready=report.ready,
        score_low=round(report.score.low, 1),
        score_high=round(report.score.high, 1),
        score_text=score_text(report.score),
        weakest_element=f"{weakest.id} {weakest.title} ({score_text(weakest.score)})" if weakest else "",
        records_history=report.records_history.status.value,
        next_deadline=deadlines[0].title if deadlines else "",
        next_deadline_on=deadlines[0].on if deadlines else None,
        days_left=(deadlines[0].on - today).days if deadlines else None,
        expiring_tickets=sum(1 for i in due.items if i.kind == "ticket"),
        overdue_items=due.overdue,
        open_actions=opened,
        overdue_actions=overdue,
        warnings=conflict_warnings(project, today),
    )


def _legal_result(project: Project, report: GapReport, today: date) -> ClientResult:
    """A legal-program client: which duties have evidence, never a verdict or a score."""
    coverage = legal_coverage(report, project.standard, project.jurisdiction.name)
    row = _row(project, report, today).model_copy(
        update={
            "verdict": "legal_covered" if not coverage.lacking else "legal_lacking",
            "ready": not coverage.lacking,
            "score_low": None,
            "score_high": None,
            "score_text": f"{coverage.covered} of {coverage.required} legal duties",
            "weakest_element": "",
            "records_history": "",
        }
    )
    return ClientResult(row, coverage)


def review_client(folder: Path, data_dir: Path | None, today: date) -> ClientResult:
    """Check one client; a workspace that cannot be read gives an error row instead of stopping the rest."""
    try:
        project = open_project(folder, data_dir, folder)
        report = run_check(project, today)
        if project.legal_program:
            return _legal_result(project, report, today)
        return ClientResult(_row(project, report, today), report)
    except OverflowError:  # a date past year 9999 (or before year 1) in this client's files
        error = CorcliError(
            "A date is out of range.", "Check the dates in its corcli.yaml and its evidence (years 1 to 9999)."
        )
        return ClientResult(
            ClientRow(folder=str(folder), company="", verdict="error", ready=False, error=f"{error}"), None
        )
    except CorcliError as error:
        message = error.message + (f" {error.hint}" if error.hint else "")
        problems = error.problems()
        if problems:
            message = "; ".join(str(p) for p in problems[:3])
        return ClientResult(
            ClientRow(folder=str(folder), company="", verdict="error", ready=False, error=message), None
        )


def _sort_key(key: str) -> Callable[[ClientResult], tuple[object, ...]]:
    def by(result: ClientResult) -> tuple[object, ...]:
        row = result.row
        name = (row.company or row.folder).lower()
        if key == "verdict":
            return (row.ready, row.score_low if row.score_low is not None else -1, name)
        if key == "score":
            return (row.score_low if row.score_low is not None else -1, name)
        if key == "deadline":
            return (row.days_left if row.days_left is not None else 10**6, name)
        if key == "actions":
            return (-row.overdue_actions, -row.open_actions, name)
        return (name,)

    return by


def build_portfolio(
    folders: Iterable[Path],
    today: date,
    *,
    data_dir: Path | None = None,
    sort: str = "company",
    prepared_by: str = "",
) -> tuple[Portfolio, list[ClientResult]]:
    """Review every client and return the portfolio (sorted by ``sort``) and each client's result."""
    if sort not in SORT_KEYS:
        raise CorcliError(f"--sort {sort!r} is not one of {', '.join(SORT_KEYS)}.", "Choose one of those.")
    results = [review_client(folder, data_dir, today) for folder in folders]
    results.sort(key=_sort_key(sort))
    return Portfolio(report_date=today, prepared_by=prepared_by, clients=[r.row for r in results]), results


__all__ = ["SORT_KEYS", "ClientResult", "PortfolioFile", "build_portfolio", "find_clients", "review_client", "slug"]
