"""The corcli error hierarchy, exit codes and located problems.

Core modules raise these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit codes, documented in README.md."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3
    INTERRUPTED = 130  # Ctrl-C: the shell's own code for a process stopped by SIGINT


@dataclass(frozen=True)
class Problem:
    """One located problem in a file the user gave us."""

    path: Path | None
    message: str
    hint: str = ""
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        """Return ``file:line:column`` as far as it is known."""
        if self.path is None:
            return ""
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" {self.hint}"
        return text


class CorcliError(Exception):
    """Base class of every error corcli reports to a person."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def problems(self) -> list[Problem]:
        """Return the located problems behind this error (empty when there are none)."""
        return []

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class DataFileError(CorcliError):
    """One or more problems in a YAML file (profile, catalog data, assessment...)."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{path}: {count} {noun} found.")
        self.path = path
        self._problems = problems

    def problems(self) -> list[Problem]:
        """Return every problem found in the file."""
        return list(self._problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self._problems)


class FileAccessError(DataFileError):
    """A file corcli may not or cannot read or write: a link out of the workspace, a FIFO, a full disk..."""

    def __init__(self, path: Path, message: str, hint: str) -> None:
        super().__init__(path, [Problem(path, message.rstrip(".") + ".", hint)])
        self.reason = message


class CatalogError(CorcliError):
    """Problems across the catalog of partners, jurisdictions and standards."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"The catalog has {len(problems)} problem(s).")
        self._problems = problems

    def problems(self) -> list[Problem]:
        """Return every cross-file problem."""
        return list(self._problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self._problems)


class UnknownIdError(CorcliError):
    """An id (partner, standard, jurisdiction, element, requirement) that is not in the catalog."""

    def __init__(self, kind: str, value: str, suggestions: list[str], known_hint: str) -> None:
        message = f"Unknown {kind} {value!r}."
        if suggestions:
            hint = "Did you mean " + " or ".join(repr(s) for s in suggestions) + "? " + known_hint
        else:
            hint = known_hint
        super().__init__(message, hint.strip())
        self.kind = kind
        self.value = value
        self.suggestions = suggestions


class WorkspaceNotFoundError(CorcliError):
    """No corcli workspace could be found."""


class WorkspaceError(CorcliError):
    """A workspace exists but something in it is wrong (unsafe path, unreadable folder...)."""


class EligibilityError(CorcliError):
    """The requested certificate does not fit the company (e.g. SECOR above the threshold)."""


class OverwriteError(CorcliError):
    """Writing would replace a file the user made; ``--force`` is needed."""


class RenderError(CorcliError):
    """A template could not be rendered (syntax error, sandbox refusal, missing variable)."""


class EvidenceError(CorcliError):
    """A problem with evidence files given to or found by corcli (missing file, unsafe link...)."""


class EvidenceIndexError(EvidenceError):
    """The evidence index (``evidence/index.yaml``) cannot be read; ``corcli evidence rebuild`` fixes it."""
