"""The wheel carries the data and templates, and an installed (not editable) corcli works from it."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("corcli-*.whl")
    return built


@pytest.mark.slow
def test_wheel_ships_data_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_data = {n for n in names if n.startswith("corcli/_data/")}
    assert "corcli/_data/jurisdictions/ab.yaml" in names
    assert "corcli/_data/partners/acsa.yaml" in names
    assert any(n.startswith("corcli/_data/standards/") for n in names)
    source_files = {
        "corcli/_data/" + p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()
    }
    assert source_files <= shipped_data
    assert any(n.startswith("corcli/_templates/manuals/") for n in names)
    assert not any("__pycache__" in n for n in names)


@pytest.mark.slow
def test_installed_wheel_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True)
    # Reuse this environment's dependencies (read-only, after the venv's own site-packages) instead of the network.
    fresh_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(fresh_site, "_corcli_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "160"}
    env.pop("PYTHONPATH", None)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()

    where = subprocess.run(
        [python, "-c", "import corcli.storage.resources as r; print(r.data_dir())"],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
        env=env,
    ).stdout.strip()
    assert Path(where).is_relative_to(Path(fresh_site))

    listing = subprocess.run(
        [bin_dir / "corcli", "partners", "list", "--province", "AB"],
        capture_output=True,
        text=True,
        cwd=workdir,
        env=env,
    )
    assert listing.returncode == 0, listing.stderr
    assert "acsa" in listing.stdout
    version = subprocess.run([bin_dir / "corcli", "--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0
    assert version.stdout.startswith("corcli ")
