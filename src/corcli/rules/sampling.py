"""Pure rules: how many workers an auditor interviews and how many sites they visit.

Why: the only published numbers are one BC certifying partner's interview table and Energy Safety
Canada's worked examples (reference §2 and §14); they live in ``data/sampling/`` with their sources.
Between two published rows corcli does not invent a value: it reports the bracket and plans for the
higher neighbour, and says to confirm with the partner. Past the last row it says to ask. A table
belongs to the partner who sets it: another partner's table is only ever an assumption, said to be one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from corcli.errors import UnknownIdError
from corcli.models import AuditStandard, CertifyingPartner, CompanyProfile, Jurisdiction, Program, Verification
from corcli.models.sampling import (
    Basis,
    InterviewGroup,
    InterviewPlan,
    PrepSheet,
    PrepTopic,
    SampleKind,
    SamplingPlan,
    SamplingRow,
    SamplingTable,
    SitePlan,
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
INTERVIEW_FORMAT = (
    "Audit interviews are one-on-one and take about 35–45 minutes; the auditor talks with people at every level."
)


@dataclass
class _Lookup:
    value: int | None
    basis: Basis


def _row_value(row: SamplingRow, population: int) -> int | None:
    if row.contact_partner:
        return None
    if row.percent is not None:
        return min(population, math.ceil(population * row.percent / 100))
    if row.minimum == "all" or row.minimum is None:
        return population
    return min(population, row.minimum)


def _describe(row: SamplingRow) -> str:
    span = f"{row.low}" if row.high == row.low else (f"{row.low}+" if row.high is None else f"{row.low}–{row.high}")
    if row.contact_partner:
        return f"{span}: contact the partner"
    if row.percent is not None:
        return f"{span}: {row.percent:g}%"
    return f"{span}: {row.minimum}"


def _lookup(table: SamplingTable, population: int, unit: str) -> _Lookup:
    """Read ``population`` off ``table``: exact row, bracket between rows, or beyond the table."""
    sources = table.source_urls
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
            how: Literal["published", "all"] = "all" if row.minimum == "all" else "published"
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


def _own(tables: Sequence[SamplingTable], sample: SampleKind, partner_id: str, code: str) -> SamplingTable | None:
    """The table the user's partner sets for ``sample``, else one the jurisdiction itself sets (no partner named)."""
    wanted = [t for t in tables if t.sample == sample]
    by_partner = next((t for t in wanted if partner_id and partner_id in t.partners), None)
    return by_partner or next((t for t in wanted if not t.partners and code in t.jurisdictions), None)


def _general(tables: Sequence[SamplingTable], sample: SampleKind, completeness: str) -> SamplingTable | None:
    """The first general table (no jurisdiction of its own) of that completeness, else any of it."""
    wanted = [t for t in tables if t.sample == sample and t.completeness == completeness]
    return next((t for t in wanted if not t.jurisdictions), wanted[0] if wanted else None)


def _owner(table: SamplingTable) -> str:
    """Who sets ``table``, as users see it."""
    return table.publisher or table.name


def _stamp(basis: Basis, table: SamplingTable, *, uncertain: bool, prefix: str = "") -> Basis:
    return basis.model_copy(
        update={"decided_by": _owner(table), "uncertain": uncertain, "explanation": prefix + basis.explanation}
    )


def _assumed(partner: str, sample: SampleKind, table: SamplingTable) -> str:
    """The opening that says the user's partner publishes no table and whose table corcli assumes instead."""
    where = f" ({', '.join(table.jurisdictions)})" if table.jurisdictions else ""
    return (
        f"{partner} publishes no {sample.removesuffix('s')} sampling table that corcli knows of. "
        f"As an assumption (uncertain), corcli uses {_owner(table)}'s table{where}: "
    )


def _no_table(sample: SampleKind) -> Basis:
    return Basis(
        table="no sampling table",
        sources=[],
        how="beyond_table",
        explanation=f"corcli has no published {sample} sampling table to read. Ask your partner.",
        uncertain=True,
    )


def _label(partner: CertifyingPartner | None) -> str:
    return partner.abbreviation if partner is not None else "Your partner"


def interview_minimum(
    workforce: int,
    jurisdiction_code: str,
    tables: Sequence[SamplingTable],
    partner: CertifyingPartner | None = None,
) -> tuple[int | None, list[Basis]]:
    """Return the minimum number of interviews and where it comes from (first basis = the number used).

    The user's partner's own table is used when corcli has it. Otherwise the number is an assumption,
    said to be one: corcli uses the worked examples where one matches, and otherwise reads the one full
    published table (a BC partner's; it agrees with the ESC examples at 5 and 50 workers, 4 and 19, and
    differs by one at 500, 59 against 60).
    """
    if workforce <= 0:
        return 0, []
    partner_id = partner.id if partner is not None else ""
    own = _own(tables, "interviews", partner_id, jurisdiction_code)
    if own is not None:
        found = _lookup(own, workforce, "workers")
        return found.value, [_stamp(found.basis, own, uncertain=False)]
    label = _label(partner)
    examples = _general(tables, "interviews", "examples")
    full = _general(tables, "interviews", "full")
    example = _lookup(examples, workforce, "workers") if examples is not None else None
    if examples is not None and example is not None and (example.basis.how in {"published", "all"} or full is None):
        return example.value, [
            _stamp(example.basis, examples, uncertain=True, prefix=_assumed(label, "interviews", examples))
        ]
    if full is None:
        return None, [_no_table("interviews")]
    read = _lookup(full, workforce, "workers")
    how_read = (
        "no Energy Safety Canada example matches, so corcli reads the only full published table "
        "(a BC partner's; it agrees with the ESC examples at 5 and 50 workers). "
    )
    basis = _stamp(read.basis, full, uncertain=True, prefix=_assumed(label, "interviews", full) + how_read)
    if examples is None or example is None:
        return read.value, [basis]
    comparison = _stamp(example.basis, examples, uncertain=True, prefix="For comparison only: ")
    return read.value, [basis, comparison]


def site_minimum(
    active_sites: int,
    jurisdiction_code: str,
    tables: Sequence[SamplingTable],
    partner: CertifyingPartner | None = None,
) -> tuple[int | None, str, list[Basis]]:
    """Return the sites to expect visited, a whole-cycle rule, and where they come from."""
    if active_sites <= 0:
        return 0, "", []
    partner_id = partner.id if partner is not None else ""
    own = _own(tables, "sites", partner_id, jurisdiction_code)
    if own is not None and own.completeness == "rule":
        row = own.rows[0]
        value = _row_value(row, active_sites)
        basis = Basis(
            table=own.name,
            sources=own.source_urls,
            how="rule",
            explanation=f"The earlier rule was to tour at least {row.percent:g}% of active sites per audit: {value} of "
            f"{active_sites} (rounded up). All {active_sites} must be covered across the cycle.",
            decided_by=_owner(own),
        )
        return value, own.cycle_rule, [basis]
    table = own or _general(tables, "sites", "examples") or _general(tables, "sites", "full")
    if table is None:
        return None, "", [_no_table("sites")]
    found = _lookup(table, active_sites, "sites")
    if own is not None:
        return found.value, table.cycle_rule, [_stamp(found.basis, table, uncertain=False)]
    prefix = _assumed(_label(partner), "sites", table)
    return found.value, table.cycle_rule, [_stamp(found.basis, table, uncertain=True, prefix=prefix)]


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
        return [], [
            (
                "corcli.yaml lists no roles: under 'roles:' add each job, how many people do it, their level and "
                "shifts, to plan the interviews by role and shift."
            )
        ]
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
    profile: CompanyProfile,
    jurisdiction: Jurisdiction,
    program: Program,
    tables: Sequence[SamplingTable],
    standard: AuditStandard | None = None,
    partner: CertifyingPartner | None = None,
) -> SamplingPlan:
    """Build the interview and site-visit sample for ``profile`` from the published ``tables``."""
    code = jurisdiction.code
    workforce = profile.company.employees
    notes: list[str] = []
    minimum, interview_basis = interview_minimum(workforce, code, tables, partner)
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
    site_count, cycle_rule, site_basis = site_minimum(len(active), code, tables, partner)
    if not profile.sites:
        notes.append("The profile lists no sites; add them under 'sites' to plan site visits.")
    assumed = next((b for b in interview_basis[:1] if b.uncertain and b.decided_by), None)
    if assumed is not None:
        label = _label(partner)
        notes.append(
            f"{label} publishes no interview sampling table that corcli knows of, so the interview minimum is an "
            f"assumption (uncertain) read from {assumed.decided_by}'s table (shown above). {label}'s audit "
            f"instrument decides; ask {label} for their table."
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


def prep_sheets(profile: CompanyProfile, standard: AuditStandard, roles: Sequence[str] = ()) -> list[PrepSheet]:
    """Return one prep sheet per role (or one for everyone when no roles are listed) from the interview items."""
    topics = [
        PrepTopic(element=f"{element.id}. {element.title}", requirement=req.id, asks=req.text, preparation=req.guidance)
        for element in standard.elements
        for req in element.requirements
        if req.verification == Verification.INTERVIEW
    ]
    on_site = _observation_items(standard)
    wanted = {r.casefold() for r in roles}
    listed = [r for r in profile.roles if not wanted or r.name.casefold() in wanted]
    if wanted and not listed:
        names = [r.name for r in profile.roles]
        raise UnknownIdError(
            "role",
            ", ".join(roles),
            [],
            ("Roles in corcli.yaml: " + ", ".join(names) + ".") if names else "Add roles to corcli.yaml first.",
        )
    if not listed:
        everyone = profile.company.employees
        return [
            PrepSheet(role="All workers", level="worker", shifts=[], people=everyone, topics=topics, on_site=on_site)
        ]
    return [
        PrepSheet(role=r.name, level=r.level, shifts=list(r.shifts), people=r.count, topics=topics, on_site=on_site)
        for r in listed
    ]


__all__ = [
    "AUDITOR_PICKS",
    "COVERAGE_RULE",
    "ESC_SOURCE",
    "INTERVIEW_FORMAT",
    "SELECTION_SOURCE",
    "allocate",
    "interview_minimum",
    "plan_sample",
    "prep_sheets",
    "site_minimum",
]
