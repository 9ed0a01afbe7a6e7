"""Builders for small, valid catalog entries used across tests, and a JSON Schema check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from corcli.models import AuditStandard, CertifyingPartner, Jurisdiction

SOURCE = {"url": "https://example.org/source", "supports": "test facts", "kind": "gov"}


def jurisdiction(**overrides: Any) -> Jurisdiction:
    """A jurisdiction shaped like Alberta's rules, with overrides."""
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


def schema_errors(instance: Any, schema: dict[str, Any]) -> list[str]:
    """Every way ``instance`` breaks ``schema`` (JSON Schema 2020-12, formats checked), as ``path: message``."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(instance)]
