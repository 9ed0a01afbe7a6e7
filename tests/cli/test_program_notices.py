"""What a partner's program asks beyond the scored items (issue #12): MHCA's and CSAM's culture assessment and
MHCA's comment on every lost point are audit conditions, shown with their source by ``check`` and ``partners show``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Invoke = Callable[..., Any]
MHCA_TOOL = "https://mhcaworksafely.ca/cor-program/cor-audit-tool/"
CSAM_CULTURE = "https://www.constructionsafety.ca/safety-culture-assessment-in-audits/"


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize(("partner", "industry", "expected"), [
    ("mhca", "heavy-construction", ("culture assessment", "a comment explaining every point not awarded", MHCA_TOOL)),
    ("csam", "construction", ("Safety Culture Assessment", "not scored", "50% of the peak workforce")),
])  # fmt: skip
def test_check_names_the_programs_audit_conditions_with_their_source(
    invoke: Invoke, make_workspace: Callable[..., Path], partner: str, industry: str, expected: tuple[str, ...]
) -> None:
    root = make_workspace(name="Heavy Co", province="MB", industry=industry, employees=30, partner=partner)
    data = json.loads(invoke("check", "-w", root, "--format", "json", "--today", "2026-11-26").stdout)
    notices = [w for w in data["warnings"] if "audit also asks for" in w]
    assert len(notices) == 1, data["warnings"]
    for words in expected:
        assert words in notices[0]
    assert f"{partner.upper()}'s rule, likely; source: " in notices[0]
    text = invoke("check", "-w", root, "--today", "2026-11-26")
    assert "audit also asks for" in _flat(text.stderr)


def test_partners_show_gives_the_conditions_and_their_sources(invoke: Invoke) -> None:
    data = json.loads(invoke("partners", "show", "csam", "--format", "json").stdout)
    cor = next(p for p in data["programs"] if p["program"] == "COR")
    audits = cor["rules"][0]["audits"]
    assert "Safety Culture Assessment" in audits["value"]["conditions"]
    assert CSAM_CULTURE in audits["sources"]
    shown = _flat(invoke("partners", "show", "mhca").stdout)
    assert "conditions: a culture assessment submitted with every internal and external audit" in shown


def test_a_workspace_on_ihsa_cor_2015_is_told_cor_2020_replaced_it_and_migrate_lists_its_answers(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = make_workspace(name="On Co", province="ON", industry="construction", employees=30, partner="ihsa")
    profile = root / "corcli.yaml"
    text = profile.read_text()
    assert "  standard: null" in text  # the partner's current standard: COR 2020
    profile.write_text(text.replace("  standard: null", '  standard: "ihsa-cor-2015"'))
    check = invoke("check", "-w", root, "--format", "json", "--today", "2026-11-26")
    warnings = json.loads(check.stdout)["warnings"]
    assert any("is superseded by ihsa-cor-2020" in w and "corcli migrate" in w for w in warnings), warnings
    # The user follows the advice: the partner's current standard, then migrate.
    profile.write_text(text)
    answers = 'standard: ihsa-cor-2015\nanswers:\n  - requirement: "16.1"\n    answer: met\n'
    (root / "assessment.yaml").write_text(answers)
    told = invoke("check", "-w", root, "--today", "2026-11-26")
    assert "The audit standard was updated: run 'corcli migrate'" in _flat(told.stderr)
    plan = invoke("migrate", "-w", root)
    assert plan.exit_code == 1, plan.output  # a dry run that would change something
    out = _flat(plan.stdout)
    assert "Standard: ihsa-cor-2015 -> ihsa-cor-2020" in out
    assert "No known new id for answer 16.1" in out
