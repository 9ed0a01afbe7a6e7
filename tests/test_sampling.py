"""Interview and site sampling: every number comes from the sourced tables (reference §2 and §14)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corcli.catalog.loader import load_catalog
from corcli.models import AuditStandard, CompanyProfile, Program
from corcli.render.sampling import render_plan, render_prep, render_text
from corcli.rules.sampling import (
    AUDITOR_PICKS,
    ESC_SOURCE,
    SELECTION_SOURCE,
    interview_minimum,
    plan_sample,
    prep_sheets,
    site_minimum,
)
from tests import helpers
from tests.helpers import jurisdiction

TABLES = list(load_catalog().sampling_tables.values())
BC_TABLE_SOURCES = load_catalog().sampling_tables["bc-tscbc-interviews"].source_urls
SAFETYDRIVEN = load_catalog().partner("safetydriven")


def profile(employees: int = 50, sites: int = 5, roles: list[dict[str, Any]] | None = None) -> CompanyProfile:
    return CompanyProfile.model_validate(
        {
            "company": {
                "name": "Prairie Roofing Ltd.",
                "province": "AB",
                "industry": "construction",
                "employees": employees,
            },
            "certification": {"partner": "tpa"},
            "roles": roles
            if roles is not None
            else [
                {"name": "Owner", "count": 1, "level": "management"},
                {"name": "Foreman", "count": 4, "level": "supervisor", "shifts": ["day", "night"]},
                {"name": "Roofer", "count": 40, "shifts": ["day", "night"]},
                {"name": "Labourer", "count": 5, "shifts": ["day"]},
            ],
            "sites": [{"name": f"Site {i}"} for i in range(sites)],
        }
    )


def standard() -> AuditStandard:
    return helpers.standard(
        id="t-cor",
        title="Test COR",
        program="COR",
        elements=[
            {
                "id": "1",
                "title": "Policy & <commitment>",
                "folder": "policy",
                "requirements": [
                    {
                        "id": "1.1",
                        "text": "A signed policy.",
                        "verification": "documentation",
                        "evidence_kinds": ["policy"],
                        "points": 10,
                    },
                    {
                        "id": "1.2",
                        "text": "Workers can explain the <policy>.",
                        "verification": "interview",
                        "points": 5,
                        "guidance": "Review it at orientation.",
                    },
                    {"id": "1.3", "text": "The policy is posted.", "verification": "observation", "points": 5},
                ],
            },
        ],
    )


# -- the tables, row by row ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("workers", "expected"),
    [
        (1, 1),
        (4, 4),
        (5, 4),
        (10, 8),
        (11, 8),
        (19, 12),
        (20, 12),
        (50, 19),
        (64, 19),
        (100, 23),
        (120, 23),
        (200, 26),
        (204, 26),
        (500, 59),
        (510, 59),
    ],
)
def test_interview_minimum_bc_matches_published_rows(workers: int, expected: int) -> None:
    minimum, basis = interview_minimum(workers, "BC", TABLES, SAFETYDRIVEN)
    assert minimum == expected
    assert basis[0].how in {"published", "all"}
    assert basis[0].sources == list(BC_TABLE_SOURCES)
    assert not basis[0].uncertain


def test_interview_minimum_for_another_bc_partner_is_an_assumption_naming_whose_table() -> None:
    minimum, basis = interview_minimum(14, "BC", TABLES, load_catalog().partner("bccsa"))
    assert minimum == 12
    assert basis[0].uncertain
    assert basis[0].explanation.startswith("BCCSA publishes no interview sampling table")
    assert "SafetyDriven's table (BC)" in basis[0].explanation


@pytest.mark.parametrize(("workers", "expected"), [(5, 4), (50, 19), (500, 60)])
def test_interview_minimum_esc_examples_outside_bc(workers: int, expected: int) -> None:
    minimum, basis = interview_minimum(workers, "AB", TABLES)
    assert minimum == expected
    assert basis[0].sources == [ESC_SOURCE]
    assert basis[0].how == "published"


def test_interview_minimum_between_rows_is_bracketed_not_interpolated() -> None:
    minimum, basis = interview_minimum(30, "BC", TABLES, SAFETYDRIVEN)
    assert minimum == 19  # between 19–20 -> 12 and 50–64 -> 19: the higher neighbour
    assert basis[0].how == "bracketed"
    assert "between 12 and 19" in basis[0].explanation
    assert "does not interpolate" in basis[0].explanation
    assert "partner" in basis[0].explanation


def test_interview_minimum_gap_outside_bc_uses_bc_table_and_says_so() -> None:
    minimum, basis = interview_minimum(10, "AB", TABLES)
    assert minimum == 8
    assert basis[0].sources == list(BC_TABLE_SOURCES)
    assert "no Energy Safety Canada example matches" in basis[0].explanation
    assert basis[0].uncertain
    assert basis[0].decided_by == "SafetyDriven"
    assert basis[1].sources == [ESC_SOURCE]


def test_interview_minimum_small_gap_is_capped_at_the_workforce() -> None:
    minimum, basis = interview_minimum(7, "BC", TABLES, SAFETYDRIVEN)
    assert minimum == 7
    assert "capped at the 7 workers" in basis[0].explanation


def test_interview_minimum_past_the_table_says_ask_your_partner() -> None:
    minimum, basis = interview_minimum(600, "BC", TABLES, SAFETYDRIVEN)
    assert minimum is None
    assert basis[0].how == "beyond_table"
    assert "contact the certifying partner" in basis[0].explanation


@given(st.integers(min_value=1, max_value=549))
def test_interview_minimum_never_exceeds_workforce_and_grows(workers: int) -> None:
    minimum, _ = interview_minimum(workers, "BC", TABLES, SAFETYDRIVEN)
    assert minimum is not None
    assert 1 <= minimum <= workers
    following, _ = interview_minimum(workers + 1, "BC", TABLES, SAFETYDRIVEN)
    assert following is None or following >= minimum


@pytest.mark.parametrize(("sites", "expected"), [(1, 1), (2, 2), (3, 3), (5, 3), (9, 3), (30, 10)])
def test_site_minimum_esc_examples(sites: int, expected: int) -> None:
    count, rule, basis = site_minimum(sites, "AB", TABLES)
    assert count == expected
    assert rule == ""
    assert basis[0].sources == [ESC_SOURCE]


def test_site_minimum_past_esc_examples_says_partner_decides() -> None:
    count, _, basis = site_minimum(40, "AB", TABLES)
    assert count == 14  # 33% of 40, rounded up
    assert basis[0].how == "beyond_table"
    assert "Ask your partner" in basis[0].explanation


def test_site_minimum_bc_every_site_in_the_cycle() -> None:
    count, rule, basis = site_minimum(5, "BC", TABLES, SAFETYDRIVEN)
    assert count == 1  # the earlier rule: at least 10% of active sites, rounded up
    assert "Every worksite" in rule
    assert basis[0].sources == list(BC_TABLE_SOURCES)


# -- the plan ---------------------------------------------------------------------------------------


def test_plan_50_workers_on_5_sites_gives_sourced_minimums() -> None:
    plan = plan_sample(profile(50, 5), jurisdiction(), Program.COR, TABLES, standard())
    assert plan.interviews.minimum == 19
    assert plan.sites.minimum_visits == 3
    assert ESC_SOURCE in plan.interviews.basis[0].sources
    assert ESC_SOURCE in plan.sites.basis[0].sources
    assert plan.rules[0].startswith(AUDITOR_PICKS)
    assert SELECTION_SOURCE in plan.rules[0]


def test_plan_50_workers_on_5_sites_in_bc() -> None:
    bc = jurisdiction(code="BC", name="British Columbia", covers=["BC"])
    plan = plan_sample(profile(50, 5), bc, Program.COR, TABLES, partner=SAFETYDRIVEN)
    assert plan.interviews.minimum == 19
    assert plan.sites.minimum_visits == 1
    assert "Every worksite" in plan.sites.cycle_rule


def test_plan_covers_every_level_and_shift() -> None:
    plan = plan_sample(profile(50, 5), jurisdiction(), Program.COR, TABLES)
    groups = plan.interviews.groups
    assert {g.level for g in groups if g.interviews} == {"management", "supervisor", "worker"}
    assert {g.shift for g in groups if g.interviews} >= {"day", "night"}
    assert plan.interviews.planned == sum(g.interviews for g in groups)
    assert plan.interviews.planned is not None
    assert plan.interviews.planned >= 19
    assert all(g.interviews <= g.headcount for g in groups)


def test_plan_notes_role_totals_that_do_not_match() -> None:
    plan = plan_sample(profile(80, 2), jurisdiction(), Program.COR, TABLES)
    assert any("add up to 50" in note for note in plan.notes)


def test_plan_without_roles_or_sites_says_what_to_add() -> None:
    plan = plan_sample(profile(12, 0, roles=[]), jurisdiction(), Program.SECOR, TABLES)
    assert plan.interviews.groups == []
    assert any("no roles" in note for note in plan.notes)
    assert any("no sites" in note for note in plan.notes)
    assert any("SECOR" in note for note in plan.notes)


def test_plan_renders_sources_in_every_format() -> None:
    plan = plan_sample(profile(50, 5), jurisdiction(), Program.COR, TABLES, standard())
    for text in (render_text(plan), render_plan(plan, "markdown"), plan.model_dump_json()):
        assert ESC_SOURCE in text
        assert SELECTION_SOURCE in text
    assert "1.3 The policy is posted." in render_text(plan)


def test_prep_sheets_one_per_role_from_interview_items() -> None:
    sheets = prep_sheets(profile(), standard())
    assert [s.role for s in sheets] == ["Owner", "Foreman", "Roofer", "Labourer"]
    assert [t.requirement for t in sheets[0].topics] == ["1.2"]
    markdown = render_prep(sheets, "markdown", company="Prairie Roofing Ltd.", standard=standard())
    assert markdown.count("# Interview prep:") == 4
    assert "Review it at orientation." in markdown


def test_prep_sheets_filter_by_role_and_reject_unknown() -> None:
    assert [s.role for s in prep_sheets(profile(), standard(), ["roofer"])] == ["Roofer"]
    from corcli.errors import UnknownIdError

    with pytest.raises(UnknownIdError):
        prep_sheets(profile(), standard(), ["Pilot"])


def test_prep_sheets_html_is_escaped() -> None:
    html = render_prep(prep_sheets(profile(), standard()), "html", company="A & <B>", standard=standard())
    assert "<policy>" not in html
    assert "&lt;policy&gt;" in html
    assert "A &amp; &lt;B&gt;" in html


@given(
    st.integers(min_value=0, max_value=60),
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=30),
            st.sampled_from(["management", "supervisor", "worker"]),
            st.lists(st.sampled_from(["day", "night", "swing"]), max_size=3, unique=True),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_allocate_respects_headcounts_and_covers_levels_and_shifts(
    minimum: int, roles: list[tuple[int, str, list[str]]]
) -> None:
    from corcli.rules.sampling import allocate

    company = profile(
        max(1, sum(c for c, _, _ in roles)),
        0,
        [{"name": f"R{i}", "count": c, "level": lvl, "shifts": sh} for i, (c, lvl, sh) in enumerate(roles)],
    )
    groups, _ = allocate(minimum, company)
    assert all(0 <= g.interviews <= g.headcount for g in groups)
    people = sum(g.headcount for g in groups)
    assert sum(g.interviews for g in groups) >= min(minimum, people)
    for attribute in ("level", "shift"):
        for value in {getattr(g, attribute) for g in groups}:
            assert any(g.interviews for g in groups if getattr(g, attribute) == value)


def test_a_partners_own_table_in_a_user_data_folder_is_used(tmp_path: Any) -> None:
    folder = tmp_path / "data"
    helpers.write(
        folder / "ab-interviews.yaml",
        "kind: sampling_table\nid: my-ab-interviews\nname: Our partner's table\nsample: interviews\n"
        "completeness: full\njurisdictions: [AB]\nrows:\n  - {low: 1, high: 100, minimum: 7}\n"
        "sources: [{url: 'https://example.org/t', supports: rows, kind: cp}]\n",
    )
    tables = list(load_catalog([folder]).sampling_tables.values())
    minimum, basis = interview_minimum(50, "AB", tables)
    assert minimum == 7
    assert basis[0].table == "Our partner's table"
    assert basis[0].sources == ["https://example.org/t"]
    plan = plan_sample(profile(50, 5), jurisdiction(), Program.COR, tables)
    assert not any("No sampling table for Alberta" in note for note in plan.notes)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("{low: 1, high: 4, minimum: 2, percent: 10}", "exactly one of minimum"),
        ("{low: 9, high: 4, minimum: 2}", "high is below low"),
        ("{low: 1, high: 4}", "exactly one of minimum"),
    ],
)
def test_a_malformed_sampling_table_is_refused_with_its_file(tmp_path: Any, row: str, expected: str) -> None:
    from corcli.errors import CatalogError

    path = helpers.write(
        tmp_path / "data" / "t.yaml",
        f"kind: sampling_table\nid: t\nname: T\nsample: sites\ncompleteness: full\nrows:\n  - {row}\n"
        "sources: [{url: 'https://example.org/t', supports: rows, kind: cp}]\n",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog([path.parent])
    assert expected in str(caught.value)
    assert "t.yaml" in str(caught.value)


def test_a_sampling_table_for_an_unknown_jurisdiction_is_refused(tmp_path: Any) -> None:
    from corcli.errors import CatalogError

    helpers.write(
        tmp_path / "data" / "t.yaml",
        "kind: sampling_table\nid: t\nname: T\nsample: sites\ncompleteness: full\njurisdictions: [ZZ]\n"
        "rows:\n  - {low: 1, minimum: all}\nsources: [{url: 'https://example.org/t', supports: rows, kind: cp}]\n",
    )
    with pytest.raises(CatalogError, match="unknown jurisdiction 'ZZ'"):
        load_catalog([tmp_path / "data"])
