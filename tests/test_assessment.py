"""The self-assessment workbook: loading with located errors, answering, merging, resuming, exporting."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from corcli.errors import DataFileError, UnknownIdError
from corcli.models import Answer, Assessment, AuditStandard, CompanyProfile
from corcli.rules.assessment import (
    AssessmentError,
    is_safe_relative,
    merge_assessments,
    new_assessment,
    next_unanswered,
    parse_answer,
    parse_answer_spec,
    progress,
    set_answer,
)
from corcli.services.assessment import (
    assessment_path,
    dump_assessment,
    evidence_choices,
    export_assessment,
    load_assessment,
    missing_evidence,
    save_assessment,
)
from corcli.storage.yamlio import load_model
from tests import helpers

TODAY = date(2026, 11, 26)


def standard() -> AuditStandard:
    return helpers.standard(
        id="t-secor",
        title="Test SECOR",
        program="SECOR",
        elements=[
            {
                "id": "1",
                "title": "Policy",
                "folder": "policy",
                "requirements": [
                    {
                        "id": "1.1",
                        "text": "A signed <policy>.",
                        "verification": "documentation",
                        "evidence_kinds": ["policy"],
                        "points": 10,
                    },
                    {"id": "1.2", "text": "Workers know it.", "verification": "interview", "points": 5},
                ],
            },
            {
                "id": "2",
                "title": "Sites",
                "folder": "sites",
                "requirements": [
                    {
                        "id": "2.1",
                        "text": "Guards in place.",
                        "verification": "observation",
                        "points": 5,
                        "na_allowed": True,
                    },
                ],
            },
        ],
    )


def answered() -> Assessment:
    a = set_answer(new_assessment(standard()), standard(), "1.2", Answer.PARTIAL, today=TODAY, note="Some did.")
    return set_answer(a, standard(), "1.1", Answer.MET, today=TODAY, note="Signed", evidence=["policy/p.pdf"], by="Al")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("met", Answer.MET),
        ("M", Answer.MET),
        ("partial", Answer.PARTIAL),
        ("not met", Answer.NOT_MET),
        ("not-met", Answer.NOT_MET),
        ("n", Answer.NOT_MET),
        ("N/A", Answer.NOT_APPLICABLE),
        ("na", Answer.NOT_APPLICABLE),
    ],
)
def test_parse_answer_aliases(text: str, expected: Answer) -> None:
    assert parse_answer(text) is expected


def test_parse_answer_spec_rejects_bad_forms() -> None:
    assert parse_answer_spec(" 1.2 = met ") == ("1.2", Answer.MET)
    for bad in ("1.2", "=met", "1.2=", "1.2=maybe"):
        with pytest.raises(AssessmentError):
            parse_answer_spec(bad)


def test_set_answer_orders_and_keeps_note_and_evidence() -> None:
    a = answered()
    assert [x.requirement for x in a.answers] == ["1.1", "1.2"]
    again = set_answer(a, standard(), "1.1", Answer.PARTIAL, today=date(2026, 12, 1))
    item = again.by_requirement()["1.1"]
    assert (item.answer, item.note, item.evidence, item.answered_by) == (
        Answer.PARTIAL,
        "Signed",
        ["policy/p.pdf"],
        "Al",
    )
    assert item.answered_on == date(2026, 12, 1)
    cleared = set_answer(again, standard(), "1.1", Answer.MET, today=TODAY, note="", evidence=[])
    assert cleared.by_requirement()["1.1"].note == ""
    assert cleared.by_requirement()["1.1"].evidence == []


def test_set_answer_refuses_unknown_ids_na_and_unsafe_paths() -> None:
    with pytest.raises(UnknownIdError) as info:
        set_answer(new_assessment(standard()), standard(), "1.3", Answer.MET, today=TODAY)
    assert "1.1" in info.value.hint or "1.2" in info.value.hint
    with pytest.raises(AssessmentError, match="N/A"):
        set_answer(new_assessment(standard()), standard(), "1.1", Answer.NOT_APPLICABLE, today=TODAY)
    with pytest.raises(AssessmentError, match="without a reason"):
        set_answer(new_assessment(standard()), standard(), "2.1", Answer.NOT_APPLICABLE, today=TODAY, note="  ")
    na = set_answer(new_assessment(standard()), standard(), "2.1", Answer.NOT_APPLICABLE, today=TODAY, note="No sites")
    assert na.answers
    with pytest.raises(AssessmentError, match="plain path"):
        set_answer(new_assessment(standard()), standard(), "1.1", Answer.MET, today=TODAY, evidence=["../x"])


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("policy/a.pdf", True),
        ("a.pdf", True),
        ("/etc/passwd", False),
        ("../a", False),
        ("a/../b", False),
        ("a\\b", False),
        ("C:/x", False),
        ("", False),
        ("a//b", False),
        ("./a", False),
        ("a\nb", False),
    ],
)
def test_is_safe_relative(name: str, safe: bool) -> None:
    assert is_safe_relative(name) is safe


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    assert load_assessment(tmp_path) is None
    path = save_assessment(tmp_path, answered(), standard())
    assert path == assessment_path(tmp_path)
    assert path.read_text().startswith("# corcli self-assessment for t-secor.")
    assert load_assessment(tmp_path, standard()) == answered()
    assert not list(tmp_path.glob(".assessment.yaml.*"))  # no temp files left behind


def test_load_reports_located_problems(tmp_path: Path) -> None:
    assessment_path(tmp_path).write_text(
        "standard: t-secor\n"
        "answers:\n"
        "  - requirement: '1.1'\n"
        "    answer: met\n"
        "  - requirement: '9.9'\n"
        "    answer: met\n"
        "  - requirement: '1.1'\n"
        "    answer: partial\n"
        "    evidence: ['../../secret']\n"
    )
    with pytest.raises(DataFileError) as info:
        load_assessment(tmp_path, standard())
    problems = info.value.problems()
    lines = {p.line for p in problems}
    assert 5 in lines  # unknown requirement
    assert 7 in lines  # answered twice
    assert 9 in lines  # unsafe evidence path
    assert all(p.path == assessment_path(tmp_path) for p in problems)


def test_load_reports_bad_answer_value_with_line(tmp_path: Path) -> None:
    assessment_path(tmp_path).write_text("standard: t-secor\nanswers:\n  - requirement: '1.1'\n    answer: yes-ish\n")
    with pytest.raises(DataFileError) as info:
        load_assessment(tmp_path, standard())
    assert info.value.problems()[0].line == 4


def test_load_refuses_workbook_of_another_standard(tmp_path: Path) -> None:
    assessment_path(tmp_path).write_text("standard: other\nanswers: []\n")
    with pytest.raises(DataFileError, match=r"company.s standard is .t-secor."):
        load_assessment(tmp_path, standard())
    assert load_assessment(tmp_path) is not None  # without a standard, only the file itself is checked


def test_dump_is_valid_for_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(dump_assessment(answered(), standard()))
    assert load_model(path, Assessment) == answered()


def test_merge_prefers_later_answers() -> None:
    base = answered()
    newer = set_answer(new_assessment(standard()), standard(), "1.2", Answer.MET, today=date(2026, 12, 5))
    older = set_answer(new_assessment(standard()), standard(), "1.1", Answer.NOT_MET, today=date(2026, 1, 1))
    merged = merge_assessments(base, newer, standard())
    assert merged.by_requirement()["1.2"].answer is Answer.MET
    assert merge_assessments(base, older).by_requirement()["1.1"].answer is Answer.MET
    with pytest.raises(AssessmentError):
        merge_assessments(base, Assessment(standard="other"))


def test_resume_and_progress() -> None:
    assert next_unanswered(None, standard())[1].id == "1.1"  # type: ignore[index]
    a = set_answer(new_assessment(standard()), standard(), "1.1", Answer.MET, today=TODAY)
    assert next_unanswered(a, standard())[1].id == "1.2"  # type: ignore[index]
    assert next_unanswered(a, standard(), after="1.2")[1].id == "2.1"  # type: ignore[index]
    done = progress(answered(), standard())
    assert (done.answered, done.total, done.done) == (2, 3, False)
    assert done.counts[Answer.MET] == 1


def test_evidence_choices_and_missing(tmp_path: Path) -> None:
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "p.pdf").write_text("x")
    (tmp_path / "policy" / "p.pdf.meta.yaml").write_text("note: x\n")
    (tmp_path / "policy" / ".hidden").write_text("x")
    element = standard().elements[0]
    assert evidence_choices(tmp_path, element) == ["policy/p.pdf"]
    a = set_answer(answered(), standard(), "1.2", Answer.MET, today=TODAY, evidence=["policy/gone.pdf"])
    assert missing_evidence(a, tmp_path) == [("1.2", "policy/gone.pdf")]


def test_export_lists_every_requirement_in_each_format() -> None:
    company_profile = CompanyProfile.model_validate(
        {
            "company": {"name": "A & B", "province": "AB", "industry": "construction", "employees": 5},
            "certification": {"partner": "tpa"},
            "not_applicable": [{"requirement": "2.1", "reason": "No machines."}],
        }
    )
    a = set_answer(answered(), standard(), "1.1", Answer.MET, today=TODAY, note="=HYPERLINK(evil)")
    markdown = export_assessment(a, standard(), "markdown", company="A & B", today=TODAY, profile=company_profile)
    for rid in ("1.1", "1.2", "2.1"):
        assert f"| {rid} |" in markdown
    assert "Not answered" in markdown
    assert "No machines." in markdown
    assert "| policy/p.pdf |" in markdown

    html = export_assessment(a, standard(), "html", company="A & B", today=TODAY)
    assert "A &amp; B" in html
    assert "&lt;policy&gt;" in html
    assert "<policy>" not in html
    assert "<link" not in html
    assert "<script" not in html

    rows = list(
        csv.DictReader(
            io.StringIO(export_assessment(a, standard(), "csv", company="A", today=TODAY).removeprefix("\ufeff"))
        )
    )
    assert [r["requirement"] for r in rows] == ["1.1", "1.2", "2.1"]
    assert rows[0]["answer"] == "met"
    assert rows[0]["evidence"] == "policy/p.pdf"
    assert rows[0]["note"].startswith("'=")  # a spreadsheet will not run it
    assert rows[2]["answer"] == "not_answered"


def test_update_assessment_merges_into_the_file_as_it_is_now(tmp_path: Path) -> None:
    save_assessment(tmp_path, answered(), standard())
    stale = new_assessment(standard())  # what another process loaded before the file had answers
    from corcli.services.assessment import update_assessment

    result = update_assessment(
        tmp_path, standard(), lambda current: set_answer(current, standard(), "2.1", Answer.MET, today=TODAY)
    )
    assert stale.answers == []
    assert [a.requirement for a in result.answers] == ["1.1", "1.2", "2.1"]
    assert load_assessment(tmp_path, standard()) == result
