"""``corcli demo``: the example workspace, its gaps, and a walk-through from not ready to ready."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.catalog.loader import load_catalog
from corcli.models import Verification

Invoke = Callable[..., Any]
TODAY = "2026-11-26"


def _check(invoke: Invoke, root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = invoke("check", "-w", root, "--today", TODAY, "-f", "json", *extra)
    return result.exit_code, json.loads(result.stdout)


def _statuses(report: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["status"] for e in report["elements"] for r in e["requirements"]}


@pytest.fixture
def demo(invoke: Invoke, tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    result = invoke("demo", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return root


def test_demo_creates_workspace_and_prints_report(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "demo"
    result = invoke("demo", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Created the demo workspace" in result.stderr
    assert "Not ready" in result.stdout
    assert "Projected score" in result.stdout
    assert (root / "corcli.yaml").is_file()
    assert (root / "evidence" / "index.yaml").is_file()
    records = [p for p in (root / "evidence").rglob("*.md") if p.name != "README.md"]
    assert len(records) > 40


def test_demo_evidence_is_indexed_and_verifies(invoke: Invoke, demo: Path) -> None:
    result = invoke("evidence", "verify", "-w", demo)
    assert result.exit_code == 0, result.output


def test_check_on_demo_exits_1_and_names_what_is_missing(invoke: Invoke, demo: Path) -> None:
    code, report = _check(invoke, demo)
    assert code == 1
    assert report["ready"] is False
    statuses = _statuses(report)
    for missing in ("1.2", "7.2", "12.1", "12.2", "13.1"):
        assert statuses[missing] == "missing", missing
    assert statuses["1.1"] == "partial"  # the policy is older than its 12-month review cycle
    assert statuses["9.2"] == "partial"  # a month with no inspection
    assert statuses["8.4"] == "partial"  # a month with no toolbox talk
    assert {n["requirement"] for n in report["not_applicable"]} == {"13.2", "13.3", "13.4"}
    assert report["records_history"]["status"] == "shorter_term"
    assert report["records_history"]["achievable"] == "1-year COR"
    assert report["weights_estimated"] is True
    assert any("modification time" in w for w in report["warnings"])
    text = invoke("check", "-w", demo, "--today", TODAY)
    assert text.exit_code == 1
    assert "Add the review record for 1.2" in text.stdout
    assert "Sep 2026" in invoke("check", "-w", demo, "--today", TODAY, "-f", "markdown").stdout


def _add(invoke: Invoke, root: Path, tmp: Path, requirement: str, day: str, name: str) -> None:
    source = tmp / name
    source.write_text(f"# {name}\n\nRecord for {requirement}, {day}.\n", encoding="utf-8")
    result = invoke("evidence", "add", source, "--requirement", requirement, "--date", day, "-w", root)
    assert result.exit_code == 0, result.output


def test_walk_through_from_not_ready_to_ready(invoke: Invoke, demo: Path, tmp_path: Path) -> None:
    code, before = _check(invoke, demo)
    assert code == 1
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # 1. Fix the records: re-signed policy, the yearly review, maintenance, statistics, program review,
    #    a contractor procedure, and the inspection and toolbox talk that were missed.
    for requirement, day, name in [
        ("1.1", "2026-11-20", "policy-resigned.md"),
        ("1.2", "2026-11-20", "policy-review.md"),
        ("7.2", "2026-10-14", "truck-and-hoist-maintenance.md"),
        ("12.1", "2026-11-02", "incident-statistics.md"),
        ("12.2", "2026-11-21", "program-review-and-action-plan.md"),
        ("13.1", "2026-11-21", "contractor-procedure.md"),
        ("9.2", "2026-09-05", "inspection-client-roofs.md"),
        ("8.4", "2026-07-05", "toolbox-talk.md"),
    ]:
        _add(invoke, demo, inbox, requirement, day, name)
    code, fixed = _check(invoke, demo)
    assert fixed["score"]["low"] > before["score"]["low"]
    assert fixed["score"]["high"] > before["score"]["high"]
    documentation = {
        r["id"]: r["status"]
        for e in fixed["elements"]
        for r in e["requirements"]
        if r["verification"] == "documentation" and r["status"] != "not_applicable"
    }
    assert set(documentation.values()) == {"met"}, documentation
    assert code == 1  # interviews and observation are still unanswered
    assert fixed["verdict"] == "depends"

    # 2. Answer the workbook for the interview and observation items: one projected number, and ready.
    standard = load_catalog().standard("acsa-secor")
    people = [
        r.id
        for e in standard.elements
        for r in e.requirements
        if r.verification != Verification.DOCUMENTATION and r.id not in {"13.4"}
    ]
    args = [arg for rid in people for arg in ("--answer", f"{rid}=met")]
    result = invoke("assess", "-w", demo, *args)
    assert result.exit_code == 0, result.output
    code, ready = _check(invoke, demo)
    assert ready["score"]["low"] == ready["score"]["high"] == 100.0
    assert ready["verdict"] == "ready"
    assert code == 0
    text = invoke("check", "-w", demo, "--today", TODAY)
    assert text.exit_code == 0, text.output
    assert "Ready for a 1-year COR" in text.stdout


def test_demo_refuses_a_non_empty_folder(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "busy"
    root.mkdir()
    (root / "notes.txt").write_text("mine")
    result = invoke("demo", root)
    assert result.exit_code == 2, result.output
    assert "not empty" in result.stderr
    assert "--force" in result.stderr
    assert not (root / "corcli.yaml").exists()


def test_demo_force_replaces_only_its_own_files(invoke: Invoke, demo: Path) -> None:
    mine = demo / "evidence" / "01-policy" / "my-own-note.txt"
    mine.write_text("keep me")
    result = invoke("demo", demo, "--force", "--today", "2027-03-15")
    assert result.exit_code == 0, result.output
    assert mine.read_text() == "keep me"
    inspections = sorted(p.name for p in (demo / "evidence" / "09-inspections").glob("*_req-9.2_*"))
    assert all(name >= "2026-08" for name in inspections), inspections  # the old run's records are gone


def test_demo_default_folder(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("demo", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "corcli-demo" / "corcli.yaml").is_file()


def test_demo_onto_a_file_is_an_input_error(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = invoke("demo", target)
    assert result.exit_code == 2, result.output
    assert "not a folder" in result.stderr


def test_following_path_to_pass_makes_the_demo_ready(invoke: Invoke, demo: Path) -> None:
    from datetime import date

    from tests.follow_path import follow_path

    code, before = _check(invoke, demo)
    assert code == 1
    path = before["path_to_pass"]
    assert path["reaches"] is True
    assert path["actions"]
    done = follow_path(invoke, demo, before, date.fromisoformat(TODAY))
    code, after = _check(invoke, demo)
    assert code == 0, (done, after["score"], after["elements_below_floor"], after["legislated_unmet"])
    assert after["ready"] is True


def test_check_text_shows_the_whole_standard_title_at_80_columns(invoke: Invoke, demo: Path) -> None:
    """The panel's title line is cut at the terminal's width, so the standard's title lives inside the panel."""
    result = invoke("check", "-w", demo, "--today", "2026-11-26", env={"COLUMNS": "80"})
    top = result.stdout.splitlines()[0]
    assert top.startswith("╭─ Prairie Roofing Ltd. · 2026-11-26 ─"), top
    assert "│ ACSA SECOR self-assessment (construction, Alberta, small employers)" in result.stdout


def test_check_refuses_an_existing_output_or_unknown_element_before_scoring(invoke: Invoke, demo: Path) -> None:
    """A refusal known from the options comes first: not after the whole check and its warnings."""
    target = demo / "readiness.html"
    target.write_text("mine")
    taken = invoke("check", "-w", demo, "--today", TODAY, "-f", "html", "-o", target)
    assert taken.exit_code == 2
    assert "already exists" in taken.stderr
    assert "Warning:" not in taken.stderr
    assert target.read_text() == "mine"
    unknown = invoke("check", "-w", demo, "--today", TODAY, "--element", "99")
    assert unknown.exit_code == 2
    assert "Unknown element '99'" in unknown.stderr
    assert "Warning:" not in unknown.stderr
