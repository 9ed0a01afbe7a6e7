"""Report formats: every format renders, JSON matches its shipped schema, HTML stays inert."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from corcli.cli import views
from corcli.models import Assessment, GapReport
from corcli.render import report as reporting
from corcli.rules.scoring import score
from tests.helpers import TODAY, full_evidence, jurisdiction, schema_errors
from tests.helpers import scoring_profile as profile
from tests.helpers import scoring_standard as standard

SCHEMA_PATH = Path(reporting.__file__).parent.parent / "schemas" / "check-report.schema.json"
EVIL = 'Roof <script>alert("x")</script> & <img src=x onerror=alert(1)> | =cmd'


def _report(name: str = "Prairie Roofing Ltd.", **kwargs: object) -> GapReport:
    items = full_evidence()[:9]
    na = [{"requirement": "4.2", "reason": f"No incidents <b>{name}</b>", "expires": "2027-06-01"}]
    return score(standard(), profile(date(2026, 6, 1), name=name, not_applicable=na), jurisdiction(), items, TODAY)


@pytest.mark.parametrize("fmt", reporting.FORMATS)
def test_every_format_renders(fmt: str) -> None:
    text = reporting.render(_report(), fmt)
    assert text.strip()
    assert "Prairie Roofing Ltd." in text


def test_formats_are_exhaustive() -> None:
    assert set(reporting.RENDERERS) == set(reporting.FORMATS)


def test_json_matches_the_shipped_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for report in (_report(), score(standard(), profile(None), jurisdiction(), [], TODAY)):
        data = json.loads(reporting.render_json(report))
        assert data["schema_version"] == 1
        assert schema_errors(data, schema) == []
        assert GapReport.model_validate_json(reporting.render_json(report)) == report


def test_validator_catches_errors() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = json.loads(reporting.render_json(_report()))
    data["verdict"] = "maybe"
    data["score"]["low"] = 140
    del data["elements"][0]["requirements"][0]["status"]
    data["surprise"] = True
    errors = schema_errors(data, schema)
    assert any("verdict" in e for e in errors)
    assert any("maximum" in e for e in errors)
    assert any("'status'" in e for e in errors)
    assert any("surprise" in e for e in errors)


def test_shipped_schema_is_current(update_golden: bool) -> None:
    generated = reporting.json_schema_text()
    if update_golden:
        SCHEMA_PATH.write_text(generated, encoding="utf-8")
    assert SCHEMA_PATH.read_text(encoding="utf-8") == generated, "run pytest --update-golden to refresh the schema"


def test_html_is_self_contained_and_inert() -> None:
    html = reporting.render_html(_report(EVIL))
    assert "<script" not in html.lower()
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'src="http' not in html
    assert "<link" not in html
    assert "<style>" in html
    assert "@media print" in html
    assert "<svg" in html
    assert "50% floor" in html
    assert "80% overall" in html
    assert "onerror=" not in html.replace("onerror=alert(1)&gt;", "")  # only as escaped text


def test_html_chart_marks_elements_below_floor() -> None:
    report = _report()
    chart = reporting.chart(report)
    below = {row["label"].split()[0] for row in chart["rows"] if row["below"]}
    assert below == set(report.elements_below_floor)
    html = reporting.render_html(report)
    assert html.count("<rect") >= len(chart["rows"]) * 2


def test_markdown_escapes_names_and_keeps_tables() -> None:
    md = reporting.render_markdown(_report(EVIL))
    assert "<script>" not in md
    assert r"\<script\>" in md
    table_rows = [line for line in md.splitlines() if line.startswith("| **")]
    assert all(line.count("|") - line.count(r"\|") == 3 for line in table_rows)
    assert "## Not applicable" in md
    assert md.index("## To pass: this action") < md.index("## Elements") < md.index("## Then (most points per effort")


def test_text_has_verdict_table_and_actions() -> None:
    text = views.check_plain_text(_report(), width=120)
    assert "Not ready" in text
    assert "Projected score" in text
    assert "Weakest element" in text
    assert "Records history" in text
    assert text.index("To pass: this action") < text.index("Elements") < text.index("Then (most points per effort")
    assert "estimate" in text
    assert "█" in text
    assert "\x1b[" not in text


def test_text_without_estimated_weights_has_no_note() -> None:
    official = score(standard(weights="official"), profile(), jurisdiction(), full_evidence(), TODAY)
    assert "estimate" not in views.check_plain_text(official, width=120)


def test_single_number_once_answered() -> None:
    answers = Assessment.model_validate(
        {"standard": "t-secor", "answers": [{"requirement": r, "answer": "met"} for r in ("1.2", "3.2")]}
    )
    report = score(standard(), profile(), jurisdiction(), full_evidence(), TODAY, answers)
    assert reporting.score_text(report.score) == "100.0%"
    assert "Ready" in views.check_plain_text(report)


def test_csv_is_an_action_plan() -> None:
    report = _report(EVIL)
    text = reporting.render_csv(report)
    assert text.startswith("\ufeff")  # Excel on Windows reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == sum(len(e.requirements) for e in report.elements)
    assert tuple(rows[0]) == reporting.CSV_COLUMNS
    ranked = [int(r["rank"]) for r in rows if r["rank"]]
    assert ranked == list(range(1, len(report.next_actions) + 1))
    assert rows[0]["requirement"] == report.next_actions[0].requirement
    na = next(r for r in rows if r["requirement"] == "4.2")
    assert na["status"] == "not_applicable"
    assert na["rank"] == ""
    assert all(not re.match(r"^[=+\-@]", value) for row in rows for value in row.values() if value)


def test_for_element_limits_tables_not_the_verdict() -> None:
    report = _report()
    limited = reporting.for_element(report, "inspections")
    assert limited is not None
    assert [e.id for e in limited.elements] == ["3"]
    assert all(a.element == "3" for a in limited.next_actions)
    assert limited.verdict == report.verdict
    assert reporting.for_element(report, "nope") is None
    for fmt in reporting.FORMATS:
        assert reporting.render(limited, fmt)


@pytest.mark.parametrize("part_files", [1, 2, 4])
def test_json_in_parts_is_the_same_text(monkeypatch: pytest.MonkeyPatch, part_files: int) -> None:
    report = _report()
    assert len(report.evidence) > 4
    monkeypatch.setattr(reporting, "JSON_PART_FILES", part_files)
    parts = list(reporting.render_json_parts(report))
    assert len(parts) > 2
    assert "".join(parts) == reporting.render_json(report)


def test_json_in_parts_with_a_name_that_is_not_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    report = _report()
    first = report.evidence[0].model_copy(update={"path": "01-policy/caf\udce9.pdf"})
    report = report.model_copy(update={"evidence": [first, *report.evidence[1:]]})
    monkeypatch.setattr(reporting, "JSON_PART_FILES", 1)
    text = "".join(reporting.render_json_parts(report))
    assert text == reporting.render_json(report)
    assert "caf\\udce9.pdf" in text
