"""The certification cycle: dates, deadlines, the 60-day warning and the .ics file (parsed back)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from corcli.models import CompanyProfile, Program
from corcli.rules.cycle import (
    BC_CYCLE_SOURCE,
    SECOR_CANCELLED_SOURCE,
    add_months,
    add_years,
    build_cycle,
    deadline_warning,
    to_ics,
    upcoming_deadlines,
)
from tests.helpers import jurisdiction

TODAY = date(2026, 11, 26)
RULES = [
    {"min_months": 3, "certificate_term_months": 12, "label": "1-year COR"},
    {"min_months": 12, "certificate_term_months": 36, "label": "3-year COR"},
]


def alberta(**overrides: Any) -> Any:
    data: dict[str, Any] = {"validity_years": 3, "maintenance_deadline": "anniversary", "records_history": RULES}
    data.update(overrides)
    return jurisdiction(**data)


def profile(**certification: Any) -> CompanyProfile:
    return CompanyProfile.model_validate(
        {
            "company": {"name": "Prairie Roofing Ltd.", "province": "AB", "industry": "construction", "employees": 8},
            "certification": {"partner": "tpa", **certification},
        }
    )


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


def test_cycle_from_certificate_anniversary_deadlines() -> None:
    cycle = build_cycle(profile(certified_on="2026-02-10"), alberta(), TODAY, Program.COR)
    by_kind = {(e.kind, e.on) for e in cycle.events}
    assert ("certification", date(2026, 2, 10)) in by_kind
    assert ("maintenance", date(2027, 2, 10)) in by_kind
    assert ("maintenance", date(2028, 2, 10)) in by_kind
    assert ("recertification", date(2029, 2, 10)) in by_kind
    assert [e.on for e in cycle.events] == sorted(e.on for e in cycle.events)
    assert not any(e.projected for e in cycle.events)


def test_secor_maintenance_warns_that_a_missed_anniversary_cancels() -> None:
    cycle = build_cycle(profile(certified_on="2026-02-10"), alberta(), TODAY, Program.SECOR)
    maintenance = [e for e in cycle.events if e.kind == "maintenance"]
    assert len(maintenance) == 2
    assert all("cancels the SECOR" in e.detail for e in maintenance)
    assert all(SECOR_CANCELLED_SOURCE in e.sources for e in maintenance)


def test_calendar_year_end_deadlines_bc() -> None:
    bc = alberta(code="BC", name="British Columbia", covers=["BC"], maintenance_deadline="calendar_year_end")
    cycle = build_cycle(profile(certified_on="2026-05-01"), bc, TODAY, Program.COR)
    maintenance = [e for e in cycle.events if e.kind == "maintenance"]
    assert [e.on for e in maintenance] == [date(2027, 12, 31), date(2028, 12, 31)]
    assert all("6 months apart" in e.detail and BC_CYCLE_SOURCE in e.sources for e in maintenance)


def test_records_history_dates_and_short_history_projection() -> None:
    cycle = build_cycle(profile(records_since="2026-03-01", planned_audit="2026-12-15"), alberta(), TODAY)
    records = {e.title: e.on for e in cycle.events if e.kind == "records"}
    assert date(2026, 6, 1) in records.values()
    assert date(2027, 3, 1) in records.values()
    recert = next(e for e in cycle.events if e.kind == "recertification")
    assert recert.on == date(2027, 12, 15)  # only a 1-year certificate is possible at the planned audit
    assert recert.projected
    assert not [e for e in cycle.events if e.kind == "maintenance"]
    assert any("before your records reach 12 months" in n for n in cycle.notes)


def test_full_history_projects_full_cycle() -> None:
    cycle = build_cycle(profile(records_since="2025-01-01", planned_audit="2026-12-15"), alberta(), TODAY)
    assert [e.on for e in cycle.events if e.kind == "maintenance"] == [date(2027, 12, 15), date(2028, 12, 15)]
    assert any("projected" in n for n in cycle.notes)


def test_unknown_validity_and_missing_dates_are_explained() -> None:
    cycle = build_cycle(profile(), alberta(), TODAY)
    assert cycle.events == []
    assert any("certified_on" in n for n in cycle.notes)
    unknown = build_cycle(profile(certified_on="2026-01-01"), alberta(validity_years="unknown"), TODAY)
    assert any("not known" in n for n in unknown.notes)
    assert not [e for e in unknown.events if e.kind == "maintenance"]


def test_expired_certificate_is_noted() -> None:
    cycle = build_cycle(profile(certified_on="2020-01-01"), alberta(), TODAY)
    assert any("expired on 2023-01-01" in n for n in cycle.notes)


@pytest.mark.parametrize(("days", "expected"), [(59, 1), (60, 1), (61, 0), (-1, 0)])
def test_upcoming_deadlines_window(days: int, expected: int) -> None:
    certified = add_years(TODAY + timedelta(days=days), -1)
    found = upcoming_deadlines(profile(certified_on=certified.isoformat()), alberta(), TODAY)
    assert len(found) == expected
    if found:
        assert found[0].kind == "maintenance"
        assert "Year 2 maintenance" in deadline_warning(found[0], TODAY)


def test_upcoming_deadlines_include_planned_audit() -> None:
    found = upcoming_deadlines(profile(planned_audit="2026-12-15"), alberta(), TODAY, within_days=30)
    assert [e.kind for e in found] == ["planned_audit"]
    assert "(in 19 days)" in deadline_warning(found[0], TODAY)


def test_ics_parses_back_with_icalendar() -> None:
    cycle = build_cycle(profile(certified_on="2026-02-10", records_since="2025-01-01"), alberta(), TODAY)
    data = to_ics(cycle, TODAY)
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(cycle.events)
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts == sorted(e.on for e in cycle.events)
    uids = [str(e.get("uid")) for e in events]
    assert len(set(uids)) == len(uids)
    maintenance = next(e for e in events if "Year 2 maintenance" in str(e.get("summary")))
    assert maintenance.decoded("dtstart") == date(2027, 2, 10)
    assert len(list(maintenance.walk("VALARM"))) == 2
    assert str(calendar.get("version")) == "2.0"


def test_ics_uids_are_stable_when_dates_move() -> None:
    first = Calendar.from_ical(to_ics(build_cycle(profile(certified_on="2026-02-10"), alberta(), TODAY), TODAY))
    moved = Calendar.from_ical(to_ics(build_cycle(profile(certified_on="2026-03-10"), alberta(), TODAY), TODAY))
    assert {str(e["uid"]) for e in first.walk("VEVENT")} == {str(e["uid"]) for e in moved.walk("VEVENT")}
