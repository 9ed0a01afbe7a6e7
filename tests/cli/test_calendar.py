"""``corcli calendar`` through the CLI, and the deadline warning in ``corcli check``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from icalendar import Calendar

Invoke = Callable[..., Any]


def certified(make_workspace: Callable[..., Path], on: str = "2026-01-15", records: str = "2025-01-01") -> Path:
    root = make_workspace()
    profile = root / "corcli.yaml"
    text = profile.read_text()
    text = text.replace("certified_on: null", f"certified_on: {on}").replace(
        "records_since: null", f"records_since: {records}"
    )
    profile.write_text(text)
    return root


def test_calendar_table_lists_the_cycle(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = certified(make_workspace)
    result = invoke("calendar", "-w", root, "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    for text in ("2027-01-15", "2028-01-15", "2029-01-15", "Year 2 maintenance", "Recertification"):
        assert text in result.stdout


def test_calendar_json(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = certified(make_workspace)
    data = json.loads(invoke("calendar", "-w", root, "-f", "json", "--today", "2026-11-26").stdout)
    kinds = [e["kind"] for e in data["events"]]
    assert kinds.count("maintenance") == 2
    assert "recertification" in kinds
    assert data["program"] == "SECOR"
    maintenance = [e for e in data["events"] if e["kind"] == "maintenance"]
    assert all("cancels the SECOR" in e["detail"] for e in maintenance)  # an 8-worker Alberta roofer holds a SECOR


def test_calendar_ics_imports(invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    root = certified(make_workspace)
    target = tmp_path / "cycle.ics"
    result = invoke("calendar", "-w", root, "-f", "ics", "-o", target, "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(target.read_bytes())
    starts = {e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert {date(2027, 1, 15), date(2028, 1, 15), date(2029, 1, 15)} <= starts
    assert invoke("calendar", "-w", root, "-f", "ics", "-o", target).exit_code == 2  # no overwrite without --force


def test_calendar_input_errors(invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    root = certified(make_workspace)
    bad_date = invoke("calendar", "-w", root, "--today", "26/11/2026")
    assert bad_date.exit_code == 2
    assert "YYYY-MM-DD" in bad_date.stderr
    table_to_file = invoke("calendar", "-w", root, "-o", tmp_path / "x.txt")
    assert table_to_file.exit_code == 2
    assert "--format json or ics" in table_to_file.stderr


def test_calendar_without_dates_explains(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    result = invoke("calendar", "-w", root)
    assert result.exit_code == 0, result.output
    assert "certified_on" in result.stdout


def test_check_warns_when_a_deadline_is_within_60_days(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = certified(make_workspace, on="2026-01-15")
    soon = invoke("check", "-w", root, "--exit-zero", "--today", "2026-12-01")
    assert soon.exit_code == 0, soon.output
    assert "Year 2 maintenance" in soon.stderr
    assert "2027-01-15 (in 45 days)" in soon.stderr
    report = json.loads(invoke("check", "-w", root, "-f", "json", "--exit-zero", "--today", "2026-12-01").stdout)
    assert any("Year 2 maintenance" in w for w in report["warnings"])
    later = invoke("check", "-w", root, "--exit-zero", "--today", "2026-10-01")
    assert "Year 2 maintenance" not in later.stderr


def test_every_calendar_format_is_handled(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    from corcli.cli.calendar import CalendarFormat

    root = certified(make_workspace)
    for fmt in CalendarFormat:
        result = invoke("calendar", "-w", root, "--format", fmt.value, "--today", "2026-11-26")
        assert result.exit_code == 0, result.output
        assert "2027-01-15" in result.stdout or "20270115" in result.stdout
