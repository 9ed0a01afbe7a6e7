"""Interactive ``corcli init`` as people answer it, ``--yes`` choosing the only partner, and ``init --from``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from corcli.models import CompanyProfile
from corcli.storage import yamlio

Invoke = Callable[..., Any]


def lines(*answers: str) -> str:
    return "".join(f"{a}\n" for a in answers)


FIRST_TEN_MINUTES = lines(
    "Prairie Roofing",  # name
    "Alberta",  # province by name
    "roofing",  # a trade, not an industry id
    "",  # trade: keep 'roofing'
    "about 23",  # workers
    "acsa",  # partner
    "12 Main Street, Red Deer",  # address
    "",  # WCB account: skipped
    "13/2025",  # records since: unreadable, asked again
    "Sept 2025",
    "",  # certificate: none
    "March 2027",  # planned audit month
    "Roofer",
    "20",
    "worker",
    "Supervisor",
    "3",
    "sup",
    "",  # no more roles
    "Shop",
    "shop",
    "",  # no address
    "",  # no more sites
)


def test_interactive_init_reads_answers_as_people_type_them(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = invoke("init", root, "--interactive", input=FIRST_TEN_MINUTES)
    assert result.exit_code == 0, result.output
    assert "Sorry, corcli could not read '13/2025'" in result.stderr
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert (profile.company.province, profile.company.industry, profile.company.trade) == (
        "AB",
        "construction",
        "roofing",
    )
    assert profile.company.employees == 23
    assert profile.company.address == "12 Main Street, Red Deer"
    assert profile.certification.records_since == date(2025, 9, 1)
    assert profile.certification.planned_audit == date(2027, 3, 1)
    assert [(r.name, r.count, r.level) for r in profile.roles] == [
        ("Roofer", 20, "worker"),
        ("Supervisor", 3, "supervisor"),
    ]
    assert [(s.name, s.kind) for s in profile.sites] == [("Shop", "shop")]
    assert "COR with" in result.stdout  # 23 workers: above Alberta's SECOR limit
    assert not (root / ".corcli" / "init-answers.json").exists()  # forgotten once written


def test_interrupted_init_keeps_every_answer(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    first = invoke("init", root, "--interactive", input=lines("Prairie Roofing", "ab", "roofing", "", "about 23"))
    assert first.exit_code == 2
    assert "the ones given are kept" in first.stderr
    assert not (root / "corcli.yaml").exists()
    # The second run offers each earlier answer as the default: Enter keeps it.
    second = invoke("init", root, "--interactive", input=lines("", "", "", "", "", "acsa", *[""] * 7))
    assert second.exit_code == 0, second.output
    assert "Resuming" in second.stderr
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert (profile.company.name, profile.company.employees, profile.company.trade) == (
        "Prairie Roofing",
        23,
        "roofing",
    )


def test_planned_audit_before_records_is_asked_again(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    answers = lines("Co", "ON", "construction", "", "40", "", "", "2026-01-01", "", "2025-06-01", "2026-09-01", "", "")
    result = invoke("init", root, "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "One certifying partner fits: Infrastructure Health & Safety Association" in result.stderr
    assert "before the records start" in result.stderr
    assert yamlio.load_model(root / "corcli.yaml", CompanyProfile).certification.planned_audit == date(2026, 9, 1)


def test_yes_picks_the_only_partner_and_reads_names(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    args = ("--yes", "--name", "Lakeshore", "--province", "ontario", "--industry", "Roofing", "--employees", "40")
    result = invoke("init", root, *args, "--planned-audit", "Sept 2027", "--wcb-account", "123-456")
    assert result.exit_code == 0, result.output
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert (profile.certification.partner, profile.company.industry, profile.company.trade) == (
        "ihsa",
        "construction",
        "Roofing",
    )
    assert profile.certification.planned_audit == date(2027, 9, 1)
    assert profile.company.wcb_account == "123-456"


def _uncomment_examples(text: str) -> str:
    out: list[str] = []
    in_example = False
    for line in text.splitlines():
        if line.startswith("# Example ("):
            in_example = True
            continue
        if in_example and line.startswith("# "):
            out.append(line[2:])
            continue
        if in_example:  # the empty value under the example
            in_example = False
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def test_every_commented_example_in_a_new_profile_validates(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    args = ("--yes", "--name", "X", "--province", "AB", "--industry", "construction", "--employees", "8")
    assert invoke("init", root, *args, "--partner", "acsa").exit_code == 0
    text = (root / "corcli.yaml").read_text()
    for key in ("roles", "sites", "people", "schedules", "activity", "consultants", "not_applicable", "senior_manager"):
        assert re.search(rf"^# {key}:", text, re.MULTILINE), f"no commented example of {key}"
    (root / "corcli.yaml").write_text(_uncomment_examples(text))
    result = invoke("validate", "-w", root)
    assert result.exit_code == 0, result.output
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert profile.people[0].training[0].expires == date(2028, 4, 2)
    assert [s.kind for s in profile.schedules] == ["inspection", "meeting_minutes", "drill_record"]


def test_init_from_another_workspace_copies_the_setup_not_the_evidence(invoke: Invoke, tmp_path: Path) -> None:
    first = tmp_path / "first"
    args = ("--yes", "--province", "AB", "--industry", "construction", "--employees", "8", "--partner", "acsa")
    assert invoke("init", first, "--name", "First Co", *args).exit_code == 0
    profile = first / "corcli.yaml"
    setup = (
        "roles:\n  - name: Roofer\n    count: 5\n"
        "schedules:\n  - kind: inspection\n    every: monthly\n"
        "not_applicable:\n  - requirement: '1.1'\n    reason: Head office only, no sites.\n"
    )
    profile.write_text(
        re.sub(r"^(roles|not_applicable|schedules): \[\]\n", "", profile.read_text(), flags=re.M) + setup
    )
    (first / "templates").mkdir()
    (first / "templates" / "policy.md.j2").write_text("# Our policy\n")
    (first / "evidence" / "01-policy" / "policy.pdf").write_bytes(b"first co's signed policy")
    second = tmp_path / "second"
    result = invoke("init", second, "--yes", "--name", "Second Co", "--employees", "6", "--from", first)
    assert result.exit_code == 0, result.output
    copied = yamlio.load_model(second / "corcli.yaml", CompanyProfile)
    assert (copied.company.name, copied.company.province, copied.certification.partner) == ("Second Co", "AB", "acsa")
    assert [r.name for r in copied.roles] == ["Roofer"]
    assert [s.kind for s in copied.schedules] == ["inspection"]
    assert copied.not_applicable[0].reason == "Head office only, no sites."
    assert (second / "templates" / "policy.md.j2").read_text() == "# Our policy\n"
    assert not (second / "evidence" / "01-policy" / "policy.pdf").exists()
    missing = invoke(
        "init", tmp_path / "third", "--yes", "--name", "T", "--employees", "6", "--from", tmp_path / "nope"
    )
    assert missing.exit_code == 2
    assert "no corcli.yaml there" in missing.stderr


def test_interrupted_roles_are_kept_and_more_can_be_added(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    start = ("Co", "ON", "construction", "", "40", "", "", "", "", "")
    first = invoke("init", root, "--interactive", input=lines(*start, "Roofer", "6", "worker"))
    assert first.exit_code == 2  # the answers ran out after the first role
    second = invoke("init", root, "--interactive", input=lines(*[""] * 10, "Owner", "1", "man", "", ""))
    assert second.exit_code == 0, second.output
    assert "Roles kept from before: Roofer" in second.stderr
    roles = yamlio.load_model(root / "corcli.yaml", CompanyProfile).roles
    assert [(r.name, r.level) for r in roles] == [("Roofer", "worker"), ("Owner", "management")]


def test_interactive_init_asks_again_for_a_certificate_date_in_the_future(invoke: Invoke, tmp_path: Path) -> None:
    answers = lines(
        "Peak Roofing",
        "AB",
        "roofing",
        "",
        "14",
        "acsa",
        "",
        "",  # company, partner, address, WCB
        "2999-01-01",  # records since: in the future, asked again
        "2026-01-05",
        "June 2099",  # certificate: in the future, asked again
        "",  # no certificate
        "",
        "",
        "",  # planned audit, roles, sites
    )
    result = invoke("init", tmp_path / "ws", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "2999-01-01 is in the future" in result.stderr
    assert "2099-06-01 is in the future" in result.stderr
    profile = yamlio.load_model(tmp_path / "ws" / "corcli.yaml", CompanyProfile)
    assert profile.certification.records_since == date(2026, 1, 5)
    assert profile.certification.certified_on is None
