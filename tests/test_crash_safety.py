"""A writer killed at any moment leaves the old file or the new one, never a torn one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from corcli.models import CompanyProfile
from corcli.storage import yamlio

WRITER = r"""
import sys
from pathlib import Path
from corcli.storage.workspace import write_atomic

target = Path(sys.argv[1])
versions = [Path(p).read_text() for p in sys.argv[2:]]
i = 0
print("ready", flush=True)
while True:
    write_atomic(target, versions[i % len(versions)])
    i += 1
"""


def _profile(name: str, padding: int) -> str:
    roles = "".join(f"  - {{name: Role {n}, count: 1}}\n" for n in range(padding))
    return (
        "company:\n"
        f"  name: {name}\n  province: AB\n  industry: construction\n  employees: 8\n"
        "certification:\n  partner: acsa\n"
        f"roles:\n{roles}"
    )


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX-only")
def test_killing_a_profile_writer_never_leaves_a_torn_file(tmp_path: Path) -> None:
    versions = [_profile("Version A", 3000), _profile("Version B", 1)]
    paths = []
    for index, text in enumerate(versions):
        path = tmp_path / f"v{index}.yaml"
        path.write_text(text)
        paths.append(str(path))
    target = tmp_path / "ws" / "corcli.yaml"
    target.parent.mkdir()
    target.write_text(versions[0])
    rng = random.Random(1234)
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target), *paths], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        content = target.read_text()
        assert content in versions
        profile = yamlio.load_model(target, CompanyProfile)
        assert profile.company.name in {"Version A", "Version B"}


def test_write_atomic_clears_old_leftovers_of_killed_writers_only(tmp_path: Path) -> None:
    from corcli.storage.files import STALE_TEMP_SECONDS, write_atomic

    target = tmp_path / "corcli.yaml"
    old = tmp_path / ".corcli.yaml.abc123.tmp"
    fresh = tmp_path / ".corcli.yaml.def456.tmp"
    old.write_text("half")
    fresh.write_text("in progress")
    stale_time = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(old, (stale_time, stale_time))
    write_atomic(target, "done")
    assert target.read_text() == "done"
    assert not old.exists()
    assert fresh.exists()


def _tiny_full_disk(tmp_path: Path) -> Path:
    """Mount a 64 KiB tmpfs (only root may), for a real ENOSPC."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    return mount


def test_full_disk_is_one_clear_line_and_leaves_the_old_file(invoke: Any, make_workspace: Any, tmp_path: Path) -> None:
    root = make_workspace()
    mount = _tiny_full_disk(tmp_path)
    try:
        target = mount / "report.html"
        target.write_text("old report")
        (mount / "filler").write_bytes(b"x" * (64 * 1024 - 8192))
        result = invoke("check", "-w", root, "--format", "html", "-o", target, "--force")
        assert result.exit_code == 2, result.output
        assert "disk is full" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 + result.stderr.count("Warning:")
        assert target.read_text() == "old report"
        assert sorted(p.name for p in mount.iterdir()) == ["filler", "report.html"]  # no temp file left
    finally:
        subprocess.run(["/bin/umount", str(mount)], check=False)
