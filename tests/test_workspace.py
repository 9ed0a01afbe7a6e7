"""Workspace discovery records how it found the folder; writes are atomic and never clobber by default."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from corcli.errors import FileAccessError, OverwriteError, WorkspaceError, WorkspaceNotFoundError
from corcli.storage.workspace import find_workspace, inside, locked, write_atomic
from tests.helpers import write


def test_find_workspace_walks_up_from_cwd(tmp_path: Path) -> None:
    write(tmp_path / "corcli.yaml", "x: 1\n")
    deep = tmp_path / "evidence" / "01" / "sub"
    deep.mkdir(parents=True)
    found = find_workspace(None, deep, env={})
    assert found.root == tmp_path.resolve()
    assert "searched up" in found.reason


def test_find_workspace_flag_beats_env(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write(a / "corcli.yaml", "x: 1\n")
    write(b / "corcli.yaml", "x: 1\n")
    found = find_workspace(a, tmp_path, env={"CORCLI_WORKSPACE": str(b)})
    assert found.root == a.resolve()
    assert "--workspace" in found.reason
    from_env = find_workspace(None, tmp_path, env={"CORCLI_WORKSPACE": str(b)})
    assert from_env.root == b.resolve()


def test_find_workspace_none_says_where_it_looked_and_suggests_init(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFoundError) as caught:
        find_workspace(None, tmp_path, env={})
    assert str(tmp_path.resolve()) in caught.value.message
    assert "corcli init" in caught.value.hint


def test_find_workspace_explicit_folder_without_profile(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFoundError, match=r"has no corcli\.yaml"):
        find_workspace(tmp_path, tmp_path, env={})


def test_inside_refuses_parent_escape_and_links_out(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    outside = write(tmp_path / "secret.txt", "x")
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        inside(root, Path("../secret.txt"))
    (root / "link.txt").symlink_to(outside)
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        inside(root, Path("link.txt"))
    assert inside(root, Path("evidence/a.pdf")) == (root / "evidence" / "a.pdf").resolve()


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "file.txt"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_write_atomic_without_force_never_overwrites(tmp_path: Path) -> None:
    target = write(tmp_path / "mine.txt", "precious")
    with pytest.raises(OverwriteError, match="--force"):
        write_atomic(target, "new", force=False)
    assert target.read_text() == "precious"


def test_write_atomic_keeps_old_content_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write(tmp_path / "profile.yaml", "old")

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(FileAccessError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["profile.yaml"]


def test_locked_is_reentrant_across_sequential_uses(tmp_path: Path) -> None:
    lock = tmp_path / ".corcli" / "index.lock"
    with locked(lock):
        assert lock.exists()
    with locked(lock):
        pass


def test_init_force_changes_only_what_is_given_and_keeps_a_backup(
    invoke: Callable[..., Any], make_workspace: Callable[..., Path]
) -> None:
    from corcli.services.project import load_profile

    root = make_workspace(extra=("--trade", "roofing", "--records-since", "2026-01-05"))
    profile = root / "corcli.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace("roles: []", "roles:\n  - {name: Roofer, count: 6}").replace(
            'address: ""', 'address: "1 Main St"'
        ),
        encoding="utf-8",
    )
    before = profile.read_bytes()
    assert invoke("assess", "-w", root, "-a", "1.1=met", "-n", "seen").exit_code == 0
    result = invoke("init", root, "--yes", "--force", "--program", "COR", "--employees", "25")
    assert result.exit_code == 0, result.output
    changed = load_profile(profile)
    assert changed.company.employees == 25
    assert changed.certification.program.value == "COR"
    assert changed.company.trade == "roofing"
    assert changed.company.address == "1 Main St"
    assert changed.company.name == "Prairie Roofing Ltd."
    assert [r.name for r in changed.roles] == ["Roofer"]
    assert str(changed.certification.records_since) == "2026-01-05"
    backups = list((root / ".corcli").glob("corcli.*.yaml"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == before
    assert "taken out of assessment.yaml: 1.1" in result.stderr
    checked = invoke("check", "-w", root, "--exit-zero")
    assert checked.exit_code == 0, checked.output
