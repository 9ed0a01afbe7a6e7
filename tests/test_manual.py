"""manual.py: golden COR and SECOR manuals, escaping, DOCX read back, placeholders, variants, sections."""

from __future__ import annotations

import dataclasses
import functools
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from corcli.catalog.loader import Catalog, load_catalog
from corcli.errors import UnknownIdError
from corcli.models import AuditStandard, CertifyingPartner, CompanyProfile, Jurisdiction, Program
from corcli.render.manual import (
    FORMS,
    RenderedManual,
    element_topic,
    manual_sections,
    render_manual,
    select_sections,
)
from corcli.render.manual_library import ManualLibrary, hazards_for, ppe_for

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 11, 26)
SOURCE = [{"url": "https://example.org/source", "supports": "test fixture", "kind": "3p"}]


def _jurisdiction() -> Jurisdiction:
    return Jurisdiction.model_validate(
        {
            "kind": "jurisdiction",
            "code": "AB",
            "name": "Alberta",
            "covers": ["AB"],
            "has_cor_program": True,
            "program_name": "Partnerships in Injury Reduction",
            "small_employer": {"available": "yes", "max_headcount": 10},
            "legislation": [
                {
                    "title": "Occupational Health and Safety Act",
                    "citation": "SA 2020, c O-2.2",
                    "url": "https://ex.org/act",
                },
                {"title": "Occupational Health and Safety Code", "citation": "", "url": ""},
            ],
            "committee": {
                "committee_from": 20,
                "representative_from": 5,
                "counted": "workers, for work lasting 90 days or more",
                "sources": [SOURCE[0]["url"]],
            },
            "sources": SOURCE,
        }
    )


def _partner() -> CertifyingPartner:
    return CertifyingPartner.model_validate(
        {
            "kind": "partner",
            "id": "tsa",
            "name": "Test Safety Association",
            "abbreviation": "TSA",
            "jurisdictions": ["AB"],
            "website": "https://ex.org",
            "industries": ["construction"],
            "listing": "confirmed",
            "programs": [
                {"program": "COR", "offered": "yes", "standard": "tsa-cor"},
                {"program": "SECOR", "offered": "yes", "standard": "tsa-secor"},
            ],
            "sources": SOURCE,
        }
    )


def _requirement(rid: str, text: str, verification: str, kinds: list[str], **extra: Any) -> dict[str, Any]:
    return {"id": rid, "text": text, "verification": verification, "evidence_kinds": kinds, "points": 5, **extra}


def _standard(program: str) -> AuditStandard:
    elements = [
        {
            "id": "1",
            "title": "Management Commitment",
            "folder": "01-commitment",
            "summary": "Leadership and the policy.",
            "requirements": [
                _requirement("1.1", "A signed, dated policy.", "documentation", ["policy"], review_months=12),
                _requirement("1.2", "Workers can explain the policy.", "interview", []),
            ],
        },
        {
            "id": "2",
            "title": "Hazard Assessment",
            "folder": "02-hazards",
            "requirements": [
                _requirement("2.1", "Formal hazard assessments.", "documentation", ["hazard_assessment"]),
                _requirement(
                    "2.2",
                    "Field-level assessments.",
                    "documentation",
                    ["field_hazard_assessment"],
                    recurrence="per_event",
                    guidance="Do one at every site, every day.",
                ),
            ],
        },
        {
            "id": "3",
            "title": "Emergency Response",
            "folder": "03-emergency",
            "requirements": [_requirement("3.1", "Emergency plan posted.", "observation", [])],
        },
        {
            "id": "4",
            "title": "Contractors and Visitors",
            "folder": "04-contractors",
            "requirements": [_requirement("4.1", "Contractors pre-qualified.", "documentation", ["contractor_record"])],
        },
    ]
    return AuditStandard.model_validate(
        {
            "kind": "standard",
            "id": f"tsa-{program.lower()}",
            "title": f"TSA {program} audit",
            "publisher": "Test Safety Association",
            "edition": "2024",
            "program": program,
            "jurisdictions": ["AB"],
            "weights": "estimated",
            "structure_confidence": "confirmed",
            "elements": elements,
            "sources": SOURCE,
        }
    )


def _profile(**overrides: Any) -> CompanyProfile:
    data: dict[str, Any] = {
        "company": {
            "name": "Prairie Roofing Ltd.",
            "province": "AB",
            "industry": "construction",
            "trade": "roofing",
            "employees": 8,
            "address": "4410 Industrial Dr, Red Deer",
        },
        "certification": {"partner": "tsa"},
        "senior_manager": {"name": "Dana Kowalski", "title": "Owner"},
        "safety_coordinator": {"name": "Sam Okafor", "phone": "403-555-0100"},
        "roles": [
            {"name": "Owner", "count": 1, "level": "management"},
            {"name": "Roofer", "count": 5},
            {"name": "Office administrator", "count": 1},
        ],
        "sites": [{"name": "Shop", "address": "4410 Industrial Dr, Red Deer", "kind": "shop"}],
        "not_applicable": [{"requirement": "4.1", "reason": "We hire no contractors."}],
    }
    for key, value in overrides.items():
        if key == "company":
            data["company"] = {**data["company"], **value}
        else:
            data[key] = value
    return CompanyProfile.model_validate(data)


def _render(
    program: str = "SECOR", fmt: str = "markdown", profile: CompanyProfile | None = None, **kwargs: Any
) -> RenderedManual:
    return render_manual(
        profile or _profile(),
        _jurisdiction(),
        _partner(),
        _standard(program),
        Program(program),
        today=TODAY,
        fmt=fmt,
        **kwargs,
    )


def _check_golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; create it with --update-golden"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; re-run with --update-golden if intended"


@pytest.mark.parametrize(
    ("program", "employees", "name"),
    [("COR", 45, "manual-cor.md"), ("SECOR", 8, "manual-secor.md")],
)
def test_manual_matches_golden_markdown(update_golden: bool, program: str, employees: int, name: str) -> None:
    profile = _profile(company={"employees": employees})
    _check_golden(name, _render(program, profile=profile).text, update_golden)


def test_manual_matches_golden_html(update_golden: bool) -> None:
    _check_golden("manual-secor.html", _render("SECOR", "html").text, update_golden)


def test_manual_follows_the_standard_and_names_partner_and_law() -> None:
    text = _render("COR").text
    for heading in (
        "# Element 1: Management Commitment",
        "# Element 2: Hazard Assessment",
        "# Element 3: Emergency Response",
        "# Element 4: Contractors and Visitors",
    ):
        assert heading in text
    assert "Test Safety Association (TSA)" in text
    assert "**Occupational Health and Safety Act** (SA 2020, c O-2.2)" in text
    assert "Occupational Health and Safety Code" in text
    positions = [text.index(f"# Element {i}:") for i in range(1, 5)]
    assert positions == sorted(positions)
    assert "**Not applicable to us:** We hire no contractors." in text


def test_manual_front_matter_and_policy_have_what_the_audit_asks() -> None:
    text = _render("SECOR").text
    for needle in (
        "## Approval",
        "## Revision history",
        "## Contents",
        "Revision | 0,",
        "## Legal compliance",
        "## Worker participation",
        "reviews this policy every year",
        "right to refuse",
        "Signature of senior management",
    ):
        assert needle in text, needle
    for _, title in FORMS:
        assert title in text


def test_manual_escapes_a_hostile_company_name_in_markdown_and_html() -> None:
    profile = _profile(company={"name": "Evil <script>alert(1)</script> & Co | *x*"})
    markdown = _render(profile=profile).text
    assert "<script>" not in markdown
    assert "Evil \\<script\\>alert(1)\\</script\\> \\& Co \\| \\*x\\*" in markdown
    html = _render(fmt="html", profile=profile).text
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    title = re.search(r"<title>(.*)</title>", html)
    assert title is not None
    assert "&lt;script&gt;" in title.group(1)


def test_manual_docx_reads_back_with_headings_tables_and_toc() -> None:
    from docx import Document

    rendered = _render("COR", "docx")
    assert rendered.data is not None
    assert rendered.data[:2] == b"PK"
    doc = Document(io.BytesIO(rendered.data))
    by_style: dict[str, list[str]] = {}
    for paragraph in doc.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == ["Prairie Roofing Ltd.: Health and Safety Manual"]
    heading1 = by_style["Heading 1"]
    assert "Health and safety policy" in heading1
    assert "Element 1: Management Commitment" in heading1
    assert "Element 4: Contractors and Visitors" in heading1
    assert "Form G: Orientation checklist" in heading1
    assert "Approval" in by_style["Heading 2"]
    assert "Requirement 2.2" in by_style["Heading 3"]
    assert len(doc.tables) >= len(FORMS) + 4
    header_rows = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Role", "Name", "Signature", "Date"] in header_rows
    assert ["Topic", "Worker initials"] in header_rows
    assert 'TOC \\o "1-2"' in doc.element.body.xml
    assert doc.core_properties.title == "Prairie Roofing Ltd.: Health and Safety Manual"
    page = doc.sections[0]
    assert page.header.paragraphs[0].text == "Prairie Roofing Ltd.: Health and Safety Manual\tRevision 0, 2026-11-26"
    footer = page.footer._element.xml
    assert " PAGE " in footer
    assert " NUMPAGES " in footer
    assert page.footer.paragraphs[0].text.startswith("Page ")
    assert doc.styles["Heading 2"].paragraph_format.keep_with_next
    signature = next(
        t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["Role", "Name", "Signature", "Date"]
    )
    assert all(row.height is not None and row.height.pt >= 24 for row in signature.rows[1:])


def test_manual_counts_placeholders_and_says_where() -> None:
    rendered = _render("SECOR")
    lines = rendered.text.splitlines()
    found = re.findall(r"\[TO COMPLETE: [^\]]+\]", rendered.text)
    assert len(rendered.placeholders) == len(found) > 0
    for placeholder in rendered.placeholders:
        assert f"[TO COMPLETE: {placeholder.label}]" in lines[placeholder.line - 1].replace("\\", "")
    assert {p.section for p in rendered.placeholders} >= {"front", "form-emergency-plan"}
    wcb = next(p for p in rendered.placeholders if p.label == "WCB-Alberta account number")
    assert wcb.section == "front"
    assert rendered.placeholder_summary()[0].startswith(f"{len(found)} placeholders")


def test_manual_profile_values_remove_placeholders() -> None:
    bare = _profile(senior_manager=None, safety_coordinator=None, roles=[], sites=[])
    full = _profile(company={"wcb_account": "1234567"})
    bare_labels = {p.label for p in _render(profile=bare).placeholders}
    full_labels = {p.label for p in _render(profile=full).placeholders}
    assert "senior manager's name" in bare_labels
    assert "site name" in bare_labels
    assert "WCB-Alberta account number" not in full_labels
    assert "senior manager's name" not in full_labels
    assert len(full_labels) < len(bare_labels)


def test_manual_secor_is_shorter_and_combines_roles() -> None:
    profile = _profile(company={"employees": 8})
    cor = _render("COR", profile=profile).text
    secor = _render("SECOR", profile=profile).text
    assert len(secor) < len(cor)
    assert "one person often holds several of these roles" in secor
    assert "one person often holds several of these roles" not in cor
    assert "SECOR health and safety management system" in secor


def test_manual_committee_follows_headcount() -> None:
    assert "## Joint health and safety committee" in _render("COR", profile=_profile(company={"employees": 45})).text
    assert "## Health and safety representative" in _render("SECOR", profile=_profile(company={"employees": 8})).text


def test_manual_is_industry_aware() -> None:
    roofer = _render().text
    assert "Falls from heights" in roofer
    assert "fall protection plan" in roofer.lower()
    office = _profile(
        company={"industry": "general", "trade": "bookkeeping"},
        sites=[{"name": "Main office", "kind": "office"}],
    )
    desk = _render(profile=office).text
    assert "Falls from heights" not in desk
    assert "harness" not in desk.lower()
    assert "Computer work and posture" in desk
    care = _render(profile=_profile(company={"industry": "continuing-care", "trade": ""}, sites=[])).text
    assert "Lifting and moving residents or patients" in care
    library = _library()
    assert "Hard hat" in ppe_for(_profile(), library)["wear"]
    assert "Hard hat" not in ppe_for(_profile(company={"industry": "continuing-care"}), library)["wear"]


def test_manual_office_roles_get_office_hazards() -> None:
    text = _render().text
    form = text[text.index("## Position: Office administrator") :]
    form = form[: form.index("## Position", 5) if "## Position" in form[5:] else form.index("## Reviewed")]
    assert "Falls from heights" not in form
    assert "Site visits" in form


def test_manual_hazard_library_covers_every_industry() -> None:
    from corcli.models import INDUSTRIES

    library = _library()
    for industry in INDUSTRIES:
        profile = _profile(company={"industry": industry, "trade": ""}, sites=[])
        assert len(hazards_for(profile, library)) >= 3, industry
        assert ppe_for(profile, library)["wear"], industry
    assert [h.id for h in hazards_for(_profile(), library)][:3] == ["falls", "ladders", "hot-work-roofing"]


def test_manual_prints_every_control_of_the_roofers_hazards() -> None:
    text = _render().text
    practices = text.split("# Element 2")[0]
    for hazard in hazards_for(_profile(), _library()):
        for control in hazard.controls:
            if control.fits({"roofing"}, "construction"):
                assert " ".join(control.text.split()) in text, control.text
    assert "could fall 3 m or more" in text
    assert "fall protection plan" in practices.lower() or "fall protection plan" in text.lower()


@pytest.mark.parametrize(
    ("company", "absent"),
    [
        (
            {"industry": "manufacturing", "trade": "metal fabrication and welding"},
            ["torch-applied", "membrane", "roof"],
        ),
        ({"industry": "hospitality", "trade": "hotel"}, ["bundles", "rolls", "membrane", "harness"]),
        ({"industry": "construction", "trade": "electrical"}, ["torch-applied", "membrane", "bitumen"]),
    ],
)
def test_manual_keeps_each_trades_text_to_that_trade(company: dict[str, str], absent: list[str]) -> None:
    profile = _profile(
        company={**company, "name": "Northgate Ltd."},
        sites=[{"name": "Plant", "kind": "plant"}],
        roles=[{"name": "Supervisor", "count": 2, "level": "supervisor"}, {"name": "Worker", "count": 20}],
    )
    text = _render("COR", profile=profile).text.lower()
    for word in absent:
        assert word not in text, f"{company}: {word!r} leaked into the manual"


def test_manual_prints_the_trades_safe_job_procedures() -> None:
    roofer = _render("COR").text
    assert "### Rescuing a worker suspended in a harness" in roofer
    assert "1. Call for help" in roofer
    welder = _render("COR", profile=_profile(company={"industry": "manufacturing", "trade": "welding"})).text
    assert "### Welding or cutting outside the welding bay" in welder
    assert "Rescuing a worker suspended" not in welder


def _library() -> ManualLibrary:
    return ManualLibrary.from_catalog(_catalog())


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("Management Commitment", "leadership"),
        ("Public, Visitors & Contracted Employers", "contractors"),
        ("Health & Safety Committees / Representatives", "committee"),
        ("Hazard Assessment", "hazard-assessment"),
        ("Hazard Control", "hazard-control"),
        ("Inspection & Maintenance", "inspections"),
        ("Emergency Response", "emergency"),
        ("Investigation", "investigation"),
        ("Program Administration", "administration"),
        ("Safe Job Procedures", "procedures"),
        ("Safe Work Practices", "practices"),
        ("Company Rules", "rules"),
        ("Personal Protective Equipment", "ppe"),
        ("Preventive Maintenance", "maintenance"),
        ("Training and Communication", "training"),
        ("Records and Statistics", "administration"),
        ("Return to Work", "general"),
        ("Contracting Services", "contractors"),
        ("Other Work-Site Parties", "contractors"),
        ("Topic B: Hazard identification and assessment (plus inspections and hazard reporting)", "hazard-assessment"),
        ("Owner Commitment and Program Administration", "leadership"),
        ("Management Review", "administration"),
        ("Worker Participation", "committee"),
        ("Incident Investigation", "investigation"),
        ("Investigations and Reporting", "investigation"),
        ("Hazard Identification and Control", "hazard-assessment"),
        ("Workplace Violence", "hazard-control"),
        ("First Aid", "emergency"),
    ],
)
def test_manual_element_topic(title: str, topic: str) -> None:
    from corcli.models import AuditElement

    element = AuditElement.model_validate(
        {"id": "1", "title": title, "folder": "x", "requirements": [_requirement("1.1", "t", "interview", [])]}
    )
    assert element_topic(element) == topic


def test_manual_select_sections() -> None:
    sections = manual_sections(_standard("COR"))
    assert [s.id for s in select_sections(sections, ["2", "policy"])] == ["policy", "element-2"]
    assert len(select_sections(sections, ["forms"])) == len(FORMS)
    assert [s.id for s in select_sections(sections, ["orientation"])] == ["form-orientation"]
    assert [s.id for s in select_sections(sections, ["03-emergency"])] == ["element-3"]
    assert len(select_sections(sections, ["elements"])) == 4
    with pytest.raises(UnknownIdError, match="polcy") as info:
        select_sections(sections, ["polcy"])
    assert "policy" in info.value.hint


def test_manual_renders_only_chosen_sections() -> None:
    rendered = _render(wanted=["policy", "3"])
    assert [s.id for s in rendered.sections] == ["policy", "element-3"]
    assert rendered.text.startswith("<!-- section:policy -->")
    assert "# Element 1" not in rendered.text


def test_manual_user_template_overrides_a_section(tmp_path: Path) -> None:
    (tmp_path / "policy.md.j2").write_text("# Our policy\n\n{{ company.name }} says: [TO COMPLETE: motto]\n")
    rendered = _render(wanted=["policy", "roles"], template_dir=tmp_path)
    assert "# Our policy\n\nPrairie Roofing Ltd. says: [TO COMPLETE: motto]" in rendered.text
    assert "# Roles and responsibilities" in rendered.text
    assert rendered.placeholders[0].label == "motto"


# ---------------------------------------------------------------- committee or representative, per jurisdiction


def _committee_standard() -> AuditStandard:
    """The COR fixture standard plus a committee element, so the committee section is rendered too."""
    data = _standard("COR").model_dump(mode="json")
    data["elements"].append(
        {
            "id": "5",
            "title": "Health & Safety Committees / Representatives",
            "folder": "05-committee",
            "requirements": [_requirement("5.1", "Workers take part.", "interview", [])],
        }
    )
    return AuditStandard.model_validate(data)


@functools.cache
def _catalog() -> Catalog:
    return load_catalog()


def _render_in(code: str, employees: int) -> str:
    jurisdiction = _catalog().jurisdictions[code]
    profile = _profile(company={"employees": employees, "province": jurisdiction.covers[0]})
    return render_manual(profile, jurisdiction, _partner(), _committee_standard(), Program.COR, today=TODAY).text


@pytest.mark.parametrize(
    ("code", "employees", "expected", "kind"),
    [
        ("SK", 12, "With 12 workers, we have an occupational health committee", "committee"),
        ("AB", 12, "With 12 workers, we have a health and safety representative", "representative"),
        ("AB", 20, "With 20 workers, we have a joint health and safety committee", "committee"),
        ("AB", 3, "With 3 workers, neither is required", "meetings"),
        ("SK", 7, "we need a representative only at workplaces the Regulations prescribe", "representative"),
        ("BC", 9, "With 9 workers, neither is required", "meetings"),
        ("BC", 10, "With 10 workers, we have a worker health and safety representative", "representative"),
        ("MB", 19, "With 19 workers, we have a worker safety and health representative", "representative"),
        ("NS", 4, "With 4 workers, neither is required", "meetings"),
        (
            "NL",
            4,
            "we have a worker health and safety representative. ",
            "representative",
        ),
        ("NT-NU", 19, "With 19 workers, we have an occupational health and safety representative", "representative"),
        ("PE", 25, "it meets at least once a month and posts its minutes", "committee"),
        ("PE", 8, "With 8 workers, we have a health and safety representative", "representative"),
        ("NB", 25, "With 25 workers, we have a joint health and safety committee", "committee"),
        (
            "NB",
            8,
            "With 8 workers we have [TO COMPLETE: a joint health and safety committee, a health and safety",
            "unknown",
        ),
        ("ON", 40, "With 40 workers, we have a joint health and safety committee", "committee"),
        ("ON", 8, "With 8 workers, we have a", "representative"),
        ("YT", 6, "[TO COMPLETE: from how many workers the Workers' Safety and Compensation Act asks for", "unknown"),
        ("YT", 25, "With 25 workers, we have a joint health and safety committee", "committee"),
    ],
)
def test_manual_committee_follows_the_jurisdictions_rule(code: str, employees: int, expected: str, kind: str) -> None:
    text = _render_in(code, employees)
    assert expected in text
    law = _catalog().laws.get(code)
    committee_name = law.committee_name if law else "joint health and safety committee"
    representative_name = law.representative_name if law else "health and safety representative"
    headings = {
        "committee": f"## {committee_name.capitalize()}",
        "representative": f"## {representative_name.capitalize()}",
    }
    for heading_kind, heading in headings.items():
        assert (heading in text.splitlines()) == (heading_kind == kind), f"{code} {employees}: {heading}"
    article = "an" if representative_name[0] in "aeiou" else "a"
    options = f"{article} {representative_name} or neither: check"
    if code == "ON":
        options = f"a {committee_name}, " + options
    assert (f"[TO COMPLETE: {options}" in text) == (kind == "unknown")
    assert "was not confirmed" not in text
    assert ("safety meeting with every worker at least once a month" in text) == (kind == "meetings")
    if kind == "unknown":
        assert "Alberta" not in text.split("<!-- section:legislation -->")[-1].split("<!-- section:")[0]


@pytest.mark.parametrize("code", sorted(_catalog().jurisdictions))
@pytest.mark.parametrize("employees", [1, 4, 5, 9, 10, 19, 20, 45])
def test_manual_law_text_renders_for_every_jurisdiction_and_size(code: str, employees: int) -> None:
    text = _render_in(code, employees)
    for wrong in ("None", "{{", "{%", " .", "unknown"):
        assert wrong not in text, f"{code} with {employees}: {wrong!r} in the manual"
    assert f"{employees} workers" in text


def test_manual_law_statements_older_than_the_law_they_cite_are_found() -> None:
    from corcli.render.manual_law import stale_statements

    law = _catalog().laws["AB"]
    assert stale_statements(law) == []
    data = law.model_dump(mode="json")
    for instrument in data["instruments"]:
        if instrument["id"] == "code":
            instrument["in_force"] = "2027-01-01"
    changed = type(law).model_validate(data)
    stale = stale_statements(changed)
    assert stale
    assert all(cite.startswith("OHS Code") for cite, *_ in stale)
    assert any("s.140(2)(f)" in cite for cite, *_ in stale)


@pytest.mark.parametrize("code", ["AB", "ON", "BC", "MB", "SK", "NS", "NB", "NL", "PE", "YT", "NT-NU"])
def test_manual_law_files_cover_what_the_review_found_missing(code: str) -> None:
    text = _render_in(code, 25)
    law = _catalog().laws[code]
    for topic in law.topics:
        assert f"### {topic.title}" in text, topic.title
    expected = {
        "AB": ["1-866-415-8690", "s.17(4)", "Violence and harassment prevention plan", "WCB-Alberta"],
        "ON": ["1-877-202-0008", "WSIB", "s.32.0.1", "Prevention Starts Here", "s.9(33)"],
        "BC": ["at least once each month", "within 48 hours", "within 30 days", "WorkSafeBC", "s.3.16"],
        "MB": ["Manitoba Human Rights Commission", "s.10.2(1)(a)", "204-957-7233"],
        "NS": ["Workers' Compensation Board of Nova Scotia", "(OHS Act, s.63(1)(a))", "1-800-952-2687", "s.43"],
        "NB": ["(OHS Act, s.19)", "20 or more employees regularly employed", "1-800-999-9775", "s.374.1"],
        "NL": ["(OHS Act, s.46)", "1-800-563-5471", "designate", "s.38.1"],
        "SK": ["Saskatchewan Workers' Compensation Board", "10 or more workers", "(SEA, s.3-31(b))", "1-800-787-9288"],
        "PE": ["(OHS Act, s.25)", "at least once a month", "902-628-7513", "(OHS Act, s.28)", "(WH Regs, s.1, s.2)"],
        "YT": ["(WSCA, s.57)", "1-800-661-0443", "(WHS Regs, s.19.02)", "[TO COMPLETE: the steps of a work refusal"],
        "NT-NU": ["(Safety Act, s.13)", "1-800-661-0792", "(OHS Regulations, Part 4, s.37)", "Harassment and violence"],
    }[code]
    for needle in expected:
        assert needle in text, f"{code}: {needle}"
    assert "WCB account" not in text
    assert "corcli" not in text.lower()


def test_manual_law_topic_without_a_confirmed_rule_prints_a_placeholder_section() -> None:
    from corcli.render.manual_law import CORE_TOPICS, law_context

    law = _catalog().laws["ON"]
    context = law_context(law)
    assert context is not None
    assert "first-aid" not in {t.id for t in law.topics}
    first_aid = context["topic"]["first-aid"]
    assert first_aid["to_complete"] == " ".join(CORE_TOPICS["first-aid"][1].split())
    text = _render_in("ON", 25)
    legislation = text.split("<!-- section:legislation -->")[1].split("<!-- section:")[0]
    after = legislation.split("### First aid", 1)[1]
    assert after.lstrip().startswith("[TO COMPLETE: the first aid attendants, kits and room")


def test_manual_statement_citing_only_a_part_asks_for_the_section() -> None:
    text = _render_in("SK", 25)
    assert "(SEA, Part III, [TO COMPLETE: the section of SEA that says this])" in text
    assert "(SEA, s.3-31(b))" in text


def test_law_topic_with_nothing_to_say_is_a_data_problem() -> None:
    from corcli.catalog.loader import check_content

    catalog = _catalog()
    law = catalog.laws["PE"]
    data = law.model_dump(mode="json")
    data["topics"][0]["statements"] = []
    broken = type(law).model_validate(data)
    changed = dataclasses.replace(catalog, laws={**catalog.laws, "PE": broken})
    problems = [p.message for p in check_content(changed)]
    assert any("'program' has no statements" in m for m in problems), problems


def test_manual_first_aid_worked_out_for_each_alberta_site() -> None:
    sites = [
        {"name": "Shop", "kind": "shop", "workers_per_shift": 3, "minutes_to_medical": 10},
        {"name": "Client roofs", "kind": "field", "workers_per_shift": 5, "minutes_to_medical": 25},
        {"name": "Office", "kind": "office"},
    ]
    jurisdiction = _catalog().jurisdictions["AB"]
    profile = _profile(sites=sites)
    text = render_manual(profile, jurisdiction, _partner(), _committee_standard(), Program.COR, today=TODAY).text
    first_aid = text.split("### First aid", 1)[1].split("### ", 1)[0]
    assert (
        "**Shop** (high hazard work; close: less than 20 minutes to a health care facility; 3 workers per shift): "
        "1 emergency first aider and 1 standard first aider on every shift" in first_aid
    )
    assert "**Client roofs** (high hazard work; distant" in first_aid
    assert "2 standard first aiders on every shift" in first_aid
    assert "(OHS Code, Schedule 2, Table 7)" in first_aid
    assert "**Office**: [TO COMPLETE: the most workers on one shift and the travel time" in first_aid
    plan = text.split("<!-- section:form-emergency-plan -->", 1)[1].split("<!-- section:", 1)[0]
    assert "| First aid the law asks for here | 1 emergency first aider and 1 standard first aider" in plan


def test_manual_first_aid_without_a_table_is_a_placeholder_not_numbers() -> None:
    text = _render_in("ON", 25)
    first_aid = text.split("### First aid", 1)[1].split("### ", 1)[0]
    assert "[TO COMPLETE:" in first_aid
    assert "first aider on every shift" not in first_aid


def test_manual_ontario_working_at_heights_only_for_work_at_height() -> None:
    jurisdiction = _catalog().jurisdictions["ON"]
    roofer = _profile(company={"province": "ON", "employees": 25})
    text = render_manual(roofer, jurisdiction, _partner(), _committee_standard(), Program.COR, today=TODAY).text
    assert "### Working at heights training" in text
    assert "(O. Reg. 213/91, s.26.2)" in text
    hotel = _profile(company={"province": "ON", "employees": 25, "industry": "hospitality", "trade": "hotel"})
    text = render_manual(hotel, jurisdiction, _partner(), _committee_standard(), Program.COR, today=TODAY).text
    assert "Working at heights" not in text


def test_manual_element_summaries_say_nothing_about_corcli() -> None:
    found = [
        f"{standard.id} {element.id}"
        for standard in _catalog().standards.values()
        for element in standard.elements
        if "corcli" in element.summary.lower()
    ]
    assert found == []


def test_docx_each_numbered_list_starts_again_at_one() -> None:
    import docx

    from corcli.render.docx import markdown_to_docx

    data = markdown_to_docx("1. first\n2. second\n\nBetween.\n\n1. again\n", title="T", author="A")
    document = docx.Document(io.BytesIO(data))
    listed = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    ids = [p._p.pPr.numPr.numId.val for p in listed]
    assert [p.text for p in listed] == ["first", "second", "again"]
    assert ids[0] == ids[1] != ids[2]
    numbering = document.part.numbering_part.element
    for num_id in (ids[0], ids[2]):
        (num,) = numbering.xpath(f"./w:num[@w:numId='{num_id}']")
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
