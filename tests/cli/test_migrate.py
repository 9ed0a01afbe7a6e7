"""``corcli migrate``: answers and evidence ties move onto a newer edition, and nothing is lost."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from corcli.evidence.index import dump_index
from corcli.models import EvidenceIndex, EvidenceItem

Invoke = Callable[..., Any]

ARGS = ("--yes", "--name", "Prairie Roofing Ltd.", "--province", "AB", "--industry", "construction")


def _old_edition_workspace(invoke: Invoke, root: Path) -> None:
    """An ACSA COR workspace answered and tied under the 2019 tool, whose 6.10 (harassment plan) is gone."""
    assert invoke("init", root, *ARGS, "--employees", "30", "--partner", "acsa").exit_code == 0
    (root / "assessment.yaml").write_text(
        "schema_version: 1\nstandard: acsa-cor\nanswers:\n"
        "- {requirement: '6.9', answer: met, note: violence plan signed}\n"
        "- {requirement: '6.10', answer: partial, note: harassment plan draft}\n"
        "- {requirement: '1.1', answer: met}\n",
        encoding="utf-8",
    )
    record = root / "evidence" / "06-hazard-control" / "harassment-plan.pdf"
    record.write_bytes(b"%PDF-1.4 harassment plan")
    item = EvidenceItem(
        path="06-hazard-control/harassment-plan.pdf",
        element="06-hazard-control",
        requirement="6.10",
        sha256=hashlib.sha256(record.read_bytes()).hexdigest(),
        size=record.stat().st_size,
    )
    (root / "evidence" / "index.yaml").write_text(dump_index(EvidenceIndex(items=[item])), encoding="utf-8")


def test_check_points_to_migrate_when_the_standard_was_updated(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _old_edition_workspace(invoke, root)
    result = invoke("check", "-w", root)
    assert result.exit_code == 2
    assert "corcli migrate" in result.stderr


def test_migrate_shows_then_applies_and_keeps_a_copy(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _old_edition_workspace(invoke, root)
    before = (root / "assessment.yaml").read_text(encoding="utf-8")
    shown = invoke("migrate", "-w", root, "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert (root / "assessment.yaml").read_text(encoding="utf-8") == before  # a dry run changes nothing
    plan = yaml.safe_load(shown.stdout)
    assert {"kind": "answer", "subject": "6.10", "old": "6.10", "new": "6.9"} in plan["moves"]
    assert any(m["kind"] == "evidence" and m["new"] == "6.9" for m in plan["moves"])

    applied = invoke("migrate", "-w", root, "--apply")
    assert applied.exit_code == 0, applied.output
    answers = {a["requirement"]: a for a in yaml.safe_load((root / "assessment.yaml").read_text())["answers"]}
    assert set(answers) == {"6.9", "1.1"}
    assert answers["6.9"]["answer"] == "met"
    assert "(from 6.10: harassment plan draft)" in answers["6.9"]["note"]
    index = yaml.safe_load((root / "evidence" / "index.yaml").read_text())
    assert index["items"][0]["requirement"] == "6.9"
    backups = sorted((root / ".corcli" / "migrate-backups").iterdir())
    assert any(b.read_text(encoding="utf-8") == before for b in backups), "the old workbook is kept"
    assert invoke("check", "-w", root).exit_code in (0, 1)
    again = invoke("migrate", "-w", root)
    assert again.exit_code == 0
    assert "Nothing to migrate" in again.stdout


def test_migrate_lists_what_it_cannot_map(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _old_edition_workspace(invoke, root)
    text = (root / "assessment.yaml").read_text(encoding="utf-8")
    (root / "assessment.yaml").write_text(text + "- {requirement: '6.99', answer: met}\n", encoding="utf-8")
    result = invoke("migrate", "-w", root)
    assert result.exit_code == 1
    assert "No known new id for answer 6.99" in result.stdout
