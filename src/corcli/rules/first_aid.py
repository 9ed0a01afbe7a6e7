"""First aid worked out from a jurisdiction's table: attendants, kit, equipment and room for one site's shift.

Why pure: the table is data (``data/law``) and the site's numbers come from the profile; this only picks the
cell, so the manual and any later check read the same answer and tests can cover every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from corcli.models.content import FirstAidDistance, FirstAidRow, FirstAidTable, HazardLevel


@dataclass(frozen=True)
class FirstAidNeed:
    """What one shift at one site needs, and the table cell it came from."""

    hazard: HazardLevel
    distance: FirstAidDistance
    workers: int
    emergency_first_aiders: int
    standard_first_aiders: int
    kit: str
    equipment: tuple[str, ...]
    room: str
    table: str


def distance_band(distances: list[FirstAidDistance], minutes: int) -> FirstAidDistance:
    """Return the travel-time band that holds ``minutes`` (bands are nearest first; the last has no limit)."""
    for band in distances:
        if band.below_minutes is None or minutes < band.below_minutes:
            return band
    return distances[-1]


def _covers(row: FirstAidRow, workers: int) -> bool:
    return row.workers_from <= workers and (row.workers_to is None or workers <= row.workers_to)


def _standard(row: FirstAidRow, workers: int) -> int:
    """Standard first aiders, with one more for each further 1 to 100 workers above the row's first number."""
    if not row.standard_per_extra_100:
        return row.standard_first_aiders
    above = workers - row.workers_from
    extra = 0 if above <= 0 else (above + 99) // 100
    return row.standard_first_aiders + extra


def first_aid_need(table: FirstAidTable, hazard: HazardLevel, minutes: int, workers: int) -> FirstAidNeed | None:
    """The first aid a shift of ``workers`` needs ``minutes`` from medical help; ``None`` where no cell covers it."""
    if workers < 1 or minutes < 0:
        return None
    band = distance_band(table.distances, minutes)
    for row in table.rows:
        if row.hazard == hazard and row.distance == band.id and _covers(row, workers):
            return FirstAidNeed(
                hazard=hazard,
                distance=band,
                workers=workers,
                emergency_first_aiders=row.emergency_first_aiders,
                standard_first_aiders=_standard(row, workers),
                kit=row.kit,
                equipment=tuple(row.equipment),
                room=row.room,
                table=table.tables.get(hazard, table.section),
            )
    return None


def site_hazard(table: FirstAidTable, industry: str, site_kind: str) -> HazardLevel | None:
    """The hazard level of a site's work: offices are low; otherwise the industry's level, if the table sets one."""
    if site_kind == "office":
        return "low"
    return table.hazard_by_industry.get(industry)


__all__ = ["FirstAidNeed", "distance_band", "first_aid_need", "site_hazard"]
