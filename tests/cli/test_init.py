"""``corcli init`` through the CLI: decisions, files written, and errors for people."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.catalog.loader import load_catalog
from corcli.models import CompanyProfile
from corcli.storage import yamlio

Invoke = Callable[..., Any]
ARGS = ("--yes", "--name", "Prairie Roofing Ltd.", "--province", "AB", "--industry", "construction")


def test_init_small_alberta_roofer_gets_secor_with_reasons(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = invoke("init", root, *ARGS, "--employees", "8", "--partner", "acsa")
    assert result.exit_code == 0, result.output
    assert "SECOR" in result.stdout
    assert "within ACSA's SECOR limit of 10" in result.stdout
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert profile.company.employees == 8
    standard = load_catalog().standard("acsa-secor")
    folders = sorted(p.name for p in (root / "evidence").iterdir())
    assert folders == sorted(e.folder for e in standard.elements)
    readme = (root / "evidence" / standard.elements[0].folder / "README.md").read_text()
    assert standard.elements[0].requirements[0].id in readme


def test_init_twenty_five_workers_get_cor(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", tmp_path / "ws", *ARGS, "--employees", "25", "--partner", "acsa")
    assert result.exit_code == 0, result.output
    assert "COR with" in result.stdout
    assert "SECOR limit of 10" in result.stdout


def test_init_secor_above_threshold_is_an_input_error(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = invoke("init", root, *ARGS, "--employees", "11", "--partner", "acsa", "--program", "SECOR")
    assert result.exit_code == 2, result.output
    assert "limit of 10" in result.stderr
    assert not (root / "corcli.yaml").exists()


def test_init_never_overwrites_a_profile_without_force(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke("init", root, *ARGS, "--employees", "8", "--partner", "acsa").exit_code == 0
    profile = root / "corcli.yaml"
    profile.write_text(profile.read_text() + "# my own note\n")
    keepsake = root / "evidence" / "01-policy" / "policy.pdf"
    keepsake.write_bytes(b"signed policy")
    again = invoke("init", root, *ARGS, "--employees", "9", "--partner", "acsa")
    assert again.exit_code == 2
    assert "--force" in again.stderr
    assert profile.read_text().endswith("# my own note\n")
    forced = invoke("init", root, *ARGS, "--employees", "9", "--partner", "acsa", "--force")
    assert forced.exit_code == 0, forced.output
    assert "employees: 9" in profile.read_text()
    assert keepsake.read_bytes() == b"signed policy"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--partner", "acsb"), "Did you mean 'acsa'"),
        (("--partner", "nope-partner"), "partners list"),
        (("--partner", "acsa", "--province", "ZZ"), "Unknown province or territory 'ZZ'"),
        (("--partner", "acsa", "--industry", "constrution"), "Did you mean 'construction'"),
        (("--partner", "acsa", "--program", "GOLD"), "auto, COR, SECOR"),
        (("--partner", "acsa", "--records-since", "2026-13-01"), "YYYY-MM-DD"),
        (("--partner", "acsa", "--records-since", "2999-01-01"), "--records-since '2999-01-01' is in the future"),
        (("--partner", "acsa", "--certified-on", "June 2099"), "--certified-on 'June 2099' is in the future"),
        (("--partner", "acsa", "--employees", "0"), "employees"),
    ],
)
def test_init_bad_input_gives_one_message_and_exit_2(
    invoke: Invoke, tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    root = tmp_path / "ws"
    base = ["--yes", "--name", "X", "--province", "AB", "--industry", "construction", "--employees", "5"]
    result = invoke("init", root, *base, *args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert not (root / "corcli.yaml").exists()


def test_init_without_partner_lists_the_partners_for_the_province_and_industry(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", tmp_path / "ws", *ARGS, "--employees", "8")
    assert result.exit_code == 2
    assert "--partner is required" in result.stderr
    assert "acsa" in result.stderr


def test_init_partner_from_another_province_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    catalog = load_catalog()
    other = next((p for p in catalog.partners.values() if "AB" not in p.jurisdictions), None)
    if other is None:
        pytest.fail("the shipped catalog should have partners outside Alberta")
    result = invoke("init", tmp_path / "ws", *ARGS, "--employees", "8", "--partner", other.id)
    assert result.exit_code == 2
    assert "does not certify employers in Alberta" in result.stderr


def test_init_interactive_asks_and_suggests_partners(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    # name, province, industry, trade, workers, partner, address, WCB number, records, certificate, audit, roles, sites
    answers = "Prairie Roofing Ltd.\nAB\nconstruction\n\n8\nacsa\n\n\n2026-06-01\n\n\n\n\n"
    result = invoke("init", root, "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "acsa" in result.stderr  # the suggestion list
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert profile.company.name == "Prairie Roofing Ltd."
    assert str(profile.certification.records_since) == "2026-06-01"


def test_init_writes_a_profile_that_validates(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert invoke("init", root, *ARGS, "--employees", "8", "--partner", "acsa").exit_code == 0
    result = invoke("validate", "-w", root)
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout


def _jurisdiction_cases() -> list[tuple[str, str | None]]:
    catalog = load_catalog()
    cases: list[tuple[str, str | None]] = []
    for _code, jurisdiction in sorted(catalog.jurisdictions.items()):
        province = jurisdiction.covers[0]
        partners = [p for p in catalog.partners_in(province=province) if p.listing != "uncertain"]
        cases.append((province, partners[0].id if partners else None))
    return cases


@pytest.mark.parametrize(("province", "partner_id"), _jurisdiction_cases())
def test_init_works_in_every_jurisdiction_with_a_program(
    invoke: Invoke, tmp_path: Path, province: str, partner_id: str | None
) -> None:
    catalog = load_catalog()
    jurisdiction = catalog.jurisdiction(province)
    root = tmp_path / "ws"
    industry = "general"
    if partner_id is not None:
        industry = catalog.partner(partner_id).industries[0]
    args = ["--yes", "--name", "Test Co", "--province", province, "--industry", industry, "--employees", "30"]
    result = invoke("init", root, *args, *(["--partner", partner_id] if partner_id else []))
    if not jurisdiction.has_cor_program and catalog.legal_program(jurisdiction) is not None:
        assert result.exit_code == 0, result.output  # a legal-program workspace (PEI)
        assert "legal-program workspace" in " ".join(result.stdout.replace("│", " ").split())
        return
    if not jurisdiction.has_cor_program:
        assert result.exit_code == 2
        assert "has no COR program" in result.stderr or "No COR program was found" in result.stderr
        assert not root.exists() or not (root / "corcli.yaml").exists()
        return
    assert partner_id is not None, f"{province} has a program but no partner whose listing is certain enough"
    assert result.exit_code == 0, result.output
    assert "COR with" in result.stdout
    assert (root / "corcli.yaml").is_file()


def test_init_quebec_says_plainly_there_is_no_program(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(
        "init",
        tmp_path / "ws",
        "--yes",
        "--name",
        "Q Inc.",
        "--province",
        "QC",
        "--industry",
        "construction",
        "--employees",
        "5",
        "--partner",
        "acsa",
    )
    assert result.exit_code == 2
    assert "Quebec has no COR program" in result.stderr


def test_init_manitoba_manufacturer_of_nine_with_made_safe_is_safe_work_certified(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke(
        "init",
        tmp_path / "ws",
        "--yes",
        "--name",
        "Prairie Metal",
        "--province",
        "MB",
        "--industry",
        "manufacturing",
        "--employees",
        "9",
        "--partner",
        "made-safe",
    )
    assert result.exit_code == 0, result.output
    assert "SAFE Work Certified with Made Safe" in result.stdout  # the full certificate, not SECOR
    assert "Made Safe offers SECOR is unknown" in " ".join(result.stdout.split())


def test_init_next_steps_start_with_going_to_the_workspace(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every next step runs inside the workspace, so a workspace made from elsewhere says 'cd' to it first."""
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "Peak Roofing", *ARGS, "--employees", "8", "--partner", "acsa")
    assert result.exit_code == 0, result.output
    assert "1. Go to the workspace: cd 'Peak Roofing'" in result.stdout
    assert "2. Fill in people" in result.stdout
    monkeypatch.chdir(tmp_path / "Peak Roofing")
    again = invoke("init", ".", *ARGS, "--employees", "9", "--partner", "acsa", "--force")
    assert again.exit_code == 0, again.output
    assert "cd " not in again.stdout
    assert "1. Fill in people" in again.stdout


def test_init_decision_reasons_wrap_under_their_bullet(invoke: Invoke, tmp_path: Path) -> None:
    """At 80 columns a long reason's wrapped lines start under its first word, not at the panel's edge."""
    result = invoke("init", tmp_path / "ws", *ARGS, "--employees", "14", "--partner", "acsa", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    panel = [line for line in result.stdout.splitlines() if line.startswith("│")]
    bullet = next(i for i, line in enumerate(panel) if "•" in line)
    indent = panel[bullet].index("•") + 2
    assert panel[bullet + 1][1:indent].strip() == "", panel[bullet : bullet + 2]
    assert panel[bullet + 1][indent] != " "


def test_init_audit_reason_says_who_audits_once(invoke: Invoke, tmp_path: Path) -> None:
    """The partner's own description of the audit replaces corcli's generic words instead of repeating them."""
    result = invoke("init", tmp_path / "ws", *ARGS, "--employees", "14", "--partner", "acsa")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "COR certification is an external audit by a certified auditor (ACSA's rule" in text
    assert text.count("external audit by a certified auditor") == 1
