"""Who sets a recurring item's frequency, as the check report, 'due' and 'calendar' say it (issue #12, point 3).

The law or the program sets a minimum (with its source), the company's own written schedule is what the
auditor checks against otherwise, and where neither is on file corcli says the frequency is its assumption.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.catalog.loader import load_catalog
from corcli.models import EvidenceKind, Recurrence, Requirement, Schedule
from corcli.rules.schedules import recurrence_basis, schedule_basis

Invoke = Callable[..., Any]
LAW = "BC OHS Regulation s.3.25 (meet at least once a month)"


def _req(every: Recurrence = Recurrence.MONTHLY, set_by: str = "assumed", source: str = "") -> Requirement:
    return Requirement.model_validate(
        {
            "id": "8.2",
            "text": "Committee minutes",
            "verification": "documentation",
            "evidence_kinds": ["meeting_minutes"],
            "recurrence": every,
            "recurrence_set_by": set_by,
            "recurrence_source": source,
            "points": 10,
        }
    )


def _every(every: Recurrence) -> list[Schedule]:
    return [Schedule(kind=EvidenceKind.MEETING_MINUTES, every=every)]


def test_a_frequency_the_law_sets_names_the_law_and_its_section() -> None:
    basis = recurrence_basis(_req(set_by="law", source=LAW), [])
    assert basis is not None
    assert (basis.set_by, basis.source) == ("law", LAW)
    assert basis.sentence.startswith(f"Monthly is set by the law: {LAW}.")


@pytest.mark.parametrize("laxer", [Recurrence.QUARTERLY, Recurrence.ANNUAL])
def test_a_laxer_company_schedule_does_not_take_over_from_the_law(laxer: Recurrence) -> None:
    basis = recurrence_basis(_req(set_by="law", source=LAW), _every(laxer))
    assert basis is not None
    assert basis.set_by == "law"
    assert "Monthly is set by the law" in basis.sentence


def test_a_stricter_company_schedule_is_the_companys_and_the_law_stays_named() -> None:
    basis = recurrence_basis(_req(set_by="law", source=LAW), _every(Recurrence.WEEKLY))
    assert basis is not None
    assert (basis.set_by, basis.source) == ("company", "corcli.yaml schedules:")
    assert basis.sentence == (
        f"Weekly is your own written schedule (schedules: in corcli.yaml); the law sets at least monthly: {LAW}."
    )


def test_without_law_or_program_the_company_schedule_decides() -> None:
    basis = recurrence_basis(_req(), _every(Recurrence.QUARTERLY))
    assert basis is not None
    assert basis.set_by == "company"
    assert basis.sentence.startswith("Quarterly is your own written schedule")


def test_without_any_schedule_the_frequency_is_marked_as_corclis_assumption() -> None:
    basis = recurrence_basis(_req(), [])
    assert basis is not None
    assert (basis.set_by, basis.source) == ("assumed", "")
    assert "corcli's assumption" in basis.sentence
    assert "schedules: in corcli.yaml" in basis.sentence


@pytest.mark.parametrize("every", [Recurrence.ONCE, Recurrence.PER_EVENT])
def test_items_that_do_not_recur_have_no_basis(every: Recurrence) -> None:
    assert recurrence_basis(_req(every), []) is None


def test_schedule_basis_names_the_law_and_warns_when_the_schedule_is_laxer() -> None:
    standard = load_catalog().standard("bc-go2hr-cor")
    sentence, sources = schedule_basis(EvidenceKind.MEETING_MINUTES, Recurrence.QUARTERLY, standard)
    assert sentence.startswith("The law sets at least monthly for 8.2: BC OHS Regulation s.3.25")
    assert sentence.endswith("your schedule is laxer, so keep monthly.")
    assert sources == [LAW]
    sentence, sources = schedule_basis(EvidenceKind.DRILL_RECORD, Recurrence.ANNUAL, standard)
    assert sentence.startswith("No law or program on file sets this frequency")
    assert sources == []


def _bc_lodge(make_workspace: Callable[..., Path]) -> Path:
    root = make_workspace(name="Lodge", province="BC", industry="tourism", employees=30, partner="go2hr")
    profile = root / "corcli.yaml"
    text = profile.read_text().replace("schedules: []\n", "")
    profile.write_text(text + "schedules:\n  - kind: meeting_minutes\n    every: quarterly\n")
    return root


def test_check_json_and_markdown_say_who_sets_each_frequency(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = _bc_lodge(make_workspace)
    result = invoke("check", "-w", root, "--format", "json", "--today", "2026-11-26")
    data = json.loads(result.stdout)
    reqs = {r["id"]: r for e in data["elements"] for r in e["requirements"]}
    assert (reqs["8.2"]["recurrence_set_by"], reqs["8.2"]["recurrence_source"]) == ("law", LAW)
    assert reqs["8.7"]["recurrence_set_by"] == "law"  # the annual committee evaluation, s.3.26
    assert reqs["4.2"]["recurrence_set_by"] == "assumed"
    assert reqs["1.1"]["recurrence_set_by"] is None  # a one-time document
    markdown = invoke("check", "-w", root, "--format", "markdown", "--today", "2026-11-26").stdout
    assert f"Monthly is set by the law: {LAW}." in markdown
    assert "Monthly is corcli's assumption" in markdown  # 4.2, which no law or program on file sets


def test_due_and_calendar_say_who_sets_the_schedules_minimum(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = _bc_lodge(make_workspace)
    due = json.loads(invoke("due", "-w", root, "-f", "json", "--today", "2026-11-26", "--days", "400").stdout)
    meetings = [i for i in due["items"] if i["kind"] == "recurring"]
    assert meetings, due
    assert "The law sets at least monthly for 8.2" in meetings[0]["detail"]
    assert LAW in meetings[0]["sources"]
    ics = invoke("calendar", "-w", root, "--format", "ics", "--today", "2026-11-26").stdout
    unfolded = ics.replace("\r\n ", "").replace("\n ", "")  # RFC 5545 folds long lines
    assert "The law sets at least monthly for 8.2" in unfolded
