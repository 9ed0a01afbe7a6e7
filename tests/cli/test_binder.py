"""``corcli binder`` and ``binder verify`` through the CLI: exit 0 intact, 1 tampered, 2 unreadable."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Invoke = Callable[..., Any]


def with_evidence(make_workspace: Callable[..., Path]) -> Path:
    root = make_workspace()
    (root / "evidence" / "01-policy" / "2026-01-10_policy_req-1.1.pdf").write_bytes(b"%PDF signed policy")
    (root / "evidence" / "01-policy" / "2026-02-01_review_req-1.2.pdf").write_bytes(b"%PDF review")
    return root


def test_binder_builds_and_verifies(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = with_evidence(make_workspace)
    assert invoke("assess", "-w", root, "-a", "1.1=met").exit_code == 0
    built = invoke("binder", "-w", root)
    assert built.exit_code == 0, built.output
    path = Path(built.stdout.strip())
    assert path == root / "audit-binder.zip"
    assert "Manifest SHA-256" in built.stderr
    with zipfile.ZipFile(path) as archive:
        index = json.loads(archive.read("index.json"))
        assert "evidence/01-policy/2026-01-10_policy_req-1.1.pdf" in archive.namelist()
        assert "| 1.1 |" in archive.read("self-assessment.md").decode()
        assert "self-assessment.csv" in archive.read("MANIFEST.sha256").decode()
    requirement = index["elements"][0]["requirements"][0]
    assert requirement["files"] == ["evidence/01-policy/2026-01-10_policy_req-1.1.pdf"]
    assert requirement["answer"] == "met"
    verified = invoke("binder", "verify", path)
    assert verified.exit_code == 0, verified.output
    assert "intact" in verified.stdout


def test_binder_refuses_overwrite_without_force(invoke: Invoke, make_workspace: Callable[..., Path]) -> None:
    root = with_evidence(make_workspace)
    assert invoke("binder", "-w", root).exit_code == 0
    again = invoke("binder", "-w", root)
    assert again.exit_code == 2
    assert "--force" in again.stderr
    assert invoke("binder", "-w", root, "--force").exit_code == 0


def test_tampered_binder_fails_verify(invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    root = with_evidence(make_workspace)
    output = tmp_path / "binder.zip"
    assert invoke("binder", "-w", root, "-o", output).exit_code == 0
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(output) as old, zipfile.ZipFile(tampered, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith("req-1.1.pdf"):
                data = b"%PDF forged"
            new.writestr(info, data)
    result = invoke("binder", "verify", tampered)
    assert result.exit_code == 1, result.output
    assert "changed: evidence/01-policy/2026-01-10_policy_req-1.1.pdf" in result.stderr
    assert "FAILED" in result.stdout


def test_verify_expect_catches_a_rewritten_manifest(
    invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = with_evidence(make_workspace)
    output = tmp_path / "binder.zip"
    built = invoke("binder", "-w", root, "-o", output)
    manifest_hash = built.stderr.split("Manifest SHA-256: ")[1].split()[0]
    assert invoke("binder", "verify", output, "--expect", manifest_hash).exit_code == 0
    assert invoke("binder", "verify", output, "--expect", "0" * 64).exit_code == 1


def test_verify_unreadable_zip_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    result = invoke("binder", "verify", junk)
    assert result.exit_code == 2
    assert "not a readable zip" in result.stderr
    assert invoke("binder", "verify", tmp_path / "absent.zip").exit_code == 2


def test_verify_refuses_escaping_entries(invoke: Invoke, make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    root = with_evidence(make_workspace)
    output = tmp_path / "binder.zip"
    assert invoke("binder", "-w", root, "-o", output).exit_code == 0
    with zipfile.ZipFile(output, "a") as archive:
        archive.writestr("../../escape.txt", b"x")
    result = invoke("binder", "verify", output)
    assert result.exit_code == 1
    assert "unsafe name or link (refused): ../../escape.txt" in result.stderr


def test_binder_help_names_the_default_the_service_writes() -> None:
    from corcli.cli import binder as binder_cli
    from corcli.services import binder as binder_service

    assert binder_cli.DEFAULT_NAME == binder_service.DEFAULT_NAME
