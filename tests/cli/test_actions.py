"""``corcli actions``: the corrective-action plan, from check, by hand, edited as CSV and imported back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Invoke = Callable[..., Any]
TODAY = ("--today", "2026-11-26")


@pytest.fixture
def workspace(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace()


def _plan(invoke: Invoke, root: Path) -> dict[str, Any]:
    result = invoke("actions", "-w", root, "-f", "json", *TODAY)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_from_check_adds_the_path_to_pass_once(invoke: Invoke, workspace: Path) -> None:
    first = invoke("actions", "-w", workspace, "from-check", "--top", "3", *TODAY)
    assert first.exit_code == 0, first.output
    assert "3 added" in first.output
    again = invoke("actions", "-w", workspace, "from-check", "--top", "3", *TODAY)
    assert "0 added" in again.output  # an open action per requirement is not added twice
    plan = _plan(invoke, workspace)
    assert [a["origin"] for a in plan["actions"]] == ["check"] * 3
    assert all(a["requirement"] for a in plan["actions"])
    assert plan["open"] == 3


def test_add_done_and_counts_in_check_and_due(invoke: Invoke, workspace: Path) -> None:
    added = invoke(
        "actions", "-w", workspace, "add", "Guard the grinder", "--owner", "Dana", "--due", "2026-11-20", *TODAY
    )
    assert added.exit_code == 0, added.output
    invoke("actions", "-w", workspace, "add", "Replace the extinguisher", "--from", "investigation", *TODAY)
    assert _plan(invoke, workspace)["overdue"] == 1
    warnings = json.loads(invoke("check", "-w", workspace, "-f", "json", *TODAY).stdout)["warnings"]
    assert "2 corrective action(s) open in actions.yaml, 1 overdue: 'corcli actions' lists them." in warnings
    due = invoke("due", "-w", workspace, "-f", "json", *TODAY)
    assert due.exit_code == 1
    assert [i["title"] for i in json.loads(due.stdout)["items"] if i["kind"] == "action"] == [
        "Corrective action A-001: Guard the grinder"
    ]
    closed = invoke("actions", "-w", workspace, "done", "A-001", "--evidence", "02-hazards/fix.jpg", *TODAY)
    assert closed.exit_code == 0, closed.output
    plan = _plan(invoke, workspace)
    assert plan["actions"][0]["done"] == "2026-11-26"
    assert plan["actions"][0]["evidence"] == "02-hazards/fix.jpg"
    assert (plan["open"], plan["overdue"]) == (1, 0)
    assert invoke("due", "-w", workspace, *TODAY).exit_code == 0
    unknown = invoke("actions", "-w", workspace, "done", "A-999", *TODAY)
    assert unknown.exit_code == 2
    assert "no action 'A-999'" in unknown.output


def test_edited_csv_is_imported_back(invoke: Invoke, workspace: Path, tmp_path: Path) -> None:
    invoke("actions", "-w", workspace, "from-check", "--top", "2", *TODAY)
    exported = tmp_path / "plan.csv"
    assert invoke("actions", "-w", workspace, "-f", "csv", "-o", exported).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    rows[0].update(owner="Dana Roy", due="2026-12-15", done="2026-11-27", evidence="01-policy/signed.pdf")
    rows[1].update(owner="=HYPERLINK(1)")
    rows.append({**dict.fromkeys(rows[0], ""), "action": "Fence the laydown yard", "due": "2026-12-01"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    exported.write_text(buffer.getvalue())
    result = invoke("actions", "-w", workspace, "import", exported, *TODAY)
    assert result.exit_code == 0, result.output
    assert "1 added, 2 updated" in result.output
    plan = _plan(invoke, workspace)["actions"]
    assert plan[0]["owner"] == "Dana Roy"
    assert plan[0]["done"] == "2026-11-27"
    assert plan[0]["evidence"] == "01-policy/signed.pdf"
    assert plan[1]["owner"] == "=HYPERLINK(1)"  # kept as text; the CSV export neutralises it again
    assert plan[2]["action"] == "Fence the laydown yard"
    assert plan[2]["id"] == "A-003"
    assert invoke("actions", "-w", workspace, "import", exported, *TODAY).output.count("0 added, 0 updated") == 1


def test_check_csv_owner_due_done_columns_are_read(invoke: Invoke, workspace: Path, tmp_path: Path) -> None:
    report = tmp_path / "check.csv"
    invoke("check", "-w", workspace, "-f", "csv", "-o", report, *TODAY)
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    ranked = [r for r in rows if r["rank"]][:2]
    ranked[0].update(owner="Sam", due="2026-12-31")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(ranked)
    report.write_text(buffer.getvalue())
    assert invoke("actions", "-w", workspace, "import", report, *TODAY).exit_code == 0
    plan = _plan(invoke, workspace)["actions"]
    assert [(a["origin"], a["owner"], a["due"]) for a in plan] == [("check", "Sam", "2026-12-31"), ("check", "", None)]


def test_bad_csv_date_names_the_row(invoke: Invoke, workspace: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,action,raised,done\n,Fix it,2026-11-20,2026-11-01\n")
    result = invoke("actions", "-w", workspace, "import", bad, *TODAY)
    assert result.exit_code == 2
    assert "bad.csv:2: row 2: done is before raised." in result.output
    bad.write_text("id,action,due\n,Fix it,next week\n")
    result = invoke("actions", "-w", workspace, "import", bad, *TODAY)
    assert result.exit_code == 2
    assert "bad.csv:2" in result.output
    assert "not a date" in result.output
    assert not (workspace / "actions.yaml").exists()  # nothing written
    bad.write_text("who,what\nx,y\n")
    assert "no 'action' or 'next_action' column" in invoke("actions", "-w", workspace, "import", bad).output
