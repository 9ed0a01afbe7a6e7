"""Pure rules: how many workers an auditor interviews and how many sites they visit.

Why: the only published numbers are one BC certifying partner's interview table and Energy Safety
Canada's worked examples (reference §2 and §14). Every figure here is copied from those tables with its
source address. Between two published rows corcli does not invent a value: it reports the bracket and
plans for the higher neighbour, and says to confirm with the partner. Past the last row it says to ask.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from corcli.models import AuditStandard, CompanyProfile, Jurisdiction, Program, StrictModel, Verification

BC_TABLE_SOURCES = (
    "https://studylib.net/doc/6897425/tscbc-large-employer-sampling-requirements",
    "https://www.safetydriven.ca/2018/06/27/audit-interview-sampling/",
)
ESC_SOURCE = "http://www.energysafetycanada.com/cor/howtogetacor/what-to-expect.cfm"
SELECTION_SOURCE = "http://www.purcellenterprises.ca/2018/09/13/how-and-why-interviews-are-part-of-an-audit/"

AUDITOR_PICKS = (
    "The auditor, not the company, chooses who is interviewed. Make everyone in these groups available on "
    "audit days; do not hand-pick or coach a list."
)
COVERAGE_RULE = (
    "The sample must cover every experience level (new and long-serving workers, supervisors, managers), "
    "full-time and part-time staff, and all shifts."
)


@dataclass(frozen=True)
class _Row:
    low: int
    high: int | None  # None: open-ended
    minimum: int | None  # None: "all"
    percent: float | None = None  # a share of the population instead of a count
    contact_partner: bool = False


@dataclass(frozen=True)
class _Table:
    name: str
    sources: tuple[str, ...]
    rows: tuple[_Row, ...]
    note: str = ""


# Reference §2, SafetyDriven / TSCBC large-employer sampling (2011 amendment).
BC_INTERVIEWS = _Table(
    "BC interview sampling table (SafetyDriven / Trucking Safety Council of BC, 2011 amendment)",
    BC_TABLE_SOURCES,
    (
        _Row(1, 4, None),
        _Row(5, 5, 4),
        _Row(10, 11, 8),
        _Row(19, 20, 12),
        _Row(50, 64, 19),
        _Row(100, 120, 23),
        _Row(200, 204, 26),
        _Row(500, 510, 59),
        _Row(550, None, None, contact_partner=True),
    ),
    "Published by one BC certifying partner; other BC partners may use their own table.",
)

# Reference §14, Energy Safety Canada worked examples ("what to expect").
ESC_INTERVIEWS = _Table(
    "Energy Safety Canada interview sampling examples",
    (ESC_SOURCE,),
    (_Row(5, 5, 4), _Row(50, 50, 19), _Row(500, 500, 60)),
    "Worked examples only, not a full table; no Alberta interview table was found (reference §18).",
)

ESC_SITES = _Table(
    "Energy Safety Canada site sampling examples",
    (ESC_SOURCE,),
    (_Row(2, 2, None), _Row(5, 5, 3), _Row(9, 30, None, percent=33.0)),
    "Worked examples only, not a full table.",
)


class Basis(StrictModel):
    """Where a sampling number comes from and how it was read off the table."""

    table: str = Field(description="Name of the published table.")
    sources: list[str] = Field(description="Addresses of the table.")
    how: Literal["published", "all", "bracketed", "beyond_table", "rule"] = Field(
        description="published: a row covers it; all: the row says everyone; bracketed: between two rows; "
        "beyond_table: past the last row; rule: a rule, not a count."
    )
    explanation: str = Field(description="How the number was read, in plain words.")


class InterviewGroup(StrictModel):
    """How many people of one role and shift to have available for interviews."""

    role: str = Field(description="Role name from the profile.")
    level: str = Field(description="management, supervisor or worker.")
    shift: str = Field(description="Shift, or 'any' when the profile names none.")
    headcount: int = Field(description="People in the group (split evenly across the role's shifts).")
    interviews: int = Field(description="Planned interviews from this group.")


class SitePlan(StrictModel):
    """How many sites the auditor is expected to visit."""

    total_sites: int = Field(description="Sites in the profile.")
    active_sites: int = Field(description="Sites where work is going on.")
    minimum_visits: int | None = Field(description="Sites to expect visited in this audit; null when unknown.")
    cycle_rule: str = Field(default="", description="A rule across the 3-year cycle, where one is published.")
    basis: list[Basis] = Field(description="Where the number comes from.")
    sites: list[str] = Field(description="Active site names the auditor may choose from.")
    observation_items: list[str] = Field(
        default_factory=list, description="What the auditor observes on site (the standard's observation items)."
    )


class InterviewPlan(StrictModel):
    """How many interviews to expect and how they spread over roles and shifts."""

    workforce: int = Field(description="Workers counted (the profile's peak headcount).")
    minimum: int | None = Field(description="Minimum interviews from the table; null when the partner must say.")
    planned: int | None = Field(description="Interviews planned after covering every level and shift.")
    basis: list[Basis] = Field(description="Where the minimum comes from.")
    groups: list[InterviewGroup] = Field(description="Planned interviews by role and shift.")


class SamplingPlan(StrictModel):
    """The interview and site-visit sample for a company's audit."""

    company: str = Field(description="Company name.")
    jurisdiction: str = Field(description="Jurisdiction code.")
    program: str = Field(description="COR or SECOR.")
    interviews: InterviewPlan = Field(description="Interview sample.")
    sites: SitePlan = Field(description="Site-visit sample.")
    rules: list[str] = Field(description="Selection rules, each with its source.")
    notes: list[str] = Field(default_factory=list, description="Assumptions and things to confirm with the partner.")


@dataclass
class _Lookup:
    value: int | None
    basis: Basis
    notes: list[str] = field(default_factory=list)


def _row_value(row: _Row, population: int) -> int | None:
    if row.contact_partner:
        return None
    if row.minimum is None and row.percent is None:
        return population
    if row.percent is not None:
        return min(population, math.ceil(population * row.percent / 100))
    return min(population, row.minimum or 0)


def _describe(row: _Row) -> str:
    span = f"{row.low}" if row.high == row.low else (f"{row.low}+" if row.high is None else f"{row.low}–{row.high}")
    if row.contact_partner:
        return f"{span}: contact the partner"
    if row.percent is not None:
        return f"{span}: {row.percent:g}%"
    return f"{span}: {'all' if row.minimum is None else row.minimum}"


def _lookup(table: _Table, population: int, unit: str) -> _Lookup:
    """Read ``population`` off ``table``: exact row, bracket between rows, or beyond the table."""
    sources = list(table.sources)
    rows = table.rows
    for row in rows:
        if row.low <= population and (row.high is None or population <= row.high):
            value = _row_value(row, population)
            if row.contact_partner:
                return _Lookup(
                    None,
                    Basis(
                        table=table.name,
                        sources=sources,
                        how="beyond_table",
                        explanation=f"The table says to contact the certifying partner for {_describe(row)}.",
                    ),
                )
            how: Literal["published", "all"] = "all" if row.minimum is None and row.percent is None else "published"
            extra = " (rounded up)" if row.percent is not None else ""
            return _Lookup(
                value,
                Basis(
                    table=table.name,
                    sources=sources,
                    how=how,
                    explanation=f"Published row {_describe(row)} {unit}{extra}.",
                ),
            )
    below = [r for r in rows if r.high is not None and r.high < population]
    above = [r for r in rows if r.low > population]
    if not below and above:
        first = above[0]
        # Fewer than the smallest published row: a sample cannot exceed the population.
        upper = _row_value(first, first.low)
        value = population if upper is None else min(population, upper)
        return _Lookup(
            value,
            Basis(
                table=table.name,
                sources=sources,
                how="bracketed",
                explanation=f"{population} {unit} is below the first published row ({_describe(first)}); "
                f"corcli plans for all {value}. Confirm with your partner.",
            ),
        )
    if below and not above:
        last = below[-1]
        if last.percent is not None:
            value = _row_value(last, population)
            return _Lookup(
                value,
                Basis(
                    table=table.name,
                    sources=sources,
                    how="beyond_table",
                    explanation=f"{population} {unit} is past the last published row ({_describe(last)}); corcli "
                    f"applies that row's {last.percent:g}% (rounded up) but the partner decides. Ask your partner.",
                ),
            )
        return _Lookup(
            None,
            Basis(
                table=table.name,
                sources=sources,
                how="beyond_table",
                explanation=f"{population} {unit} is past the last published row ({_describe(last)}); "
                "the table gives no number. Ask your partner.",
            ),
        )
    low_row, high_row = below[-1], above[0]
    # The neighbours read at the edges nearest to ``population``; the minimum grows with the population.
    low_value = _row_value(low_row, low_row.high or low_row.low) or 0
    high_value = _row_value(high_row, high_row.low) or low_value
    higher = max(low_value, high_value)
    value = min(population, higher)
    capped = f", capped at the {population} {unit} there are" if value < higher else ""
    return _Lookup(
        value,
        Basis(
            table=table.name,
            sources=sources,
            how="bracketed",
            explanation=f"{population} {unit} falls between published rows {_describe(low_row)} and "
            f"{_describe(high_row)}, so the minimum lies between {low_value} and {high_value}. corcli does not "
            f"interpolate: it plans for the higher neighbour ({value}{capped}). Confirm the number with your partner.",
        ),
    )


def interview_minimum(workforce: int, jurisdiction_code: str) -> tuple[int | None, list[Basis]]:
    """Return the minimum number of interviews and where it comes from (first basis = the number used).

    BC uses the SafetyDriven table. Elsewhere corcli uses Energy Safety Canada's examples where one matches,
    and otherwise reads the BC table, the only full published table; it agrees with the ESC examples at 5
    and 50 workers (4 and 19) and differs by one at 500 (59 against 60).
    """
    if workforce <= 0:
        return 0, []
    bc = _lookup(BC_INTERVIEWS, workforce, "workers")
    if jurisdiction_code == "BC":
        return bc.value, [bc.basis]
    esc = _lookup(ESC_INTERVIEWS, workforce, "workers")
    if esc.basis.how in {"published", "all"}:
        return esc.value, [esc.basis]
    bc_basis = bc.basis.model_copy(
        update={
            "explanation": "No Energy Safety Canada example matches, so corcli reads the only full published table "
            "(a BC partner's; it agrees with the ESC examples at 5 and 50 workers): " + bc.basis.explanation
        }
    )
    return bc.value, [bc_basis, esc.basis]


def site_minimum(active_sites: int, jurisdiction_code: str) -> tuple[int | None, str, list[Basis]]:
    """Return the sites to expect visited, a whole-cycle rule, and where they come from."""
    if active_sites <= 0:
        return 0, "", []
    if jurisdiction_code == "BC":
        ten_percent = math.ceil(active_sites * 0.10)
        rule = (
            "Every worksite must be audited at some point in the 3-year cycle; plan which sites each audit covers "
            "so that none is left out."
        )
        basis = Basis(
            table="BC site sampling rule (SafetyDriven / TSCBC)",
            sources=list(BC_TABLE_SOURCES),
            how="rule",
            explanation=f"The earlier BC rule was to tour at least 10% of active sites per audit: {ten_percent} of "
            f"{active_sites} (rounded up). All {active_sites} must be covered across the cycle.",
        )
        return ten_percent, rule, [basis]
    found = _lookup(ESC_SITES, active_sites, "sites")
    return found.value, "", [found.basis]


def _largest_remainder(total: int, weights: list[int], caps: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), never above ``caps``."""
    result = [0] * len(weights)
    remaining = min(total, sum(caps))
    while remaining > 0:
        open_ = [i for i in range(len(weights)) if result[i] < caps[i]]
        if not open_:
            break
        weight_sum = sum(weights[i] for i in open_)
        shares = {i: remaining * weights[i] / weight_sum for i in open_}
        floors = {i: min(caps[i] - result[i], math.floor(shares[i])) for i in open_}
        given = sum(floors.values())
        for i, extra in floors.items():
            result[i] += extra
        remaining -= given
        if remaining <= 0:
            break
        order = sorted(open_, key=lambda i: (-(shares[i] - math.floor(shares[i])), -weights[i], i))
        for i in order:
            if remaining == 0:
                break
            if result[i] < caps[i]:
                result[i] += 1
                remaining -= 1
    return result


def _groups(profile: CompanyProfile) -> list[tuple[str, str, str, int]]:
    groups: list[tuple[str, str, str, int]] = []
    for role in profile.roles:
        if role.count <= 0:
            continue
        shifts = role.shifts or ["any"]
        base, extra = divmod(role.count, len(shifts))
        for index, shift in enumerate(shifts):
            count = base + (1 if index < extra else 0)
            if count:
                groups.append((role.name, role.level, shift, count))
    return groups


def allocate(minimum: int, profile: CompanyProfile) -> tuple[list[InterviewGroup], list[str]]:
    """Spread ``minimum`` interviews over role/shift groups, then cover every level and shift."""
    notes: list[str] = []
    groups = _groups(profile)
    if not groups:
        return [], ["The profile lists no roles; add roles (name, count, level, shifts) to plan by role and shift."]
    counts = [g[3] for g in groups]
    planned = _largest_remainder(minimum, counts, counts)
    for attribute, label in ((1, "level"), (2, "shift")):
        for value in sorted({g[attribute] for g in groups}):
            members = [i for i, g in enumerate(groups) if g[attribute] == value]
            if any(planned[i] for i in members):
                continue
            pick = max(members, key=lambda i: (counts[i], -i))
            planned[pick] += 1
            notes.append(f"Added 1 interview so that {label} {value!r} is covered (coverage rule).")
    result = [
        InterviewGroup(role=name, level=level, shift=shift, headcount=count, interviews=planned[i])
        for i, (name, level, shift, count) in enumerate(groups)
    ]
    if any(len(role.shifts) > 1 for role in profile.roles):
        notes.append("Roles that work several shifts are split evenly across them; adjust to your real rosters.")
    return result, notes


def _observation_items(standard: AuditStandard | None) -> list[str]:
    if standard is None:
        return []
    return [
        f"{req.id} {req.text}"
        for element in standard.elements
        for req in element.requirements
        if req.verification == Verification.OBSERVATION
    ]


def plan_sample(
    profile: CompanyProfile, jurisdiction: Jurisdiction, program: Program, standard: AuditStandard | None = None
) -> SamplingPlan:
    """Build the interview and site-visit sample for ``profile``."""
    code = jurisdiction.code
    workforce = profile.company.employees
    notes: list[str] = []
    minimum, interview_basis = interview_minimum(workforce, code)
    groups: list[InterviewGroup] = []
    planned: int | None = None
    if minimum is not None:
        groups, allocation_notes = allocate(minimum, profile)
        notes.extend(allocation_notes)
        planned = sum(g.interviews for g in groups) if groups else minimum
    else:
        notes.append("The published table gives no interview number for this workforce; ask your partner.")
    listed = sum(role.count for role in profile.roles)
    if profile.roles and listed != workforce:
        notes.append(
            f"The roles add up to {listed} people but company.employees is {workforce}; the minimum uses "
            f"{workforce}. Update roles so that the groups match your workforce."
        )
    active = [site for site in profile.sites if site.active]
    site_count, cycle_rule, site_basis = site_minimum(len(active), code)
    if not profile.sites:
        notes.append("The profile lists no sites; add them under 'sites' to plan site visits.")
    if code != "BC":
        notes.append(
            f"No sampling table for {jurisdiction.name} was found; the numbers are Energy Safety Canada's worked "
            "examples. Your partner's audit instrument decides; ask them for their table."
        )
    if program == Program.SECOR:
        notes.append(
            "SECOR is usually a self-assessment: the same interview and observation sample still applies, but check "
            "your partner's SECOR instructions."
        )
    return SamplingPlan(
        company=profile.company.name,
        jurisdiction=code,
        program=str(program),
        interviews=InterviewPlan(
            workforce=workforce, minimum=minimum, planned=planned, basis=interview_basis, groups=groups
        ),
        sites=SitePlan(
            total_sites=len(profile.sites),
            active_sites=len(active),
            minimum_visits=site_count,
            cycle_rule=cycle_rule,
            basis=site_basis,
            sites=[site.name for site in active],
            observation_items=_observation_items(standard),
        ),
        rules=[f"{AUDITOR_PICKS} Source: {SELECTION_SOURCE}", f"{COVERAGE_RULE} Source: {SELECTION_SOURCE}"],
        notes=notes,
    )


__all__ = [
    "AUDITOR_PICKS",
    "BC_TABLE_SOURCES",
    "COVERAGE_RULE",
    "ESC_SOURCE",
    "SELECTION_SOURCE",
    "Basis",
    "InterviewGroup",
    "InterviewPlan",
    "SamplingPlan",
    "SitePlan",
    "allocate",
    "interview_minimum",
    "plan_sample",
    "site_minimum",
]
