"""``corcli plan`` through the CLI: the sourced sample, its formats, and interview prep sheets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corcli.rules.sampling import ESC_SOURCE, SELECTION_SOURCE

Invoke = Callable[..., Any]

ROLES = """roles:
  - {name: Owner, count: 1, level: management}
  - {name: Foreman, count: 4, level: supervisor, shifts: [day, night]}
  - {name: Roofer, count: 40, level: worker, shifts: [day, night]}
  - {name: Labourer, count: 5, level: worker, shifts: [day]}"""
SITES = "sites:\n" + "\n".join(f"  - {{name: Site {i}}}" for i in range(1, 6))


def company(make_workspace: Callable[..., Path], employees: int = 50) -> Path:
    root = make_workspace(employees=employees)
    profile = root / "corcli.yaml"
    text = profile.read_text()
    assert "roles: []" in text
    assert "sites: []" in text
    profile.write_text(text.replace("roles: []", ROLES).replace("sites: []", SITES))
    return root


def test_plan_50_workers_on_5_sites_gives_sourced_minimums(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = company(make_workspace)
    result = invoke("plan", "-w", root)
    assert result.exit_code == 0, result.output
    assert "at least 19 of 50 workers" in result.stdout
    assert "at least 3 of 5 active sites" in result.stdout
    assert ESC_SOURCE in result.stdout
    assert "The auditor, not the company, chooses who is interviewed" in result.stdout
    assert SELECTION_SOURCE in result.stdout


def test_plan_json_and_markdown(invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    root = company(make_workspace)
    data = json.loads(invoke("plan", "-w", root, "--format", "json").stdout)
    assert data["interviews"]["minimum"] == 19
    assert data["sites"]["minimum_visits"] == 3
    assert data["interviews"]["basis"][0]["sources"] == [ESC_SOURCE]
    assert sum(g["interviews"] for g in data["interviews"]["groups"]) == data["interviews"]["planned"]
    target = tmp_path / "plan.md"
    written = invoke("plan", "-w", root, "--format", "markdown", "--output", target)
    assert written.exit_code == 0, written.output
    assert "## Interviews" in target.read_text()
    assert invoke("plan", "-w", root, "--format", "markdown", "--output", target).exit_code == 2
    assert invoke("plan", "-w", root, "--format", "markdown", "--output", target, "--force").exit_code == 0


def test_plan_without_roles_warns(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    result = invoke("plan", "-w", root)
    assert result.exit_code == 0, result.output
    assert "lists no roles" in result.stderr


def test_plan_prep_sheets_per_role(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = company(make_workspace)
    sheets = invoke("plan", "prep", "-w", root)
    assert sheets.exit_code == 0, sheets.output
    assert sheets.stdout.count("# Interview prep:") == 4
    assert "## Topics the auditor may ask about" in sheets.stdout
    same = invoke("plan", "-w", root, "--prep")
    assert same.stdout == sheets.stdout
    one = invoke("plan", "prep", "-w", root, "--role", "roofer", "--format", "html")
    assert one.exit_code == 0
    assert one.stdout.count("<h1>Interview prep:") == 1
    assert "<!DOCTYPE html>" in one.stdout


def test_plan_prep_unknown_role_is_an_input_error(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = company(make_workspace)
    result = invoke("plan", "prep", "-w", root, "--role", "Pilot")
    assert result.exit_code == 2
    assert "Roofer" in result.stderr


def test_every_plan_and_prep_format_is_handled(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    from corcli.cli.plan import PlanFormat, PrepFormat

    root = company(make_workspace)
    for fmt in PlanFormat:
        result = invoke("plan", "-w", root, "--format", fmt.value)
        assert result.exit_code == 0, result.output
        assert ESC_SOURCE in result.stdout
    for prep in PrepFormat:
        result = invoke("plan", "prep", "-w", root, "--format", prep.value)
        assert result.exit_code == 0, result.output
        assert "Roofer" in result.stdout


def test_plan_without_sites_says_to_list_them(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    """A profile with no site gets how to plan the visits, not 'at least 0 of 0 active sites'."""
    root = make_workspace()
    for fmt in ("text", "markdown"):
        result = invoke("plan", "-w", root, "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "0 of 0" not in result.stdout
        assert "no sites listed in corcli.yaml" in result.stdout.lower()


def test_plan_names_whose_table_it_assumes_when_the_partner_publishes_none(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    """ACSA publishes no interview table: the plan says so and marks the table it borrows as uncertain."""
    root = make_workspace(employees=14)
    result = invoke("plan", "-w", root)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "ACSA publishes no interview sampling table" in text
    assert "assumption (uncertain)" in text
    assert "SafetyDriven" in text
    data = json.loads(invoke("plan", "-w", root, "--format", "json").stdout)
    used = data["interviews"]["basis"][0]
    assert used["uncertain"] is True
    assert used["decided_by"] == "SafetyDriven"
    assert used["explanation"].startswith("ACSA publishes no interview sampling table")


def test_plan_uses_the_partners_own_table_as_certain(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace(province="BC", industry="trucking", employees=50, partner="safetydriven")
    data = json.loads(invoke("plan", "-w", root, "--format", "json").stdout)
    used = data["interviews"]["basis"][0]
    assert data["interviews"]["minimum"] == 19
    assert used["uncertain"] is False
    assert used["decided_by"] == "SafetyDriven"
    assert not any("publishes no" in note for note in data["notes"])


def test_a_basis_without_sources_prints_no_empty_source_line(make_workspace: Callable[..., Path]) -> None:
    """'No sampling table' has no source: text and Markdown once printed an empty 'Source:' after it."""
    from corcli.render.sampling import render_plan, render_text
    from corcli.rules.sampling import _no_table
    from corcli.services.project import open_project
    from corcli.services.sampling import plan_for

    root = make_workspace(employees=14)
    plan = plan_for(open_project(root, None, root))
    interviews = plan.interviews.model_copy(update={"basis": [_no_table("interviews")]})
    plan = plan.model_copy(update={"interviews": interviews})
    for text in (render_text(plan), render_plan(plan, "markdown")):
        assert "no published interviews sampling table" in text
        assert not any(line.strip().endswith("Source:") for line in text.splitlines()), text
