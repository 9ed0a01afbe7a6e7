"""Changing the program (``init --force`` to another certificate or partner) loses nothing (#11 point 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from corcli.services.project import load_profile

Invoke = Callable[..., Any]


def _files(root: Path) -> dict[str, bytes]:
    """Every file the user could have made (corcli's own state folder aside), by path."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".corcli" not in p.relative_to(root).parts
    }


def _secor_workspace(invoke: Invoke, make_workspace: Callable[..., Path]) -> Path:
    """An ACSA SECOR workspace with a filled-in profile, answers, indexed and named evidence."""
    root = make_workspace(extra=("--trade", "roofing", "--records-since", "2026-01-05", "--address", "1 Main St"))
    profile = root / "corcli.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("roles: []", "roles:\n  - {name: Roofer, count: 6}")
    text = text.replace("senior_manager: null", "senior_manager: {name: Dana Roy, title: Owner}")
    profile.write_text(text, encoding="utf-8")
    evidence = root / "evidence"
    (evidence / "02-hazard-assessments" / "2026-10-01_hazard-assessment.pdf").write_bytes(b"%PDF hazards")
    (evidence / "09-inspections" / "2026-10-01_req-9.1_yard.pdf").write_bytes(b"%PDF yard")
    record = root / "policy.pdf"
    record.write_bytes(b"%PDF policy")
    added = invoke(
        "evidence", "add", "-w", root, record, "--requirement", "1.1", "--date", "2026-10-02", "-n", "signed"
    )
    assert added.exit_code == 0, added.output
    record.unlink()
    assert invoke("assess", "-w", root, "-a", "1.1=met", "-n", "seen").exit_code == 0
    return root


def test_changing_the_program_keeps_everything_and_maps_what_it_can(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = _secor_workspace(invoke, make_workspace)
    before = _files(root)
    old_profile = (root / "corcli.yaml").read_bytes()
    old_assessment = (root / "assessment.yaml").read_bytes()
    old_index = (root / "evidence" / "index.yaml").read_bytes()

    result = invoke("init", root, "--yes", "--force", "--program", "COR", "--employees", "25")
    assert result.exit_code == 0, result.output

    after = _files(root)
    changed = {"corcli.yaml", "assessment.yaml", "evidence/index.yaml"}
    for path, data in before.items():  # nothing the user made is gone or different (but the three corcli rewrites)
        assert path in after, f"{path} was removed"
        assert path in changed or after[path] == data, f"{path} was changed"
    profile = load_profile(root / "corcli.yaml")
    assert profile.certification.program.value == "COR"
    assert profile.company.employees == 25
    assert (profile.company.trade, profile.company.address) == ("roofing", "1 Main St")
    assert str(profile.certification.records_since) == "2026-01-05"
    assert [r.name for r in profile.roles] == ["Roofer"]
    assert profile.senior_manager is not None
    assert profile.senior_manager.name == "Dana Roy"
    # The new standard's hazard assessment element keeps using the folder the records are in; no second one.
    assert profile.certification.folders["05-hazard-assessment"] == "02-hazard-assessments"
    assert not (root / "evidence" / "05-hazard-assessment").exists()
    assert (root / "evidence" / "01-management-commitment" / "README.md").is_file()  # no match: created
    # Backups of the profile, the workbook and the index, byte for byte.
    state = root / ".corcli"
    assert [p.read_bytes() for p in state.glob("corcli.*.yaml")] == [old_profile]
    kept = [p.read_bytes() for p in (state / "migrate-backups").iterdir()]
    assert old_assessment in kept
    assert old_index in kept
    # The answer and the tie made for SECOR's 1.1 no longer claim COR's unrelated 1.1.
    workbook = yaml.safe_load((root / "assessment.yaml").read_text(encoding="utf-8"))
    assert workbook["standard"] == "acsa-cor"
    assert workbook["answers"] == []
    index = yaml.safe_load((root / "evidence" / "index.yaml").read_text(encoding="utf-8"))
    (item,) = index["items"]
    assert item.get("requirement") is None
    assert item["note"] == "signed"
    assert str(item["record_date"]) == "2026-10-02"
    # The user is told what was kept, taken out and what to change by hand.
    err = " ".join(result.stderr.split())
    assert "from 'acsa-secor' to 'acsa-cor'" in err
    assert "02-hazard-assessments for element 5" in err
    assert "taken out of assessment.yaml: 1.1" in err
    assert "2026-10-02_req-1.1_policy.pdf (1.1)" in err
    assert "09-inspections/2026-10-01_req-9.1_yard.pdf (9.1)" in err  # a name only its owner may change
    assert "09-inspections" in err
    assert "no element of 'acsa-cor' uses" in err

    checked = invoke("check", "-w", root, "--format", "json")
    assert checked.exit_code in (0, 1), checked.output
    report = json.loads(checked.stdout)
    assert report["standard"]["id"] == "acsa-cor"
    counted = {e["path"]: e["counted_for"] for e in report["evidence"]}
    assert counted["02-hazard-assessments/2026-10-01_hazard-assessment.pdf"] == ["5.1"]  # counts in its old folder

    # Running it again with the same program changes nothing more and keeps the folder mapping.
    again = invoke("init", root, "--yes", "--force", "--employees", "26")
    assert again.exit_code == 0, again.output
    assert load_profile(root / "corcli.yaml").certification.folders == profile.certification.folders
    assert not (root / "evidence" / "05-hazard-assessment").exists()
    assert "changes from" not in again.stderr
    assert len(list(state.glob("corcli.*.yaml"))) == 2  # two backups in the same second do not collide


@pytest.mark.parametrize(
    ("mapping", "expect"),
    [
        ("{nope: 01-policy}", "not an element folder of 'acsa-secor'"),
        ("{01-policy: 02-hazard-assessments}", "to two elements"),
        ("{01-policy: unsorted}", "not sorted yet"),
        ("[01-policy]", "must be a mapping"),
    ],
)
def test_a_wrong_folder_mapping_is_one_clear_line(
    invoke: Invoke, make_workspace: Callable[..., Path], mapping: str, expect: str
) -> None:
    root = make_workspace()
    profile = root / "corcli.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("  auditor:", f"  folders: {mapping}\n  auditor:"), encoding="utf-8")
    result = invoke("check", "-w", root)
    assert result.exit_code == 2
    assert expect in result.stderr
    assert "corcli.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_init_force_over_a_profile_it_cannot_read_keeps_it_and_says_so(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    broken = b"company: [unclosed\n  roles: Roofer x6\n"
    (root / "corcli.yaml").write_bytes(broken)
    args = ("--yes", "--name", "P", "--province", "AB", "--industry", "construction", "--employees", "8")
    result = invoke("init", root, *args, "--partner", "acsa", "--force")
    assert result.exit_code == 0, result.output
    assert "could not be read" in result.stderr
    (backup,) = (root / ".corcli").glob("corcli.*.yaml")
    assert backup.read_bytes() == broken  # the unreadable profile is kept, byte for byte
    assert load_profile(root / "corcli.yaml").company.name == "P"


def test_moving_to_a_province_without_cor_sets_up_its_legal_program(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = _secor_workspace(invoke, make_workspace)
    moved = invoke("init", root, "--yes", "--force", "--province", "PE")
    assert moved.exit_code == 0, moved.output
    profile = load_profile(root / "corcli.yaml")
    assert profile.certification.partner is None  # ACSA certifies in Alberta only: not carried over
    assert profile.certification.standard == "pe-ohs-legal"
    assert [r.name for r in profile.roles] == ["Roofer"]
    checked = invoke("check", "-w", root)
    assert checked.exit_code in (0, 1), checked.output
    back = invoke("init", root, "--yes", "--force", "--province", "AB", "--partner", "acsa")
    assert back.exit_code == 0, back.output
    assert load_profile(root / "corcli.yaml").certification.standard is None  # the partner's own again
    assert invoke("check", "-w", root).exit_code in (0, 1)
