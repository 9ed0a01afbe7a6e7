"""rules/first_aid.py: the first aid a site needs, picked from the jurisdiction's table (Alberta's Schedule 2)."""

from __future__ import annotations

import functools

from hypothesis import given
from hypothesis import strategies as st

from corcli.catalog.loader import load_catalog
from corcli.models.content import FirstAidTable, HazardLevel
from corcli.rules.first_aid import FirstAidNeed, distance_band, first_aid_need, site_hazard

HAZARDS: tuple[HazardLevel, ...] = ("low", "medium", "high")


@functools.cache
def _table() -> FirstAidTable:
    table = load_catalog().laws["AB"].first_aid
    assert table is not None
    return table


def _trained(need: FirstAidNeed | None) -> int:
    assert need is not None
    return need.emergency_first_aiders + need.standard_first_aiders


def test_first_aid_alberta_cells_match_the_table() -> None:
    table = _table()
    roofer = first_aid_need(table, "high", 25, 5)
    assert roofer is not None
    assert (roofer.emergency_first_aiders, roofer.standard_first_aiders) == (0, 2)
    assert roofer.equipment == ("3 blankets",)
    assert roofer.table == "Schedule 2, Table 7"
    office = first_aid_need(table, "low", 5, 30)
    assert office is not None
    assert (office.emergency_first_aiders, office.standard_first_aiders, office.room) == (1, 0, "")
    plant = first_aid_need(table, "low", 30, 150)
    assert plant is not None
    assert plant.room == "a designated area for first aid services"
    assert "a stretcher" in plant.equipment


def test_first_aid_past_the_table_is_none_so_the_manual_asks() -> None:
    assert first_aid_need(_table(), "high", 10, 20) is None
    assert first_aid_need(_table(), "medium", 50, 45) is None
    assert first_aid_need(_table(), "high", 10, 0) is None


@given(st.integers(min_value=0, max_value=5000))
def test_first_aid_distance_bands_split_at_20_and_40_minutes(minutes: int) -> None:
    band = distance_band(_table().distances, minutes)
    expected = "close" if minutes < 20 else "distant" if minutes <= 40 else "isolated"
    assert band.id == expected


@given(st.sampled_from(HAZARDS), st.integers(min_value=0, max_value=600), st.integers(min_value=1, max_value=18))
def test_first_aid_more_workers_never_need_fewer_first_aiders(hazard: HazardLevel, minutes: int, workers: int) -> None:
    table = _table()
    assert _trained(first_aid_need(table, hazard, minutes, workers)) <= _trained(
        first_aid_need(table, hazard, minutes, workers + 1)
    )


@given(st.sampled_from(HAZARDS), st.integers(min_value=1, max_value=19), st.integers(min_value=0, max_value=200))
def test_first_aid_farther_sites_never_need_fewer_first_aiders(hazard: HazardLevel, workers: int, minutes: int) -> None:
    table = _table()
    near = first_aid_need(table, hazard, minutes, workers)
    far = first_aid_need(table, hazard, minutes + 30, workers)
    assert _trained(near) <= _trained(far)


@given(st.integers(min_value=1, max_value=19), st.integers(min_value=0, max_value=200))
def test_first_aid_higher_hazard_never_needs_fewer_first_aiders(workers: int, minutes: int) -> None:
    table = _table()
    counts = [_trained(first_aid_need(table, h, minutes, workers)) for h in HAZARDS]
    assert counts == sorted(counts)


@given(st.integers(min_value=200, max_value=5000), st.integers(min_value=0, max_value=19))
def test_first_aid_one_more_standard_first_aider_per_100_above_200(workers: int, minutes: int) -> None:
    need = first_aid_need(_table(), "low", minutes, workers)
    assert need is not None
    extra = -(-(workers - 200) // 100)
    assert need.standard_first_aiders == 2 + extra


def test_first_aid_hazard_comes_from_the_site_and_the_industry() -> None:
    table = _table()
    assert site_hazard(table, "construction", "office") == "low"
    assert site_hazard(table, "construction", "field") == "high"
    assert site_hazard(table, "hospitality", "plant") == "medium"
    assert site_hazard(table, "not-an-industry", "shop") is None
