"""Eligibility is a pure function of jurisdiction, partner, headcount and the user's choice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corcli.errors import EligibilityError
from corcli.models import AuditType, Program, ProgramChoice
from corcli.rules.eligibility import decide
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
    with pytest.raises(EligibilityError, match="No COR program"):
        decide(rules, partner(jurisdictions=["PE"]), 5)


def test_decide_partner_not_serving_jurisdiction_is_an_error() -> None:
    with pytest.raises(EligibilityError, match="does not certify"):
        decide(jurisdiction(), partner(jurisdictions=["BC"]), 5)


@given(st.integers(min_value=1, max_value=100_000))
def test_decide_auto_matches_threshold_for_any_headcount(headcount: int) -> None:
    decision = decide(jurisdiction(), partner(), headcount)
    assert (decision.program == Program.SECOR) == (headcount <= 10)
