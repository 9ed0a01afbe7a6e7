"""Coverage against the staff list, sites and work weeks; the company's own schedule; stale documents; samples."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from corcli.models import Assessment, RequirementStatus
from corcli.rules.scoring import add_months, score
from tests.helpers import TODAY, item, jurisdiction, requirement
from tests.helpers import scoring_profile as profile
from tests.helpers import scoring_standard as standard

SINCE = add_months(TODAY, -6)


def _standard(**overrides: Any):  # type: ignore[no-untyped-def]
    """Orientation, training, FLHA, inspections per site, meetings, a policy with its yearly review, an interview."""
    return standard(
        elements=[
            {
                "id": "1",
                "title": "Policy",
                "folder": "policy",
                "requirements": [
                    requirement("1.1", evidence_kinds=["policy"], review_months=12),
                    requirement("1.2", evidence_kinds=["review_record"], recurrence="annual", depends_on=["1.1"]),
                    requirement("1.3", verification="interview", depends_on=["1.1"]),
                ],
            },
            {
                "id": "2",
                "title": "Training",
                "folder": "training",
                "requirements": [
                    requirement(
                        "2.1", evidence_kinds=["orientation_record"], recurrence="per_event", counted_against="worker"
                    ),
                    requirement(
                        "2.2", evidence_kinds=["training_record"], recurrence="per_event", counted_against="worker"
                    ),
                ],
            },
            {
                "id": "3",
                "title": "Field work",
                "folder": "field",
                "requirements": [
                    requirement(
                        "3.1",
                        evidence_kinds=["field_hazard_assessment"],
                        recurrence="per_event",
                        counted_against="work_period",
                    ),
                    requirement("3.2", evidence_kinds=["inspection"], recurrence="monthly", counted_against="site"),
                    requirement("3.3", evidence_kinds=["meeting_minutes"], recurrence="monthly", **overrides),
                ],
            },
        ]
    )


def _req(report: Any, rid: str) -> Any:
    return next(r for e in report.elements for r in e.requirements if r.id == rid)


def _people(count: int, start: date = SINCE) -> list[dict[str, Any]]:
    names = ["Mei Lee", "Ravi Singh", "Ana Costa", "Tom Barrett", "Priya Sandhu"]
    return [
        {"name": names[n] if n < len(names) else f"Worker Number{n:02d}", "role": "Roofer", "start": start}
        for n in range(count)
    ]


# ---------------------------------------------------------------------------- workers


def test_two_orientation_records_for_23_workers_are_not_met_and_name_who_is_missing() -> None:
    people = _people(23)
    people[0]["start"] = date(2026, 7, 14)
    items = [
        item("training/2026-07-14_orientation_ravi-singh.md", "2.1", date(2026, 7, 14)),
        item("training/2026-07-15_orientation_ana-costa.md", "2.1", date(2026, 7, 15)),
    ]
    report = score(_standard(), profile(SINCE, people=people), jurisdiction(), items, TODAY)
    result = _req(report, "2.1")
    assert result.status == RequirementStatus.PARTIAL
    assert result.coverage == pytest.approx(2 / 23, abs=1e-4)
    assert "no orientation record for Mei Lee, started 2026-07-14" in result.missing
    assert len(result.missing) == 21
    assert "2 of 23 workers" in result.reasons[0]


def test_unnamed_records_count_one_worker_each_and_say_so() -> None:
    items = [item(f"training/2026-0{n}-01_orientation.md", "2.1", date(2026, n, 1)) for n in range(6, 9)]
    report = score(_standard(), profile(SINCE, people=_people(4)), jurisdiction(), items, TODAY)
    result = _req(report, "2.1")
    assert result.coverage == pytest.approx(3 / 4)
    assert any("name nobody on the staff list" in r for r in result.reasons)


@pytest.mark.parametrize(("records", "share"), [(2, 2 / 8), (8, 0.5)])
def test_without_a_staff_list_coverage_is_capped_below_met(records: int, share: float) -> None:
    items = [item(f"training/2026-06-{n + 1:02d}_orientation.md", "2.1", date(2026, 6, n + 1)) for n in range(records)]
    report = score(_standard(), profile(SINCE), jurisdiction(), items, TODAY)
    result = _req(report, "2.1")
    assert result.status == RequirementStatus.PARTIAL
    assert result.coverage == pytest.approx(share)
    assert "could not be checked" in result.reasons[0]
    assert "people:" in result.next_action


def test_training_from_the_staff_list_and_an_expired_ticket() -> None:
    people = _people(2)
    people[0]["training"] = [{"name": "Fall protection", "completed": "2023-01-10", "expires": "2026-01-10"}]
    people[1]["training"] = [{"name": "Fall protection", "completed": "2025-03-01", "expires": "2028-03-01"}]
    items = [item("training/2025-03-01_training_ravi-singh.md", "2.2", date(2025, 3, 1))]
    report = score(_standard(), profile(SINCE, people=people), jurisdiction(), items, TODAY)
    result = _req(report, "2.2")
    assert result.coverage == pytest.approx(0.5)
    assert result.missing == ["Mei Lee's Fall protection expired 2026-01-10"]


def test_a_worker_who_left_before_the_window_is_not_counted() -> None:
    people = _people(2)
    people[1]["start"], people[1]["end"] = date(2024, 1, 1), date(2024, 6, 1)
    items = [item("training/2026-06-01_orientation_mei-lee.md", "2.1", date(2026, 6, 1))]
    report = score(_standard(), profile(SINCE, people=people), jurisdiction(), items, TODAY)
    assert _req(report, "2.1").status == RequirementStatus.MET


# ---------------------------------------------------------------------------- work weeks


def _flha(days: list[date]) -> list[Any]:
    return [item(f"field/{d.isoformat()}_flha.md", "3.1", d) for d in days]


def test_three_flhas_in_six_months_of_daily_work_are_not_met() -> None:
    days = [date(2026, 7, 6), date(2026, 8, 10), date(2026, 10, 5)]
    extra = {"people": _people(23), "activity": {"work_days_per_week": 5}}
    report = score(_standard(), profile(SINCE, **extra), jurisdiction(), _flha(days), TODAY)
    result = _req(report, "3.1")
    assert result.status == RequirementStatus.PARTIAL
    assert result.coverage is not None
    assert result.coverage < 0.15
    assert "3 of 2" in result.reasons[0]
    assert "week of 2026-07-13" in result.missing


def test_flhas_are_needed_only_in_the_weeks_of_the_jobs() -> None:
    job = {"name": "Maple re-roof", "start": date(2026, 8, 3), "end": date(2026, 8, 28)}
    days = [date(2026, 8, 3) + timedelta(days=7 * n) for n in range(4)]
    report = score(_standard(), profile(SINCE, activity={"jobs": [job]}), jurisdiction(), _flha(days), TODAY)
    assert _req(report, "3.1").status == RequirementStatus.MET


def test_flhas_without_activity_data_are_capped_below_met() -> None:
    start = SINCE - timedelta(days=SINCE.weekday())
    days = [start + timedelta(days=7 * n) for n in range(30)]
    report = score(_standard(), profile(SINCE), jurisdiction(), _flha(days), TODAY)
    result = _req(report, "3.1")
    assert result.status == RequirementStatus.PARTIAL
    assert result.points_low == pytest.approx(5)
    assert "activity.work_days_per_week" in result.next_action


# ---------------------------------------------------------------------------- sites and schedules


SITES = [{"name": "Shop and yard", "kind": "shop"}, {"name": "Client roofs", "kind": "field"}]


def _inspections(site: str, months: range) -> list[Any]:
    days = [add_months(TODAY, -m).replace(day=3) for m in months]
    return [item(f"field/{d.isoformat()}_inspection_{site}.md", "3.2", d) for d in days]


def test_a_quarterly_shop_schedule_is_not_marked_down_for_missing_months() -> None:
    schedules = [
        {"kind": "inspection", "every": "quarterly", "sites": ["Shop and yard"]},
        {"kind": "inspection", "every": "monthly", "sites": ["Client roofs"]},
    ]
    items = _inspections("client-roofs", range(7)) + _inspections("shop-and-yard", range(0, 7, 3))
    monthly = score(_standard(), profile(SINCE, sites=SITES), jurisdiction(), items, TODAY)
    assert _req(monthly, "3.2").status == RequirementStatus.PARTIAL
    assert any(m.startswith("Shop and yard:") for m in _req(monthly, "3.2").missing)
    own = score(_standard(), profile(SINCE, sites=SITES, schedules=schedules), jurisdiction(), items, TODAY)
    assert _req(own, "3.2").status == RequirementStatus.MET


def test_records_that_name_no_site_count_company_wide_capped() -> None:
    items = _inspections("all", range(7))
    report = score(_standard(), profile(SINCE, sites=SITES), jurisdiction(), items, TODAY)
    result = _req(report, "3.2")
    assert result.points_low == pytest.approx(5)
    assert any("name no site" in r for r in result.reasons)


def test_a_frequency_the_law_sets_is_never_lowered_by_the_company_schedule() -> None:
    quarterly = [{"kind": "meeting_minutes", "every": "quarterly"}]
    days = [add_months(TODAY, -m).replace(day=2) for m in range(0, 7, 3)]
    items = [item(f"field/{d.isoformat()}_minutes.md", "3.3", d) for d in days]
    assumed = score(_standard(), profile(SINCE, schedules=quarterly), jurisdiction(), items, TODAY)
    assert _req(assumed, "3.3").status == RequirementStatus.MET
    assert "Checked quarterly, as your own schedule says." in _req(assumed, "3.3").reasons
    law = _standard(recurrence_set_by="law")
    report = score(law, profile(SINCE, schedules=quarterly), jurisdiction(), items, TODAY)
    result = _req(report, "3.3")
    assert result.status == RequirementStatus.PARTIAL
    assert any("the law sets monthly" in r for r in result.reasons)


# ---------------------------------------------------------------------------- stale documents


def test_a_stale_policy_costs_its_review_item_only_once() -> None:
    stale = [item("policy/2025-09-01_policy.md", "1.1", date(2025, 9, 1))]
    report = score(_standard(), profile(SINCE), jurisdiction(), stale, TODAY)
    assert _req(report, "1.1").status == RequirementStatus.MET
    assert "scored under 1.2" in _req(report, "1.1").reasons[0]
    assert _req(report, "1.2").points_low == 0
    # A re-signed, dated policy is the review.
    resigned = [*stale, item("policy/2026-10-01_policy.md", "1.1", date(2026, 10, 1))]
    fixed = score(_standard(), profile(SINCE), jurisdiction(), resigned, TODAY)
    assert _req(fixed, "1.2").status == RequirementStatus.MET


# ---------------------------------------------------------------------------- interviews


def _interviews(positive: int, negative: int) -> Assessment:
    answers = [{"person": f"Worker {n}", "positive": n < positive} for n in range(positive + negative)]
    data = {"standard": "t-secor", "answers": [{"requirement": "1.3", "answer": "met", "interviews": answers}]}
    return Assessment.model_validate(data)


def test_an_interview_scores_the_share_of_the_required_sample() -> None:
    items = [item("policy/2026-10-01_policy.md", "1.1", date(2026, 10, 1))]
    report = score(_standard(), profile(SINCE), jurisdiction(), items, TODAY, _interviews(3, 1), interview_sample=5)
    result = _req(report, "1.3")
    assert result.status == RequirementStatus.PARTIAL
    assert result.points_low == pytest.approx(6)
    assert result.sample is not None
    assert (result.sample.asked, result.sample.positive, result.sample.required) == (4, 3, 5)


@pytest.mark.parametrize(("positive", "met"), [(4, True), (3, False)])
def test_an_all_or_nothing_interview_rule(positive: int, met: bool) -> None:
    data = _standard().model_dump(mode="json")
    std = type(_standard()).model_validate({**data, "interview_rule": {"scoring": "threshold", "threshold": 0.8}})
    items = [item("policy/2026-10-01_policy.md", "1.1", date(2026, 10, 1))]
    answers = _interviews(positive, 5 - positive)
    report = score(std, profile(SINCE), jurisdiction(), items, TODAY, answers, interview_sample=5)
    assert _req(report, "1.3").points_low == (10 if met else 0)


def test_a_single_interview_answer_is_reported_as_unsampled() -> None:
    items = [item("policy/2026-10-01_policy.md", "1.1", date(2026, 10, 1))]
    answers = Assessment.model_validate({"standard": "t-secor", "answers": [{"requirement": "1.3", "answer": "met"}]})
    report = score(_standard(), profile(SINCE), jurisdiction(), items, TODAY, answers, interview_sample=5)
    result = _req(report, "1.3")
    assert result.status == RequirementStatus.MET
    assert any(r.startswith("Unsampled") and "5 people" in r for r in result.reasons)


# ---------------------------------------------------------------------------- properties with coverage


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_IDS = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3"]
_FOLDERS = {"1": "policy", "2": "training", "3": "field"}
_WHO = ["mei-lee", "ravi-singh", "shop-and-yard", "client-roofs", "x"]
_items = st.lists(
    st.builds(
        lambda n, rid, back, who: item(
            f"{_FOLDERS[rid[0]]}/{n:03d}_{who}.md", rid, None if back is None else TODAY - timedelta(days=back)
        ),
        st.integers(0, 999),
        st.sampled_from(_IDS),
        st.one_of(st.none(), st.integers(-10, 400)),
        st.sampled_from(_WHO),
    ),
    max_size=25,
    unique_by=lambda i: i.path,
)
_profiles = st.sampled_from(
    [
        {},
        {"people": _people(3), "sites": SITES, "activity": {"work_days_per_week": 5}},
        {
            "people": _people(2),
            "sites": SITES,
            "schedules": [{"kind": "inspection", "every": "quarterly", "sites": ["Shop and yard"]}],
            "activity": {"jobs": [{"name": "Job", "start": date(2026, 7, 1), "end": date(2026, 9, 30)}]},
        },
    ]
)
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(items=_items, extra=_items, extra_profile=_profiles)
def test_property_coverage_is_bounded_and_monotone(items: list, extra: list, extra_profile: dict) -> None:  # type: ignore[type-arg]
    paths = {i.path for i in items}
    more = items + [i.model_copy(update={"path": "more/" + i.path}) if i.path in paths else i for i in extra]
    before = score(_standard(), profile(SINCE, **extra_profile), jurisdiction(), items, TODAY)
    after = score(_standard(), profile(SINCE, **extra_profile), jurisdiction(), more, TODAY)
    for report in (before, after):
        assert 0 <= report.score.low <= report.score.high <= 100
        for element in report.elements:
            for req in element.requirements:
                assert 0 <= req.points_low <= req.points_high <= req.points_possible
    assert after.score.low >= before.score.low
    for old, new in zip(before.elements, after.elements, strict=True):
        assert new.points_low >= old.points_low


@_SETTINGS
@given(items=_items, extra_profile=_profiles, seed=st.integers(0, 10_000))
def test_property_coverage_is_independent_of_order(items: list, extra_profile: dict, seed: int) -> None:  # type: ignore[type-arg]
    import random

    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    first = score(_standard(), profile(SINCE, **extra_profile), jurisdiction(), items, TODAY)
    second = score(_standard(), profile(SINCE, **extra_profile), jurisdiction(), shuffled, TODAY)
    assert first.model_dump_json() == second.model_dump_json()


@_SETTINGS
@given(items=_items, extra_profile=_profiles, target=st.sampled_from(["1.1", "2.1", "3.1", "3.2"]))
def test_property_not_applicable_never_lowers_with_coverage(items: list, extra_profile: dict, target: str) -> None:  # type: ignore[type-arg]
    data = _standard().model_dump(mode="json")
    for element in data["elements"]:
        for req in element["requirements"]:
            req["na_allowed"] = True
    std = type(_standard()).model_validate(data)
    na = [{"requirement": target, "reason": "Not done here."}]
    without = [i for i in items if i.requirement != target]
    baseline = score(std, profile(SINCE, **extra_profile), jurisdiction(), without, TODAY)
    marked = score(std, profile(SINCE, not_applicable=na, **extra_profile), jurisdiction(), items, TODAY)
    assert marked.score.low >= baseline.score.low
    assert marked.score.high >= baseline.score.high
