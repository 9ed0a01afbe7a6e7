"""Reading what people type at ``corcli init``: provinces, industries, head counts, dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corcli.models import INDUSTRIES
from corcli.services.answers import PROVINCE_NAMES, read_date, read_headcount, read_industry, read_province


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Alberta", "AB"), ("ab", "AB"), ("AB", "AB"), (" alberta ", "AB"), ("British Columbia", "BC"), ("b.c.", "BC"),
     ("P.E.I.", "PE"), ("Prince Edward Island", "PE"), ("nwt", "NT"), ("Québec", "QC"), ("Nfld", "NL")],
)  # fmt: skip
def test_read_province(typed: str, code: str) -> None:
    assert read_province(typed) == code


@pytest.mark.parametrize("typed", ["", "Albertaa", "Texas", "A"])
def test_read_province_refuses(typed: str) -> None:
    assert read_province(typed) is None


def test_every_province_code_and_name_reads_back() -> None:
    for code, names in PROVINCE_NAMES.items():
        assert read_province(code.lower()) == code
        for name in names:
            assert read_province(name.upper()) == code


@pytest.mark.parametrize(
    ("typed", "industry", "trade"),
    [("construction", "construction", ""), ("Roofing", "construction", "Roofing"), ("oil and gas", "oil-and-gas", ""),
     ("Oil & Gas", "oil-and-gas", ""), ("trucking", "trucking", ""),
     ("well servicing", "oil-and-gas", "well servicing"),
     ("commercial roofing", "construction", "commercial roofing"), ("Town", "municipal", "Town")],
)  # fmt: skip
def test_read_industry(typed: str, industry: str, trade: str) -> None:
    assert read_industry(typed) == (industry, trade)


def test_every_industry_id_and_label_reads_back() -> None:
    for industry, label in INDUSTRIES.items():
        assert read_industry(industry) == (industry, "")
        assert read_industry(label)[0] == industry  # type: ignore[index]


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("23", 23),
        ("about 23", 23),
        ("~23", 23),
        ("around 23 people", 23),
        ("20-25", 25),
        ("twenty", 20),
        ("1,200", 1200),
    ],
)
def test_read_headcount(typed: str, count: int) -> None:
    assert read_headcount(typed) == count


@pytest.mark.parametrize("typed", ["", "some", "0", "1 2 3"])
def test_read_headcount_refuses(typed: str) -> None:
    assert read_headcount(typed) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2025-09-01", date(2025, 9, 1)), ("Sept 2025", date(2025, 9, 1)), ("September 2025", date(2025, 9, 1)),
     ("sep. 14, 2025", date(2025, 9, 14)), ("14 September 2025", date(2025, 9, 14)), ("2025-09", date(2025, 9, 1)),
     ("March 2027", date(2027, 3, 1))],
)  # fmt: skip
def test_read_date(typed: str, expected: date) -> None:
    assert read_date(typed) == expected


@pytest.mark.parametrize("typed", ["03-04-2026", "2025-13-01", "next week", "Sept", "2025", "Feb 30 2026"])
def test_read_date_refuses_what_could_mean_two_days_or_none(typed: str) -> None:
    assert read_date(typed) is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_read_date_round_trips_iso_and_spelled_out(day: date) -> None:
    assert read_date(day.isoformat()) == day
    assert read_date(day.strftime("%B ") + f"{day.day} {day.year}") == day


@given(st.integers(min_value=1, max_value=100_000))
def test_read_headcount_round_trips(count: int) -> None:
    assert read_headcount(str(count)) == count
    assert read_headcount(f"about {count}") == count
