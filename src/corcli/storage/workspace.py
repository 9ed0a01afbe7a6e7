"""Finding the workspace, keeping paths inside it, and locking it (writing is ``storage.files``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corcli.errors import WorkspaceError, WorkspaceNotFoundError
from corcli.storage.files import EVIDENCE_DIR, PROFILE_NAME, STATE_DIR, contained, make_folder, write_atomic

WORKSPACE_ENV = "CORCLI_WORKSPACE"


@dataclass(frozen=True)
class Workspace:
    """A company's workspace folder and how it was found."""

    root: Path
    reason: str

    @property
    def profile_path(self) -> Path:
        """The company profile file."""
        return self.root / PROFILE_NAME

    @property
    def evidence_dir(self) -> Path:
        """The evidence folder (one sub-folder per audit element)."""
        return self.root / EVIDENCE_DIR

    @property
    def state_dir(self) -> Path:
        """Where corcli keeps its own files (index, caches, assessment)."""
        return self.root / STATE_DIR


def find_workspace(explicit: Path | None, cwd: Path, env: dict[str, str] | None = None) -> Workspace:
    """Find the workspace: ``--workspace`` > ``CORCLI_WORKSPACE`` > walk up from ``cwd``."""
    environ = os.environ if env is None else env
    if explicit is not None:
        return _checked(explicit, "given with --workspace")
    if environ.get(WORKSPACE_ENV):
        return _checked(Path(environ[WORKSPACE_ENV]), f"from the {WORKSPACE_ENV} environment variable")
    start = cwd.resolve()
    for folder in (start, *start.parents):
        if os.path.lexists(folder / PROFILE_NAME) and not (folder / PROFILE_NAME).is_dir():
            return Workspace(folder, f"found {PROFILE_NAME} in {folder} (searched up from {start})")
    raise WorkspaceNotFoundError(
        f"No corcli workspace found: there is no {PROFILE_NAME} in {start} or any folder above it.",
        "Run 'corcli init' to create one, or point to it with --workspace DIR or CORCLI_WORKSPACE.",
    )


def _checked(folder: Path, reason: str) -> Workspace:
    folder = folder.expanduser()
    if not folder.exists():
        raise WorkspaceNotFoundError(
            f"The workspace folder {folder} ({reason}) does not exist.",
            "Check the path, or create a workspace there with 'corcli init DIR'.",
        )
    if not folder.is_dir():
        raise WorkspaceNotFoundError(f"{folder} ({reason}) is not a folder.", "Give the workspace folder.")
    if not os.path.lexists(folder / PROFILE_NAME):
        raise WorkspaceNotFoundError(
            f"{folder} ({reason}) has no {PROFILE_NAME}.",
            f"Run 'corcli init {folder}' to create the company profile there.",
        )
    return Workspace(folder.resolve(), reason)


def inside(root: Path, candidate: Path) -> Path:
    """Resolve ``candidate`` (relative to ``root``) and refuse it if it leaves ``root``.

    Symbolic links are resolved first, so a link pointing outside the workspace is refused too.
    """
    base = root.resolve()
    target = candidate if candidate.is_absolute() else base / candidate
    try:
        resolved = target.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # RuntimeError: symlink loop on older Pythons
        raise WorkspaceError(f"{candidate} cannot be resolved: {exc}.", "Remove the broken or looping link.") from None
    if resolved != base and base not in resolved.parents:
        raise WorkspaceError(
            f"{candidate} is outside the workspace {base}.",
            "Keep evidence and outputs inside the workspace; links that point outside it are not followed.",
        )
    return resolved


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` while the block runs (``filelock``: POSIX and Windows alike)."""
    from filelock import FileLock, Timeout

    make_folder(lock_path.parent)
    contained(lock_path)
    lock = FileLock(lock_path)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise WorkspaceError(
            f"Another corcli process holds {lock_path} for more than {timeout:.0f} s.",
            "Wait for it to finish and try again.",
        ) from None
    try:
        yield
    finally:
        lock.release()


__all__ = [
    "EVIDENCE_DIR",
    "PROFILE_NAME",
    "STATE_DIR",
    "WORKSPACE_ENV",
    "Workspace",
    "find_workspace",
    "inside",
    "locked",
    "write_atomic",
]
