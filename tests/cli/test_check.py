"""``corcli check`` through the CLI: formats, exit codes, stdout vs stderr, input errors."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.cli.check import CheckFormat
from corcli.render.report import FORMATS, RENDERERS
from tests.helpers import schema_errors, words

Invoke = Callable[..., Any]
TODAY = "2026-11-26"
SCHEMA = Path(__file__).resolve().parents[2] / "src" / "corcli" / "schemas" / "check-report.schema.json"


@pytest.fixture
def workspace(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace()


def test_check_formats_are_exhaustive() -> None:
    # The terminal text view is the CLI's own; every file format has a renderer.
    assert {f.value for f in CheckFormat} - {"text"} == set(FORMATS) == set(RENDERERS)


def test_check_empty_workspace_is_not_ready(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert "Not ready" in result.stdout
    assert "Projected score" in result.stdout
    assert "To pass: these" in result.stdout
    assert "records_since" in result.stdout  # records history unknown until the profile says


def test_check_exit_zero(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--today", TODAY, "--exit-zero")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_every_format_to_stdout(invoke: Invoke, workspace: Path, fmt: str) -> None:
    result = invoke("check", "-w", workspace, "--today", TODAY, "--format", fmt)
    assert result.exit_code == 1, result.output
    assert result.stdout.strip()
    if fmt != "csv":
        assert "Prairie Roofing" in result.stdout
    assert "Warning:" not in result.stdout  # messages go to stderr (reports may list them under "Warnings")


def test_check_json_validates_against_the_schema(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--today", TODAY, "-f", "json")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["ready"] is False
    assert schema_errors(data, json.loads(SCHEMA.read_text(encoding="utf-8"))) == []


def test_check_output_file(invoke: Invoke, workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    result = invoke("check", "-w", workspace, "--today", TODAY, "-f", "html", "-o", target)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Wrote" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    text = tmp_path / "report.txt"
    invoke("check", "-w", workspace, "--today", TODAY, "-o", text)
    assert "Projected score" in text.read_text(encoding="utf-8")


def test_check_csv_rows(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--today", TODAY, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    data = json.loads(invoke("check", "-w", workspace, "--today", TODAY, "-f", "json").stdout)
    assert len(rows) == sum(len(e["requirements"]) for e in data["elements"])
    assert rows[0]["rank"] == "1"


def test_check_element_filter(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--today", TODAY, "--element", "09-inspections", "-f", "json")
    data = json.loads(result.stdout)
    assert [e["id"] for e in data["elements"]] == ["9"]
    assert {a["element"] for a in data["next_actions"]} == {"9"}


def test_check_unknown_element_is_an_input_error(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--today", TODAY, "--element", "99")
    assert result.exit_code == 2, result.output
    assert "Unknown element '99'" in result.stderr


def test_check_bad_today_is_an_input_error(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--today", "26/11/2026")
    assert result.exit_code == 2, result.output
    assert "YYYY-MM-DD" in result.stderr


def test_check_bad_format_is_a_usage_error(invoke: Invoke, workspace: Path) -> None:
    result = invoke("check", "-w", workspace, "--format", "pdf")
    assert result.exit_code == 2


def test_check_without_workspace(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check")
    assert result.exit_code == 2, result.output
    assert "corcli init" in result.stderr


def test_check_broken_profile_names_file_and_line(invoke: Invoke, workspace: Path) -> None:
    profile = workspace / "corcli.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("employees: 8", "employees: eight"), "utf-8")
    result = invoke("check", "-w", workspace)
    assert result.exit_code == 2, result.output
    assert "corcli.yaml:" in result.stderr


def test_check_broken_assessment_is_an_input_error(invoke: Invoke, workspace: Path) -> None:
    (workspace / "assessment.yaml").write_text(
        "standard: acsa-secor\nanswers:\n  - requirement: 1.4\n    answer: maybe\n"
    )
    result = invoke("check", "-w", workspace, "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert "assessment.yaml" in result.stderr


def test_check_warnings_go_to_stderr(invoke: Invoke, workspace: Path) -> None:
    (workspace / "evidence" / "01-policy" / "req-9.9_thing.md").write_text("x")
    result = invoke("check", "-w", workspace, "--today", TODAY, "-f", "json")
    assert "9.9" in result.stderr
    data = json.loads(result.stdout)  # stdout stays clean JSON
    assert any("9.9" in w for w in data["warnings"])


def test_check_counts_dated_evidence(invoke: Invoke, workspace: Path) -> None:
    folder = workspace / "evidence" / "01-policy"
    (folder / "2026-10-01_req-1.1_policy.md").write_text("Signed policy")
    result = invoke("check", "-w", workspace, "--today", TODAY, "-f", "json")
    data = json.loads(result.stdout)
    req = data["elements"][0]["requirements"][0]
    assert req["id"] == "1.1"
    assert req["status"] == "met"
    assert req["evidence"] == ["01-policy/2026-10-01_req-1.1_policy.md"]


def test_check_warns_once_about_an_unknown_requirement_id(invoke: Invoke, workspace: Path) -> None:
    (workspace / "evidence" / "01-policy" / "2026-09-01_req-99.9_thing.md").write_text("x")
    result = invoke("check", "-w", workspace, "--today", TODAY, "-f", "json")
    assert result.stderr.count("req-99.9_thing.md") == 1, result.stderr
    assert "Did you mean" in result.stderr


def test_check_audit_option_picks_the_maintenance_rule(invoke: Invoke, workspace: Path) -> None:
    certification = json.loads(invoke("check", "-w", workspace, "--today", TODAY, "-f", "json").stdout)
    maintenance = json.loads(
        invoke("check", "-w", workspace, "--today", TODAY, "-f", "json", "--audit", "maintenance").stdout
    )
    assert certification["pass_rule"]["audit"] == "certification"
    assert maintenance["pass_rule"] == {
        "overall_min": 60.0,
        "element_min": None,
        "source": "jurisdiction",
        "decided_by": "Alberta",
        "audit": "maintenance",
        "legislated_full": False,
        "note": "",
    }
    text = invoke("check", "-w", workspace, "--today", TODAY, "--audit", "maintenance").stdout
    assert "no element minimum, for a maintenance audit" in words(text)


def test_check_auto_audit_follows_the_certificate_date(invoke: Invoke, workspace: Path) -> None:
    profile = workspace / "corcli.yaml"
    profile.write_text(profile.read_text().replace("certified_on: null", 'certified_on: "2026-01-15"'))
    report = json.loads(invoke("check", "-w", workspace, "--today", TODAY, "-f", "json").stdout)
    assert report["pass_rule"]["audit"] == "maintenance"


STAFF = """
people:
- {name: Mei Lee, role: Roofer, start: "2026-07-14"}
- {name: Ravi Singh, role: Roofer, start: "2024-03-01"}
- {name: Ana Costa, role: Site supervisor, start: "2023-05-01"}
sites:
- {name: Shop and yard, kind: shop}
- {name: Client roofs, kind: field}
schedules:
- {kind: inspection, every: quarterly, sites: [Shop and yard]}
activity:
  work_days_per_week: 5
"""


def test_following_path_to_pass_makes_check_exit_0(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    from datetime import date

    from tests.follow_path import follow_path

    root = make_workspace(partner="aasp", employees=23)
    profile = root / "corcli.yaml"
    text = profile.read_text().replace("records_since: null", 'records_since: "2025-09-01"')
    text = re.sub(r"^(sites|people|schedules): \[\]\n|^activity: null\n", "", text, flags=re.MULTILINE)
    profile.write_text(text + STAFF)
    # Half the program is on file already: the policy element and the inspection records for the roofs.
    (root / "evidence" / "01-management-commitment" / "2026-10-01_req-1.1_policy.md").write_text("Policy\n")
    for month in range(1, 11):
        inspection = root / "evidence" / "05-inspections" / f"2026-{month:02d}-05_req-5.2_client-roofs.md"
        inspection.write_text("Inspection\n")
    before = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json").stdout)
    path = before["path_to_pass"]
    assert path["reaches"] is True
    assert 0 < len(path["actions"]) < len(before["next_actions"])
    assert {a["effort"] for a in path["actions"]} <= {"low", "medium", "high"}
    text_report = invoke("check", "-w", root, "--today", TODAY).stdout
    assert text_report.index(f"To pass: these {len(path['actions'])} actions") < text_report.index("Elements")
    done = follow_path(invoke, root, before, date.fromisoformat(TODAY))
    after = invoke("check", "-w", root, "--today", TODAY, "-f", "json")
    report = json.loads(after.stdout)
    assert after.exit_code == 0, (done, report["score"], report["elements_below_floor"], report["legislated_unmet"])
    assert report["ready"] is True
    assert report["path_to_pass"] == {"reaches": True, "actions": [], "note": ""}


def _meet_between(standard: Any, low: float, high: float) -> tuple[str, list[Any]]:
    """An element and requirements that, met alone, give it a score in [low, high): whatever IHSA's standard is."""
    for element in standard.elements:
        total = sum(r.points for r in element.requirements)
        # A dated copy of a document another item reviews would count as that review too: leave those out.
        reviewed = {d for r in element.requirements if "review_record" in r.evidence_kinds for d in r.depends_on}
        chosen: list[Any] = []
        for req in element.requirements:
            if req.id in reviewed:
                continue
            one_record = req.recurrence in ("once", "per_event") and req.counted_against in ("nothing", "event")
            ready = all(d in {c.id for c in chosen} for d in req.depends_on)
            if not ready or (req.verification == "documentation" and not one_record):
                continue
            chosen.append(req)
            if low <= 100 * sum(r.points for r in chosen) / total < high:
                return element.id, chosen
    raise AssertionError("no element can score between the floors")


def test_an_ontario_ihsa_workspace_is_held_to_ihsas_element_floor(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    from corcli.catalog.loader import load_catalog

    root = make_workspace(province="ON", partner="ihsa", employees=23)
    before = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json").stdout)
    standard = load_catalog().standard(before["standard"]["id"])
    element_id, chosen = _meet_between(standard, 50, 65)
    folder = root / "evidence" / standard.element(element_id).folder
    answers = []
    for req in chosen:
        if req.verification == "documentation":
            (folder / f"2026-10-01_req-{req.id}_record.md").write_text("Record\n")
        else:
            answers += ["--answer", f"{req.id}=met"]
    if answers:
        assert invoke("assess", "-w", root, *answers).exit_code == 0
    report = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json").stdout)
    rule = report["pass_rule"]
    assert (rule["element_min"], rule["source"], rule["decided_by"], rule["legislated_full"]) == (
        65.0,
        "program",
        "IHSA",
        True,
    )
    element = next(e for e in report["elements"] if e["id"] == element_id)
    assert 50 <= element["score"]["low"] < 65  # over Alberta's 50% floor, under IHSA's 65%
    assert element["meets_floor"] is False
    assert element_id in report["elements_below_floor"]
    text = invoke("check", "-w", root, "--today", TODAY).stdout
    assert "65% in every element, legislated items fully met; IHSA's rule" in words(text)


def test_the_manual_and_check_use_the_companys_own_schedule(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    import re

    root = make_workspace(partner="aasp", employees=23)
    profile = root / "corcli.yaml"
    own = "schedules:\n- {kind: drill_record, every: semiannual}\n"
    profile.write_text(re.sub(r"^schedules: \[\]\n", own, profile.read_text(), flags=re.MULTILINE))
    (root / "evidence" / "06-emergency-response" / "2026-10-01_req-6.2_drill.md").write_text("Drill\n")
    report = json.loads(invoke("check", "-w", root, "--today", TODAY, "-f", "json").stdout)
    drills = next(r for e in report["elements"] for r in e["requirements"] if r["id"] == "6.2")
    assert "Checked semiannual, as your own schedule says." in drills["reasons"]
    manual = invoke("manual", "-w", root, "--today", TODAY).stdout
    section = manual[manual.index("### Requirement 6.2") :]
    records = section[section.index("**Records:**") :].split("\n", 1)[0]
    assert records.endswith("every six months.")


def test_interview_answers_per_interviewee_are_scored_and_kept(invoke: Invoke, workspace: Path) -> None:
    sample = ["-i", "Lee Tran=yes", "-i", "Marie Gagnon=no", "-i", "Priya Sandhu=yes"]
    first = json.loads(invoke("check", "-w", workspace, "--today", TODAY, "-f", "json").stdout)
    interview = next(
        r
        for e in first["elements"]
        for r in e["requirements"]
        if r["verification"] == "interview" and not r["depends_on"]
    )
    assert invoke("assess", "-w", workspace, "-a", f"{interview['id']}=met", *sample).exit_code == 0
    # Answering again without --interviewee keeps the sample's answers.
    assert invoke("assess", "-w", workspace, "-a", f"{interview['id']}=met", "-n", "Asked on site").exit_code == 0
    report = json.loads(invoke("check", "-w", workspace, "--today", TODAY, "-f", "json").stdout)
    scored = next(r for e in report["elements"] for r in e["requirements"] if r["id"] == interview["id"])
    assert scored["sample"]["asked"] == 3
    assert scored["sample"]["positive"] == 2
    assert scored["status"] in {"partial", "missing"}  # 2 positive answers of a larger required sample
    bad = invoke("assess", "-w", workspace, "-a", f"{interview['id']}=met", "-i", "Lee Tran")
    assert bad.exit_code == 2
    assert "NAME=yes or NAME=no" in bad.stderr


def test_check_never_asks_for_periods_before_records_since(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    """ACSA COR 1.5 is quarterly; records kept since 1 Jan 2026 mean no quarter that starts in 2025 is asked for."""
    root = make_workspace(employees=14)
    profile = root / "corcli.yaml"
    text = profile.read_text()
    assert "records_since: null" in text
    profile.write_text(text.replace("records_since: null", "records_since: 2026-01-01"))
    folder = root / "evidence" / "01-management-commitment"
    (folder / "2026-06-10 safety meeting minutes management.pdf").write_text("minutes")
    data = json.loads(invoke("check", "-w", root, "--today", "2026-11-26", "--format", "json").stdout)
    item = next(r for e in data["elements"] for r in e["requirements"] if r["id"] == "1.5")
    assert item["missing"], item
    assert not any("2025" in period for period in item["missing"]), item["missing"]
    assert "2025" not in item["next_action"]
    assert not any("2025" in reason for reason in item["reasons"]), item["reasons"]
    assert item["coverage"] == pytest.approx(1 / 3)  # Feb–Apr, May–Jul (the record), Aug–Oct 2026
