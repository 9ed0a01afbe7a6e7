"""Cascade scoring and the program's pass rules: floors, legislated items at 100%, whose rule wins."""

from __future__ import annotations

import pytest

from corcli.models import Assessment, RequirementStatus, Verdict
from corcli.rules.scoring import add_months, pass_rule_for, score
from tests.helpers import TODAY, full_evidence, item, jurisdiction
from tests.helpers import scoring_profile as profile
from tests.helpers import scoring_standard as standard
from tests.helpers import scoring_standard_with as standard_with


def _req(report: object, rid: str):  # type: ignore[no-untyped-def]
    for element in report.elements:  # type: ignore[attr-defined]
        for req in element.requirements:
            if req.id == rid:
                return req
    raise AssertionError(rid)


def _answers(answer: str = "met", ids: tuple[str, ...] = ("1.2", "3.2")) -> Assessment:
    return Assessment.model_validate(
        {"standard": "t-secor", "answers": [{"requirement": r, "answer": answer} for r in ids]}
    )


def _na(requirement: str) -> dict[str, object]:
    return {"requirement": requirement, "reason": "Does not apply here."}


# ---------------------------------------------------------------------------- cascade and pass rules


def test_cascade_an_interview_answered_met_does_not_pass_without_its_document() -> None:
    std = standard_with({"1.2": {"depends_on": ["1.1"]}})
    items = [i for i in full_evidence() if i.requirement != "1.1"]
    report = score(std, profile(), jurisdiction(), items, TODAY, _answers("met"))
    interview = _req(report, "1.2")
    assert interview.status == RequirementStatus.MISSING
    assert (interview.points_low, interview.points_high) == (0, 0)
    assert interview.blocked_by == ["1.1"]
    assert interview.depends_on == ["1.1"]
    assert "Cascade scoring" in interview.reasons[0]
    assert "1.1" in interview.reasons[0]
    assert interview.next_action.startswith("First fix 1.1")
    # With the document back, the same answer counts.
    back = score(std, profile(), jurisdiction(), full_evidence(), TODAY, _answers("met"))
    assert _req(back, "1.2").status == RequirementStatus.MET
    assert _req(back, "1.2").blocked_by == []


def test_cascade_does_not_block_on_a_stale_or_not_applicable_document() -> None:
    std = standard_with({"3.2": {"depends_on": ["4.3"]}, "1.2": {"depends_on": ["1.1"]}})
    stale = [i for i in full_evidence() if i.requirement not in {"1.1", "4.3"}]
    stale.append(item("policy/policy.md", "1.1", add_months(TODAY, -20)))
    answers = _answers("met")
    report = score(std, profile(not_applicable=[_na("4.3")]), jurisdiction(), stale, TODAY, answers)
    assert _req(report, "1.1").status == RequirementStatus.PARTIAL
    assert _req(report, "1.2").status == RequirementStatus.MET
    assert _req(report, "3.2").status == RequirementStatus.MET


def test_cascade_is_transitive_and_survives_a_cycle() -> None:
    std = standard_with({"1.2": {"depends_on": ["1.1"]}, "3.2": {"depends_on": ["1.2", "3.2"]}})
    items = [i for i in full_evidence() if i.requirement != "1.1"]
    report = score(std, profile(), jurisdiction(), items, TODAY, _answers("met"))
    assert _req(report, "3.2").blocked_by == ["1.2"]


def test_legislated_item_must_be_fully_met() -> None:
    std = standard_with(
        {"3.1": {"legislated": True}}, pass_rule={"overall_min": 80, "element_min": 50, "mandatory_items_full": True}
    )
    items = [i for i in full_evidence() if not (i.requirement == "3.1" and i.record_date == TODAY.replace(day=1))]
    items = [i for i in items if not (i.requirement == "3.1" and i.record_date and i.record_date.month == 10)]
    report = score(std, profile(), jurisdiction(), items, TODAY, _answers("met"))
    assert report.score.low >= 80
    assert _req(report, "3.1").legislated
    assert report.legislated_unmet == ["3.1"]
    assert report.verdict == Verdict.NOT_READY
    plain = score(
        standard_with({"3.1": {"legislated": True}}), profile(), jurisdiction(), items, TODAY, _answers("met")
    )
    assert plain.verdict == Verdict.READY  # the rule on file does not ask for legislated items at 100%
    assert plain.legislated_unmet == []


@pytest.mark.parametrize(("floor", "verdict"), [(50, Verdict.READY), (65, Verdict.NOT_READY)])
def test_the_programs_own_element_floor(floor: float, verdict: Verdict) -> None:
    # Element 3 at 60%: passes a 50% floor, fails IHSA's 65%.
    std = standard(pass_rule={"overall_min": 80, "element_min": floor})
    items = [i for i in full_evidence() if i.requirement != "3.1"]
    items += [i for i in full_evidence() if i.requirement == "3.1"][:6]
    report = score(std, profile(), jurisdiction(), items, TODAY, _answers("met"))
    assert report.pass_rule.element_min == floor
    assert report.elements[2].score is not None
    assert 50 <= report.elements[2].score.low < 65
    assert report.verdict == verdict


def test_a_dependency_on_an_unknown_requirement_is_refused() -> None:
    with pytest.raises(ValueError, match=r"1\.2 -> 9\.9"):
        standard_with({"1.2": {"depends_on": ["9.9"]}})


def test_the_programs_own_pass_rule_wins_over_the_standards() -> None:
    # IHSA's program: 80% overall, 65% per element, legislated items at 100%, over the standard's 80/50.
    ihsa = {"overall_min": 80, "element_min": 65, "mandatory_items_full": True}
    ontario = jurisdiction(name="Ontario", pass_rules={"certification": ihsa, "maintenance": "unknown"})
    std = standard(pass_rule={"overall_min": 80, "element_min": 50})
    rule = pass_rule_for(std, ontario, program="IHSA")
    assert (rule.element_min, rule.legislated_full, rule.source, rule.decided_by) == (65.0, True, "program", "IHSA")
    assert pass_rule_for(std, ontario).element_min == 50.0
    maintenance = pass_rule_for(std, ontario, "maintenance", program="IHSA")
    assert maintenance.element_min == 65.0
    assert "IHSA's maintenance pass rule is not known" in maintenance.note
