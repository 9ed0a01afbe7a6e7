"""Golden files: every report and export of the demo workspace, byte for byte.

Refresh them with ``pytest tests/test_golden.py --update-golden`` when a change is meant, and read the
diff before committing it.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

GOLDEN = Path(__file__).parent / "golden" / "demo"
TODAY = "2026-11-26"

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace with a few self-assessment answers, built once for this module."""
    from corcli.cli import app

    root = tmp_path_factory.mktemp("golden") / "demo"
    runner = CliRunner()

    def run(*args: str) -> None:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output

    run("demo", str(root), "--today", TODAY)
    run("assess", "-w", str(root), "-a", "1.1=met", "-n", "Signed by the owner | reviewed <yearly>", "--by", "Sam")
    run("assess", "-w", str(root), "-a", "2.1=partial", "-n", "Two sites still to do")
    return root


def _normalised(text: str) -> str:
    """Output with the run's real date replaced: commands without ``--today`` stamp the day they run."""
    return text.replace(date.today().isoformat(), "TODAY")


def _check_golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if name.startswith(("assess-export", "binder-")):  # stamped with the day they run
        text = _normalised(text)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"{path} is missing; create it with pytest tests/test_golden.py --update-golden"
    assert text == path.read_bytes().decode("utf-8"), f"{name} changed; if meant, run --update-golden"


REPORTS: list[tuple[str, tuple[str, ...]]] = [
    ("check.txt", ("check", "--today", TODAY)),
    ("check.md", ("check", "--today", TODAY, "-f", "markdown")),
    ("check.html", ("check", "--today", TODAY, "-f", "html")),
    ("check.json", ("check", "--today", TODAY, "-f", "json")),
    ("check.csv", ("check", "--today", TODAY, "-f", "csv")),
    ("evidence-list.json", ("evidence", "list", "-f", "json")),
    ("evidence-verify.json", ("evidence", "verify", "-f", "json")),
    ("due.txt", ("due", "--today", TODAY)),
    ("due.md", ("due", "--today", TODAY, "-f", "markdown")),
    ("due.json", ("due", "--today", TODAY, "-f", "json")),
    ("due.csv", ("due", "--today", TODAY, "-f", "csv")),
    ("calendar.json", ("calendar", "--today", TODAY, "-f", "json")),
    ("calendar.ics", ("calendar", "--today", TODAY, "-f", "ics")),
    ("plan.txt", ("plan",)),
    ("plan.md", ("plan", "-f", "markdown")),
    ("plan.json", ("plan", "-f", "json")),
    ("plan.html", ("plan", "-f", "html")),
    ("prep.md", ("plan", "prep")),
    ("prep.html", ("plan", "prep", "-f", "html")),
    ("assess-export.md", ("assess", "export", "-f", "markdown")),
    ("assess-export.html", ("assess", "export", "-f", "html")),
    ("assess-export.csv", ("assess", "export", "-f", "csv")),
]


@pytest.mark.parametrize(("name", "args"), REPORTS, ids=[name for name, _ in REPORTS])
def test_report_matches_its_golden_file(
    invoke: Invoke, demo: Path, update_golden: bool, name: str, args: tuple[str, ...]
) -> None:
    result = invoke(*args, "-w", demo)
    assert result.exit_code in (0, 1), result.output
    _check_golden(name, result.stdout, update_golden)


TABLE_VIEWS: list[tuple[str, tuple[str, ...]]] = [
    ("check-element-9.txt", ("check", "--today", TODAY, "--element", "9", "-w")),
    ("evidence-list.txt", ("evidence", "list", "-w")),
    ("evidence-list-element-9.txt", ("evidence", "list", "--element", "9", "-w")),
    ("evidence-verify.txt", ("evidence", "verify", "-w")),
    ("partners-list-ab.txt", ("partners", "list", "--province", "AB")),
    ("partners-show-acsa.txt", ("partners", "show", "acsa")),
    ("partners-show-s2sa.txt", ("partners", "show", "s2sa")),
]
"""The Rich table views, pinned to no colour and 100 columns so a golden cannot depend on the terminal."""


@pytest.mark.parametrize(("name", "args"), TABLE_VIEWS, ids=[name for name, _ in TABLE_VIEWS])
def test_table_view_matches_its_golden_file(
    invoke: Invoke, demo: Path, update_golden: bool, name: str, args: tuple[str, ...]
) -> None:
    full = (*args, demo) if args[-1] == "-w" else args
    result = invoke(*full, env={"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"})
    assert result.exit_code in (0, 1), result.output
    assert "\x1b[" not in result.stdout, "a table view printed colour codes under NO_COLOR"
    from corcli.storage import resources

    data = str(resources.data_dir())  # 'partners show' names its file: the same golden in any checkout
    _check_golden(name, result.stdout.replace(data, "DATA"), update_golden)


PORTFOLIO_FILES = {"text": "portfolio.txt", "markdown": "portfolio.md", "html": "portfolio.html"}
PORTFOLIO_FORMATS = ("text", "markdown", "html", "json", "csv")


@pytest.mark.parametrize("fmt", PORTFOLIO_FORMATS)
def test_portfolio_matches_its_golden_file(invoke: Invoke, demo: Path, update_golden: bool, fmt: str) -> None:
    result = invoke("portfolio", demo, "--today", TODAY, "-f", fmt)
    assert result.exit_code in (0, 1), result.output
    text = result.stdout.replace(str(demo), "DEMO")
    _check_golden(PORTFOLIO_FILES.get(fmt, f"portfolio.{fmt}"), text, update_golden)


def test_binder_documents_match_their_golden_files(
    invoke: Invoke, demo: Path, tmp_path: Path, update_golden: bool
) -> None:
    workspace = tmp_path / "demo"
    shutil.copytree(demo, workspace, symlinks=True)
    target = tmp_path / "binder.zip"
    result = invoke("binder", "-w", workspace, "-o", target)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as binder:
        names = binder.namelist()
        documents = sorted(n for n in names if not n.startswith("evidence/"))
        _check_golden("binder-contents.txt", "\n".join(documents) + "\n", update_golden)
        for name in documents:
            if name.endswith((".md", ".html", ".json", ".csv", ".txt")):
                text = binder.read(name).decode("utf-8")
                if name.endswith(".json"):
                    json.loads(text)  # still valid JSON before the date is replaced
                _check_golden("binder-" + name.replace("/", "-"), text, update_golden)
