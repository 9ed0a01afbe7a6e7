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
