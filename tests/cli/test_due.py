"""``corcli due`` and the recurring events of ``corcli calendar --format ics``, through the CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from icalendar import Calendar

Invoke = Callable[..., Any]

PEOPLE_AND_SCHEDULES = """
sites:
  - name: Nisku Shop
    kind: shop
  - name: Leduc Yard
people:
  - name: Dana Roy
    training:
      - name: H2S Alive
        expires: 2026-12-10
      - name: Standard First Aid
        expires: 2026-11-01
  - name: Left Already
    end: 2026-01-31
    training:
      - name: Fall protection
        expires: 2026-02-01
schedules:
  - kind: inspection
    every: monthly
    sites: [Nisku Shop, Leduc Yard]
  - kind: drill_record
    every: annual
"""


def esc_client(make_workspace: Callable[..., Path]) -> Path:
    root = make_workspace(name="Nisku Wellsite", industry="oil-and-gas", employees=25, partner="esc")
    profile = root / "corcli.yaml"
    text = re.sub(r"^(sites|people|schedules): \[\]\n", "", profile.read_text(), flags=re.MULTILINE)
    text = text.replace("records_since: null", "records_since: 2025-09-01")
    profile.write_text(text + PEOPLE_AND_SCHEDULES)
    folder = next((root / "evidence").glob("02-*"))
    (folder / "2026-09-15_req-B.6_inspection-nisku-shop.pdf").write_bytes(b"shop")
    (folder / "2026-11-10_req-B.6_inspection-leduc-yard.pdf").write_bytes(b"yard")
    return root


def test_due_lists_overdue_inspection_and_expiring_ticket(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = esc_client(make_workspace)
    result = invoke("due", "-w", root, "--today", "2026-11-26", "-f", "json")
    assert result.exit_code == 1, result.output  # something is overdue
    data = json.loads(result.stdout)
    by_title = {i["title"]: i for i in data["items"]}
    assert by_title["Inspection at Nisku Shop (monthly)"]["status"] == "overdue"
    assert by_title["Inspection at Nisku Shop (monthly)"]["on"] == "2026-10-15"
    assert by_title["Inspection at Leduc Yard (monthly)"]["status"] == "due"
    assert by_title["H2S Alive: Dana Roy"]["status"] == "due"
    assert "30-day alert" in by_title["H2S Alive: Dana Roy"]["detail"]
    assert by_title["Standard First Aid: Dana Roy"]["status"] == "overdue"
    assert not any("Left Already" in t for t in by_title)  # people who left are not chased
    assert data["overdue"] == 3
    assert not any(
        "not under sites:" in n for n in data["notes"]
    )  # shop inspection, first aid, the drill never recorded since records began
    assert [i["status"] for i in data["items"]][: data["overdue"]] == ["overdue"] * 3


def test_due_exit_zero_when_nothing_overdue(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    result = invoke("due", "-w", root, "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert "nothing due" in result.stdout
    text = " ".join(result.stdout.split())
    assert "No schedules:" not in text
    assert "corcli.yaml lists no schedules, so corcli tracks no recurring inspections, meetings or drills." in text
    assert "add each one under 'schedules:' in corcli.yaml" in text


def test_due_csv_and_markdown(invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    root = esc_client(make_workspace)
    target = tmp_path / "due.csv"
    assert invoke("due", "-w", root, "--today", "2026-11-26", "-f", "csv", "-o", target).exit_code == 1
    rows = target.read_text().splitlines()
    assert rows[0].startswith("date,days,status,kind,title")
    assert any(r.startswith("2026-10-15,-42,overdue,recurring,Inspection at Nisku Shop") for r in rows)
    markdown = invoke("due", "-w", root, "--today", "2026-11-26", "-f", "markdown").stdout
    assert "| 2026-10-15 | 42 days overdue | Inspection at Nisku Shop (monthly) |" in markdown


def test_due_bad_today_is_a_usage_error(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    result = invoke("due", "-w", root, "--today", "someday")
    assert result.exit_code == 2


def test_calendar_ics_has_recurring_inspections_and_ticket_alerts(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = esc_client(make_workspace)
    target = tmp_path / "cycle.ics"
    assert invoke("calendar", "-w", root, "-f", "ics", "-o", target, "--today", "2026-11-26").exit_code == 0
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    shop = events["Nisku Wellsite: Inspection at Nisku Shop"]
    assert shop["rrule"]["FREQ"] == ["MONTHLY"]
    assert shop.decoded("dtstart") == date(2026, 11, 26)  # overdue: the series starts today
    yard = events["Nisku Wellsite: Inspection at Leduc Yard"]
    assert yard.decoded("dtstart") == date(2026, 12, 10)
    assert [a.decoded("trigger").days for a in yard.walk("VALARM")] == [-3]
    drill = events["Nisku Wellsite: Emergency drill"]
    assert drill["rrule"]["FREQ"] == ["YEARLY"]
    ticket = events["Nisku Wellsite: H2S Alive expires: Dana Roy"]
    assert sorted(a.decoded("trigger").days for a in ticket.walk("VALARM")) == [-90, -30, 0]


def test_esc_client_ics_holds_year_end_deadlines_with_sources(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = esc_client(make_workspace)
    profile = root / "corcli.yaml"
    profile.write_text(profile.read_text().replace("planned_audit: null", "planned_audit: 2026-12-10"))
    target = tmp_path / "esc.ics"
    assert invoke("calendar", "-w", root, "-f", "ics", "-o", target, "--today", "2026-11-26").exit_code == 0
    events = {str(e["summary"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    register = events["Nisku Wellsite: ESC: register year-end audits by 15 December 2026"]
    assert register.decoded("dtstart") == date(2026, 12, 15)
    assert "Important-Deadlines-2023-Year-end-COR-Audits" in str(register["description"])
    on_site = next(e for title, e in events.items() if "by 31 December 2026" in title)
    uids = [str(e["uid"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert len(uids) == len(set(uids))  # every event its own UID, or calendars merge them
    assert on_site.decoded("dtstart") == date(2026, 12, 31)
    submit = next(e for title, e in events.items() if "submit the 2026 audit" in title)
    assert submit.decoded("dtstart") == date(2027, 1, 21)
    assert "Nisku Wellsite: Inspection at Nisku Shop" in events  # and the recurring work


def test_due_notes_a_schedule_naming_an_unknown_site(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = esc_client(make_workspace)
    profile = root / "corcli.yaml"
    profile.write_text(profile.read_text().replace("[Nisku Shop, Leduc Yard]", "[Nisku Shop, Leduc Yrd]"))
    data = json.loads(invoke("due", "-w", root, "--today", "2026-11-26", "-f", "json").stdout)
    assert any("names Leduc Yrd, which is not under sites:" in n for n in data["notes"])
