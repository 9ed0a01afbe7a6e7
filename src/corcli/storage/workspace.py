"""Finding the workspace, keeping paths inside it, and writing files safely."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corcli.errors import OverwriteError, WorkspaceError, WorkspaceNotFoundError

PROFILE_NAME = "corcli.yaml"
EVIDENCE_DIR = "evidence"
STATE_DIR = ".corcli"
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
        if (folder / PROFILE_NAME).is_file():
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
    if not (folder / PROFILE_NAME).is_file():
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


def write_atomic(path: Path, data: str | bytes, *, force: bool = True, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` atomically: temp file in the same folder, fsync, replace.

    With ``force=False`` an existing file is never replaced (``OverwriteError``).
    """
    if not force and path.exists():
        raise OverwriteError(f"{path} already exists.", "Use --force to replace it, or choose another path.")
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            tmp.chmod(mode)
        if not force and path.exists():
            raise OverwriteError(f"{path} already exists.", "Use --force to replace it, or choose another path.")
        tmp.replace(path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


STALE_TEMP_SECONDS = 600


def _remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left beside ``path`` (only old ones: a live writer may own a new one)."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < cutoff:
                    leftover.unlink()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` while the block runs (``filelock``: POSIX and Windows alike)."""
    from filelock import FileLock, Timeout

    lock_path.parent.mkdir(parents=True, exist_ok=True)
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
