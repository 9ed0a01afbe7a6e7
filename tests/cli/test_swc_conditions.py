"""SAFE Work Manitoba sets SAFE Work Certified's audit conditions for every SWC partner (issue #12): the worker
co-chair or representative at the pre-audit meeting, a report with a commentary on safety culture, worker
interviews, the maintenance tool. They live once on Manitoba's file and reach each SWC partner's program through
the one resolution; ``check`` (every format) and ``partners show`` (text and JSON) name SAFE Work Manitoba and
the source. No SWC pass mark is published: the user is told so, and what corcli assumes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.catalog.loader import load_catalog
from corcli.models import Program
from corcli.rules.eligibility import resolve_program

Invoke = Callable[..., Any]
PROCESS = (
    "https://www.safemanitoba.com/safe-work-certified/Pages/Process-for-Conducting-a-SAFE-Work-Certified-Audit-.aspx"
)
SWC_PARTNERS = ("made-safe", "mash", "mvsam", "rpm", "s2sa", "mb-farm-safety")


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("partner", SWC_PARTNERS)
def test_every_swc_partner_gets_safe_work_manitobas_conditions(partner: str) -> None:
    catalog = load_catalog()
    rules = resolve_program(catalog.jurisdictions["MB"], catalog.partners[partner], Program.COR)
    assert rules.certificate_name == "SAFE Work Certified"
    conditions = rules.audit_conditions
    assert {c.decided_by for c in conditions} == {"SAFE Work Manitoba"}
    assert all(c.sources and c.certainty in {"confirmed", "likely"} for c in conditions)
    assert [c.certainty for c in conditions if "fdocuments" in c.sources[0]] == ["likely"]
    words = " ".join(c.value for c in conditions)
    assert "worker co-chair or the worker representative" in words
    assert "commentary on the company's safety culture" in words
    assert PROCESS in conditions[0].sources


def test_programs_of_other_certificates_get_none() -> None:
    catalog = load_catalog()
    mb = catalog.jurisdictions["MB"]
    assert resolve_program(mb, catalog.partners["csam"], Program.COR).audit_conditions == []
    assert resolve_program(mb, catalog.partners["mhca"], Program.SECOR).audit_conditions == []


def test_a_condition_source_must_be_listed() -> None:
    catalog = load_catalog()
    mb = catalog.jurisdictions["MB"]
    data = mb.model_dump(mode="json")
    data["audit_conditions"][0]["sources"] = ["https://example.org/not-listed"]
    with pytest.raises(ValueError, match="audit_conditions sources must be listed"):
        type(mb).model_validate(data)


def _workspace(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace(name="Widget Co", province="MB", industry="manufacturing", employees=30, partner="made-safe")


def test_check_names_the_conditions_and_the_missing_pass_mark_in_every_format(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = _workspace(make_workspace)
    data = json.loads(invoke("check", "-w", root, "--format", "json", "--today", "2026-11-26").stdout)
    notices = [w for w in data["warnings"] if w.startswith("SAFE Work Manitoba's SAFE Work Certified audit")]
    assert len(notices) == 5, data["warnings"]
    assert "SAFE Work Manitoba's rule, confirmed; source: " + PROCESS in notices[0]
    assert "do not say that the worker co-chair or representative signs" in notices[0]
    pass_mark = [w for w in data["warnings"] if w.startswith("The pass mark used is uncertain")]
    assert len(pass_mark) == 1
    assert "SAFE Work Manitoba has not published a pass mark" in pass_mark[0]
    assert "corcli assumes construction COR's 80% overall and 50% in every element" in pass_mark[0]
    text = _flat(invoke("check", "-w", root, "--today", "2026-11-26").stderr)
    assert "SAFE Work Manitoba's SAFE Work Certified audit also asks for: a pre-audit meeting" in text
    assert "SAFE Work Manitoba has not published a pass mark" in text
    for fmt in ("markdown", "html"):
        shown = _flat(invoke("check", "-w", root, "--format", fmt, "--today", "2026-11-26").stdout)
        assert "SAFE Work Manitoba has not published a pass mark" in shown, fmt
        assert "worker co-chair or the worker representative" in shown, fmt
    # CSV has one row per requirement; its messages go to stderr, like every format's.
    result = invoke("check", "-w", root, "--format", "csv", "--today", "2026-11-26")
    assert next(csv.reader(io.StringIO(result.stdout)))[0].lstrip("\ufeff") == "rank"
    shown = _flat(result.stderr)
    assert "worker co-chair or the worker representative" in shown
    assert "SAFE Work Manitoba has not published a pass mark" in shown


def test_partners_show_gives_safe_work_manitobas_conditions(invoke: Invoke) -> None:
    data = json.loads(invoke("partners", "show", "s2sa", "--format", "json").stdout)
    rules = data["programs"][0]["rules"][0]
    conditions = rules["audit_conditions"]
    assert conditions[0]["decided_by"] == "SAFE Work Manitoba"
    assert PROCESS in conditions[0]["sources"]
    assert "SAFE Work Manitoba has not published a pass mark" in rules["pass_rules"]["note"]
    shown = _flat(invoke("partners", "show", "s2sa").stdout)
    assert "Audit condition: a pre-audit meeting with the auditor" in shown
    assert "(confirmed — SAFE Work Manitoba — https://www.safemanitoba.com/" in shown
    assert "(uncertain — Manitoba) SAFE Work Manitoba has not published a pass mark" in shown
