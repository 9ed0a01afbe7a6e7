"""Every command that writes, on a read-only or full disk: one clear line, exit 2, and the workspace unchanged.

A read-only folder is real where it can be: a read-only bind mount when the tests run as root (chmod does not
stop root), ``chmod a-w`` otherwise; where neither works, the system calls that write are made to fail with
EROFS in-process, so the test never skips. A full disk is a write that fails with ENOSPC part-way through the
command (the third fsync), so what the command had already written must be undone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corcli.cli import app

INIT = ("--yes", "--name", "Prairie Roofing Ltd.", "--province", "AB", "--industry", "construction")

# (id, arguments; W is the workspace, S a folder of records outside it)
WRITERS: list[tuple[str, tuple[str, ...]]] = [
    ("init-new", ("init", "W/new", *INIT, "--employees", "8", "--partner", "acsa")),
    ("init-force", ("init", "W", "--yes", "--force", "--employees", "9")),
    ("init-force-program", ("init", "W", "--yes", "--force", "--program", "COR", "--employees", "25")),
    ("manual", ("manual", "-w", "W", "-o", "W/manual.md")),
    ("manual-docx", ("manual", "-w", "W", "--format", "docx", "-o", "W/manual.docx")),
    ("assess", ("assess", "-w", "W", "-a", "1.2=met")),
    ("assess-export", ("assess", "export", "-w", "W", "--format", "csv", "-o", "W/workbook.csv")),
    ("plan", ("plan", "-w", "W", "--format", "markdown", "-o", "W/plan.md")),
    ("plan-prep", ("plan", "prep", "-w", "W", "-o", "W/prep.md")),
    ("calendar", ("calendar", "-w", "W", "--format", "ics", "-o", "W/cycle.ics")),
    ("binder", ("binder", "-w", "W", "-o", "W/binder.zip")),
    ("check-output", ("check", "-w", "W", "--format", "json", "-o", "W/report.json")),
    ("evidence-add", ("evidence", "add", "S/2026-10-05 inspection.pdf", "-r", "9.1", "-w", "W")),
    ("evidence-import", ("evidence", "import", "S", "-w", "W", "--yes")),
    ("evidence-rebuild", ("evidence", "rebuild", "-w", "W")),
    ("evidence-list-output", ("evidence", "list", "-w", "W", "--format", "json", "-o", "W/list.json")),
    ("demo", ("demo", "W/demo")),
    ("migrate-output", ("migrate", "-w", "W", "-o", "W/migrate.txt")),
    ("actions-add", ("actions", "add", "-w", "W", "Fix the ladder rack")),
    ("actions-from-check", ("actions", "from-check", "-w", "W")),
    ("actions-done", ("actions", "done", "-w", "W", "A-001", "--evidence", "photo of the rack")),
    ("due-output", ("due", "-w", "W", "--format", "json", "-o", "W/due.json")),
    ("manual-edit", ("manual", "edit", "policy", "-w", "W")),
    ("evidence-verify-output", ("evidence", "verify", "-w", "W", "--format", "json", "-o", "W/verify.json")),
    ("actions-import", ("actions", "import", "-w", "W", "S/actions.csv")),
    ("partners-show-output", ("partners", "show", "acsa", "--format", "json", "-o", "W/acsa.json")),
    ("portfolio", ("portfolio", "W", "--format", "html", "-o", "W/clients.html")),
    ("partners-output", ("partners", "list", "--format", "json", "-o", "W/partners.json")),
]
# Commands that write several files: on a full disk part-way, what they wrote first must be undone.
# The value is the fsync that fails: one the command reaches after it has committed a file.
MANY_FILES = {
    "init-new": 3,
    "init-force-program": 3,
    "demo": 3,
    "evidence-import": 3,
    "portfolio": 3,
    "evidence-add": 2,
}

runner = CliRunner()


def _invoke(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with answers, an indexed record, an action, and a folder of records to add (made once)."""
    base = tmp_path_factory.mktemp("denied")
    root, records = base / "ws", base / "records"
    assert _invoke("init", root, *INIT, "--employees", "8", "--partner", "acsa").exit_code == 0
    records.mkdir()
    (records / "2026-10-05 inspection.pdf").write_bytes(b"%PDF inspection")
    (records / "2026-10-06 toolbox talk.pdf").write_bytes(b"%PDF toolbox")
    policy = base / "policy.pdf"
    policy.write_bytes(b"%PDF policy")
    assert _invoke("evidence", "add", policy, "-r", "1.1", "--date", "2026-10-01", "-w", root).exit_code == 0
    assert _invoke("assess", "-w", root, "-a", "1.1=met").exit_code == 0
    assert _invoke("actions", "add", "-w", root, "Guard rail at the shop door").exit_code == 0
    exported = _invoke("actions", "-w", root, "--format", "csv", "-o", records / "actions.csv")
    assert exported.exit_code == 0, exported.output
    assert _invoke("check", "-w", root, "--exit-zero").exit_code == 0  # its caches exist, as in real use
    return base


def _snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` and a digest of its content (lock files are no state)."""
    state: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix == ".lock":
            continue
        rel = path.relative_to(root).as_posix()
        state[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def _mount_read_only(root: Path) -> bool:
    if os.geteuid() != 0 or not Path("/bin/mount").exists():
        return False
    done = subprocess.run(["/bin/mount", "--bind", str(root), str(root)], capture_output=True, check=False)
    if done.returncode != 0:
        return False
    done = subprocess.run(["/bin/mount", "-o", "remount,bind,ro", str(root)], capture_output=True, check=False)
    if done.returncode != 0:
        subprocess.run(["/bin/umount", str(root)], check=False)
        return False
    return True


def _writes_fail_with(monkeypatch: pytest.MonkeyPatch, root: Path, code: int) -> None:
    """Make every system call that writes under ``root`` fail with ``code`` (the in-process fallback)."""
    prefix = str(root)
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def under(path: Any) -> bool:
        return os.fsdecode(os.path.abspath(path)).startswith(prefix)  # noqa: PTH100 (links not resolved)

    def denied(path: Any) -> OSError:
        return OSError(code, os.strerror(code), os.fsdecode(path))

    real_open = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & writing and under(path):
            raise denied(path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    for name in ("mkdir", "unlink", "rmdir"):
        real = getattr(os, name)

        def one_path(path: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            if under(path):
                raise denied(path)
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, one_path)
    for name in ("replace", "rename", "link"):
        real = getattr(os, name)

        def two_paths(src: Any, dst: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            if under(dst):
                raise denied(dst)
            return _real(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, name, two_paths)


@contextlib.contextmanager
def _read_only(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Make ``root`` read-only for the block, as really as this machine allows; yield how."""
    if _mount_read_only(root):
        try:
            yield "read-only mount"
        finally:
            subprocess.run(["/bin/umount", str(root)], check=False)
        return
    if os.geteuid() != 0:
        folders = [root, *(p for p in root.rglob("*") if p.is_dir() and not p.is_symlink())]
        for folder in folders:
            folder.chmod(stat.S_IMODE(folder.stat().st_mode) & ~0o222)
        try:
            yield "chmod a-w"
        finally:
            for folder in folders:
                folder.chmod(stat.S_IMODE(folder.stat().st_mode) | 0o200)
        return
    _writes_fail_with(monkeypatch, root, errno.EROFS)
    yield "emulated EROFS"


def _disk_fills_up(monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    """The disk is full from the ``after``-th fsync on: the write that reaches it fails with ENOSPC."""
    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] >= after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _arguments(args: tuple[str, ...], root: Path, records: Path) -> list[str]:
    def place(arg: str) -> str:
        if arg == "W" or arg.startswith("W/"):
            return str(root) + arg[1:]
        if arg == "S" or arg.startswith("S/"):
            return str(records) + arg[1:]
        return arg

    return [place(a) for a in args]


def _one_clear_line(result: Any, *reasons: str) -> None:
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert any(reason in errors[0] for reason in reasons), errors[0]
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 + result.stderr.count("Warning:"), result.stderr


@pytest.mark.parametrize(("args"), [a for _, a in WRITERS], ids=[n for n, _ in WRITERS])
def test_a_read_only_workspace_is_one_clear_line_and_left_as_it_was(
    args: tuple[str, ...], prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(prepared, tmp_path / "copy", symlinks=True)
    root, records = tmp_path / "copy" / "ws", tmp_path / "copy" / "records"
    before = _snapshot(root)
    with _read_only(root, monkeypatch) as how:
        result = _invoke(*_arguments(args, root, records))
    _one_clear_line(result, "read-only", "Read-only", "Permission denied", "permissions")
    assert _snapshot(root) == before, how


@pytest.mark.parametrize(
    ("args", "after"),
    [(a, MANY_FILES[n]) for n, a in WRITERS if n in MANY_FILES],
    ids=[n for n, _ in WRITERS if n in MANY_FILES],
)
def test_a_disk_that_fills_up_part_way_leaves_the_workspace_as_it_was(
    args: tuple[str, ...], after: int, prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(prepared, tmp_path / "copy", symlinks=True)
    root, records = tmp_path / "copy" / "ws", tmp_path / "copy" / "records"
    before = _snapshot(root)
    _disk_fills_up(monkeypatch, after)
    result = _invoke(*_arguments(args, root, records))
    monkeypatch.undo()
    _one_clear_line(result, "disk is full", "No space left", "not full")
    assert _snapshot(root) == before
    assert not list(root.rglob("*.tmp"))  # no temp file and no copy kept for an undo is left behind


def test_every_command_that_writes_is_in_the_list() -> None:
    """A new command or sub-command must join WRITERS (or be named here as one that only reads)."""
    import typer

    names = set()
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        names.add(name)
        names.update(f"{name} {sub}" for sub in getattr(command, "commands", {}))
    covered = {args[0] for _, args in WRITERS}
    covered |= {f"{args[0]} {args[1]}" for _, args in WRITERS if not args[1].startswith(("-", "W", "S"))}
    assert names - covered == {"validate", "binder verify"}  # these only read


READERS = [
    ("check", "-w", "W"),
    ("check", "-w", "W", "--format", "json"),
    ("due", "-w", "W"),
    ("validate", "W/corcli.yaml"),
    ("evidence", "list", "-w", "W"),
    ("evidence", "verify", "-w", "W"),
    ("plan", "-w", "W"),
]


@pytest.mark.parametrize("args", READERS, ids=["-".join(a[:2]) + ("-json" if "json" in a else "") for a in READERS])
def test_commands_that_only_read_work_on_a_read_only_workspace(
    args: tuple[str, ...], prepared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(prepared, tmp_path / "copy", symlinks=True)
    root, records = tmp_path / "copy" / "ws", tmp_path / "copy" / "records"
    before = _snapshot(root)
    with _read_only(root, monkeypatch):
        result = _invoke(*_arguments(args, root, records))
    assert result.exit_code in (0, 1), result.output
    assert "Error:" not in result.stderr
    assert _snapshot(root) == before


@pytest.mark.parametrize(
    "args",
    [
        ("check", "-w", "W", "--today", "0001-01-01"),
        ("due", "-w", "W", "--today", "0001-01-15"),
        ("calendar", "-w", "W", "--today", "9999-12-31"),
        ("check", "-w", "W", "--today", "9999-12-31"),
    ],
    ids=["check-year-1", "due-year-1", "calendar-year-9999", "check-year-9999"],
)
def test_dates_at_the_ends_of_the_calendar_are_one_clear_line(
    args: tuple[str, ...], prepared: Path, tmp_path: Path
) -> None:
    """Month arithmetic past year 1 or 9999 is an input error (exit 2), never a bug (exit 3)."""
    shutil.copytree(prepared, tmp_path / "copy", symlinks=True)
    root = tmp_path / "copy" / "ws"
    profile = root / "corcli.yaml"
    if "9999" in args[-1]:  # records started at the very end of the calendar: every deadline falls after it
        text = profile.read_text(encoding="utf-8").replace("records_since: null", "records_since: 9999-12-01")
        profile.write_text(text, encoding="utf-8")
    result = _invoke(*_arguments(args, root, tmp_path))
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        _one_clear_line(result, "out of range")


def test_a_client_with_dates_past_9999_is_an_error_row_in_the_portfolio(prepared: Path, tmp_path: Path) -> None:
    shutil.copytree(prepared, tmp_path / "copy", symlinks=True)
    good, bad = tmp_path / "copy" / "ws", tmp_path / "copy" / "late"
    shutil.copytree(good, bad)
    profile = bad / "corcli.yaml"
    text = profile.read_text(encoding="utf-8").replace("records_since: null", "records_since: 9999-12-01")
    profile.write_text(text, encoding="utf-8")
    result = _invoke("portfolio", good, bad, "--format", "json")
    assert result.exit_code == 1, result.output  # the other client is still reviewed
    rows = {Path(r["folder"]).name: r for r in json.loads(result.stdout)["clients"]}
    assert rows["late"]["verdict"] == "error"
    assert "out of range" in rows["late"]["error"]
    assert rows["ws"]["verdict"] != "error"
