"""The record vocabulary: sourced built-in words, a workspace's own words, and ``corcli validate``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from corcli.evidence.vocabulary import builtin_vocabulary_files, load_vocabulary
from corcli.models import EvidenceKind
from corcli.rules.assignment import read_name

Invoke = Callable[..., Any]


def test_the_built_in_vocabulary_names_its_sources_and_validates(invoke: Invoke) -> None:
    files = builtin_vocabulary_files()
    assert files
    for path in files:
        result = invoke("validate", path)
        assert result.exit_code == 0, result.output
    vocabulary = load_vocabulary()
    assert all(vocabulary.kinds[k] for k in EvidenceKind if k != EvidenceKind.OTHER)


def test_a_workspace_adds_its_own_words(make_workspace: Callable[..., Path], invoke: Invoke) -> None:
    root = make_workspace()
    assert not read_name("09-inspections/Gemba walk 2026-10-01.pdf", load_vocabulary(root)).kinds
    (root / "vocabulary.yaml").write_text("kinds:\n  - kind: inspection\n    words: [gemba walk]\n")
    reading = read_name("09-inspections/Gemba walk 2026-10-01.pdf", load_vocabulary(root))
    assert set(reading.kinds) == {EvidenceKind.INSPECTION}
    assert invoke("validate", "-w", root).exit_code == 0


def test_a_bad_workspace_vocabulary_is_an_input_error_with_its_line(
    make_workspace: Callable[..., Path], invoke: Invoke
) -> None:
    root = make_workspace()
    (root / "vocabulary.yaml").write_text("kinds:\n  - kind: inspektion\n    words: [walk]\n")
    result = invoke("validate", root / "vocabulary.yaml")
    assert result.exit_code == 2
    assert "vocabulary.yaml:2" in result.output
    check = invoke("check", "-w", root)
    assert check.exit_code == 2
    assert "vocabulary.yaml" in check.stderr
