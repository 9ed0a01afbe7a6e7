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


class _Terminal:
    """A stand-in for a terminal on stderr: collects what is written and says it is a terminal."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return True


def test_messages_in_a_terminal_wrap_at_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a terminal, long messages (assess's requirement texts, init's questions) break between words."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "40")
    console.err().print("type q (or Ctrl-D) to stop and resume later with 'corcli assess'")
    lines = terminal.text.splitlines()
    assert len(lines) > 1
    assert all(len(line) <= 40 for line in lines)
    assert "resume" in terminal.text.split()


def test_messages_in_a_pipe_stay_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """In a log or a pipe a message is one line, whatever the width, so it can be searched."""
    monkeypatch.setenv("COLUMNS", "40")
    console.err().print("type q (or Ctrl-D) to stop and resume later with 'corcli assess'")
    assert capsys.readouterr().err == "type q (or Ctrl-D) to stop and resume later with 'corcli assess'\n"
