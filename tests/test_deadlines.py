"""The deadline engine: a partner program's own dates on top of the jurisdiction's cycle; recurring steps."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from corcli.models import Recurrence
from corcli.rules.cycle import Cycle, CycleEvent
from corcli.rules.deadlines import ProgramDeadlines, YearDate, apply_program_deadlines
from corcli.rules.due import step

ESC = ProgramDeadlines(
    partner="ESC",
    rule="fixed_dates",
    dates=[
        YearDate(what="finish the on-site audit work", month=12, day=31),
        YearDate(what="register", month=12, day=15),
    ],
    submit_within_days=21,
    sources=["https://energysafetycanada.com/COR/COR-News/2023/Important-Deadlines-2023-Year-end-COR-Audits"],
)


def cycle(*events: CycleEvent) -> Cycle:
    return Cycle(
        company="Co",
        jurisdiction="AB",
        program="COR",
        validity_years=3,
        maintenance_deadline="anniversary",
        events=list(events),
    )


def maintenance(on: date) -> CycleEvent:
    return CycleEvent(on=on, kind="maintenance", title="Year 2 maintenance due", detail="x", deadline=True)


def test_fixed_dates_land_in_every_audit_year_with_sources() -> None:
    result = apply_program_deadlines(
        cycle(maintenance(date(2027, 3, 1)), maintenance(date(2028, 3, 1))), ESC, date(2026, 11, 26)
    )
    partner = [e for e in result.events if e.kind == "partner_deadline"]
    assert [e.on for e in partner] == [
        date(2027, 12, 15),
        date(2027, 12, 31),
        date(2028, 1, 21),
        date(2028, 12, 15),
        date(2028, 12, 31),
        date(2029, 1, 21),
    ]
    assert all(e.deadline and e.sources == ESC.sources and e.title.startswith("ESC:") for e in partner)
    assert "within 21 days" in partner[2].detail


def test_past_audit_years_get_no_partner_dates() -> None:
    result = apply_program_deadlines(cycle(maintenance(date(2025, 3, 1))), ESC, date(2026, 11, 26))
    assert not [e for e in result.events if e.kind == "partner_deadline"]
    assert any("planned_audit" in n for n in result.notes)


def test_calendar_year_rule_moves_maintenance_to_31_december() -> None:
    amta = ProgramDeadlines(partner="AMTA", rule="calendar_year", sources=["https://www.amta.ca/secor"])
    result = apply_program_deadlines(cycle(maintenance(date(2027, 3, 1))), amta, date(2026, 11, 26))
    (event,) = result.events
    assert event.on == date(2027, 12, 31)
    assert "AMTA" in event.title
    assert "https://www.amta.ca/secor" in event.sources


def test_anniversary_rule_without_dates_changes_nothing() -> None:
    base = cycle(maintenance(date(2027, 3, 1)))
    plain = ProgramDeadlines(partner="ASC", rule="anniversary")
    assert apply_program_deadlines(base, plain, date(2026, 1, 1)) == base


def test_anniversary_rule_with_year_end_dates_keeps_the_anniversary_and_adds_the_dates() -> None:
    esc = ESC.model_copy(update={"rule": "anniversary", "note": "For audits that fall at the year end."})
    result = apply_program_deadlines(cycle(maintenance(date(2027, 3, 1))), esc, date(2026, 1, 1))
    assert result.events[0].on == date(2027, 3, 1)
    assert [e.title for e in result.events[1:3]] == [
        "ESC: register by 15 December 2027",
        "ESC: finish the on-site audit work by 31 December 2027",
    ]
    assert "For audits that fall at the year end." in result.events[1].detail


def test_calendar_year_with_dates_moves_and_adds() -> None:
    amhsa = ProgramDeadlines(
        partner="AMHSA",
        rule="calendar_year",
        dates=[
            YearDate(what="action plans due", month=11, day=30),
            YearDate(what="maintenance audits due", month=12, day=1),
        ],
        qa_round_days=15,
        sources=["https://www.amhsa.net/cor-auditing/audit-news/"],
    )
    result = apply_program_deadlines(cycle(maintenance(date(2027, 3, 1))), amhsa, date(2026, 1, 1))
    assert [e.on for e in result.events] == [date(2027, 11, 30), date(2027, 12, 1), date(2027, 12, 31)]
    assert all("15 days for each round" in e.detail for e in result.events)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(list(Recurrence)[2:]))
def test_step_always_moves_forward_by_about_one_period(start: date, every: Recurrence) -> None:
    later = step(start, every)
    days = (later - start).days
    expected = {"weekly": 7, "monthly": 30, "quarterly": 91, "semiannual": 182, "annual": 365}[every.value]
    assert later > start
    assert abs(days - expected) <= 4
    assert step(start, every, 2) >= later + timedelta(days=1)
