"""The record vocabulary: sourced built-in words, a workspace's own words, and ``corcli validate``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.evidence import vocabulary as vocabulary_module
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


def test_the_built_in_vocabulary_is_read_from_the_parsed_cache_until_its_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORCLI_CACHE_DIR", str(tmp_path / "cache"))
    words = tmp_path / "data" / "vocabulary" / "words.yaml"
    words.parent.mkdir(parents=True)
    text = (
        "kind: vocabulary\nid: words\nlanguage: en\nkinds:\n  - kind: inspection\n    words: [{word}]\n"
        "sources:\n  - url: https://example.org/words\n    supports: the words\n    kind: 3p\n"
    )
    words.write_text(text.format(word="gemba walk"))
    monkeypatch.setattr(vocabulary_module, "builtin_vocabulary_files", lambda: [words])
    vocabulary_module._builtin.cache_clear()
    assert set(read_name("Gemba walk.pdf", load_vocabulary()).kinds) == {EvidenceKind.INSPECTION}

    def no_yaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was parsed again")

    with monkeypatch.context() as patched:
        patched.setattr(vocabulary_module.yamlio, "load_yaml", no_yaml)
        vocabulary_module._builtin.cache_clear()
        assert set(read_name("Gemba walk.pdf", load_vocabulary()).kinds) == {EvidenceKind.INSPECTION}
    words.write_text(text.format(word="site tour walk"))
    vocabulary_module._builtin.cache_clear()
    vocabulary = load_vocabulary()
    vocabulary_module._builtin.cache_clear()
    assert not read_name("Gemba walk.pdf", vocabulary).kinds
    assert set(read_name("Site tour walk.pdf", vocabulary).kinds) == {EvidenceKind.INSPECTION}
