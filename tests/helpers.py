"""The one factory module of the tests: small, valid jurisdictions, partners, standards, profiles and evidence.

Also a JSON Schema check. Scoring and report tests use ``scoring_standard`` (four elements covering every
scoring rule) with ``scoring_profile`` and ``full_evidence``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from corcli.models import AuditStandard, CertifyingPartner, CompanyProfile, DateSource, EvidenceItem, Jurisdiction

TODAY = date(2026, 11, 26)
SOURCE = {"url": "https://example.org/source", "supports": "test facts", "kind": "gov"}


def jurisdiction(**overrides: Any) -> Jurisdiction:
    """A jurisdiction shaped like Alberta's rules (80/50 pass, 3 months -> 1-year COR, 12 -> 3-year), with overrides."""
    data: dict[str, Any] = {
        "kind": "jurisdiction",
        "code": "AB",
        "name": "Alberta",
        "covers": ["AB"],
        "has_cor_program": True,
        "program_name": "Test program",
        "administrator": "Test administrator",
        "small_employer": {"available": "yes", "max_headcount": 10, "counted": "everyone on the account"},
        "audits": [
            {"program": "COR", "certification": "external", "maintenance": "internal"},
            {"program": "SECOR", "certification": "self_assessment", "maintenance": "self_assessment"},
        ],
        "pass_rules": {
            "certification": {"overall_min": 80, "element_min": 50},
            "maintenance": {"overall_min": 60, "element_min": None},
        },
        "records_history": [
            {"min_months": 3, "certificate_term_months": 12, "label": "1-year COR"},
            {"min_months": 12, "certificate_term_months": 36, "label": "3-year COR"},
        ],
        "sources": [SOURCE],
    }
    data.update(overrides)
    return Jurisdiction.model_validate(data)


def partner(secor: str = "yes", secor_limit: int | None = None, **overrides: Any) -> CertifyingPartner:
    """A partner serving AB with COR and (by default) SECOR."""
    programs: list[dict[str, Any]] = [{"program": "COR", "offered": "yes", "standard": "t-cor"}]
    secor_entry: dict[str, Any] = {"program": "SECOR", "offered": secor}
    if secor != "no":
        secor_entry["standard"] = "t-secor"
    if secor_limit is not None:
        secor_entry["eligibility"] = {"max_headcount": secor_limit, "sources": [SOURCE["url"]]}
    programs.append(secor_entry)
    data: dict[str, Any] = {
        "kind": "partner",
        "id": "tpa",
        "name": "Test Partner Association",
        "abbreviation": "TPA",
        "jurisdictions": ["AB"],
        "website": "https://example.org",
        "industries": ["construction"],
        "listing": "confirmed",
        "programs": programs,
        "sources": [SOURCE],
    }
    data.update(overrides)
    return CertifyingPartner.model_validate(data)


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def standard(elements: list[dict[str, Any]], **overrides: Any) -> AuditStandard:
    """A small audit standard with the given elements (and overrides of its other fields)."""
    data: dict[str, Any] = {
        "kind": "standard",
        "id": "t-cor",
        "title": "Test COR",
        "publisher": "TPA",
        "edition": "2026",
        "program": "COR",
        "jurisdictions": ["AB"],
        "weights": "estimated",
        "structure_confidence": "likely",
        "sources": [SOURCE],
        "elements": elements,
    }
    data.update(overrides)
    return AuditStandard.model_validate(data)


_BOX_DRAWING = re.compile(r"[\u2500-\u257f]")


def words(text: str) -> str:
    """What a reader sees, at any terminal width: white space and panel or table borders as one space.

    Why: Rich wraps prose to the terminal, so a sentence may be split across lines and borders; prose
    assertions compare words, not line breaks. (Table cells are checked through --format json.)
    """
    return " ".join(_BOX_DRAWING.sub(" ", text).split())


def schema_errors(instance: Any, schema: dict[str, Any]) -> list[str]:
    """Every way ``instance`` breaks ``schema`` (JSON Schema 2020-12, formats checked), as ``path: message``."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(instance)]


def requirement(rid: str, points: float = 10, **fields: Any) -> dict[str, Any]:
    """A documentation requirement by default."""
    data: dict[str, Any] = {
        "id": rid,
        "text": f"Requirement {rid} is in place.",
        "verification": "documentation",
        "points": points,
    }
    data.update(fields)
    if data["verification"] == "documentation":
        data.setdefault("evidence_kinds", ["other"])
    return data


def scoring_standard(**overrides: Any) -> AuditStandard:
    """A four-element test SECOR standard covering every scoring rule."""
    data: dict[str, Any] = {
        "kind": "standard",
        "id": "t-secor",
        "title": "Test SECOR standard",
        "publisher": "Test Partner Association",
        "edition": "2026",
        "program": "SECOR",
        "jurisdictions": ["AB"],
        "weights": "estimated",
        "structure_confidence": "likely",
        "sources": [SOURCE],
        "elements": [
            {
                "id": "1",
                "title": "Policy",
                "folder": "policy",
                "requirements": [
                    requirement("1.1", evidence_kinds=["policy"], review_months=12),
                    requirement("1.2", 5, verification="interview"),
                ],
            },
            {
                "id": "2",
                "title": "Hazard assessment",
                "folder": "hazard-assessment",
                "requirements": [
                    requirement("2.1", evidence_kinds=["hazard_assessment"], review_months=12),
                    requirement("2.2", evidence_kinds=["field_hazard_assessment"], recurrence="per_event"),
                ],
            },
            {
                "id": "3",
                "title": "Inspections",
                "folder": "inspections",
                "requirements": [
                    requirement("3.1", 20, evidence_kinds=["inspection"], recurrence="monthly"),
                    requirement("3.2", 5, verification="observation"),
                ],
            },
            {
                "id": "4",
                "title": "Emergencies and incidents",
                "folder": "emergency",
                "requirements": [
                    requirement("4.1", evidence_kinds=["drill_record"], recurrence="annual"),
                    requirement("4.2", evidence_kinds=["investigation"], recurrence="per_event", na_allowed=True),
                    requirement("4.3", 5, evidence_kinds=["meeting_minutes"], recurrence="quarterly", na_allowed=True),
                ],
            },
        ],
    }
    data.update(overrides)
    return AuditStandard.model_validate(data)


def scoring_standard_with(fields: dict[str, dict[str, Any]], **overrides: Any) -> AuditStandard:
    """The test standard with extra fields on some requirements, by id (``{"1.2": {"depends_on": ["1.1"]}}``)."""
    data = scoring_standard().model_dump(mode="json")
    for element in data["elements"]:
        for req in element["requirements"]:
            req.update(fields.get(req["id"], {}))
    return scoring_standard(elements=data["elements"], **overrides)


def scoring_profile(
    records_since: date | None = date(2025, 6, 1), name: str = "Prairie Roofing Ltd.", **extra: Any
) -> CompanyProfile:
    """An Alberta roofer with 8 people."""
    data: dict[str, Any] = {
        "company": {"name": name, "province": "AB", "industry": "construction", "employees": 8},
        "certification": {"partner": "tpa", "program": "SECOR", "records_since": records_since},
    }
    data.update(extra)
    return CompanyProfile.model_validate(data)


def item(
    path: str,
    requirement: str | None = None,
    record_date: date | None = None,
    source: DateSource | None = DateSource.FILENAME,
    element: str | None = None,
) -> EvidenceItem:
    """An evidence item; the element defaults to the path's first folder."""
    return EvidenceItem(
        path=path,
        element=element or path.split("/", 1)[0],
        requirement=requirement,
        record_date=record_date,
        date_source=source if record_date is not None else None,
        sha256=hashlib.sha256(path.encode()).hexdigest(),
        size=len(path),
    )


def full_evidence(today: date = TODAY) -> list[EvidenceItem]:
    """Evidence that meets every documentation requirement of ``standard()`` over a 12-month window."""
    from corcli.rules.scoring import add_months

    items = [
        item("policy/policy.md", "1.1", add_months(today, -2)),
        item("hazard-assessment/ha.md", "2.1", add_months(today, -1)),
        item("hazard-assessment/flha.md", "2.2", add_months(today, -1)),
        item("emergency/drill.md", "4.1", add_months(today, -4)),
        item("emergency/investigation.md", "4.2", add_months(today, -3)),
    ]
    for back in range(13):
        day = add_months(today, -back).replace(day=1)
        items.append(item(f"inspections/{day.isoformat()}_inspection.md", "3.1", day))
        if back % 3 == 0:
            items.append(item(f"emergency/{day.isoformat()}_minutes.md", "4.3", day))
    return items
