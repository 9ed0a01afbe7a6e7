"""Scoring: table tests for each rule, and hypothesis properties."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corcli.evidence.vocabulary import load_vocabulary
from corcli.models import Assessment, DateSource, RequirementStatus, Verdict
from corcli.rules.scoring import add_months, pass_rule_for, records_history, score, whole_months
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


# ---------------------------------------------------------------------------- dates and rules


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 26), -12, date(2025, 11, 26)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 1, 1), date(2026, 4, 1), 3),
        (date(2026, 1, 15), date(2026, 4, 14), 2),
        (date(2026, 5, 1), date(2026, 4, 1), 0),
        (date(2025, 11, 26), date(2026, 11, 26), 12),
    ],
)
def test_whole_months(start: date, end: date, expected: int) -> None:
    assert whole_months(start, end) == expected


@pytest.mark.parametrize(
    ("since", "status", "months", "achievable", "window"),
    [
        (None, "unknown", None, None, 12),
        (add_months(TODAY, -2), "too_short", 2, None, 2),
        (add_months(TODAY, -5), "shorter_term", 5, "1-year COR", 5),
        (add_months(TODAY, -12), "full", 12, "3-year COR", 12),
        (add_months(TODAY, -30), "full", 30, "3-year COR", 12),
        (TODAY, "too_short", 0, None, 1),
    ],
)
def test_records_history_against_alberta_terms(
    since: date | None, status: str, months: int | None, achievable: str | None, window: int
) -> None:
    history = records_history(profile(since), jurisdiction(), TODAY)
    assert history.status == status
    assert history.months == months
    assert history.achievable == achievable
    assert history.window_months == window
    assert history.window_start == add_months(TODAY, -window)
    if since is not None:
        assert history.target_date == add_months(since, 12)


def test_records_history_unknown_rule_checks_twelve_months() -> None:
    history = records_history(profile(add_months(TODAY, -30)), jurisdiction(records_history="unknown"), TODAY)
    assert history.status == "unknown"
    assert history.window_months == 12


def test_pass_rule_sources() -> None:
    assert pass_rule_for(standard(), jurisdiction()).model_dump() == {
        "overall_min": 80.0,
        "element_min": 50.0,
        "source": "jurisdiction",
        "decided_by": "Alberta",
        "audit": "certification",
        "legislated_full": False,
        "note": "",
    }
    own = pass_rule_for(standard(pass_rule={"overall_min": 65, "element_min": None}), jurisdiction())
    assert (own.overall_min, own.element_min, own.source) == (65.0, None, "standard")
    unknown = jurisdiction(
        pass_rules={"certification": {"overall_min": "unknown", "element_min": "unknown"}, "maintenance": "unknown"}
    )
    rule = pass_rule_for(standard(), unknown)
    assert (rule.overall_min, rule.element_min) == (80.0, 50.0)
    assert "assumed" in rule.note
    none = pass_rule_for(standard(), jurisdiction(pass_rules=None, has_cor_program=False))
    assert none.source == "default"


# ---------------------------------------------------------------------------- requirement rules


def test_no_evidence_everything_missing_interviews_awaiting() -> None:
    report = score(standard(), profile(), jurisdiction(), [], TODAY)
    assert _req(report, "1.1").status == RequirementStatus.MISSING
    assert _req(report, "1.2").status == RequirementStatus.AWAITING
    assert report.score.low == 0.0
    assert report.score.high == pytest.approx(100 * 10 / 85, abs=0.1)
    assert report.verdict == Verdict.NOT_READY
    assert report.awaiting == 2
    assert report.weights_estimated is True


def test_full_evidence_range_then_single_number_with_answers() -> None:
    report = score(standard(), profile(), jurisdiction(), full_evidence(), TODAY)
    assert report.score.low == pytest.approx(100 * 75 / 85, abs=0.1)
    assert report.score.high == 100.0
    assert report.verdict == Verdict.READY  # 88.2% even if both interview items fail; no element under 50%
    answered = score(standard(), profile(), jurisdiction(), full_evidence(), TODAY, _answers("met"))
    assert answered.score.low == answered.score.high == 100.0
    assert answered.score.exact
    assert answered.awaiting == 0
    partial = score(standard(), profile(), jurisdiction(), full_evidence(), TODAY, _answers("partial"))
    assert partial.score.low == partial.score.high == pytest.approx(100 * 80 / 85, abs=0.1)


def test_stale_policy_is_partial() -> None:
    items = [item("policy/policy.md", "1.1", add_months(TODAY, -14))]
    result = _req(score(standard(), profile(), jurisdiction(), items, TODAY), "1.1")
    assert result.status == RequirementStatus.PARTIAL
    assert result.points_low == 5.0
    assert "Stale" in result.reasons[0]
    assert "Review, re-sign" in result.next_action
    current = [*items, item("policy/policy-2026.md", "1.1", add_months(TODAY, -11))]
    assert _req(score(standard(), profile(), jurisdiction(), current, TODAY), "1.1").status == RequirementStatus.MET


def test_undated_policy_with_review_cycle_is_partial() -> None:
    items = [item("policy/policy.md", "1.1", None)]
    result = _req(score(standard(), profile(), jurisdiction(), items, TODAY), "1.1")
    assert result.status == RequirementStatus.PARTIAL


def test_monthly_inspections_with_a_gap_score_proportionally() -> None:
    since = add_months(TODAY, -6)  # window: 6 months
    months = [add_months(TODAY, -k).replace(day=3) for k in range(6)]
    gap = months.pop(2)  # Sep 2026
    items = [item(f"inspections/{d.isoformat()}_inspection.md", "3.1", d) for d in months]
    result = _req(score(standard(), profile(since), jurisdiction(), items, TODAY), "3.1")
    assert result.status == RequirementStatus.PARTIAL
    assert result.coverage == pytest.approx(5 / 6)
    assert result.points_low == pytest.approx(20 * 5 / 6, abs=0.01)
    assert f"{gap:%b} {gap.year}" in " ".join(result.reasons)
    assert result.points_recoverable == pytest.approx(20 / 6, abs=0.01)


def test_monthly_window_may_end_last_month() -> None:
    since = add_months(TODAY, -3)
    # Aug, Sep, Oct done; November's not yet: still full coverage of the finished months.
    items = [item(f"inspections/{m}.md", "3.1", date(2026, m, 20)) for m in (8, 9, 10)]
    result = _req(score(standard(), profile(since), jurisdiction(), items, TODAY), "3.1")
    assert result.status == RequirementStatus.MET


def test_window_capped_by_records_since() -> None:
    items = [item(f"inspections/{m}.md", "3.1", date(2026, m, 20)) for m in (8, 9, 10)]
    short = _req(score(standard(), profile(add_months(TODAY, -3)), jurisdiction(), items, TODAY), "3.1")
    long = _req(score(standard(), profile(add_months(TODAY, -24)), jurisdiction(), items, TODAY), "3.1")
    assert short.coverage == 1.0
    assert long.coverage == pytest.approx(3 / 12)


def test_per_event_needs_a_record_in_the_window() -> None:
    old = [item("hazard-assessment/flha.md", "2.2", add_months(TODAY, -20))]
    result = _req(score(standard(), profile(), jurisdiction(), old, TODAY), "2.2")
    assert result.status == RequirementStatus.MISSING
    assert "before the window" in " ".join(result.reasons)
    recent = [*old, item("hazard-assessment/flha2.md", "2.2", add_months(TODAY, -2))]
    assert _req(score(standard(), profile(), jurisdiction(), recent, TODAY), "2.2").status == RequirementStatus.MET


def test_weekly_recurrence() -> None:
    std = standard()
    data = std.model_dump()
    data["elements"][2]["requirements"][0]["recurrence"] = "weekly"
    weekly = type(std).model_validate(data)
    since = add_months(TODAY, -1)
    days = [TODAY - timedelta(days=7 * k) for k in range(1, 6)]
    items = [item(f"inspections/{d.isoformat()}.md", "3.1", d) for d in days]
    result = _req(score(weekly, profile(since), jurisdiction(), items, TODAY), "3.1")
    assert result.status == RequirementStatus.MET
    half = _req(score(weekly, profile(since), jurisdiction(), items[::2], TODAY), "3.1")
    assert half.status == RequirementStatus.PARTIAL


def test_untied_items_match_by_kind_in_name() -> None:
    items = [
        item("inspections/2026-11-02_inspection.md", None, date(2026, 11, 2)),
        item("hazard-assessment/2026-11-02_flha.md", None, date(2026, 11, 2)),
        item("hazard-assessment/notes.txt", None, date(2026, 11, 2)),
    ]
    vocabulary = load_vocabulary()
    report = score(standard(), profile(add_months(TODAY, -1)), jurisdiction(), items, TODAY, vocabulary=vocabulary)
    assert _req(report, "3.1").evidence == ["inspections/2026-11-02_inspection.md"]
    assert _req(report, "2.2").status == RequirementStatus.MET
    assert _req(report, "2.1").status == RequirementStatus.MISSING  # the FLHA is not the formal assessment
    assert report.unassigned_evidence == ["hazard-assessment/notes.txt"]
    assert any("not tied" in w for w in report.warnings)


def test_unknown_requirement_and_future_dates_warn() -> None:
    items = [
        item("policy/x.md", "9.9", date(2026, 11, 1)),
        item("policy/policy.md", "1.1", date(2027, 1, 1)),
    ]
    report = score(standard(), profile(), jurisdiction(), items, TODAY)
    assert _req(report, "1.1").status == RequirementStatus.MISSING
    assert any("'9.9'" in w for w in report.warnings)
    assert any("dated after" in w for w in report.warnings)


def test_mtime_dated_evidence_counts_but_is_flagged() -> None:
    items = [item("policy/policy.md", "1.1", add_months(TODAY, -1), source=DateSource.MTIME)]
    report = score(standard(), profile(), jurisdiction(), items, TODAY)
    result = _req(report, "1.1")
    assert result.status == RequirementStatus.MET
    assert result.mtime_dated == ["policy/policy.md"]
    assert any("modification time" in w for w in report.warnings)


# ---------------------------------------------------------------------------- not applicable


def _na(requirement: str, expires: date | None = None) -> dict[str, object]:
    return {"requirement": requirement, "reason": "No incidents can happen here.", "expires": expires}


def test_not_applicable_leaves_the_denominator() -> None:
    base = score(standard(), profile(), jurisdiction(), full_evidence()[:-1], TODAY)
    marked = score(standard(), profile(not_applicable=[_na("4.2")]), jurisdiction(), [], TODAY)
    result = _req(marked, "4.2")
    assert result.status == RequirementStatus.NOT_APPLICABLE
    assert result.points_possible == 0
    assert marked.points_possible == base.points_possible - 10
    assert [(n.requirement, n.reason) for n in marked.not_applicable] == [("4.2", "No incidents can happen here.")]
    assert not any(a.requirement == "4.2" for a in marked.next_actions)


@pytest.mark.parametrize(
    ("entry", "warning"),
    [
        (_na("4.2", date(2026, 1, 1)), "expired"),
        (_na("1.1"), "does not allow N/A"),
        (_na("7.7"), "no such requirement"),
    ],
)
def test_not_applicable_refused_with_a_warning(entry: dict[str, object], warning: str) -> None:
    report = score(standard(), profile(not_applicable=[entry]), jurisdiction(), [], TODAY)
    assert any(warning in w for w in report.warnings), report.warnings
    assert report.not_applicable == []
    assert report.points_possible == 85


def test_answer_na_only_where_allowed() -> None:
    std = standard()
    data = std.model_dump()
    data["elements"][0]["requirements"][1]["na_allowed"] = True
    allowed = type(std).model_validate(data)
    answers = _answers("na", ("1.2", "3.2"))
    report = score(allowed, profile(), jurisdiction(), [], TODAY, answers)
    assert _req(report, "1.2").status == RequirementStatus.NOT_APPLICABLE
    assert _req(report, "3.2").status == RequirementStatus.AWAITING
    assert any("cannot be N/A" in w for w in report.warnings)


def test_answers_for_another_standard_are_ignored() -> None:
    answers = Assessment.model_validate({"standard": "other", "answers": [{"requirement": "1.2", "answer": "met"}]})
    report = score(standard(), profile(), jurisdiction(), [], TODAY, answers)
    assert _req(report, "1.2").status == RequirementStatus.AWAITING
    assert any("not used" in w for w in report.warnings)


# ---------------------------------------------------------------------------- verdicts and actions


def test_verdict_depends_on_interviews() -> None:
    items = [i for i in full_evidence() if i.requirement != "3.1"]
    items += [i for i in full_evidence() if i.requirement == "3.1"][:5]
    report = score(standard(), profile(), jurisdiction(), items, TODAY)
    assert report.score.low < 80 <= report.score.high
    assert report.verdict == Verdict.DEPENDS
    assert not report.ready


def test_element_floor_blocks_readiness() -> None:
    std = standard(pass_rule={"overall_min": 10, "element_min": 50})
    items = [i for i in full_evidence() if i.requirement not in {"3.1"}]
    report = score(std, profile(), jurisdiction(), items, TODAY, _answers("not_met"))
    assert report.elements_below_floor == ["3"]
    assert report.weakest_element == "3"
    assert report.verdict == Verdict.NOT_READY
    assert report.next_actions[0].requirement == "3.1"
    assert report.next_actions[0].below_floor


def test_too_short_history_is_never_ready() -> None:
    report = score(standard(), profile(add_months(TODAY, -2)), jurisdiction(), full_evidence(), TODAY, _answers())
    assert report.score.low >= 80
    assert report.records_history.status == "too_short"
    assert report.verdict == Verdict.NOT_READY


def test_next_actions_start_with_the_path_to_pass() -> None:
    report = score(standard(), profile(), jurisdiction(), [], TODAY)
    path = [(a.element, a.requirement) for a in report.path_to_pass.actions]
    assert report.path_to_pass.reaches
    assert [(a.element, a.requirement) for a in report.next_actions[: len(path)]] == path
    assert all(a.to_pass for a in report.next_actions[: len(path)])
    rest = report.next_actions[len(path) :]
    assert rest
    assert not any(a.to_pass for a in rest)
    cost = {"low": 1, "medium": 2, "high": 3}
    ratios = [a.points / cost[a.effort] for a in rest]
    assert ratios == sorted(ratios, reverse=True)
    assert [a.rank for a in report.next_actions] == list(range(1, len(report.next_actions) + 1))


def test_phase_in_element_is_not_scored() -> None:
    std = standard()
    data = std.model_dump()
    data["elements"][3]["counts_toward_score"] = False
    phased = type(std).model_validate(data)
    report = score(phased, profile(), jurisdiction(), [], TODAY)
    assert report.points_possible == 60
    assert report.elements[3].meets_floor is None


def test_everything_not_applicable_is_not_ready() -> None:
    std = standard(
        elements=[
            {
                "id": "1",
                "title": "Only",
                "folder": "only",
                "requirements": [
                    {
                        "id": "1.1",
                        "text": "x",
                        "verification": "documentation",
                        "evidence_kinds": ["other"],
                        "points": 1,
                        "na_allowed": True,
                    }
                ],
            }
        ]
    )
    report = score(std, profile(not_applicable=[_na("1.1")]), jurisdiction(), [], TODAY)
    assert report.verdict == Verdict.NOT_READY
    assert report.elements[0].score is None


# ---------------------------------------------------------------------------- properties

REQUIREMENT_IDS = ["1.1", "2.1", "2.2", "3.1", "4.1", "4.2", "4.3", None]
FOLDERS = {"1": "policy", "2": "hazard-assessment", "3": "inspections", "4": "emergency"}

items_strategy = st.lists(
    st.builds(
        lambda n, rid, back, source, folder: item(
            f"{folder if rid is None else FOLDERS[rid[0]]}/{n:03d}_inspection_flha_policy.md",
            rid,
            None if back is None else TODAY - timedelta(days=back),
            source,
        ),
        st.integers(0, 999),
        st.sampled_from(REQUIREMENT_IDS),
        st.one_of(st.none(), st.integers(-30, 800)),
        st.sampled_from(list(DateSource)),
        st.sampled_from(sorted(FOLDERS.values())),
    ),
    max_size=30,
    unique_by=lambda i: i.path,
)
since_strategy = st.one_of(st.none(), st.integers(0, 900).map(lambda d: TODAY - timedelta(days=d)))
answers_strategy = st.one_of(
    st.none(),
    st.lists(st.sampled_from(["met", "partial", "not_met"]), min_size=2, max_size=2).map(
        lambda a: Assessment.model_validate(
            {
                "standard": "t-secor",
                "answers": [{"requirement": "1.2", "answer": a[0]}, {"requirement": "3.2", "answer": a[1]}],
            }
        )
    ),
)
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(items=items_strategy, since=since_strategy, answers=answers_strategy)
def test_property_score_bounded(items: list, since: date | None, answers: Assessment | None) -> None:  # type: ignore[type-arg]
    report = score(standard(), profile(since), jurisdiction(), items, TODAY, answers)
    assert 0 <= report.score.low <= report.score.high <= 100
    for element in report.elements:
        if element.score is not None:
            assert 0 <= element.score.low <= element.score.high <= 100
        for req in element.requirements:
            assert 0 <= req.points_low <= req.points_high <= req.points_possible


@PROPERTY_SETTINGS
@given(items=items_strategy, extra=items_strategy, since=since_strategy)
def test_property_monotonic_in_added_evidence(items: list, extra: list, since: date | None) -> None:  # type: ignore[type-arg]
    paths = {i.path for i in items}
    more = items + [i.model_copy(update={"path": "x" + i.path}) if i.path in paths else i for i in extra]
    before = score(standard(), profile(since), jurisdiction(), items, TODAY)
    after = score(standard(), profile(since), jurisdiction(), more, TODAY)
    assert after.score.low >= before.score.low
    assert after.score.high >= before.score.high
    for old, new in zip(before.elements, after.elements, strict=True):
        assert new.points_low >= old.points_low


@PROPERTY_SETTINGS
@given(items=items_strategy, since=since_strategy, seed=st.integers(0, 10_000))
def test_property_independent_of_item_order(items: list, since: date | None, seed: int) -> None:  # type: ignore[type-arg]
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    first = score(standard(), profile(since), jurisdiction(), items, TODAY)
    second = score(standard(), profile(since), jurisdiction(), shuffled, TODAY)
    assert first.model_dump_json() == second.model_dump_json()


@PROPERTY_SETTINGS
@given(items=items_strategy, since=since_strategy, target=st.sampled_from(["4.2", "4.3"]))
def test_property_not_applicable_never_lowers_the_score(items: list, since: date | None, target: str) -> None:  # type: ignore[type-arg]
    # Marking a requirement N/A never scores lower than the same requirement with no evidence at all.
    without = [i for i in items if i.requirement != target and not (i.requirement is None and i.element == "emergency")]
    baseline = score(standard(), profile(since), jurisdiction(), without, TODAY)
    assert _req(baseline, target).points_high == 0
    marked = score(standard(), profile(since, not_applicable=[_na(target)]), jurisdiction(), items, TODAY)
    assert marked.score.low >= baseline.score.low
    assert marked.score.high >= baseline.score.high
    # And where the requirement earns nothing today, N/A cannot lower today's score either.
    scored = score(standard(), profile(since), jurisdiction(), items, TODAY)
    if _req(scored, target).points_high == 0:
        assert marked.score.low >= scored.score.low
        assert marked.score.high >= scored.score.high


def test_not_applicable_expiring_soon_warns_but_counts() -> None:
    report = score(
        standard(), profile(not_applicable=[_na("4.2", TODAY + timedelta(days=30))]), jurisdiction(), [], TODAY
    )
    assert _req(report, "4.2").status == RequirementStatus.NOT_APPLICABLE
    assert any("expires on" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("certified_on", "validity", "expected"),
    [
        (None, 3, "certification"),
        (date(2025, 6, 1), 3, "maintenance"),
        (date(2023, 11, 27), 3, "maintenance"),
        (date(2023, 11, 26), 3, "certification"),
        (date(2020, 1, 1), 3, "certification"),
        (date(2027, 1, 1), 3, "certification"),
        (date(2025, 6, 1), "unknown", "certification"),
    ],
)
def test_audit_kind_is_maintenance_while_the_certificate_is_valid(
    certified_on: date | None, validity: int | str, expected: str
) -> None:
    from corcli.rules.scoring import audit_kind

    company = profile(
        certification={
            "partner": "tpa",
            "program": "SECOR",
            "records_since": "2025-01-01",
            "certified_on": certified_on,
        }
    )
    assert audit_kind(company, jurisdiction(validity_years=validity), TODAY) == expected


def test_maintenance_rule_has_no_element_floor_in_alberta() -> None:
    rule = pass_rule_for(standard(), jurisdiction(), "maintenance")
    assert (rule.overall_min, rule.element_min, rule.audit) == (60.0, None, "maintenance")
    unknown = pass_rule_for(
        standard(),
        jurisdiction(pass_rules={"certification": {"overall_min": 80, "element_min": 50}, "maintenance": "unknown"}),
        "maintenance",
    )
    assert (unknown.overall_min, unknown.element_min, unknown.audit) == (80.0, 50.0, "maintenance")
    assert "not known" in unknown.note


def test_a_score_between_the_rules_passes_maintenance_but_not_certification() -> None:
    rules = standard()
    people = [r.id for e in rules.elements for r in e.requirements if r.verification.value != "documentation"]
    answers = Assessment(standard=rules.id, answers=[{"requirement": r, "answer": "met"} for r in people])
    # Without a signed policy (element 1 falls below 50%) and a drill record: 76.5% overall.
    partial = [i for i in full_evidence() if i.requirement not in {"1.1", "4.2"}]
    certification = score(rules, profile(), jurisdiction(), partial, TODAY, answers)
    maintenance = score(rules, profile(), jurisdiction(), partial, TODAY, answers, audit="maintenance")
    assert certification.score == maintenance.score
    assert certification.score.low == pytest.approx(76.5, abs=0.1)
    assert certification.verdict == Verdict.NOT_READY
    assert certification.elements_below_floor == ["1"]
    assert maintenance.verdict == Verdict.READY
    assert maintenance.elements_below_floor == []


def test_a_secor_company_is_told_when_the_records_rule_is_published_for_cor() -> None:
    secor = score(standard(program="SECOR"), profile(), jurisdiction(), full_evidence(), TODAY)
    cor = score(standard(program="COR"), profile(), jurisdiction(), full_evidence(), TODAY)
    assert any("published for COR" in w for w in secor.warnings)
    assert not any("published for" in w for w in cor.warnings)


# ---------------------------------------------------------------------------- the path to a pass


@PROPERTY_SETTINGS
@given(items=items_strategy, answers=answers_strategy)
def test_property_doing_the_path_to_pass_passes(items: list, answers: Assessment | None) -> None:  # type: ignore[type-arg]
    std = standard_with({"1.2": {"depends_on": ["1.1"]}, "3.2": {"depends_on": ["3.1"]}})
    before = score(std, profile(), jurisdiction(), items, TODAY, answers)
    path = before.path_to_pass
    assert path.reaches  # 17 months of records: every gap can be closed
    done = {a.requirement for a in path.actions}
    fixes = [i for i in full_evidence() if i.requirement in done]
    given_answers = {a.requirement: a.answer.value for a in answers.answers} if answers else {}
    given_answers.update(dict.fromkeys(done & {"1.2", "3.2"}, "met"))
    after_answers = Assessment.model_validate(
        {"standard": "t-secor", "answers": [{"requirement": r, "answer": a} for r, a in given_answers.items()]}
    )
    after = score(std, profile(), jurisdiction(), items + fixes, TODAY, after_answers)
    assert after.verdict == Verdict.READY, (path.actions, after.score, after.elements_below_floor)
    assert after.path_to_pass.actions == []
