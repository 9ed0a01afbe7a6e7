"""The corrective-action plan: ``actions.yaml`` in the workspace, fed by check, inspections and investigations.

Why a file of its own: the CSV action plan that ``check`` writes has owner, due and done columns that
people fill in; importing it back here is what makes those columns count (in ``due``, ``check`` and
``portfolio``). Every change reloads the file under a lock and merges, so a hand edit is never lost.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from corcli.errors import CorcliError, DataFileError, Problem
from corcli.models import GapReport
from corcli.models.actions import ActionOrigin, ActionPlan, CorrectiveAction
from corcli.render.escape import csv_document
from corcli.rules.dates import TYPED_DATE_HINT, parse_typed_date
from corcli.storage import yamlio
from corcli.storage.workspace import locked, write_atomic

ACTIONS_NAME = "actions.yaml"
CSV_COLUMNS = ("id", "action", "origin", "requirement", "site", "raised", "owner", "due", "done", "evidence", "note")
MAX_CSV_BYTES = 5 * 1024 * 1024


def actions_path(root: Path) -> Path:
    """Return the workspace's action-plan file."""
    return root / ACTIONS_NAME


def load_plan(root: Path) -> ActionPlan | None:
    """Load ``actions.yaml``; ``None`` when there is none yet."""
    path = actions_path(root)
    if not path.exists():
        return None
    return yamlio.load_model(path, ActionPlan)


def action_plan_warnings(root: Path, today: date) -> list[str]:
    """Return the open and overdue corrective actions of ``actions.yaml`` as one warning line, if any are open."""
    plan = load_plan(root)
    if plan is None:
        return []
    opened, overdue = plan.counts(today)
    if not opened:
        return []
    late = f", {overdue} overdue" if overdue else ""
    return [f"{opened} corrective action(s) open in {ACTIONS_NAME}{late}: 'corcli actions' lists them."]


def dump_plan(plan: ActionPlan) -> str:
    """Return the plan as commented YAML (empty fields left out)."""
    data = plan.model_dump(mode="json")
    for item in data["actions"]:
        for key in [k for k, v in item.items() if v in (None, "")]:
            del item[key]
    header = (
        "# corcli corrective-action plan. Edit by hand, or use 'corcli actions' (add, done, import).\n"
        "# origin: check | inspection | investigation | audit | other. Dates are YYYY-MM-DD; done empty = open.\n"
        "# evidence: what proves it was done (a path under evidence/ or a short note).\n"
    )
    return header + yamlio.dump_yaml(data)


def update_plan(root: Path, change: Callable[[ActionPlan], ActionPlan]) -> ActionPlan:
    """Reload the plan under the workspace lock, apply ``change``, save atomically, and return it."""
    with locked(root / ".corcli" / "actions.lock"):
        current = load_plan(root) or ActionPlan()
        updated = change(current)
        try:
            updated = ActionPlan.model_validate(updated.model_dump())
        except ValueError as exc:
            raise CorcliError(f"The action plan would be invalid: {exc}", "Check the values given.") from None
        write_atomic(actions_path(root), dump_plan(updated))
    return updated


def next_id(plan: ActionPlan, taken: Iterable[str] = ()) -> str:
    """Return the next free id of the form A-001."""
    used = {a.id for a in plan.actions} | set(taken)
    number = len(used) + 1
    while f"A-{number:03d}" in used:
        number += 1
    return f"A-{number:03d}"


def add_action(plan: ActionPlan, action: CorrectiveAction) -> ActionPlan:
    """Return the plan with ``action`` appended."""
    return plan.model_copy(update={"actions": [*plan.actions, action]})


def close_action(plan: ActionPlan, action_id: str, on: date, evidence: str) -> ActionPlan:
    """Return the plan with the action marked done on ``on``, with its evidence of closure."""
    found = [a for a in plan.actions if a.id.lower() == action_id.lower()]
    if not found:
        known = ", ".join(a.id for a in plan.actions[:12]) or "none yet"
        raise CorcliError(f"There is no action {action_id!r} in {ACTIONS_NAME}.", f"Action ids: {known}.")
    target = found[0]
    updated = target.model_copy(update={"done": on, "evidence": evidence or target.evidence})
    return plan.model_copy(update={"actions": [updated if a is target else a for a in plan.actions]})


@dataclass
class MergeResult:
    """What adding actions from the check or a CSV changed."""

    plan: ActionPlan
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def from_check(plan: ActionPlan, report: GapReport, today: date) -> MergeResult:
    """Add an action for each step on the check's path to pass that has no open action yet."""
    open_for = {a.requirement for a in plan.actions if a.is_open and a.requirement}
    result = MergeResult(plan)
    actions = list(plan.actions)
    for step in report.next_actions:
        if step.requirement in open_for or not step.action:
            result.unchanged += 1
            continue
        new_id = next_id(plan, [a.id for a in actions])
        actions.append(
            CorrectiveAction(
                id=new_id,
                action=step.action,
                origin=ActionOrigin.CHECK,
                requirement=step.requirement,
                raised=today,
            )
        )
        open_for.add(step.requirement)
        result.added.append(new_id)
    result.plan = plan.model_copy(update={"actions": actions})
    return result


def _cell_date(path: Path, line: int, column: str, value: str) -> date | None:
    text = value.strip()
    if not text:
        return None
    parsed = parse_typed_date(text)
    if parsed is None:
        raise DataFileError(
            path,
            [Problem(path, f"{column} {text!r} is not a date.", TYPED_DATE_HINT, line)],
        )
    return parsed


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorcliError(f"Cannot read {path}: {exc.strerror}.", "Check the path.") from None
    if size > MAX_CSV_BYTES:
        raise CorcliError(f"{path} is larger than 5 MB.", "Give the action-plan CSV that corcli wrote.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CorcliError(f"{path} is not UTF-8 text.", "Save it from the spreadsheet as CSV UTF-8.") from None
    except OSError as exc:
        raise CorcliError(f"Cannot read {path}: {exc.strerror}.", "Check the path.") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "action" not in header and "next_action" not in header:
        raise CorcliError(
            f"{path} has no 'action' or 'next_action' column.",
            "Import the CSV written by 'corcli actions --format csv' or 'corcli check --format csv'.",
        )
    rows = []
    for number, raw in enumerate(reader, start=2):
        rows.append((number, {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}))
    return rows


def _unformula(value: str) -> str:
    """Undo the leading quote the CSV export adds to cells that a spreadsheet would run as a formula."""
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@") else value


def import_csv(plan: ActionPlan, path: Path, today: date) -> MergeResult:
    """Merge an edited action-plan CSV (ours, or check's) into the plan: matching ids are updated, new rows added.

    Rows without an id (check's CSV, or rows added in the spreadsheet) match an action with the same text and
    requirement, so importing the same file twice adds nothing; rows with no action text are skipped.
    """
    actions = list(plan.actions)
    by_id = {a.id.lower(): i for i, a in enumerate(actions)}
    result = MergeResult(plan)
    for line, row in _rows(path):
        text = _unformula(row.get("action") or row.get("next_action") or "")
        requirement = _unformula(row.get("requirement", ""))
        if not text:
            continue
        values = {
            "owner": _unformula(row.get("owner", "")),
            "due": _cell_date(path, line, "due", row.get("due", "")),
            "done": _cell_date(path, line, "done", row.get("done", "")),
            "evidence": _unformula(row.get("evidence", "")) if "id" in row else "",
        }
        index = by_id.get(row.get("id", "").lower()) if row.get("id") else None
        if index is None and not row.get("id"):  # a row added in the spreadsheet, or check's CSV: match by text
            index = next(
                (i for i, a in enumerate(actions) if a.requirement == requirement and a.action == text),
                None,
            )
        try:
            if index is None:
                new_id = row.get("id") or next_id(plan, [a.id for a in actions])
                origin = row.get("origin") or ("check" if "next_action" in row else "other")
                known = {o.value for o in ActionOrigin}
                created = CorrectiveAction.model_validate(
                    {
                        "id": new_id,
                        "action": text,
                        "origin": origin if origin in known else ActionOrigin.OTHER.value,
                        "requirement": requirement,
                        "site": _unformula(row.get("site", "")),
                        "raised": _cell_date(path, line, "raised", row.get("raised", "")) or today,
                        "note": _unformula(row.get("note", "")),
                        **{k: v for k, v in values.items() if v},
                    }
                )
                by_id[created.id.lower()] = len(actions)
                actions.append(created)
                result.added.append(created.id)
                continue
            current = actions[index]
            changes = {k: v for k, v in values.items() if v and v != getattr(current, k)}
            if not changes:
                result.unchanged += 1
                continue
            actions[index] = CorrectiveAction.model_validate({**current.model_dump(), **changes})
            result.updated.append(current.id)
        except ValueError as exc:
            errors = getattr(exc, "errors", None)
            reason = str(errors()[0]["msg"]).removeprefix("Value error, ") if callable(errors) else str(exc)
            problem = Problem(path, f"row {line}: {reason}.", "Fix the row and import again.", line)
            raise DataFileError(path, [problem]) from None
    result.plan = plan.model_copy(update={"actions": actions})
    return result


def render_csv(plan: ActionPlan) -> str:
    """Return the plan as CSV for a spreadsheet (formula-like cells neutralised)."""
    rows = [[action.model_dump(mode="json")[c] for c in CSV_COLUMNS] for action in plan.actions]
    return csv_document(CSV_COLUMNS, rows)


__all__ = [
    "ACTIONS_NAME",
    "CSV_COLUMNS",
    "MergeResult",
    "action_plan_warnings",
    "actions_path",
    "add_action",
    "close_action",
    "dump_plan",
    "from_check",
    "import_csv",
    "load_plan",
    "next_id",
    "render_csv",
    "update_plan",
]
