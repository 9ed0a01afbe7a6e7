"""The application shell: version, help, internal errors and the documented command set."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import corcli
from corcli.cli import app

Invoke = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[2]


def _command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names.extend(f"{name} {child}" for child in sub) if sub else names.append(name)
    return sorted(names)


def test_version_matches_the_package(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"corcli {corcli.__version__}"


def test_version_fast_path_and_python_m() -> None:
    result = subprocess.run([sys.executable, "-m", "corcli", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"corcli {corcli.__version__}"


def test_no_arguments_shows_help(invoke: Invoke) -> None:
    result = invoke()
    assert "Usage" in result.output
    assert "init" in result.output


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help(invoke: Invoke, name: str) -> None:
    result = invoke(*name.split(), "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout
    assert len(result.stdout.splitlines()) > 3


@pytest.mark.parametrize("name", _command_names())
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"corcli {re.escape(name)}\b", readme), f"README.md does not document 'corcli {name}'"


def test_unknown_option_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("init", "--bogus")
    assert result.exit_code == 2


def test_internal_error_exit_3_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import corcli.catalog.loader
    from corcli.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(corcli.catalog.loader, "load_catalog", broken)
    monkeypatch.setattr(sys, "argv", ["corcli", "partners", "list"])
    monkeypatch.delenv("CORCLI_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 3
    err = capsys.readouterr().err
    assert "internal error" in err
    assert "CORCLI_DEBUG=1" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import corcli.catalog.loader
    from corcli.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(corcli.catalog.loader, "load_catalog", broken)
    monkeypatch.setattr(sys, "argv", ["corcli", "partners", "list"])
    monkeypatch.setenv("CORCLI_DEBUG", "1")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match="simulated bug"):
        main()


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["-h"]])
def test_start_up_does_not_import_heavy_libraries(args: list[str]) -> None:
    # (A subcommand's --help does import pydantic: Typer builds its parameter converters with it.)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "corcli", *args], capture_output=True, text=True, check=True
    )
    imported = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "corcli" in imported
    assert not imported & {"pydantic", "yaml", "jinja2", "docx", "icalendar", "markdown_it"}


def test_exit_codes_are_raised_by_name() -> None:
    # README documents the codes by meaning; a literal number in the CLI drifts from ExitCode unnoticed.
    import re
    from pathlib import Path

    import corcli.cli

    literal = re.compile(r"(?:typer\.Exit|sys\.exit)\(\s*\d")
    folder = Path(corcli.cli.__file__).parent
    found = [
        f"{p.name}:{n}"
        for p in folder.glob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert found == [], f"use ExitCode members: {found}"


def test_root_help_summaries_are_each_commands_own_help() -> None:
    import typer.main

    from corcli.cli import _COMMAND_MODULES, app

    group = typer.main.get_command(app)
    assert list(group.commands) == list(_COMMAND_MODULES)
    for name, summary in _COMMAND_MODULES.items():
        command = group.commands[name]
        assert (command.help or "").split("\n\n")[0] == summary, name
        assert not command.hidden


def test_root_help_loads_no_command() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['corcli', '--help']\n"
        "from corcli._entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('corcli.cli.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "  check " in result.stdout
    assert result.stdout.splitlines()[-1] == "['corcli.cli._common']"


def test_root_help_shows_each_summary_whole(invoke: Invoke) -> None:
    """A summary cut to one line ended mid-phrase ('an Alberta roofer...'); each is shown whole, wrapped."""
    from corcli.cli import _COMMAND_MODULES

    result = invoke("--help", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:", 1)[1]
    assert "..." not in commands
    text = " ".join(commands.split())
    for summary in _COMMAND_MODULES.values():
        first = summary.split(". ", 1)[0]  # the root help shows a summary's first sentence
        assert " ".join(first.split()) in text
