"""Dates as people write them: in file names, and typed on the command line."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corcli.rules.dates import add_months, date_in_text, parse_typed_date, whole_months

EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _styles(day: date) -> list[str]:
    """Every supported way of writing a full date, as people put them in file names."""
    en, fr = EN[day.month - 1], FR[day.month - 1]
    styles = [
        day.isoformat(),
        day.strftime("%Y%m%d"),
        day.strftime("%Y_%m_%d"),
        day.strftime("%Y.%m.%d"),
        day.strftime("%Y %m %d"),
        f"{en[:3]} {day.day} {day.year}",
        f"{en} {day.day}, {day.year}",
        f"{day.day}-{en[:3]}-{day.year}",
        f"{day.day} {fr} {day.year}",
        f"IMG_{day.strftime('%Y%m%d')}_093015",
        f"PXL_{day.strftime('%Y%m%d')}_123456789",
        f"Screenshot {day.isoformat()} at 10.22.33",
    ]
    if day.day > 12:
        styles.append(day.strftime("%d-%m-%Y"))
    return styles


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), style=st.integers(0, 12))
def test_a_date_written_in_any_supported_way_reads_back(day: date, style: int) -> None:
    styles = _styles(day)
    text = styles[style % len(styles)]
    found = date_in_text(f"Site inspection {text} signed")
    assert found is not None, text
    assert found.value == day, text
    assert found.precision == "day"


@pytest.mark.parametrize(
    ("name", "expected", "precision"),
    [
        ("Site Inspection Oct 2026", date(2026, 10, 1), "month"),
        ("JHSC minutes 2026-08", date(2026, 8, 1), "month"),
        ("Inspection June 2026", date(2026, 6, 1), "month"),
        ("réunion mars 2026", date(2026, 3, 1), "month"),
        ("2025 Program Review", date(2025, 1, 1), "year"),
        ("14-09-2026", date(2026, 9, 14), "day"),
        ("09-14-2026", date(2026, 9, 14), "day"),
        ("1er octobre 2026", date(2026, 10, 1), "day"),
        ("Oct 7 2026 toolbox", date(2026, 10, 7), "day"),
        ("toolbox 2026-10-07 and Oct 2026", date(2026, 10, 7), "day"),
    ],
)
def test_names_people_write(name: str, expected: date, precision: str) -> None:
    found = date_in_text(name)
    assert found is not None
    assert (found.value, found.precision) == (expected, precision)


def test_an_ambiguous_numeric_date_is_flagged_not_guessed() -> None:
    found = date_in_text("Inspection 03-04-2026")
    assert found is not None
    assert found.ambiguous
    assert found.value is None
    assert set(found.alternatives) == {date(2026, 4, 3), date(2026, 3, 4)}
    same = date_in_text("Inspection 04-04-2026")
    assert same is not None
    assert same.value == date(2026, 4, 4)


@pytest.mark.parametrize(
    "name", ["Fire extinguisher maintenance", "Form 2100", "Policy v3", "maintenance mai", "photo 12345678"]
)
def test_no_date_where_there_is_none(name: str) -> None:
    assert date_in_text(name) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-03", date(2026, 11, 3)),
        (" 2026-11-03 ", date(2026, 11, 3)),
        ("Nov 3 2026", date(2026, 11, 3)),
        ("November 3, 2026", date(2026, 11, 3)),
        ("3 novembre 2026", date(2026, 11, 3)),
        ("03-11-2026", None),
        ("20261103", None),
        ("2026W011", None),
        ("2026-02-30", None),
        ("tomorrow", None),
    ],
)
def test_typed_dates_are_iso_or_spelled_out(typed: str, expected: date | None) -> None:
    assert parse_typed_date(typed) == expected


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), months=st.integers(-60, 60))
def test_add_months_and_whole_months_agree(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    if months >= 0:
        assert whole_months(day, later) in {months, months - 1}


@given(
    since=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    on=st.dates(min_value=date(2015, 1, 1), max_value=date(2034, 12, 31)),
    months=st.lists(st.integers(0, 48), min_size=1, max_size=4, unique=True),
)
def test_one_records_history_rule_reached_agrees_with_the_calendar(since: date, on: date, months: list[int]) -> None:
    from corcli.models import RecordsHistoryRule
    from corcli.rules.pass_rules import supported_rule

    rules = [RecordsHistoryRule(min_months=m, certificate_term_months=36, label=f"{m}-month term") for m in months]
    reached = [r for r in rules if add_months(since, r.min_months) <= on]
    expected = max(reached, key=lambda r: r.min_months) if reached else None
    assert supported_rule(rules, since, on) == expected


def _full_scan(text: str) -> object:
    """The general search alone, without the leading-ISO fast path, as the reference."""
    from corcli.rules import dates

    best = None
    for pattern in dates._PATTERNS:
        for match in pattern.regex.finditer(text):
            found = dates._read(pattern, match)
            if found is None:
                continue
            key = (dates._RANK[found.precision], match.start())
            if best is None or key < best[:2]:
                best = (key[0], key[1], found)
            break
    return best[2] if best else None


@given(
    st.sampled_from(["2026-10-01", "2026-02-30", "1989-01-01", "2026-13-01", "20260-1-01"]),
    st.text(alphabet="0123456789-_ .abcjanoctIMG", max_size=20),
)
def test_leading_iso_fast_path_agrees_with_the_full_search(lead: str, rest: str) -> None:
    name = lead + rest
    assert date_in_text(name) == _full_scan(name)


def test_invalid_leading_iso_date_falls_back_to_later_dates() -> None:
    found = date_in_text("2026-02-30_walk_2026-03-01")
    assert found is not None
    assert found.value == date(2026, 3, 1)
