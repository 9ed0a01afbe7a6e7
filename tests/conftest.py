"""Shared fixtures: a CLI runner with a pinned terminal, a fixed 'today', and workspace builders."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "120"
os.environ.pop("CORCLI_WORKSPACE", None)
os.environ.pop("CORCLI_DATA_DIR", None)
# Keep the catalog cache out of the home folder of whoever runs the tests.
os.environ["CORCLI_CACHE_DIR"] = tempfile.mkdtemp(prefix="corcli-test-cache-")
# Keep the settings of whoever runs the tests out of them (a test that wants settings sets its own file).
os.environ["CORCLI_CONFIG"] = str(Path(tempfile.mkdtemp(prefix="corcli-test-config-")) / "config.yaml")
for _name in ("CORCLI_TEMPLATE_DIR", "CORCLI_PREPARED_BY", "CORCLI_FIRM", "CORCLI_LOGO"):
    os.environ.pop(_name, None)

FIXED_TODAY = date(2026, 11, 26)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def fixed_today() -> date:
    return FIXED_TODAY


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., "object"]


@pytest.fixture
def invoke(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Run corcli in-process; exceptions propagate (catch_exceptions=False) so bugs are not swallowed."""
    from corcli.cli import app

    monkeypatch.delenv("CORCLI_WORKSPACE", raising=False)
    monkeypatch.delenv("CORCLI_DATA_DIR", raising=False)

    def _invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> object:
        return runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return _invoke


@pytest.fixture(scope="session")
def _prepared_workspaces() -> dict[tuple[object, ...], Path]:
    """Workspaces made once per session by 'corcli init', keyed by their init options."""
    return {}


@pytest.fixture
def make_workspace(
    invoke: Callable[..., object],
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    _prepared_workspaces: dict[tuple[object, ...], Path],
) -> Callable[..., Path]:
    """Create a workspace as 'corcli init' makes it and return its folder.

    Why a copy: 'init' with the same options writes the same files (no dates, no absolute paths), so
    each set of options runs 'init' once per session and every test gets its own copy of the result.
    """

    def _make(
        name: str = "Prairie Roofing Ltd.",
        province: str = "AB",
        industry: str = "construction",
        employees: int = 8,
        partner: str = "acsa",
        folder: str = "ws",
        extra: tuple[str, ...] = (),
    ) -> Path:
        key = (name, province, industry, employees, partner, extra)
        prepared = _prepared_workspaces.get(key)
        if prepared is None:
            prepared = tmp_path_factory.mktemp("prepared") / "ws"
            result = invoke(
                "init",
                prepared,
                "--yes",
                "--name",
                name,
                "--province",
                province,
                "--industry",
                industry,
                "--employees",
                str(employees),
                "--partner",
                partner,
                *extra,
            )
            assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
            _prepared_workspaces[key] = prepared
        root = tmp_path / folder
        shutil.copytree(prepared, root, symlinks=True)
        return root

    return _make
