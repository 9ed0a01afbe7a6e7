"""``corcli validate``: every problem with file:line and a fix, exit 2; clean files exit 0."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.storage import resources

Invoke = Callable[..., Any]


def test_validate_shipped_data_folder_is_clean(invoke: Invoke) -> None:
    result = invoke("validate", resources.data_dir())
    assert result.exit_code == 0, result.output
    assert "All" in result.stdout


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t.replace("employees: 8", "employees: [8"), "YAML syntax error"),
        (lambda t: t.replace("employees: 8", "employees: 8\n  colour: blue"), "unknown key 'colour'"),
        (lambda t: t + "company:\n  name: twice\n", "duplicate key 'company'"),
        (lambda t: t.replace("employees: 8", "employees: eight"), "whole number"),
        (lambda t: t.replace('partner: "acsa"', 'partner: "acme"'), "Unknown certifying partner 'acme'"),
        (lambda t: t.replace('province: "AB"', 'province: "XX"'), "not a Canadian province"),
    ],
)
def test_validate_profile_problems_name_file_and_line(
    invoke: Invoke, make_workspace: Callable[..., Path], mutate: Callable[[str], str], expected: str
) -> None:
    root = make_workspace()
    profile = root / "corcli.yaml"
    profile.write_text(mutate(profile.read_text()))
    result = invoke("validate", "-w", root)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert f"{profile}:" in result.stderr


def test_validate_unknown_partner_in_profile_points_at_its_line(
    invoke: Invoke, make_workspace: Callable[..., Path]
) -> None:
    root = make_workspace()
    profile = root / "corcli.yaml"
    text = profile.read_text().replace('partner: "acsa"', 'partner: "acsaa"')
    profile.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "acsaa" in row)
    result = invoke("validate", profile)
    assert result.exit_code == 2
    assert f"{profile}:{line}:" in result.stderr
    assert "Did you mean 'acsa'" in result.stderr


def test_validate_user_partner_folder_with_broken_reference(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "p.yaml").write_text(
        "kind: partner\nid: mine\nname: My Partner\nabbreviation: MP\njurisdictions: [AB]\nwebsite: unknown\n"
        "industries: [construction]\nlisting: uncertain\n"
        "programs:\n  - {program: COR, offered: 'yes', standard: nope}\n"
        "sources: [{url: 'https://example.org', supports: x, kind: 3p}]\n"
    )
    result = invoke("validate", folder)
    assert result.exit_code == 2
    assert "'nope', which does not exist" in result.stderr


def test_validate_unknown_file_kind_and_missing_path(invoke: Invoke, tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("hello: world\n")
    result = invoke("validate", odd, tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "is not a file corcli knows" in result.stderr
    assert "does not exist" in result.stderr


def test_validate_without_workspace_suggests_init(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 2
    assert "corcli init" in result.stderr
