"""``corcli init`` for a company of every size with every partner in the catalog (issue #12, "Done when").

Each case runs the real command and reads the decision panel: it must succeed, choose the certificate the
deciding partner's rule gives for that size, and its first reason must name who decided (the partner, or the
jurisdiction whose government sets the default) with how sure corcli is, and the source when there is one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import corcli.catalog.loader as loader
from corcli.catalog.loader import Catalog, load_catalog
from corcli.models import Availability, Program
from corcli.rules.eligibility import resolve_program

Invoke = Callable[..., Any]
SIZES = (1, 5, 9, 10, 11, 19, 20, 50, 200, 500)
CERTAINTY_WORDS = ("confirmed", "likely", "uncertain", "unknown")
_CATALOG = load_catalog()


def _cases() -> list[tuple[str, str]]:
    return [(pid, code) for pid, partner in sorted(_CATALOG.partners.items()) for code in partner.jurisdictions]


@pytest.fixture
def quick_init(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip the disk flushes and the catalog re-read: what 'init' decides and says is unchanged, 430 runs stay fast."""
    monkeypatch.setattr(os, "fsync", lambda _fd: None)
    monkeypatch.setattr(loader, "load_catalog", lambda *_a, **_k: _CATALOG)


def _panel(stdout: str) -> tuple[str, list[str]]:
    """Return the decision line and the reasons under 'Why:' of the certificate decision panel."""
    text = " ".join(stdout.replace("│", " ").split())
    head = text.split("Why:")[0]
    why = text.split("Why:")[1].split("To confirm")[0].split("Workspace:")[0]
    return head, [r.strip() for r in why.split("•") if r.strip()]


def _expected(catalog: Catalog, partner_id: str, code: str, size: int) -> tuple[str, str, str]:
    """The program the partner's resolved SECOR rule gives at ``size``, who decides it, and its certainty."""
    jurisdiction = catalog.jurisdiction(code)
    secor = resolve_program(jurisdiction, catalog.partner(partner_id), Program.SECOR)
    rule = secor.eligibility
    limit = rule.value.max_headcount if rule.value is not None else None
    if secor.offered.value != Availability.YES:
        return "COR", secor.offered.decided_by, str(secor.offered.certainty)
    if not isinstance(limit, int):
        return "COR", secor.partner_abbreviation, str(rule.certainty)
    return ("SECOR" if size <= limit else "COR"), rule.decided_by, str(rule.certainty)


@pytest.mark.parametrize(("partner_id", "code"), _cases())
def test_init_every_size_names_the_deciding_rule_and_its_certainty(
    invoke: Invoke, tmp_path: Path, quick_init: None, partner_id: str, code: str
) -> None:
    partner = _CATALOG.partner(partner_id)
    province = _CATALOG.jurisdiction(code).covers[0]
    for size in SIZES:
        root = tmp_path / f"ws-{size}"
        result = invoke(
            "init", root, "--yes", "--name", "Test Co", "--province", province,
            "--industry", partner.industries[0], "--employees", size, "--partner", partner_id,
        )  # fmt: skip
        assert result.exit_code == 0, f"{partner_id} {province} {size}: {result.output}"
        assert (root / "corcli.yaml").is_file()
        program, decided_by, certainty = _expected(_CATALOG, partner_id, code, size)
        head, reasons = _panel(result.stdout)
        chosen = resolve_program(_CATALOG.jurisdiction(code), partner, Program(program)).certificate_name
        assert f"{chosen} with {partner.name}" in head, (size, head)
        first = reasons[0]
        assert f"{decided_by}'s" in first or f"{decided_by} " in first, (size, first)
        assert certainty in first, (size, certainty, first)
        rules = resolve_program(_CATALOG.jurisdiction(code), partner, Program.SECOR).eligibility
        if rules.sources and partner.abbreviation in first and "limit" in first:
            assert f"source: {rules.sources[0]}" in first, (size, first)
        assert any(word in first for word in CERTAINTY_WORDS)
