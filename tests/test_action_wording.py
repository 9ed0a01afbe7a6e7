"""Action texts read as English for every shipped standard: 'an' before a vowel sound, no doubled word."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.catalog.loader import load_catalog
from corcli.rules.scoring import add_months, score
from corcli.rules.wording import plural, with_article
from tests.helpers import TODAY, item, jurisdiction
from tests.helpers import scoring_profile as profile

A_BEFORE_VOWEL = re.compile(r"\ba (?!(?:one|once|uni|use|usu|eu)\w*)[aeiou]\w*", re.IGNORECASE)
DOUBLED_WORD = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)
CATALOG = load_catalog()


def _wording_problems(text: str) -> list[str]:
    return [m.group(0) for m in A_BEFORE_VOWEL.finditer(text)] + [m.group(0) for m in DOUBLED_WORD.finditer(text)]


@pytest.mark.parametrize("standard_id", sorted(CATALOG.standards))
def test_no_action_text_has_a_before_a_vowel_or_a_doubled_word(standard_id: str) -> None:
    standard = CATALOG.standards[standard_id]
    requirements = [(e, r) for e in standard.elements for r in e.requirements]
    evidence_states = [
        [],  # nothing filed: "Add the ..."
        [item(f"{e.folder}/r{r.id}.md", r.id, add_months(TODAY, -30)) for e, r in requirements],  # old records
        [item(f"{e.folder}/r{r.id}.md", r.id, add_months(TODAY, -2)) for e, r in requirements],  # one recent each
        [item(f"{e.folder}/r{r.id}.md", r.id, None, None) for e, r in requirements],  # undated
    ]
    actions: list[str] = []
    for items in evidence_states:
        report = score(standard, profile(records_since=add_months(TODAY, -12)), jurisdiction(), items, TODAY)
        actions += [req.next_action for element in report.elements for req in element.requirements]
    actions = [a for a in actions if a]
    assert actions
    problems = {a: found for a in actions if (found := _wording_problems(a))}
    assert not problems, problems


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("orientation record", "an orientation record"),
        ("inspection", "an inspection"),
        ("training record", "a training record"),
        ("hour of training", "an hour of training"),
        ("user guide", "a user guide"),
    ],
)
def test_with_article_follows_the_sound(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected


def test_plural_of_kind_names() -> None:
    assert [plural(n) for n in ("inspection", "review record", "meeting minutes", "statistics")] == [
        "inspections",
        "review records",
        "meeting minutes",
        "statistics",
    ]


def test_check_action_text_reads_as_english(invoke: Callable[..., Any], make_workspace: Callable[..., Path]) -> None:
    """The trial's ACSA COR 1.5 text: one plural noun, no 'record records'."""
    root = make_workspace(employees=14)
    profile_file = root / "corcli.yaml"
    profile_file.write_text(profile_file.read_text().replace("records_since: null", "records_since: 2026-01-01"))
    (root / "evidence" / "01-management-commitment" / "2026-06-10 safety meeting minutes management.pdf").write_text(
        "minutes"
    )
    result = invoke("check", "-w", root, "--today", "2026-11-26", "--format", "json")
    data = json.loads(result.stdout)
    actions = [r["next_action"] for e in data["elements"] for r in e["requirements"] if r["next_action"]]
    item_15 = next(r for e in data["elements"] for r in e["requirements"] if r["id"] == "1.5")
    assert "Add the quarterly meeting minutes, inspections or review records for" in item_15["next_action"]
    assert not {a: f for a in actions if (f := _wording_problems(a))}
