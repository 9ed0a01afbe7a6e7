"""The audit binder: index, manifest, safe names, and verification that catches tampering."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest

from corcli.errors import CorcliError, ExitCode, OverwriteError
from corcli.models import Answer, Assessment, AssessmentAnswer, AuditStandard, EvidenceItem
from corcli.services.binder import (
    INDEX_HTML,
    INDEX_JSON,
    INDEX_MARKDOWN,
    MANIFEST_NAME,
    BinderError,
    build_binder,
    is_safe_entry,
    verify_binder,
    verify_exit_code,
)
from corcli.storage.workspace import Workspace
from tests import helpers

TODAY = date(2026, 11, 26)


def standard() -> AuditStandard:
    return helpers.standard(
        id="t-cor",
        title="Test COR",
        program="COR",
        elements=[
            {
                "id": "1",
                "title": "Policy <&>",
                "folder": "policy",
                "requirements": [
                    {
                        "id": "1.1",
                        "text": "A signed policy.",
                        "verification": "documentation",
                        "evidence_kinds": ["policy"],
                        "points": 10,
                    },
                    {
                        "id": "1.2",
                        "text": "Reviewed yearly.",
                        "verification": "documentation",
                        "evidence_kinds": ["review_record"],
                        "points": 5,
                    },
                ],
            },
            {
                "id": "2",
                "title": "Inspections",
                "folder": "inspections",
                "requirements": [
                    {
                        "id": "2.1",
                        "text": "Monthly inspections.",
                        "verification": "documentation",
                        "evidence_kinds": ["inspection"],
                        "points": 10,
                    },
                ],
            },
        ],
    )


def item(root: Path, rel: str, content: bytes, requirement: str | None = None) -> EvidenceItem:
    path = root / "evidence" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return EvidenceItem(
        path=rel,
        element=rel.split("/")[0],
        requirement=requirement,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    (root / "evidence").mkdir(parents=True)
    (root / "corcli.yaml").write_text("placeholder\n")
    return Workspace(root, "test")


@pytest.fixture
def items(workspace: Workspace) -> list[EvidenceItem]:
    root = workspace.root
    return [
        item(root, "policy/2026-01-10_policy_req-1.1.pdf", b"%PDF policy", "1.1"),
        item(root, "inspections/2026-10-01_inspection.pdf", b"%PDF inspection", "2.1"),
        item(root, "inspections/notes.txt", b"loose notes"),
        item(root, "misc/other.txt", b"other"),
    ]


def build(workspace: Workspace, items: list[EvidenceItem], name: str = "binder.zip", **kwargs: object) -> Path:
    output = workspace.root / name
    build_binder(workspace, standard(), items, output, company="Prairie Roofing Ltd.", created=TODAY, **kwargs)  # type: ignore[arg-type]
    return output


def rewrite(source: Path, target: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> None:
    """Copy a zip, replacing (bytes) or dropping (None) entries, and adding new ones."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    new.writestr(info, change[info.filename])  # type: ignore[arg-type]
                continue
            new.writestr(info, old.read(info))
        for name, data in (add or {}).items():
            new.writestr(name, data)


def test_binder_holds_evidence_index_and_manifest(workspace: Workspace, items: list[EvidenceItem]) -> None:
    answers = Assessment(standard="t-cor", answers=[AssessmentAnswer(requirement="1.1", answer=Answer.MET)])
    output = build(workspace, items, assessment=answers)
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
        assert set(names) == {
            "evidence/policy/2026-01-10_policy_req-1.1.pdf",
            "evidence/inspections/2026-10-01_inspection.pdf",
            "evidence/inspections/notes.txt",
            "evidence/misc/other.txt",
            INDEX_JSON,
            INDEX_MARKDOWN,
            INDEX_HTML,
            MANIFEST_NAME,
        }
        assert all(is_safe_entry(n) for n in names)
        manifest = archive.read(MANIFEST_NAME).decode()
        index = json.loads(archive.read(INDEX_JSON))
        html = archive.read(INDEX_HTML).decode()
        for info in archive.infolist():
            assert stat.S_ISREG(info.external_attr >> 16)
    lines = manifest.splitlines()
    assert len(lines) == 7  # every entry but the manifest itself
    assert all("  " in line for line in lines)
    policy = index["elements"][0]
    assert policy["requirements"][0]["files"] == ["evidence/policy/2026-01-10_policy_req-1.1.pdf"]
    assert policy["requirements"][0]["answer"] == "met"
    assert policy["requirements"][1]["files"] == []
    # check counts an untied file for its element's only documentation requirement; so does the binder
    inspections = index["elements"][1]
    assert inspections["requirements"][0]["files"] == [
        "evidence/inspections/2026-10-01_inspection.pdf",
        "evidence/inspections/notes.txt",
    ]
    assert inspections["requirements"][0]["reasons"][1]["reason"] == "the only documentation requirement of element 2"
    assert inspections["other_files"] == []
    assert index["other_files"] == ["evidence/misc/other.txt"]
    assert "not an element folder" in index["not_counted"][0]["why"]
    assert "Policy &lt;&amp;&gt;" in html


def test_binder_verifies_and_is_reproducible(workspace: Workspace, items: list[EvidenceItem]) -> None:
    first = build(workspace, items, "a.zip")
    second = build(workspace, items, "b.zip")
    assert first.read_bytes() == second.read_bytes()
    result = verify_binder(first)
    assert result.ok
    assert result.checked == 7
    assert verify_exit_code(result) == ExitCode.OK


def test_tampered_binder_fails_verify(workspace: Workspace, items: list[EvidenceItem], tmp_path: Path) -> None:
    output = build(workspace, items)
    changed = tmp_path / "changed.zip"
    rewrite(output, changed, {"evidence/misc/other.txt": b"forged"})
    result = verify_binder(changed)
    assert result.changed == ["evidence/misc/other.txt"]
    assert verify_exit_code(result) == ExitCode.FINDINGS

    missing = tmp_path / "missing.zip"
    rewrite(output, missing, {"evidence/misc/other.txt": None})
    assert verify_binder(missing).missing == ["evidence/misc/other.txt"]

    extra = tmp_path / "extra.zip"
    rewrite(output, extra, {}, {"evidence/misc/added.txt": b"new"})
    assert verify_binder(extra).extra == ["evidence/misc/added.txt"]

    no_manifest = tmp_path / "no-manifest.zip"
    rewrite(output, no_manifest, {MANIFEST_NAME: None})
    assert not verify_binder(no_manifest).ok

    bad_manifest = tmp_path / "bad-manifest.zip"
    rewrite(output, bad_manifest, {MANIFEST_NAME: b"not a manifest line\n"})
    assert verify_binder(bad_manifest).problems


@pytest.mark.parametrize(
    "name", ["../escape.txt", "/etc/passwd", "evidence/../../x", "C:/x.txt", "a\\..\\b", "evidence/CON.txt", "a?.txt"]
)
def test_verify_refuses_entries_that_would_escape(
    workspace: Workspace, items: list[EvidenceItem], tmp_path: Path, name: str
) -> None:
    output = build(workspace, items)
    evil = tmp_path / "evil.zip"
    rewrite(output, evil, {}, {name: b"x"})
    result = verify_binder(evil)
    assert not result.ok
    assert result.unsafe


def test_verify_refuses_symlink_entries(workspace: Workspace, items: list[EvidenceItem], tmp_path: Path) -> None:
    output = build(workspace, items)
    evil = tmp_path / "link.zip"
    rewrite(output, evil, {})
    with zipfile.ZipFile(evil, "a") as archive:
        info = zipfile.ZipInfo("evidence/link")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    assert verify_binder(evil).unsafe == ["evidence/link"]


def test_verify_unreadable_zip_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(BinderError) as info:
        verify_binder(bad)
    assert info.value.exit_code == ExitCode.USAGE
    with pytest.raises(BinderError):
        verify_binder(tmp_path / "absent.zip")


def test_build_skips_links_and_unsafe_names(workspace: Workspace, items: list[EvidenceItem], tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    link = workspace.evidence_dir / "policy" / "link.txt"
    link.symlink_to(outside)
    sneaky = EvidenceItem(path="policy/link.txt", element="policy", sha256="0" * 64, size=6)
    escape = EvidenceItem(path="../secret.txt", element="policy", sha256="0" * 64, size=6)
    output = workspace.root / "binder.zip"
    result = build_binder(workspace, standard(), [*items, sneaky, escape], output, company="X", created=TODAY)
    assert sorted(path for path, _ in result.skipped) == ["../secret.txt", "policy/link.txt"]
    assert any("link" in reason for _, reason in result.skipped)
    with zipfile.ZipFile(output) as archive:
        assert not any("secret" in n or "link" in n for n in archive.namelist())


def test_build_checks_each_folder_and_file_for_links_and_odd_files(workspace: Workspace, tmp_path: Path) -> None:
    root = workspace.root
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.pdf").write_bytes(b"a")
    kept = item(root, "policy/deep/er/kept.pdf", b"kept")
    (root / "evidence" / "policy" / "linked").symlink_to(outside)
    (root / "evidence" / "policy" / "deep" / "er" / "twin.pdf").write_bytes(b"t")
    os.link(root / "evidence" / "policy" / "deep" / "er" / "twin.pdf", tmp_path / "twin-outside.pdf")
    os.mkfifo(root / "evidence" / "policy" / "pipe")
    odd = ["policy/linked/a.pdf", "policy/deep/er/twin.pdf", "policy/pipe", "policy/gone.pdf"]
    listed = [EvidenceItem(path=path, element="policy", sha256="0" * 64, size=1) for path in odd]
    result = build_binder(workspace, standard(), [kept, *listed], root / "b.zip", company="X", created=TODAY)
    assert dict(result.skipped) == {
        "policy/linked/a.pdf": "it is or passes through a link (links are not followed)",
        "policy/deep/er/twin.pdf": "it is a hard link (the same file may live outside the workspace); "
        "copy it in instead",
        "policy/pipe": "it is not a regular file",
        "policy/gone.pdf": "it cannot be read",
    }
    assert result.files == 1


def test_build_refuses_overwrite_and_output_in_evidence(workspace: Workspace, items: list[EvidenceItem]) -> None:
    output = build(workspace, items)
    with pytest.raises(OverwriteError):
        build(workspace, items)
    build(workspace, items, force=True)
    assert verify_binder(output).ok
    with pytest.raises(CorcliError, match="in the evidence folder"):
        build(workspace, items, "evidence/binder.zip")


def test_build_leaves_out_names_that_collide_or_are_not_portable(workspace: Workspace, tmp_path: Path) -> None:
    root = workspace.root
    items = [item(root, "policy/Policy.pdf", b"one"), item(root, "policy/aux.txt", b"three")]
    twin = EvidenceItem(path="policy/policy.pdf", element="policy", sha256="0" * 64, size=3)
    (root / "evidence" / "policy" / "policy.pdf").write_bytes(b"two")
    result = build_binder(workspace, standard(), [*items, twin], root / "b.zip", company="X", created=TODAY)
    reasons = dict(result.skipped)
    assert "differs only in case" in reasons["policy/policy.pdf"]
    assert "extract safely" in reasons["policy/aux.txt"]
    assert result.files == 1


def test_build_adds_top_level_documents_and_refuses_unsafe_ones(
    workspace: Workspace, items: list[EvidenceItem]
) -> None:
    output = build(workspace, items, documents={"self-assessment.md": "# answers\n"})
    with zipfile.ZipFile(output) as archive:
        assert archive.read("self-assessment.md") == b"# answers\n"
    assert verify_binder(output).ok
    for bad in ("../x.md", "evidence/x.md", MANIFEST_NAME, "sub/x.md"):
        with pytest.raises(BinderError):
            build(workspace, items, "other.zip", documents={bad: "x"})
