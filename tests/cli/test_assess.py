"""``corcli assess`` through the CLI: scripted and interactive answers, exports, and check's single score."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corcli.catalog.loader import load_catalog
from corcli.models import Assessment, Verification
from corcli.storage import yamlio

Invoke = Callable[..., Any]


def _answers(root: Path) -> Assessment:
    return yamlio.load_model(root / "assessment.yaml", Assessment)


def test_assess_answer_is_recorded_with_note_and_evidence(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    (root / "evidence" / "01-policy" / "policy.pdf").write_bytes(b"%PDF")
    result = invoke(
        "assess",
        "-w",
        root,
        "--answer",
        "1.1=met",
        "--note",
        "Signed by the owner",
        "--evidence",
        "01-policy/policy.pdf",
    )
    assert result.exit_code == 0, result.output
    assert "1 of" in result.stdout
    item = _answers(root).by_requirement()["1.1"]
    assert item.answer.value == "met"
    assert item.note == "Signed by the owner"
    assert item.evidence == ["01-policy/policy.pdf"]
    assert item.answered_on is not None


def test_assess_missing_evidence_file_is_a_warning(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    result = invoke("assess", "-w", root, "-a", "1.1=partial", "-e", "01-policy/nothing.pdf")
    assert result.exit_code == 0, result.output
    assert "does not exist" in result.stderr


def test_assess_unknown_requirement_is_an_input_error(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    result = invoke("assess", "-w", root, "--answer", "01.1=met")
    assert result.exit_code == 2, result.output
    assert "Unknown requirement '01.1'" in result.stderr
    assert "'1.1'" in result.stderr
    assert not (root / "assessment.yaml").exists()


def test_assess_bad_answer_and_stray_note_are_input_errors(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    bad = invoke("assess", "-w", root, "--answer", "1.1=maybe")
    assert bad.exit_code == 2
    assert "met, partial, not_met or na" in bad.stderr
    stray = invoke("assess", "-w", root, "--note", "hello")
    assert stray.exit_code == 2
    assert "--note and --evidence go with --answer" in stray.stderr


def test_assess_broken_workbook_reports_file_and_line(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    (root / "assessment.yaml").write_text("standard: acsa-secor\nanswers:\n  - requirement: '1.1'\n    answer: great\n")
    result = invoke("assess", "-w", root)
    assert result.exit_code == 2
    assert "assessment.yaml:4" in result.stderr


def test_assess_without_terminal_shows_status(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    result = invoke("assess", "-w", root)
    assert result.exit_code == 0, result.output
    assert "0 of" in result.stdout
    assert "Next: 1.1" in result.stdout
    assert "--answer" in result.stderr


def test_assess_interactive_saves_each_answer_and_resumes(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = make_workspace()
    (root / "evidence" / "01-policy" / "2026-01-10_policy_req-1.1.pdf").write_bytes(b"%PDF")
    # 1.1: met, a note, evidence number 1; 1.2: partial, no note, no evidence; then quit.
    first = invoke("assess", "-w", root, "--interactive", input="m\nSigned by CEO\n1\np\n\n-\nq\n")
    assert first.exit_code == 0, first.output
    answers = _answers(root).by_requirement()
    assert answers["1.1"].answer.value == "met"
    assert answers["1.1"].note == "Signed by CEO"
    assert answers["1.1"].evidence == ["01-policy/2026-01-10_policy_req-1.1.pdf"]
    assert answers["1.2"].answer.value == "partial"
    assert "saved" in first.stderr
    # Resume: the first question is the next unanswered requirement; a wrong letter is asked again.
    second = invoke("assess", "-w", root, "--interactive", input="x\nn\n\n\n")  # then end of input
    assert second.exit_code == 0, second.output
    assert "1.3" in second.stderr.split("Answer:")[0]
    assert _answers(root).by_requirement()["1.3"].answer.value == "not_met"
    assert len(_answers(root).answers) == 3


def test_assess_export_lists_every_requirement(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace()
    assert invoke("assess", "-w", root, "-a", "1.1=met", "-n", "Signed <2026> & posted").exit_code == 0
    standard = load_catalog().standard("acsa-secor")
    ids = [r.id for e in standard.elements for r in e.requirements]

    markdown = invoke("assess", "export", "-w", root)
    assert markdown.exit_code == 0, markdown.output
    assert all(f"| {rid} |" in markdown.stdout for rid in ids)
    assert "not answered yet" in markdown.stderr

    target = tmp_path / "assessment.csv"
    written = invoke("assess", "export", "-w", root, "--format", "csv", "--output", target)
    assert written.exit_code == 0, written.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["requirement"] for r in rows] == ids
    assert rows[0]["answer"] == "met"
    again = invoke("assess", "export", "-w", root, "--format", "csv", "--output", target)
    assert again.exit_code == 2
    assert "--force" in again.stderr

    html = invoke("assess", "export", "-w", root, "-f", "html")
    assert html.exit_code == 0
    assert "Signed &lt;2026&gt; &amp; posted" in html.stdout


def test_answered_workbook_gives_check_a_single_projected_score(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = make_workspace()
    standard = load_catalog().standard("acsa-secor")
    people = [r.id for e in standard.elements for r in e.requirements if r.verification != Verification.DOCUMENTATION]
    before = json.loads(invoke("check", "-w", root, "-f", "json", "--exit-zero", "--today", "2026-11-26").stdout)
    assert before["score"]["low"] < before["score"]["high"]
    args = [arg for rid in people for arg in ("--answer", f"{rid}=met")]
    assert invoke("assess", "-w", root, *args).exit_code == 0
    after = json.loads(invoke("check", "-w", root, "-f", "json", "--exit-zero", "--today", "2026-11-26").stdout)
    assert after["awaiting"] == 0
    assert after["score"]["low"] == after["score"]["high"]


def test_every_export_format_is_handled(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    from corcli.cli.assess import ExportFormat

    root = make_workspace()
    for fmt in ExportFormat:
        result = invoke("assess", "export", "-w", root, "--format", fmt.value)
        assert result.exit_code == 0, result.output
        assert "1.1" in result.stdout


def test_assess_people_walks_only_interview_and_observation_items(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = make_workspace()
    standard = load_catalog().standard("acsa-secor")
    first_person = next(
        r.id for e in standard.elements for r in e.requirements if r.verification != Verification.DOCUMENTATION
    )
    result = invoke("assess", "-w", root, "--interactive", "--people", input="m\n\n\nq\n")
    assert result.exit_code == 0, result.output
    assert list(_answers(root).by_requirement()) == [first_person]


def test_assess_export_template_dir_overrides_the_document_and_stays_sandboxed(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_workspace()
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "assessment.md.j2").write_text("# Ours: {{ company }}\n\n{{ elements | length }} elements\n")
    markdown = invoke("assess", "export", "-w", root, "--template-dir", templates)
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# Ours: Prairie Roofing Ltd.\n")
    html = invoke("assess", "export", "-w", root, "-f", "html", "--template-dir", templates)
    assert "<h1>Ours: Prairie Roofing Ltd.</h1>" in html.stdout
    assert "<title>Self-assessment: Prairie Roofing Ltd.</title>" in html.stdout
    (templates / "page.html.j2").write_text("{{ ''.__class__.__mro__ }}")
    refused = invoke("assess", "export", "-w", root, "-f", "html", "--template-dir", templates)
    assert refused.exit_code == 2, refused.output
    assert "page.html.j2" in refused.stderr
