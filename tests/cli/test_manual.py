"""``corcli manual`` through the CLI: every shipped standard in every format, the demo company, exit codes."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from corcli.catalog.loader import load_catalog
from corcli.cli.manual import DOCX_DEFAULT_NAME, ManualFormat
from corcli.models import Availability
from corcli.render.manual import FORMATS

Invoke = Callable[..., Any]
TODAY = "2026-11-26"

_CATALOG = load_catalog()
SHIPPED_STANDARDS = sorted(_CATALOG.standards)
"""Built at collection time, so a new standard file is tested without editing this module."""


def _company_for(standard_id: str) -> dict[str, Any]:
    """Return a profile that resolves to ``standard_id``: a partner that uses it, in one of its jurisdictions."""
    standard = _CATALOG.standards[standard_id]
    for partner in sorted(_CATALOG.partners.values(), key=lambda p: p.id):
        for entry in partner.programs:
            if entry.standard == standard_id and entry.offered != Availability.NO:
                code = (entry.jurisdictions or partner.jurisdictions)[0]
                return _profile(partner.id, _CATALOG.jurisdiction(code).covers[0], partner.industries[0], standard_id)
    code = next(c for c in standard.jurisdictions if c != "CA")
    jurisdiction = _CATALOG.jurisdiction(code)
    partner = next((p for p in sorted(_CATALOG.partners.values(), key=lambda p: p.id) if code in p.jurisdictions), None)
    if partner is None:  # a legal program (PEI has no COR program): no partner, the law's own duties
        return _profile(None, jurisdiction.covers[0], "construction", standard_id)
    return _profile(partner.id, jurisdiction.covers[0], partner.industries[0], standard_id)


def _profile(partner: str | None, province: str, industry: str, standard_id: str) -> dict[str, Any]:
    shipped = _CATALOG.standards[standard_id].program
    program = shipped.value if shipped is not None else "auto"  # a legal program certifies nothing
    return {
        "schema_version": 1,
        "company": {
            "name": "Northern Test Works Ltd.",
            "province": province,
            "industry": industry,
            "employees": 4 if program == "SECOR" else 40,
        },
        "certification": {"partner": partner, "program": program, "standard": standard_id},
        "senior_manager": {"name": "Alex Moreau", "title": "President"},
        "roles": [{"name": "Labourer", "count": 3}],
        "sites": [{"name": "Yard", "kind": "shop"}],
    }


def _workspace(tmp_path: Path, standard_id: str) -> Path:
    root = tmp_path / standard_id
    root.mkdir()
    (root / "corcli.yaml").write_text(yaml.safe_dump(_company_for(standard_id), sort_keys=False), encoding="utf-8")
    return root


def test_manual_formats_are_exhaustive() -> None:
    assert {f.value for f in ManualFormat} == set(FORMATS)


DOCX_STANDARDS = ("ab-common-cor", "ab-common-secor", "bc-go2hr-small", "ihsa-cor-2015")
"""DOCX is checked on a few standards of each shape (the writer is the same for all); text formats on all."""


@pytest.mark.parametrize(
    ("standard_id", "fmt"),
    [(s, f.value) for s in SHIPPED_STANDARDS for f in ManualFormat if f != ManualFormat.DOCX or s in DOCX_STANDARDS],
)
def test_manual_renders_every_shipped_standard(invoke: Invoke, tmp_path: Path, standard_id: str, fmt: str) -> None:
    workspace = _workspace(tmp_path, standard_id)
    out = tmp_path / f"manual.{fmt}"
    result = invoke("manual", "-w", workspace, "--format", fmt, "--output", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "placeholders to complete" in result.stderr
    standard = _CATALOG.standards[standard_id]
    if fmt == "docx":
        from docx import Document

        doc = Document(io.BytesIO(out.read_bytes()))
        headings = {p.text for p in doc.paragraphs if p.style.name == "Heading 1"}
        for element in standard.elements:
            assert f"Element {element.id}: {element.title}" in headings
        assert doc.tables
        return
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        plans = text.count('<section class="section" id="plan-')
        assert text.count('<section class="section"') == len(standard.elements) + 15 + plans
    for element in standard.elements:
        assert f"Element {element.id}:" in text


def test_manual_demo_company_names_partner_law_and_every_element(invoke: Invoke, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    result = invoke("demo", demo, "--today", TODAY)
    assert result.exit_code in (0, 1), result.output
    result = invoke("manual", "-w", demo, "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = result.stdout
    from corcli.services.project import open_project

    project = open_project(demo, None, tmp_path)
    assert project.partner.name in text
    assert project.jurisdiction.legislation
    for law in project.jurisdiction.legislation:
        assert law.title.split(" (")[0] in text
    for element in project.standard.elements:
        assert f"# Element {element.id}: {element.title}" in text.replace("\\", "")
    assert "Falls from heights" in text  # the demo is a roofer
    assert "[TO COMPLETE:" not in result.stderr.split("\n", 1)[0]


def test_manual_markdown_goes_to_stdout_and_summary_to_stderr(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    workspace = make_workspace()
    result = invoke("manual", "-w", workspace, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!-- section:front -->")
    assert "placeholders to complete" in result.stderr
    assert "placeholders to complete" not in result.stdout
    assert "front (Title page, approval and contents), line " in result.stderr


def test_manual_strict_exits_1_while_placeholders_remain(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    workspace = make_workspace()
    result = invoke("manual", "-w", workspace, "--strict", "-s", "policy", "--today", TODAY)
    assert result.exit_code == 1, result.output
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "policy.md.j2").write_text("# Policy\n\n{{ company.name }} works safely.\n", encoding="utf-8")
    result = invoke("manual", "-w", workspace, "--strict", "-s", "policy", "--template-dir", templates)
    assert result.exit_code == 0, result.output
    assert "Prairie Roofing Ltd. works safely." in result.stdout
    assert "No placeholders left" in result.stderr


def test_manual_docx_defaults_to_the_workspace_and_never_overwrites(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    workspace = make_workspace()
    result = invoke("manual", "-w", workspace, "-f", "docx", "--today", TODAY)
    assert result.exit_code == 0, result.output
    target = workspace / DOCX_DEFAULT_NAME
    first = target.read_bytes()
    assert first[:2] == b"PK"
    result = invoke("manual", "-w", workspace, "-f", "docx", "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert "already exists" in result.stderr
    assert target.read_bytes() == first
    result = invoke("manual", "-w", workspace, "-f", "docx", "--force", "--today", TODAY)
    assert result.exit_code == 0, result.output


def test_manual_html_output_is_not_overwritten_without_force(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    workspace = make_workspace()
    out = tmp_path / "manual.html"
    out.write_text("mine", encoding="utf-8")
    result = invoke("manual", "-w", workspace, "-f", "html", "-o", out)
    assert result.exit_code == 2, result.output
    assert out.read_text(encoding="utf-8") == "mine"


def test_manual_sandbox_refusal_is_a_clean_error(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    workspace = make_workspace()
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "policy.md.j2").write_text("ok\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    (templates / "roles.md.j2").write_text("{% include '../../corcli.yaml' %}\n", encoding="utf-8")
    for section in ("policy", "roles"):
        result = invoke("manual", "-w", workspace, "-s", section, "--template-dir", templates)
        assert result.exit_code == 2, result.output
        assert "sandbox refused" in result.stderr
        assert f"{section}.md.j2, line" in result.stderr


def test_manual_unknown_section_is_a_usage_error(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    workspace = make_workspace()
    result = invoke("manual", "-w", workspace, "-s", "polcy")
    assert result.exit_code == 2, result.output
    assert "Did you mean 'policy'" in result.stderr


def test_manual_missing_template_dir_is_a_usage_error(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    workspace = make_workspace()
    result = invoke("manual", "-w", workspace, "--template-dir", tmp_path / "nope")
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.stderr


# ---------------------------------------------------------------- the company's own sections, and the lint


def test_manual_edit_copies_a_section_that_survives_every_render(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    workspace = make_workspace()
    result = invoke("manual", "edit", "policy", "-w", workspace, "--today", TODAY)
    assert result.exit_code == 0, result.output
    own = workspace / "manual" / "policy.md"
    text = own.read_text(encoding="utf-8")
    assert text.startswith("# Health and safety policy")
    own.write_text(text.replace("believes that", "has always believed that"), encoding="utf-8")
    rendered = invoke("manual", "-w", workspace, "--today", TODAY)
    assert rendered.exit_code == 0, rendered.output
    assert "has always believed that" in rendered.stdout
    assert "Your own section policy" in rendered.stderr
    assert "# Roles and responsibilities" in rendered.stdout
    again = invoke("manual", "edit", "policy", "-w", workspace, "--today", TODAY)
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert "has always believed that" in own.read_text(encoding="utf-8")
    html = invoke("manual", "-w", workspace, "-f", "html", "--today", TODAY)
    assert "has always believed that" in html.stdout


def test_manual_lint_lists_placeholders_missing_law_and_upstream_changes(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    workspace = make_workspace()
    assert invoke("manual", "edit", "legislation", "-w", workspace, "--today", TODAY).exit_code == 0
    own = workspace / "manual" / "legislation.md"
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace("### The right to refuse dangerous work", "### Refusals"), encoding="utf-8")
    copied = workspace / "manual" / ".copied.json"
    copied.write_text(copied.read_text().replace('"fingerprint": "', '"fingerprint": "0'), encoding="utf-8")
    result = invoke("manual", "--lint", "-w", workspace, "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert "legislation: law: Alberta's law requires 'The right to refuse dangerous work'" in result.stdout
    assert "legislation: changed: the generated text of this section changed" in result.stdout
    assert "placeholder:" in result.stdout
    assert result.stdout.rstrip().endswith("to fix before the manual goes to the auditor.")


def test_manual_prints_the_schedule_and_an_emergency_plan_per_job(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    workspace = make_workspace()
    profile = workspace / "corcli.yaml"
    text = profile.read_text(encoding="utf-8")
    for key in ("sites", "schedules"):
        text = text.replace(f"\n{key}: []\n", "\n")
    text += (
        "sites:\n- {name: Shop, kind: shop, address: 1 Main St}\n- {name: Client roofs, kind: field}\n"
        "schedules:\n- {kind: inspection, every: quarterly, sites: [Shop]}\n- {kind: drill_record, every: annual}\n"
    )
    profile.write_text(text, encoding="utf-8")
    result = invoke("manual", "-w", workspace, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "| Inspection reports | Every three months | Shop |" in result.stdout
    assert "| Emergency drill records | Every year | Whole company |" in result.stdout
    assert "## Site: Shop" in result.stdout
    assert "## Site: Client roofs" not in result.stdout
    assert "## Job site emergency plan (one for each job)" in result.stdout


def test_validate_checks_the_manuals_content_files(invoke: Invoke, tmp_path: Path) -> None:
    from corcli.storage import resources

    good = invoke("validate", resources.data_dir() / "law" / "ab.yaml", resources.data_dir() / "hazards" / "falls.yaml")
    assert good.exit_code == 0, good.output
    bad = tmp_path / "ladders.yaml"
    bad.write_text(
        "kind: hazard\nid: ladders\nname: Ladders\nwhere: access\npriority: 2\ncontrol: [oops]\n"
        "sources: [{url: 'https://example.org', supports: test, kind: 3p}]\n",
        encoding="utf-8",
    )
    result = invoke("validate", bad)
    assert result.exit_code == 2, result.output
    assert f"{bad}:6" in result.stderr
    assert "control" in result.stderr


def test_manual_uses_the_companys_own_hazard_file(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    workspace = make_workspace()
    folder = workspace / "partners"
    folder.mkdir(exist_ok=True)
    (folder / "ladders.yaml").write_text(
        "kind: hazard\nid: ladders\nname: Ladders and access\nwhere: our roof hatches\npriority: 2\n"
        "industries: [construction]\ntrades: [roofing]\n"
        "controls:\n  - text: Only our own inspected ladders, tied off at the top.\n"
        "sources: [{url: 'https://example.org/our-program', supports: our own practice, kind: 3p}]\n",
        encoding="utf-8",
    )
    result = invoke("manual", "-w", workspace, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Only our own inspected ladders, tied off at the top." in result.stdout
    assert "set at a 4:1 angle" not in result.stdout


_LAW_WORKSPACES = {
    "SK": ("SK", "scsa", "Occupational health committee or representative", "we have an occupational health committee"),
    "NS": ("NS", "csns", "Joint occupational health and safety committee or representative", "we have a health and"),
    "NL": ("NL", "nlcsa", "Occupational health and safety committee, representative or designate", "we have a worker"),
    "NB": ("NB", "nbcsa", "Joint health and safety committee", "we have [TO COMPLETE: a joint health and safety"),
}
"""Jurisdiction -> (province, a partner there, the committee heading its law file gives, what 12 workers have)."""


@pytest.mark.parametrize("code", sorted(_LAW_WORKSPACES))
def test_manual_in_a_jurisdiction_with_a_law_file_passes_the_legal_check(
    invoke: Invoke, make_workspace: Callable[..., Path], code: str
) -> None:
    province, partner, committee, with_12 = _LAW_WORKSPACES[code]
    law = _CATALOG.laws[code]
    assert law.sources
    assert all(s.section for t in law.topics for s in (*t.statements, *t.steps))
    workspace = make_workspace(province=province, partner=partner, employees=12)
    manual = invoke("manual", "-w", workspace, "--today", TODAY)
    assert manual.exit_code == 0, manual.output
    assert law.board.name in manual.stdout
    assert f"### {committee}" in manual.stdout
    assert with_12 in manual.stdout.split("With 12 workers", 1)[1][:80]
    lint = invoke("manual", "--lint", "-w", workspace, "--today", TODAY)
    assert "law:" not in lint.stdout, lint.stdout
    assert "stale:" not in lint.stdout, lint.stdout


def test_manual_html_comes_out_of_a_page_shell_in_the_template_dir(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    """The manual's HTML has the one page shell; a page.html.j2 of yours replaces it (rendered in the sandbox)."""
    workspace = make_workspace()
    built_in = invoke("manual", "-w", workspace, "-s", "policy", "-f", "html", "--today", TODAY)
    assert built_in.exit_code == 0, built_in.output
    assert '<body class="manual">' in built_in.stdout
    assert 'counter(page) " of " counter(pages)' in built_in.stdout
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "page.html.j2").write_text("<html><title>{{ title }}</title>{{ body }}</html>\n", encoding="utf-8")
    mine = invoke("manual", "-w", workspace, "-s", "policy", "-f", "html", "--template-dir", templates)
    assert mine.exit_code == 0, mine.output
    assert mine.stdout.startswith("<html><title>Prairie Roofing Ltd.: Health and Safety Manual</title>")
    assert "counter(pages)" not in mine.stdout
