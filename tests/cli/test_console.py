"""Messages on stderr: plain lines in logs and pipes, without importing Rich for them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corcli.cli import console


def test_warnings_in_a_pipe_are_plain_lines_printed_as_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    console.warn("file [bold]x[/].pdf has no date: :warning: check it")
    console.note("Wrote out/[report].md")
    assert capsys.readouterr().err == (
        "Warning: file [bold]x[/].pdf has no date: :warning: check it\nWrote out/[report].md\n"
    )


def test_force_color_keeps_rich(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    console.warn("coloured")
    assert "\x1b[" in capsys.readouterr().err


def test_a_warning_in_a_pipe_does_not_import_rich() -> None:
    code = "import sys; from corcli.cli import console; console.warn('w'); print('rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert done.stderr == "Warning: w\n"
