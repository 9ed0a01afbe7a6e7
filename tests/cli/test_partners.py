"""``corcli partners list/show`` over the shipped catalog."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Invoke = Callable[..., Any]


def test_partners_list_alberta_marks_certainty(invoke: Invoke) -> None:
    result = invoke("partners", "list", "--province", "AB", "--format", "json")
    assert result.exit_code == 0, result.output
    partners = json.loads(result.stdout)
    ids = {p["id"] for p in partners}
    assert "acsa" in ids
    assert all(p["listing"] in {"confirmed", "likely", "uncertain"} for p in partners)
    assert all("AB" in p["jurisdictions"] for p in partners)


def test_partners_list_table_goes_to_stdout(invoke: Invoke) -> None:
    result = invoke("partners", "list", "--province", "AB")
    assert result.exit_code == 0
    assert "acsa" in result.stdout
    assert "Listing" in result.stdout


def test_partners_list_program_filter(invoke: Invoke) -> None:
    result = invoke("partners", "list", "--program", "SECOR", "--format", "json")
    assert result.exit_code == 0
    for partner in json.loads(result.stdout):
        assert any(p["program"] == "SECOR" and p["offered"] != "no" for p in partner["programs"])


def test_partners_list_output_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "partners.json"
    result = invoke("partners", "list", "--format", "json", "--output", target)
    assert result.exit_code == 0
    assert json.loads(target.read_text())
    assert result.stdout == ""


def test_partners_list_unknown_province_and_industry(invoke: Invoke) -> None:
    bad_province = invoke("partners", "list", "--province", "QQ")
    assert bad_province.exit_code == 2
    assert "Unknown province or territory 'QQ'" in bad_province.stderr
    bad_industry = invoke("partners", "list", "--industry", "constructoin")
    assert bad_industry.exit_code == 2
    assert "Did you mean 'construction'" in bad_industry.stderr


def test_partners_show_acsa_lists_cor_and_secor_elements(invoke: Invoke) -> None:
    result = invoke("partners", "show", "acsa")
    assert result.exit_code == 0, result.output
    assert "COR in AB" in result.stdout
    assert "SECOR in AB" in result.stdout
    assert "Sources:" in result.stdout
    as_json = json.loads(invoke("partners", "show", "ACSA", "--format", "json").stdout)
    assert set(as_json["standards"]) == {"acsa-cor", "acsa-secor"}
    assert all(s["elements"] for s in as_json["standards"].values())


def test_partners_show_unknown_id_suggests(invoke: Invoke) -> None:
    result = invoke("partners", "show", "acs")
    assert result.exit_code == 2
    assert "Did you mean" in result.stderr
    assert "acsa" in result.stderr


def test_partners_show_reports_a_workspace_override(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    from corcli.storage import resources

    root = make_workspace()
    (root / "partners").mkdir()
    original = (resources.data_dir() / "partners" / "acsa.yaml").read_text()
    (root / "partners" / "acsa.yaml").write_text(
        original.replace("name: Alberta Construction Safety Association", "name: ACSA (our local copy)")
    )
    result = invoke("partners", "show", "acsa", "-w", root)
    assert result.exit_code == 0, result.output
    assert "our local copy" in result.stdout
    assert "replaces" in result.stderr


def _rules(invoke: Invoke, partner_id: str, program: str) -> dict[str, Any]:
    result = invoke("partners", "show", partner_id, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    entry = next(p for p in data["programs"] if p["program"] == program)
    assert entry["rules"], f"{partner_id} {program} has no resolved rules"
    rules: dict[str, Any] = entry["rules"][0]
    return rules


def test_partners_show_json_carries_scsa_rules_with_sources(invoke: Invoke) -> None:
    rules = _rules(invoke, "scsa", "SECOR")
    eligibility = rules["eligibility"]
    assert eligibility["value"]["max_headcount"] == 9
    assert "sub-contractors" in eligibility["value"]["counted"]
    assert eligibility["decided_by"] == "SCSA"
    assert eligibility["sources"] == ["https://scsaonline.ca/programs/secor"]
    assert rules["audits"]["value"]["certification"] == "partner"


def test_partners_show_json_marks_made_safe_secor_unknown(invoke: Invoke) -> None:
    rules = _rules(invoke, "made-safe", "SECOR")
    assert rules["offered"]["value"] == "unknown"
    assert rules["offered"]["certainty"] == "unknown"
    assert rules["eligibility"]["certainty"] == "unknown"


def test_partners_show_text_names_who_set_each_rule(invoke: Invoke) -> None:
    result = invoke("partners", "show", "esc")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "maintenance 60% overall" in text
    assert "register year-end audits by 15 Dec" in text
    assert "submit within 21 days" in text
    assert "ESC" in text


def test_partners_show_names_the_standard_id(invoke: Invoke) -> None:
    """The id in brackets is text, not Rich markup (it used to vanish)."""
    result = invoke("partners", "show", "ihsa")
    assert result.exit_code == 0, result.output
    assert "[ihsa-cor-2020]" in result.stdout
