"""Pure rules: how many workers an auditor interviews and how many sites they visit.

Why: the only published numbers are one BC certifying partner's interview table and Energy Safety
Canada's worked examples (reference §2 and §14). Every figure here is copied from those tables with its
source address. Between two published rows corcli does not invent a value: it reports the bracket and
plans for the higher neighbour, and says to confirm with the partner. Past the last row it says to ask.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from corcli.models import AuditStandard, CompanyProfile, Jurisdiction, Program, StrictModel, Verification
from corcli.render.escape import markdown_cell as _md

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
    esc_basis = esc.basis.model_copy(update={"explanation": "For comparison only: " + esc.basis.explanation})
    return bc.value, [bc_basis, esc_basis]


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
            f"No sampling table for {jurisdiction.name} was found; corcli uses Energy Safety Canada's worked examples "
            "and, between them, the one full published table (a BC partner's). Your partner's audit instrument "
            "decides; ask them for their table."
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


# ------------------------------------------------------------------------------------------- rendering


def _basis_lines(basis: list[Basis]) -> list[str]:
    lines = []
    for item in basis:
        lines.append(f"{item.table}: {item.explanation}")
        lines.append("  Source: " + " ; ".join(item.sources))
    return lines


def render_text(plan: SamplingPlan) -> str:
    """Render the plan as plain text for the terminal."""
    interviews = plan.interviews
    sites = plan.sites
    minimum = "ask your partner" if interviews.minimum is None else str(interviews.minimum)
    lines = [
        f"Audit sampling plan: {plan.company} ({plan.program}, {plan.jurisdiction})",
        "",
        f"Interviews: at least {minimum} of {interviews.workforce} workers"
        + (f" (plan for {interviews.planned})" if interviews.planned not in (None, interviews.minimum) else ""),
        *[f"  {line}" for line in _basis_lines(interviews.basis)],
    ]
    if interviews.groups:
        lines += ["", f"  {'Role':<28} {'Level':<11} {'Shift':<10} {'People':>6} {'Interviews':>10}"]
        for group in interviews.groups:
            lines.append(
                f"  {group.role[:28]:<28} {group.level:<11} {group.shift[:10]:<10} {group.headcount:>6} "
                f"{group.interviews:>10}"
            )
    visits = "ask your partner" if sites.minimum_visits is None else str(sites.minimum_visits)
    lines += [
        "",
        f"Site visits: at least {visits} of {sites.active_sites} active sites ({sites.total_sites} listed)",
        *[f"  {line}" for line in _basis_lines(sites.basis)],
    ]
    if sites.cycle_rule:
        lines.append(f"  Across the cycle: {sites.cycle_rule}")
    if sites.sites:
        lines.append("  Active sites: " + ", ".join(sites.sites))
    if sites.observation_items:
        lines += ["", "What the auditor observes on site:", *[f"  - {item}" for item in sites.observation_items]]
    lines += ["", "Rules:", *[f"  - {rule}" for rule in plan.rules]]
    if plan.notes:
        lines += ["", "Notes:", *[f"  - {note}" for note in plan.notes]]
    return "\n".join(lines) + "\n"


def render_markdown(plan: SamplingPlan) -> str:
    """Render the plan as Markdown."""
    interviews = plan.interviews
    sites = plan.sites
    minimum = "ask your partner" if interviews.minimum is None else str(interviews.minimum)
    lines = [
        f"# Audit sampling plan: {plan.company}",
        "",
        f"{plan.program}, {plan.jurisdiction}.",
        "",
        "## Interviews",
        "",
        f"At least **{minimum}** of {interviews.workforce} workers"
        + (f"; plan for **{interviews.planned}**." if interviews.planned not in (None, interviews.minimum) else "."),
        "",
    ]
    for basis in interviews.basis:
        lines.append(f"- {_md(basis.table)}: {_md(basis.explanation)} Source: " + " ; ".join(basis.sources))
    if interviews.groups:
        lines += ["", "| Role | Level | Shift | People | Interviews |", "|---|---|---|---|---|"]
        for group in interviews.groups:
            lines.append(
                f"| {_md(group.role)} | {group.level} | {_md(group.shift)} | {group.headcount} | {group.interviews} |"
            )
    visits = "ask your partner" if sites.minimum_visits is None else str(sites.minimum_visits)
    lines += [
        "",
        "## Site visits",
        "",
        f"At least **{visits}** of {sites.active_sites} active sites ({sites.total_sites} listed).",
        "",
    ]
    for basis in sites.basis:
        lines.append(f"- {_md(basis.table)}: {_md(basis.explanation)} Source: " + " ; ".join(basis.sources))
    if sites.cycle_rule:
        lines.append(f"- Across the cycle: {_md(sites.cycle_rule)}")
    if sites.sites:
        lines.append("- Active sites: " + ", ".join(_md(s) for s in sites.sites))
    if sites.observation_items:
        lines += [
            "",
            "### What the auditor observes on site",
            "",
            *[f"- {_md(i)}" for i in sites.observation_items],
        ]
    lines += ["", "## Rules", "", *[f"- {_md(rule)}" for rule in plan.rules]]
    if plan.notes:
        lines += ["", "## Notes", "", *[f"- {_md(note)}" for note in plan.notes]]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------- prep sheets

INTERVIEW_FORMAT = (
    "Audit interviews are one-on-one and take about 35–45 minutes; the auditor talks with people at every level."
)


@dataclass(frozen=True)
class PrepTopic:
    """One interview item of the standard, for a prep sheet."""

    element: str
    requirement: str
    asks: str
    preparation: str


@dataclass(frozen=True)
class PrepSheet:
    """A printable interview prep sheet for one role."""

    role: str
    level: str
    shifts: tuple[str, ...]
    people: int
    topics: tuple[PrepTopic, ...]
    on_site: tuple[str, ...]


def prep_sheets(profile: CompanyProfile, standard: AuditStandard, roles: Sequence[str] = ()) -> list[PrepSheet]:
    """Return one prep sheet per role (or one for everyone when no roles are listed) from the interview items."""
    topics = tuple(
        PrepTopic(f"{element.id}. {element.title}", req.id, req.text, req.guidance)
        for element in standard.elements
        for req in element.requirements
        if req.verification == Verification.INTERVIEW
    )
    on_site = tuple(_observation_items(standard))
    wanted = {r.casefold() for r in roles}
    listed = [r for r in profile.roles if not wanted or r.name.casefold() in wanted]
    if wanted and not listed:
        from corcli.errors import UnknownIdError

        names = [r.name for r in profile.roles]
        raise UnknownIdError(
            "role",
            ", ".join(roles),
            [],
            ("Roles in corcli.yaml: " + ", ".join(names) + ".") if names else "Add roles to corcli.yaml first.",
        )
    if not listed:
        return [PrepSheet("All workers", "worker", (), profile.company.employees, topics, on_site)]
    return [PrepSheet(r.name, r.level, tuple(r.shifts), r.count, topics, on_site) for r in listed]


def render_prep_markdown(sheets: Sequence[PrepSheet], company: str, standard: AuditStandard) -> str:
    """Render prep sheets as Markdown, one section per role."""
    lines: list[str] = []
    for number, sheet in enumerate(sheets):
        if number:
            lines += ["", "---", ""]
        shifts = f", shifts: {', '.join(sheet.shifts)}" if sheet.shifts else ""
        lines += [
            f"# Interview prep: {_md(sheet.role)}",
            "",
            f"{_md(company)}: {sheet.people} people, level: {sheet.level}{_md(shifts)}. "
            f"Standard: {_md(standard.title)} ({standard.id}).",
            "",
            "## How the interview works",
            "",
            f"- {INTERVIEW_FORMAT} (Source: {ESC_SOURCE})",
            f"- {AUDITOR_PICKS} (Source: {SELECTION_SOURCE})",
            "- Answer in your own words and give a real example from your work. If you do not know, say so and "
            "say who you would ask. There are no scripted answers.",
            "",
            "## Topics the auditor may ask about",
        ]
        current = ""
        for topic in sheet.topics:
            if topic.element != current:
                current = topic.element
                lines += ["", f"### {_md(current)}", ""]
            lines.append(f"- **{topic.requirement}** {_md(topic.asks)}")
            if topic.preparation:
                lines.append(f"  - How the company prepares: {_md(topic.preparation)}")
            lines.append("  - My example: ______________________________________________")
        if not sheet.topics:
            lines.append("The standard lists no interview items.")
        if sheet.on_site:
            lines += [
                "",
                "## What the auditor may watch on site",
                "",
                *[f"- {_md(i)}" for i in sheet.on_site],
            ]
    return "\n".join(lines) + "\n"


_PREP_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Interview prep: {{ company }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #111; }
section { page-break-after: always; }
section:last-child { page-break-after: auto; }
.prep { color: #444; }
.blank { border-bottom: 1px solid #999; height: 1.6em; margin: 0.2em 0 0.8em; }
small { color: #555; }
</style>
</head>
<body>
{% for sheet in sheets %}<section>
<h1>Interview prep: {{ sheet.role }}</h1>
<p>{{ company }}: {{ sheet.people }} people, level: {{ sheet.level }}{% if sheet.shifts %}, shifts:
{{ sheet.shifts | join(", ") }}{% endif %}. Standard: {{ standard.title }} ({{ standard.id }}).</p>
<h2>How the interview works</h2>
<ul>
<li>{{ interview_format }} <small>Source: {{ esc_source }}</small></li>
<li>{{ auditor_picks }} <small>Source: {{ selection_source }}</small></li>
<li>Answer in your own words and give a real example from your work. If you do not know, say so and say who you
would ask. There are no scripted answers.</li>
</ul>
<h2>Topics the auditor may ask about</h2>
{% for topic in sheet.topics %}{% if loop.first or topic.element != sheet.topics[loop.index0 - 1].element %}
<h3>{{ topic.element }}</h3>{% endif %}
<p><strong>{{ topic.requirement }}</strong> {{ topic.asks }}</p>
{% if topic.preparation %}<p class="prep">How the company prepares: {{ topic.preparation }}</p>{% endif %}
<div class="blank"></div>
{% else %}<p>The standard lists no interview items.</p>{% endfor %}
{% if sheet.on_site %}<h2>What the auditor may watch on site</h2>
<ul>{% for item in sheet.on_site %}<li>{{ item }}</li>{% endfor %}</ul>{% endif %}
</section>
{% endfor %}</body>
</html>
"""


def render_prep_html(sheets: Sequence[PrepSheet], company: str, standard: AuditStandard) -> str:
    """Render prep sheets as one printable, self-contained HTML page (a page per role)."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    return env.from_string(_PREP_HTML).render(
        sheets=sheets,
        company=company,
        standard=standard,
        interview_format=INTERVIEW_FORMAT,
        auditor_picks=AUDITOR_PICKS,
        esc_source=ESC_SOURCE,
        selection_source=SELECTION_SOURCE,
    )


__all__ = [
    "AUDITOR_PICKS",
    "BC_TABLE_SOURCES",
    "COVERAGE_RULE",
    "ESC_SOURCE",
    "INTERVIEW_FORMAT",
    "SELECTION_SOURCE",
    "Basis",
    "InterviewGroup",
    "InterviewPlan",
    "PrepSheet",
    "PrepTopic",
    "SamplingPlan",
    "SitePlan",
    "allocate",
    "interview_minimum",
    "plan_sample",
    "prep_sheets",
    "render_markdown",
    "render_prep_html",
    "render_prep_markdown",
    "render_text",
    "site_minimum",
]
