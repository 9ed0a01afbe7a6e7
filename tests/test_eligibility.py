"""Eligibility is a pure function of jurisdiction, partner, headcount and the user's choice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corcli.catalog.loader import Catalog
from corcli.errors import EligibilityError
from corcli.models import AuditType, Program, ProgramChoice, RuleOrigin
from corcli.rules.eligibility import decide, program_view, resolve_program
from tests.helpers import jurisdiction, partner


@pytest.mark.parametrize(
    ("headcount", "expected", "eligible"),
    [
        (1, Program.SECOR, True),
        (8, Program.SECOR, True),
        (10, Program.SECOR, True),
        (11, Program.COR, False),
        (25, Program.COR, False),
        (500, Program.COR, False),
    ],
)
def test_decide_alberta_threshold_is_ten_inclusive(headcount: int, expected: Program, eligible: bool) -> None:
    decision = decide(jurisdiction(), partner(), headcount)
    assert decision.program == expected
    assert decision.secor_eligible is eligible
    assert decision.reasons


def test_decide_secor_is_a_self_assessment_and_cor_external() -> None:
    small = decide(jurisdiction(), partner(), 5)
    large = decide(jurisdiction(), partner(), 50)
    assert small.certification_audit == AuditType.SELF_ASSESSMENT
    assert large.certification_audit == AuditType.EXTERNAL
    assert small.standard == "t-secor"
    assert large.standard == "t-cor"


def test_decide_secor_requested_above_threshold_is_an_input_error_that_explains_the_rule() -> None:
    with pytest.raises(EligibilityError) as caught:
        decide(jurisdiction(), partner(), 11, ProgramChoice.SECOR)
    assert "limit of 10" in str(caught.value)
    assert "--program COR" in caught.value.hint


def test_decide_cor_may_be_chosen_by_a_small_employer() -> None:
    decision = decide(jurisdiction(), partner(), 4, ProgramChoice.COR)
    assert decision.program == Program.COR
    assert decision.secor_eligible is True


def test_decide_partner_without_secor_gives_cor_with_that_reason() -> None:
    decision = decide(jurisdiction(), partner(secor="no"), 4)
    assert decision.program == Program.COR
    assert any("does not offer" in r for r in decision.reasons)


def test_decide_jurisdiction_without_small_employer_certificate_gives_cor() -> None:
    rules = jurisdiction(small_employer={"available": "no", "max_headcount": None})
    decision = decide(rules, partner(), 3)
    assert decision.program == Program.COR
    assert any("no small-employer certificate" in r for r in decision.reasons)


def test_decide_unknown_threshold_suggests_cor_and_warns() -> None:
    rules = jurisdiction(small_employer={"available": "unknown", "max_headcount": "unknown"})
    decision = decide(rules, partner(), 3)
    assert decision.program == Program.COR
    assert decision.secor_eligible is None
    assert any("not known" in w for w in decision.warnings)


def test_decide_partner_specific_limit_overrides_jurisdiction() -> None:
    decision = decide(jurisdiction(), partner(secor_limit=5), 7)
    assert decision.program == Program.COR


def test_decide_no_program_in_jurisdiction_is_an_error() -> None:
    rules = jurisdiction(code="PE", name="Prince Edward Island", covers=["PE"], has_cor_program=False)
    with pytest.raises(EligibilityError, match="has no COR program"):
        decide(rules, partner(jurisdictions=["PE"]), 5)


def test_decide_partner_not_serving_jurisdiction_is_an_error() -> None:
    with pytest.raises(EligibilityError, match="does not certify"):
        decide(jurisdiction(), partner(jurisdictions=["BC"]), 5)


@given(st.integers(min_value=1, max_value=100_000))
def test_decide_auto_matches_threshold_for_any_headcount(headcount: int) -> None:
    decision = decide(jurisdiction(), partner(), headcount)
    assert (decision.program == Program.SECOR) == (headcount <= 10)


# ---------------------------------------------------------------- every shipped partner, every size


def _shipped_cases() -> list[tuple[str, str]]:
    from corcli.catalog.loader import load_catalog

    catalog = load_catalog()
    return [
        (partner_id, code)
        for partner_id, p in sorted(catalog.partners.items())
        for code in p.jurisdictions
        if catalog.jurisdictions[code].has_cor_program
    ]


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    from corcli.catalog.loader import load_catalog

    return load_catalog()


@pytest.mark.parametrize(("partner_id", "code"), _shipped_cases())
def test_every_partner_decides_at_its_limit_and_one_above(shipped: Catalog, partner_id: str, code: str) -> None:
    """At the SECOR limit and one above it (and at 1 and 500), every partner decides, names whose rule and how sure."""
    p, j = shipped.partners[partner_id], shipped.jurisdictions[code]
    secor = resolve_program(j, p, Program.SECOR)
    limit = secor.eligibility.value.max_headcount if secor.eligibility.value is not None else None
    sizes = {1, 500} | ({limit, limit + 1} if isinstance(limit, int) else set())
    for size in sorted(sizes):
        decision = decide(j, p, size)
        assert decision.standard is not None, f"{partner_id} {code} {size}: no standard for {decision.program}"
        assert decision.standard in shipped.standards
        assert decision.rules is not None
        assert decision.rules.program == decision.program
        first = decision.reasons[0]
        assert p.abbreviation in first or j.name in first, first
        assert any(c in first for c in ("confirmed", "likely", "uncertain", "unknown")), first
        if isinstance(limit, int) and secor.offered.value == "yes":
            assert decision.program == (Program.SECOR if size <= limit else Program.COR), (partner_id, size)
        else:
            assert decision.program == Program.COR, f"{partner_id}: SECOR unknown or absent must decide COR"
            assert decision.secor_eligible is not True


@pytest.mark.parametrize(
    ("partner_id", "code", "size", "program", "phrase"),
    [
        ("made-safe", "MB", 9, Program.COR, "Whether Made Safe offers SECOR is unknown"),
        ("shsa", "SK", 9, Program.COR, "Whether SHSA offers SECOR is unknown"),
        ("sasm", "SK", 9, Program.COR, "Whether SASM offers SECOR is unknown"),
        ("scsa", "SK", 9, Program.SECOR, "sub-contractors"),
        ("scsa", "SK", 10, Program.COR, "SCSA's SECOR limit of 9"),
        ("esc", "SK", 10, Program.COR, "Whether ESC offers SECOR is unknown"),
        ("esc", "AB", 10, Program.SECOR, "ESC's SECOR limit of 10"),
        ("mvsam", "MB", 25, Program.COR, "Whether MVSAM offers SECOR is unknown"),
        ("amhsa", "AB", 8, Program.SECOR, "subcontractors"),
        ("ihsa", "ON", 5, Program.COR, "Whether IHSA offers SECOR is unknown"),
        ("ahsa", "AB", 10, Program.SECOR, "AHSA's SECOR limit of 10"),
    ],
)
def test_the_deciding_partner_is_named(
    shipped: Catalog, partner_id: str, code: str, size: int, program: Program, phrase: str
) -> None:
    decision = decide(shipped.jurisdictions[code], shipped.partners[partner_id], size)
    assert decision.program == program
    assert any(phrase in r for r in decision.reasons), decision.reasons


def test_resolution_keeps_source_and_certainty(shipped: Catalog) -> None:
    rules = resolve_program(shipped.jurisdictions["SK"], shipped.partners["scsa"], Program.SECOR)
    assert rules.eligibility.origin == RuleOrigin.PROGRAM
    assert rules.eligibility.decided_by == "SCSA"
    assert rules.eligibility.sources == ["https://scsaonline.ca/programs/secor"]
    assert rules.eligibility.certainty == "likely"
    default = resolve_program(shipped.jurisdictions["AB"], shipped.partners["mhsa"], Program.COR)
    assert default.pass_rules.origin == RuleOrigin.JURISDICTION
    assert default.pass_rules.decided_by == "Alberta"
    unknown = resolve_program(shipped.jurisdictions["MB"], shipped.partners["s2sa"], Program.SECOR)
    assert unknown.eligibility.certainty == "unknown"
    assert unknown.offered.certainty == "unknown"


def test_program_deadlines_are_data(shipped: Catalog) -> None:
    esc = resolve_program(shipped.jurisdictions["AB"], shipped.partners["esc"], Program.COR).maintenance_deadline
    assert [(d.month, d.day) for d in esc.value.dates] == [(12, 15), (12, 31)]
    assert esc.value.submit_within_days == 21
    amta = resolve_program(shipped.jurisdictions["AB"], shipped.partners["amta"], Program.SECOR).maintenance_deadline
    assert amta.value.rule == "calendar_year"
    assert amta.decided_by == "AMTA"
    asc = resolve_program(shipped.jurisdictions["AB"], shipped.partners["asc"], Program.SECOR).maintenance_deadline
    assert asc.value.rule == "anniversary"


def test_program_view_gives_the_program_rules_to_jurisdiction_readers(shipped: Catalog) -> None:
    ab = shipped.jurisdictions["AB"]
    rules = resolve_program(ab, shipped.partners["esc"], Program.COR)
    view = program_view(ab, rules)
    assert view.pass_rules is not None
    assert view.pass_rules.maintenance != "unknown"
    amta = program_view(ab, resolve_program(ab, shipped.partners["amta"], Program.SECOR))
    assert amta.maintenance_deadline == "calendar_year_end"
    assert ab.maintenance_deadline == "anniversary"  # the default itself is untouched
