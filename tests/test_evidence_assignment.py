"""The one evidence assignment: kinds in names, negative words, ambiguity, and a reason for every file."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from corcli.catalog.loader import load_catalog
from corcli.evidence.vocabulary import load_vocabulary
from corcli.models import AuditStandard, DateSource, EvidenceItem, EvidenceKind, RequirementSource
from corcli.rules.assignment import assign_evidence, read_name
from tests import helpers

TODAY = date(2026, 12, 1)


@cache
def _standard() -> AuditStandard:
    return load_catalog().standard("ab-common-cor")


def _item(
    path: str, requirement: str | None = None, day: date | None = date(2026, 10, 1), **extra: object
) -> EvidenceItem:
    return EvidenceItem(
        path=path,
        element=path.split("/", 1)[0] if "/" in path else "",
        requirement=requirement,
        record_date=day,
        date_source=DateSource.FILENAME if day else None,
        sha256=f"{abs(hash(path)):064x}"[-64:],
        size=1,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("2026-10-01_inspection.md", {EvidenceKind.INSPECTION}),
        ("2026-10-01_field-hazard-assessment.md", {EvidenceKind.FIELD_HAZARD_ASSESSMENT}),
        ("Hazard Assessment 2026.pdf", {EvidenceKind.HAZARD_ASSESSMENT}),
        ("flha_roof_job.pdf", {EvidenceKind.FIELD_HAZARD_ASSESSMENT}),
        ("FLRA Smith job.pdf", {EvidenceKind.FIELD_HAZARD_ASSESSMENT}),
        ("toolbox-minutes.md", {EvidenceKind.MEETING_MINUTES}),
        ("Tailgate Talks Oct.docx", {EvidenceKind.MEETING_MINUTES}),
        ("First Aid certificates.pdf", {EvidenceKind.CERTIFICATE}),
        ("certs.pdf", {EvidenceKind.CERTIFICATE}),
        ("Near miss report.pdf", {EvidenceKind.INVESTIGATION}),
        ("SWP - Ladders.pdf", {EvidenceKind.PROCEDURE}),
        ("Procès-verbal réunion.pdf", {EvidenceKind.MEETING_MINUTES}),
        ("inspection schedule.pdf", {EvidenceKind.PROCEDURE}),  # a written schedule, no inspection record
        ("Corrective action plan.xlsx", {EvidenceKind.CORRECTIVE_ACTION}),
        ("photo.jpg", set()),
    ],
)
def test_kinds_named_in_file_names(name: str, kinds: set[EvidenceKind]) -> None:
    assert set(read_name(f"folder/{name}", load_vocabulary()).kinds) == kinds


def _ties(*paths: str) -> dict[str, list[str]]:
    items = [_item(p) for p in paths]
    assignment = assign_evidence(_standard(), items, load_vocabulary(), today=TODAY)
    return {a.item.path: a.counted_for for a in assignment.files}


def test_false_ties_from_the_field_are_avoided() -> None:
    ties = _ties(
        "07-incident-investigation/Incident Investigation Procedure.pdf",
        "03-hazard-control/Violence Prevention Plan.pdf",
        "03-hazard-control/Harassment Prevention Policy.pdf",
        "10-other-work-site-parties/Contractor orientation.pdf",
        "05-inspections/inspection schedule.pdf",
    )
    assert "7.4" not in ties["07-incident-investigation/Incident Investigation Procedure.pdf"]
    assert ties["03-hazard-control/Violence Prevention Plan.pdf"] == ["3.7"]
    # Alberta's Part 27 made the violence and the harassment plans one plan (3.7), so both files count for it.
    assert ties["03-hazard-control/Harassment Prevention Policy.pdf"] == ["3.7"]
    assert ties["10-other-work-site-parties/Contractor orientation.pdf"] == ["10.3"]
    assert ties["05-inspections/inspection schedule.pdf"] == ["5.1"]  # the written schedule, no inspection (5.2)


def test_every_file_is_counted_with_a_reason_or_not_counted_with_why() -> None:
    items = [
        _item("01-leadership/2026-10-01_req-1.1_policy.pdf", "1.1", requirement_source=RequirementSource.FILENAME),
        _item("06-emergency-response/photo.jpg", "6.6", requirement_source=RequirementSource.FLAG),
        _item("elsewhere/notes.txt"),
        _item("notes.txt"),
        _item("05-inspections/2026-10-02_site inspection.pdf"),
        _item("05-inspections/2026-10-02_site inspection copy.pdf"),
        _item("05-inspections/2027-01-05_site inspection.pdf", day=date(2027, 1, 5)),
        _item("05-inspections/2020-01-05_site inspection.pdf", day=date(2020, 1, 5)),
        _item("03-hazard-control/blank template.docx"),
    ]
    same = items[5].model_copy(update={"sha256": items[4].sha256})
    items[5] = same
    assignment = assign_evidence(_standard(), items, load_vocabulary(), today=TODAY, window_start=date(2025, 12, 1))
    for assigned in assignment.files:
        if assigned.counted_for:
            assert all(t.reason for t in assigned.ties)
        else:
            assert assigned.not_counted, assigned.item.path
    by_path = {a.item.path: a for a in assignment.files}
    assert by_path["01-leadership/2026-10-01_req-1.1_policy.pdf"].ties[0].reason == "named req-1.1"
    assert "self-assessment" in by_path["06-emergency-response/photo.jpg"].not_counted
    copies = [by_path[f"05-inspections/2026-10-02_site inspection{c}.pdf"].not_counted for c in ("", " copy")]
    assert sum("duplicate of" in text for text in copies) == 1
    assert "after" in by_path["05-inspections/2027-01-05_site inspection.pdf"].not_counted
    assert "look-back window" in by_path["05-inspections/2020-01-05_site inspection.pdf"].not_counted
    assert "blank" in by_path["03-hazard-control/blank template.docx"].not_counted
    assert "not an element folder" in by_path["elsewhere/notes.txt"].not_counted
    assert "directly in evidence/" in by_path["notes.txt"].not_counted


def test_a_file_may_serve_several_requirements() -> None:
    item = _item("04-training/matrix.xlsx", "4.3", more_requirements=["4.4"], requirement_source=RequirementSource.FLAG)
    assignment = assign_evidence(_standard(), [item], load_vocabulary(), today=TODAY)
    assert assignment.files[0].counted_for == ["4.3", "4.4"]
    assert assignment.counted == {"4.3": ["04-training/matrix.xlsx"], "4.4": ["04-training/matrix.xlsx"]}


def test_an_ambiguous_name_is_proposed_not_counted() -> None:
    plans = helpers.standard(
        [
            {
                "id": "3",
                "title": "Hazard control",
                "folder": "03-hazard-control",
                "requirements": [
                    {
                        "id": f"3.{n}",
                        "text": text,
                        "verification": "documentation",
                        "evidence_kinds": ["plan"],
                        "points": 10,
                    }
                    for n, text in (
                        (1, "A written violence prevention plan."),
                        (2, "A written harassment prevention plan."),
                    )
                ],
            }
        ]
    )
    items = [_item("03-hazard-control/prevention plan.pdf")]  # violence or harassment?
    assignment = assign_evidence(plans, items, load_vocabulary(), today=TODAY)
    assigned = assignment.files[0]
    assert assigned.counted_for == []
    assert len(assigned.proposed) > 1
    assert "equally" in assigned.not_counted
