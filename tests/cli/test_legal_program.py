"""A company in Prince Edward Island (no COR program): a legal-program workspace, through every command."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from icalendar import Calendar

from corcli.models import CompanyProfile
from corcli.storage import yamlio

Invoke = Callable[..., Any]
TODAY = "2026-12-01"

PEOPLE = """
people:
  - name: Ann Lee
    training:
      - name: Standard First Aid
        expires: 2026-12-20
"""


def _flat(text: str) -> str:
    """The output as one line, without the panel's borders (Rich wraps the panel to the terminal)."""
    return " ".join(text.replace("│", " ").split())


def _init(invoke: Invoke, root: Path, employees: int = 12, *extra: str) -> Any:
    return invoke(
        "init",
        root,
        "--yes",
        "--name",
        "Island Fish Co",
        "--province",
        "PE",
        "--industry",
        "manufacturing",
        "--employees",
        str(employees),
        *extra,
    )


def _with_people(root: Path) -> None:
    text = (root / "corcli.yaml").read_text(encoding="utf-8")
    text = text.replace("\npeople: []\n", "\n")
    (root / "corcli.yaml").write_text(text + PEOPLE, encoding="utf-8")


def _file(root: Path, folder: str, name: str) -> None:
    (root / "evidence" / folder).mkdir(parents=True, exist_ok=True)
    (root / "evidence" / folder / name).write_text("record\n", encoding="utf-8")


def test_init_in_pei_says_there_is_no_program_and_sets_up_the_legal_program(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = _init(invoke, root)
    assert result.exit_code == 0, result.output
    shown = _flat(result.stdout)
    assert "No COR program was found in Prince Edward Island" in shown
    assert "legal-program workspace" in shown
    assert "not 1.3, 2.1" in shown  # 12 workers: no written program, no committee
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert profile.certification.partner is None
    assert profile.certification.standard == "pe-ohs-legal"
    folders = sorted(p.name for p in (root / "evidence").iterdir() if p.is_dir())
    assert folders == ["01-policy-and-program", "02-committee-or-representative", "03-employer-duties"]
    assert invoke("validate", "-w", root).exit_code == 0


def test_init_schedules_what_the_law_makes_recurring_at_each_size(invoke: Invoke, tmp_path: Path) -> None:
    found = {}
    for employees in (3, 12, 25):
        root = tmp_path / str(employees)
        assert _init(invoke, root, employees).exit_code == 0
        profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
        found[employees] = sorted((s.kind.value, s.every.value) for s in profile.schedules)
    assert found == {
        3: [],
        12: [("review_record", "annual")],  # the policy's yearly review (s.24) from 5 workers
        25: [("meeting_minutes", "monthly"), ("review_record", "annual")],  # and the committee (s.25) from 20
    }


def test_init_in_pei_refuses_a_partner(invoke: Invoke, tmp_path: Path) -> None:
    result = _init(invoke, tmp_path / "ws", 12, "--partner", "acsa")
    assert result.exit_code == 2
    assert "Leave out --partner" in result.stderr
    assert not (tmp_path / "ws" / "corcli.yaml").exists()


def test_interactive_init_in_pei_skips_partner_and_audit_questions(invoke: Invoke, tmp_path: Path) -> None:
    answers = "".join(
        f"{a}\n"
        # name, province, industry, trade, workers, address, WCB account, records since; no roles, no sites
        for a in ("Island Fish Co", "Prince Edward Island", "manufacturing", "", "8", "", "", "Sept 2025", "", "")
    )
    root = tmp_path / "ws"
    result = invoke("init", root, "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    profile = yamlio.load_model(root / "corcli.yaml", CompanyProfile)
    assert (profile.company.province, profile.company.employees) == ("PE", 8)
    assert profile.certification.partner is None
    assert profile.certification.planned_audit is None
    assert str(profile.certification.records_since) == "2025-09-01"


def test_check_reports_legal_coverage_without_a_verdict(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _init(invoke, root)
    result = invoke("check", "-w", root, "--format", "json", "--today", TODAY)
    assert result.exit_code == 1  # required duties lack evidence
    report = json.loads(result.stdout)
    assert report["kind"] == "legal_program"
    assert "verdict" not in report
    assert "score" not in report
    duties = {d["id"]: d for d in report["duties"]}
    assert duties["2.1"]["status"] == "not_applicable"
    assert "20 or more" in duties["2.1"]["na_reason"]
    assert duties["2.2"]["required"] is True  # 5 to 19 workers: a representative
    assert report["required"] == 7
    assert report["covered"] == 0
    assert "pass rule" not in result.stderr


def test_check_exits_0_once_every_required_duty_has_evidence(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _init(invoke, root)
    for folder, name in (
        ("01-policy-and-program", "2026-06-01_req-1.1_policy.txt"),
        ("02-committee-or-representative", "2026-06-02_req-2.2_form.txt"),
        ("03-employer-duties", "2026-06-03_req-3.1_hazard_assessment.txt"),
        ("03-employer-duties", "2026-06-03_req-3.2_training_record.txt"),
        ("03-employer-duties", "2026-06-04_req-3.3_maintenance_record.txt"),
        ("03-employer-duties", "2026-06-05_req-3.4_legislation.txt"),
    ):
        _file(root, folder, name)
    result = invoke("check", "-w", root, "--format", "json", "--today", TODAY)
    report = json.loads(result.stdout)
    assert report["lacking"] == [], report["duties"]
    assert result.exit_code == 0
    text = invoke("check", "-w", root, "--today", TODAY)
    assert "No certificate verdict" in text.stdout
    assert "7 of 7" in _flat(text.stdout)


def test_check_formats_name_no_certificate(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _init(invoke, root, 25)
    markdown = invoke("check", "-w", root, "--format", "markdown", "--today", TODAY, "--exit-zero")
    assert markdown.exit_code == 0
    assert "No certificate verdict" in markdown.stdout
    assert "| 2.1 |" in markdown.stdout
    html = invoke("check", "-w", root, "--format", "html", "--today", TODAY, "--exit-zero")
    assert "<h1>Legal program: Island Fish Co</h1>" in html.stdout
    table = invoke("check", "-w", root, "--format", "csv", "--today", TODAY, "--exit-zero").stdout
    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    statuses = {r["duty"]: r["status"] for r in rows}
    assert statuses["2.2"] == "not_applicable"  # 25 workers: a committee, not a representative
    assert statuses["2.1"] == statuses["1.3"] == "missing"


def test_due_and_calendar_have_the_schedule_and_tickets_but_no_certification_deadlines(
    invoke: Invoke, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    _init(invoke, root, 25)
    _with_people(root)
    assert invoke("validate", "-w", root).exit_code == 0
    profile = (root / "corcli.yaml").read_text(encoding="utf-8")
    (root / "corcli.yaml").write_text(
        profile.replace("  records_since: null", "  records_since: 2026-09-01"), encoding="utf-8"
    )
    due = invoke("due", "-w", root, "--format", "json", "--today", TODAY)
    assert due.exit_code == 1, due.output  # the monthly meeting is overdue
    items = json.loads(due.stdout)["items"]
    assert {i["kind"] for i in items} == {"recurring", "ticket"}  # no certification deadline
    recurring = {i["title"]: i for i in items if i["kind"] == "recurring"}
    meeting = next(i for title, i in recurring.items() if "meeting" in title.lower())
    assert meeting["status"] == "overdue"
    assert "OHS Act s.25" in meeting["detail"]  # the law's monthly committee meeting, from init's schedule
    assert [i["title"] for i in items if i["kind"] == "ticket"] == ["Standard First Aid: Ann Lee"]
    result = invoke("calendar", "-w", root, "--format", "ics", "--today", TODAY)
    assert result.exit_code == 0, result.output
    events = list(Calendar.from_ical(result.stdout).walk("VEVENT"))
    summaries = [str(e.get("summary")) for e in events]
    assert any("Standard First Aid" in s for s in summaries)
    assert any(e.get("rrule") for e in events)
    assert not any("ertific" in s or "audit" in s.lower() for s in summaries)


def test_manual_names_no_partner(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _init(invoke, root)
    result = invoke("manual", "-w", root, "--format", "markdown", "-o", root / "manual.md", "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = (root / "manual.md").read_text(encoding="utf-8")
    assert "Legal health and safety program" in text
    assert "Certifying partner" not in text
    assert "None: Prince Edward Island has no COR program on file" in text
    assert "(OHS Act s.24(1), (3), (4))" in text


def test_plan_says_there_is_no_audit(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _init(invoke, root)
    result = invoke("plan", "-w", root)
    assert result.exit_code == 2
    assert "no audit" in result.stderr


def test_every_duty_of_the_legal_program_cites_its_section_and_is_legislated() -> None:
    from corcli.catalog.loader import load_catalog

    catalog = load_catalog()
    standard = catalog.legal_program(catalog.jurisdiction("PE"))
    assert standard is not None
    assert standard.program is None
    assert catalog.legal_program(catalog.jurisdiction("AB")) is None
    for requirement in (r for e in standard.elements for r in e.requirements):
        assert requirement.legislated, requirement.id
        assert "(OHS Act s." in requirement.text, requirement.id


def test_portfolio_shows_a_legal_client_without_a_verdict_or_score(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "clients" / "island"
    _init(invoke, root)
    result = invoke("portfolio", tmp_path / "clients", "--format", "json", "--today", TODAY)
    assert result.exit_code == 1  # its legal duties lack evidence
    (row,) = json.loads(result.stdout)["clients"]
    assert row["verdict"] == "legal_lacking"
    assert row["score_low"] is None
    assert row["score_text"] == "0 of 7 legal duties"
    page = tmp_path / "page.html"
    assert invoke("portfolio", tmp_path / "clients", "--format", "html", "-o", page, "--today", TODAY).exit_code == 1
    client_page = next((tmp_path / "page-reports").glob("*.html")).read_text(encoding="utf-8")
    assert "No certificate verdict" in client_page


def test_check_explain_in_a_legal_program_says_what_to_run_instead(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _init(invoke, root)
    result = invoke("check", "-w", root, "--explain", "1.1")
    assert result.exit_code == 2
    assert "legal program" in result.stderr
    assert "--format json" in result.stderr
