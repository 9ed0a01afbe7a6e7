"""Jinja's compiled built-in templates are kept in the user cache folder; an unwritable one only costs time."""

from __future__ import annotations

from pathlib import Path

import pytest

from corcli.render import engine


def test_built_in_templates_are_compiled_into_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORCLI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(engine, "_BUILTIN_ENVIRONMENTS", {})
    templates = engine.load_templates()
    name = templates.environment.list_templates()[0]
    templates.environment.get_template(name)
    assert list((tmp_path / "templates").iterdir())


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CORCLI_CACHE_DIR", str(blocker))
    monkeypatch.setattr(engine, "_BUILTIN_ENVIRONMENTS", {})
    templates = engine.load_templates()
    assert templates.environment.bytecode_cache is None
    name = templates.environment.list_templates()[0]
    assert templates.environment.get_template(name) is not None


def test_a_cache_that_cannot_be_written_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORCLI_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(engine, "_BUILTIN_ENVIRONMENTS", {})
    templates = engine.load_templates()
    (tmp_path / "templates").rmdir()  # the folder vanishes: Jinja's temp file cannot be made
    name = templates.environment.list_templates()[0]
    assert templates.environment.get_template(name) is not None
