"""``corcli evidence`` through the CLI: add, list, verify, rebuild; errors for people; concurrency."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from corcli.evidence.index import INDEX_NAME, load_index
from corcli.evidence.rebuild import rebuild_index
from corcli.evidence.scan import collect_evidence, verify_evidence
from corcli.storage.workspace import Workspace
from tests.helpers import words

Invoke = Callable[..., Any]


@pytest.fixture
def root(make_workspace: Callable[..., Path]) -> Path:
    return make_workspace()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def _file(folder: Path, name: str, content: bytes = b"inspection report") -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_evidence_help_lists_the_commands(invoke: Invoke) -> None:
    result = invoke("evidence", "--help")
    assert result.exit_code == 0, result.output
    for command in ("add", "list", "verify", "rebuild"):
        assert command in result.stdout


def test_add_then_list_then_verify(invoke: Invoke, root: Path, inbox: Path) -> None:
    source = _file(inbox, "roof walk.pdf")
    result = invoke("evidence", "add", source, "-r", "9.2", "--date", "2026-10-01", "--note", "Oct walk", "-w", root)
    assert result.exit_code == 0, result.output
    assert "evidence/09-inspections/2026-10-01_req-9.2_roof walk.pdf" in result.stdout
    assert source.exists()
    assert (root / "evidence" / "09-inspections" / "2026-10-01_req-9.2_roof walk.pdf").read_bytes() == (
        b"inspection report"
    )

    listed = invoke("evidence", "list", "-w", root)
    assert listed.exit_code == 0, listed.output
    assert "Oct walk" in words(listed.stdout)
    assert "README" not in listed.stdout

    as_json = invoke("evidence", "list", "--format", "json", "-w", root)
    data = json.loads(as_json.stdout)
    assert data["schema_version"] == 1
    assert [i["path"] for i in data["items"]] == ["09-inspections/2026-10-01_req-9.2_roof walk.pdf"]
    assert data["items"][0]["requirement"] == "9.2"
    assert data["items"][0]["record_date"] == "2026-10-01"
    assert data["items"][0]["date_source"] == "flag"

    verified = invoke("evidence", "verify", "-w", root)
    assert verified.exit_code == 0, verified.output
    assert "match the index" in verified.stdout


def test_add_relative_path_keeps_a_leading_date_first(
    invoke: Invoke, root: Path, inbox: Path, monkeypatch: Any
) -> None:
    _file(inbox, "2026-09-01_policy.pdf")
    monkeypatch.chdir(inbox)
    result = invoke("evidence", "add", "2026-09-01_policy.pdf", "-r", "1.1", "-w", root)
    assert result.exit_code == 0, result.output
    assert (root / "evidence" / "01-policy" / "2026-09-01_req-1.1_policy.pdf").exists()


def test_list_flags_mtime_dates(invoke: Invoke, root: Path) -> None:
    (root / "evidence" / "09-inspections" / "undated.pdf").write_bytes(b"x")
    result = invoke("evidence", "list", "-w", root)
    assert result.exit_code == 0, result.output
    assert "*" in result.stdout
    assert "modification time" in result.stdout


@pytest.mark.parametrize("element", ["9", "09-inspections"])
def test_list_filters_by_element_id_or_folder(invoke: Invoke, root: Path, element: str) -> None:
    (root / "evidence" / "09-inspections" / "req-9.2_a.pdf").write_bytes(b"a")
    (root / "evidence" / "01-policy" / "req-1.1_b.pdf").write_bytes(b"b")
    result = invoke("evidence", "list", "--element", element, "--format", "json", "-w", root)
    assert result.exit_code == 0, result.output
    assert [i["path"] for i in json.loads(result.stdout)["items"]] == ["09-inspections/req-9.2_a.pdf"]


def test_list_to_an_output_file(invoke: Invoke, root: Path, tmp_path: Path) -> None:
    (root / "evidence" / "09-inspections" / "req-9.2_a.pdf").write_bytes(b"a")
    out = tmp_path / "list.json"
    result = invoke("evidence", "list", "--format", "json", "--output", out, "-w", root)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(out.read_text())["items"][0]["path"] == "09-inspections/req-9.2_a.pdf"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("-r", "9.22"), "Did you mean '9.2'"),
        (("-r", "9.2", "--date", "2026-13-01"), "--date '2026-13-01' is not a valid date"),
        (("-r", "9.2", "--date", "01/10/2026"), "YYYY-MM-DD"),
        (("-r", "9.2", "--date", "2999-01-01"), "in the future"),
    ],
)
def test_add_bad_input_is_exit_2_with_a_fix(
    invoke: Invoke, root: Path, inbox: Path, args: tuple[str, ...], expected: str
) -> None:
    source = _file(inbox, "a.pdf")
    result = invoke("evidence", "add", source, *args, "-w", root)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert result.stdout == ""
    assert not (root / "evidence" / INDEX_NAME).exists()


def test_add_missing_file_and_folder_name_the_path(invoke: Invoke, root: Path, inbox: Path) -> None:
    missing = invoke("evidence", "add", inbox / "nope.pdf", "-r", "9.2", "-w", root)
    assert missing.exit_code == 2, missing.output
    assert "nope.pdf does not exist" in missing.stderr
    folder = invoke("evidence", "add", inbox, "-r", "9.2", "-w", root)
    assert folder.exit_code == 2, folder.output
    assert "is a folder" in folder.stderr


def test_add_without_requirement_is_a_usage_error(invoke: Invoke, root: Path, inbox: Path) -> None:
    result = invoke("evidence", "add", _file(inbox, "a.pdf"), "-w", root)
    assert result.exit_code == 2, result.output
    assert "--requirement" in result.output


def test_list_unknown_element_suggests(invoke: Invoke, root: Path) -> None:
    result = invoke("evidence", "list", "--element", "09-inspection", "-w", root)
    assert result.exit_code == 2, result.output
    assert "Did you mean '09-inspections'" in result.stderr


def test_commands_outside_a_workspace_are_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("evidence", "verify", "-w", tmp_path)
    assert result.exit_code == 2, result.output
    assert "corcli init" in result.stderr


def test_verify_reports_changed_missing_unindexed_with_exit_1(invoke: Invoke, root: Path, inbox: Path) -> None:
    invoke("evidence", "add", _file(inbox, "a.pdf", b"a"), _file(inbox, "b.pdf", b"b"), "-r", "9.2", "-w", root)
    folder = root / "evidence" / "09-inspections"
    (folder / "req-9.2_a.pdf").write_bytes(b"tampered")
    (folder / "req-9.2_b.pdf").unlink()
    (folder / "dropped in.pdf").write_bytes(b"c")
    result = invoke("evidence", "verify", "-w", root)
    assert result.exit_code == 1, result.output
    for word in ("changed", "missing", "unindexed"):
        assert word in result.stdout
    assert "evidence rebuild" in words(result.stderr)
    as_json = invoke("evidence", "verify", "--format", "json", "-w", root)
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["ok"] is False
    assert sorted(p["status"] for p in data["problems"]) == ["changed", "missing"]
    assert data["unindexed"] == ["09-inspections/dropped in.pdf"]
    rebuilt = invoke("evidence", "rebuild", "-w", root)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "1 dropped" in rebuilt.stdout
    assert invoke("evidence", "verify", "-w", root).exit_code == 0


def test_verify_exits_0_for_a_healthy_drop_in_workspace(invoke: Invoke, root: Path) -> None:
    folder = root / "evidence" / "09-inspections"
    (folder / "Site inspection Oct 2026.pdf").write_bytes(b"walk")
    (folder / "IMG_20261012_093015.jpg").write_bytes(b"photo")
    result = invoke("evidence", "verify", "-w", root)
    assert result.exit_code == 0, result.output
    assert "not indexed yet" in result.stdout
    assert "evidence rebuild" in result.stderr
    data = json.loads(invoke("evidence", "verify", "--format", "json", "-w", root).stdout)
    assert data["ok"] is True
    assert len(data["unindexed"]) == 2


def test_corrupt_index_is_reported_and_rebuilt(invoke: Invoke, root: Path, inbox: Path) -> None:
    invoke("evidence", "add", _file(inbox, "a.pdf"), "-r", "9.2", "--note", "keep this note", "-w", root)
    index = root / "evidence" / INDEX_NAME
    index.write_text("schema_version: 1\nitems:\n\t- broken\n")
    verify = invoke("evidence", "verify", "-w", root)
    assert verify.exit_code == 2, verify.output
    assert "index.yaml" in verify.stderr
    assert "corcli evidence rebuild" in verify.stderr
    listed = invoke("evidence", "list", "--format", "json", "-w", root)
    assert listed.exit_code == 0, listed.output
    assert [i["path"] for i in json.loads(listed.stdout)["items"]] == ["09-inspections/req-9.2_a.pdf"]
    assert "evidence rebuild" in words(listed.stderr)
    add = invoke("evidence", "add", _file(inbox, "b.pdf", b"b"), "-r", "9.2", "-w", root)
    assert add.exit_code == 2, add.output
    rebuilt = invoke("evidence", "rebuild", "-w", root)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "kept as" in rebuilt.stderr
    assert "keep this note" in index.read_text()
    assert invoke("evidence", "verify", "-w", root).exit_code == 0
    assert list((root / ".corcli").glob("index.corrupt-*.yaml"))


def test_links_out_of_the_workspace_are_refused(invoke: Invoke, root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    (root / "evidence" / "09-inspections" / "sneaky.pdf").symlink_to(secret)
    listed = invoke("evidence", "list", "--format", "json", "-w", root)
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout)["items"] == []
    assert "outside the workspace" in listed.stderr
    verify = invoke("evidence", "verify", "--format", "json", "-w", root)  # a table may wrap a long path
    assert verify.exit_code == 1, verify.output
    assert "sneaky.pdf" in verify.stdout


def test_lazy_progress_shows_a_bar_only_after_a_moment() -> None:
    from corcli.cli.progress import LazyProgress

    quick = LazyProgress(delay=60)
    quick(10, 100)
    assert quick.bar is None
    piped = LazyProgress(delay=0)
    piped(10, 100)
    assert piped.bar is None  # stderr is not a terminal under the test runner
    slow = LazyProgress(delay=0, terminal_only=False)
    slow(10, 100)
    assert slow.bar is not None
    slow(100, 100)
    slow.close()
    assert slow.bar is None


# ------------------------------------------------------------------------------------------ processes


def _corcli(*args: str | Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "corcli", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )


@pytest.mark.slow
def test_two_concurrent_adds_lose_nothing(root: Path, inbox: Path) -> None:
    batches = [[_file(inbox, f"p{p}-{n}.pdf", f"{p}-{n}".encode()) for n in range(8)] for p in range(3)]
    procs = [_corcli("evidence", "add", *files, "-r", "9.2", "--date", "2026-10-01", "-w", root) for files in batches]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    index = load_index(Workspace(root, "test"))
    assert len(index.items) == 24
    assert not verify_evidence(Workspace(root, "test")).has_problems


_LOOP = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from corcli.evidence.add import add_evidence
from corcli.services.project import open_project
project = open_project(Path(sys.argv[1]), None, Path.cwd())
for n in range(int(sys.argv[3])):
    source = Path(sys.argv[2]) / f"{sys.argv[4]}-{n}.pdf"
    source.write_bytes(source.name.encode())
    add_evidence(project.workspace, project.standard, [source], requirement="9.2", now=datetime.now(UTC))
"""


@pytest.mark.slow
def test_interleaved_adds_in_two_processes_lose_nothing(root: Path, inbox: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", _LOOP, str(root), str(inbox), "25", tag], stderr=subprocess.PIPE)
        for tag in ("left", "right")
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, (err or b"").decode()
    names = {Path(i.path).name for i in load_index(Workspace(root, "test")).items}
    assert len(names) == 50


@pytest.mark.slow
def test_a_writer_killed_mid_add_never_corrupts_the_index(root: Path, inbox: Path) -> None:
    workspace = Workspace(root, "test")
    rng = random.Random(7)
    for attempt in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", _LOOP, str(root), str(inbox), "400", f"k{attempt}"], stderr=subprocess.DEVNULL
        )
        time.sleep(0.6 + rng.random() * 0.6)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        index = load_index(workspace)  # never raises: every write was atomic
        on_disk = {i.path for i in collect_evidence(workspace).items}
        assert {i.path for i in index.items} <= on_disk
    rebuild_index(workspace, now=datetime.now(UTC))
    assert not verify_evidence(workspace).has_problems


def test_names_with_newlines_and_accents_print_safely(invoke: Invoke, root: Path, inbox: Path) -> None:
    source = _file(inbox, "politique\nsignée.pdf")
    result = invoke("evidence", "add", source, "-r", "1.1", "--date", "2026-01-02", "-w", root)
    assert result.exit_code == 0, result.output
    assert "politique\\nsignée.pdf" in result.stdout
    assert (root / "evidence" / "01-policy" / "2026-01-02_req-1.1_politique_signée.pdf").exists()
    listed = invoke("evidence", "list", "-w", root)
    assert "signée" in listed.stdout
    assert invoke("evidence", "verify", "-w", root).exit_code == 0


def test_verify_no_cache_catches_a_change_that_kept_size_and_mtime(invoke: Invoke, root: Path, inbox: Path) -> None:
    invoke("evidence", "add", _file(inbox, "a.pdf", b"aaaa"), "-r", "9.2", "--date", "2026-10-01", "-w", root)
    copy = root / "evidence" / "09-inspections" / "2026-10-01_req-9.2_a.pdf"
    assert invoke("evidence", "verify", "-w", root).exit_code == 0  # fills the hash cache
    stamp = copy.stat().st_mtime_ns
    copy.write_bytes(b"bbbb")
    os.utime(copy, ns=(stamp, stamp))
    assert invoke("evidence", "verify", "-w", root).exit_code == 0  # the cache cannot see it
    result = invoke("evidence", "verify", "--no-cache", "-w", root)
    assert result.exit_code == 1, result.output
    assert "changed" in result.stdout
