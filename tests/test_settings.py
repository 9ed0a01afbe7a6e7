"""The user settings file and CORCLI_* variables: template folder, data folder, who prepared a document."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.errors import CorcliError, DataFileError
from corcli.storage.config import load_settings

Invoke = Callable[..., Any]


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings" / "config.yaml"
    path.parent.mkdir()
    monkeypatch.setenv("CORCLI_CONFIG", str(path))
    return path


def test_settings_file_paths_are_relative_to_its_folder(config: Path) -> None:
    config.write_text(
        "template_dir: my-templates\nprepared_by:\n  name: Pat Singh\n  firm: Safe Co\n  logo: logo.png\n"
    )
    settings = load_settings({})
    assert settings.template_dir == config.parent / "my-templates"
    assert settings.logo == config.parent / "logo.png"
    assert settings.prepared_by_line() == "Pat Singh, Safe Co"


def test_environment_overrides_the_file(config: Path, tmp_path: Path) -> None:
    config.write_text("prepared_by:\n  name: Pat Singh\n  firm: Safe Co\n")
    settings = load_settings({"CORCLI_PREPARED_BY": "Lee Wong", "CORCLI_TEMPLATE_DIR": str(tmp_path)})
    assert settings.prepared_by_line() == "Lee Wong, Safe Co"
    assert settings.template_dir == tmp_path


def test_no_settings_file_means_defaults(config: Path) -> None:
    settings = load_settings({})
    assert settings.template_dir is None
    assert settings.prepared_by_line() == ""
    assert settings.logo_data_uri() == ""


def test_bad_settings_file_names_file_and_line(config: Path) -> None:
    config.write_text("prepared_by:\n  name: Pat\n  colour: red\n")
    with pytest.raises(DataFileError) as caught:
        load_settings({})
    assert "config.yaml:3" in str(caught.value.problems()[0])


def test_logo_is_embedded_and_checked(config: Path) -> None:
    (config.parent / "logo.png").write_bytes(b"\x89PNG fake")
    config.write_text("prepared_by:\n  logo: logo.png\n")
    assert load_settings({}).logo_data_uri().startswith("data:image/png;base64,")
    config.write_text("prepared_by:\n  logo: logo.gif\n")
    with pytest.raises(CorcliError, match="not a PNG"):
        load_settings({}).logo_data_uri()


def test_manual_uses_the_settings_template_dir(
    invoke: Invoke, make_workspace: Callable[..., Path], config: Path, tmp_path: Path
) -> None:
    root = make_workspace()
    own = tmp_path / "own"
    own.mkdir()
    (own / "policy.md.j2").write_text("<!-- section:policy -->\n# Our own policy page\n")
    config.write_text(f"template_dir: {own}\n")
    result = invoke("manual", "-w", root, "--section", "policy", "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert "Our own policy page" in result.stdout


def test_portfolio_shows_prepared_by(invoke: Invoke, make_workspace: Callable[..., Path], config: Path) -> None:
    root = make_workspace()
    config.write_text("prepared_by:\n  name: Pat Singh\n  firm: Safe Co\n")
    data = json.loads(invoke("portfolio", root, "-f", "json", "--today", "2026-11-26").stdout)
    assert data["prepared_by"] == "Pat Singh, Safe Co"
    markdown = invoke("portfolio", root, "-f", "markdown", "--today", "2026-11-26").stdout
    assert "Prepared by Pat Singh, Safe Co." in markdown


def test_settings_data_dir_adds_partners(
    invoke: Invoke, make_workspace: Callable[..., Path], config: Path, tmp_path: Path
) -> None:
    own = tmp_path / "own-data"
    own.mkdir()
    (own / "broken.yaml").write_text("kind: partner\nid: [\n")
    config.write_text(f"data_dir: {own}\n")
    result = invoke("partners", "list")
    assert result.exit_code == 2  # the folder from the settings file is read (and its broken file reported)
    assert "broken.yaml" in result.output


def test_manual_title_page_names_who_prepared_it(
    invoke: Invoke, make_workspace: Callable[..., Path], config: Path
) -> None:
    root = make_workspace()
    plain = invoke("manual", "-w", root, "--section", "front", "--today", "2026-11-26")
    assert plain.exit_code == 0, plain.output
    assert "Prepared by" not in plain.stdout
    config.write_text("prepared_by:\n  name: Pat Singh\n  firm: Safe Co\n")
    result = invoke("manual", "-w", root, "--section", "front", "--today", "2026-11-26")
    assert "| Prepared by | Pat Singh, Safe Co |" in result.stdout
